package dev.explain4j.explain;

import dev.explain4j.InvalidInputException;
import dev.explain4j.render.AnsiOptions;
import dev.explain4j.render.ColorBands;
import dev.explain4j.render.ColoredText;
import dev.explain4j.render.ColoredTextWriter;
import dev.explain4j.render.TokenText;
import dev.explain4j.render.ValueRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Terminal text of a prompt or output with each token coloured by attention or gradient.
 *
 * <pre>{@code
 * System.out.print(ExplainText.ansi(out.attentionText(0), Palette.FIVE_BAND));
 * }</pre>
 */
public final class ExplainText {
  private ExplainText() {}

  /**
   * Tokens coloured by their scores in a palette, written by render's {@link ColoredTextWriter}:
   * {@link Palette#FIVE_BAND} in standard SGR colours ({@link ColorBands#FIVE}) and no legend, the
   * other palettes in 24-bit colour with a legend. Either way the title and the tokens are made
   * visible by {@link TokenText#visible}: control characters, escape sequences and bidi controls in
   * them are shown as markers, never sent to the terminal.
   */
  public static String ansi(ColoredText text, Palette palette) {
    Objects.requireNonNull(text, "text");
    return switch (Objects.requireNonNull(palette, "palette")) {
      case FIVE_BAND -> ColoredTextWriter.ansi(text, ColorBands.FIVE);
      case SEQUENTIAL -> ColoredTextWriter.ansi(text, AnsiOptions.colored());
      case DIVERGING -> ColoredTextWriter.ansi(signed(text), AnsiOptions.colored());
    };
  }

  /** Scores scaled to [0, 1] by their minimum and maximum (all equal: all 0; NaN stays NaN). */
  public static float[] scaled(float[] scores) {
    return ColorBands.scaled(scores);
  }

  /** The prompt and earlier output coloured by output token {@code t}'s mean attention. */
  public static ColoredText attention(Explanation out, int t) {
    TokenAttention a =
        out.tokenAttention()
            .orElseThrow(
                () -> new InvalidInputException("this explanation has no per-token attention"));
    Objects.checkIndex(t, a.tokens());
    int visible = out.promptIds().size() + t;
    List<String> tokens = pieces(out).subList(0, visible);
    float[] row = java.util.Arrays.copyOf(a.meanRow(t), visible);
    return new ColoredText(
        "attention of output token " + t + " " + out.generatedTokens().get(t), tokens, row, null);
  }

  /** The prompt followed by the labels, coloured by the saliency (gradient L2 norm). */
  public static ColoredText saliency(LabelGradients g) {
    return new ColoredText("saliency", g.pieces(), g.saliency(), null);
  }

  /** The prompt followed by the labels, coloured by one block's gradient × input. */
  public static ColoredText blockGradientXInput(LabelGradients g, int layer) {
    return new ColoredText(
        "gradient x input, block " + layer, g.pieces(), g.blockGradientXInput(layer), null);
  }

  private static List<String> pieces(Explanation out) {
    List<String> all = new ArrayList<>(out.promptPieces());
    all.addAll(out.generatedPieces());
    return all;
  }

  private static ColoredText signed(ColoredText t) {
    float maxAbs = 0;
    for (float v : t.scores()) {
      if (!Float.isNaN(v)) {
        maxAbs = Math.max(maxAbs, Math.abs(v));
      }
    }
    return t.withRange(ValueRange.symmetric(maxAbs > 0 ? maxAbs : 1));
  }
}
