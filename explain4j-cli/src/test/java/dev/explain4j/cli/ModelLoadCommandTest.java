package dev.explain4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.explain4j.runtime.PythonRuntime;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Model directories the CLI refuses or warns about, in one line naming its own flags. */
@Tag("python")
class ModelLoadCommandTest {
  private static final String GPT2 = "tests/fixtures/tiny-models/gpt2";
  private static final Map<String, Object> AUTO_MAP =
      Map.of("AutoModelForCausalLM", "modeling_custom.CustomForCausalLM");

  @Test
  void pickleRefusalNamesTheFlag(@TempDir Path tmp) {
    Path dir = tmp.resolve("pickled");
    PythonRuntime.shared().call("explain4j_testing.models.make_pickle_copy", GPT2, dir.toString());
    String line = refusal("attribute", dir);
    assertTrue(line.contains("allow them with --allow-pickle if you trust this model"), line);
    assertFalse(line.contains("ModelOptions") || line.contains("optAllowPickle"), line);
  }

  @Test
  void remoteCodeRefusalNamesTheFlag(@TempDir Path tmp) {
    Path dir = copy(tmp.resolve("custom"), Map.of("auto_map", AUTO_MAP, "model_type", "my-gpt"));
    String line = refusal("attention", dir);
    assertTrue(line.contains("needs its own code (modeling_custom.CustomForCausalLM)"), line);
    assertTrue(
        line.endsWith("run that code only if you trust this model, with --trust-remote-code"),
        line);
    assertFalse(line.contains("http") || line.contains("optTrustRemoteCode"), line);
  }

  @Test
  void missingTokenizerFilesAreBadInput(@TempDir Path tmp) {
    Path dir =
        copy(tmp.resolve("no-tokenizer"), Map.of(), "tokenizer.json", "tokenizer_config.json");
    String line = refusal("attribute", dir);
    assertTrue(line.contains("needs tokenizer.json, or vocab.json+merges.txt"), line);
  }

  @Test
  void customCodeOfAKnownTypeIsOneWarningLine(@TempDir Path tmp) {
    Path dir = copy(tmp.resolve("known"), Map.of("auto_map", AUTO_MAP));
    CliRun r =
        CliRun.run("attention", "-m", dir.toString(), "--device", "cpu", "-i", "hi", "--plain");
    assertEquals(0, r.exitCode(), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(
        r.err().startsWith("explain4j attention: warning: model " + dir + " declares"), r.err());
    assertTrue(r.err().contains("modeling_custom.CustomForCausalLM"), r.err());
    assertTrue(r.err().contains("GPT2LMHeadModel was loaded instead"), r.err());
    assertTrue(r.out().contains("decoder self-attention"), r.out());
  }

  /** Runs {@code command} on {@code dir}: usage exit, one line naming the command and the model. */
  private static String refusal(String command, Path dir) {
    CliRun r = CliRun.run(command, "-m", dir.toString(), "--device", "cpu", "-i", "hi");
    assertEquals(2, r.exitCode(), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().startsWith("explain4j " + command + ": model " + dir + " "), r.err());
    return r.err().strip();
  }

  private static Path copy(Path dir, Map<String, Object> config, String... without) {
    PythonRuntime.shared()
        .callWithKeywords(
            "explain4j_testing.models.make_copy",
            List.of(GPT2, dir.toString()),
            Map.of("without", List.of(without), "config", config));
    return dir;
  }
}
