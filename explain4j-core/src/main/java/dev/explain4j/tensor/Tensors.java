package dev.explain4j.tensor;

import dev.explain4j.internal.PyExport;
import dev.explain4j.runtime.PyHandle;
import dev.explain4j.runtime.PythonRuntime;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.arrow.c.ArrowArray;
import org.apache.arrow.c.ArrowSchema;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;

/**
 * Brings torch tensors from Python into Java without copying, through the Arrow C Data Interface.
 *
 * <p>Each method allocates an {@link ArrowArray} and an {@link ArrowSchema} from the allocator, has
 * Python ({@code explain4j.export}) fill them, and imports the result with {@link
 * Data#importVector}. Python moves a CUDA tensor to pinned host memory and makes a non-contiguous
 * tensor contiguous (one copy each); a contiguous CPU tensor is not copied. Supported dtypes are
 * float32, float16, bfloat16 and int64; anything else fails with an {@link
 * dev.explain4j.InvalidInputException} naming the dtype.
 *
 * <p>The returned {@link Tensor} is owned by the caller: closing it releases the Python memory, and
 * the allocator must outlive it. If the export or the import fails, everything already exported is
 * released before the exception propagates, and nothing stays allocated. One exception: if the
 * calling thread is interrupted while Python exports, this waits for Python to finish before it
 * frees the C structs (the interrupt flag is kept); should that wait fail too, the two structs (152
 * bytes) are left allocated rather than freed while Python may still write to them.
 *
 * <p>The imported vector is one Arrow {@code large_binary} value holding the tensor's bytes (dtype
 * and shape in the field metadata), not a typed float32 array: Arrow Java's importer allocates and
 * fills a fresh validity bitmap of {@code numel / 8} bytes for every typed array without nulls,
 * which made the import O(n). This layout imports in constant time (about 0.06 ms at any size).
 */
public final class Tensors {
  private Tensors() {}

  /**
   * Imports the tensor behind {@code tensor}. The handle stays open and owned by the caller.
   *
   * @throws dev.explain4j.InvalidInputException if the handle is not a torch tensor or has an
   *     unsupported dtype
   */
  public static Tensor fromPython(
      BufferAllocator allocator, PythonRuntime runtime, PyHandle tensor) {
    Objects.requireNonNull(tensor, "tensor");
    return importTensor(
        allocator, runtime, (a, s) -> new PyExport(runtime).exportTensor(tensor, a, s));
  }

  /**
   * Calls the Python function {@code function} (for example {@code "pkg.module.fn"}) with {@code
   * args} and imports the tensor it returns, without making a handle for it. Arguments cross as in
   * {@link PythonRuntime#call}; {@link PyHandle}s are passed as their objects.
   */
  public static Tensor call(
      BufferAllocator allocator, PythonRuntime runtime, String function, Object... args) {
    Objects.requireNonNull(function, "function");
    List<Object> argList = Arrays.asList(args);
    return importTensor(
        allocator, runtime, (a, s) -> new PyExport(runtime).exportCall(a, s, function, argList));
  }

  /**
   * Evaluates {@code expression} in the namespace of {@link PythonRuntime#exec} and {@link
   * PythonRuntime#eval} and imports the tensor it yields.
   */
  public static Tensor eval(BufferAllocator allocator, PythonRuntime runtime, String expression) {
    Objects.requireNonNull(expression, "expression");
    return importTensor(
        allocator, runtime, (a, s) -> new PyExport(runtime).exportEval(a, s, expression));
  }

  /** Fills the C structs at the two addresses and returns Python's description of the export. */
  @FunctionalInterface
  private interface Export {
    PyExport.Exported run(long arrayAddress, long schemaAddress);
  }

  private static Tensor importTensor(
      BufferAllocator allocator, PythonRuntime runtime, Export export) {
    Objects.requireNonNull(allocator, "allocator");
    Objects.requireNonNull(runtime, "runtime");
    ArrowArray array = ArrowArray.allocateNew(allocator);
    ArrowSchema schema = ArrowSchema.allocateNew(allocator);
    boolean structsSafeToFree = true;
    try {
      PyExport.Exported reply;
      try {
        reply = export.run(array.memoryAddress(), schema.memoryAddress());
      } catch (RuntimeException e) {
        structsSafeToFree = awaitPython(runtime);
        throw e;
      }
      FieldVector vector = Data.importVector(allocator, array, schema, null, false);
      try {
        return TensorImport.wrap(vector, reply);
      } catch (RuntimeException e) {
        vector.close();
        throw e;
      }
    } finally {
      if (structsSafeToFree) {
        releaseIfExported(array, schema);
        array.close();
        schema.close();
      }
    }
  }

  /**
   * After a failed export call, waits until Python is done with it: a call that was interrupted on
   * the Java side may still be writing the structs. Returns false if that cannot be known, in which
   * case the structs are left allocated rather than freed under Python's feet.
   */
  private static boolean awaitPython(PythonRuntime runtime) {
    boolean interrupted = Thread.interrupted();
    try {
      if (interrupted) {
        new PyExport(runtime).settled();
      }
      return true;
    } catch (RuntimeException e) {
      return false;
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void releaseIfExported(ArrowArray array, ArrowSchema schema) {
    if (array.snapshot().release != 0) {
      array.release();
    }
    if (schema.snapshot().release != 0) {
      schema.release();
    }
  }
}
