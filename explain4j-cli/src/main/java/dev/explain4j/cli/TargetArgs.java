package dev.explain4j.cli;

import dev.explain4j.InvalidInputException;
import dev.explain4j.model.ModelKind;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * A forced target, the same way in every command: {@code --target} is the full text, input first,
 * as in Inseq; {@code --continuation} is only the text after the input. For encoder-decoder models
 * both are the output text.
 */
final class TargetArgs {
  @Option(
      names = {"--target", "-t"},
      description =
          "Force this target instead of generating: the full text, input first, as in Inseq"
              + " (encoder-decoder models: the output text).")
  String target;

  @Option(
      names = "--continuation",
      description =
          "Force this target given as only the text after the input, spaces included"
              + " (instead of --target).")
  String continuation;

  /** True when a target was given. Refuses both flags at once as bad usage. */
  boolean given(CommandSpec spec) {
    if (target != null && continuation != null) {
      throw new ParameterException(
          spec.commandLine(),
          "--target and --continuation are two ways to give the same target; give one");
    }
    return target != null || continuation != null;
  }

  /** The target as the full text (decoder-only models: input first), for attribution. */
  String fullText(ModelKind kind, String input) {
    if (kind != ModelKind.DECODER_ONLY) {
      return target != null ? target : continuation;
    }
    return target != null ? checkedTarget(input) : input + continuation;
  }

  /** The target as only the text after the input (encoder-decoder: the output text). */
  String continuation(ModelKind kind, String input) {
    if (kind != ModelKind.DECODER_ONLY) {
      return target != null ? target : continuation;
    }
    return target != null ? checkedTarget(input).substring(input.length()) : continuation;
  }

  private String checkedTarget(String input) {
    if (!target.startsWith(input)) {
      throw new InvalidInputException(
          "--target is the full text and must start with the input "
              + quote(input)
              + ", but it is "
              + quote(target)
              + "; to give only the text after the input, use --continuation");
    }
    return target;
  }

  private static String quote(String s) {
    return "'" + (s.length() > 60 ? s.substring(0, 57) + "..." : s) + "'";
  }
}
