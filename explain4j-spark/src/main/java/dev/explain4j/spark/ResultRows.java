package dev.explain4j.spark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.explain4j.attribution.AggregatedAttribution;
import dev.explain4j.attribution.AttributionJson;
import dev.explain4j.attribution.AttributionProvenance;
import dev.explain4j.attribution.AttributionResult;
import dev.explain4j.attribution.ScorePrecision;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The rows {@link SparkAttributor} reads and writes. Input rows are {@code (index, id, text,
 * target)}; result rows are {@link #SCHEMA}.
 */
final class ResultRows {
  private static final ObjectWriter LINE =
      AttributionJson.MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT);

  /** The prepared input: position, id, text and target (null when generating). */
  static final StructType INPUT =
      new StructType()
          .add("index", DataTypes.LongType, false)
          .add("id", DataTypes.StringType, false)
          .add("text", DataTypes.StringType, true)
          .add("target", DataTypes.StringType, true);

  private static final StructType PROVENANCE =
      new StructType()
          .add("model", DataTypes.StringType)
          .add("architecture", DataTypes.StringType)
          .add("device", DataTypes.StringType)
          .add("dtype", DataTypes.StringType)
          .add("method", DataTypes.StringType)
          .add("attributed_fn", DataTypes.StringType)
          .add("executor", DataTypes.StringType)
          .add("created", DataTypes.TimestampType)
          .add("engine_seconds", DataTypes.DoubleType);

  private static final org.apache.spark.sql.types.DataType MATRIX =
      DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.FloatType));

  /** One row per record: its result as columns, or its error. */
  static final StructType SCHEMA =
      new StructType()
          .add("id", DataTypes.StringType, false)
          .add("index", DataTypes.LongType, false)
          .add("source_tokens", DataTypes.createArrayType(DataTypes.StringType))
          .add("target_tokens", DataTypes.createArrayType(DataTypes.StringType))
          .add("attr_pos_start", DataTypes.IntegerType)
          .add("attr_pos_end", DataTypes.IntegerType)
          .add("source_scores", MATRIX)
          .add("target_scores", MATRIX)
          .add(
              "step_scores",
              DataTypes.createMapType(
                  DataTypes.StringType, DataTypes.createArrayType(DataTypes.FloatType)))
          .add("provenance", PROVENANCE)
          .add("result", DataTypes.StringType)
          .add("error", DataTypes.StringType);

  /** The position of {@code error} in {@link #SCHEMA}. */
  static final int ERROR = SCHEMA.fieldIndex("error");

  private ResultRows() {}

  /** The row for a record that was attributed. */
  static Row of(
      long index, String id, AttributionResult r, ScorePrecision precision, String executor) {
    AggregatedAttribution agg = r.aggregate();
    AttributionProvenance p = r.provenance();
    Row provenance =
        RowFactory.create(
            p.model().source(),
            p.model().architecture(),
            p.model().device(),
            p.model().dtype(),
            p.method(),
            p.attributedFn(),
            executor,
            Timestamp.from(p.created()),
            p.engineSeconds());
    Map<String, float[]> steps = new LinkedHashMap<>(r.stepScores());
    return RowFactory.create(
        id,
        index,
        r.sourceTokens().toArray(String[]::new),
        r.targetTokens().toArray(String[]::new),
        r.attrPosStart(),
        r.attrPosEnd(),
        agg.source(),
        agg.target(),
        scala.jdk.javaapi.CollectionConverters.asScala(steps),
        provenance,
        json(r, precision),
        null);
  }

  /** The row for a record that failed; only {@code id}, {@code index} and {@code error} are set. */
  static Row failed(long index, String id, String error) {
    return RowFactory.create(
        id, index, null, null, null, null, null, null, null, null, null, error);
  }

  /** The result as one line of JSON, as {@code attribute-dataset} writes it locally. */
  static String json(AttributionResult r, ScorePrecision precision) {
    try {
      return LINE.withAttribute(ScorePrecision.class, precision).writeValueAsString(r);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the attribution as JSON: " + e, e);
    }
  }
}
