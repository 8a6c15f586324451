package dev.explain4j.render;

import dev.explain4j.InvalidInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Tokens coloured by one score each, read as running text: one generation step's attribution scores
 * over the input, or the LLM-Explainer style highlighted prompt. Immutable: the scores are copied
 * in and out. NaN is an uncoloured token.
 *
 * @param title shown above the text; may be empty
 * @param tokens the tokens in order, with their own spaces
 * @param scores one score per token
 * @param range colour range of the scores
 */
public record ColoredText(String title, List<String> tokens, float[] scores, ValueRange range) {
  /** Validates and copies; a {@code null} range is fitted to the scores. */
  public ColoredText {
    title = title == null ? "" : title;
    if (tokens == null || scores == null) {
      throw new InvalidInputException("coloured text '" + title + "' needs tokens and scores");
    }
    if (tokens.size() != scores.length) {
      throw new InvalidInputException(
          "coloured text '"
              + title
              + "' has "
              + tokens.size()
              + " tokens for "
              + scores.length
              + " scores");
    }
    List<String> copy = new ArrayList<>(tokens.size());
    for (String t : tokens) {
      copy.add(t == null ? "" : t);
    }
    tokens = List.copyOf(copy);
    scores = scores.clone();
    range = range == null ? ValueRange.fit(scores) : range;
  }

  /** Tokens and scores, no title, range fitted to the scores. */
  public static ColoredText of(List<String> tokens, float[] scores) {
    return new ColoredText("", tokens, scores, null);
  }

  /** This text with another range. */
  public ColoredText withRange(ValueRange newRange) {
    return new ColoredText(title, tokens, scores, newRange);
  }

  /** This text with a title. */
  public ColoredText withTitle(String newTitle) {
    return new ColoredText(newTitle, tokens, scores, range);
  }

  /** A copy of the scores. */
  @Override
  public float[] scores() {
    return scores.clone();
  }

  /** One score, without copying. */
  public float score(int i) {
    return scores[i];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ColoredText c
        && title.equals(c.title)
        && tokens.equals(c.tokens)
        && Arrays.equals(scores, c.scores)
        && range.equals(c.range);
  }

  @Override
  public int hashCode() {
    return Objects.hash(title, tokens, Arrays.hashCode(scores), range);
  }

  @Override
  public String toString() {
    return "ColoredText['" + title + "', " + tokens.size() + " tokens, " + range + "]";
  }
}
