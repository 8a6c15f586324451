package dev.explain4j.tokenize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.explain4j.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad model directories and the transformers adjustments, without Python. */
class TokenizerFilesTest {
  @Test
  void missingDirectoryIsNamed(@TempDir Path dir) {
    Path missing = dir.resolve("nope");
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> Tokenizer.open(missing));
    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
  }

  @Test
  void directoryWithoutTokenizerJsonIsNamed(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("config.json"), "{}");
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> Tokenizer.open(dir));
    assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("tokenizer.json"), e.getMessage());
  }

  @Test
  void corruptTokenizerJsonIsNamed(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("tokenizer.json");
    Files.writeString(file, "{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0");
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> Tokenizer.open(dir));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    Files.writeString(file, "[1, 2]");
    e = assertThrows(InvalidInputException.class, () -> Tokenizer.open(dir));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
  }

  @Test
  void tokenizerTheLibraryRejectsIsNamed(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("tokenizer.json");
    Files.writeString(
        file, "{\"version\": \"1.0\", \"model\": {\"type\": \"Nonsense\", \"vocab\": {}}}");
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> Tokenizer.open(dir));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
  }

  @Test
  void corruptConfigIsNamed(@TempDir Path dir) throws Exception {
    copyFixture("gpt2", dir);
    Path config = dir.resolve("tokenizer_config.json");
    Files.writeString(config, "{\"model_max_length\": ");
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> Tokenizer.open(dir));
    assertTrue(e.getMessage().contains(config.toString()), e.getMessage());
  }

  @Test
  void hugeModelMaxLengthMeansNoLimit(@TempDir Path dir) throws Exception {
    copyFixture("gpt2", dir);
    Files.writeString(
        dir.resolve("tokenizer_config.json"),
        "{\"model_max_length\": 1000000000000000019884624838656}");
    try (Tokenizer t = Tokenizer.open(dir)) {
      assertTrue(t.modelMaxLength().isEmpty());
    }
  }

  @Test
  void addBosAndEosInTheConfigAreIgnoredLikeTransformersDoes(@TempDir Path dir) throws Exception {
    copyFixture("llama", dir);
    long[] plain;
    try (Tokenizer t = Tokenizer.open(dir)) {
      plain = t.encode("Hello").ids();
    }
    Files.writeString(
        dir.resolve("tokenizer_config.json"),
        "{\"bos_token\": \"<s>\", \"eos_token\": {\"content\": \"</s>\"},"
            + " \"add_bos_token\": false, \"add_eos_token\": true}");
    try (Tokenizer t = Tokenizer.open(dir)) {
      assertArrayEquals(plain, t.encode("Hello").ids());
    }
  }

  @Test
  void missingSpecialTokensBecomeAddedTokens(@TempDir Path dir) throws Exception {
    copyFixture("gpt2", dir);
    Files.writeString(
        dir.resolve("tokenizer_config.json"),
        "{\"eos_token\": \"<|endoftext|>\", \"pad_token\": \"<pad>\","
            + " \"extra_special_tokens\": [\"<tool>\"]}");
    try (Tokenizer t = Tokenizer.open(dir)) {
      assertEquals(386, t.vocabularySize());
      assertEquals("<pad>", t.token(384));
      assertEquals("<tool>", t.token(385));
      assertTrue(t.isSpecialToken(385));
      Encoding e = t.encode("a<tool>b");
      assertEquals(3, e.size(), e.toString());
      assertEquals(385, e.id(1));
      assertEquals("<tool>", e.spanText(1));
    }
  }

  static void copyFixture(String name, Path to) throws Exception {
    try (Stream<Path> files = Files.list(TokenizerTest.FIXTURES.resolve(name))) {
      for (Path f : (Iterable<Path>) files::iterator) {
        if (f.getFileName().toString().startsWith("tokenizer")
            || f.getFileName().toString().startsWith("chat_template")) {
          Files.copy(f, to.resolve(f.getFileName()));
        }
      }
    }
  }
}
