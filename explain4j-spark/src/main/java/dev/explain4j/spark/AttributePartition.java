package dev.explain4j.spark;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.explain4j.attribution.AttributionJson;
import dev.explain4j.attribution.AttributionOptions;
import dev.explain4j.attribution.AttributionResult;
import dev.explain4j.attribution.Attributor;
import dev.explain4j.attribution.ScorePrecision;
import dev.explain4j.model.Model;
import dev.explain4j.model.ModelKind;
import dev.explain4j.model.ModelOptions;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.LongAccumulator;

/**
 * Attributes one partition of prepared input rows ({@link ResultRows#INPUT}) on an executor, in
 * batches, with the executor's one {@link ExecutorModel}. Rows stream: one batch is held at a time.
 * A failing batch is retried record by record; a record that still fails becomes a row with its
 * {@code error}, and the others are unaffected. A model that cannot be loaded fails the task.
 *
 * <p>Serializable: the options travel as JSON, read once per task.
 */
final class AttributePartition implements MapPartitionsFunction<Row, Row>, Serializable {
  private static final long serialVersionUID = 1L;
  private final String model;
  private final String modelOptionsJson;
  private final String optionsJson;
  private final String precision;
  private final int batchSize;
  private final String textColumn;
  private final String targetColumn;

  private final CollectionAccumulator<String> failures;
  private final LongAccumulator written;

  /** Failed records become rows with their {@code error}. */
  AttributePartition(SparkAttributionOptions o) {
    this(o, null, null);
  }

  /**
   * Failed records go to {@code failures} ({@code "record N (id X): why"}) instead of rows, and
   * {@code written} counts the rows; Spark applies each task's updates once, retries included, when
   * the rows are consumed by an action such as a write.
   */
  AttributePartition(
      SparkAttributionOptions o, CollectionAccumulator<String> failures, LongAccumulator written) {
    this.failures = failures;
    this.written = written;
    this.textColumn = o.textColumn();
    this.targetColumn = o.targetColumn();
    this.model = o.model();
    this.modelOptionsJson = write(o.modelOptions());
    this.optionsJson = write(o.options());
    this.precision = o.precision().name();
    this.batchSize = o.batchSize();
  }

  @Override
  public Iterator<Row> call(Iterator<Row> input) {
    if (!input.hasNext()) {
      return input;
    }
    ModelOptions modelOptions = read(modelOptionsJson, ModelOptions.class);
    AttributionOptions options = read(optionsJson, AttributionOptions.class);
    Model m = ExecutorModel.get(model, modelOptions);
    if (m.info().kind() == ModelKind.ENCODER_ONLY) {
      throw new dev.explain4j.InvalidInputException(
          model
              + " is an encoder; the Spark engine attributes generation models only (use the"
              + " local engine for classifiers)");
    }
    Attributor attributor = new Attributor(m);
    ScorePrecision p = ScorePrecision.valueOf(precision);
    String executor = ExecutorModel.where();
    return new Iterator<>() {
      private Iterator<Row> ready = List.<Row>of().iterator();

      @Override
      public boolean hasNext() {
        while (!ready.hasNext() && input.hasNext()) {
          List<Row> batch = new ArrayList<>(batchSize);
          List<Row> out = new ArrayList<>();
          while (batch.size() < batchSize && input.hasNext()) {
            Row r = input.next();
            String problem = problem(r);
            if (problem == null) {
              batch.add(r);
            } else {
              out.add(ResultRows.failed(r.getLong(0), r.getString(1), problem));
            }
          }
          if (!batch.isEmpty()) {
            out.addAll(run(attributor, batch, options, p, executor));
          }
          ready = route(out).iterator();
        }
        return ready.hasNext();
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return ready.next();
      }
    };
  }

  /** With accumulators: failures leave the rows for {@code failures}, the rest are counted. */
  private List<Row> route(List<Row> rows) {
    if (failures == null) {
      return rows;
    }
    List<Row> ok = new ArrayList<>(rows.size());
    for (Row r : rows) {
      if (r.isNullAt(ResultRows.ERROR)) {
        ok.add(r);
      } else {
        failures.add(
            "record "
                + r.getLong(1)
                + " (id "
                + r.getString(0)
                + "): "
                + r.getString(ResultRows.ERROR));
      }
    }
    written.add(ok.size());
    return ok;
  }

  /** Why a record cannot be attributed (no text, or no target when a target column is set). */
  private String problem(Row r) {
    if (r.isNullAt(2)) {
      return "no text in column '" + textColumn + "'";
    }
    if (targetColumn != null && r.isNullAt(3)) {
      return "no target in column '" + targetColumn + "'";
    }
    return null;
  }

  private static List<Row> run(
      Attributor attributor,
      List<Row> batch,
      AttributionOptions options,
      ScorePrecision precision,
      String executor) {
    List<String> inputs = batch.stream().map(r -> r.getString(2)).toList();
    boolean forced = !batch.get(0).isNullAt(3);
    List<String> targets = forced ? batch.stream().map(r -> r.getString(3)).toList() : null;
    List<AttributionResult> results;
    try {
      results = attributor.attribute(inputs, targets, options);
    } catch (RuntimeException e) {
      if (batch.size() > 1) {
        List<Row> out = new ArrayList<>();
        for (Row r : batch) {
          out.addAll(run(attributor, List.of(r), options, precision, executor));
        }
        return out;
      }
      Row r = batch.get(0);
      return List.of(ResultRows.failed(r.getLong(0), r.getString(1), e.toString()));
    }
    List<Row> out = new ArrayList<>(batch.size());
    try {
      for (int k = 0; k < batch.size(); k++) {
        Row r = batch.get(k);
        out.add(ResultRows.of(r.getLong(0), r.getString(1), results.get(k), precision, executor));
      }
    } finally {
      results.forEach(AttributionResult::close);
    }
    return out;
  }

  private static String write(Object o) {
    try {
      return AttributionJson.MAPPER.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + o + " as JSON", e);
    }
  }

  private static <T> T read(String json, Class<T> type) {
    try {
      return AttributionJson.MAPPER.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot read " + type.getSimpleName() + " from " + json, e);
    }
  }
}
