package dev.explain4j.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.explain4j.Explain4jException;
import dev.explain4j.InvalidInputException;
import dev.explain4j.internal.ModelAccess;
import dev.explain4j.model.GenerationOptions;
import dev.explain4j.model.GenerationResult;
import dev.explain4j.model.HookScope;
import dev.explain4j.model.Model;
import dev.explain4j.model.ModelOptions;
import dev.explain4j.runtime.PythonRuntime;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.AllocationListener;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("python")
class ExplainSessionTest {
  static final Path MODELS = Path.of("tests", "fixtures", "tiny-models");
  static final ModelOptions CPU = ModelOptions.builder().optDevice("cpu").build();
  static final GenerationOptions SIX = GenerationOptions.builder().optMaxNewTokens(6).build();
  static Model llama;
  static Model gpt2;

  @BeforeAll
  static void load() {
    llama = Model.load(MODELS.resolve("llama"), CPU);
    gpt2 = Model.load(MODELS.resolve("gpt2"), CPU);
  }

  @AfterAll
  static void free() {
    llama.close();
    gpt2.close();
  }

  static EnumSet<Capture> both() {
    return EnumSet.of(Capture.ATTENTION, Capture.GRADIENT);
  }

  /** Cached per-token rows equal the rows of one uncached eager pass (AttentionCapture). */
  static double maxCachedVsUncached(Model model, String input, Explanation out) {
    return CachedRows.maxDifference(
        model, input, out, GenerationOptions.builder().optApplyChatTemplate(true).build());
  }

  @Test
  void chatAttentionUnderTheKvCacheMatchesOneUncachedPass() {
    try (ExplainSession s = ExplainSession.open(llama, Task.chat(null), both())) {
      Explanation out = s.generate("hello there", SIX);
      TokenAttention a = out.attention();
      assertEquals("kv-cache-rotary", a.method());
      assertEquals(out.generatedIds().size(), a.tokens());
      assertEquals(out.promptIds().size() + a.tokens() - 1, a.keys());
      assertEquals(llama.config().numLayers(), a.layers());
      double diff = maxCachedVsUncached(llama, "hello there", out);
      System.out.println("llama fixture cached vs uncached max abs diff: " + diff);
      assertTrue(diff < 1e-5, "max abs diff " + diff);
      float sum = 0;
      for (float v : a.meanRow(0)) {
        sum += v;
      }
      assertEquals(1f, sum, 1e-4f);
    }
  }

  @Test
  void labelGradientsMatchAnIndependentTorchComputation() {
    try (ExplainSession s = ExplainSession.open(llama, Task.QA, both())) {
      Explanation out = s.generate("what is the cat", SIX);
      LabelGradients g = s.compute("a cat sat");
      assertEquals(out.promptIds().size(), g.promptLength());
      List<Integer> labels =
          PyLists.ints(
              PythonRuntime.shared()
                  .call("explain4j.explain.encode_labels", ModelAccess.handle(llama), "a cat sat"));
      Map<?, ?> ref =
          (Map<?, ?>)
              PythonRuntime.shared()
                  .call(
                      "explain4j_testing.explain.reference_label_gradients",
                      ModelAccess.handle(llama),
                      out.promptIds(),
                      labels);
      assertClose(ref.get("gradient"), g.gradient(), 1e-5);
      assertClose(ref.get("saliency"), g.saliency(), 1e-5);
      assertClose(ref.get("block"), g.blockGradientXInput(), 1e-6);
      assertEquals(((Number) ref.get("loss")).doubleValue(), g.loss(), 1e-4);
      assertEquals(g.tokens().size(), g.promptLength() + labels.size());
    }
  }

  static void assertClose(Object expected, float[] actual, double tol) {
    List<?> ref = (List<?>) expected;
    assertEquals(ref.size(), actual.length);
    double max = 0;
    double scale = 0;
    for (int i = 0; i < actual.length; i++) {
      double r = ((Number) ref.get(i)).doubleValue();
      max = Math.max(max, Math.abs(r - actual[i]));
      scale = Math.max(scale, Math.abs(r));
    }
    assertTrue(scale > 0, "reference is all zeros");
    assertTrue(max < tol, "max abs diff " + max);
  }

  @Test
  void oneSessionPerModelAndCloseFreesIt() {
    ExplainSession first = ExplainSession.open(gpt2, Task.summarization(), both());
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> ExplainSession.open(gpt2, Task.QA, EnumSet.noneOf(Capture.class)));
    assertTrue(e.getMessage().contains("already has an open explain session"), e.getMessage());
    first.close();
    first.close();
    assertThrows(Explain4jException.class, () -> first.generate("x"));
    try (ExplainSession again = ExplainSession.open(gpt2, Task.QA, EnumSet.noneOf(Capture.class))) {
      assertNull(again.generate("what", SIX).attention());
    }
  }

  @Test
  void badInputIsRefusedWithClearErrors() {
    InvalidInputException chat =
        assertThrows(
            InvalidInputException.class, () -> ExplainSession.open(gpt2, Task.chat(null), both()));
    assertTrue(chat.getMessage().contains(gpt2.info().source()), chat.getMessage());
    assertTrue(chat.getMessage().contains("chat template"), chat.getMessage());
    InvalidInputException beams =
        assertThrows(
            InvalidInputException.class, () -> GenerationOptions.builder().optNumBeams(3).build());
    assertTrue(beams.getMessage().contains("beam search"), beams.getMessage());
    try (ExplainSession s = ExplainSession.open(gpt2, Task.QA, both())) {
      assertThrows(InvalidInputException.class, () -> s.compute("Paris"));
      s.generate("where", SIX);
      InvalidInputException empty = assertThrows(InvalidInputException.class, () -> s.compute(""));
      assertTrue(empty.getMessage().contains("give no tokens"), empty.getMessage());
      GenerationOptions sampled = GenerationOptions.builder().optDoSample(true).optSeed(1).build();
      assertThrows(InvalidInputException.class, () -> s.generate("where", sampled));
    }
    try (ExplainSession s = ExplainSession.open(gpt2, Task.QA, EnumSet.of(Capture.ATTENTION))) {
      s.generate("where", SIX);
      assertThrows(InvalidInputException.class, () -> s.compute("Paris"));
    }
  }

  @Test
  void labelsPastTheModelsPositionsAreRefusedBeforeAnyForwardPass() {
    String labels = "the cat sat on the mat ".repeat(12);
    int labelTokens =
        PyLists.ints(
                PythonRuntime.shared()
                    .call("explain4j.explain.encode_labels", ModelAccess.handle(gpt2), labels))
            .size();
    assertTrue(labelTokens > 64, labelTokens + " label tokens: more than the tiny gpt2's 64");
    String source = gpt2.info().source();
    try (ExplainSession s = ExplainSession.open(gpt2, Task.QA, both());
        HookScope embeddings = gpt2.hooks().forward("transformer.wte").output().open()) {
      int prompt = s.generate("where", SIX).promptIds().size();
      embeddings.clear();
      InvalidInputException e = assertThrows(InvalidInputException.class, () -> s.compute(labels));
      assertEquals(
          "the question_answering prompt has "
              + prompt
              + " tokens plus "
              + labelTokens
              + " label tokens, more than model "
              + source
              + " allows (64 positions); shorten the labels",
          e.getMessage());
      assertEquals(List.of(), embeddings.captured(), "refused before the embeddings ran");
      GenerationOptions tooMany = GenerationOptions.builder().optMaxNewTokens(labelTokens).build();
      InvalidInputException g =
          assertThrows(InvalidInputException.class, () -> s.generate("where", tooMany));
      assertEquals(
          "the question_answering prompt has "
              + prompt
              + " tokens plus "
              + labelTokens
              + " new tokens, more than model "
              + source
              + " allows (64 positions); shorten the input",
          g.getMessage(),
          "generate words the same refusal the same way");
      LabelGradients ok = s.compute("the cat");
      assertEquals(prompt, ok.promptLength(), "the session stays usable");
      assertFalse(embeddings.captured().isEmpty(), "the hook sees a forward pass that does run");
    }
  }

  @Test
  void gpt2WithoutRotaryUsesOneEagerPass() {
    try (ExplainSession s = ExplainSession.open(gpt2, Task.QA, both())) {
      Explanation out = s.generate("what is it", SIX);
      assertEquals("eager-forward", out.attention().method());
      assertFalse(out.prediction() == null);
    }
  }

  @Test
  void presetsBuildTheirPrompts() {
    try (ExplainSession s = ExplainSession.open(gpt2, Task.questionAnswering("cats sit"), both())) {
      assertTrue(s.generate("who sits", SIX).promptText().contains("Context: cats sit"));
    }
    try (ExplainSession s =
        ExplainSession.open(gpt2, Task.translation("English", "German"), both())) {
      Explanation out = s.generate("the cat", SIX);
      assertTrue(out.promptText().contains("Translate English to German"), out.promptText());
      assertNotNull(out.attention());
    }
    try (ExplainSession s = ExplainSession.open(gpt2, Task.summarization(), both())) {
      assertTrue(s.generate("a long text", SIX).promptText().startsWith("Summarize"));
    }
    try (ExplainSession s = ExplainSession.open(llama, Task.chat("be brief"), both())) {
      Explanation out = s.generate("hi", SIX);
      assertTrue(out.promptText().contains("be brief"), out.promptText());
      assertEquals(out.generatedIds().size(), out.attention().tokens());
    }
  }

  @Test
  void encoderDecoderTranslationAndSummarisationWithoutCaptures() {
    try (Model t5 = Model.load(MODELS.resolve("t5"), CPU)) {
      try (ExplainSession s =
          ExplainSession.open(
              t5, Task.translation("English", "French"), EnumSet.noneOf(Capture.class))) {
        Explanation out = s.generate("the cat", SIX);
        assertEquals("translate English to French: the cat", out.promptText());
        assertFalse(out.generatedIds().isEmpty());
      }
      InvalidInputException e =
          assertThrows(
              InvalidInputException.class,
              () -> ExplainSession.open(t5, Task.summarization(), both()));
      assertTrue(e.getMessage().contains("decoder-only"), e.getMessage());
    }
  }

  @Test
  void chatWithAnAssistantModelKeepsCachedAttentionExact() {
    try (Model draft = Model.load(MODELS.resolve("llama"), CPU);
        ExplainSession s =
            ExplainSession.open(llama, Task.chatWithAssistant(null, draft), both())) {
      Explanation out = s.generate("hello there", SIX);
      assertEquals("chat_assistant", out.task());
      GenerationResult plain =
          llama.generate(
              "hello there",
              GenerationOptions.builder().optMaxNewTokens(6).optApplyChatTemplate(true).build());
      assertEquals(plain.generatedIds(), out.generatedIds());
      assertTrue(maxCachedVsUncached(llama, "hello there", out) < 1e-5);
    }
  }

  @Test
  void colouredTextOfARealExplanation() {
    try (ExplainSession s = ExplainSession.open(llama, Task.chat(null), both())) {
      Explanation out = s.generate("hello there", SIX);
      var text = ExplainText.attention(out, 1);
      assertEquals(out.promptIds().size() + 1, text.tokens().size());
      String joined = String.join("", text.tokens());
      assertTrue(joined.contains("hello there"), joined);
      String ansi = ExplainText.ansi(text, Palette.FIVE_BAND);
      assertTrue(ansi.contains("\u001b[31m"), "the top-attended token is red: " + ansi);
      LabelGradients g = s.compute("fine thanks");
      String sal = ExplainText.ansi(ExplainText.saliency(g), Palette.FIVE_BAND);
      assertTrue(sal.contains("\u001b[31m"), sal);
      String block = ExplainText.ansi(ExplainText.blockGradientXInput(g, 0), Palette.DIVERGING);
      assertTrue(block.contains("\u001b[48;2;"), block);
      assertEquals(g.tokens().size(), ExplainText.saliency(g).tokens().size());
    }
  }

  @Test
  void everyResultCarriesItsProvenance() {
    Instant before = Instant.now();
    Task task = Task.questionAnswering("cats sit");
    try (ExplainSession s = ExplainSession.open(llama, task, both())) {
      Explanation out = s.generate("who sits", SIX);
      ExplainProvenance p = out.provenance();
      assertEquals(llama.info(), p.model());
      assertEquals("cpu", p.model().device());
      assertFalse(p.model().torchVersion().isBlank());
      assertEquals(Task.Kind.QUESTION_ANSWERING, p.task());
      assertEquals(Map.of("context", "cats sit"), p.preset());
      assertEquals(both(), p.captures());
      assertEquals(SIX, p.options());
      assertNull(p.labels());
      String version =
          String.valueOf(PythonRuntime.shared().eval("__import__('explain4j').__version__"));
      assertEquals(version, p.explain4jVersion());
      assertTrue(p.engineSeconds() > 0, "engine time " + p.engineSeconds());
      assertFalse(p.created().isBefore(before));
      assertTrue(Duration.between(p.created(), Instant.now()).toMinutes() < 5);
      LabelGradients g = s.compute("the cat");
      ExplainProvenance gp = g.provenance();
      assertEquals("the cat", gp.labels());
      assertEquals(SIX, gp.options());
      assertEquals(llama.info(), gp.model());
      assertEquals(version, gp.explain4jVersion());
      assertFalse(gp.created().isBefore(p.created()));
    }
    try (Model draft = Model.load(MODELS.resolve("llama"), CPU);
        ExplainSession s =
            ExplainSession.open(llama, Task.chatWithAssistant("be brief", draft), Set.of())) {
      ExplainProvenance p = s.generate("hi", SIX).provenance();
      assertEquals(Task.Kind.CHAT_ASSISTANT, p.task());
      assertEquals(Map.of("system", "be brief", "assistant", draft.info().source()), p.preset());
      assertEquals(Set.of(), p.captures());
    }
  }

  /** Attention and gradients cross as Arrow tensors, each in a child allocator closed at once. */
  @Test
  void arraysCrossThroughArrowAndLeaveNothingAllocated() {
    AtomicInteger opened = new AtomicInteger();
    AtomicInteger closed = new AtomicInteger();
    AllocationListener counting =
        new AllocationListener() {
          @Override
          public void onChildAdded(BufferAllocator parent, BufferAllocator child) {
            opened.incrementAndGet();
          }

          @Override
          public void onChildRemoved(BufferAllocator parent, BufferAllocator child) {
            closed.incrementAndGet();
          }
        };
    try (BufferAllocator alloc = new RootAllocator(counting, Long.MAX_VALUE);
        ExplainSession s = ExplainSession.open(llama, Task.QA, both(), alloc)) {
      Explanation out = s.generate("what is the cat", SIX);
      assertEquals(2, opened.get(), "attention and its mean");
      LabelGradients g = s.compute("a cat");
      assertEquals(5, opened.get(), "plus gradient, saliency and block gradient x input");
      assertEquals(opened.get(), closed.get());
      assertEquals(0, alloc.getAllocatedMemory());
      assertEquals(out.generatedIds().size(), out.attention().tokens());
      assertEquals(g.tokens().size() * g.hidden(), g.gradient().length);
    }
  }
}
