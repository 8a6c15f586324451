package dev.explain4j.attribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.explain4j.InvalidInputException;
import dev.explain4j.model.Model;
import dev.explain4j.model.ModelOptions;
import dev.explain4j.runtime.PythonRuntime;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Inseq's {@code top_p_size} and {@code mc_dropout_prob_avg} step scores from Java, against Inseq
 * 0.7.1 on the tiny GPT-2, Llama and T5.
 *
 * <p>{@code mc_dropout_prob_avg} draws dropout masks from torch's generator. Only the first step
 * can be compared bit for bit: Inseq leaves the model in train mode after its first dropout passes,
 * so its later steps take their "original" probability from a noisy pass and its attribution passes
 * draw from the generator as well; explain4j restores eval mode. On the first step both seed the
 * same way and draw the same masks in the same order. Every step is compared one run per step in
 * {@code tests/python/test_step_scores_dropout_top_p.py}.
 */
@Tag("python")
class StepScoreParityTest {
  private static final long SEED = 99;
  private static final Map<String, String[]> CASES =
      Map.of(
          "gpt2", new String[] {"hello world", "hello world and more text"},
          "llama", new String[] {"The quick brown", "The quick brown fox jumps"},
          "t5", new String[] {"The quick brown fox", "das Haus ist"});
  private static final Map<String, Model> MODELS = new HashMap<>();

  @AfterAll
  static void closeModels() {
    MODELS.values().forEach(Model::close);
    MODELS.clear();
    PythonRuntime.shared().call("explain4j_testing.inseq_reference.drop_inseq_models");
  }

  private static String dir(String name) {
    return "tests/fixtures/tiny-models/" + name;
  }

  private static Model model(String name) {
    return MODELS.computeIfAbsent(
        name, n -> Model.load(Path.of(dir(n)), ModelOptions.builder().optDevice("cpu").build()));
  }

  private static float[] ours(String name, AttributionOptions options) {
    PythonRuntime.shared().call("explain4j_testing.inseq_reference.seed_all", SEED);
    try (AttributionResult r =
        new Attributor(model(name)).attribute(CASES.get(name)[0], CASES.get(name)[1], options)) {
      return r.stepScores().get(options.stepScores().get(0)).clone();
    }
  }

  private static List<?> inseq(String name, String score, Map<String, Object> args) {
    Map<String, Object> kw = new LinkedHashMap<>();
    kw.put("step_scores", List.of(score));
    kw.put("step_scores_args", args);
    kw.put("seed", SEED);
    Map<?, ?> ref =
        (Map<?, ?>)
            PythonRuntime.shared()
                .callWithKeywords(
                    "explain4j_testing.inseq_reference.inseq_aggregated",
                    List.of(dir(name), CASES.get(name)[0], CASES.get(name)[1], "saliency"),
                    kw);
    return (List<?>) ((Map<?, ?>) ref.get("stepScores")).get(score);
  }

  @ParameterizedTest
  @ValueSource(strings = {"gpt2", "llama", "t5"})
  void topPSizeMatchesInseqOnEveryStep(String name) {
    float[] ours =
        ours(
            name,
            AttributionOptions.builder()
                .optStepScores("top_p_size")
                .optStepScoreArg("top_p", 0.5)
                .build());
    List<?> ref = inseq(name, "top_p_size", Map.of("top_p", 0.5));
    assertEquals(ref.size(), ours.length, name);
    for (int i = 0; i < ours.length; i++) {
      assertEquals(((Number) ref.get(i)).doubleValue(), ours[i], 0.0, name + " step " + i);
      assertTrue(ours[i] >= 1, name + " keeps at least one token");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"gpt2", "t5"})
  void mcDropoutProbAvgMatchesInseqOnTheFirstStepAndRepeatsWithTheSeed(String name) {
    AttributionOptions options =
        AttributionOptions.builder()
            .optStepScores("mc_dropout_prob_avg")
            .optStepScoreArg("n_mcd_steps", 6)
            .build();
    float[] first = ours(name, options);
    float[] again = ours(name, options);
    assertArrayEquals(first, again, name + ": same seed, same scores");
    List<?> ref = inseq(name, "mc_dropout_prob_avg", Map.of("n_mcd_steps", 6));
    assertEquals(ref.size(), first.length, name);
    double e = ((Number) ref.get(0)).doubleValue();
    assertTrue(Double.isFinite(e) && e != 0, name + ": Inseq's first z-score " + e);
    assertEquals(e, first[0], 1e-4 * Math.abs(e) + 1e-5, name + " first step");
  }

  @Test
  void mcDropoutProbAvgOnAModelWithoutDropoutIsOneLineAndTheRuntimeStaysUsable() {
    AttributionOptions options =
        AttributionOptions.builder().optStepScores("mc_dropout_prob_avg").build();
    String m = assertThrows(InvalidInputException.class, () -> ours("llama", options)).getMessage();
    assertTrue(m.contains("mc_dropout_prob_avg") && m.contains("no active dropout"), m);
    assertFalse(m.contains("\n"), m);
    float[] p = ours("llama", AttributionOptions.builder().optStepScores("probability").build());
    assertTrue(p.length > 0 && p[0] > 0 && p[0] < 1);
  }

  @Test
  void badStepScoreArgumentsAreNamedBeforePythonRuns() {
    MethodCatalog catalog = MethodCatalog.current();
    Map<AttributionOptions.Builder, String> cases = new LinkedHashMap<>();
    cases.put(
        AttributionOptions.builder().optStepScores("top_p_size"),
        "step score top_p_size needs its argument 'top_p' (a number from 0 to 1)");
    cases.put(
        AttributionOptions.builder().optStepScores("top_p_size").optStepScoreArg("top_p", 1.5),
        "step score top_p_size: top_p must be a number from 0 to 1, got 1.5");
    cases.put(
        AttributionOptions.builder()
            .optStepScores("mc_dropout_prob_avg")
            .optStepScoreArg("n_mcd_steps", 1),
        "step score mc_dropout_prob_avg: n_mcd_steps must be an integer of at least 2, got 1");
    cases.put(
        AttributionOptions.builder().optStepScores("probability").optStepScoreArg("top_p", 0.5),
        "step score argument 'top_p' is not taken by the chosen step scores (probability);"
            + " they take no arguments");
    cases.forEach(
        (b, expected) ->
            assertEquals(
                expected,
                assertThrows(InvalidInputException.class, () -> catalog.check(b.build()))
                    .getMessage()));
  }
}
