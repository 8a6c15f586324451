package dev.explain4j.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.explain4j.InvalidInputException;
import dev.explain4j.model.Model;
import dev.explain4j.model.ModelOptions;
import dev.explain4j.render.AnsiOptions;
import dev.explain4j.render.ClassificationView;
import dev.explain4j.render.HeatmapTable;
import dev.explain4j.render.Theme;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("python")
class ClassifierExplainerTest {
  private static final ModelOptions F64 =
      ModelOptions.builder().optDevice("cpu").optDtype("float64").build();
  private static final List<String> TEXTS =
      List.of("The capital of France is Paris.", "The quick brown fox jumps over the lazy dog");

  @Test
  void aBatchGivesWhatEachTextGivesAloneAndNamesThePrediction() {
    try (Model model = Model.load(HeadModels.get("bert-sequence").toString(), F64)) {
      ClassifierExplainer ex = new ClassifierExplainer(model);
      ClassifyOptions ig =
          ClassifyOptions.builder().optMethod("integrated_gradients").optLabels("positive").build();
      List<Classification> both = ex.explain(TEXTS, null, ig);
      try (Classification alone = ex.explain(TEXTS.get(1), ig)) {
        Classification padded = both.get(1);
        assertEquals(List.of("positive"), padded.objectives());
        assertEquals(alone.attribution().sourceTokens(), padded.attribution().sourceTokens());
        float[] a = alone.attribution().source().toArray();
        float[] b = padded.attribution().source().toArray();
        assertEquals(a.length, b.length);
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
          worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(1e-6, Math.abs(a[i])));
        }
        assertTrue(worst < 1e-4, "padded batch vs alone, worst relative " + worst);
        Prediction p = padded.prediction();
        assertEquals("sequence_classification", p.head());
        assertEquals(1.0, p.probabilities().values().stream().mapToDouble(d -> d).sum(), 1e-6);
        assertEquals(
            p.probabilities().get("positive"),
            padded.attribution().stepScores().get("probability")[0],
            1e-6);
        assertEquals("integrated_gradients", padded.attribution().provenance().method());
        ClassificationView view = ClassificationView.of(padded);
        assertTrue(view.ansi(AnsiOptions.plain()).contains("positive"));
        assertTrue(view.html(Theme.LIGHT).contains("e4j-flow"));
      } finally {
        both.forEach(Classification::close);
      }
    }
  }

  @Test
  void subwordsMergeIntoWordsAndTaggersGetOneColumnPerToken() {
    try (Model model = Model.load(HeadModels.get("bert-token").toString(), F64);
        Classification c =
            new ClassifierExplainer(model).explain("jumping quickly", ClassifyOptions.defaults())) {
      int tokens = c.attribution().sourceTokens().size();
      assertFalse(c.prediction().wordSpans().isEmpty(), "both words split into pieces");
      assertEquals(List.of(List.of(1, 7), List.of(7, 10)), c.prediction().wordSpans());
      assertEquals(4, c.aggregate().sourceTokens().size(), "[CLS] jumping quickly [SEP]");
      HeatmapTable t = ClassificationView.tokens(c).table();
      assertEquals(tokens, t.rows());
      assertEquals(c.prediction().tokens().size(), t.columns());
      assertEquals(tokens - 2, t.columns(), "every token but [CLS] and [SEP]");
    }
  }

  @Test
  void questionAnsweringExplainsStartAndEndOfAnAnswerInTheContext() {
    String context = TEXTS.get(0);
    try (Model model = Model.load(HeadModels.get("bert-qa").toString(), F64);
        Classification c =
            new ClassifierExplainer(model)
                .explain("What is the capital?", context, ClassifyOptions.defaults())) {
      Prediction p = c.prediction();
      assertEquals(2, c.objectives().size());
      assertTrue(c.objectives().get(0).startsWith("start"));
      String span = context.substring(p.answerSpan().get(0), p.answerSpan().get(1));
      assertEquals(p.answer().replace(" ", ""), span.toLowerCase(Locale.ROOT).replace(" ", ""));
      assertTrue(
          c.attribution().sourceTokens().size() > 10, "question and context both attributed");
    }
  }

  @Test
  void badInputIsOneLineAndTheModelStaysUsable() {
    try (Model model = Model.load(HeadModels.get("bert-sequence").toString(), F64)) {
      ClassifierExplainer ex = new ClassifierExplainer(model);
      var e =
          assertThrows(
              InvalidInputException.class,
              () -> ex.explain("x", ClassifyOptions.builder().optLabels("neutral").build()));
      assertTrue(e.getMessage().contains("its labels are negative, positive"), e.getMessage());
      assertFalse(e.getMessage().contains("\n"));
      e =
          assertThrows(
              InvalidInputException.class,
              () -> ex.explain("word ".repeat(80), ClassifyOptions.defaults()));
      assertTrue(e.getMessage().contains("has 64 positions"), e.getMessage());
      try (Classification ok = ex.explain("fine", ClassifyOptions.defaults())) {
        assertEquals(1, ok.objectives().size());
      }
    }
    try (Model qa = Model.load(HeadModels.get("bert-qa").toString(), F64)) {
      var e =
          assertThrows(
              InvalidInputException.class,
              () -> new ClassifierExplainer(qa).explain("Who?", ClassifyOptions.defaults()));
      assertTrue(e.getMessage().contains("explain(question, context, options)"), e.getMessage());
    }
    try (Model gpt2 = Model.load(Path.of("tests/fixtures/tiny-models/gpt2"))) {
      var e =
          assertThrows(
              InvalidInputException.class,
              () -> new ClassifierExplainer(gpt2).explain("x", ClassifyOptions.defaults()));
      assertTrue(e.getMessage().contains("*ForSequenceClassification"), e.getMessage());
    }
  }
}
