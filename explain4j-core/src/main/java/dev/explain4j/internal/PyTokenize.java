package dev.explain4j.internal;

import dev.explain4j.Explain4jException;
import dev.explain4j.runtime.PythonRuntime;
import dev.explain4j.tokenize.ChatPrompt;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Python module {@code explain4j.tokenizing}: chat templates, rendered by transformers. */
public final class PyTokenize {
  private static final String M = "explain4j.tokenizing.";
  private final PythonRuntime runtime;

  public PyTokenize(PythonRuntime runtime) {
    this.runtime = Objects.requireNonNull(runtime, "runtime");
  }

  /** {@code apply_chat_template(model_dir, messages, add_generation_prompt)}. */
  public ChatPrompt applyChatTemplate(
      Path modelDir, List<Map<String, String>> messages, boolean addGenerationPrompt) {
    Object result =
        runtime.call(
            M + "apply_chat_template",
            modelDir.toAbsolutePath().toString(),
            messages,
            addGenerationPrompt);
    if (!(result instanceof Map<?, ?> map
        && map.get("text") instanceof String text
        && map.get("ids") instanceof List<?> ids)) {
      throw new Explain4jException(
          M + "apply_chat_template returned " + result + " for " + modelDir);
    }
    long[] out = new long[ids.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ((Number) ids.get(i)).longValue();
    }
    return new ChatPrompt(text, out);
  }

  /** {@code has_chat_template(model_dir)}. */
  public boolean hasChatTemplate(Path modelDir) {
    return Boolean.TRUE.equals(
        runtime.call(M + "has_chat_template", modelDir.toAbsolutePath().toString()));
  }
}
