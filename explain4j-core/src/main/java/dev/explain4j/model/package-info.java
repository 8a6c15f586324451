/**
 * Hugging Face transformers models driven from Java: loading ({@link dev.explain4j.model.Model},
 * {@link dev.explain4j.model.ModelOptions}), generation and forced targets ({@link
 * dev.explain4j.model.GenerationOptions}, {@link dev.explain4j.model.GenerationResult}), forward
 * and backward passes, and scoped hooks that capture module inputs, outputs and gradients ({@link
 * dev.explain4j.model.HookScope}); a {@link dev.explain4j.model.Capture} is read in Java as a
 * zero-copy {@link dev.explain4j.tensor.Tensor}. Every result carries the {@link
 * dev.explain4j.model.ModelInfo} of the model that produced it.
 *
 * <p>Hook claims (one open scope per module and direction) are kept in Python, where every hook is
 * registered ({@code explain4j.hooks}); a conflict arrives as {@link
 * dev.explain4j.model.HookConflictException}. Prompts are tokenized in Python by the model's
 * transformers tokenizer.
 *
 * <p>May call: {@code tensor} and the boundary layer ({@code internal}: {@code PyModels}, {@code
 * PyGeneration}, {@code PyHooks}); it names no Python function itself. {@code Model}'s Python
 * handle is internal, reached only through {@code internal.ModelAccess}.
 */
package dev.explain4j.model;
