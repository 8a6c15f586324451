package dev.explain4j.explain;

import dev.explain4j.model.GenerationOptions;
import dev.explain4j.model.ModelInfo;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Where an explain result came from: the model (with its versions, device and dtype), the task
 * preset and its fields, what the session captured, the generation options, explain4j's version,
 * when the result was made and how long the engine took. Like {@link
 * dev.explain4j.attribution.AttributionProvenance} for attributions.
 *
 * @param model the model's provenance
 * @param task the preset
 * @param preset the preset's fields as the engine got them ({@code context}, {@code source}, {@code
 *     target}, {@code system}; {@code assistant}: the assistant model's source), absent when unset
 * @param captures what the session captured
 * @param options the generation options of the session's generation
 * @param labels the label text of {@link LabelGradients}; null for an {@link Explanation}
 * @param explain4jVersion the version of explain4j's engine that made the result
 * @param created when the result was made
 * @param engineSeconds the engine's own time for this result
 */
public record ExplainProvenance(
    ModelInfo model,
    Task.Kind task,
    Map<String, String> preset,
    Set<Capture> captures,
    GenerationOptions options,
    String labels,
    String explain4jVersion,
    Instant created,
    double engineSeconds) {

  /** Copies the collections and checks the identifying fields. */
  public ExplainProvenance {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(explain4jVersion, "explain4jVersion");
    Objects.requireNonNull(created, "created");
    preset = Map.copyOf(preset);
    captures = Set.copyOf(captures);
  }
}
