package dev.explain4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.explain4j.attribution.AttributionResult;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --step-score-arg NAME=VALUE}: typed values reach the engine; bad ones are one line. */
@Tag("python")
class StepScoreArgCommandTest {
  private static final String GPT2 = "tests/fixtures/tiny-models/gpt2";

  private static CliRun attribute(String... extra) {
    String[] base = {
      "attribute", "-m", GPT2, "--device", "cpu", "-i", "hello", "--target", "hello world again"
    };
    String[] all = new String[base.length + extra.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    return CliRun.run(all);
  }

  @Test
  void topPAndNMcdStepsReachTheEngine(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("r.json");
    CliRun r =
        attribute(
            "--step-scores",
            "top_p_size,mc_dropout_prob_avg",
            "--step-score-arg",
            "top_p=0.5",
            "--step-score-arg",
            "n_mcd_steps=3",
            "-o",
            out.toString());
    assertEquals(0, r.exitCode(), r.err());
    AttributionResult loaded = ResultFiles.readJson(out);
    float[] sizes = loaded.stepScores().get("top_p_size");
    assertEquals(loaded.steps(), sizes.length);
    for (float s : sizes) {
      assertTrue(s >= 1 && s == Math.rint(s), "a count of tokens: " + s);
    }
    assertEquals(loaded.steps(), loaded.stepScores().get("mc_dropout_prob_avg").length);
  }

  @Test
  void badValuesAndMissingArgumentsAreOneLineWithExitTwo() {
    String[][] cases = {
      {"--step-scores", "top_p_size"},
      {"--step-scores", "top_p_size", "--step-score-arg", "top_p=lots"},
      {"--step-scores", "mc_dropout_prob_avg", "--step-score-arg", "n_mcd_steps=1"},
      {"--step-scores", "probability", "--step-score-arg", "top_p=0.5"},
      {"--step-scores", "top_p_size", "--step-score-arg", "top_p"},
    };
    String[] expected = {
      "step score top_p_size needs its argument 'top_p' (a number from 0 to 1)",
      "top_p must be a number from 0 to 1, got lots",
      "n_mcd_steps must be an integer of at least 2, got 1",
      "'top_p' is not taken by the chosen step scores (probability)",
      "--step-score-arg",
    };
    for (int i = 0; i < cases.length; i++) {
      CliRun r = attribute(cases[i]);
      assertEquals(2, r.exitCode(), String.join(" ", cases[i]) + ": " + r.err());
      assertTrue(r.err().contains(expected[i]), r.err());
      assertFalse(r.err().contains("Exception"), r.err());
    }
  }
}
