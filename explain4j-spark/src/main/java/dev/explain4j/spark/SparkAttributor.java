package dev.explain4j.spark;

import static org.apache.spark.sql.functions.col;

import dev.explain4j.InvalidInputException;
import dev.explain4j.data.DatasetEngine.DatasetRun;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.LongAccumulator;

/**
 * Attribution of a Spark {@code Dataset<Row>}: each executor loads the model once ({@link
 * ExecutorModel}) and attributes its partitions in batches; results come back as columns that Spark
 * writes with its own writers.
 *
 * <p>The result columns: {@code id}, {@code index}, {@code source_tokens}, {@code target_tokens},
 * {@code attr_pos_start}, {@code attr_pos_end}, {@code source_scores} and {@code target_scores}
 * (Inseq's default aggregation, {@code [tokens][steps]}, NaN outside a step's prefix), {@code
 * step_scores} (name to one score per step), {@code provenance} (model, architecture, device,
 * dtype, method, attributed function, executor, created, engine seconds), {@code result} (the whole
 * result as {@code AttributionJson}, granular scores included, as the local {@code
 * attribute-dataset} writes it) and {@code error} (null unless the record failed).
 *
 * <p>The session's executors need {@link ExecutorSettings#apply}: explain4j's JVM flags, Python
 * environment and classes.
 */
public final class SparkAttributor {
  private SparkAttributor() {}

  /**
   * The results of every row of {@code input}, computed when the returned dataset is (lazily).
   * Failed records are rows whose {@code error} is set.
   *
   * @throws InvalidInputException for a missing column or duplicate ids
   */
  public static Dataset<Row> attribute(Dataset<Row> input, SparkAttributionOptions options) {
    return attribute(input, options, Naming.API);
  }

  static Dataset<Row> attribute(Dataset<Row> input, SparkAttributionOptions o, Naming naming) {
    Dataset<Row> prepared = prepare(input, o, naming);
    return run(prepared, o, new AttributePartition(o));
  }

  /**
   * Attributes every row of {@code input} whose id is not already in the Parquet directory {@code
   * output}, and appends the results there; failed records are not written (a re-run tries them
   * again). Each slice of about {@link SparkAttributionOptions#commitEvery()} records is committed
   * by its own job; Spark retries the tasks of a lost executor, and its commit protocol keeps each
   * record exactly once.
   *
   * @return what was written and skipped, and the failed records
   * @throws InvalidInputException for a missing column, duplicate ids, an output that is not a
   *     results directory, or a model an executor cannot read (naming its host and the path)
   */
  public static DatasetRun attributeTo(
      Dataset<Row> input, SparkAttributionOptions options, String output) {
    return attributeTo(input, options, output, null, Naming.API);
  }

  static DatasetRun attributeTo(
      Dataset<Row> input, SparkAttributionOptions o, String output, Long limit, Naming naming) {
    SparkSession spark = input.sparkSession();
    Dataset<Row> prepared = prepare(input, o, naming);
    if (limit != null) {
      prepared = prepared.filter(col("index").lt(limit));
    }
    prepared = prepared.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long total = prepared.count();
      Dataset<Row> todo = prepared;
      Dataset<Row> done = OutputDir.ids(spark, output);
      if (done != null) {
        todo = prepared.join(done, prepared.col("id").equalTo(done.col("id")), "left_anti");
      }
      long n = todo.count();
      long slices = Math.max(1, (n + o.commitEvery() - 1) / o.commitEvery());
      List<String> failures = new ArrayList<>();
      long written = 0;
      for (long s = 0; s < slices && n > 0; s++) {
        Dataset<Row> slice =
            slices == 1
                ? todo
                : todo.filter(
                    functions.pmod(functions.hash(col("id")), functions.lit(slices)).equalTo(s));
        CollectionAccumulator<String> failed = spark.sparkContext().collectionAccumulator();
        LongAccumulator rows = spark.sparkContext().longAccumulator();
        run(slice, o, new AttributePartition(o, failed, rows))
            .write()
            .mode(SaveMode.Append)
            .parquet(output);
        written += rows.value();
        failures.addAll(failed.value());
      }
      return new DatasetRun(written, total - n, failures);
    } catch (Exception e) { // Spark's SparkException is checked, yet Scala throws it undeclared
      throw SparkFailures.unwrap(e);
    } finally {
      prepared.unpersist();
    }
  }

  /** Attributes the prepared rows, hash-partitioned by id so retried tasks see the same records. */
  private static Dataset<Row> run(
      Dataset<Row> prepared, SparkAttributionOptions o, AttributePartition attribute) {
    int partitions = Math.max(1, prepared.sparkSession().sparkContext().defaultParallelism() * 4);
    return prepared
        .repartition(partitions, col("id"))
        .mapPartitions(attribute, Encoders.row(ResultRows.SCHEMA));
  }

  /**
   * Checks the columns and ids and brings the input to {@link ResultRows#INPUT}: the 0-based
   * position, the id (the id column as text, or the position) and the text and target (null when
   * blank).
   */
  static Dataset<Row> prepare(Dataset<Row> input, SparkAttributionOptions o, Naming naming) {
    List<String> columns = Arrays.asList(input.columns());
    check(columns, o.textColumn(), naming.text());
    check(columns, o.targetColumn(), naming.target());
    check(columns, o.idColumn(), naming.id());
    List<Column> picked = new ArrayList<>();
    picked.add(
        o.idColumn() == null
            ? functions.lit(null).cast("string")
            : col(o.idColumn()).cast("string"));
    picked.add(col(o.textColumn()).cast("string"));
    picked.add(
        o.targetColumn() == null
            ? functions.lit(null).cast("string")
            : col(o.targetColumn()).cast("string"));
    Dataset<Row> selected = input.select(picked.toArray(Column[]::new));
    if (o.idColumn() != null) {
      checkIds(selected, o.idColumn(), naming);
    }
    JavaRDD<Row> rows =
        selected
            .javaRDD()
            .zipWithIndex()
            .map(
                t -> {
                  Row r = t._1();
                  long index = t._2();
                  String id = r.isNullAt(0) ? Long.toString(index) : r.getString(0);
                  return RowFactory.create(
                      index, id, blankToNull(r.getString(1)), blankToNull(r.getString(2)));
                });
    return input.sparkSession().createDataFrame(rows, ResultRows.INPUT);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private static void check(List<String> columns, String column, String flag) {
    if (column != null && !columns.contains(column)) {
      throw new InvalidInputException(
          flag
              + ": no column '"
              + column
              + "' in the dataset; its columns are: "
              + String.join(", ", columns));
    }
  }

  private static void checkIds(Dataset<Row> selected, String idColumn, Naming naming) {
    Dataset<Row> ids = selected.select(col(selected.columns()[0]).as("id"));
    List<Row> missing =
        ids.filter(col("id").isNull().or(functions.trim(col("id")).equalTo("")))
            .limit(1)
            .collectAsList();
    if (!missing.isEmpty()) {
      throw new InvalidInputException(
          naming.id() + ": a record has no value in column '" + idColumn + "'");
    }
    List<Row> twice = ids.groupBy("id").count().filter(col("count").gt(1)).limit(1).collectAsList();
    if (!twice.isEmpty()) {
      throw new InvalidInputException(
          naming.id()
              + ": id '"
              + twice.get(0).getString(0)
              + "' appears "
              + twice.get(0).getLong(1)
              + " times in column '"
              + idColumn
              + "'; ids must be unique");
    }
  }

  /** How messages name the columns: builder methods for Java callers, flags for the CLI. */
  record Naming(String text, String target, String id) {
    static final Naming API = new Naming("optTextColumn", "optTargetColumn", "optIdColumn");
    static final Naming CLI = new Naming("--text-field", "--target-field", "--id-field");
  }
}
