package dev.explain4j.cli;

import dev.explain4j.InvalidInputException;
import dev.explain4j.data.DatasetFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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
      CliBackend backend,
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
    DatasetFile got = backend.readDataset(path, format, split, limit);
    List<String> columns = got.columns();
    String fmt = got.format();
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
    List<String> unreadable = new ArrayList<>(got.errors());
    List<Record> records = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (DatasetFile.Row row : got.rows()) {
      long index = row.index();
      String id = idField == null ? Long.toString(index) : text(row.fields().get(idField));
      if (id == null || id.isEmpty()) {
        unreadable.add("record " + index + ": no value in id field '" + idField + "'");
        continue;
      }
      if (!ids.add(id)) {
        throw new InvalidInputException(
            "id '" + id + "' appears twice in field '" + idField + "' of " + path);
      }
      String text = text(row.fields().get(textField));
      if (text == null) {
        unreadable.add("record " + index + ": no text in field '" + textField + "'");
        continue;
      }
      String target = targetField == null ? null : text(row.fields().get(targetField));
      if (targetField != null && target == null) {
        unreadable.add("record " + index + ": no target in field '" + targetField + "'");
        continue;
      }
      records.add(new Record(index, id, text, target));
    }
    return new DatasetRecords(
        fmt, List.copyOf(columns), List.copyOf(records), List.copyOf(unreadable));
  }

  private static String text(String v) {
    return v == null || v.isBlank() ? null : v;
  }
}
