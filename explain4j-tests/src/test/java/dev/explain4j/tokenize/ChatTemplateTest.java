package dev.explain4j.tokenize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.explain4j.Explain4jHome;
import dev.explain4j.InvalidInputException;
import dev.explain4j.runtime.PythonRuntime;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("python")
class ChatTemplateTest {
  private static final TokenizerOptions NO_SPECIALS =
      TokenizerOptions.builder().addSpecialTokens(false).build();
  private final PythonRuntime py = PythonRuntime.shared();

  @Test
  void llamaFixtureRendersItsTemplate() {
    Path dir = TokenizerTest.FIXTURES.resolve("llama");
    List<ChatMessage> chat =
        List.of(
            ChatMessage.user("Hello 😀"), ChatMessage.assistant("Hi!"), ChatMessage.user("日本?"));
    ChatPrompt prompt = ChatTemplate.apply(py, dir, chat);
    assertTrue(prompt.text().startsWith("<|user|>\nHello 😀</s>\n"), prompt.text());
    assertTrue(prompt.text().endsWith("<|user|>\n日本?</s>\n<|assistant|>\n"), prompt.text());
    ChatPrompt open = ChatTemplate.apply(py, dir, chat, false);
    assertEquals(prompt.text(), open.text() + "<|assistant|>\n");
    assertTrue(ChatTemplate.isAvailable(py, dir));
    try (Tokenizer t = Tokenizer.open(dir, NO_SPECIALS)) {
      assertArrayEquals(t.encode(prompt.text()).ids(), prompt.ids());
    }
  }

  @Test
  void modelWithoutTemplateIsNamed() {
    Path dir = TokenizerTest.FIXTURES.resolve("gpt2");
    assertFalse(ChatTemplate.isAvailable(py, dir));
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> ChatTemplate.apply(py, dir, List.of(ChatMessage.user("Hello"))));
    assertTrue(e.getMessage().contains(dir.toAbsolutePath().toString()), e.getMessage());
    assertTrue(e.getMessage().contains("no chat template"), e.getMessage());
  }

  @Test
  void badRequestsAreRefused(@TempDir Path empty) {
    Path llama = TokenizerTest.FIXTURES.resolve("llama");
    assertThrows(InvalidInputException.class, () -> ChatTemplate.apply(py, llama, List.of()));
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> ChatTemplate.apply(py, empty.resolve("nope"), List.of(ChatMessage.user("x"))));
    assertTrue(e.getMessage().contains(empty.resolve("nope").toString()), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new ChatMessage(" ", "x"));
  }

  @Test
  @Tag("slow")
  void defaultModelTemplateAndJavaTokenizerAgree() {
    Path dir = Explain4jHome.defaultModelDir();
    ChatPrompt prompt =
        ChatTemplate.apply(py, dir, List.of(ChatMessage.user("What is the capital of France?")));
    assertTrue(prompt.text().startsWith("<|im_start|>system\n"), prompt.text());
    assertTrue(prompt.text().endsWith("<|im_start|>assistant\n"), prompt.text());
    try (Tokenizer t = Tokenizer.open(dir, NO_SPECIALS)) {
      Encoding e = t.encode(prompt.text());
      assertArrayEquals(e.ids(), prompt.ids());
      assertEquals("<|im_start|>", e.token(0));
      assertTrue(t.isSpecialToken(e.id(0)));
      assertEquals("<|im_start|>", e.displayToken(0));
      assertEquals("<|im_start|>", e.spanText(0));
    }
  }
}
