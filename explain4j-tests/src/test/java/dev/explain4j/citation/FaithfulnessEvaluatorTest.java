package dev.explain4j.citation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.explain4j.InvalidInputException;
import dev.explain4j.attribution.AttributionOptions;
import dev.explain4j.attribution.AttributionResult;
import dev.explain4j.attribution.Attributor;
import dev.explain4j.attribution.Classification;
import dev.explain4j.attribution.ClassifierExplainer;
import dev.explain4j.attribution.ClassifyOptions;
import dev.explain4j.attribution.HeadModels;
import dev.explain4j.internal.ModelAccess;
import dev.explain4j.model.Model;
import dev.explain4j.model.ModelOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Token-level faithfulness through the Java API, against plain recomputations (one unbatched
 * forward per perturbed input, {@code explain4j_testing.faithfulness}) in float64.
 */
@Tag("python")
class FaithfulnessEvaluatorTest {
  static final ModelOptions F64 =
      ModelOptions.builder().optDevice("cpu").optDtype("float64").build();

  /**
   * Both sides run in float64 (the engine batches and pads, the reference does not): the tiny
   * random models move probabilities by 1e-6 to 1e-3, so the tolerance sits well below that.
   */
  static final double TOL = 1e-9;

  private static Model gpt2;

  @BeforeAll
  static void load() {
    gpt2 = Model.load(Path.of("tests/fixtures/tiny-models/gpt2").toString(), F64);
  }

  @AfterAll
  static void close() {
    gpt2.close();
  }

  /** {@code agg[token][step]} rows {@code from..to} as {@code [step][token]}, by a plain loop. */
  static List<List<Double>> perStep(float[][] agg, int from, int to) {
    List<List<Double>> out = new ArrayList<>();
    for (int k = 0; k < agg[0].length; k++) {
      List<Double> row = new ArrayList<>();
      for (int t = from; t < to; t++) {
        row.add((double) agg[t][k]);
      }
      out.add(row);
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  static void assertSameAsPlain(Map<String, Object> ref, TokenFaithfulness.Step step) {
    Faithfulness f = step.metrics();
    assertEquals(num(ref.get("full")), f.full(), TOL, "full");
    assertClose((List<Object>) ref.get("comprehensiveness"), f.comprehensiveness());
    assertClose((List<Object>) ref.get("sufficiency"), f.sufficiency());
    assertClose((List<Object>) ref.get("deletion"), f.deletion());
    assertClose((List<Object>) ref.get("insertion"), f.insertion());
    assertEquals(num(ref.get("aopcComprehensiveness")), f.aopcComprehensiveness(), TOL);
    assertEquals(num(ref.get("aopcSufficiency")), f.aopcSufficiency(), TOL);
    assertEquals(num(ref.get("deletionArea")), f.deletionArea(), TOL);
    assertEquals(num(ref.get("insertionArea")), f.insertionArea(), TOL);
    assertEquals(num(ref.get("softComprehensiveness")), step.softComprehensiveness(), TOL);
    assertEquals(num(ref.get("softSufficiency")), step.softSufficiency(), TOL);
  }

  private static void assertClose(List<Object> expected, double[] actual) {
    assertEquals(expected.size(), actual.length);
    for (int i = 0; i < actual.length; i++) {
      assertEquals(num(expected.get(i)), actual[i], TOL, "point " + i);
    }
  }

  private static double num(Object o) {
    return ((Number) o).doubleValue();
  }

  @Test
  @SuppressWarnings("unchecked")
  void generationEqualsAPlainComputation() {
    AttributionOptions o =
        AttributionOptions.builder().optMethod("input_x_gradient").optMaxNewTokens(3).build();
    try (AttributionResult r = new Attributor(gpt2).attribute("The capital of France is", o)) {
      TokenFaithfulness f =
          new FaithfulnessEvaluator(gpt2)
              .evaluate(r, FaithfulnessOptions.builder().optSeed(5).build());
      int prompt = r.attrPosStart();
      assertEquals(IntStream.range(0, prompt).boxed().toList(), f.units());
      assertEquals(r.steps(), f.steps().size());
      List<Object> ref =
          (List<Object>)
              ModelAccess.runtime(gpt2)
                  .call(
                      "explain4j_testing.faithfulness.generation",
                      ModelAccess.handle(gpt2),
                      r.targetIds().subList(0, prompt),
                      r.targetIds().subList(prompt, r.attrPosEnd()),
                      perStep(r.aggregate().target(), 0, prompt),
                      FaithfulnessOptions.DEFAULT_BINS,
                      5);
      double aopc = 0;
      for (int k = 0; k < r.steps(); k++) {
        TokenFaithfulness.Step step = f.steps().get(k);
        assertEquals(r.generatedTokens().get(k), step.objective());
        assertSameAsPlain((Map<String, Object>) ref.get(k), step);
        aopc += step.metrics().aopcComprehensiveness() / r.steps();
      }
      assertEquals(aopc, f.mean().aopcComprehensiveness(), 1e-12);
      assertTrue(
          f.steps().stream().anyMatch(s -> Math.abs(s.metrics().aopcComprehensiveness()) > 1e-6));
      assertEquals("generation", f.provenance().objective());
      assertEquals("input_x_gradient", f.provenance().attribution().method());
      assertEquals(gpt2.info(), f.provenance().model());
      FaithfulnessOptions few =
          FaithfulnessOptions.builder().optCurvePoints(3).optSoft(false).build();
      TokenFaithfulness g = new FaithfulnessEvaluator(gpt2).evaluate(r, few);
      assertEquals(3, g.steps().get(0).metrics().deletion().length);
      assertTrue(Double.isNaN(g.steps().get(0).softComprehensiveness()));
      assertTrue(Double.isNaN(g.mean().softSufficiency()));
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void encoderDecoderGenerationEqualsAPlainComputation() {
    try (Model t5 = Model.load(Path.of("tests/fixtures/tiny-models/t5").toString(), F64);
        AttributionResult r =
            new Attributor(t5)
                .attribute(
                    "translate: the cat sat",
                    AttributionOptions.builder()
                        .optMethod("input_x_gradient")
                        .optMaxNewTokens(3)
                        .build())) {
      TokenFaithfulness f =
          new FaithfulnessEvaluator(t5)
              .evaluate(r, FaithfulnessOptions.builder().optSeed(2).build());
      int start = r.attrPosStart();
      assertEquals(IntStream.range(0, r.sourceIds().size()).boxed().toList(), f.units());
      List<Object> ref =
          (List<Object>)
              ModelAccess.runtime(t5)
                  .call(
                      "explain4j_testing.faithfulness.seq2seq",
                      ModelAccess.handle(t5),
                      r.sourceIds(),
                      r.targetIds().subList(0, start),
                      r.targetIds().subList(start, r.attrPosEnd()),
                      perStep(r.aggregate().source(), 0, r.sourceIds().size()),
                      FaithfulnessOptions.DEFAULT_BINS,
                      2);
      assertEquals(r.steps(), ref.size());
      for (int k = 0; k < r.steps(); k++) {
        assertSameAsPlain((Map<String, Object>) ref.get(k), f.steps().get(k));
      }
      assertTrue(
          f.steps().stream().anyMatch(s -> Math.abs(s.metrics().aopcComprehensiveness()) > 1e-7));
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void sequenceClassifierEqualsAPlainComputation() {
    try (Model bert = Model.load(HeadModels.get("bert-sequence").toString(), F64);
        Classification c =
            new ClassifierExplainer(bert)
                .explain(
                    "the team won the match",
                    "a vote in parliament",
                    ClassifyOptions.builder()
                        .optMethod("input_x_gradient")
                        .optLabels("negative", "positive")
                        .build())) {
      AttributionResult r = c.attribution();
      TokenFaithfulness f =
          new FaithfulnessEvaluator(bert).evaluate(c, FaithfulnessOptions.defaults());
      Map<String, Object> ref =
          (Map<String, Object>)
              ModelAccess.runtime(bert)
                  .call(
                      "explain4j_testing.faithfulness.classifier",
                      ModelAccess.handle(bert),
                      r.sourceIds(),
                      r.generatedTokens(),
                      perStep(r.aggregate().source(), 0, r.sourceIds().size()),
                      FaithfulnessOptions.DEFAULT_BINS,
                      0);
      assertEquals(
          ((List<Object>) ref.get("units")).stream().map(u -> ((Number) u).intValue()).toList(),
          f.units());
      assertEquals(
          List.of("negative", "positive"),
          f.steps().stream().map(TokenFaithfulness.Step::objective).toList());
      assertFalse(f.units().contains(0), "[CLS] is not a unit");
      List<Object> steps = (List<Object>) ref.get("steps");
      for (int k = 0; k < 2; k++) {
        assertSameAsPlain((Map<String, Object>) steps.get(k), f.steps().get(k));
      }
      assertTrue(
          f.steps().stream().anyMatch(s -> Math.abs(s.metrics().aopcComprehensiveness()) > 1e-7));
      assertEquals("sequence_classification", f.provenance().objective());
    }
  }

  @Test
  void whatCannotBeEvaluatedIsRefusedInOneLine() {
    String bins =
        assertThrows(
                InvalidInputException.class,
                () -> FaithfulnessOptions.builder().optCurvePoints(1).build())
            .getMessage();
    assertEquals(
        "FaithfulnessOptions.builder().optCurvePoints(1): a curve needs at least 2 points", bins);
    try (Model bert = Model.load(HeadModels.get("bert-token").toString(), F64);
        Classification tags =
            new ClassifierExplainer(bert).explain("paris is big", ClassifyOptions.defaults());
        AttributionResult r =
            new Attributor(gpt2)
                .attribute(
                    "Hello there", AttributionOptions.builder().optMaxNewTokens(2).build())) {
      String head =
          assertThrows(
                  InvalidInputException.class,
                  () ->
                      new FaithfulnessEvaluator(bert)
                          .evaluate(tags, FaithfulnessOptions.defaults()))
              .getMessage();
      assertTrue(head.startsWith("token faithfulness evaluates sequence classifiers"), head);
      String other =
          assertThrows(
                  InvalidInputException.class,
                  () -> new FaithfulnessEvaluator(bert).evaluate(r, FaithfulnessOptions.defaults()))
              .getMessage();
      assertTrue(
          other.startsWith("the result was made with model tests/fixtures/tiny-models/gpt2"),
          other);
      assertTrue(
          other.endsWith("pass the model that made it to new FaithfulnessEvaluator(model)"), other);
      String agg =
          assertThrows(
                  InvalidInputException.class,
                  () ->
                      new FaithfulnessEvaluator(gpt2)
                          .evaluate(
                              r,
                              FaithfulnessOptions.builder()
                                  .optAggregation(List.of(Map.of("op", "normalize")))
                                  .build()))
              .getMessage();
      assertTrue(
          agg.startsWith(
              "FaithfulnessOptions.optAggregation must reduce the result to one score per token"),
          agg);
      for (String m : List.of(bins, head, other, agg)) {
        assertFalse(m.contains("\n"), m);
      }
      Model closed = Model.load(Path.of("tests/fixtures/tiny-models/gpt2").toString(), F64);
      closed.close();
      String gone =
          assertThrows(
                  InvalidInputException.class,
                  () ->
                      new FaithfulnessEvaluator(closed).evaluate(r, FaithfulnessOptions.defaults()))
              .getMessage();
      assertTrue(
          gone.contains("is closed: new FaithfulnessEvaluator(model) needs the loaded model"),
          gone);
      // the runtime stays usable
      assertEquals(
          2,
          new FaithfulnessEvaluator(gpt2)
              .evaluate(r, FaithfulnessOptions.defaults())
              .steps()
              .size());
    }
    // attention weights ([layers, heads] per token) aggregate to one score per token: evaluated
    AttributionOptions attention =
        AttributionOptions.builder().optMethod("attention").optMaxNewTokens(2).build();
    try (AttributionResult a = new Attributor(gpt2).attribute("Hello there", attention)) {
      TokenFaithfulness f =
          new FaithfulnessEvaluator(gpt2).evaluate(a, FaithfulnessOptions.defaults());
      assertEquals(2, f.steps().size());
      assertEquals("attention", f.provenance().attribution().method());
    }
  }
}
