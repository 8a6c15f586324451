package dev.explain4j.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.explain4j.InvalidInputException;
import dev.explain4j.attention.AttentionMaps;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeadExplainerTest {
  static final List<String> TOKENS = List.of("The", " cat", " sat", " on", " the", " mat");

  /** Causal rows where every query puts 0.7 on " cat" (position 1) once it can see it. */
  static AttentionMaps catHead() {
    int n = TOKENS.size();
    float[][] qk = new float[n][n];
    for (int q = 0; q < n; q++) {
      if (q < 1) {
        qk[q][0] = 1;
        continue;
      }
      qk[q][1] = 0.7f;
      for (int k = 0; k <= q; k++) {
        if (k != 1) {
          qk[q][k] = 0.3f / q;
        }
      }
    }
    return AttentionMaps.of(qk, TOKENS, TOKENS);
  }

  @Test
  void describeHeadSendsTheTopMultiplesAndKeepsTheAnswer() {
    List<String> prompts = new ArrayList<>();
    HeadExplainer e =
        new HeadExplainer(
            List.of(catHead()),
            0,
            p -> {
              prompts.add(p);
              return "  attends to cat  ";
            });
    HeadDescription d = e.describeHead(0, 0, 3);
    assertEquals("attends to cat", d.description());
    assertEquals(3, d.samples());
    assertEquals(prompts.get(0), d.prompt());
    assertTrue(d.prompt().contains("layer 0, head 0"), d.prompt());
    // the strongest multiple: the last row (6 visible keys) gives " cat" 0.7 * 6 = 4.2x
    assertTrue(d.prompt().contains("1. 4.2x: The[[ cat]] sat on the mat"), d.prompt());
    assertEquals(3, d.prompt().lines().filter(l -> l.matches("\\d+\\. .*")).count());
  }

  @Test
  void badArgumentsAreRefused() {
    HeadExplainer e = new HeadExplainer(List.of(catHead()), 0, p -> "x");
    assertThrows(IndexOutOfBoundsException.class, () -> e.describeHead(1, 0, 3));
    assertThrows(InvalidInputException.class, () -> e.describeHead(0, 0, 0));
    assertThrows(InvalidInputException.class, () -> new HeadExplainer(List.of(), 0, p -> "x"));
    assertThrows(InvalidInputException.class, () -> HeadPrompt.build(0, 0, List.of()));
  }
}
