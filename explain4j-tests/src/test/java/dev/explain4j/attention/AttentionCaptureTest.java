package dev.explain4j.attention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.explain4j.InvalidInputException;
import dev.explain4j.model.GenerationOptions;
import dev.explain4j.model.GenerationResult;
import dev.explain4j.model.Model;
import dev.explain4j.model.ModelOptions;
import dev.explain4j.runtime.PythonRuntime;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("python")
class AttentionCaptureTest {
  private static final Path MODELS = Path.of("tests", "fixtures", "tiny-models");
  private static final ModelOptions CPU = ModelOptions.builder().optDevice("cpu").build();
  private BufferAllocator allocator;

  @BeforeEach
  void open() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void close() {
    allocator.close();
  }

  private static void assertMatchesReference(
      AttentionMaps maps,
      String dir,
      String kind,
      List<Integer> ids,
      List<Integer> dec,
      String which) {
    List<?> ref =
        (List<?>)
            PythonRuntime.shared()
                .call(
                    "explain4j_testing.models.reference_attention",
                    MODELS.resolve(dir).toString(),
                    kind,
                    ids,
                    dec,
                    which);
    int n = maps.layers() * maps.heads() * maps.queries() * maps.keys();
    assertEquals(ref.size(), n);
    int i = 0;
    for (int l = 0; l < maps.layers(); l++) {
      for (int h = 0; h < maps.heads(); h++) {
        for (int q = 0; q < maps.queries(); q++) {
          for (int k = 0; k < maps.keys(); k++) {
            assertEquals(((Number) ref.get(i++)).floatValue(), maps.get(l, h, q, k), 1e-6f);
          }
        }
      }
    }
  }

  @Test
  void decoderAttentionOverPromptAndGeneratedTokensInOnePass() {
    try (Model model = Model.load(MODELS.resolve("gpt2"), CPU)) {
      GenerationResult gen =
          model.generate(
              "The capital of France", GenerationOptions.builder().optMaxNewTokens(4).build());
      try (AttentionCapture cap = AttentionCapture.of(allocator, model, gen)) {
        assertEquals(1, cap.maps().size());
        AttentionMaps maps = cap.get("decoder");
        int total = gen.promptIds().size() + gen.generatedIds().size();
        assertEquals(2, maps.layers());
        assertEquals(4, maps.heads());
        assertEquals(total, maps.queries());
        assertTrue(maps.isCausal());
        assertEquals("eager", cap.implementation());
        List<Integer> all = new java.util.ArrayList<>(gen.promptIds());
        all.addAll(gen.generatedIds());
        assertMatchesReference(maps, "gpt2", "decoder", all, null, "attentions");
        for (int q = 0; q < total; q++) {
          float row = 0;
          for (int k = 0; k < total; k++) {
            row += maps.get(1, 2, q, k);
          }
          assertEquals(1f, row, 1e-5f);
        }
        assertEquals(
            gen.generatedTokens().get(3).replace('Ġ', ' '), maps.queryTokens().get(total - 1));
      }
    }
  }

  @Test
  void encoderDecoderGivesThreeSets() {
    try (Model model = Model.load(MODELS.resolve("t5"), CPU)) {
      GenerationResult forced = model.force("translate the house", "das Haus");
      try (AttentionCapture cap = AttentionCapture.of(allocator, model, forced)) {
        assertEquals(3, cap.maps().size());
        AttentionMaps enc = cap.get("encoder");
        AttentionMaps dec = cap.get("decoder");
        AttentionMaps cross = cap.get("cross");
        assertEquals(forced.promptIds().size(), enc.queries());
        assertEquals(forced.allIds().size(), dec.queries());
        assertEquals(dec.queries(), cross.queries());
        assertEquals(enc.keys(), cross.keys());
        assertEquals(enc.queryTokens(), cross.keyTokens());
        assertTrue(dec.isCausal());
        assertEquals("cross-attention", cross.label());
        assertMatchesReference(
            cross,
            "t5",
            "encoder-decoder",
            forced.promptIds(),
            forced.allIds(),
            "cross_attentions");
        assertMatchesReference(
            enc,
            "t5",
            "encoder-decoder",
            forced.promptIds(),
            forced.allIds(),
            "encoder_attentions");
      }
    }
  }

  @Test
  void encoderOnlyAndLlama() {
    try (Model bert = Model.load(MODELS.resolve("bert"), CPU);
        AttentionCapture cap = AttentionCapture.of(allocator, bert, "the quick brown fox")) {
      AttentionMaps maps = cap.get("encoder");
      assertEquals("[CLS]", maps.queryTokens().get(0));
      assertTrue(!maps.isCausal());
      InvalidInputException e = assertThrows(InvalidInputException.class, () -> cap.get("cross"));
      assertTrue(e.getMessage().contains("encoder"), e.getMessage());
    }
    try (Model llama = Model.load(MODELS.resolve("llama"), CPU);
        AttentionCapture cap = AttentionCapture.of(allocator, llama, "Attention is all")) {
      AttentionMaps maps = cap.get("decoder");
      assertEquals(4, maps.heads());
      assertTrue(maps.isCausal());
    }
  }

  @Test
  void sdpaModelIsSwitchedToEagerForTheCaptureAndSaysSo() {
    ModelOptions sdpa =
        ModelOptions.builder().optDevice("cpu").optAttentionImplementation("sdpa").build();
    try (Model model = Model.load(MODELS.resolve("gpt2"), sdpa);
        AttentionCapture cap = AttentionCapture.of(allocator, model, "hello world")) {
      assertTrue(cap.implementation().contains("switched from sdpa"), cap.implementation());
      assertTrue(cap.get("decoder").isCausal());
    }
  }

  @Test
  void float64ModelIsCapturedAsFloat32() {
    ModelOptions f64 = CPU.toBuilder().optDtype("float64").build();
    try (Model model = Model.load(MODELS.resolve("gpt2"), f64)) {
      GenerationResult gen =
          model.generate("hello world", GenerationOptions.builder().optMaxNewTokens(2).build());
      try (AttentionCapture cap = AttentionCapture.of(allocator, model, gen)) {
        List<Integer> all = new java.util.ArrayList<>(gen.promptIds());
        all.addAll(gen.generatedIds());
        assertEquals("float64", model.info().dtype());
        assertMatchesReference(cap.get("decoder"), "gpt2", "decoder", all, null, "attentions");
      }
    }
  }
}
