package dev.explain4j.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Provenance of a loaded model: what was loaded, how, and with which software. Every result a
 * {@link Model} returns carries it, so a saved result says where it came from.
 *
 * @param source the path or hub id the caller gave
 * @param location the resolved absolute directory, or the hub id
 * @param architecture the Python class that was instantiated, for example {@code LlamaForCausalLM}
 * @param declaredArchitectures the architectures listed in {@code config.json}
 * @param modelType the config's {@code model_type}, for example {@code llama}
 * @param kind how the model was loaded
 * @param device the torch device it runs on, for example {@code cpu} or {@code cuda:0}
 * @param dtype the parameter dtype, for example {@code float32}
 * @param attentionImplementation the attention implementation in use, for example {@code eager}
 * @param parameterCount the number of parameters
 * @param torchVersion {@code torch.__version__}
 * @param transformersVersion {@code transformers.__version__}
 * @param pythonVersion the embedded CPython version
 * @param platform Python's platform and machine, for example {@code linux-x86_64}
 * @param javaVersion the JVM's {@code java.version}
 * @param loadedAt when loading finished
 */
public record ModelInfo(
    String source,
    String location,
    String architecture,
    List<String> declaredArchitectures,
    String modelType,
    ModelKind kind,
    String device,
    String dtype,
    String attentionImplementation,
    long parameterCount,
    String torchVersion,
    String transformersVersion,
    String pythonVersion,
    String platform,
    String javaVersion,
    Instant loadedAt) {

  /** Copies the list and checks that the identifying fields are present. */
  public ModelInfo {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(architecture, "architecture");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(loadedAt, "loadedAt");
    declaredArchitectures = List.copyOf(declaredArchitectures);
  }
}
