package dev.explain4j.data;

import dev.explain4j.attribution.AttributionOptions;
import dev.explain4j.attribution.ScorePrecision;
import dev.explain4j.model.ModelOptions;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * One {@code attribute-dataset} job, as the CLI hands it to a {@link DatasetEngine}.
 *
 * @param dataset the dataset file or directory
 * @param format {@code jsonl}, {@code csv}, {@code parquet}, or null to go by the extension
 * @param textField the input text field
 * @param targetField the forced target field, or null to generate
 * @param idField the record id field, or null to use each record's 0-based index
 * @param limit only the first N records, or null for all
 * @param model the model directory or hub id, as each executor reads it
 * @param modelOptions how to load the model
 * @param options the attribution options
 * @param precision how scores are stored
 * @param batchSize inputs per attribution call
 * @param out where the results go (for Spark: a Parquet directory)
 * @param settings engine settings by name (for Spark: {@code master} and Spark properties)
 */
public record DatasetJob(
    Path dataset,
    String format,
    String textField,
    String targetField,
    String idField,
    Integer limit,
    String model,
    ModelOptions modelOptions,
    AttributionOptions options,
    ScorePrecision precision,
    int batchSize,
    Path out,
    Map<String, String> settings) {
  /** Checks the required fields and copies the settings. */
  public DatasetJob {
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(textField, "textField");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(modelOptions, "modelOptions");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(precision, "precision");
    Objects.requireNonNull(out, "out");
    settings = Map.copyOf(settings);
  }
}
