/**
 * Tensors from Python, read in Java without copying.
 *
 * <p>{@link dev.explain4j.tensor.Tensors} exports a torch tensor through the Apache Arrow C Data
 * Interface and imports it as a {@link dev.explain4j.tensor.Tensor}: a read-only, row-major view of
 * the tensor's own memory. A {@code Tensor} is owned by whoever received it; closing it releases
 * the Python memory, and the Arrow allocator it was imported into must outlive it.
 *
 * <p>May call: Apache Arrow and the boundary layer ({@code internal}: {@code PyExport}, which
 * exports the tensor); it names no Python function itself. Used by {@code model}, {@code attention}
 * and {@code attribution}.
 */
package dev.explain4j.tensor;
