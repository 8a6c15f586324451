package dev.explain4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Reading the local engine's results and comparing results as JSON. */
final class ResultsCompare {
  static final ObjectMapper JSON = new ObjectMapper();

  /** When and how long: differ from run to run. */
  private static final Set<String> VOLATILE = Set.of("created", "engineSeconds", "loadedAt");

  private ResultsCompare() {}

  /** The local {@code attribute-dataset} results file: id to result. */
  static Map<String, JsonNode> localResults(Path jsonl) throws Exception {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    for (String line : Files.readAllLines(jsonl)) {
      JsonNode n = JSON.readTree(line);
      assertTrue(out.put(n.get("id").asText(), n.get("result")) == null, "id twice locally");
    }
    return out;
  }

  /** Asserts two results are equal but for times, scores within 1e-5 relative (+1e-7). */
  static void assertSameResult(JsonNode expected, JsonNode actual, String where) {
    if (expected.isObject()) {
      assertTrue(actual.isObject(), where);
      Iterator<String> names = expected.fieldNames();
      while (names.hasNext()) {
        String name = names.next();
        if (!VOLATILE.contains(name)) {
          assertTrue(actual.has(name), where + "." + name + " is missing");
          assertSameResult(expected.get(name), actual.get(name), where + "." + name);
        }
      }
      assertEquals(expected.size(), actual.size(), where + ": fields");
    } else if (expected.isArray()) {
      assertEquals(expected.size(), actual.size(), where + ": length");
      for (int i = 0; i < expected.size(); i++) {
        assertSameResult(expected.get(i), actual.get(i), where + "[" + i + "]");
      }
    } else if (expected.isNumber() && actual.isNumber()) {
      double e = expected.asDouble();
      double a = actual.asDouble();
      assertTrue(Math.abs(e - a) <= 1e-7 + 1e-5 * Math.abs(e), where + ": " + e + " vs " + a);
    } else {
      assertEquals(expected, actual, where);
    }
  }
}
