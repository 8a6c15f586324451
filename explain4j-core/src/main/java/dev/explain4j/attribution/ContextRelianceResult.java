package dev.explain4j.attribution;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Context reliance of one example (PECoRe, as Inseq's {@code attribute-context} reports it): which
 * output tokens depend on the context (CTI) and which context tokens they depend on (CCI).
 * Immutable, on the Java heap: nothing to close.
 *
 * @param inputContext the input context, or null
 * @param inputCurrent the input current text
 * @param outputContext the output context, or null
 * @param outputCurrent the output current text (forced, or generated with every context)
 * @param inputTemplate the input template used
 * @param outputTemplate the output template used
 * @param inputContextTokens the input context's tokens (raw tokenizer strings); empty without one
 * @param outputContextTokens the output context's tokens; empty without one
 * @param outputCurrentTokens the output tokens CTI scored
 * @param ctiScores one CTI score per output token
 * @param ctiThreshold the CTI threshold (mean + k × std of the scores)
 * @param cues the context-sensitive tokens, ranked by |CTI score|, with their cues
 * @param warnings settings that were ignored, one line each
 * @param provenance model, options, version and time
 */
public record ContextRelianceResult(
    String inputContext,
    String inputCurrent,
    String outputContext,
    String outputCurrent,
    String inputTemplate,
    String outputTemplate,
    List<String> inputContextTokens,
    List<String> outputContextTokens,
    List<String> outputCurrentTokens,
    List<Double> ctiScores,
    double ctiThreshold,
    List<ContextCue> cues,
    List<String> warnings,
    ContextRelianceProvenance provenance) {
  public ContextRelianceResult {
    Objects.requireNonNull(inputCurrent, "inputCurrent");
    Objects.requireNonNull(outputCurrent, "outputCurrent");
    inputContextTokens = List.copyOf(inputContextTokens);
    outputContextTokens = List.copyOf(outputContextTokens);
    outputCurrentTokens = List.copyOf(outputCurrentTokens);
    ctiScores = List.copyOf(ctiScores);
    cues = List.copyOf(cues);
    warnings = List.copyOf(warnings);
    if (ctiScores.size() != outputCurrentTokens.size()) {
      throw new IllegalArgumentException(
          ctiScores.size() + " CTI scores for " + outputCurrentTokens.size() + " tokens");
    }
  }

  /** The indices of the context-sensitive output tokens, ranked as {@link #cues()}. */
  public List<Integer> contextSensitiveIndices() {
    return cues.stream().map(ContextCue::index).toList();
  }

  /** The cue of output token {@code index}, if CTI selected it. */
  public Optional<ContextCue> cue(int index) {
    return cues.stream().filter(c -> c.index() == index).findFirst();
  }
}
