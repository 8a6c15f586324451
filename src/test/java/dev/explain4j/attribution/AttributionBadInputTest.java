package dev.explain4j.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.explain4j.InvalidInputException;
import dev.explain4j.model.Model;
import dev.explain4j.model.ModelOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The bad inputs: each gets a clear error and the next attribution still works. */
@Tag("python")
class AttributionBadInputTest {
  private static Model gpt2;
  private static Model t5;

  @BeforeAll
  static void load() {
    ModelOptions cpu = ModelOptions.builder().optDevice("cpu").build();
    gpt2 = Model.load(Path.of("tests/fixtures/tiny-models/gpt2"), cpu);
    t5 = Model.load(Path.of("tests/fixtures/tiny-models/t5"), cpu);
  }

  @AfterAll
  static void close() {
    gpt2.close();
    t5.close();
  }

  private static void assertStillWorks() {
    AttributionResult r =
        new Attributor(gpt2)
            .attribute("hello world", "hello world and more", AttributionOptions.defaults());
    assertTrue(r.steps() > 0);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1})
  void nStepsBelowOneIsRefusedByTheOptions(int n) {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () ->
                AttributionOptions.builder()
                    .optMethod("integrated_gradients")
                    .optMethodArg("n_steps", n)
                    .build());
    assertTrue(e.getMessage().contains("n_steps"), e.getMessage());
  }

  @Test
  void unknownMethodStepScoreAndMethodArgumentAreNamed() {
    assertTrue(
        assertThrows(
                InvalidInputException.class,
                () -> AttributionOptions.builder().optMethod("shapley").build())
            .getMessage()
            .contains("shapley"));
    assertTrue(
        assertThrows(
                InvalidInputException.class,
                () -> AttributionOptions.builder().optStepScores("surprise").build())
            .getMessage()
            .contains("surprise"));
    AttributionOptions wrong = AttributionOptions.builder().optMethodArg("n_stepz", 3).build();
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> new Attributor(gpt2).attribute("hello", "hello world", wrong));
    assertTrue(e.getMessage().contains("n_stepz"), e.getMessage());
    assertStillWorks();
  }

  @Test
  void forcedTargetThatTokenizesToNothingIsRefused() {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () ->
                new Attributor(t5)
                    .attribute("translate the house", "", AttributionOptions.defaults()));
    assertTrue(e.getMessage().contains("tokenizes to nothing"), e.getMessage());
    e =
        assertThrows(
            InvalidInputException.class,
            () -> new Attributor(gpt2).attribute("hello", "hello", AttributionOptions.defaults()));
    assertTrue(e.getMessage().contains("nothing to attribute"), e.getMessage());
    assertStillWorks();
  }

  @Test
  void inputLongerThanTheModelAllowsIsRefused() {
    String longText = "word ".repeat(200);
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> new Attributor(gpt2).attribute(longText, AttributionOptions.defaults()));
    assertTrue(e.getMessage().contains("has 64"), e.getMessage());
    assertTrue(e.getMessage().contains("tiny-models/gpt2"), e.getMessage());
    assertStillWorks();
    assertEquals(
        2,
        new Attributor(gpt2)
            .attribute("hello", AttributionOptions.builder().optMaxNewTokens(2).build())
            .steps());
  }
}
