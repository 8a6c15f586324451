package dev.explain4j.attribution;

import dev.explain4j.Explain4jHome;
import dev.explain4j.model.Model;
import dev.explain4j.model.ModelOptions;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The slow group: context reliance on the default model (SmolLM2-135M-Instruct) in float64 against
 * Inseq's {@code attribute-context}: the output, CTI scores and selection, every selected token's
 * context scores (1e-4 relative) and the cue tokens. A forced output matches exactly; the model's
 * own continuation starts with a lone space token ("Ġ"), where Inseq's CCI is one token late.
 */
@Tag("slow")
class DefaultModelContextParityTest {
  private static final String CONTEXT = "George was sick yesterday.";
  private static final String CURRENT = "His colleagues asked him";
  private static final String FORCED = "to stay at home and rest.";

  @Test
  void matchesInseqOnTheDefaultModel() {
    String dir = Explain4jHome.defaultModelDir().toString();
    try (Model model =
        Model.load(dir, ModelOptions.builder().optDevice("cpu").optDtype("float64").build())) {
      ContextRelianceOptions forced =
          ContextRelianceOptions.builder()
              .optInputContextText(CONTEXT)
              .optOutputCurrentText(FORCED)
              .optContextSensitivityStdThreshold(0)
              .build();
      double worst =
          ContextParity.assertMatchesInseq(
              model,
              dir,
              CURRENT,
              forced,
              Map.of(
                  "input_context_text", CONTEXT,
                  "output_current_text", FORCED,
                  "context_sensitivity_std_threshold", 0.0));
      ContextRelianceOptions generated =
          ContextRelianceOptions.builder()
              .optInputContextText(CONTEXT)
              .optContextSensitivityStdThreshold(0)
              .optGenerationArg("max_new_tokens", 6)
              .build();
      double shifted =
          ContextParity.assertMatchesInseq(
              model,
              dir,
              CURRENT,
              generated,
              Map.of(
                  "input_context_text",
                  CONTEXT,
                  "context_sensitivity_std_threshold",
                  0.0,
                  "generation_kwargs",
                  Map.of("max_new_tokens", 6)),
              1);
      System.out.printf(
          "context parity on the default model: worst relative %.2e%n", Math.max(worst, shifted));
    }
  }
}
