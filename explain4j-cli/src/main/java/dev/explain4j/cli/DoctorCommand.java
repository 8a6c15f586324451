package dev.explain4j.cli;

import dev.explain4j.Doctor;
import dev.explain4j.Explain4jException;
import dev.explain4j.Explain4jHome;
import dev.explain4j.render.TokenText;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code explain4j doctor}: versions, device and what is missing. */
@Command(
    name = "doctor",
    description =
        "Print the Java, Python, Jep, torch, transformers and pyarrow versions and device.")
final class DoctorCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @ParentCommand Main main;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    out.printf("java          %s (%s)%n", Runtime.version(), System.getProperty("java.vendor"));
    out.printf(
        "os            %s %s%n", System.getProperty("os.name"), System.getProperty("os.arch"));
    boolean ok = true;
    try {
      Doctor.Report report = main.backend().doctor();
      out.printf("environment   %s%n", report.environment());
      Map<String, String> v = report.versions();
      out.printf("python        %s%n", v.get("python"));
      out.printf("jep           %s (native), %s (java)%n", v.get("jep"), report.jepJava());
      for (String name : new String[] {"torch", "transformers", "pyarrow", "numpy", "tokenizers"}) {
        String version = String.valueOf(v.get(name));
        out.printf("%-13s %s%n", name, version);
        if (version.startsWith("missing")) {
          ok = false;
          err.printf("%s is missing from the environment: re-run bin/setup%n", name);
        }
      }
      out.printf("device        %s%n", v.get("device"));
    } catch (Explain4jException e) {
      ok = false;
      err.println("python        unavailable: " + TokenText.visible(e.getMessage()));
    }
    var model = Explain4jHome.defaultModelDir();
    boolean hasModel = Files.isRegularFile(model.resolve("model.safetensors"));
    out.printf("default model %s%s%n", model, hasModel ? "" : " (missing)");
    if (!hasModel) {
      ok = false;
      err.println("the default model is missing: run bin/setup (it converts it once)");
    }
    out.flush();
    return ok ? Main.OK : Main.FAILURE;
  }
}
