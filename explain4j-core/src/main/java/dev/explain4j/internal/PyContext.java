package dev.explain4j.internal;

import dev.explain4j.runtime.PyHandle;
import dev.explain4j.runtime.PythonRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Python module {@code explain4j.attribution.context}: context reliance (PECoRe), Inseq's {@code
 * attribute-context}.
 */
public final class PyContext {
  private static final String M = "explain4j.attribution.context.";
  private final PythonRuntime runtime;

  public PyContext(PythonRuntime runtime) {
    this.runtime = Objects.requireNonNull(runtime, "runtime");
  }

  /**
   * Rows of one context in a CCI attribution.
   *
   * @param which {@code source} or {@code target}
   * @param first the first row
   * @param count the number of rows (context tokens)
   */
  public record Rows(String which, int first, int count) {}

  /**
   * One context-sensitive token and its CCI attribution.
   *
   * @param ctiIndex the token's index in the output current tokens
   * @param ctiToken the token
   * @param ctiScore its CTI score
   * @param contextualInput the input the CCI step attributed
   * @param contextualOutput the output prefix it forced, ending with the token
   * @param contextlessOutput the contrastive output (contrastive attributed functions), or null
   * @param contrastToken the contrastive token, or null
   * @param attribution the CCI attribution (a {@code SequenceAttribution}), owned by the caller
   * @param inputRows where the input context's rows are, or null
   * @param outputRows where the output context's rows are, or null
   */
  public record Cue(
      int ctiIndex,
      String ctiToken,
      double ctiScore,
      String contextualInput,
      String contextualOutput,
      String contextlessOutput,
      String contrastToken,
      PyHandle attribution,
      Rows inputRows,
      Rows outputRows) {}

  /**
   * What {@code run} returns.
   *
   * @param inputContext the input context, or null
   * @param inputCurrent the input current text
   * @param outputContext the output context, or null
   * @param outputCurrent the output current text (forced or generated)
   * @param inputTemplate the input template used
   * @param outputTemplate the output template used
   * @param inputContextTokens the input context's tokens, or null
   * @param outputContextTokens the output context's tokens, or null
   * @param outputCurrentTokens the tokens CTI scored
   * @param ctiScores one CTI score per token
   * @param ctiThreshold the CTI selection threshold
   * @param warnings notes on ignored settings
   * @param cues the selected tokens, ranked
   * @param explain4jVersion the engine's version
   * @param engineSeconds the engine's time
   */
  public record Raw(
      String inputContext,
      String inputCurrent,
      String outputContext,
      String outputCurrent,
      String inputTemplate,
      String outputTemplate,
      List<String> inputContextTokens,
      List<String> outputContextTokens,
      List<String> outputCurrentTokens,
      double[] ctiScores,
      double ctiThreshold,
      List<String> warnings,
      List<Cue> cues,
      String explain4jVersion,
      double engineSeconds) {}

  /** {@code run(model, input_current_text, options)}; every cue's attribution is the caller's. */
  public Raw run(PyHandle model, String inputCurrent, Map<String, Object> options) {
    PyMap d =
        new PyMap(runtime.call(M + "run", model, inputCurrent, options), "context attribution");
    List<Cue> cues = new ArrayList<>();
    try {
      for (Object o : d.list("cues")) {
        PyMap c = new PyMap(o, "context cue");
        cues.add(
            new Cue(
                c.intValue("ctiIndex"),
                c.string("ctiToken"),
                c.doubleValue("ctiScore"),
                c.string("contextualInput"),
                c.string("contextualOutput"),
                c.string("contextlessOutput"),
                c.string("contrastToken"),
                PyMap.handle(c.raw("attribution"), "context cue attribution"),
                rows(c, "inputRows"),
                rows(c, "outputRows")));
      }
      double[] scores =
          d.list("ctiScores").stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
      return new Raw(
          d.string("inputContext"),
          d.string("inputCurrent"),
          d.string("outputContext"),
          d.string("outputCurrent"),
          d.string("inputTemplate"),
          d.string("outputTemplate"),
          d.has("inputContextTokens") ? d.strings("inputContextTokens") : null,
          d.has("outputContextTokens") ? d.strings("outputContextTokens") : null,
          d.strings("outputCurrentTokens"),
          scores,
          d.doubleValue("ctiThreshold"),
          d.strings("warnings"),
          cues,
          d.string("explain4jVersion"),
          d.doubleValue("engineSeconds"));
    } catch (RuntimeException e) {
      cues.forEach(c -> c.attribution().close());
      throw e;
    }
  }

  private static Rows rows(PyMap cue, String key) {
    if (!cue.has(key)) {
      return null;
    }
    List<?> r = PyMap.list(cue.raw(key), "context cue " + key);
    return new Rows(
        String.valueOf(r.get(0)), ((Number) r.get(1)).intValue(), ((Number) r.get(2)).intValue());
  }
}
