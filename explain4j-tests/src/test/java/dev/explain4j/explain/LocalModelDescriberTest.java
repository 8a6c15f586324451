package dev.explain4j.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.explain4j.InvalidInputException;
import dev.explain4j.attention.AttentionCapture;
import dev.explain4j.model.GenerationOptions;
import dev.explain4j.model.Model;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("python")
class LocalModelDescriberTest {

  /** Describes a head of captured attention with a local model: the answer is its generation. */
  static HeadDescription describe(Model model, int maxNewTokens) {
    try (BufferAllocator alloc = new RootAllocator();
        AttentionCapture a = AttentionCapture.of(alloc, model, "The cat sat on the mat.");
        AttentionCapture b = AttentionCapture.of(alloc, model, "A dog ran in the park.")) {
      LocalModelDescriber local = LocalModelDescriber.using(model, maxNewTokens);
      HeadExplainer e = new HeadExplainer(List.of(a.get("decoder"), b.get("decoder")), 1, local);
      HeadDescription d = e.describeHead(0, 1, 5);
      String expected =
          model
              .generate(
                  d.prompt(),
                  GenerationOptions.builder()
                      .optMaxNewTokens(maxNewTokens)
                      .optApplyChatTemplate(model.config().hasChatTemplate())
                      .build())
              .text()
              .strip();
      assertEquals(expected, d.description());
      assertEquals("local:" + model.info().source(), d.describer());
      return d;
    }
  }

  @Test
  void tinyLlamaAnswersShortPromptsAndNamesItselfOnLongOnes() {
    try (Model llama =
        Model.load(ExplainSessionTest.MODELS.resolve("llama"), ExplainSessionTest.CPU)) {
      LocalModelDescriber local = LocalModelDescriber.using(llama, 4);
      String expected =
          llama
              .generate(
                  "what head?",
                  GenerationOptions.builder().optMaxNewTokens(4).optApplyChatTemplate(true).build())
              .text();
      assertEquals(expected, local.describe("what head?"));
      // the tiny model has 128 positions: a full head prompt is too long, and the error says so
      InvalidInputException e = assertThrows(InvalidInputException.class, () -> describe(llama, 4));
      assertTrue(e.getMessage().contains(llama.info().source()), e.getMessage());
    }
  }
}
