/**
 * Tokenization in Java, for display and for Java users; it does not feed the model. {@link
 * dev.explain4j.tokenize.Tokenizer} reads a model directory's {@code tokenizer.json} (DJL's Hugging
 * Face tokenizer) and gives the ids transformers gives, with character spans as Java string indices
 * and readable display tokens ({@link dev.explain4j.tokenize.Encoding}); the Python {@code
 * explain4j.tokenize} module is the reference it is tested against. {@link
 * dev.explain4j.tokenize.TokenLabels} is the one path from token ids to the labels every view shows
 * (byte-level, SentencePiece, byte-fallback and WordPiece markers undone). The model's input ids
 * are made in Python by transformers ({@code explain4j.generation}, {@code
 * explain4j.attribution.encoding}).
 *
 * <p>May call: DJL, and the boundary layer ({@code internal}: {@code PyTokenize}) for chat
 * templates only, which transformers renders ({@link dev.explain4j.tokenize.ChatTemplate}). {@code
 * TokenLabels} and {@code Tokenizer} never reach Python, so {@code render} may use them.
 */
package dev.explain4j.tokenize;
