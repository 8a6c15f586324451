package dev.explain4j.citation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.explain4j.InvalidInputException;
import dev.explain4j.attribution.AggregatedAttribution;
import dev.explain4j.attribution.AttributionOptions;
import dev.explain4j.attribution.AttributionResult;
import dev.explain4j.attribution.Attributor;
import dev.explain4j.model.Model;
import dev.explain4j.model.ModelOptions;
import dev.explain4j.tokenize.ChatMessage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Context attribution through the Java API on the tiny Llama (numerics: test_citation.py). */
@Tag("python")
class ContextAttributorTest {
  static final List<String> SENTENCES =
      List.of("Paris is the capital of France.", "The Nile is long.", "Cats purr!", "Rome is old.");
  static final String CONTEXT = String.join(" ", SENTENCES);
  private static Model llama;

  @BeforeAll
  static void load() {
    llama =
        Model.load(
            Path.of("tests/fixtures/tiny-models/llama"),
            ModelOptions.builder().optDevice("cpu").build());
  }

  @AfterAll
  static void close() {
    llama.close();
  }

  private static CitationOptions.Builder forced() {
    return CitationOptions.builder().optAnswer(" Paris. In France.").optNumAblations(16);
  }

  @Test
  void sourcesSentencesAndScoresLineUp() {
    ContextAttribution c =
        ContextAttributor.cite(
            llama, CONTEXT, "Where is Paris?", forced().optEvaluate(true).build());
    assertEquals(SENTENCES, c.sources().stream().map(ContextAttribution.Source::text).toList());
    assertEquals(List.of("loo", "contextcite"), c.methods());
    assertEquals(
        List.of("Paris.", "In France."),
        c.sentences().stream().map(ContextAttribution.Sentence::text).toList());
    double[] whole = c.answerScores("loo");
    assertEquals(4, whole.length);
    for (int i = 0; i < 4; i++) {
      double sum = c.sentenceScores("loo", 0)[i] + c.sentenceScores("loo", 1)[i];
      assertEquals(whole[i], sum, 1e-9, "source " + i);
    }
    assertTrue(Arrays.stream(whole).anyMatch(v -> Math.abs(v) > 1e-4));
    Faithfulness f = c.faithfulness().get("loo");
    assertEquals(List.of(1, 1, 1, 1, 2), f.binSizes());
    assertEquals(5, f.deletion().length);
    assertEquals(f.full(), f.deletion()[0], 1e-6);
    assertEquals(f.full(), f.insertion()[4], 1e-6);
    double mean = Arrays.stream(f.comprehensiveness()).average().orElseThrow();
    assertEquals(mean, f.aopcComprehensiveness(), 1e-12);
  }

  @Test
  void tokenMethodsAreSummedOverSourceSpans() {
    // tiny GPT-2 (byte-level BPE, 64 positions): the prompt and answer re-tokenize to the same ids
    try (Model gpt2 =
        Model.load(
            Path.of("tests/fixtures/tiny-models/gpt2"),
            ModelOptions.builder().optDevice("cpu").build())) {
      ContextAttribution c =
          ContextAttributor.cite(
              gpt2,
              "Paris, France. Nile. Cats! Rome.",
              "Paris?",
              CitationOptions.builder()
                  .optAnswer(" Paris. France.")
                  .optTemplate("{context}\n{question}")
                  .optMethods(List.of("loo"))
                  .build());
      try (AttributionResult r =
          new Attributor(gpt2)
              .attribute(c.prompt(), c.prompt() + c.answer(), AttributionOptions.defaults())) {
        AggregatedAttribution agg = r.aggregate();
        double[][] spans = SourceSpans.sum(c, r.targetIds(), agg);
        assertEquals(1 + c.sentences().size(), spans.length);
        int offset = r.targetIds().size() - c.promptIds().size() - c.answerIds().size();
        float[][] m = agg.target();
        ContextAttribution.Source second = c.sources().get(1);
        double expected = 0;
        for (int row = offset + second.tokenStart(); row < offset + second.tokenEnd(); row++) {
          for (float v : m[row]) {
            expected += Float.isNaN(v) ? 0 : v;
          }
        }
        assertEquals(expected, spans[0][1], 1e-9);
        assertTrue(expected > 0);
        for (int i = 0; i < 4; i++) {
          assertEquals(spans[0][i], spans[1][i] + spans[2][i], 1e-5);
        }
        assertArrayEquals(
            spans[0], SourceSpans.attribute(gpt2, c, AttributionOptions.defaults())[0], 1e-6);
      }
    }
    // the tiny Llama's tokenizer merges the answer into the prompt's last tokens: refused, one line
    ContextAttribution merged =
        ContextAttributor.cite(llama, CONTEXT, "Q?", forced().optMethods(List.of("loo")).build());
    String m =
        assertThrows(
                InvalidInputException.class,
                () -> SourceSpans.attribute(llama, merged, AttributionOptions.defaults()))
            .getMessage();
    assertTrue(
        m.startsWith("the token attribution tokenized the prompt and answer differently"), m);
  }

  @Test
  void theSeedChoosesTheMasks() {
    double[] a =
        ContextAttributor.cite(llama, CONTEXT, "Q?", forced().optLassoAlpha(1e-5).build())
            .answerScores("contextcite");
    double[] b =
        ContextAttributor.cite(llama, CONTEXT, "Q?", forced().optLassoAlpha(1e-5).build())
            .answerScores("contextcite");
    double[] c =
        ContextAttributor.cite(
                llama, CONTEXT, "Q?", forced().optLassoAlpha(1e-5).optSeed(9).build())
            .answerScores("contextcite");
    assertArrayEquals(a, b);
    assertFalse(Arrays.equals(a, c));
  }

  @Test
  void chatTurnsAreSources() {
    List<ChatMessage> chat =
        List.of(ChatMessage.system("Be brief."), ChatMessage.user("Paris is in France."));
    ContextAttribution c =
        ContextAttributor.citeChat(
            llama, chat, "Where is Paris?", forced().optMethods(List.of("loo")).build());
    assertEquals(
        List.of("Be brief.", "Paris is in France."),
        c.sources().stream().map(ContextAttribution.Source::text).toList());
  }

  @Test
  void badInputIsOneLineInJavaWords() {
    assertEquals(
        "the context is empty",
        assertThrows(
                InvalidInputException.class,
                () -> ContextAttributor.cite(llama, " ", "Q?", forced().build()))
            .getMessage());
    String overlap =
        assertThrows(
                InvalidInputException.class,
                () ->
                    ContextAttributor.cite(
                        llama,
                        CONTEXT,
                        "Q?",
                        forced().optSources(List.of(new int[] {0, 10}, new int[] {5, 20})).build()))
            .getMessage();
    assertTrue(overlap.startsWith("sources 0 and 1 overlap"), overlap);
    String outside =
        assertThrows(
                InvalidInputException.class,
                () ->
                    ContextAttributor.cite(
                        llama,
                        CONTEXT,
                        "Q?",
                        forced().optSources(List.of(new int[] {0, 999})).build()))
            .getMessage();
    assertTrue(outside.contains("lies outside the context"), outside);
    String budget =
        assertThrows(
                InvalidInputException.class,
                () ->
                    ContextAttributor.cite(
                        llama, CONTEXT, "Q?", forced().optNumAblations(5000).build()))
            .getMessage();
    assertTrue(
        budget.contains("raise the budget with CitationOptions.builder().optMaxAblations(5000)"),
        budget);
    assertThrows(InvalidInputException.class, () -> forced().optMethods(List.of()).build());
    for (String m : List.of(overlap, outside, budget)) {
      assertFalse(m.contains("\n"), m);
    }
    assertEquals(
        4,
        ContextAttributor.cite(llama, CONTEXT, "Q?", forced().optMethods(List.of("loo")).build())
            .sources()
            .size());
  }
}
