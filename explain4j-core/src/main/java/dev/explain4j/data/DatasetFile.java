package dev.explain4j.data;

import dev.explain4j.InvalidInputException;
import dev.explain4j.internal.PyRecords;
import dev.explain4j.internal.Runtimes;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The records of a dataset file, read in the embedded Python (jsonl, csv, parquet through pyarrow,
 * saved Hugging Face datasets through {@code datasets} when installed).
 *
 * @param format the format read
 * @param columns the fields the records have
 * @param rows the readable records, in source order
 * @param errors one message per record that could not be read, {@code "record N: why"}
 */
public record DatasetFile(
    String format, List<String> columns, List<Row> rows, List<String> errors) {

  /**
   * One readable record.
   *
   * @param index its 0-based position in the source
   * @param fields its fields as text; a field holding a list, a map or nothing maps to null
   */
  public record Row(long index, Map<String, String> fields) {
    /** Copies the map (null values kept). */
    public Row {
      fields = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
    }
  }

  /** Copies the lists. */
  public DatasetFile {
    columns = List.copyOf(columns);
    rows = List.copyOf(rows);
    errors = List.copyOf(errors);
  }

  /**
   * Reads {@code path} in the shared runtime.
   *
   * @param format {@code jsonl}, {@code csv}, {@code parquet}, ... or null to go by the extension
   * @param split the split of a saved Hugging Face dataset, or null
   * @param limit read at most this many records, or null for all
   * @throws InvalidInputException for an unknown format or an unreadable file
   */
  public static DatasetFile read(Path path, String format, String split, Integer limit) {
    Objects.requireNonNull(path, "path");
    return new PyRecords(Runtimes.shared()).read(path, format, split, limit);
  }
}
