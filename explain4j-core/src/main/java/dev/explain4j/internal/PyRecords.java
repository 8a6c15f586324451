package dev.explain4j.internal;

import dev.explain4j.data.DatasetFile;
import dev.explain4j.runtime.PythonRuntime;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Python module {@code explain4j.records}: reading dataset files (jsonl, csv, parquet, ...). */
public final class PyRecords {
  private static final String M = "explain4j.records.";
  private final PythonRuntime runtime;

  public PyRecords(PythonRuntime runtime) {
    this.runtime = Objects.requireNonNull(runtime, "runtime");
  }

  /** {@code read_records(path, fmt=..., split=..., limit=...)}. */
  public DatasetFile read(Path path, String format, String split, Integer limit) {
    Map<String, Object> kw = new HashMap<>();
    kw.put("fmt", format);
    kw.put("split", split);
    kw.put("limit", limit == null ? null : (long) limit);
    PyMap got =
        new PyMap(
            runtime.callWithKeywords(M + "read_records", List.of(path.toString()), kw),
            "dataset records");
    List<String> errors = new ArrayList<>();
    for (Object e : got.list("errors")) {
      List<?> err = PyMap.list(e, "record error");
      errors.add("record " + err.get(0) + ": " + err.get(2));
    }
    List<DatasetFile.Row> rows = new ArrayList<>();
    for (Object o : got.list("rows")) {
      List<?> pair = PyMap.list(o, "record");
      Map<String, String> fields = new LinkedHashMap<>();
      new PyMap(pair.get(1), "record fields")
          .entries()
          .forEach(
              (k, v) ->
                  fields.put(
                      k,
                      v == null || v instanceof List || v instanceof Map
                          ? null
                          : String.valueOf(v)));
      rows.add(new DatasetFile.Row(((Number) pair.get(0)).longValue(), fields));
    }
    return new DatasetFile(got.string("format"), got.strings("columns"), rows, errors);
  }
}
