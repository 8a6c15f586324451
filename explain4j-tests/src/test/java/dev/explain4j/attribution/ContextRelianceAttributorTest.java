package dev.explain4j.attribution;

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
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Context reliance against Inseq 0.7.1's own {@code attribute-context} on the tiny GPT-2, Llama and
 * T5, in float64: texts, CTI tokens, scores and selection, every selected token's context scores
 * (within 1e-4 relative) and the cue tokens Inseq's view marks.
 */
@Tag("python")
class ContextRelianceAttributorTest {
  private static final String CONTEXT = "George was sick yesterday.";
  private static final String CURRENT = "His colleagues asked him";
  private static final Map<String, Model> MODELS = new HashMap<>();

  @AfterAll
  static void closeModels() {
    MODELS.values().forEach(Model::close);
    MODELS.clear();
  }

  private static String dir(String name) {
    return "tests/fixtures/tiny-models/" + name;
  }

  private static Model model(String name) {
    return MODELS.computeIfAbsent(
        name,
        n ->
            Model.load(
                Path.of(dir(n)),
                ModelOptions.builder().optDevice("cpu").optDtype("float64").build()));
  }

  @Test
  void generatedOutputOnLlamaMatchesInseq() {
    ContextRelianceOptions o =
        ContextRelianceOptions.builder()
            .optInputContextText(CONTEXT)
            .optContextSensitivityStdThreshold(0)
            .optGenerationArg("max_new_tokens", 8)
            .build();
    ContextParity.assertMatchesInseq(
        model("llama"),
        dir("llama"),
        CURRENT,
        o,
        Map.of(
            "input_context_text",
            CONTEXT,
            "context_sensitivity_std_threshold",
            0.0,
            "generation_kwargs",
            Map.of("max_new_tokens", 8)));
  }

  /**
   * GPT-2 generates " CC…", which the contextless run tokenizes as "Ġ", "C", "C": CTI matches
   * Inseq; CCI attributes each selected token itself, where Inseq attributes the next one.
   */
  @Test
  void aLoneSeparatorTokenShiftsInseqsCciByOne() {
    ContextRelianceOptions o =
        ContextRelianceOptions.builder()
            .optInputContextText(CONTEXT)
            .optContextSensitivityStdThreshold(0)
            .optGenerationArg("max_new_tokens", 8)
            .build();
    ContextParity.assertMatchesInseq(
        model("gpt2"),
        dir("gpt2"),
        CURRENT,
        o,
        Map.of(
            "input_context_text",
            CONTEXT,
            "context_sensitivity_std_threshold",
            0.0,
            "generation_kwargs",
            Map.of("max_new_tokens", 8)),
        1);
  }

  @Test
  void outputContextContrastiveFnAndTopkOnGpt2MatchInseq() {
    ContextRelianceOptions o =
        ContextRelianceOptions.builder()
            .optInputContextText(CONTEXT)
            .optOutputContextText("He said")
            .optOutputCurrentText("that he was fine")
            .optContextSensitivityMetric("pcxmi")
            .optContextSensitivityStdThreshold(0.5)
            .optContextSensitivityTopk(3)
            .optAttributionStdThreshold(0.5)
            .optAttributedFn("contrast_prob_diff")
            .build();
    ContextParity.assertMatchesInseq(
        model("gpt2"),
        dir("gpt2"),
        CURRENT,
        o,
        Map.of(
            "input_context_text",
            CONTEXT,
            "output_context_text",
            "He said",
            "output_current_text",
            "that he was fine",
            "context_sensitivity_metric",
            "pcxmi",
            "context_sensitivity_std_threshold",
            0.5,
            "context_sensitivity_topk",
            3,
            "attribution_std_threshold",
            0.5,
            "attributed_fn",
            "contrast_prob_diff"));
  }

  @Test
  void integratedGradientsOnLlamaMatchesInseq() {
    ContextRelianceOptions o =
        ContextRelianceOptions.builder()
            .optInputContextText(CONTEXT)
            .optOutputCurrentText("and then left")
            .optAttributionMethod("integrated_gradients")
            .optMethodArg("n_steps", 10)
            .build();
    ContextParity.assertMatchesInseq(
        model("llama"),
        dir("llama"),
        CURRENT,
        o,
        Map.of(
            "input_context_text",
            CONTEXT,
            "output_current_text",
            "and then left",
            "attribution_method",
            "integrated_gradients",
            "attribution_kwargs",
            Map.of("n_steps", 10)));
  }

  @Test
  void encoderDecoderT5MatchesInseq() {
    ContextRelianceOptions o =
        ContextRelianceOptions.builder()
            .optInputContextText(CONTEXT)
            .optOutputContextText("das Haus")
            .optOutputCurrentText("ist klein")
            .optContextSensitivityStdThreshold(0)
            .optAttributionMethod("input_x_gradient")
            .build();
    ContextParity.assertMatchesInseq(
        model("t5"),
        dir("t5"),
        CURRENT,
        o,
        Map.of(
            "input_context_text", CONTEXT,
            "output_context_text", "das Haus",
            "output_current_text", "ist klein",
            "context_sensitivity_std_threshold", 0.0,
            "attribution_method", "input_x_gradient"));
  }

  @Test
  void resultCarriesProvenanceAndCopies() {
    ContextRelianceOptions o =
        ContextRelianceOptions.builder()
            .optInputContextText(CONTEXT)
            .optOutputCurrentText("and he said no")
            .optContextSensitivityStdThreshold(0)
            .build();
    ContextRelianceResult r = new ContextRelianceAttributor(model("gpt2")).attribute(CURRENT, o);
    assertEquals(o, r.provenance().options());
    assertEquals("float64", r.provenance().model().dtype());
    assertFalse(r.provenance().explain4jVersion().isBlank());
    assertThrows(UnsupportedOperationException.class, () -> r.ctiScores().add(1.0));
    ContextCue first = r.cues().get(0);
    assertEquals(r.inputContextTokens().size(), first.inputContextScores().size());
    assertTrue(first.ctiScore() >= r.ctiThreshold());
  }

  @Test
  void badInputIsOneLineAndTheRuntimeStaysUsable() {
    Model gpt2 = model("gpt2");
    ContextRelianceAttributor a = new ContextRelianceAttributor(gpt2);
    List<Supplier<Object>> calls =
        List.of(
            () -> ContextRelianceOptions.builder().optInputContextText("  ").build(),
            () -> a.attribute("", ContextRelianceOptions.builder().build()),
            () ->
                a.attribute(
                    CURRENT,
                    ContextRelianceOptions.builder()
                        .optInputContextText(CONTEXT)
                        .optContextSensitivityMetric("probability")
                        .build()),
            () ->
                a.attribute(
                    CURRENT,
                    ContextRelianceOptions.builder()
                        .optInputContextText(CONTEXT)
                        .optAttributionMethod("nope")
                        .build()),
            () -> ContextRelianceOptions.builder().optHandleOutputContextStrategy("manual").build(),
            () ->
                ContextRelianceOptions.builder()
                    .optInputContextText(CONTEXT)
                    .optInputTemplate("{context}")
                    .build());
    List<String> words =
        List.of(
            "optInputContextText: the input context is empty",
            "input current text is empty",
            "unknown context sensitivity metric in"
                + " ContextRelianceOptions.builder().optContextSensitivityMetric(\"probability\")",
            "unknown attribution method 'nope'",
            "strategy in ContextRelianceOptions.builder().optHandleOutputContextStrategy(\"manual\")",
            "optInputTemplate(\"{context}\") lacks the {current} placeholder");
    for (int i = 0; i < calls.size(); i++) {
      Supplier<Object> call = calls.get(i);
      InvalidInputException e = assertThrows(InvalidInputException.class, call::get);
      assertTrue(e.getMessage().contains(words.get(i)), e.getMessage());
      assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
    assertEquals(7L, PythonRuntime.shared().call("explain4j_testing.bridge.add", 3, 4));
    ContextRelianceResult ok =
        a.attribute(
            CURRENT,
            ContextRelianceOptions.builder()
                .optInputContextText(CONTEXT)
                .optOutputCurrentText("fine")
                .build());
    assertEquals(ok.outputCurrentTokens().size(), ok.ctiScores().size());
  }
}
