package dev.explain4j.tokenize;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Labels of merged spans go through the model's own tokenizer, as single tokens do. */
class TokenLabelsTest {
  private static final Path FIXTURES = Path.of("tests/fixtures/tiny-models");

  @Test
  void mergedByteLevelWordShowsItsCharactersNotItsBytes() {
    assertEquals(List.of(" café"), mergedWord("gpt2", " café"), "tokens Ġca + fÃ©");
  }

  @Test
  void mergedByteFallbackAndMetaspaceWordShowsItsCharacters() {
    assertEquals(List.of(" x🙂y"), mergedWord("llama", "x🙂y"), "▁ x <0xF0>…<0x82> y");
  }

  @Test
  void mergedWordPieceWordLosesItsContinuationMarkers() {
    Path dir = FIXTURES.resolve("bert");
    assertEquals(List.of("playing"), TokenLabels.displayJoined(dir, List.of("play##ing")));
  }

  @Test
  void withoutAReadableTokenizerTheCommonMarkersBecomeText() {
    Path none = Path.of("tests/fixtures/no-such-model");
    assertEquals(
        List.of(" the\n", "playing"),
        TokenLabels.displayJoined(none, List.of("ĠtheĊ", "play##ing")));
  }

  @Test
  void joinedDisplayOfOneTokenIsItsDisplay() {
    Path dir = FIXTURES.resolve("gpt2");
    Tokenizer tok = Tokenizer.open(dir);
    Encoding e = tok.encode("Hello wörld, ünïcode\n\ttext");
    List<String> raw = Arrays.asList(e.tokens());
    List<String> byId = TokenLabels.display(dir, Arrays.stream(e.ids()).boxed().toList(), raw);
    List<String> joined = TokenLabels.displayJoined(dir, raw);
    for (int i = 0; i < raw.size(); i++) {
      assertEquals(byId.get(i), joined.get(i), "token " + i + " " + raw.get(i));
    }
  }

  /** The display label of {@code word}'s raw tokens written one after the other. */
  private static List<String> mergedWord(String model, String word) {
    Path dir = FIXTURES.resolve(model);
    Encoding e = Tokenizer.open(dir).encode(word);
    StringBuilder joined = new StringBuilder();
    for (int i = 0; i < e.size(); i++) {
      if (!e.specialTokens()[i]) {
        joined.append(e.tokens()[i]);
      }
    }
    return TokenLabels.displayJoined(dir, List.of(joined.toString()));
  }
}
