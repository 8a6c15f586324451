package dev.explain4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.explain4j.runtime.PythonRuntime;
import java.nio.file.Path;

/** Paths of the committed tiny test models and a check that the runtime still answers. */
final class TinyModels {
  static final Path ROOT = Path.of("tests", "fixtures", "tiny-models");
  static final Path GPT2 = ROOT.resolve("gpt2");
  static final Path LLAMA = ROOT.resolve("llama");
  static final Path T5 = ROOT.resolve("t5");
  static final Path BERT = ROOT.resolve("bert");
  static final ModelOptions CPU = ModelOptions.builder().optDevice("cpu").build();

  private TinyModels() {}

  static Model load(Path dir) {
    return Model.load(dir, CPU);
  }

  /** A plain call and a model call both still work. */
  static void assertRuntimeUsable(Model model) {
    assertEquals(7L, PythonRuntime.shared().call("explain4j_testing.bridge.add", 3, 4));
    if (model != null) {
      assertEquals(model.info().source(), model.forward("hello").provenance().source());
    }
  }
}
