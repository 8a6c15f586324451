package dev.explain4j.render;

import dev.explain4j.attribution.ContextCue;
import dev.explain4j.attribution.ContextRelianceOptions;
import dev.explain4j.attribution.ContextRelianceProvenance;
import dev.explain4j.attribution.ContextRelianceResult;
import dev.explain4j.model.ModelInfo;
import dev.explain4j.model.ModelKind;
import java.time.Instant;
import java.util.List;

/** Context attributions made in Java, for the view tests (no Python). */
final class ContextRelianceFixtures {
  /** A token that would be markup, and one that would run script, if not escaped. */
  static final String MARKUP = "<b>bold</b>";

  static final String SCRIPT = "<img src=x onerror=\"document.title='pwned'\">";

  private ContextRelianceFixtures() {}

  /**
   * Output {@code out} (tokens 1 and 3 context-sensitive, ranked 3 then 1), input context {@code
   * in} and output context {@code ctx}; cue 0 selects input tokens 2 and 0, cue 1 selects input 1.
   */
  static ContextRelianceResult result(
      String source, List<String> out, List<String> in, List<String> ctx) {
    List<Double> cti = out.stream().map(t -> 0.1).collect(java.util.stream.Collectors.toList());
    cti.set(1, 0.6);
    cti.set(3, -0.9);
    ContextCue first =
        new ContextCue(
            3,
            out.get(3),
            -0.9,
            "in",
            "out",
            null,
            null,
            ramp(in.size(), 0.2),
            ramp(ctx.size(), 0.1),
            List.of(2, 0),
            ctx.isEmpty() ? List.of() : List.of(0),
            0.3,
            null);
    ContextCue second =
        new ContextCue(
            1,
            out.get(1),
            0.6,
            "in",
            "out",
            null,
            null,
            ramp(in.size(), -0.1),
            ramp(ctx.size(), 0.05),
            List.of(1),
            List.of(),
            0.3,
            null);
    return new ContextRelianceResult(
        String.join("", in),
        "current",
        ctx.isEmpty() ? null : String.join("", ctx),
        String.join("", out),
        "{context} {current}",
        "{current}",
        in,
        ctx,
        out,
        cti,
        0.5,
        List.of(first, second),
        List.of(),
        new ContextRelianceProvenance(
            model(source), ContextRelianceOptions.builder().build(), "0", Instant.EPOCH, 0));
  }

  private static List<Double> ramp(int n, double step) {
    return java.util.stream.IntStream.range(0, n).mapToObj(i -> step * (i + 1)).toList();
  }

  static ModelInfo model(String source) {
    return new ModelInfo(
        source,
        "/nonexistent/explain4j-context-model",
        "GPT2LMHeadModel",
        List.of(),
        "gpt2",
        ModelKind.DECODER_ONLY,
        "cpu",
        "float32",
        "eager",
        1,
        "",
        "",
        "",
        "",
        "",
        Instant.EPOCH);
  }
}
