package dev.explain4j.tokenize;

import java.util.OptionalInt;

/**
 * How a {@link Tokenizer} encodes. The defaults ({@link #defaults()}) add the model's special
 * tokens, set no length limit and never truncate.
 *
 * @param addSpecialTokens add the special tokens the model's post-processor puts around a text
 *     ({@code <s>}, {@code [CLS]} … {@code [SEP]}), as transformers does by default
 * @param maxLength the most tokens an encoding may have, special tokens included; empty for no
 *     limit
 * @param truncation cut encodings to {@code maxLength} instead of refusing texts that are too long;
 *     needs a {@code maxLength}
 */
public record TokenizerOptions(
    boolean addSpecialTokens, OptionalInt maxLength, boolean truncation) {
  private static final TokenizerOptions DEFAULTS =
      new TokenizerOptions(true, OptionalInt.empty(), false);

  /**
   * Checks the options.
   *
   * @throws IllegalArgumentException if {@code maxLength} is below 1, or truncation is asked for
   *     without a {@code maxLength}
   */
  public TokenizerOptions {
    maxLength = maxLength == null ? OptionalInt.empty() : maxLength;
    if (maxLength.isPresent() && maxLength.getAsInt() < 1) {
      throw new IllegalArgumentException(
          "maxLength must be at least 1, got " + maxLength.getAsInt());
    }
    if (truncation && maxLength.isEmpty()) {
      throw new IllegalArgumentException("truncation needs a maxLength to truncate to");
    }
  }

  /** Special tokens added, no length limit, no truncation. */
  public static TokenizerOptions defaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these options. */
  public Builder toBuilder() {
    Builder b = new Builder().addSpecialTokens(addSpecialTokens).truncation(truncation);
    maxLength.ifPresent(b::maxLength);
    return b;
  }

  /** Builds {@link TokenizerOptions}; {@link #build()} validates. */
  public static final class Builder {
    private boolean addSpecialTokens = true;
    private Integer maxLength;
    private boolean truncation;

    private Builder() {}

    /** Whether to add the model's special tokens (default true). */
    public Builder addSpecialTokens(boolean add) {
      this.addSpecialTokens = add;
      return this;
    }

    /** The most tokens an encoding may have, special tokens included (default: no limit). */
    public Builder maxLength(int maxLength) {
      this.maxLength = maxLength;
      return this;
    }

    /** Removes the length limit. */
    public Builder noMaxLength() {
      this.maxLength = null;
      return this;
    }

    /** Whether to cut encodings that exceed the maxLength (default false: refuse them). */
    public Builder truncation(boolean truncation) {
      this.truncation = truncation;
      return this;
    }

    /**
     * The options.
     *
     * @throws IllegalArgumentException as {@link TokenizerOptions#TokenizerOptions}
     */
    public TokenizerOptions build() {
      return new TokenizerOptions(
          addSpecialTokens,
          maxLength == null ? OptionalInt.empty() : OptionalInt.of(maxLength),
          truncation);
    }
  }
}
