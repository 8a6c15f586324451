package dev.explain4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.explain4j.Explain4jException;
import dev.explain4j.InvalidInputException;
import dev.explain4j.runtime.PythonRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("python")
class ModelLoadTest {
  private static final PythonRuntime PY = PythonRuntime.shared();
  private static Model gpt2;

  @BeforeAll
  static void loadGpt2() {
    gpt2 = TinyModels.load(TinyModels.GPT2);
  }

  @AfterAll
  static void close() {
    gpt2.close();
  }

  @Test
  void detectsEachKindAndReadsConfigFacts() {
    assertEquals(ModelKind.DECODER_ONLY, gpt2.kind());
    ModelConfig c = gpt2.config();
    assertEquals("gpt2", c.modelType());
    assertEquals(2, c.numLayers());
    assertEquals(4, c.numHeads());
    assertEquals(32, c.hiddenSize());
    assertEquals(384, c.vocabSize());
    assertEquals(OptionalInt.of(64), c.maxPositions());
    assertEquals(List.of(0), c.eosTokenIds());
    assertFalse(c.hasChatTemplate());
    try (Model llama = TinyModels.load(TinyModels.LLAMA);
        Model t5 = TinyModels.load(TinyModels.T5);
        Model bert = TinyModels.load(TinyModels.BERT)) {
      assertEquals(ModelKind.DECODER_ONLY, llama.kind());
      assertEquals(2, llama.config().numKeyValueHeads());
      assertEquals(OptionalInt.of(128), llama.config().maxPositions());
      assertTrue(llama.config().hasChatTemplate());
      assertEquals(ModelKind.ENCODER_DECODER, t5.kind());
      assertEquals("T5ForConditionalGeneration", t5.info().architecture());
      assertEquals(OptionalInt.empty(), t5.config().maxPositions());
      assertEquals(OptionalInt.of(2), t5.config().numDecoderLayers());
      assertEquals(ModelKind.ENCODER_ONLY, bert.kind());
      assertEquals("BertModel", bert.info().architecture());
      assertEquals(OptionalInt.empty(), bert.config().numDecoderLayers());
    }
  }

  @Test
  void provenanceSaysWhatRanWhere() {
    ModelInfo i = gpt2.info();
    assertEquals(TinyModels.GPT2.toString(), i.source());
    assertEquals(TinyModels.GPT2.toAbsolutePath().normalize().toString(), i.location());
    assertEquals("GPT2LMHeadModel", i.architecture());
    assertEquals(List.of("GPT2LMHeadModel"), i.declaredArchitectures());
    assertEquals("cpu", i.device());
    assertEquals("float32", i.dtype());
    assertEquals("eager", i.attentionImplementation());
    assertEquals(PY.eval("__import__('torch').__version__"), i.torchVersion());
    assertEquals(PY.eval("__import__('transformers').__version__"), i.transformersVersion());
    assertTrue(
        i.parameterCount() > 10_000 && i.parameterCount() < 200_000, "" + i.parameterCount());
    assertTrue(gpt2.moduleNames().contains("transformer.h.1.mlp"));
  }

  @Test
  void optionsReachTheModel() {
    ModelOptions o =
        TinyModels.CPU.toBuilder().optDtype("bfloat16").optAttentionImplementation("sdpa").build();
    try (Model m = Model.load(TinyModels.LLAMA, o)) {
      assertEquals("bfloat16", m.info().dtype());
      assertEquals("sdpa", m.info().attentionImplementation());
      assertFalse(m.generate("The capital").generatedIds().isEmpty());
    }
    ModelOptions auto = ModelOptions.defaults();
    try (Model m = Model.load(TinyModels.GPT2, auto)) {
      boolean cuda = (Boolean) PY.call("explain4j.models.cuda_available");
      assertEquals(cuda ? "cuda" : "cpu", m.info().device());
    }
  }

  @Test
  void kindOverrideLoadsAnotherClass() {
    ModelOptions o = TinyModels.CPU.toBuilder().optKind(ModelKind.ENCODER_ONLY).build();
    try (Model m = Model.load(TinyModels.GPT2, o)) {
      assertEquals(ModelKind.ENCODER_ONLY, m.kind());
      assertEquals("GPT2Model", m.info().architecture());
      InvalidInputException e = assertThrows(InvalidInputException.class, () -> m.generate("Hi"));
      assertTrue(e.getMessage().contains("encoder-only"), e.getMessage());
      TinyModels.assertRuntimeUsable(m);
    }
  }

  @Test
  void nonexistentPathIsNamed() {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> Model.load(Path.of("/no/such/model-dir"), TinyModels.CPU));
    assertTrue(e.getMessage().contains("/no/such/model-dir does not exist"), e.getMessage());
    TinyModels.assertRuntimeUsable(gpt2);
  }

  @Test
  void directoryWithoutModelIsRefused(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("notes.txt"), "not a model");
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> Model.load(dir, TinyModels.CPU));
    assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("no config.json"), e.getMessage());
    assertTrue(e.getMessage().contains("notes.txt"), e.getMessage());
    Files.copy(TinyModels.GPT2.resolve("config.json"), dir.resolve("config.json"));
    InvalidInputException noWeights =
        assertThrows(InvalidInputException.class, () -> Model.load(dir, TinyModels.CPU));
    assertTrue(noWeights.getMessage().contains("no weights"), noWeights.getMessage());
    TinyModels.assertRuntimeUsable(gpt2);
  }

  @Test
  void pickleCheckpointNeedsTheOptIn(@TempDir Path tmp) {
    Path dir = tmp.resolve("pickled-gpt2");
    PY.call(
        "explain4j_testing.models.make_pickle_copy", TinyModels.GPT2.toString(), dir.toString());
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> Model.load(dir, TinyModels.CPU));
    assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("pytorch_model.bin"), e.getMessage());
    assertTrue(
        e.getMessage().contains("allow them with ModelOptions.builder().optAllowPickle(true)"),
        e.getMessage());
    assertEquals(Optional.of("ModelOptions.optAllowPickle"), e.option());
    assertEquals(true, e.optionValue());
    assertTrue(e.messageWith("SETTING").contains("allow them with SETTING if"), e.messageWith("X"));
    TinyModels.assertRuntimeUsable(gpt2);
    ModelOptions opt = TinyModels.CPU.toBuilder().optAllowPickle(true).build();
    try (Model pickled = Model.load(dir, opt)) {
      GenerationResult fromPickle = pickled.generate("The capital of France");
      assertEquals(
          gpt2.generate("The capital of France").generatedIds(), fromPickle.generatedIds());
    }
  }

  @Test
  void directoryWithoutTokenizerFilesIsRefused(@TempDir Path tmp) {
    Path dir =
        copy(tmp.resolve("no-tokenizer"), Map.of(), "tokenizer.json", "tokenizer_config.json");
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> Model.load(dir, TinyModels.CPU));
    String expected =
        "model "
            + dir
            + " has no usable tokenizer: GPT2Tokenizer needs tokenizer.json, or"
            + " vocab.json+merges.txt; missing vocab.json, merges.txt (the directory holds";
    assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    TinyModels.assertRuntimeUsable(gpt2);
  }

  @Test
  void customCodeNeedsTrustUnlessTransformersKnowsTheType(@TempDir Path tmp) {
    Map<String, Object> autoMap =
        Map.of("AutoModelForCausalLM", "modeling_custom.CustomForCausalLM");
    Path unknown =
        copy(tmp.resolve("unknown"), Map.of("auto_map", autoMap, "model_type", "my-gpt"));
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> Model.load(unknown, TinyModels.CPU));
    assertTrue(
        e.getMessage().endsWith("with ModelOptions.builder().optTrustRemoteCode(true)"),
        e.getMessage());
    assertTrue(e.getMessage().contains(unknown + " needs its own code"), e.getMessage());
    assertFalse(e.getMessage().contains("\n") || e.getMessage().contains("http"), e.getMessage());
    assertEquals(List.of(), gpt2.warnings());
    try (Model known =
        Model.load(copy(tmp.resolve("known"), Map.of("auto_map", autoMap)), TinyModels.CPU)) {
      assertEquals("GPT2LMHeadModel", known.info().architecture());
      assertEquals(1, known.warnings().size(), known.warnings().toString());
      String w = known.warnings().get(0);
      assertTrue(w.contains("(modeling_custom.CustomForCausalLM for AutoModelForCausalLM)"), w);
      assertTrue(w.contains("transformers' GPT2LMHeadModel was loaded instead"), w);
    }
    TinyModels.assertRuntimeUsable(gpt2);
  }

  private static Path copy(Path dir, Map<String, Object> config, String... without) {
    PY.callWithKeywords(
        "explain4j_testing.models.make_copy",
        List.of(TinyModels.GPT2.toString(), dir.toString()),
        Map.of("without", List.of(without), "config", config));
    return dir;
  }

  @Test
  void cudaWithoutGpuIsRefused() {
    boolean cuda = (Boolean) PY.call("explain4j.models.cuda_available");
    String device = cuda ? "cuda:99" : "cuda";
    ModelOptions o = ModelOptions.builder().optDevice(device).build();
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> Model.load(TinyModels.GPT2, o));
    assertTrue(e.getMessage().contains(device), e.getMessage());
    assertTrue(e.getMessage().contains(TinyModels.GPT2.toString()), e.getMessage());
    TinyModels.assertRuntimeUsable(gpt2);
  }

  @Test
  void hubIdIsNotTriedOffline() {
    assertEquals("1", System.getenv("HF_HUB_OFFLINE"), "surefire sets HF_HUB_OFFLINE");
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> Model.load("HuggingFaceTB/SmolLM2-135M-Instruct", ModelOptions.defaults()));
    assertTrue(e.getMessage().contains("HuggingFaceTB/SmolLM2-135M-Instruct"), e.getMessage());
    assertTrue(e.getMessage().contains("offline"), e.getMessage());
    TinyModels.assertRuntimeUsable(gpt2);
  }

  @Test
  void unknownAttentionImplementationIsInputError() {
    ModelOptions o = TinyModels.CPU.toBuilder().optAttentionImplementation("no_such_attn").build();
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> Model.load(TinyModels.GPT2, o));
    assertTrue(e.getMessage().contains("no_such_attn"), e.getMessage());
    TinyModels.assertRuntimeUsable(gpt2);
  }

  @Test
  void closedModelRefusesCallsAndFreesItsHandle() {
    int before = PY.liveHandles();
    Model m = TinyModels.load(TinyModels.GPT2);
    assertEquals(before + 1, PY.liveHandles());
    m.close();
    m.close();
    assertEquals(before, PY.liveHandles());
    assertTrue(m.isClosed());
    Explain4jException e = assertThrows(Explain4jException.class, () -> m.generate("Hi"));
    assertTrue(e.getMessage().contains("closed"), e.getMessage());
  }
}
