package dev.explain4j.tokenize;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/** The id ↔ token table of a {@code tokenizer.json}: the model's vocabulary plus added tokens. */
final class Vocabulary {
  private final String[] tokens;
  private final Map<String, Integer> ids;
  private final BitSet added = new BitSet();
  private final BitSet special = new BitSet();
  private final int modelSize;

  private Vocabulary(Map<String, Integer> model, JsonNode addedTokens) {
    this.modelSize = model.size();
    this.ids = new HashMap<>(model);
    int max = model.values().stream().mapToInt(Integer::intValue).max().orElse(-1);
    for (JsonNode t : addedTokens) {
      int id = t.path("id").asInt(-1);
      String content = t.path("content").asText(null);
      if (id < 0 || content == null) {
        throw new IllegalArgumentException("added token without id or content: " + t);
      }
      ids.put(content, id);
      added.set(id);
      if (t.path("special").asBoolean(false)) {
        special.set(id);
      }
      max = Math.max(max, id);
    }
    this.tokens = new String[max + 1];
    for (Map.Entry<String, Integer> e : model.entrySet()) {
      tokens[e.getValue()] = e.getKey();
    }
    for (JsonNode t : addedTokens) {
      tokens[t.path("id").asInt()] = t.path("content").asText();
    }
  }

  /**
   * The vocabulary of a model plus the {@code added_tokens} of its {@code tokenizer.json}.
   *
   * @throws IllegalArgumentException if an added token has no id or content
   */
  static Vocabulary of(Map<String, Integer> model, JsonNode addedTokens) {
    return new Vocabulary(model, addedTokens);
  }

  /** One more than the largest id: ids run from 0 to {@code size() - 1}. */
  int size() {
    return tokens.length;
  }

  /** Number of entries in the model's own vocabulary, without added tokens. */
  int modelSize() {
    return modelSize;
  }

  /** The token with this id, or null if the id is unused or out of range. */
  String token(long id) {
    return id >= 0 && id < tokens.length ? tokens[(int) id] : null;
  }

  /** The id of a token, or -1. */
  int id(String token) {
    return ids.getOrDefault(token, -1);
  }

  /** True for tokens listed in {@code added_tokens}. */
  boolean isAdded(long id) {
    return id >= 0 && id < tokens.length && added.get((int) id);
  }

  /** True for added tokens marked special (skipped by decode with skipSpecialTokens). */
  boolean isSpecial(long id) {
    return id >= 0 && id < tokens.length && special.get((int) id);
  }
}
