package dev.explain4j.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.explain4j.InvalidInputException;
import dev.explain4j.render.AttentionPageOptions;
import dev.explain4j.render.ScoreRow;
import dev.explain4j.render.Theme;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reads the JSON options the Python side sends with each gateway call. */
final class GatewayOptions {
  private static final ObjectMapper JSON = new ObjectMapper();

  private GatewayOptions() {}

  static JsonNode parse(String json) {
    if (json == null || json.isBlank()) {
      return JsonNodeFactory.instance.objectNode();
    }
    try {
      JsonNode node = JSON.readTree(json);
      if (!node.isObject()) {
        throw new InvalidInputException("gateway options must be a JSON object, got " + json);
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new InvalidInputException("gateway options are not valid JSON: " + e.getMessage(), e);
    }
  }

  static String text(JsonNode options, String key, String fallback) {
    JsonNode v = options.get(key);
    return v == null || v.isNull() ? fallback : v.asText();
  }

  static Theme theme(JsonNode options) {
    String name = text(options, "theme", "auto");
    try {
      return Theme.valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(
          "theme must be 'auto', 'light' or 'dark', got '" + name + "'", e);
    }
  }

  static AttentionPageOptions page(JsonNode options) {
    AttentionPageOptions.Builder b =
        AttentionPageOptions.builder()
            .title(text(options, "title", "Attention"))
            .theme(theme(options))
            .elementId(text(options, "elementId", null));
    if (options.hasNonNull("maxEmbeddedValues")) {
      b.maxEmbeddedValues(options.get("maxEmbeddedValues").asLong());
    }
    if (options.hasNonNull("layers")) {
      b.layers(ints(options, "layers"));
    }
    if (options.hasNonNull("heads")) {
      b.heads(ints(options, "heads"));
    }
    return b.build();
  }

  static List<ScoreRow> scoreRows(JsonNode options) {
    JsonNode rows = options.path("stepScores");
    List<ScoreRow> out = new ArrayList<>();
    if (rows.isMissingNode() || rows.isNull()) {
      return out;
    }
    if (!rows.isArray()) {
      throw new InvalidInputException("stepScores must be a list of {label, values} objects");
    }
    for (JsonNode row : rows) {
      JsonNode values = row.path("values");
      if (!row.hasNonNull("label") || !values.isArray()) {
        throw new InvalidInputException("each step score row needs a label and a list of values");
      }
      float[] v = new float[values.size()];
      for (int i = 0; i < v.length; i++) {
        JsonNode x = values.get(i);
        v[i] = x.isNull() ? Float.NaN : (float) x.asDouble();
      }
      out.add(ScoreRow.of(row.get("label").asText(), v));
    }
    return out;
  }

  private static int[] ints(JsonNode options, String key) {
    JsonNode list = options.get(key);
    if (!list.isArray()) {
      throw new InvalidInputException(key + " must be a list of indices, got " + list);
    }
    int[] out = new int[list.size()];
    for (int i = 0; i < out.length; i++) {
      if (!list.get(i).canConvertToInt()) {
        throw new InvalidInputException(key + " must be a list of indices, got " + list);
      }
      out[i] = list.get(i).asInt();
    }
    return out;
  }
}
