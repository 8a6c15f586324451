/**
 * Scoped explanation sessions over generation: task presets (question answering, translation,
 * summarisation, chat, chat with an assistant model), per-output-token attention recovered under
 * the KV cache, teacher-forced label gradients, coloured text and attention-head descriptions.
 *
 * <p>A thin layer of presets over the shared code: sessions generate through Python's one
 * generation path ({@code explain4j.generation}), reach Python only through {@link
 * dev.explain4j.internal.PyExplain}, bring their float arrays across the Arrow tensor bridge
 * ({@link dev.explain4j.tensor.Tensors}), and colour text with {@link dev.explain4j.render} ({@link
 * dev.explain4j.render.ColoredTextWriter}, {@link dev.explain4j.render.ColorBands}), whose {@link
 * dev.explain4j.render.TokenText#visible} is the one terminal escaping path. Every result carries
 * an {@link dev.explain4j.explain.ExplainProvenance}. May call: model, internal, tensor, render.
 */
package dev.explain4j.explain;
