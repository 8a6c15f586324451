package dev.explain4j.runtime;

import dev.explain4j.Explain4jException;
import dev.explain4j.attribution.AttributionOptions;
import dev.explain4j.attribution.AttributionResult;
import dev.explain4j.attribution.Attributor;
import dev.explain4j.model.Model;
import dev.explain4j.model.ModelOptions;
import java.nio.file.Path;

/**
 * A program for {@link ProvisioningTest}'s child JVMs, which have no explain4j settings: {@code
 * locate} finds or provisions the environment; {@code attribute DIR} then attributes a prompt on
 * the model in DIR through it. Prints tab-separated lines for the test to read.
 */
public final class ProvisionProbe {
  private ProvisionProbe() {}

  public static void main(String[] args) {
    RuntimeConfig config =
        RuntimeConfig.defaults()
            .withListener((step, message) -> System.out.println("STEP\t" + step + "\t" + message));
    long t0 = System.nanoTime();
    PythonEnvironment env;
    try {
      env = PythonEnvironment.locate(config);
    } catch (Explain4jException e) {
      System.out.println("ERROR\t" + e.getMessage());
      System.exit(3);
      return;
    }
    System.out.println("LOCATE_MS\t" + (System.nanoTime() - t0) / 1_000_000);
    System.out.println("ENV\t" + env.venv());
    if (args.length > 1 && args[0].equals("attribute")) {
      try (PythonRuntime py = PythonRuntime.open(config)) {
        System.out.println("PYVERSION\t" + py.eval("__import__('explain4j').__version__"));
        System.out.println("PYFILE\t" + py.eval("__import__('explain4j').__file__"));
        System.out.println(
            "ABSENT\t"
                + py.eval(
                    "','.join(m for m in ('inseq', 'pytest')"
                        + " if __import__('importlib.util').util.find_spec(m) is None)"));
        try (Model model =
                Model.load(Path.of(args[1]), ModelOptions.builder().optDevice("cpu").build());
            AttributionResult r =
                new Attributor(model)
                    .attribute(
                        "The capital of France",
                        AttributionOptions.builder().optMaxNewTokens(2).build())) {
          System.out.println("STEPS\t" + r.steps());
          System.out.println("TOKENS\t" + String.join("|", r.generatedTokens()));
        }
      }
    }
  }
}
