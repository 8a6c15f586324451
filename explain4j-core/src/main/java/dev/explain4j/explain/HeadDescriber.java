package dev.explain4j.explain;

/**
 * Turns a prompt about one attention head's strongest patterns into a short description of what the
 * head attends to. Implementations: {@link LocalModelDescriber} (a local model, no network) and
 * {@link OpenAiDescriber} (an OpenAI-compatible chat-completions endpoint).
 */
@FunctionalInterface
public interface HeadDescriber {
  /**
   * Answers the prompt.
   *
   * @throws dev.explain4j.Explain4jException if the describer cannot answer (the message says which
   *     model or endpoint failed)
   */
  String describe(String prompt);

  /** A short name for provenance, such as the model or endpoint. */
  default String name() {
    return getClass().getSimpleName();
  }
}
