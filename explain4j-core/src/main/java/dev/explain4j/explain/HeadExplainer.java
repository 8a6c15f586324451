package dev.explain4j.explain;

import dev.explain4j.InvalidInputException;
import dev.explain4j.attention.AttentionMaps;
import dev.explain4j.attention.AttentionMultiples;
import dev.explain4j.attention.ScoreMultiple;
import java.util.List;
import java.util.Objects;

/**
 * AttentionData's head descriptions: ranks a head's attention multiples over a batch of captured
 * sequences and asks a {@link HeadDescriber} what the strongest ones have in common.
 *
 * <pre>{@code
 * HeadExplainer explainer = new HeadExplainer(batch, 0, describer);
 * HeadDescription d = explainer.describeHead(3, 1, 10);
 * }</pre>
 */
public final class HeadExplainer {
  private final List<AttentionMaps> batch;
  private final int minQuery;
  private final HeadDescriber describer;

  /**
   * @param batch one causal or bidirectional attention set per sequence
   * @param minQuery skip query rows before this position (large early averages)
   * @param describer who writes the descriptions
   */
  public HeadExplainer(List<AttentionMaps> batch, int minQuery, HeadDescriber describer) {
    if (batch.isEmpty()) {
      throw new InvalidInputException("a head explainer needs at least one attention set");
    }
    this.batch = List.copyOf(batch);
    this.minQuery = Math.max(0, minQuery);
    this.describer = Objects.requireNonNull(describer, "describer");
  }

  /** The {@code samples} highest multiples of a head. */
  public List<ScoreMultiple> samples(int layer, int head, int samples) {
    AttentionMaps first = batch.get(0);
    Objects.checkIndex(layer, first.layers());
    Objects.checkIndex(head, first.heads());
    if (samples < 1) {
      throw new InvalidInputException("samples must be at least 1, got " + samples);
    }
    return AttentionMultiples.of(batch, layer, head, minQuery).ranked(samples, false);
  }

  /** The prompt {@link #describeHead} would send. */
  public String prompt(int layer, int head, int samples) {
    return HeadPrompt.build(layer, head, samples(layer, head, samples));
  }

  /** Builds the prompt from the head's top multiples and asks the describer. */
  public HeadDescription describeHead(int layer, int head, int samples) {
    List<ScoreMultiple> top = samples(layer, head, samples);
    String prompt = HeadPrompt.build(layer, head, top);
    String answer = describer.describe(prompt);
    return new HeadDescription(layer, head, top.size(), prompt, answer, describer.name());
  }
}
