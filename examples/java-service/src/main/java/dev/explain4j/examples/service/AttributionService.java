package dev.explain4j.examples.service;

import dev.explain4j.attribution.AttributionOptions;
import dev.explain4j.attribution.AttributionResult;
import dev.explain4j.attribution.Attributor;
import dev.explain4j.model.Model;
import dev.explain4j.model.ModelOptions;
import dev.explain4j.render.AttributionView;
import dev.explain4j.render.Theme;
import dev.explain4j.runtime.PythonRuntime;
import dev.explain4j.runtime.RuntimeConfig;
import java.nio.file.Path;

/**
 * Loads the default model, attributes a prompt and writes the HTML report.
 *
 * <p>Usage: {@code java -jar target/java-service.jar [PROMPT] [OUT.html] [MODEL_DIR]}. Without
 * MODEL_DIR it loads the default model from explain4j's cache, converting it there first if this
 * machine has none. Python is found or provisioned by explain4j itself (see the README).
 */
public final class AttributionService {
  private AttributionService() {}

  public static void main(String[] args) throws Exception {
    String prompt = args.length > 0 ? args[0] : "The capital of France is";
    Path out = Path.of(args.length > 1 ? args[1] : "attribution.html");
    // Optional: open the runtime yourself to hear provisioning progress (SLF4J logs it anyway).
    RuntimeConfig config =
        RuntimeConfig.defaults()
            .withListener((step, message) -> System.err.println("[python] " + message));
    try (PythonRuntime runtime = PythonRuntime.open(config);
        Model model =
            args.length > 2
                ? Model.load(Path.of(args[2]), ModelOptions.defaults())
                : Model.loadDefault(ModelOptions.defaults());
        AttributionResult result =
            new Attributor(model)
                .attribute(
                    prompt,
                    AttributionOptions.builder()
                        .optMaxNewTokens(8)
                        .optStepScores("probability")
                        .build())) {
      AttributionView.of(result).writeHtml(out, Theme.AUTO);
      System.out.println(
          "attributed " + result.steps() + " generated tokens: " + result.generatedTokens());
      System.out.println("wrote " + out.toAbsolutePath());
    }
  }
}
