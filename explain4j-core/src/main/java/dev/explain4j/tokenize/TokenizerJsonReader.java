package dev.explain4j.tokenize;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a {@code tokenizer.json} in one streaming pass, keeping the model's vocabulary as a map and
 * everything else as a small tree: the BPE merges, most of a large file (a third of a 3.5 MB
 * SmolLM2 file, more for 250k-entry vocabularies), are skipped rather than built into nodes.
 */
final class TokenizerJsonReader {
  static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The file without {@code model.vocab} and {@code model.merges}, and the vocabulary.
   *
   * @param pipeline the top-level object, minus the vocabulary and merges
   * @param vocab token → id of the model's own vocabulary (for Unigram, the position of each piece)
   */
  record Contents(ObjectNode pipeline, Map<String, Integer> vocab) {}

  private TokenizerJsonReader() {}

  /**
   * Reads the file.
   *
   * @throws IOException if it cannot be read or is not valid JSON
   * @throws IllegalArgumentException if it is JSON but not shaped like a tokenizers file
   */
  static Contents read(Path file) throws IOException {
    try (JsonParser p = JSON.createParser(file.toFile())) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("the file is not a JSON object");
      }
      ObjectNode root = JSON.createObjectNode();
      Map<String, Integer> vocab = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if ("model".equals(name) && value == JsonToken.START_OBJECT) {
          ObjectNode model = root.putObject("model");
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            if ("vocab".equals(field)) {
              vocab = readVocab(p);
            } else if ("merges".equals(field)) {
              p.skipChildren();
            } else {
              model.set(field, p.readValueAsTree());
            }
          }
        } else {
          root.set(name, (JsonNode) p.readValueAsTree());
        }
      }
      if (p.nextToken() != null) {
        throw new IllegalArgumentException("content after the top-level object");
      }
      if (!root.path("model").isObject()) {
        throw new IllegalArgumentException("no \"model\" object");
      }
      if (vocab == null) {
        throw new IllegalArgumentException(
            "no model.vocab (model type " + root.path("model").path("type").asText("?") + ")");
      }
      return new Contents(root, vocab);
    }
  }

  private static Map<String, Integer> readVocab(JsonParser p) throws IOException {
    Map<String, Integer> vocab = new HashMap<>();
    if (p.currentToken() == JsonToken.START_OBJECT) {
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String token = p.currentName();
        if (p.nextToken() != JsonToken.VALUE_NUMBER_INT
            || p.getLongValue() < 0
            || p.getLongValue() > Integer.MAX_VALUE) {
          throw new IllegalArgumentException("the vocabulary id of " + token + " is not an id");
        }
        vocab.put(token, p.getIntValue());
      }
    } else if (p.currentToken() == JsonToken.START_ARRAY) {
      int id = 0;
      while (p.nextToken() == JsonToken.START_ARRAY) {
        if (p.nextToken() != JsonToken.VALUE_STRING) {
          throw new IllegalArgumentException("vocabulary entry " + id + " has no piece");
        }
        vocab.put(p.getText(), id++);
        while (p.nextToken() != JsonToken.END_ARRAY) {
          p.skipChildren();
        }
      }
    } else {
      throw new IllegalArgumentException("model.vocab is neither an object nor an array");
    }
    return vocab;
  }
}
