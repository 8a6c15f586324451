package dev.explain4j.attribution;

import dev.explain4j.model.ModelInfo;
import java.time.Instant;

/**
 * Where an attribution came from: the model (with its versions, device and dtype), the method and
 * options, when it was made and how long the engine took.
 *
 * @param model the model's provenance
 * @param method the attribution method
 * @param attributedFn the attributed function ({@code null} for methods without one)
 * @param options the options used
 * @param created when the result was made
 * @param engineSeconds the engine's own time for this sequence
 */
public record AttributionProvenance(
    ModelInfo model,
    String method,
    String attributedFn,
    AttributionOptions options,
    Instant created,
    double engineSeconds) {}
