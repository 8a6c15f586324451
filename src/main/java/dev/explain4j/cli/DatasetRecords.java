package dev.explain4j.cli;

import dev.explain4j.InvalidInputException;
import dev.explain4j.runtime.PythonRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The records of a dataset file, read by {@code explain4j.records} in the embedded Python (jsonl,
 * csv, parquet through pyarrow, saved Hugging Face datasets through {@code datasets} when
 * installed), with the chosen fields checked.
 *
 * @param format the format read
 * @param columns the fields the records have
 * @param records the readable records, in source order
 * @param unreadable one message per record that could not be read (a malformed jsonl line)
 */
record DatasetRecords(
    String format, List<String> columns, List<Record> records, List<String> unreadable) {

  /** One record: its 0-based position in the source, its id, input text and optional target. */
  record Record(long index, String id, String text, String target) {}

  /**
   * Reads {@code path} and picks the fields.
   *
   * @throws InvalidInputException for a missing file, an unknown format or an unknown field
   */
  static DatasetRecords read(
      Path path,
      String format,
      String split,
      Integer limit,
      String textField,
      String targetField,
      String idField) {
    if (!Files.exists(path)) {
      throw new InvalidInputException("no dataset at " + path);
    }
    if (limit != null && limit < 0) {
      throw new InvalidInputException("--limit must be >= 0, got " + limit);
    }
    Map<String, Object> kw = new HashMap<>();
    kw.put("fmt", format);
    kw.put("split", split);
    kw.put("limit", limit == null ? null : (long) limit);
    Map<?, ?> got =
        (Map<?, ?>)
            PythonRuntime.shared()
                .callWithKeywords("explain4j.records.read_records", List.of(path.toString()), kw);
    List<String> columns = new ArrayList<>();
    for (Object c : (List<?>) got.get("columns")) {
      columns.add(String.valueOf(c));
    }
    String fmt = (String) got.get("format");
    for (String field : new String[] {textField, targetField, idField}) {
      if (field != null && !columns.contains(field) && !columns.isEmpty()) {
        throw new InvalidInputException(
            "no field '"
                + field
                + "' in "
                + path
                + "; its fields are: "
                + String.join(", ", columns));
      }
    }
    List<String> unreadable = new ArrayList<>();
    for (Object e : (List<?>) got.get("errors")) {
      List<?> err = (List<?>) e;
      unreadable.add("record " + err.get(0) + ": " + err.get(2));
    }
    List<Record> records = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (Object o : (List<?>) got.get("rows")) {
      List<?> pair = (List<?>) o;
      long index = ((Number) pair.get(0)).longValue();
      Map<?, ?> row = (Map<?, ?>) pair.get(1);
      String id = idField == null ? Long.toString(index) : text(row.get(idField));
      if (id == null || id.isEmpty()) {
        unreadable.add("record " + index + ": no value in id field '" + idField + "'");
        continue;
      }
      if (!ids.add(id)) {
        throw new InvalidInputException(
            "id '" + id + "' appears twice in field '" + idField + "' of " + path);
      }
      String text = text(row.get(textField));
      if (text == null) {
        unreadable.add("record " + index + ": no text in field '" + textField + "'");
        continue;
      }
      String target = targetField == null ? null : text(row.get(targetField));
      if (targetField != null && target == null) {
        unreadable.add("record " + index + ": no target in field '" + targetField + "'");
        continue;
      }
      records.add(new Record(index, id, text, target));
    }
    return new DatasetRecords(
        fmt, List.copyOf(columns), List.copyOf(records), List.copyOf(unreadable));
  }

  private static String text(Object v) {
    if (v == null || v instanceof List || v instanceof Map) {
      return null;
    }
    String s = String.valueOf(v);
    return s.isBlank() ? null : s;
  }
}
