/**
 * Tokenization in Java: {@link dev.explain4j.tokenize.Tokenizer} reads a model directory's {@code
 * tokenizer.json} and gives the ids transformers gives, with character spans as Java string indices
 * and readable display tokens ({@link dev.explain4j.tokenize.Encoding}). Chat templates are
 * rendered by transformers in Python ({@link dev.explain4j.tokenize.ChatTemplate}).
 */
package dev.explain4j.tokenize;
