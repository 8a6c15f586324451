package dev.explain4j.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.explain4j.Explain4jException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Against a stub server on 127.0.0.1; no network. */
class OpenAiDescriberTest {
  private HttpServer server;
  private final List<String> bodies = new CopyOnWriteArrayList<>();
  private final List<String> auth = new CopyOnWriteArrayList<>();

  private URI serve(int status, String answer) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/v1/chat/completions",
        ex -> {
          bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          auth.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
          byte[] out = answer.getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(status, out.length);
          try (OutputStream os = ex.getResponseBody()) {
            os.write(out);
          }
        });
    server.start();
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  private static OpenAiDescriber describer(URI base, String key) {
    return new OpenAiDescriber(base, "stub-model", key, Duration.ofSeconds(5));
  }

  @Test
  void postsAChatCompletionAndReadsTheAnswer() throws IOException {
    URI base =
        serve(200, "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"nouns\"}}]}");
    OpenAiDescriber d = describer(base, "sk-test");
    assertEquals("nouns", d.describe("what \"head\"?"));
    JsonNode sent = new ObjectMapper().readTree(bodies.get(0));
    assertEquals("stub-model", sent.get("model").asText());
    assertEquals("what \"head\"?", sent.at("/messages/0/content").asText());
    assertEquals("Bearer sk-test", auth.get(0));
    assertFalse(d.toString().contains("sk-test"));
  }

  @Test
  void anErrorStatusNamesTheEndpoint() throws IOException {
    URI base = serve(500, "boom");
    Explain4jException e =
        assertThrows(Explain4jException.class, () -> describer(base, null).describe("p"));
    assertTrue(e.getMessage().contains(base + "/chat/completions"), e.getMessage());
    assertTrue(e.getMessage().contains("HTTP 500"), e.getMessage());
    assertEquals("null", auth.get(0));
  }

  @Test
  void garbageAnswersNameTheEndpoint() throws IOException {
    URI base = serve(200, "<html>not json");
    Explain4jException e =
        assertThrows(Explain4jException.class, () -> describer(base, null).describe("p"));
    assertTrue(e.getMessage().contains(base.toString()), e.getMessage());
    stop();
    URI other = serve(200, "{\"choices\":[]}");
    Explain4jException e2 =
        assertThrows(Explain4jException.class, () -> describer(other, null).describe("p"));
    assertTrue(e2.getMessage().contains("choices[0].message.content"), e2.getMessage());
  }

  @Test
  void aDownEndpointNamesItself() throws IOException {
    URI base = serve(200, "{}");
    stop();
    server = null;
    Explain4jException e =
        assertThrows(Explain4jException.class, () -> describer(base, null).describe("p"));
    assertTrue(e.getMessage().contains(base + "/chat/completions"), e.getMessage());
  }

  @Test
  void onlyHttpUrls() {
    assertThrows(
        IllegalArgumentException.class, () -> describer(URI.create("file:///tmp/x"), null));
  }
}
