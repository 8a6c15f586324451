/**
 * Tensors from Python, read in Java without copying.
 *
 * <p>{@link dev.explain4j.tensor.Tensors} exports a torch tensor through the Apache Arrow C Data
 * Interface and imports it as a {@link dev.explain4j.tensor.Tensor}: a read-only, row-major view of
 * the tensor's own memory. A {@code Tensor} is owned by whoever received it; closing it releases
 * the Python memory, and the Arrow allocator it was imported into must outlive it.
 */
package dev.explain4j.tensor;
