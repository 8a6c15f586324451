package dev.explain4j.model;

import java.util.List;
import java.util.Map;
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

  static ModelConfig fromPython(Map<?, ?> m) {
    PyMaps p = new PyMaps(m, "model config");
    return new ModelConfig(
        p.string("modelType"),
        p.intOr("numLayers", 0),
        p.optionalInt("numDecoderLayers"),
        p.intOr("numHeads", 0),
        p.intOr("numKeyValueHeads", 0),
        p.intOr("hiddenSize", 0),
        p.intOr("vocabSize", 0),
        p.optionalInt("maxPositions"),
        p.ints("eosTokenIds"),
        p.bool("hasChatTemplate"));
  }
}
