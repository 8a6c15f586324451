package dev.explain4j.tokenize;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.explain4j.runtime.PythonRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fixtures with edited {@code tokenizer_config.json} (or {@code tokenizer.json}): the keys with
 * which transformers 5 changes the pipeline, checked against transformers itself.
 */
@Tag("python")
class TransformersAdjustmentsParityTest {
  private static final List<String> TEXTS =
      List.of(
          "",
          "Hello world.",
          "hello , world . don't you 're",
          "a<pad>b <tool> c <img> d <unk>e",
          "<s> and </s> inside <unk> text <extra_id_0>",
          "emoji 😀 and 日本");

  private final PythonRuntime py = PythonRuntime.shared();

  @Test
  void addBosFalseAddEosTrueAreIgnored(@TempDir Path dir) throws Exception {
    check(
        "llama",
        dir,
        "{\"bos_token\": \"<s>\", \"eos_token\": \"</s>\", \"unk_token\": \"<unk>\","
            + " \"add_bos_token\": false, \"add_eos_token\": true}");
  }

  @Test
  void addBosAndEosOnAByteLevelTokenizerAreIgnored(@TempDir Path dir) throws Exception {
    check(
        "gpt2",
        dir,
        "{\"bos_token\": \"<|endoftext|>\", \"eos_token\": \"<|endoftext|>\","
            + " \"add_bos_token\": true, \"add_eos_token\": true}");
  }

  @Test
  void specialTokensMissingFromTokenizerJson(@TempDir Path dir) throws Exception {
    check(
        "gpt2",
        dir,
        "{\"eos_token\": \"<|endoftext|>\", \"pad_token\": \"<pad>\", \"extra_special_tokens\":"
            + " [\"<tool>\", \"<img>\"],"
            + " \"unk_token\": {\"__type\": \"AddedToken\", \"content\": \"<unk>\", \"lstrip\": true}}");
  }

  @Test
  void legacyAdditionalSpecialTokensAndAnAddedTokenFromTheVocabulary(@TempDir Path dir)
      throws Exception {
    check(
        "t5",
        dir,
        "{\"eos_token\": \"</s>\", \"unk_token\": \"<unk>\", \"pad_token\": \"<pad>\","
            + " \"mask_token\": \"▁a\", \"additional_special_tokens\": [\"<extra_id_0>\"]}");
  }

  @Test
  void missingPostProcessor(@TempDir Path dir) throws Exception {
    TokenizerFilesTest.copyFixture("bert", dir);
    Path json = dir.resolve("tokenizer.json");
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = (ObjectNode) mapper.readTree(json.toFile());
    root.putNull("post_processor");
    Files.writeString(json, mapper.writeValueAsString(root));
    ParityCheck.withSpecialTokens(py, dir, TEXTS).assertNoDifferences();
    try (Tokenizer t = Tokenizer.open(dir)) {
      assertEquals(false, t.encode("hello").isSpecial(0), "no [CLS] without a post-processor");
    }
  }

  @Test
  void cleanUpTokenizationSpacesForWordPieceButNotForBpe(@TempDir Path dir) throws Exception {
    String cleanUp = "{\"clean_up_tokenization_spaces\": true, \"unk_token\": \"[UNK]\"}";
    check("bert", dir.resolve("bert"), cleanUp);
    check("gpt2", dir.resolve("gpt2"), cleanUp.replace("[UNK]", "<|endoftext|>"));
    try (Tokenizer bert = Tokenizer.open(dir.resolve("bert"))) {
      assertEquals("hello, world.", bert.decode(bert.encode("hello , world .").ids(), true));
    }
  }

  private void check(String fixture, Path dir, String config) throws Exception {
    Files.createDirectories(dir);
    TokenizerFilesTest.copyFixture(fixture, dir);
    Files.writeString(dir.resolve("tokenizer_config.json"), config);
    ParityCheck.withSpecialTokens(py, dir, TEXTS).assertNoDifferences();
    ParityCheck.withoutSpecialTokens(py, dir, TEXTS).assertNoDifferences();
  }
}
