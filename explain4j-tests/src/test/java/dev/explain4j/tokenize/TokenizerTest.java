package dev.explain4j.tokenize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.explain4j.Explain4jException;
import dev.explain4j.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The Java tokenizer on the tiny fixtures, without Python. Parity is in the parity tests. */
class TokenizerTest {
  static final Path FIXTURES = Path.of("tests/fixtures/tiny-models");

  @Test
  void spansAreJavaIndicesAcrossSurrogatePairs() {
    String text = "a😀b 日本 👍🏽!";
    for (String model : List.of("gpt2", "llama", "t5", "bert")) {
      try (Tokenizer t = Tokenizer.open(FIXTURES.resolve(model))) {
        Encoding e = t.encode(text);
        for (int i = 0; i < e.size(); i++) {
          if (e.hasSpan(i)) {
            assertFalse(Character.isLowSurrogate(text.charAt(e.start(i))), model + " token " + i);
            assertTrue(
                e.end(i) == text.length() || !Character.isLowSurrogate(text.charAt(e.end(i))));
          }
        }
        assertTrue(
            coveredText(e).contains("😀") || model.equals("bert"), model + ": " + coveredText(e));
      }
    }
  }

  @Test
  void byteLevelDisplayAndSpansAgree() {
    try (Tokenizer t = Tokenizer.open(FIXTURES.resolve("gpt2"))) {
      String text = "The capital of France is Paris.\n\tAttention is all you need;  é";
      Encoding e = t.encode(text);
      StringBuilder joined = new StringBuilder();
      for (int i = 0; i < e.size(); i++) {
        joined.append(e.displayToken(i));
        assertEquals(e.spanText(i), e.displayToken(i), "token " + i + " " + e.token(i));
      }
      assertEquals(text, joined.toString());
      assertEquals(text, t.decode(e.ids(), true));
    }
  }

  @Test
  void specialTokensHaveNoSpan() {
    try (Tokenizer t = Tokenizer.open(FIXTURES.resolve("bert"))) {
      Encoding e = t.encode("Hello world");
      assertEquals("[CLS]", e.token(0));
      assertEquals("[SEP]", e.displayToken(e.size() - 1));
      assertTrue(e.isSpecial(0) && e.isSpecial(e.size() - 1));
      assertEquals(Encoding.NO_SPAN, e.start(0));
      assertEquals(Encoding.NO_SPAN, e.end(e.size() - 1));
      StringBuilder spans = new StringBuilder();
      StringBuilder shown = new StringBuilder();
      for (int i = 1; i < e.size() - 1; i++) {
        spans.append(e.spanText(i));
        shown.append(e.displayToken(i));
      }
      assertEquals("Helloworld", spans.toString(), "spans point into the original text");
      assertEquals("helloworld", shown.toString(), "display shows the normalised tokens");
      for (long m : e.attentionMask()) {
        assertEquals(1, m);
      }
      assertTrue(t.isSpecialToken(e.id(0)));
    }
    TokenizerOptions plain = TokenizerOptions.builder().addSpecialTokens(false).build();
    try (Tokenizer t = Tokenizer.open(FIXTURES.resolve("bert"), plain)) {
      Encoding e = t.encode("Hello world");
      for (int i = 0; i < e.size(); i++) {
        assertFalse(e.isSpecial(i));
        assertTrue(e.hasSpan(i));
      }
    }
  }

  @Test
  void longTextsAreNotCutAt512() {
    String text = "The quick brown fox jumps over the lazy dog. ".repeat(400);
    try (Tokenizer t = Tokenizer.open(FIXTURES.resolve("gpt2"))) {
      Encoding e = t.encode(text);
      assertTrue(e.size() > 2000, "tokens: " + e.size());
      assertEquals(text.length(), e.end(e.size() - 1));
      assertEquals(OptionalInt.of(64), t.modelMaxLength());
    }
  }

  @Test
  void tooLongTextIsRefusedUnlessTruncationIsAsked() {
    Path dir = FIXTURES.resolve("llama");
    String text = "Translate English to German: the house is wonderful.";
    int full;
    try (Tokenizer t = Tokenizer.open(dir)) {
      full = t.encode(text).size();
    }
    TokenizerOptions exact = TokenizerOptions.builder().maxLength(full).build();
    try (Tokenizer t = Tokenizer.open(dir, exact)) {
      assertEquals(full, t.encode(text).size());
    }
    TokenizerOptions tight = TokenizerOptions.builder().maxLength(full - 1).build();
    try (Tokenizer t = Tokenizer.open(dir, tight)) {
      InvalidInputException e = assertThrows(InvalidInputException.class, () -> t.encode(text));
      assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
      assertTrue(e.getMessage().contains(full + " tokens"), e.getMessage());
      assertTrue(e.getMessage().contains("maxLength " + (full - 1)), e.getMessage());
    }
    try (Tokenizer t =
        Tokenizer.open(dir, tight.toBuilder().maxLength(5).truncation(true).build())) {
      Encoding e = t.encode(text);
      assertEquals(5, e.size());
      assertTrue(e.isSpecial(0), "the template's <s> is kept");
    }
    TokenizerOptions tiny = TokenizerOptions.builder().maxLength(1).truncation(true).build();
    try (Tokenizer t = Tokenizer.open(FIXTURES.resolve("bert"), tiny)) {
      InvalidInputException e = assertThrows(InvalidInputException.class, () -> t.encode(text));
      assertTrue(e.getMessage().contains("maxLength 1 is too small"), e.getMessage());
    }
  }

  @Test
  void decodeChecksIds() {
    try (Tokenizer t = Tokenizer.open(FIXTURES.resolve("gpt2"))) {
      assertEquals(384, t.vocabularySize());
      InvalidInputException e =
          assertThrows(InvalidInputException.class, () -> t.decode(new long[] {5, 384}, false));
      assertTrue(e.getMessage().contains("384") && e.getMessage().contains("index 1"));
      assertThrows(InvalidInputException.class, () -> t.decode(new long[] {-1}, false));
      assertEquals("", t.decode(new long[0], false));
      assertNull(t.token(384));
      assertEquals("<|endoftext|>", t.displayToken(0));
    }
  }

  @Test
  void invalidUnicodeIsRefused() {
    try (Tokenizer t = Tokenizer.open(FIXTURES.resolve("gpt2"))) {
      InvalidInputException e =
          assertThrows(InvalidInputException.class, () -> t.encode("x\uD800y"));
      assertTrue(e.getMessage().contains("index 1"), e.getMessage());
      assertEquals(0, t.encode("").size());
    }
  }

  @Test
  void closedTokenizerRefusesWork() {
    Tokenizer t = Tokenizer.open(FIXTURES.resolve("t5"));
    t.close();
    t.close();
    Explain4jException e = assertThrows(Explain4jException.class, () -> t.encode("x"));
    assertTrue(e.getMessage().contains("closed"), e.getMessage());
  }

  @Test
  void concurrentEncodingGivesTheSameResults() throws Exception {
    try (Tokenizer t = Tokenizer.open(FIXTURES.resolve("bert"))) {
      String text = "Question: what is the capital of Germany? Answer: Berlin.";
      Encoding expected = t.encode(text);
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<Encoding>> results = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
          results.add(pool.submit(() -> t.encode(text)));
        }
        for (Future<Encoding> f : results) {
          assertEquals(expected, f.get());
        }
      } finally {
        pool.shutdown();
      }
    }
  }

  @Test
  void nativeLibraryGoesToTheConfiguredCache() {
    try (Tokenizer t = Tokenizer.open(FIXTURES.resolve("gpt2"))) {
      assertTrue(Files.isDirectory(DjlEnvironment.cacheDir().resolve("tokenizers")));
      assertArrayEquals(t.encode("x").ids(), t.encode("x").ids());
    }
  }

  static String coveredText(Encoding e) {
    StringBuilder sb = new StringBuilder();
    int end = 0;
    for (int i = 0; i < e.size(); i++) {
      if (e.hasSpan(i) && e.end(i) > end) {
        sb.append(e.text(), Math.max(end, e.start(i)), e.end(i));
        end = e.end(i);
      }
    }
    return sb.toString();
  }
}
