package dev.explain4j;

import dev.explain4j.internal.PyIo;
import dev.explain4j.internal.Runtimes;
import java.nio.file.Path;
import java.util.Objects;

/** Parquet files, written by pyarrow in the embedded Python runtime. */
public final class Parquet {
  private Parquet() {}

  /**
   * Converts an Arrow IPC file into a Parquet file, atomically, in the shared runtime; a {@link
   * dev.explain4j.render.TokenPairRows.ParquetConverter}.
   */
  public static void fromArrow(Path arrowFile, Path parquetFile) {
    Objects.requireNonNull(arrowFile, "arrowFile");
    Objects.requireNonNull(parquetFile, "parquetFile");
    new PyIo(Runtimes.shared()).arrowToParquet(arrowFile, parquetFile);
  }
}
