package dev.explain4j.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every method against the real Inseq 0.7.1, through the Java aggregation users get: the tiny
 * GPT-2, Llama and T5 with forced targets, Inseq's {@code aggregate()} on one side and {@link
 * AttributionResult#aggregate()} on the other. GradientSHAP and LIME seed torch and NumPy the same
 * way before each run (ReAGent too: it matches Inseq exactly from the same seed when both use
 * explain4j's token groups, see {@code
 * explain4j_testing.inseq_reference.use_explain4j_token_groups}); Inseq's LIME fits its ridge in
 * NumPy ({@code explain4j_testing.inseq_reference.numpy_ridge_train}). Inseq's value zeroing runs
 * on the decoder-only models once told what transformers 5 renamed ({@code
 * inseq_reference.value_zeroing_on_transformers5}). Integrated gradients (plain, layer, sequential
 * and discretized) and LIME use fewer points and samples than Inseq's defaults, to stay fast (the
 * Python parity suite runs the defaults on GPT-2).
 */
@Tag("python")
class MethodParityTest {
  private static final long SEED = 1234;
  private static final Map<String, String[]> CASES =
      Map.of(
          "gpt2", new String[] {"hello world", "hello world and more text"},
          "llama", new String[] {"The quick brown", "The quick brown fox jumps"},
          "t5", new String[] {"The quick brown fox", "das Haus ist"});
  private static final Map<String, Map<String, Object>> LIGHT =
      Map.of(
          "integrated_gradients", Map.of("n_steps", 12),
          "layer_integrated_gradients", Map.of("n_steps", 12),
          "sequential_integrated_gradients", Map.of("n_steps", 8),
          "discretized_integrated_gradients", Map.of("n_steps", 8),
          "lime", Map.of("n_samples", 16));

  /** Attributed on T5's source only: Inseq's SIG needs source and target of one length. */
  private static final List<String> SOURCE_ONLY =
      List.of("lime", "sequential_integrated_gradients");

  /**
   * ReAGent's probes stop once the target is among the top k predictions; the tiny models rank the
   * forced targets low, so k is large (per vocabulary) and probes are few, to keep the runs short.
   * Both engines draw from torch's generator in the same order and use the same token groups.
   */
  private static final Map<String, Integer> REAGENT_TOP_K =
      Map.of("gpt2", 2000, "llama", 200, "t5", 5000);

  /** Inseq refuses step scores for these ("final-step") methods. */
  private static final List<String> FINAL_STEP = List.of("attention", "occlusion", "value_zeroing");

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

  @ParameterizedTest(name = "{0} on {1}")
  @CsvSource({
    "saliency, gpt2",
    "saliency, llama",
    "saliency, t5",
    "input_x_gradient, gpt2",
    "input_x_gradient, llama",
    "input_x_gradient, t5",
    "integrated_gradients, gpt2",
    "integrated_gradients, llama",
    "integrated_gradients, t5",
    "discretized_integrated_gradients, gpt2",
    "discretized_integrated_gradients, llama",
    "discretized_integrated_gradients, t5",
    "deeplift, gpt2",
    "deeplift, llama",
    "deeplift, t5",
    "gradient_shap, gpt2",
    "gradient_shap, llama",
    "gradient_shap, t5",
    "attention, gpt2",
    "attention, llama",
    "attention, t5",
    "occlusion, gpt2",
    "occlusion, llama",
    "occlusion, t5",
    "lime, gpt2",
    "lime, llama",
    "lime, t5",
    "sequential_integrated_gradients, gpt2",
    "sequential_integrated_gradients, llama",
    "sequential_integrated_gradients, t5",
    "value_zeroing, gpt2",
    "value_zeroing, llama",
    "value_zeroing, t5",
    "reagent, gpt2",
    "reagent, llama",
    "reagent, t5"
  })
  void javaAggregationMatchesInseq(String method, String name) {
    compare(method, name, null);
  }

  /**
   * Layer methods at the default layer and at a decoder block. Inseq's default for T5 ({@code
   * get_input_embeddings()}, the shared matrix) is a module the encoder never calls, so Inseq fails
   * there: it gets the encoder's embedding module, which is explain4j's default. Inseq's forward
   * drops the baseline ids for layer methods; the reference swaps them back in ({@code
   * inseq_reference.read_baseline_ids}).
   */
  @ParameterizedTest(name = "{0} on {1} at {2}")
  @CsvSource({
    "layer_gradient_x_activation, gpt2, ''",
    "layer_gradient_x_activation, llama, ''",
    "layer_gradient_x_activation, t5, ''",
    "layer_gradient_x_activation, llama, model.layers.0",
    "layer_integrated_gradients, gpt2, ''",
    "layer_integrated_gradients, llama, ''",
    "layer_integrated_gradients, t5, ''",
    "layer_integrated_gradients, llama, model.layers.1",
    "layer_deeplift, gpt2, ''",
    "layer_deeplift, llama, ''",
    "layer_deeplift, t5, ''",
    "layer_deeplift, llama, model.layers.0.mlp"
  })
  void layerMethodsMatchInseq(String method, String name, String layer) {
    compare(method, name, layer.isEmpty() ? null : layer);
  }

  private void compare(String method, String name, String layer) {
    String input = CASES.get(name)[0];
    String target = CASES.get(name)[1];
    List<String> scores = FINAL_STEP.contains(method) ? List.of() : List.of("probability");
    boolean attributeTarget =
        name.equals("t5") && !SOURCE_ONLY.contains(method) && !method.startsWith("layer_");
    Map<String, Object> light = LIGHT.getOrDefault(method, Map.of());
    if (method.equals("reagent")) {
      light =
          Map.of(
              "keep_top_n", 2,
              "num_probes", 4,
              "max_probe_steps", 50,
              "stopping_condition_top_k", REAGENT_TOP_K.get(name));
    }
    AttributionOptions.Builder b =
        AttributionOptions.builder()
            .optMethod(method)
            .optStepScores(scores.toArray(String[]::new))
            .optAttributeTarget(attributeTarget);
    light.forEach(b::optMethodArg);
    Map<String, Object> load = new LinkedHashMap<>();
    if (layer != null) {
      b.optTargetLayer(layer);
      load.put("target_layer", layer);
    } else if (method.startsWith("layer_") && name.equals("t5")) {
      load.put("target_layer", "encoder.embed_tokens");
    }
    PythonRuntime py = PythonRuntime.shared();
    py.call("explain4j_testing.inseq_reference.seed_all", SEED);
    AttributionResult r = new Attributor(model(name)).attribute(input, target, b.build());
    Map<String, Object> kw = new LinkedHashMap<>(light);
    kw.put("step_scores", scores);
    kw.put("seed", SEED);
    kw.put("attribute_target", attributeTarget);
    kw.put("load_args", load);
    Map<?, ?> ref =
        (Map<?, ?>)
            py.callWithKeywords(
                "explain4j_testing.inseq_reference.inseq_aggregated",
                List.of(dir(name), input, target, method),
                kw);
    String what = method + " on " + name + (layer == null ? "" : " at " + layer);
    assertEquals(ref.get("targetTokens"), r.targetTokens(), what);
    AggregatedAttribution agg = r.aggregate();
    double atol = method.equals("occlusion") ? 1e-6 : 0;
    for (String side : List.of("source", "target")) {
      float[][] ours = side.equals("source") ? agg.source() : agg.target();
      if (ref.get(side) == null) {
        assertNull(ours, what + ": no " + side + " rows");
      } else {
        assertClose((List<?>) ref.get(side), ours, atol, what + " " + side);
      }
    }
    for (String s : scores) {
      List<?> expected = (List<?>) ((Map<?, ?>) ref.get("stepScores")).get(s);
      float[] ours = agg.stepScores().get(s);
      assertEquals(expected.size(), ours.length, what + " " + s);
      for (int i = 0; i < ours.length; i++) {
        double e = ((Number) expected.get(i)).doubleValue();
        assertEquals(e, ours[i], 1e-4 * Math.abs(e) + 1e-6, what + " " + s + " at " + i);
      }
    }
  }

  /** Same shape and NaN layout; within 1e-4 relative plus 1e-5 of the largest |value|. */
  private static void assertClose(List<?> expected, float[][] ours, double atol, String what) {
    assertEquals(expected.size(), ours.length, what + " rows");
    double scale = 0;
    for (Object row : expected) {
      for (Object v : (List<?>) row) {
        double e = ((Number) v).doubleValue();
        scale = Double.isNaN(e) ? scale : Math.max(scale, Math.abs(e));
      }
    }
    double floor = Math.max(atol, 1e-5 * scale);
    for (int i = 0; i < ours.length; i++) {
      List<?> row = (List<?>) expected.get(i);
      assertEquals(row.size(), ours[i].length, what + " columns of row " + i);
      for (int k = 0; k < ours[i].length; k++) {
        double e = ((Number) row.get(k)).doubleValue();
        String at = what + " at " + i + "," + k;
        if (Double.isNaN(e)) {
          assertTrue(Float.isNaN(ours[i][k]), at + ": NaN expected, got " + ours[i][k]);
        } else {
          assertEquals(e, ours[i][k], 1e-4 * Math.abs(e) + floor, at);
        }
      }
    }
  }
}
