package dev.explain4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.explain4j.InvalidInputException;
import dev.explain4j.internal.ModelAccess;
import dev.explain4j.runtime.PythonRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("python")
class GenerationTest {
  private static final PythonRuntime PY = PythonRuntime.shared();
  private static final String PROMPT = "The capital of France";
  private static Model gpt2;
  private static Model llama;
  private static Model t5;

  @BeforeAll
  static void load() {
    gpt2 = TinyModels.load(TinyModels.GPT2);
    llama = TinyModels.load(TinyModels.LLAMA);
    t5 = TinyModels.load(TinyModels.T5);
  }

  @AfterAll
  static void close() {
    gpt2.close();
    llama.close();
    t5.close();
  }

  private static GenerationOptions.Builder opts() {
    return GenerationOptions.builder();
  }

  @Test
  void greedyMatchesArgmaxDecodingByHand() {
    for (Model m : List.of(gpt2, llama)) {
      GenerationResult r =
          m.generate(PROMPT, opts().optMaxNewTokens(8).optStopAtEos(false).build());
      assertEquals(8, r.generatedIds().size());
      Object expected =
          PY.call(
              "explain4j_testing.models.greedy_reference", ModelAccess.handle(m), r.promptIds(), 8);
      assertEquals(expected, longs(r.generatedIds()), m.info().source());
      assertEquals(r, m.generate(PROMPT, r.options()), "greedy is deterministic");
    }
  }

  @Test
  void resultIsConsistentAndCarriesProvenance() {
    GenerationResult r = llama.generate(PROMPT, opts().optMaxNewTokens(6).build());
    assertEquals(PROMPT, r.input());
    assertEquals(1, r.promptIds().get(0), "llama's tokenizer adds <s>");
    assertEquals("<s>", r.promptTokens().get(0));
    List<Integer> all = new ArrayList<>(r.promptIds());
    all.addAll(r.generatedIds());
    assertEquals(all, r.allIds());
    assertEquals(r.generatedIds().size(), r.generatedTokens().size());
    assertEquals(List.of(), r.decoderStartIds());
    assertFalse(r.forced());
    assertEquals(llama.info(), r.provenance());
    assertThrows(UnsupportedOperationException.class, () -> r.generatedIds().add(1));
  }

  @Test
  void seededSamplingIsReproducibleAndSeedsMatter() {
    GenerationOptions a =
        opts().optMaxNewTokens(12).optDoSample(true).optSeed(7).optStopAtEos(false).build();
    GenerationResult first = gpt2.generate(PROMPT, a);
    GenerationResult again = gpt2.generate(PROMPT, a);
    assertEquals(first.generatedIds(), again.generatedIds());
    GenerationResult other = gpt2.generate(PROMPT, a.toBuilder().optSeed(8).build());
    assertNotEquals(first.generatedIds(), other.generatedIds());
    GenerationResult greedy =
        gpt2.generate(PROMPT, opts().optMaxNewTokens(12).optStopAtEos(false).build());
    assertNotEquals(greedy.generatedIds(), first.generatedIds());
    GenerationResult topK1 = gpt2.generate(PROMPT, a.toBuilder().optTopK(1).optSeed(99).build());
    assertEquals(greedy.generatedIds(), topK1.generatedIds(), "top-k 1 sampling is greedy");
  }

  @Test
  void stopsAtEndOfSequence() {
    try (Model m = TinyModels.load(TinyModels.GPT2)) {
      GenerationOptions free = opts().optMaxNewTokens(10).optStopAtEos(false).build();
      List<Integer> ids = m.generate(PROMPT, free).generatedIds();
      int stop = ids.get(3);
      int firstAt = ids.indexOf(stop);
      PY.call("explain4j_testing.models.set_eos", ModelAccess.handle(m), List.of(stop));
      GenerationResult r = m.generate(PROMPT, free.toBuilder().optStopAtEos(true).build());
      assertEquals(ids.subList(0, firstAt + 1), r.generatedIds());
      assertTrue(r.stoppedAtEos());
      GenerationResult past = m.generate(PROMPT, free);
      assertEquals(ids, past.generatedIds());
      assertFalse(past.stoppedAtEos());
    }
  }

  @Test
  void encoderDecoderGeneratesDecoderIds() {
    GenerationResult r = t5.generate(PROMPT, opts().optMaxNewTokens(5).optStopAtEos(false).build());
    assertEquals(ModelKind.ENCODER_DECODER, r.kind());
    assertEquals(List.of(0), r.decoderStartIds());
    assertEquals(5, r.generatedIds().size());
    assertEquals("</s>", r.promptTokens().get(r.promptTokens().size() - 1));
    List<Integer> all = new ArrayList<>(r.decoderStartIds());
    all.addAll(r.generatedIds());
    assertEquals(all, r.allIds());
  }

  @Test
  void forcedTargetIsTokenizedWithoutRunningTheModel() {
    GenerationResult f = gpt2.force(PROMPT, " is Paris");
    assertTrue(f.forced());
    assertEquals(String.join("", f.generatedTokens()).replace('Ġ', ' '), " is Paris");
    assertEquals(" is Paris", f.text());
    GenerationResult byIds = gpt2.force(PROMPT, f.generatedIds(), GenerationOptions.defaults());
    assertEquals(f.generatedIds(), byIds.generatedIds());
    assertEquals(f.promptIds(), byIds.promptIds());
    GenerationResult generated = gpt2.generate(PROMPT, opts().optMaxNewTokens(4).build());
    GenerationResult replay = gpt2.force(PROMPT, generated.generatedIds(), generated.options());
    assertEquals(generated.allIds(), replay.allIds());
    GenerationResult t5Forced = t5.force(PROMPT, "Paris");
    assertEquals(List.of(0), t5Forced.decoderStartIds());
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> gpt2.force(PROMPT, List.of(5, 100_000), GenerationOptions.defaults()));
    assertTrue(e.getMessage().contains("100000"), e.getMessage());
    TinyModels.assertRuntimeUsable(gpt2);
  }

  @Test
  void forwardOverAForcedTargetGivesItsLoss() {
    GenerationResult likely =
        gpt2.generate(PROMPT, opts().optMaxNewTokens(4).optStopAtEos(false).build());
    GenerationResult unlikely = gpt2.force(PROMPT, " 日本 Привет");
    double greedyLoss = gpt2.forward(likely).loss().orElseThrow();
    double forcedLoss = gpt2.forward(unlikely).loss().orElseThrow();
    assertTrue(greedyLoss < forcedLoss, greedyLoss + " vs " + forcedLoss);
    ForwardResult plain = gpt2.forward(PROMPT);
    assertTrue(plain.loss().isEmpty());
    assertEquals(likely.promptIds(), plain.inputIds());
    assertEquals(likely.allIds(), gpt2.forward(likely).inputIds());
  }

  @Test
  void chatTemplateIsAppliedOrRefusedByName() {
    GenerationOptions chat = opts().optMaxNewTokens(3).optApplyChatTemplate(true).build();
    GenerationResult r = llama.generate("Hi there", chat);
    assertTrue(r.chatTemplateApplied());
    GenerationResult plain = llama.generate("Hi there", opts().optMaxNewTokens(3).build());
    assertTrue(r.promptIds().size() > plain.promptIds().size());
    assertTrue(String.join("", r.promptTokens()).contains("user"), r.promptTokens().toString());
    assertTrue(
        String.join("", r.promptTokens()).contains("assistant"), r.promptTokens().toString());
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> gpt2.generate("Hi there", chat));
    assertTrue(e.getMessage().contains(TinyModels.GPT2.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("chat template"), e.getMessage());
    TinyModels.assertRuntimeUsable(gpt2);
  }

  @Test
  void tooLongInputFailsUnlessTruncationIsAsked() {
    String longText = "The quick brown fox jumps over the lazy dog. ".repeat(20);
    GenerationOptions five = opts().optMaxNewTokens(5).optStopAtEos(false).build();
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> gpt2.generate(longText, five));
    assertTrue(e.getMessage().contains("64 positions"), e.getMessage());
    assertTrue(e.getMessage().contains(TinyModels.GPT2.toString()), e.getMessage());
    TinyModels.assertRuntimeUsable(gpt2);
    assertThrows(InvalidInputException.class, () -> gpt2.forward(longText));
    TinyModels.assertRuntimeUsable(gpt2);
    GenerationResult cut = gpt2.generate(longText, five.toBuilder().optTruncate(true).build());
    assertEquals(59, cut.promptIds().size());
    assertTrue(cut.droppedPromptTokens() > 0);
    assertEquals(5, cut.generatedIds().size());
    GenerationOptions tooMany = opts().optMaxNewTokens(64).optTruncate(true).build();
    assertThrows(InvalidInputException.class, () -> gpt2.generate(PROMPT, tooMany));
    TinyModels.assertRuntimeUsable(gpt2);
  }

  @Test
  void concurrentCallersGetTheSequentialResults() throws Exception {
    List<String> prompts = List.of("The capital", "Java services", "Attention is", "Question:");
    GenerationOptions four = opts().optMaxNewTokens(4).optStopAtEos(false).build();
    List<GenerationResult> sequential = new ArrayList<>();
    for (String p : prompts) {
      sequential.add(llama.generate(p, four));
    }
    ExecutorService pool = Executors.newFixedThreadPool(prompts.size());
    try {
      List<Future<GenerationResult>> futures = new ArrayList<>();
      for (String p : prompts) {
        futures.add(pool.submit(() -> llama.generate(p, four)));
      }
      for (int i = 0; i < prompts.size(); i++) {
        assertEquals(sequential.get(i), futures.get(i).get(60, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void encoderOnlyModelsCannotGenerate() {
    try (Model bert = TinyModels.load(TinyModels.BERT)) {
      InvalidInputException e =
          assertThrows(InvalidInputException.class, () -> bert.generate("Hi"));
      assertTrue(e.getMessage().contains(TinyModels.BERT.toString()), e.getMessage());
      assertThrows(InvalidInputException.class, () -> bert.force("Hi", "there"));
      ForwardResult r = bert.forward("hello world");
      assertEquals("[CLS]", r.inputTokens().get(0));
      assertTrue(r.loss().isEmpty());
      TinyModels.assertRuntimeUsable(bert);
    }
  }

  private static List<Long> longs(List<Integer> ids) {
    return ids.stream().map(Integer::longValue).toList();
  }
}
