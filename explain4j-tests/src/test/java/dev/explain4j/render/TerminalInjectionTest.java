package dev.explain4j.render;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.explain4j.attribution.AggregatedAttribution;
import dev.explain4j.attribution.AttributionOptions;
import dev.explain4j.attribution.AttributionProvenance;
import dev.explain4j.attribution.AttributionResult;
import dev.explain4j.attribution.ScoreArray;
import dev.explain4j.explain.ExplainText;
import dev.explain4j.explain.Palette;
import dev.explain4j.model.ModelInfo;
import dev.explain4j.model.ModelKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every terminal renderer, with every palette, colour mode and theme, fed the same hostile titles,
 * tokens and labels: nothing but its own SGR colours and line feeds reaches the terminal.
 */
class TerminalInjectionTest {
  private static final List<String> TOKENS = tokens();

  private static List<String> tokens() {
    List<String> out = new ArrayList<>(List.of("plain", ""));
    out.addAll(HostileText.STRINGS);
    return List.copyOf(out);
  }

  private static float[] scores(int n) {
    float[] s = new float[n];
    for (int i = 0; i < n; i++) {
      s[i] = i % 5 == 4 ? Float.NaN : (i * 7 % 11) / 10f - 0.4f;
    }
    return s;
  }

  private static float[][] matrix(int rows, int cols) {
    float[][] m = new float[rows][cols];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        m[r][c] = (r * 3 + c * 5) % 7 / 7f;
      }
    }
    return m;
  }

  private static List<AnsiOptions> allOptions() {
    List<AnsiOptions> out = new ArrayList<>();
    for (Theme theme : Theme.values()) {
      for (boolean color : new boolean[] {true, false}) {
        out.add(new AnsiOptions(color, 120, theme));
        out.add(new AnsiOptions(color, 40, theme));
      }
    }
    return out;
  }

  private static ColoredText coloredText() {
    return new ColoredText(HostileText.title(), TOKENS, scores(TOKENS.size()), null);
  }

  @Test
  void explainTextInEveryPalette() {
    for (Palette p : Palette.values()) {
      HostileText.assertInertAndShown(ExplainText.ansi(coloredText(), p), "ExplainText " + p);
      HostileText.assertInertAndShown(
          ExplainText.ansi(coloredText().withTitle(""), p), "ExplainText untitled " + p);
    }
  }

  @Test
  void coloredTextWithEveryOption() {
    for (AnsiOptions o : allOptions()) {
      HostileText.assertInertAndShown(ColoredTextWriter.ansi(coloredText(), o), "ColoredText " + o);
    }
  }

  @Test
  void heatmapWithEveryOption() {
    HeatmapTable t =
        HeatmapTable.of(HostileText.title(), TOKENS, TOKENS, matrix(TOKENS.size(), TOKENS.size()));
    for (String s : HostileText.STRINGS) {
      t = t.withScoreRow(s, scores(TOKENS.size()));
    }
    for (AnsiOptions o : allOptions()) {
      HostileText.assertInertAndShown(HeatmapAnsi.render(t, o), "HeatmapAnsi " + o);
    }
  }

  @Test
  void attentionViewWithEveryOption() {
    List<String> keys = TOKENS.subList(2, TOKENS.size());
    var maps = Fixtures.full(2, 2, TOKENS, keys, 7, HostileText.title());
    AttentionView view = AttentionView.attention(List.of(maps));
    for (AnsiOptions o : allOptions()) {
      HostileText.assertInertAndShown(view.ansi(o), "AttentionView " + o);
    }
  }

  @Test
  void attributionViewWithEveryOption() {
    AttributionView view = AttributionView.of(attribution(), aggregated());
    for (AnsiOptions o : allOptions()) {
      String out = view.ansi(o);
      HostileText.assertInertAndShown(out, "AttributionView " + o);
      assertTrue(out.contains("⟨RLO⟩"), "tokens are shown: " + out);
      HostileText.assertInertAndShown(
          ColoredTextWriter.ansi(view.step(0), o), "attribution step " + o);
    }
  }

  private static final int PROMPT = 2;

  private static AttributionResult attribution() {
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < TOKENS.size(); i++) {
      ids.add((long) i);
    }
    int steps = TOKENS.size() - PROMPT;
    return new AttributionResult(
        List.of(),
        List.of(),
        TOKENS,
        ids,
        PROMPT,
        TOKENS.size(),
        null,
        ScoreArray.of(matrix(TOKENS.size(), steps)),
        stepScores(steps),
        List.of(),
        List.of(),
        provenance());
  }

  private static AggregatedAttribution aggregated() {
    int steps = TOKENS.size() - PROMPT;
    return new AggregatedAttribution(
        List.of(),
        TOKENS,
        TOKENS.subList(PROMPT, TOKENS.size()),
        null,
        matrix(TOKENS.size(), steps),
        stepScores(steps),
        provenance());
  }

  private static Map<String, float[]> stepScores(int steps) {
    Map<String, float[]> m = new LinkedHashMap<>();
    for (String s : HostileText.STRINGS) {
      m.put(s, scores(steps));
    }
    return m;
  }

  private static AttributionProvenance provenance() {
    ModelInfo model =
        new ModelInfo(
            "no-such-model",
            "/nonexistent/explain4j-hostile-model",
            "GPT2LMHeadModel",
            List.of(),
            "gpt2",
            ModelKind.DECODER_ONLY,
            "cpu",
            "float32",
            "eager",
            1,
            "",
            "",
            "",
            "",
            "",
            Instant.EPOCH);
    return new AttributionProvenance(
        model,
        HostileText.title(),
        "\u001b]0;fn\u0007\u202e",
        AttributionOptions.defaults(),
        Instant.EPOCH,
        0);
  }
}
