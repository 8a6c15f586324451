package dev.explain4j.citation;

import dev.explain4j.InvalidInputException;
import dev.explain4j.internal.ModelAccess;
import dev.explain4j.internal.PyCitation;
import dev.explain4j.model.Model;
import dev.explain4j.tokenize.ChatMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Attributes an answer to the sources of its context: leave-one-source-out (exact) and
 * ContextCite's ablation surrogate, for the whole answer and each answer sentence.
 *
 * <pre>{@code
 * ContextAttribution c = ContextAttributor.cite(model, context, "Who wrote it?",
 *     CitationOptions.builder().optNumAblations(64).build());
 * ContextAttribution.top(c.answerScores("contextcite"), 3);
 * }</pre>
 */
public final class ContextAttributor {
  private ContextAttributor() {}

  /**
   * Attributes the answer to {@code question} over {@code context} (a document) to its sources.
   *
   * @throws InvalidInputException for an empty context, overlapping sources or sources outside it,
   *     more ablations than the budget, a prompt longer than the model allows
   */
  public static ContextAttribution cite(
      Model model, String context, String question, CitationOptions options) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(options, "options");
    if (context == null || context.isBlank()) {
      throw new InvalidInputException("the context is empty");
    }
    return run(model, context, question, null, options);
  }

  /**
   * Attributes the answer to {@code question} (or, when it is null, the model's next turn) to the
   * turns of a conversation: each message is a source.
   */
  public static ContextAttribution citeChat(
      Model model, List<ChatMessage> messages, String question, CitationOptions options) {
    Objects.requireNonNull(model, "model");
    if (messages == null || messages.isEmpty()) {
      throw new InvalidInputException("the conversation is empty: give at least one message");
    }
    List<Map<String, String>> turns = new ArrayList<>();
    for (ChatMessage m : messages) {
      turns.add(Map.of("role", m.role(), "content", m.content()));
    }
    return run(model, null, question, turns, options);
  }

  private static ContextAttribution run(
      Model model,
      String context,
      String question,
      List<Map<String, String>> messages,
      CitationOptions options) {
    PyCitation py = new PyCitation(ModelAccess.runtime(model));
    return py.cite(
        ModelAccess.handle(model),
        context,
        question == null ? "" : question,
        messages,
        options,
        model.info());
  }
}
