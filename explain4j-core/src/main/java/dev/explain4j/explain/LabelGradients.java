package dev.explain4j.explain;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Teacher-forced gradients of the mean negative log-likelihood of a label sequence placed after the
 * prompt. Token positions are the prompt's followed by the labels'.
 *
 * @param tokens the prompt tokens followed by the label tokens
 * @param pieces the same tokens, each decoded on its own (display text)
 * @param promptLength how many of {@code tokens} are the prompt
 * @param loss the mean negative log-likelihood of the labels
 * @param hidden the embedding width
 * @param layers the number of blocks
 * @param gradient the raw gradient w.r.t. the input embeddings, [tokens, hidden] row-major
 * @param saliency the L2 norm of each token's embedding gradient
 * @param blockGradientXInput gradient × input of each block's input, [layers, tokens]
 * @param provenance the model, preset, options, labels, explain4j version and time it came from
 */
public record LabelGradients(
    List<String> tokens,
    List<String> pieces,
    int promptLength,
    double loss,
    int hidden,
    int layers,
    float[] gradient,
    float[] saliency,
    float[] blockGradientXInput,
    ExplainProvenance provenance) {

  /** Validates the shapes and copies the arrays. */
  public LabelGradients {
    Objects.requireNonNull(provenance, "provenance");
    tokens = List.copyOf(tokens);
    pieces = List.copyOf(pieces);
    int n = tokens.size();
    if (gradient.length != n * hidden
        || saliency.length != n
        || blockGradientXInput.length != layers * n
        || pieces.size() != n) {
      throw new IllegalArgumentException("gradient arrays do not match " + n + " tokens");
    }
    gradient = gradient.clone();
    saliency = saliency.clone();
    blockGradientXInput = blockGradientXInput.clone();
  }

  /** The raw gradient w.r.t. the input embeddings, [tokens, hidden] row-major. */
  @Override
  public float[] gradient() {
    return gradient.clone();
  }

  /** The L2 norm of each token's embedding gradient. */
  @Override
  public float[] saliency() {
    return saliency.clone();
  }

  /**
   * Gradient × input of each block's input hidden state, summed over the width: [layers, tokens].
   */
  @Override
  public float[] blockGradientXInput() {
    return blockGradientXInput.clone();
  }

  /** One block's gradient × input per token. */
  public float[] blockGradientXInput(int layer) {
    Objects.checkIndex(layer, layers);
    int n = tokens.size();
    return Arrays.copyOfRange(blockGradientXInput, layer * n, (layer + 1) * n);
  }

  /** The saliency of the prompt tokens only. */
  public float[] promptSaliency() {
    return Arrays.copyOf(saliency, promptLength);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LabelGradients g
        && tokens.equals(g.tokens)
        && Arrays.equals(gradient, g.gradient)
        && Arrays.equals(blockGradientXInput, g.blockGradientXInput);
  }

  @Override
  public int hashCode() {
    return Objects.hash(tokens, Arrays.hashCode(gradient));
  }

  @Override
  public String toString() {
    return "LabelGradients[" + tokens.size() + " tokens, loss=" + loss + "]";
  }
}
