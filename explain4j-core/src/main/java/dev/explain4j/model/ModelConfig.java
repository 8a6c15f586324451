package dev.explain4j.model;

import java.util.List;
import java.util.OptionalInt;

/**
 * Facts from a model's config, read once at load time. For encoder-decoder models the sizes are the
 * encoder's and {@link #numDecoderLayers()} gives the decoder's depth. A count the config does not
 * state is 0.
 *
 * @param modelType the config's {@code model_type}
 * @param numLayers transformer layers (the encoder's, for encoder-decoder models)
 * @param numDecoderLayers decoder layers of an encoder-decoder model, empty otherwise
 * @param numHeads attention heads per layer
 * @param numKeyValueHeads key/value heads per layer (fewer than heads with grouped-query attention)
 * @param hiddenSize the model (residual stream) width
 * @param vocabSize the vocabulary size of the embedding
 * @param maxPositions the longest sequence the position embeddings allow; empty when unbounded
 *     (relative positions, as in T5)
 * @param eosTokenIds the end-of-sequence ids generation stops at
 * @param hasChatTemplate whether the tokenizer has a chat template
 */
public record ModelConfig(
    String modelType,
    int numLayers,
    OptionalInt numDecoderLayers,
    int numHeads,
    int numKeyValueHeads,
    int hiddenSize,
    int vocabSize,
    OptionalInt maxPositions,
    List<Integer> eosTokenIds,
    boolean hasChatTemplate) {

  /** Copies the list. */
  public ModelConfig {
    eosTokenIds = List.copyOf(eosTokenIds);
  }
}
