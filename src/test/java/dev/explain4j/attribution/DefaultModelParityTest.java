package dev.explain4j.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.explain4j.Explain4jHome;
import dev.explain4j.model.Model;
import dev.explain4j.model.ModelOptions;
import dev.explain4j.runtime.PythonRuntime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The slow group: Inseq's numbers on the real default model (SmolLM2-135M-Instruct), from Java. */
@Tag("slow")
class DefaultModelParityTest {
  @Test
  void gradientMethodsMatchInseqOnTheDefaultModel() {
    String dir = Explain4jHome.defaultModelDir().toString();
    String input = "The capital of France is";
    String target = "The capital of France is Paris.";
    try (Model model = Model.load(dir, ModelOptions.builder().optDevice("cpu").build())) {
      for (String method : List.of("saliency", "input_x_gradient")) {
        AttributionResult r =
            new Attributor(model)
                .attribute(
                    input,
                    target,
                    AttributionOptions.builder()
                        .optMethod(method)
                        .optStepScores("probability")
                        .build());
        Map<?, ?> ref =
            (Map<?, ?>)
                PythonRuntime.shared()
                    .callWithKeywords(
                        "explain4j.testing.inseq_aggregated",
                        List.of(dir, input, target, method),
                        Map.of("step_scores", List.of("probability")));
        assertEquals(ref.get("targetTokens"), r.targetTokens(), method);
        float[][] ours = r.aggregate().target();
        List<?> expected = (List<?>) ref.get("target");
        double worstRel = 0;
        for (int k = 0; k < ours[0].length; k++) {
          double columnMax = 0;
          for (int row = 0; row < ours.length; row++) {
            double e = ((Number) ((List<?>) expected.get(row)).get(k)).doubleValue();
            columnMax = Double.isNaN(e) ? columnMax : Math.max(columnMax, Math.abs(e));
          }
          for (int row = 0; row < ours.length; row++) {
            double e = ((Number) ((List<?>) expected.get(row)).get(k)).doubleValue();
            if (Double.isNaN(e)) {
              assertEquals(Float.NaN, ours[row][k], method + " NaN at " + row + "," + k);
              continue;
            }
            double diff = Math.abs(e - ours[row][k]);
            worstRel = Math.max(worstRel, diff / Math.max(Math.abs(e), 1e-12));
            // rtol 1e-4 with an atol of 1e-5 of the column's largest score (float32 over 30 layers)
            assertEquals(e, ours[row][k], 1e-4 * Math.abs(e) + 1e-5 * columnMax, method);
          }
        }
        System.out.printf(
            "default model %s: worst relative difference to Inseq %.2e%n", method, worstRel);
        List<?> prob = (List<?>) ((Map<?, ?>) ref.get("stepScores")).get("probability");
        float[] p = r.stepScores().get("probability");
        for (int i = 0; i < p.length; i++) {
          assertEquals(((Number) prob.get(i)).doubleValue(), p[i], 1e-5, method + " probability");
        }
      }
    }
  }
}
