package dev.explain4j.internal;

import dev.explain4j.model.ModelConfig;
import dev.explain4j.model.ModelInfo;
import dev.explain4j.model.ModelKind;
import dev.explain4j.runtime.PyHandle;
import dev.explain4j.runtime.PythonRuntime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Python module {@code explain4j.models}: loading, describing and releasing models. */
public final class PyModels {
  private static final String M = "explain4j.models.";
  private final PythonRuntime runtime;

  public PyModels(PythonRuntime runtime) {
    this.runtime = Objects.requireNonNull(runtime, "runtime");
  }

  /** {@code load(path_or_hub_id, **options)}: the loaded model's handle, owned by the caller. */
  public PyHandle load(String pathOrHubId, Map<String, Object> options) {
    return PyMap.handle(
        runtime.callWithKeywords(M + "load", List.of(pathOrHubId), options), "a loaded model");
  }

  /** {@code info(model)}: provenance, stamped with this JVM's Java version and the time now. */
  public ModelInfo info(PyHandle model) {
    PyMap p = new PyMap(runtime.call(M + "info", model), "model info");
    return new ModelInfo(
        p.string("source"),
        p.string("location"),
        p.string("architecture"),
        p.strings("declaredArchitectures"),
        p.string("modelType"),
        ModelKind.fromPythonName(p.string("kind")),
        p.string("device"),
        p.string("dtype"),
        p.string("attnImplementation"),
        p.longValue("parameters"),
        p.string("torchVersion"),
        p.string("transformersVersion"),
        p.string("pythonVersion"),
        p.string("platform"),
        System.getProperty("java.version"),
        Instant.now());
  }

  /** {@code config_facts(model)}. */
  public ModelConfig config(PyHandle model) {
    PyMap p = new PyMap(runtime.call(M + "config_facts", model), "model config");
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

  /** {@code module_names(model)}: every submodule name in the model's order. */
  public List<String> moduleNames(PyHandle model) {
    return strings(runtime.call(M + "module_names", model), "module names");
  }

  /** {@code warnings(model)}: what loading noticed without refusing. */
  public List<String> warnings(PyHandle model) {
    return strings(runtime.call(M + "warnings", model), "load warnings");
  }

  /** {@code release(model)}: frees the Python model. */
  public void release(PyHandle model) {
    runtime.call(M + "release", model);
  }

  static List<String> strings(Object value, String what) {
    return PyMap.list(value, what).stream().map(String::valueOf).toList();
  }
}
