package dev.explain4j.tokenize;

import java.util.Arrays;
import java.util.Objects;

/**
 * A chat rendered by the model's chat template.
 *
 * @param text the rendered text, special tokens written out (for example {@code
 *     <|im_start|>user\nHi<|im_end|>\n})
 * @param ids its token ids, tokenized without adding special tokens (the template writes them), as
 *     transformers' {@code apply_chat_template} does; encode {@code text} with a {@link Tokenizer}
 *     whose options do not add special tokens to get the same ids with spans
 */
public record ChatPrompt(String text, long[] ids) {
  /** Copies the ids. */
  public ChatPrompt {
    Objects.requireNonNull(text, "text");
    ids = ids.clone();
  }

  /** The token ids. A copy. */
  @Override
  public long[] ids() {
    return ids.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ChatPrompt p && text.equals(p.text) && Arrays.equals(ids, p.ids);
  }

  @Override
  public int hashCode() {
    return 31 * text.hashCode() + Arrays.hashCode(ids);
  }

  @Override
  public String toString() {
    return "ChatPrompt[" + ids.length + " tokens: " + text + "]";
  }
}
