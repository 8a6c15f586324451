package dev.explain4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.explain4j.Explain4jHome;
import dev.explain4j.runtime.PythonRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The default model, loaded offline from the cache {@code bin/setup} filled. */
@Tag("python")
@Tag("slow")
class DefaultModelTest {
  @Test
  void loadsOfflineAndGreedyGenerationIsDeterministic() {
    Path dir = Explain4jHome.defaultModelDir();
    assertTrue(Files.isDirectory(dir), "bin/setup puts the default model at " + dir);
    assertEquals("1", System.getenv("HF_HUB_OFFLINE"));
    PythonRuntime.shared().call("explain4j.models.cuda_available");
    long start = System.nanoTime();
    try (Model model = Model.load(dir, ModelOptions.builder().optDevice("cpu").build())) {
      long loaded = System.nanoTime();
      assertEquals(ModelKind.DECODER_ONLY, model.kind());
      assertEquals("LlamaForCausalLM", model.info().architecture());
      assertEquals(30, model.config().numLayers());
      assertEquals(576, model.config().hiddenSize());
      assertEquals("eager", model.info().attentionImplementation());
      GenerationOptions greedy =
          GenerationOptions.builder().optMaxNewTokens(16).optApplyChatTemplate(true).build();
      GenerationResult first = model.generate("What is the capital of France?", greedy);
      long generated = System.nanoTime();
      GenerationResult second = model.generate("What is the capital of France?", greedy);
      long again = System.nanoTime();
      assertFalse(first.text().isBlank(), first.toString());
      assertEquals(first.generatedIds(), second.generatedIds());
      assertEquals(first.text(), second.text());
      System.out.printf(
          "default model: load %.2f s, %d tokens generated in %.2f s (again %.2f s): %s%n",
          (loaded - start) / 1e9,
          first.generatedIds().size(),
          (generated - loaded) / 1e9,
          (again - generated) / 1e9,
          first.text());
    }
  }
}
