package dev.explain4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.explain4j.Explain4jException;
import dev.explain4j.internal.ModelAccess;
import dev.explain4j.runtime.PythonRuntime;
import dev.explain4j.tensor.DType;
import dev.explain4j.tensor.Tensor;
import dev.explain4j.tensor.Tensors;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Captured values read in Java as zero-copy tensors; the allocator must end with no leak. */
@Tag("python")
class CaptureTensorTest {
  private static final PythonRuntime PY = PythonRuntime.shared();
  private static final String MLP = "model.layers.1.mlp";
  private static Model llama;
  private BufferAllocator allocator;

  @BeforeAll
  static void load() {
    llama = TinyModels.load(TinyModels.LLAMA);
  }

  @AfterAll
  static void close() {
    llama.close();
  }

  @BeforeEach
  void openAllocator() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void closeAllocator() {
    allocator.close();
  }

  @Test
  void mlpOutputInJavaEqualsTheModuleRecomputedOnItsInput() {
    try (HookScope scope = llama.hooks().forward(MLP).input().output().open()) {
      int t = llama.forward("The capital of France is Paris").inputIds().size();
      Capture in = scope.captured(MLP, HookDirection.FORWARD, HookTarget.INPUT).get(0);
      Capture out = scope.captured(MLP, HookDirection.FORWARD, HookTarget.OUTPUT).get(0);
      try (Tensor captured = out.toTensor(allocator);
          Tensor recomputed =
              Tensors.call(
                  allocator,
                  PY,
                  "explain4j_testing.models.run_module",
                  ModelAccess.handle(llama),
                  MLP,
                  in.value())) {
        assertArrayEquals(new long[] {1, t, 32}, captured.shape());
        assertEquals(DType.FLOAT32, captured.dtype());
        float[] a = captured.toFloatArray();
        float[] b = recomputed.toFloatArray();
        assertEquals(t * 32, a.length);
        double maxAbs = 0;
        for (int i = 0; i < a.length; i++) {
          assertEquals(b[i], a[i], 1e-5 + 1e-4 * Math.abs(b[i]), "element " + i);
          maxAbs = Math.max(maxAbs, Math.abs(a[i]));
        }
        assertTrue(maxAbs > 0, "the output is not all zeros");
      }
    }
  }

  @Test
  void tensorOutlivesItsScopeButAReleasedCaptureIsRefused() {
    Capture kept;
    Tensor tensor;
    try (HookScope scope = llama.hooks().backward(MLP).open()) {
      llama.backward(llama.force("The capital of France", " is Paris"));
      kept = scope.captured().get(0);
      tensor = kept.toTensor(allocator);
    }
    try (tensor) {
      float[] grad = tensor.toFloatArray();
      double norm = 0;
      for (float g : grad) {
        norm += g * g;
      }
      assertTrue(norm > 0, "gradient is not zero");
    }
    Explain4jException e = assertThrows(Explain4jException.class, () -> kept.toTensor(allocator));
    assertTrue(e.getMessage().contains("released"), e.getMessage());
  }
}
