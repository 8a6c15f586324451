package dev.explain4j.tokenize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.explain4j.Explain4jHome;
import dev.explain4j.runtime.PythonRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Java tokenizer against transformers in Python ({@code explain4j.tokenizing}), on every tiny
 * fixture and on the default model, over {@link TrickyTexts}.
 */
@Tag("python")
class TokenizerParityTest {
  private final PythonRuntime py = PythonRuntime.shared();

  @ParameterizedTest
  @ValueSource(strings = {"gpt2", "llama", "t5", "bert"})
  void fixturesMatchTransformers(String model) {
    Path dir = TokenizerTest.FIXTURES.resolve(model);
    ParityCheck.withSpecialTokens(py, dir, TrickyTexts.ALL).assertNoDifferences();
    ParityCheck.withoutSpecialTokens(py, dir, TrickyTexts.ALL).assertNoDifferences();
  }

  @Test
  void byteLevelDisplayTokensRebuildTheText() {
    ParityCheck check =
        ParityCheck.withSpecialTokens(py, TokenizerTest.FIXTURES.resolve("gpt2"), TrickyTexts.ALL);
    check.assertNoDifferences();
    assertTrue(
        check.wholeCharacterTexts() >= 5,
        "texts checked by display join: " + check.wholeCharacterTexts());
  }

  @Test
  @Tag("slow")
  void defaultModelMatchesTransformers() {
    Path dir = Explain4jHome.defaultModelDir();
    assertTrue(
        Files.isRegularFile(dir.resolve("tokenizer.json")),
        "default model missing (run bin/setup): " + dir);
    ParityCheck with = ParityCheck.withSpecialTokens(py, dir, TrickyTexts.ALL);
    with.assertNoDifferences();
    ParityCheck.withoutSpecialTokens(py, dir, TrickyTexts.ALL).assertNoDifferences();
    assertTrue(
        with.wholeCharacterTexts() >= 10,
        "texts checked by display join: " + with.wholeCharacterTexts());
    try (Tokenizer t = Tokenizer.open(dir)) {
      assertTrue(t.modelMaxLength().isEmpty(), "1e30 means no limit");
      assertEquals(49152, t.vocabularySize());
      assertTrue(t.encode(TrickyTexts.LONG).size() > 512);
    }
  }
}
