package dev.explain4j.internal;

import dev.explain4j.runtime.PythonRuntime;
import java.nio.file.Path;
import java.util.Objects;

/** Python module {@code explain4j.arrow_files}: file formats that only pyarrow writes (Parquet). */
public final class PyIo {
  private static final String M = "explain4j.arrow_files.";
  private final PythonRuntime runtime;

  public PyIo(PythonRuntime runtime) {
    this.runtime = Objects.requireNonNull(runtime, "runtime");
  }

  /** {@code arrow_to_parquet(arrow_file, parquet_file)}. */
  public void arrowToParquet(Path arrowFile, Path parquetFile) {
    runtime.call(M + "arrow_to_parquet", arrowFile.toString(), parquetFile.toString());
  }
}
