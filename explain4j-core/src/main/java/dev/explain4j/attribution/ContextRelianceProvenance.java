package dev.explain4j.attribution;

import dev.explain4j.model.ModelInfo;
import java.time.Instant;
import java.util.Objects;

/**
 * Where a context attribution came from: the model (versions, device, dtype), the options,
 * explain4j's version, when it was made and how long the engine took.
 *
 * @param model the model's provenance
 * @param options the options used
 * @param explain4jVersion the version of explain4j's engine that made the result
 * @param created when the result was made
 * @param engineSeconds the engine's own time for CTI and every CCI step
 */
public record ContextRelianceProvenance(
    ModelInfo model,
    ContextRelianceOptions options,
    String explain4jVersion,
    Instant created,
    double engineSeconds) {
  public ContextRelianceProvenance {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(created, "created");
  }
}
