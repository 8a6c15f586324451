package dev.explain4j.explain;

import dev.explain4j.model.Model;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A task preset: how an {@link ExplainSession} turns the user's input into a prompt.
 *
 * <p>Plain presets use a short instruction template (for encoder-decoder models, the T5-style
 * prefixes {@code translate X to Y:} and {@code summarize:}); the chat presets use the model's own
 * chat template and fail with an error naming the model when its tokenizer has none.
 *
 * @param kind the preset
 * @param context question answering: the passage the answer comes from, or null
 * @param sourceLanguage translation: the input's language
 * @param targetLanguage translation: the output's language
 * @param system chat: an optional system message, or null
 * @param assistant chat with an assistant: the small draft model of assisted generation
 */
public record Task(
    Kind kind,
    String context,
    String sourceLanguage,
    String targetLanguage,
    String system,
    Model assistant) {

  /** The presets. */
  public enum Kind {
    QUESTION_ANSWERING("question_answering"),
    TRANSLATION("translation"),
    SUMMARIZATION("summarization"),
    CHAT("chat"),
    CHAT_ASSISTANT("chat_assistant");

    private final String pythonName;

    Kind(String pythonName) {
      this.pythonName = pythonName;
    }

    /** The name the Python side uses. */
    public String pythonName() {
      return pythonName;
    }
  }

  /** Checks the fields each preset needs. */
  public Task {
    Objects.requireNonNull(kind, "kind");
    if (kind == Kind.TRANSLATION) {
      requireText(sourceLanguage, "sourceLanguage");
      requireText(targetLanguage, "targetLanguage");
    }
    if (kind == Kind.CHAT_ASSISTANT) {
      Objects.requireNonNull(assistant, "assistant model of a chat-with-assistant task");
    }
  }

  /** Question answering without a context passage. */
  public static final Task QA = questionAnswering(null);

  /** Question answering over a context passage ({@code null} for none). */
  public static Task questionAnswering(String context) {
    return new Task(Kind.QUESTION_ANSWERING, context, null, null, null, null);
  }

  /** Translation from one language to another (names such as "English", "French"). */
  public static Task translation(String sourceLanguage, String targetLanguage) {
    return new Task(Kind.TRANSLATION, null, sourceLanguage, targetLanguage, null, null);
  }

  /** Summarisation of the input text. */
  public static Task summarization() {
    return new Task(Kind.SUMMARIZATION, null, null, null, null, null);
  }

  /** Chat through the model's chat template, with an optional system message. */
  public static Task chat(String system) {
    return new Task(Kind.CHAT, null, null, null, system, null);
  }

  /** Chat with assisted generation: {@code assistant} drafts tokens the model verifies. */
  public static Task chatWithAssistant(String system, Model assistant) {
    return new Task(Kind.CHAT_ASSISTANT, null, null, null, system, assistant);
  }

  Map<String, Object> toPython() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", kind.pythonName());
    put(m, "context", context);
    put(m, "source", sourceLanguage);
    put(m, "target", targetLanguage);
    put(m, "system", system);
    return m;
  }

  private static void put(Map<String, Object> m, String key, String value) {
    if (value != null) {
      m.put(key, value);
    }
  }

  private static void requireText(String s, String name) {
    if (s == null || s.isBlank()) {
      throw new IllegalArgumentException(name + " of a translation task must not be blank");
    }
  }
}
