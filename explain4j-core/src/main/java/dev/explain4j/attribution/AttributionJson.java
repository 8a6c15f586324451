package dev.explain4j.attribution;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.explain4j.InvalidInputException;

/**
 * {@link AttributionResult} as JSON and back (Jackson): the raw granular scores, tokens, ids, step
 * scores and provenance, so a saved result loads into the same Java types and renders the same. NaN
 * cells are written as the string {@code "NaN"}.
 */
public final class AttributionJson {
  /** The mapper used for results: records, ISO-8601 times, indented. Thread-safe. */
  public static final ObjectMapper MAPPER =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(SerializationFeature.INDENT_OUTPUT);

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(AttributionJson.class);

  private AttributionJson() {}

  public static String toJson(AttributionResult result) {
    return toJson(result, ScorePrecision.FLOAT32);
  }

  /**
   * The result as JSON with every score (granular and step scores) rounded to {@code precision}, as
   * Inseq's {@code save(scores_precision=...)}: each value is written as the shortest decimal that
   * reads back as the rounded value, so files are smaller and load back with {@link #fromJson} as
   * before.
   */
  public static String toJson(AttributionResult result, ScorePrecision precision) {
    if (precision == ScorePrecision.FLOAT8) {
      long over = ScorePrecision.beyondFloat8(result);
      if (over > 0) {
        LOG.warn(
            "{} scores exceed float8's largest value, 448, and are stored as +-448 (as Inseq's"
                + " float8 does); use float16 to keep them",
            over);
      }
    }
    try {
      return MAPPER
          .writer()
          .withAttribute(ScorePrecision.class, precision)
          .writeValueAsString(result);
    } catch (JsonProcessingException e) {
      throw new InvalidInputException("cannot write the attribution as JSON: " + e.getMessage(), e);
    }
  }

  /**
   * @throws InvalidInputException naming {@code source} when the text is not a saved result
   */
  public static AttributionResult fromJson(String json, String source) {
    try {
      return MAPPER.readValue(json, AttributionResult.class);
    } catch (JsonProcessingException e) {
      throw new InvalidInputException(
          source + " is not an explain4j attribution result: " + e.getOriginalMessage(), e);
    }
  }
}
