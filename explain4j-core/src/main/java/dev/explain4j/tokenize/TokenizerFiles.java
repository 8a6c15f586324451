package dev.explain4j.tokenize;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.explain4j.InvalidInputException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * A model directory's tokenizer files, read the way transformers 5 ({@code TokenizersBackend})
 * reads them: {@code tokenizer.json} is the pipeline, adjusted as {@link TransformersAdjustments}
 * describes (special tokens named in {@code tokenizer_config.json}). The config's {@code
 * clean_up_tokenization_spaces} applies to decoding, except for BPE models (as transformers 5.18).
 *
 * <p>The config is deliberately not handed to DJL: DJL 0.38 rewrites the text in Java for {@code
 * add_prefix_space} and {@code strip_accents} (so its character spans would no longer point into
 * the caller's text, and transformers' {@code TokenizersBackend} does not apply either key to a
 * {@code tokenizer.json}), cleans up spaces for BPE models too, and fails on a {@code
 * model_max_length} beyond {@code int} (transformers writes 1e30 for "no limit").
 */
final class TokenizerFiles {
  static final String TOKENIZER_JSON = "tokenizer.json";
  static final String TOKENIZER_CONFIG = "tokenizer_config.json";
  private static final ObjectMapper JSON = TokenizerJsonReader.JSON;
  private static final BigInteger INT_MAX = BigInteger.valueOf(Integer.MAX_VALUE);

  final Path modelDir;
  final Path tokenizerJson;
  final byte[] pipeline;
  final Vocabulary vocabulary;
  final TokenDisplay display;
  final boolean cleanUpSpaces;
  final OptionalInt modelMaxLength;

  private TokenizerFiles(
      Path modelDir,
      Path tokenizerJson,
      byte[] pipeline,
      ObjectNode light,
      Vocabulary vocab,
      JsonNode config) {
    this.modelDir = modelDir;
    this.tokenizerJson = tokenizerJson;
    this.pipeline = pipeline;
    this.vocabulary = vocab;
    this.display = TokenDisplay.fromTokenizerJson(light);
    boolean cleanUp = config.path("clean_up_tokenization_spaces").asBoolean(false);
    boolean forceForBpe =
        config
            .path("clean_up_tokenization_spaces_for_bpe_even_though_it_will_corrupt_output")
            .asBoolean(false);
    boolean bpe = "BPE".equals(light.path("model").path("type").asText());
    this.cleanUpSpaces = cleanUp && (!bpe || forceForBpe);
    this.modelMaxLength = maxLength(config.path("model_max_length"));
  }

  /**
   * Reads and checks the tokenizer files of a model directory.
   *
   * @throws InvalidInputException if the directory, its {@code tokenizer.json} or its {@code
   *     tokenizer_config.json} is missing or unreadable; the message names the path
   */
  static TokenizerFiles read(Path modelDir) {
    if (!Files.isDirectory(modelDir)) {
      throw new InvalidInputException(
          Files.exists(modelDir)
              ? "not a model directory (it is a file): " + modelDir
              : "model directory does not exist: " + modelDir);
    }
    Path tokenizerJson = modelDir.resolve(TOKENIZER_JSON);
    if (!Files.isRegularFile(tokenizerJson)) {
      throw new InvalidInputException(
          "no "
              + TOKENIZER_JSON
              + " in "
              + modelDir
              + ": explain4j needs a fast (tokenizers) tokenizer; in Python, "
              + "AutoTokenizer.from_pretrained(dir).save_pretrained(dir) writes one");
    }
    Path configPath = modelDir.resolve(TOKENIZER_CONFIG);
    JsonNode config = Files.isRegularFile(configPath) ? parse(configPath) : JSON.createObjectNode();
    if (!config.isObject()) {
      throw new InvalidInputException("not a JSON object: " + configPath);
    }
    try {
      TokenizerJsonReader.Contents contents = TokenizerJsonReader.read(tokenizerJson);
      ObjectNode light = contents.pipeline();
      boolean changed = TransformersAdjustments.apply(light, contents.vocab(), config);
      Vocabulary vocab = Vocabulary.of(contents.vocab(), addedTokens(light));
      byte[] pipeline;
      if (changed) {
        ObjectNode full = (ObjectNode) JSON.readTree(tokenizerJson.toFile());
        full.set("added_tokens", light.get("added_tokens"));
        full.set("post_processor", light.get("post_processor"));
        pipeline = full.toString().getBytes(StandardCharsets.UTF_8);
      } else {
        pipeline = Files.readAllBytes(tokenizerJson);
      }
      return new TokenizerFiles(modelDir, tokenizerJson, pipeline, light, vocab, config);
    } catch (JsonProcessingException e) {
      throw new InvalidInputException(
          "corrupt JSON in " + tokenizerJson + ": " + e.getOriginalMessage() + locationOf(e), e);
    } catch (IOException e) {
      throw new InvalidInputException("cannot read " + tokenizerJson + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(
          "not a tokenizers file: " + tokenizerJson + ": " + e.getMessage(), e);
    }
  }

  private static JsonNode parse(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (JsonProcessingException e) {
      throw new InvalidInputException(
          "corrupt JSON in " + file + ": " + e.getOriginalMessage() + locationOf(e), e);
    } catch (IOException e) {
      throw new InvalidInputException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static String locationOf(JsonProcessingException e) {
    return e.getLocation() == null
        ? ""
        : " (line "
            + e.getLocation().getLineNr()
            + ", column "
            + e.getLocation().getColumnNr()
            + ")";
  }

  private static OptionalInt maxLength(JsonNode node) {
    if (!node.isIntegralNumber() || node.bigIntegerValue().signum() <= 0) {
      return OptionalInt.empty();
    }
    BigInteger v = node.bigIntegerValue();
    return v.compareTo(INT_MAX) > 0 ? OptionalInt.empty() : OptionalInt.of(v.intValue());
  }

  static ArrayNode addedTokens(ObjectNode root) {
    JsonNode added = root.get("added_tokens");
    if (added instanceof ArrayNode a) {
      return a;
    }
    return root.putArray("added_tokens");
  }
}
