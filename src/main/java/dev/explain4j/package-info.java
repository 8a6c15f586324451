/**
 * explain4j: look inside Hugging Face transformers models from Java.
 *
 * <p>Data flows text → {@code tokenize} → {@code runtime} (one interpreter thread running CPython)
 * → {@code tensor} (Arrow views) → {@code attention} / {@code attribution} → {@code render} →
 * {@code cli}. Every exception is an {@link dev.explain4j.Explain4jException}; bad input is an
 * {@link dev.explain4j.InvalidInputException}.
 */
package dev.explain4j;
