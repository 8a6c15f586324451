package dev.explain4j.explain;

import java.util.Objects;

/**
 * A description of one attention head from its ranked attention multiples.
 *
 * @param layer the block
 * @param head the head in the block
 * @param samples how many ranked multiples the prompt showed
 * @param prompt the prompt the describer was given
 * @param description the describer's answer, trimmed
 * @param describer the describer's name
 */
public record HeadDescription(
    int layer, int head, int samples, String prompt, String description, String describer) {

  /** Checks the fields. */
  public HeadDescription {
    Objects.requireNonNull(prompt, "prompt");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(describer, "describer");
    description = description.strip();
  }
}
