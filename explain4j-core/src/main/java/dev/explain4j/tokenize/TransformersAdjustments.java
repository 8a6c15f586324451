package dev.explain4j.tokenize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The changes transformers 5.18 ({@code TokenizersBackend}) makes to the pipeline of {@code
 * tokenizer.json} when it loads a model directory, repeated here so that the Java tokenizer gives
 * the ids Python gives:
 *
 * <ol>
 *   <li>Every named special token of {@code tokenizer_config.json} ({@code bos_token} … {@code
 *       mask_token}) and every entry of {@code extra_special_tokens} (formerly {@code
 *       additional_special_tokens}) that is not yet an added token becomes one, with its vocabulary
 *       id, or else the next free id.
 *   <li>If {@code tokenizer.json} has no post-processor, it gets one that adds nothing ({@code $A},
 *       and {@code $A $B} with type ids 0 and 1 for pairs).
 * </ol>
 *
 * <p>The config's {@code add_bos_token} and {@code add_eos_token} are ignored, as transformers
 * ignores them whenever a {@code tokenizer.json} exists. Not repeated: special tokens listed only
 * in the config's {@code added_tokens_decoder}, model-specific tokenizer classes named by {@code
 * tokenizer_class} that rebuild parts of the pipeline, and the Mistral regex patch for vocabularies
 * over 100,000 entries.
 */
final class TransformersAdjustments {
  private static final List<String> NAMED =
      List.of(
          "bos_token",
          "eos_token",
          "unk_token",
          "sep_token",
          "pad_token",
          "cls_token",
          "mask_token");

  private TransformersAdjustments() {}

  /**
   * Adjusts the {@code added_tokens} and {@code post_processor} of {@code pipeline} in place.
   *
   * @return true if anything changed
   */
  static boolean apply(ObjectNode pipeline, Map<String, Integer> modelVocab, JsonNode config) {
    Vocabulary vocab = Vocabulary.of(modelVocab, TokenizerFiles.addedTokens(pipeline));
    boolean changed = addMissingSpecialTokens(pipeline, config, vocab);
    JsonNode post = pipeline.get("post_processor");
    if (post == null || post.isNull()) {
      pipeline.set("post_processor", sequencesOnly());
      changed = true;
    }
    return changed;
  }

  private static boolean addMissingSpecialTokens(ObjectNode root, JsonNode config, Vocabulary v) {
    Set<String> present = new LinkedHashSet<>();
    ArrayNode added = TokenizerFiles.addedTokens(root);
    added.forEach(t -> present.add(t.path("content").asText()));
    List<JsonNode> wanted = new ArrayList<>();
    NAMED.forEach(k -> wanted.add(config.get(k)));
    JsonNode extra =
        config.has("extra_special_tokens")
            ? config.get("extra_special_tokens")
            : config.path("additional_special_tokens");
    extra.forEach(wanted::add);
    int maxAdded = -1;
    for (JsonNode t : added) {
      maxAdded = Math.max(maxAdded, t.path("id").asInt());
    }
    boolean changed = false;
    for (JsonNode spec : wanted) {
      String content = content(spec);
      if (content == null || !present.add(content)) {
        continue;
      }
      int id = v.id(content);
      if (id < 0) {
        int modelSize = v.modelSize();
        id =
            maxAdded < 0
                ? modelSize
                : maxAdded >= modelSize || modelSize == 0 ? maxAdded + 1 : modelSize;
      }
      maxAdded = Math.max(maxAdded, id);
      ObjectNode token = added.addObject();
      token.put("id", id);
      token.put("content", content);
      token.put("single_word", spec.path("single_word").asBoolean(false));
      token.put("lstrip", spec.path("lstrip").asBoolean(false));
      token.put("rstrip", spec.path("rstrip").asBoolean(false));
      token.put("normalized", spec.path("normalized").asBoolean(false));
      token.put("special", true);
      changed = true;
    }
    return changed;
  }

  private static ObjectNode sequencesOnly() {
    ObjectNode post = JsonNodeFactory.instance.objectNode().put("type", "TemplateProcessing");
    post.putArray("single").addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
    ArrayNode pair = post.putArray("pair");
    pair.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
    pair.addObject().putObject("Sequence").put("id", "B").put("type_id", 1);
    post.putObject("special_tokens");
    return post;
  }

  /** The text of a special-token entry: a string, or an AddedToken object with "content". */
  static String content(JsonNode spec) {
    if (spec == null || spec.isNull()) {
      return null;
    }
    if (spec.isTextual()) {
      return spec.asText();
    }
    JsonNode c = spec.get("content");
    return c != null && c.isTextual() ? c.asText() : null;
  }
}
