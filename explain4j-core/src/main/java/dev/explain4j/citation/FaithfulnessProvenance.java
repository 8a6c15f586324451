package dev.explain4j.citation;

import dev.explain4j.attribution.AttributionProvenance;
import dev.explain4j.model.ModelInfo;
import java.time.Instant;

/**
 * Where a {@link TokenFaithfulness} came from: the model that scored the perturbed inputs, the
 * attribution it evaluated, what was scored and how, when, and how long Python took.
 *
 * @param model the evaluating model's provenance
 * @param attribution the evaluated attribution's provenance (null for a result made in Java)
 * @param objective {@code generation} (each generated token's probability) or {@code
 *     sequence_classification} (each explained label's probability)
 * @param options the options used
 * @param created when the evaluation finished
 * @param seconds the time the evaluation took
 */
public record FaithfulnessProvenance(
    ModelInfo model,
    AttributionProvenance attribution,
    String objective,
    FaithfulnessOptions options,
    Instant created,
    double seconds) {}
