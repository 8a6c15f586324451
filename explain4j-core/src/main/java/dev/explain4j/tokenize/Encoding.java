package dev.explain4j.tokenize;

import java.util.Arrays;
import java.util.Objects;

/**
 * One text split into tokens: immutable, with one entry per token in every array.
 *
 * <p>{@code starts[i]} and {@code ends[i]} locate token {@code i} in {@link #text()} as Java
 * (UTF-16) string indices, so {@code text.substring(starts[i], ends[i])} is the part of the text
 * the token came from. A token that came from no part of the text (a special token added around it,
 * such as {@code <s>} or {@code [CLS]}) has no span: both are {@link #NO_SPAN} (-1). Several tokens
 * can share a span (byte-level BPE splits one character into several tokens), and a span is the
 * original text even where the tokenizer normalised it (lower case, accents stripped).
 *
 * <p>Every array is copied on the way in and on the way out.
 *
 * @param text the text that was encoded
 * @param ids the token ids, the model's input
 * @param tokens the raw vocabulary tokens ({@code Ġworld}, {@code ▁world}, {@code ##ing}): the
 *     vocabulary's entry for each id, as transformers' {@code convert_ids_to_tokens} gives it, so
 *     an unknown piece of text is {@code <unk>} here and only {@link #spanText(int)} shows the text
 * @param displayTokens the same tokens as readable text ({@code " world"}, {@code "ing"}); a byte
 *     that is only part of a character reads {@code <0xE6>}; see {@link Tokenizer} for the rules
 * @param starts start of each token's span in {@code text}, or {@link #NO_SPAN}
 * @param ends end (exclusive) of each token's span in {@code text}, or {@link #NO_SPAN}
 * @param specialTokens true where the tokenizer's post-processor added a special token around the
 *     text, as transformers' {@code special_tokens_mask}; a special token written in the text
 *     itself (a chat prompt's {@code <|im_start|>}) is not marked here, see {@link
 *     Tokenizer#isSpecialToken(long)}
 * @param attentionMask 1 for every token the model should attend to (all of them: explain4j never
 *     pads)
 */
public record Encoding(
    String text,
    long[] ids,
    String[] tokens,
    String[] displayTokens,
    int[] starts,
    int[] ends,
    boolean[] specialTokens,
    long[] attentionMask) {

  /** The start and end of a token that has no span in the text. */
  public static final int NO_SPAN = -1;

  /**
   * Checks and copies every array.
   *
   * @throws IllegalArgumentException if the arrays differ in length or a span is not inside the
   *     text
   */
  public Encoding {
    Objects.requireNonNull(text, "text");
    ids = ids.clone();
    tokens = tokens.clone();
    displayTokens = displayTokens.clone();
    starts = starts.clone();
    ends = ends.clone();
    specialTokens = specialTokens.clone();
    attentionMask = attentionMask.clone();
    int n = ids.length;
    if (tokens.length != n
        || displayTokens.length != n
        || starts.length != n
        || ends.length != n
        || specialTokens.length != n
        || attentionMask.length != n) {
      throw new IllegalArgumentException("every array of an Encoding must have " + n + " entries");
    }
    for (int i = 0; i < n; i++) {
      Objects.requireNonNull(tokens[i], "tokens[" + i + "]");
      Objects.requireNonNull(displayTokens[i], "displayTokens[" + i + "]");
      boolean none = starts[i] == NO_SPAN && ends[i] == NO_SPAN;
      if (!none && (starts[i] < 0 || starts[i] > ends[i] || ends[i] > text.length())) {
        throw new IllegalArgumentException(
            "span ["
                + starts[i]
                + ", "
                + ends[i]
                + ") of token "
                + i
                + " is not inside a text of length "
                + text.length());
      }
    }
  }

  /** Number of tokens. */
  public int size() {
    return ids.length;
  }

  /** Token ids. A copy. */
  @Override
  public long[] ids() {
    return ids.clone();
  }

  /** Raw vocabulary tokens. A copy. */
  @Override
  public String[] tokens() {
    return tokens.clone();
  }

  /** Readable tokens. A copy. */
  @Override
  public String[] displayTokens() {
    return displayTokens.clone();
  }

  /** Span starts, {@link #NO_SPAN} for tokens without a span. A copy. */
  @Override
  public int[] starts() {
    return starts.clone();
  }

  /** Span ends (exclusive), {@link #NO_SPAN} for tokens without a span. A copy. */
  @Override
  public int[] ends() {
    return ends.clone();
  }

  /** Special-token mask. A copy. */
  @Override
  public boolean[] specialTokens() {
    return specialTokens.clone();
  }

  /** Attention mask. A copy. */
  @Override
  public long[] attentionMask() {
    return attentionMask.clone();
  }

  /** The id of token {@code i}. */
  public long id(int i) {
    return ids[i];
  }

  /** The raw vocabulary token {@code i}. */
  public String token(int i) {
    return tokens[i];
  }

  /** The readable form of token {@code i}. */
  public String displayToken(int i) {
    return displayTokens[i];
  }

  /** True if token {@code i} is a special token. */
  public boolean isSpecial(int i) {
    return specialTokens[i];
  }

  /** True if token {@code i} came from a part of the text. */
  public boolean hasSpan(int i) {
    return starts[i] != NO_SPAN;
  }

  /** Start of token {@code i}'s span, or {@link #NO_SPAN}. */
  public int start(int i) {
    return starts[i];
  }

  /** End (exclusive) of token {@code i}'s span, or {@link #NO_SPAN}. */
  public int end(int i) {
    return ends[i];
  }

  /** The part of the text token {@code i} came from; empty for a token without a span. */
  public String spanText(int i) {
    return hasSpan(i) ? text.substring(starts[i], ends[i]) : "";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Encoding e
        && text.equals(e.text)
        && Arrays.equals(ids, e.ids)
        && Arrays.equals(tokens, e.tokens)
        && Arrays.equals(displayTokens, e.displayTokens)
        && Arrays.equals(starts, e.starts)
        && Arrays.equals(ends, e.ends)
        && Arrays.equals(specialTokens, e.specialTokens)
        && Arrays.equals(attentionMask, e.attentionMask);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        text, Arrays.hashCode(ids), Arrays.hashCode(tokens), Arrays.hashCode(starts));
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Encoding[").append(ids.length).append(" tokens:");
    for (int i = 0; i < ids.length && i < 32; i++) {
      sb.append(' ').append(ids[i]).append('=').append(tokens[i]);
    }
    return sb.append(ids.length > 32 ? " …]" : "]").toString();
  }
}
