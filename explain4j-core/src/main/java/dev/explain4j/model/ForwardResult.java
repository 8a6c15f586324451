package dev.explain4j.model;

import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What one forward (or forward and backward) pass read and computed. Hooks opened on the model
 * captured their values during the pass; this record holds the inputs and the loss.
 *
 * @param inputIds the ids the model (its encoder, for encoder-decoder models) read
 * @param inputTokens their token strings
 * @param decoderIds the decoder's ids for encoder-decoder models; empty otherwise
 * @param loss the mean negative log-likelihood of the generated or forced tokens; empty when there
 *     were none or the model is encoder-only
 * @param withGradients true when the pass ran with gradients and back-propagated the loss
 * @param provenance the model that ran
 */
public record ForwardResult(
    List<Integer> inputIds,
    List<String> inputTokens,
    List<Integer> decoderIds,
    OptionalDouble loss,
    boolean withGradients,
    ModelInfo provenance) {

  /** Copies the lists. */
  public ForwardResult {
    Objects.requireNonNull(loss, "loss");
    Objects.requireNonNull(provenance, "provenance");
    inputIds = List.copyOf(inputIds);
    inputTokens = List.copyOf(inputTokens);
    decoderIds = List.copyOf(decoderIds);
  }
}
