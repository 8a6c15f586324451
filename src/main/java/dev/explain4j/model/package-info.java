/**
 * Hugging Face transformers models driven from Java: loading ({@link dev.explain4j.model.Model},
 * {@link dev.explain4j.model.ModelOptions}), generation and forced targets ({@link
 * dev.explain4j.model.GenerationOptions}, {@link dev.explain4j.model.GenerationResult}), forward
 * and backward passes, and scoped hooks that capture module inputs, outputs and gradients ({@link
 * dev.explain4j.model.HookScope}); a {@link dev.explain4j.model.Capture} is read in Java as a
 * zero-copy {@link dev.explain4j.tensor.Tensor}. Every result carries the {@link
 * dev.explain4j.model.ModelInfo} of the model that produced it.
 */
package dev.explain4j.model;
