package dev.explain4j.tokenize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class TokenizerOptionsTest {
  @Test
  void defaultsAddSpecialTokensAndNeverCut() {
    TokenizerOptions d = TokenizerOptions.defaults();
    assertTrue(d.addSpecialTokens());
    assertFalse(d.truncation());
    assertEquals(OptionalInt.empty(), d.maxLength());
    assertEquals(d, TokenizerOptions.builder().build());
  }

  @Test
  void builderRoundTrips() {
    TokenizerOptions o =
        TokenizerOptions.builder().addSpecialTokens(false).maxLength(64).truncation(true).build();
    assertEquals(new TokenizerOptions(false, OptionalInt.of(64), true), o);
    assertEquals(o, o.toBuilder().build());
    assertEquals(
        OptionalInt.empty(), o.toBuilder().truncation(false).noMaxLength().build().maxLength());
  }

  @Test
  void invalidCombinationsAreRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> TokenizerOptions.builder().truncation(true).build());
    assertTrue(e.getMessage().contains("maxLength"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> TokenizerOptions.builder().maxLength(0).build());
    assertTrue(e.getMessage().contains("0"), e.getMessage());
    assertEquals(OptionalInt.empty(), new TokenizerOptions(true, null, false).maxLength());
  }
}
