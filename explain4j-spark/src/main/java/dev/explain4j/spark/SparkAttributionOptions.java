package dev.explain4j.spark;

import dev.explain4j.InvalidInputException;
import dev.explain4j.attribution.AttributionOptions;
import dev.explain4j.attribution.ScorePrecision;
import dev.explain4j.model.ModelOptions;
import java.util.Objects;

/**
 * What {@link SparkAttributor} attributes and how: the columns to read, the model every executor
 * loads, the attribution options and how records are batched and committed. Build with {@link
 * #builder(String)}.
 *
 * @param model the model directory (the same path on every executor) or hub id
 * @param modelOptions how each executor loads it; {@code auto} or {@code cuda} devices use the GPU
 *     Spark assigned to the executor, if any
 * @param options the attribution options
 * @param textColumn the input text column
 * @param targetColumn the forced target column, or null to generate
 * @param idColumn the id column (unique, no nulls), or null to number the rows from 0 in the
 *     input's order
 * @param precision how scores are stored in the {@code result} column
 * @param batchSize records per attribution call within a partition
 * @param commitEvery records per write job: each slice of about this many records is committed to
 *     the output on its own, so a stopped job keeps the slices it finished
 */
public record SparkAttributionOptions(
    String model,
    ModelOptions modelOptions,
    AttributionOptions options,
    String textColumn,
    String targetColumn,
    String idColumn,
    ScorePrecision precision,
    int batchSize,
    long commitEvery) {

  /** Validates the fields; use {@link #builder(String)} rather than this constructor. */
  public SparkAttributionOptions {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(modelOptions, "modelOptions");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(textColumn, "textColumn");
    Objects.requireNonNull(precision, "precision");
    if (model.isBlank()) {
      throw new InvalidInputException("setModel: give a model directory or hub id");
    }
    if (batchSize < 1) {
      throw new InvalidInputException("optBatchSize must be >= 1, got " + batchSize);
    }
    if (commitEvery < 1) {
      throw new InvalidInputException("optCommitEvery must be >= 1, got " + commitEvery);
    }
  }

  /** A builder for {@code model} (a directory every executor can read, or a hub id). */
  public static Builder builder(String model) {
    return new Builder(model);
  }

  /** Builds {@link SparkAttributionOptions}; every {@code opt} method has a default. */
  public static final class Builder {
    private final String model;
    private ModelOptions modelOptions = ModelOptions.defaults();
    private AttributionOptions options = AttributionOptions.defaults();
    private String textColumn = "text";
    private String targetColumn;
    private String idColumn;
    private ScorePrecision precision = ScorePrecision.FLOAT32;
    private int batchSize = 1;
    private long commitEvery = 10_000;

    private Builder(String model) {
      this.model = model;
    }

    /** How executors load the model (default: {@link ModelOptions#defaults()}). */
    public Builder optModelOptions(ModelOptions o) {
      modelOptions = Objects.requireNonNull(o, "modelOptions");
      return this;
    }

    /** The attribution options (default: {@link AttributionOptions#defaults()}). */
    public Builder optAttributionOptions(AttributionOptions o) {
      options = Objects.requireNonNull(o, "options");
      return this;
    }

    /** The input text column (default: {@code text}). */
    public Builder optTextColumn(String column) {
      textColumn = Objects.requireNonNull(column, "textColumn");
      return this;
    }

    /** A forced target column (default: none, generate). */
    public Builder optTargetColumn(String column) {
      targetColumn = column;
      return this;
    }

    /** A unique id column (default: none, rows are numbered from 0 in the input's order). */
    public Builder optIdColumn(String column) {
      idColumn = column;
      return this;
    }

    /** How scores are stored in the {@code result} column (default: float32). */
    public Builder optPrecision(ScorePrecision p) {
      precision = Objects.requireNonNull(p, "precision");
      return this;
    }

    /** Records per attribution call within a partition (default: 1). */
    public Builder optBatchSize(int n) {
      batchSize = n;
      return this;
    }

    /** Records per committed write job (default: 10,000). */
    public Builder optCommitEvery(long n) {
      commitEvery = n;
      return this;
    }

    /** Validates and builds. */
    public SparkAttributionOptions build() {
      return new SparkAttributionOptions(
          model,
          modelOptions,
          options,
          textColumn,
          targetColumn,
          idColumn,
          precision,
          batchSize,
          commitEvery);
    }
  }
}
