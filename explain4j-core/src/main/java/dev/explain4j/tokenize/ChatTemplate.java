package dev.explain4j.tokenize;

import dev.explain4j.InvalidInputException;
import dev.explain4j.internal.PyTokenize;
import dev.explain4j.runtime.PythonRuntime;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Chat templates, rendered by transformers in Python: templates are Jinja programs that only
 * transformers runs faithfully, so this class asks the {@link PythonRuntime} (module {@code
 * explain4j.tokenizing}).
 */
public final class ChatTemplate {
  private ChatTemplate() {}

  /** Renders a chat and adds the generation prompt (the start of the assistant's answer). */
  public static ChatPrompt apply(PythonRuntime runtime, Path modelDir, List<ChatMessage> messages) {
    return apply(runtime, modelDir, messages, true);
  }

  /**
   * Renders a chat with the model's chat template.
   *
   * @param addGenerationPrompt append the template's prompt for the assistant's next message
   * @throws InvalidInputException if the model's tokenizer has no chat template (the message names
   *     the model directory), the directory holds no tokenizer, or {@code messages} is empty
   */
  public static ChatPrompt apply(
      PythonRuntime runtime,
      Path modelDir,
      List<ChatMessage> messages,
      boolean addGenerationPrompt) {
    Objects.requireNonNull(runtime, "runtime");
    Objects.requireNonNull(modelDir, "modelDir");
    Objects.requireNonNull(messages, "messages");
    if (messages.isEmpty()) {
      throw new InvalidInputException("a chat needs at least one message");
    }
    List<Map<String, String>> plain = new ArrayList<>(messages.size());
    for (ChatMessage m : messages) {
      plain.add(Map.of("role", m.role(), "content", m.content()));
    }
    return new PyTokenize(runtime).applyChatTemplate(modelDir, plain, addGenerationPrompt);
  }

  /** True if the model's tokenizer has a chat template. */
  public static boolean isAvailable(PythonRuntime runtime, Path modelDir) {
    return new PyTokenize(runtime).hasChatTemplate(modelDir);
  }
}
