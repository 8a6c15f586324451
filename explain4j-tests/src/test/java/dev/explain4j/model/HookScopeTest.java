package dev.explain4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.explain4j.InvalidInputException;
import dev.explain4j.internal.ModelAccess;
import dev.explain4j.internal.PyHooks;
import dev.explain4j.runtime.PyHandle;
import dev.explain4j.runtime.PythonRuntime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("python")
class HookScopeTest {
  private static final PythonRuntime PY = PythonRuntime.shared();
  private static final String TEXT = "The capital of France is Paris";
  private static Model gpt2;
  private static Model llama;

  @BeforeAll
  static void load() {
    gpt2 = TinyModels.load(TinyModels.GPT2);
    llama = TinyModels.load(TinyModels.LLAMA);
  }

  @AfterAll
  static void close() {
    gpt2.close();
    llama.close();
  }

  @Test
  void capturedMlpOutputEqualsTheModuleRecomputedOnItsInput() {
    for (var entry : Map.of(gpt2, "transformer.h.1.mlp", llama, "model.layers.1.mlp").entrySet()) {
      Model m = entry.getKey();
      String mlp = entry.getValue();
      try (HookScope scope = m.hooks().forward(mlp).input().output().open()) {
        ForwardResult r = m.forward(TEXT);
        Capture in = only(scope.captured(mlp, HookDirection.FORWARD, HookTarget.INPUT));
        Capture out = only(scope.captured(mlp, HookDirection.FORWARD, HookTarget.OUTPUT));
        assertEquals(List.of(1L, (long) r.inputIds().size(), 32L), out.shape());
        assertEquals("float32", out.dtype());
        Map<?, ?> check =
            (Map<?, ?>)
                PY.call(
                    "explain4j_testing.models.recompute_module",
                    ModelAccess.handle(m),
                    mlp,
                    in.value(),
                    out.value());
        assertEquals(true, check.get("allclose"), check.toString());
        Map<?, ?> notInput =
            (Map<?, ?>) PY.call("explain4j_testing.models.compare", in.value(), out.value(), 1e-5);
        assertEquals(false, notInput.get("allclose"), "output differs from input");
      }
    }
  }

  @Test
  void globCapturesEveryLayerInOrderAndCloseRemovesTheHooks() {
    int handles = PY.liveHandles();
    HookScope scope = llama.hooks().forward("model.layers.*.mlp").open();
    assertEquals(List.of("model.layers.0.mlp", "model.layers.1.mlp"), scope.modules());
    assertEquals(1L, counts(llama, "model.layers.0.mlp").get("forward"));
    llama.forward(TEXT);
    llama.forward("Another text");
    List<Capture> all = scope.captured();
    assertEquals(4, all.size());
    assertEquals(
        List.of(
            "model.layers.0.mlp", "model.layers.1.mlp", "model.layers.0.mlp", "model.layers.1.mlp"),
        all.stream().map(Capture::module).toList());
    assertEquals(List.of(0, 0, 1, 1), all.stream().map(Capture::call).toList());
    assertEquals(List.of(0, 1, 2, 3), all.stream().map(Capture::sequence).toList());
    scope.clear();
    assertTrue(all.get(0).value().isClosed());
    assertEquals(List.of(), scope.captured());
    scope.close();
    scope.close();
    assertFalse(scope.isOpen());
    for (String mlp : scope.modules()) {
      assertEquals(
          Map.of("forward", 0L, "forwardPre", 0L, "backward", 0L, "backwardPre", 0L),
          counts(llama, mlp));
    }
    assertEquals(handles, PY.liveHandles());
    assertThrows(RuntimeException.class, scope::captured);
  }

  @Test
  void conflictingScopeIsRefusedUntilTheFirstCloses() {
    try (HookScope first = gpt2.hooks().forward("transformer.h.1.mlp").open()) {
      HookConflictException e =
          assertThrows(
              HookConflictException.class,
              () -> gpt2.hooks().forward("transformer.h.*.mlp").input().open());
      assertTrue(e.getMessage().contains("transformer.h.1.mlp"), e.getMessage());
      assertTrue(e.getMessage().contains("forward"), e.getMessage());
      assertEquals(0L, counts(gpt2, "transformer.h.0.mlp").get("forward"), "nothing half-opened");
      try (HookScope grads = gpt2.hooks().backward("transformer.h.1.mlp").open()) {
        assertTrue(grads.isOpen(), "other direction is no conflict");
      }
      try (HookScope sameModel = llama.hooks().forward("model.layers.1.mlp").open()) {
        assertTrue(sameModel.isOpen(), "another model is no conflict");
      }
    }
    try (HookScope again = gpt2.hooks().forward("transformer.h.*.mlp").open()) {
      assertEquals(2, again.modules().size());
    }
  }

  @Test
  void scopeOpenedInPythonBlocksAJavaScopeOnTheSameModule() {
    PyHooks py = new PyHooks(PY);
    Map<String, Object> spec =
        Map.of("module", "transformer.h.0.mlp", "direction", "forward", "what", "output");
    try (PyHandle pythonScope = py.openScope(ModelAccess.handle(gpt2), List.of(spec))) {
      HookConflictException e =
          assertThrows(
              HookConflictException.class,
              () -> gpt2.hooks().forward("transformer.h.0.mlp").open());
      assertTrue(e.getMessage().contains("transformer.h.0.mlp"), e.getMessage());
      assertEquals(1L, counts(gpt2, "transformer.h.0.mlp").get("forward"), "only Python's hook");
      py.closeScope(pythonScope);
    }
    try (HookScope java = gpt2.hooks().forward("transformer.h.0.mlp").open()) {
      assertTrue(java.isOpen(), "closing the Python scope released its claim");
    }
    TinyModels.assertRuntimeUsable(gpt2);
  }

  @Test
  void patternMatchingNothingListsValidModules() {
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> gpt2.hooks().forward("model.layers.*.mlp"));
    assertTrue(e.getMessage().contains(TinyModels.GPT2.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("transformer"), e.getMessage());
    InvalidInputException typo =
        assertThrows(
            InvalidInputException.class, () -> gpt2.hooks().forward("transformer.h.7.mlp"));
    assertTrue(typo.getMessage().contains("transformer.h.1.mlp"), typo.getMessage());
    assertThrows(InvalidInputException.class, () -> gpt2.hooks().open());
    TinyModels.assertRuntimeUsable(gpt2);
  }

  @Test
  void backwardHookGivesTheLossGradientOfAModuleOutput() {
    for (var entry : Map.of(gpt2, "transformer.h.1.mlp", llama, "model.layers.1.mlp").entrySet()) {
      Model m = entry.getKey();
      String mlp = entry.getValue();
      GenerationResult target = m.force(TEXT, " and Rome");
      try (HookScope scope = m.hooks().backward(mlp).output().open()) {
        m.forward(target);
        assertEquals(List.of(), scope.captured(), "no gradients without backward");
        ForwardResult r = m.backward(target);
        assertTrue(r.withGradients());
        assertEquals(m.forward(target).loss().orElseThrow(), r.loss().orElseThrow(), 1e-6);
        Capture grad = only(scope.captured(mlp));
        assertEquals(HookDirection.BACKWARD, grad.direction());
        assertEquals(List.of(1L, (long) target.allIds().size(), 32L), grad.shape());
        Object reference =
            PY.call(
                "explain4j_testing.models.module_output_gradient",
                ModelAccess.handle(m),
                mlp,
                target.promptIds(),
                target.generatedIds());
        try (var ref = (dev.explain4j.runtime.PyHandle) reference) {
          Map<?, ?> check =
              (Map<?, ?>) PY.call("explain4j_testing.models.compare", grad.value(), ref, 1e-6);
          assertEquals(true, check.get("allclose"), check.toString());
        }
      }
    }
  }

  @Test
  void backwardInputHookAndEncoderDecoderModules() {
    try (Model t5 = TinyModels.load(TinyModels.T5)) {
      GenerationResult target = t5.force(TEXT, "Paris");
      try (HookScope scope =
          t5.hooks().backward("decoder.block.1.layer.2").input().output().open()) {
        t5.backward(target);
        assertEquals(2, scope.captured().size());
        for (Capture c : scope.captured()) {
          assertEquals(List.of(1L, (long) target.allIds().size(), 32L), c.shape());
        }
      }
    }
  }

  @Test
  void hooksFireOncePerGenerationStep() {
    GenerationOptions six =
        GenerationOptions.builder().optMaxNewTokens(6).optStopAtEos(false).build();
    try (HookScope scope = gpt2.hooks().forward("transformer.h.1.mlp").open()) {
      GenerationResult r = gpt2.generate(TEXT, six);
      List<Capture> steps = scope.captured();
      assertEquals(r.generatedIds().size(), steps.size());
      assertEquals(List.of(1L, (long) r.promptIds().size(), 32L), steps.get(0).shape());
      for (Capture step : steps.subList(1, steps.size())) {
        assertEquals(List.of(1L, 1L, 32L), step.shape());
      }
    }
  }

  @Test
  void attentionWeightsAreOutputOneWithEagerAttention() {
    try (HookScope scope = gpt2.hooks().forward("transformer.h.*.attn").output(1).open()) {
      int t = gpt2.forward(TEXT).inputIds().size();
      for (Capture c : scope.captured()) {
        assertEquals(List.of(1L, 4L, (long) t, (long) t), c.shape());
      }
    }
    ModelOptions sdpa = TinyModels.CPU.toBuilder().optAttentionImplementation("sdpa").build();
    try (Model m = Model.load(TinyModels.GPT2, sdpa);
        HookScope scope = m.hooks().forward("transformer.h.0.attn").output(1).open()) {
      InvalidInputException e = assertThrows(InvalidInputException.class, () -> m.forward(TEXT));
      assertTrue(e.getMessage().contains("eager"), e.getMessage());
      assertTrue(e.getMessage().contains("transformer.h.0.attn"), e.getMessage());
    }
  }

  @Test
  void inputByNameAndBadPositionsAreExplained() {
    try (HookScope scope =
        llama.hooks().forward("model.layers.1.self_attn").input("hidden_states").open()) {
      int t = llama.forward(TEXT).inputIds().size();
      assertEquals(List.of(1L, (long) t, 32L), only(scope.captured()).shape());
    }
    try (HookScope scope = gpt2.hooks().forward("transformer.h.1.mlp").output(5).open()) {
      InvalidInputException e = assertThrows(InvalidInputException.class, () -> gpt2.forward(TEXT));
      assertTrue(e.getMessage().contains("output 5"), e.getMessage());
    }
    TinyModels.assertRuntimeUsable(gpt2);
  }

  @Test
  void closingTheModelClosesItsScopes() {
    Model m = TinyModels.load(TinyModels.GPT2);
    HookScope scope = m.hooks().forward("transformer.h.0").open();
    m.forward(TEXT);
    m.close();
    assertFalse(scope.isOpen());
  }

  private static Map<?, ?> counts(Model m, String module) {
    return (Map<?, ?>) PY.call("explain4j.hooks.hook_counts", ModelAccess.handle(m), module);
  }

  private static Capture only(List<Capture> captures) {
    assertEquals(1, captures.size(), captures.toString());
    return captures.get(0);
  }
}
