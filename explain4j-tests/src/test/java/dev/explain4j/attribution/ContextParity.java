package dev.explain4j.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.explain4j.model.Model;
import dev.explain4j.runtime.PythonRuntime;
import java.util.List;
import java.util.Map;

/** Compares a {@link ContextRelianceResult} with Inseq's {@code attribute-context} on one model. */
final class ContextParity {
  private ContextParity() {}

  /**
   * Runs both and checks texts, tokens, CTI scores and selection, and every cue's context scores
   * (1e-4 relative) and selected cue tokens; returns the worst relative difference seen.
   */
  static double assertMatchesInseq(
      Model model,
      String dir,
      String inputCurrent,
      ContextRelianceOptions options,
      Map<String, Object> inseqOptions) {
    return assertMatchesInseq(model, dir, inputCurrent, options, inseqOptions, 0);
  }

  /**
   * As above where the contextless run tokenizes {@code shift} extra tokens at the output's start:
   * CTI must match, every CCI step must attribute its selected token, and Inseq's CCI for token j
   * is compared with ours for token j + shift where both selected those (Inseq attributes the token
   * after the selected one there).
   */
  static double assertMatchesInseq(
      Model model,
      String dir,
      String inputCurrent,
      ContextRelianceOptions options,
      Map<String, Object> inseqOptions,
      int shift) {
    ContextRelianceResult ours =
        new ContextRelianceAttributor(model).attribute(inputCurrent, options);
    Map<?, ?> ref =
        (Map<?, ?>)
            PythonRuntime.shared()
                .call(
                    "explain4j_testing.inseq_reference.inseq_context",
                    dir,
                    inputCurrent,
                    inseqOptions);
    assertEquals(ref.get("outputCurrent"), ours.outputCurrent(), "output current text");
    assertEquals(ref.get("outputContext"), ours.outputContext(), "output context text");
    assertEquals(ref.get("tokens"), ours.outputCurrentTokens(), "CTI tokens");
    assertEquals(ref.get("inputContextTokens"), ours.inputContextTokens(), "input context tokens");
    double worst = close((List<?>) ref.get("cti"), ours.ctiScores(), "CTI scores");
    List<?> cues = (List<?>) ref.get("cues");
    assertFalse(cues.isEmpty(), "the case should select a context-sensitive token");
    assertEquals(
        cues.stream().map(c -> ((Number) ((Map<?, ?>) c).get("index")).intValue()).toList(),
        ours.contextSensitiveIndices(),
        "CTI-selected tokens, ranked");
    assertEquals(
        shift != 0,
        ours.warnings().stream().anyMatch(w -> w.contains("Inseq 0.7.1 attributes the token")),
        "the shift is reported: " + ours.warnings());
    int compared = 0;
    for (ContextCue cue : ours.cues()) {
      assertEquals(cue.token(), cue.attribution().generatedTokens().get(0), "attributed token");
    }
    for (int n = 0; n < cues.size(); n++) {
      Map<?, ?> c = (Map<?, ?>) cues.get(n);
      int index = ((Number) c.get("index")).intValue() + shift;
      ContextCue mine = ours.cue(index).orElse(null);
      if (mine == null) {
        continue;
      }
      compared++;
      String what = "cue " + n + " (" + mine.token() + ")";
      if (shift == 0) {
        assertEquals(c.get("token"), mine.token(), what);
      }
      assertEquals(c.get("contextualOutput"), mine.contextualOutput(), what);
      assertEquals(c.get("contextlessOutput"), mine.contextlessOutput(), what);
      worst = Math.max(worst, close((List<?>) c.get("input"), mine.inputContextScores(), what));
      worst = Math.max(worst, close((List<?>) c.get("output"), mine.outputContextScores(), what));
      assertEquals(ints(c.get("inputCues")), mine.inputCues(), what + " input cues");
      assertEquals(ints(c.get("outputCues")), mine.outputCues(), what + " output cues");
    }
    assertTrue(shift != 0 || compared == cues.size(), "cues compared");
    assertTrue(
        ours.cues().stream().anyMatch(c -> !c.inputCues().isEmpty() || !c.outputCues().isEmpty()),
        "the case should select a cue token");
    return worst;
  }

  private static List<Integer> ints(Object list) {
    return ((List<?>) list).stream().map(v -> ((Number) v).intValue()).toList();
  }

  private static double close(List<?> expected, List<Double> ours, String what) {
    assertEquals(expected.size(), ours.size(), what + " length");
    double worst = 0;
    for (int i = 0; i < ours.size(); i++) {
      double e = ((Number) expected.get(i)).doubleValue();
      assertEquals(e, ours.get(i), 1e-4 * Math.abs(e), what + " at " + i);
      worst = Math.max(worst, Math.abs(e - ours.get(i)) / Math.max(Math.abs(e), Double.MIN_VALUE));
    }
    return worst;
  }
}
