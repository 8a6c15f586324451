package dev.explain4j.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.explain4j.InvalidInputException;
import dev.explain4j.model.Model;
import dev.explain4j.model.ModelOptions;
import dev.explain4j.runtime.PythonRuntime;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Java aggregation of the engine's raw tensors gives Inseq's own numbers. */
@Tag("python")
class AttributorTest {
  private static final String GPT2 = "tests/fixtures/tiny-models/gpt2";
  private static final String T5 = "tests/fixtures/tiny-models/t5";
  private static Model gpt2;
  private static Model t5;

  @BeforeAll
  static void load() {
    ModelOptions cpu = ModelOptions.builder().optDevice("cpu").build();
    gpt2 = Model.load(Path.of(GPT2), cpu);
    t5 = Model.load(Path.of(T5), cpu);
  }

  @AfterAll
  static void close() {
    gpt2.close();
    t5.close();
  }

  static void assertMatches(List<?> expected, float[][] actual, double tol) {
    assertEquals(expected.size(), actual.length);
    for (int r = 0; r < actual.length; r++) {
      List<?> row = (List<?>) expected.get(r);
      for (int c = 0; c < actual[r].length; c++) {
        double e = ((Number) row.get(c)).doubleValue();
        if (Double.isNaN(e)) {
          assertTrue(Float.isNaN(actual[r][c]), "NaN expected at " + r + "," + c);
        } else {
          assertEquals(e, actual[r][c], tol, "at " + r + "," + c);
        }
      }
    }
  }

  /** Inseq refuses step scores for these ("final-step") methods. */
  private static final List<String> FINAL_STEP = List.of("attention", "occlusion");

  /** Inseq's own default-aggregated numbers. */
  private static Map<?, ?> inseq(String dir, String in, String target, String method) {
    List<String> scores = FINAL_STEP.contains(method) ? List.of() : List.of("probability");
    return (Map<?, ?>)
        PythonRuntime.shared()
            .callWithKeywords(
                "explain4j_testing.inseq_reference.inseq_aggregated",
                List.of(dir, in, target, method),
                Map.of("step_scores", scores));
  }

  @Test
  void decoderOnlyMethodsMatchInseqAfterJavaAggregation() {
    String input = "The capital of France";
    String target = "The capital of France is Paris";
    for (String method : List.of("saliency", "input_x_gradient", "attention", "occlusion")) {
      AttributionOptions.Builder b = AttributionOptions.builder().optMethod(method);
      if (!FINAL_STEP.contains(method)) {
        b.optStepScores("probability");
      }
      AttributionOptions o = b.build();
      AttributionResult r = new Attributor(gpt2).attribute(input, target, o);
      assertNull(r.source(), "decoder-only: the prompt is in the target");
      AggregatedAttribution agg = r.aggregate();
      Map<?, ?> ref = inseq(GPT2, input, target, method);
      assertEquals(ref.get("targetTokens"), r.targetTokens(), method);
      assertMatches((List<?>) ref.get("target"), agg.target(), 1e-4);
      List<?> prob = (List<?>) ((Map<?, ?>) ref.get("stepScores")).get("probability");
      float[] ours = agg.stepScores().getOrDefault("probability", new float[0]);
      assertEquals(prob == null ? 0 : r.steps(), ours.length);
      for (int i = 0; i < ours.length; i++) {
        assertEquals(((Number) prob.get(i)).doubleValue(), ours[i], 1e-5, method);
      }
      assertEquals(method, r.provenance().method());
      assertEquals("GPT2LMHeadModel", r.provenance().model().architecture());
    }
  }

  @Test
  void encoderDecoderHasSourceRows() {
    AttributionResult r =
        new Attributor(t5)
            .attribute("translate the house", "das Haus", AttributionOptions.defaults());
    AggregatedAttribution agg = r.aggregate();
    Map<?, ?> ref = inseq(T5, "translate the house", "das Haus", "saliency");
    assertMatches((List<?>) ref.get("source"), agg.source(), 1e-4);
    assertEquals(r.sourceTokens().size(), agg.source().length);
    float[] first = agg.step(0);
    double sum = 0;
    for (float v : first) {
      sum += Float.isNaN(v) ? 0 : v;
    }
    assertEquals(1.0, sum, 1e-4, "each step column is normalised to sum 1");
  }

  @Test
  void generationWithoutTargetAndBadInput() {
    AttributionResult r =
        new Attributor(gpt2)
            .attribute("hello", AttributionOptions.builder().optMaxNewTokens(3).build());
    assertEquals(3, r.steps());
    AttributionOptions magic = AttributionOptions.builder().optMethod("magic").build();
    assertThrows(InvalidInputException.class, () -> new Attributor(gpt2).attribute("hello", magic));
    AttributionOptions vibes = AttributionOptions.builder().optStepScores("vibes").build();
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class, () -> new Attributor(gpt2).attribute("hello", vibes));
    assertTrue(e.getMessage().contains("vibes"));
    assertThrows(
        InvalidInputException.class,
        () ->
            new Attributor(gpt2)
                .attribute(List.of("a", "b"), List.of("a"), AttributionOptions.defaults()));
  }
}
