package dev.explain4j.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.explain4j.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway loads a model in its embedded Python and renders the model's attention. */
@Tag("python")
class GatewayModelAttentionTest {
  private static final String GPT2 = "tests/fixtures/tiny-models/gpt2";
  private final GatewayEntryPoint entry = new GatewayEntryPoint();
  @TempDir Path dir;

  @Test
  void rendersTheAttentionOfTheTokensItGenerates() throws Exception {
    Path out = dir.resolve("page.html");
    String json = "{\"generate\":2,\"layers\":[0],\"out\":\"" + out + "\"}";
    assertEquals(out.toString(), entry.modelAttentionHtml(GPT2, "a <b> & c", json));
    String page = Files.readString(out);
    assertTrue(page.startsWith("<!DOCTYPE html>"), "a complete page");
    Matcher config =
        Pattern.compile("class=\"e4j-config\">(.*?)</script>", Pattern.DOTALL).matcher(page);
    assertTrue(config.find(), "the page embeds its config");
    String embedded = config.group(1);
    assertTrue(
        embedded.contains("\\u003c") && embedded.contains("\\u0026"), "the tokens '<' and '&'");
    assertFalse(embedded.contains("<") || embedded.contains("&"), "tokens are escaped");
    assertTrue(embedded.contains("\"queries\":10"), "8 prompt tokens and 2 generated: " + embedded);
    String fragment = entry.modelAttentionHtml(GPT2, "hello", "{}");
    assertTrue(fragment.contains("class=\"e4j e4j-attn\"") && !fragment.contains("<!DOCTYPE"));
  }

  @Test
  void badInputIsRefusedNamingIt() {
    InvalidInputException missing =
        assertThrows(
            InvalidInputException.class,
            () -> entry.modelAttentionHtml(dir.resolve("none").toString(), "hi", "{}"));
    assertTrue(missing.getMessage().contains(dir.resolve("none").toString()), missing.getMessage());
    InvalidInputException generate =
        assertThrows(
            InvalidInputException.class,
            () -> entry.modelAttentionHtml(GPT2, "hi", "{\"generate\":-1}"));
    assertTrue(generate.getMessage().startsWith("generate must be"), generate.getMessage());
    assertThrows(InvalidInputException.class, () -> entry.modelAttentionHtml(GPT2, "", "{}"));
  }
}
