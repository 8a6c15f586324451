package dev.explain4j.explain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.explain4j.Explain4jException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;

/**
 * A {@link HeadDescriber} that posts to an OpenAI-compatible {@code /chat/completions} endpoint
 * (OpenAI, a local llama.cpp or vLLM server, ...). Every failure (no connection, a timeout, an HTTP
 * error status, a body that is not a chat completion) raises {@link Explain4jException} naming the
 * endpoint.
 *
 * @param baseUrl the API base, for example {@code http://127.0.0.1:8080/v1}; {@code
 *     /chat/completions} is appended
 * @param model the model name sent in the request
 * @param apiKey sent as a bearer token, or null for none
 * @param timeout the whole request's time limit
 */
public record OpenAiDescriber(URI baseUrl, String model, String apiKey, Duration timeout)
    implements HeadDescriber {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Checks the fields. */
  public OpenAiDescriber {
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(timeout, "timeout");
    String scheme = baseUrl.getScheme();
    if (!"http".equals(scheme) && !"https".equals(scheme)) {
      throw new IllegalArgumentException("endpoint " + baseUrl + " is not an http(s) URL");
    }
  }

  /** The chat-completions URL requests go to. */
  public URI endpoint() {
    String base = baseUrl.toString();
    return URI.create((base.endsWith("/") ? base : base + "/") + "chat/completions");
  }

  @Override
  public String describe(String prompt) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(endpoint())
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body(prompt)));
    if (apiKey != null) {
      request.header("Authorization", "Bearer " + apiKey);
    }
    HttpResponse<String> response;
    HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build();
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new Explain4jException("head describer endpoint " + endpoint() + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Explain4jException("interrupted while asking endpoint " + endpoint(), e);
    }
    if (response.statusCode() / 100 != 2) {
      throw new Explain4jException(
          "head describer endpoint "
              + endpoint()
              + " answered HTTP "
              + response.statusCode()
              + ": "
              + shorten(response.body()));
    }
    return content(response.body());
  }

  @Override
  public String name() {
    return "openai:" + model + "@" + baseUrl;
  }

  /** Without the API key. */
  @Override
  public String toString() {
    return "OpenAiDescriber[" + name() + (apiKey == null ? "" : ", key set") + "]";
  }

  private String body(String prompt) {
    ObjectNode root = JSON.createObjectNode();
    root.put("model", model);
    root.put("temperature", 0);
    root.putArray("messages").addObject().put("role", "user").put("content", prompt);
    return root.toString();
  }

  private String content(String body) {
    JsonNode text;
    try {
      text = JSON.readTree(body).path("choices").path(0).path("message").path("content");
    } catch (IOException e) {
      throw new Explain4jException(
          "head describer endpoint " + endpoint() + " answered with no JSON: " + shorten(body), e);
    }
    if (!text.isTextual()) {
      throw new Explain4jException(
          "head describer endpoint "
              + endpoint()
              + " answered without choices[0].message.content: "
              + shorten(body));
    }
    return text.asText();
  }

  private static String shorten(String s) {
    return s.length() <= 200 ? s : s.substring(0, 200) + "...";
  }
}
