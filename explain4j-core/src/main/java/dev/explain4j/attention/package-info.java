/**
 * Attention, Inspectus-style: {@link dev.explain4j.attention.AttentionCapture} runs one forward
 * pass over the prompt and the generated tokens and brings every layer's attention into Java as
 * zero-copy tensors; {@link dev.explain4j.attention.AttentionMaps} and {@link
 * dev.explain4j.attention.AttentionViews} select, reduce ({@link
 * dev.explain4j.attention.Reduction}) and normalize ({@link dev.explain4j.attention.Normalization})
 * them in Java.
 *
 * <p>May call: {@code model}, {@code tensor}, {@code tokenize} (display labels from the Java
 * tokenizer, {@code TokenLabels}) and the boundary layer ({@code internal}: {@code PyCapture}); it
 * names no Python function itself.
 */
package dev.explain4j.attention;
