package dev.explain4j.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.explain4j.InvalidInputException;
import dev.explain4j.attention.AttentionCapture;
import dev.explain4j.attention.AttentionMaps;
import dev.explain4j.attribution.AttributionOptions;
import dev.explain4j.attribution.AttributionResult;
import dev.explain4j.attribution.Attributor;
import dev.explain4j.explain.CachedRows;
import dev.explain4j.explain.Capture;
import dev.explain4j.explain.ExplainSession;
import dev.explain4j.explain.Explanation;
import dev.explain4j.explain.LabelGradients;
import dev.explain4j.explain.Task;
import dev.explain4j.explain.TokenAttention;
import dev.explain4j.model.GenerationOptions;
import dev.explain4j.model.GenerationResult;
import dev.explain4j.model.Model;
import dev.explain4j.model.ModelKind;
import dev.explain4j.model.ModelOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tiny random models of many architectures, built from configs at test time by {@code
 * tests/fixtures/make_arch_models.py}, each with a tokenizer that behaves like its family's. Every
 * generative one attributes a generation (exactly one step per new token, on exactly the ids the
 * model generated), a forced target, and captures attention; encoders capture attention. Every
 * decoder runs an explain session with attention and gradients, whose per-token attention equals
 * one uncached pass; encoder-decoders are refused by name.
 */
@Tag("python")
class ArchitectureSweepTest {
  private static final int NEW = 4;
  private static final String PROMPT = "The capital of France is";
  private static final ModelOptions CPU = ModelOptions.builder().optDevice("cpu").build();

  @TempDir static Path models;

  @BeforeAll
  static void build() throws IOException, InterruptedException {
    Path python = Path.of(System.getProperty("explain4j.python", ".venv"), "bin", "python");
    Path log = models.resolve("build.log");
    Process p =
        new ProcessBuilder(
                python.toString(), "tests/fixtures/make_arch_models.py", models.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), "building the sweep models timed out");
    assertEquals(0, p.exitValue(), () -> "building the sweep models failed:\n" + read(log));
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      return e.toString();
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "llama-gqa",
        "qwen2",
        "qwen3",
        "mistral",
        "gemma2",
        "gemma3",
        "phi3",
        "gpt-neox",
        "opt",
        "bloom",
        "falcon",
        "gpt-j",
        "bart",
        "marian",
        "mt5"
      })
  void generativeModelsAttributeWhatTheyGenerate(String name) {
    try (Model model = Model.load(models.resolve(name), CPU)) {
      GenerationResult gen =
          model.generate(
              PROMPT, GenerationOptions.builder().optMaxNewTokens(NEW).optStopAtEos(false).build());
      assertEquals(NEW, gen.generatedIds().size(), name + " generated " + gen.generatedIds());
      Attributor attributor = new Attributor(model);
      for (String method : List.of("saliency", "integrated_gradients")) {
        AttributionOptions.Builder b =
            AttributionOptions.builder().optMethod(method).optMaxNewTokens(NEW).optStopAtEos(false);
        if (method.equals("integrated_gradients")) {
          b.optMethodArg("n_steps", 4);
        }
        AttributionResult r = attributor.attribute(PROMPT, b.build());
        assertEquals(NEW, r.steps(), name + " " + method + ": one step per new token");
        assertEquals(asLongs(gen.allIds()), r.targetIds(), name + " " + method + ": generated ids");
        if (model.kind() == ModelKind.ENCODER_DECODER) {
          assertEquals(asLongs(gen.promptIds()), r.sourceIds(), name + ": source ids");
        } else {
          assertEquals(gen.promptIds().size(), r.attrPosStart(), name + ": prompt length");
        }
        assertFinite(r.aggregate().rows(), name + " " + method);
      }
      String target = model.kind() == ModelKind.ENCODER_DECODER ? "Paris is" : PROMPT + " Paris";
      AttributionResult forced =
          attributor.attribute(PROMPT, target, AttributionOptions.defaults());
      assertTrue(forced.steps() >= 1, name + ": forced target has steps");
      assertFinite(forced.aggregate().rows(), name + " forced");
      try (BufferAllocator allocator = new RootAllocator();
          AttentionCapture cap = AttentionCapture.of(allocator, model, gen)) {
        assertCaptured(model, cap, name, gen.allIds().size());
      }
    }
  }

  /** The per-token attention method each decoder's adapter gives (architectures.py). */
  private static final Map<String, String> ATTENTION_METHOD =
      Map.ofEntries(
          Map.entry("llama-gqa", "kv-cache-rotary"),
          Map.entry("qwen2", "kv-cache-rotary"),
          Map.entry("qwen3", "kv-cache-rotary"),
          Map.entry("mistral", "kv-cache-rotary"),
          Map.entry("gemma2", "kv-cache-rotary"),
          Map.entry("gemma3", "kv-cache-rotary"),
          Map.entry("phi3", "kv-cache-rotary"),
          Map.entry("gpt-neox", "kv-cache-rotary"),
          Map.entry("opt", "eager-forward"),
          Map.entry("bloom", "eager-forward"),
          Map.entry("falcon", "eager-forward"),
          Map.entry("gpt-j", "eager-forward"));

  static List<String> decoders() {
    return ATTENTION_METHOD.keySet().stream().sorted().toList();
  }

  @ParameterizedTest
  @MethodSource("decoders")
  void decodersExplainWithAttentionAndGradients(String name) {
    try (Model model = Model.load(models.resolve(name), CPU);
        ExplainSession s =
            ExplainSession.open(model, Task.QA, EnumSet.of(Capture.ATTENTION, Capture.GRADIENT))) {
      Explanation out =
          s.generate(PROMPT, GenerationOptions.builder().optMaxNewTokens(NEW).build());
      TokenAttention a = out.attention();
      assertNotNull(a, name + ": no attention");
      assertEquals(ATTENTION_METHOD.get(name), a.method(), name + ": attention method");
      assertEquals(out.generatedIds().size(), a.tokens(), name + ": one row per new token");
      assertEquals(2, a.layers(), name + " layers");
      assertEquals(out.promptIds().size() + a.tokens() - 1, a.keys(), name + " keys");
      double diff =
          CachedRows.maxDifference(model, out.promptText(), out, GenerationOptions.defaults());
      assertTrue(diff < 1e-5, name + ": cached vs uncached attention differ by " + diff);
      LabelGradients g = s.compute("Paris");
      assertEquals(out.promptIds().size(), g.promptLength(), name + ": prompt length");
      assertEquals(2, g.layers(), name + ": gradient x input per block");
      assertTrue(Double.isFinite(g.loss()) && g.loss() > 0, name + ": loss " + g.loss());
      assertFinite(new float[][] {g.gradient(), g.blockGradientXInput()}, name + " gradients");
      double norm = 0;
      for (float v : g.saliency()) {
        norm += v;
      }
      assertTrue(norm > 0, name + ": all-zero saliency");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"bart", "marian", "mt5"})
  void encoderDecodersRefuseExplainCapturesNamingTheArchitecture(String name) {
    try (Model model = Model.load(models.resolve(name), CPU)) {
      InvalidInputException e =
          assertThrows(
              InvalidInputException.class,
              () -> ExplainSession.open(model, Task.QA, EnumSet.of(Capture.ATTENTION)));
      assertTrue(e.getMessage().contains("needs a decoder-only model"), e.getMessage());
      assertTrue(e.getMessage().contains("model type " + name), e.getMessage());
      try (ExplainSession plain =
          ExplainSession.open(model, Task.summarization(), EnumSet.noneOf(Capture.class))) {
        Explanation out =
            plain.generate(PROMPT, GenerationOptions.builder().optMaxNewTokens(NEW).build());
        assertFalse(out.generatedIds().isEmpty(), name + ": the session still generates");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"bert", "roberta", "distilbert"})
  void encodersCaptureAttention(String name) {
    try (Model model = Model.load(models.resolve(name), CPU);
        BufferAllocator allocator = new RootAllocator();
        AttentionCapture cap = AttentionCapture.of(allocator, model, PROMPT)) {
      assertEquals(ModelKind.ENCODER_ONLY, model.kind());
      assertCaptured(model, cap, name, -1);
    }
  }

  private static void assertCaptured(Model model, AttentionCapture cap, String name, int decLen) {
    assertFalse(cap.maps().isEmpty(), name + ": no attention captured");
    for (AttentionMaps m : cap.maps()) {
      assertEquals(2, m.layers(), name + " layers");
      assertEquals(4, m.heads(), name + " heads");
      assertEquals(m.queries(), m.queryTokens().size(), name);
      for (int h = 0; h < m.heads(); h++) {
        for (int q = 0; q < m.queries(); q++) {
          double sum = 0;
          for (int k = 0; k < m.keys(); k++) {
            float w = m.get(m.layers() - 1, h, q, k);
            assertTrue(w >= 0 && Float.isFinite(w), name + ": weight " + w);
            sum += w;
          }
          assertEquals(1.0, sum, 1e-3, name + ": each query's weights sum to 1");
        }
      }
    }
    if (decLen > 0) {
      AttentionMaps last = cap.maps().get(model.kind() == ModelKind.ENCODER_DECODER ? 1 : 0);
      assertEquals(decLen, last.queries(), name + ": one query per sequence token");
    }
  }

  private static void assertFinite(float[][] scores, String what) {
    for (float[] row : scores) {
      for (float v : row) {
        assertTrue(Float.isFinite(v) || Float.isNaN(v), what + ": infinite score");
      }
    }
  }

  private static List<Long> asLongs(List<Integer> ids) {
    List<Long> out = new ArrayList<>();
    ids.forEach(i -> out.add(i.longValue()));
    return out;
  }
}
