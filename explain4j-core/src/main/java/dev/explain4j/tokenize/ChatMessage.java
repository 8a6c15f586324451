package dev.explain4j.tokenize;

import java.util.Objects;

/**
 * One message of a chat, as chat templates expect it.
 *
 * @param role who speaks: usually {@code "system"}, {@code "user"} or {@code "assistant"}
 * @param content what is said
 */
public record ChatMessage(String role, String content) {
  /**
   * Checks the message.
   *
   * @throws IllegalArgumentException if the role is blank
   */
  public ChatMessage {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(content, "content");
    if (role.isBlank()) {
      throw new IllegalArgumentException("a chat message needs a role");
    }
  }

  /** A system message. */
  public static ChatMessage system(String content) {
    return new ChatMessage("system", content);
  }

  /** A user message. */
  public static ChatMessage user(String content) {
    return new ChatMessage("user", content);
  }

  /** An assistant message. */
  public static ChatMessage assistant(String content) {
    return new ChatMessage("assistant", content);
  }
}
