package dev.explain4j.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.explain4j.Explain4jHome;
import dev.explain4j.internal.ModelAccess;
import dev.explain4j.model.GenerationOptions;
import dev.explain4j.model.Model;
import dev.explain4j.runtime.PythonRuntime;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The default model (SmolLM2-135M-Instruct: Llama family, rotary, GQA, chat template). */
@Tag("slow")
class DefaultModelExplainTest {

  @Test
  void chatSessionOnTheDefaultModel() {
    String input = "What is the capital of France?";
    try (Model model = Model.load(Explain4jHome.defaultModelDir(), ExplainSessionTest.CPU);
        ExplainSession s =
            ExplainSession.open(
                model, Task.chat(null), EnumSet.of(Capture.ATTENTION, Capture.GRADIENT))) {
      Explanation out = s.generate(input, GenerationOptions.builder().optMaxNewTokens(12).build());
      assertFalse(out.prediction().isBlank());
      TokenAttention a = out.attention();
      assertEquals("kv-cache-rotary", a.method());
      assertEquals(model.config().numLayers(), a.layers());
      assertEquals(model.config().numHeads(), a.heads());
      double diff = ExplainSessionTest.maxCachedVsUncached(model, input, out);
      System.out.println("default model cached vs uncached max abs diff: " + diff);
      assertTrue(diff < 1e-4, "max abs diff " + diff);

      LabelGradients g = s.compute("The capital of France is Paris.");
      List<Integer> labels =
          PyLists.ints(
              PythonRuntime.shared()
                  .call(
                      "explain4j.explain.encode_labels",
                      ModelAccess.handle(model),
                      "The capital of France is Paris."));
      Map<?, ?> ref =
          (Map<?, ?>)
              PythonRuntime.shared()
                  .call(
                      "explain4j_testing.explain.reference_label_gradients",
                      ModelAccess.handle(model),
                      out.promptIds(),
                      labels);
      ExplainSessionTest.assertClose(ref.get("saliency"), g.saliency(), 1e-4);
      ExplainSessionTest.assertClose(ref.get("block"), g.blockGradientXInput(), 1e-4);
      assertEquals(model.config().numLayers(), g.layers());
    }
  }

  @Test
  void theDefaultModelDescribesAHeadLocally() {
    try (Model model = Model.load(Explain4jHome.defaultModelDir(), ExplainSessionTest.CPU)) {
      HeadDescription d = LocalModelDescriberTest.describe(model, 40);
      assertFalse(d.description().isBlank());
      System.out.println("default model on head 0.1: " + d.description());
    }
  }
}
