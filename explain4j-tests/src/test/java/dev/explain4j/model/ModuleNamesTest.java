package dev.explain4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.explain4j.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModuleNamesTest {
  private static final ModuleNames NAMES = new ModuleNames("tiny", names());

  private static List<String> names() {
    List<String> n = new ArrayList<>(List.of("model", "model.embed_tokens", "model.layers"));
    for (int i = 0; i < 12; i++) {
      String l = "model.layers." + i;
      n.addAll(
          List.of(l, l + ".self_attn", l + ".self_attn.q_proj", l + ".mlp", l + ".mlp.up_proj"));
    }
    n.addAll(List.of("model.norm", "lm_head"));
    return n;
  }

  @Test
  void exactNameMatchesOnlyItself() {
    assertEquals(List.of("model.layers.1.mlp"), NAMES.resolve("model.layers.1.mlp"));
  }

  @Test
  void starMatchesWithinOneSegmentInModelOrder() {
    List<String> hits = NAMES.resolve("model.layers.*.mlp");
    assertEquals(12, hits.size());
    assertEquals("model.layers.0.mlp", hits.get(0));
    assertEquals("model.layers.11.mlp", hits.get(11));
    assertEquals(
        List.of("model.layers.1.mlp", "model.layers.10.mlp", "model.layers.11.mlp"),
        NAMES.resolve("model.layers.1*.mlp"));
    assertEquals(List.of("model.layers.1.mlp"), NAMES.resolve("model.layers.?.mlp").subList(1, 2));
  }

  @Test
  void doubleStarCrossesSegments() {
    assertEquals(12, NAMES.resolve("**.mlp").size());
    assertEquals(24, NAMES.resolve("**.mlp.**").size() + NAMES.resolve("**.mlp").size());
    assertEquals(12, NAMES.resolve("model.**.q_proj").size());
    assertEquals(List.of("lm_head"), NAMES.resolve("lm_*"));
  }

  @Test
  void dotsAndRegexCharactersAreLiteral() {
    assertThrows(InvalidInputException.class, () -> NAMES.resolve("model.layers.1Xmlp"));
    assertThrows(InvalidInputException.class, () -> NAMES.resolve("model.layers.(1).mlp"));
  }

  @Test
  void noMatchListsNearbyValidNames() {
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> NAMES.resolve("model.layer.*.mlp"));
    String msg = e.getMessage();
    assertTrue(msg.contains("tiny"), msg);
    assertTrue(msg.contains("'model.layer.*.mlp'"), msg);
    assertTrue(msg.contains("model.layers.0.mlp"), msg);
    assertTrue(msg.contains(names().size() + " in all"), msg);
    InvalidInputException other =
        assertThrows(InvalidInputException.class, () -> NAMES.resolve("encoder.block"));
    assertTrue(other.getMessage().contains("lm_head"), other.getMessage());
    assertThrows(InvalidInputException.class, () -> NAMES.resolve(" "));
  }
}
