package dev.explain4j.cli;

import dev.explain4j.Explain4jHome;
import dev.explain4j.model.ModelOptions;
import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** Options that choose and load the model; a picocli mixin shared by the commands. */
final class ModelArgs {
  @Option(
      names = {"--model", "-m"},
      description = "Model directory or hub id (default: the default model, ${DEFAULT-VALUE}).")
  String model = Explain4jHome.defaultModelDir().toString();

  @Option(
      names = "--device",
      description = "auto, cpu, cuda or cuda:N (default: ${DEFAULT-VALUE}).")
  String device = "auto";

  @Option(
      names = "--dtype",
      description = "float32, float16, bfloat16 or float64 (default: ${DEFAULT-VALUE}).")
  String dtype = "float32";

  @Option(names = "--trust-remote-code", description = "Run code shipped with the model.")
  boolean trustRemoteCode;

  @Option(names = "--allow-pickle", description = "Allow pickle (.bin) checkpoints.")
  boolean allowPickle;

  /** The load options the flags give. */
  ModelOptions options() {
    return ModelOptions.builder()
        .optDevice(device)
        .optDtype(dtype)
        .optTrustRemoteCode(trustRemoteCode)
        .optAllowPickle(allowPickle)
        .build();
  }

  /** Loads the model and prints each of its load warnings on one line of standard error. */
  CliBackend.LoadedModel load(CommandSpec spec, CliBackend backend) {
    CliBackend.LoadedModel m = backend.load(model, options());
    PrintWriter err = spec.commandLine().getErr();
    m.warnings().forEach(w -> err.println(spec.qualifiedName() + ": warning: " + w));
    err.flush();
    return m;
  }
}
