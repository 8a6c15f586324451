package dev.explain4j.attribution;

import java.util.List;
import java.util.Objects;

/**
 * One context-sensitive output token (selected by CTI) and its contextual cues (CCI): the
 * attribution of the token to each context token, and the cues selected among them. Immutable.
 *
 * @param index the token's index in {@link ContextRelianceResult#outputCurrentTokens()}
 * @param token the token
 * @param ctiScore its CTI score (the context sensitivity metric)
 * @param contextualInput the input the CCI step attributed (context included)
 * @param contextualOutput the output prefix forced in the CCI step, ending with the token
 * @param contextlessOutput the contrastive output (contrastive attributed functions), or null
 * @param contrastToken the contrastive token (contrastive attributed functions), or null
 * @param inputContextScores one CCI score per input context token; empty without input context
 * @param outputContextScores one CCI score per output context token; empty without one
 * @param inputCues the input context tokens selected as cues, ranked by |score|
 * @param outputCues the output context tokens selected as cues, ranked by |score|
 * @param cueThreshold the threshold the cues' |score| reached (mean + k × std of all scores)
 * @param attribution the CCI attribution of the token, aggregated (on the Java heap)
 */
public record ContextCue(
    int index,
    String token,
    double ctiScore,
    String contextualInput,
    String contextualOutput,
    String contextlessOutput,
    String contrastToken,
    List<Double> inputContextScores,
    List<Double> outputContextScores,
    List<Integer> inputCues,
    List<Integer> outputCues,
    double cueThreshold,
    AggregatedAttribution attribution) {
  public ContextCue {
    Objects.requireNonNull(token, "token");
    inputContextScores = List.copyOf(inputContextScores);
    outputContextScores = List.copyOf(outputContextScores);
    inputCues = List.copyOf(inputCues);
    outputCues = List.copyOf(outputCues);
  }
}
