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

  /** Options are checked against the engine's catalogue when the attribution runs. */
  private static InvalidInputException refused(AttributionOptions.Builder options) {
    AttributionOptions built = options.build();
    return assertThrows(
        InvalidInputException.class,
        () -> new Attributor(gpt2).attribute("hello", "hello world", built));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1})
  void nStepsBelowOneIsRefused(int n) {
    InvalidInputException e =
        refused(
            AttributionOptions.builder()
                .optMethod("integrated_gradients")
                .optMethodArg("n_steps", n));
    assertTrue(e.getMessage().contains("n_steps"), e.getMessage());
    assertTrue(e.getMessage().contains("at least 1, got " + n), e.getMessage());
  }

  @Test
  void unknownMethodStepScoreAndMethodArgumentAreNamed() {
    String method = refused(AttributionOptions.builder().optMethod("shapley")).getMessage();
    assertTrue(method.contains("unknown attribution method 'shapley'"), method);
    assertTrue(method.contains("integrated_gradients"), method);
    assertTrue(
        refused(AttributionOptions.builder().optStepScores("surprise"))
            .getMessage()
            .contains("surprise"));
    InvalidInputException e = refused(AttributionOptions.builder().optMethodArg("n_stepz", 3));
    assertTrue(e.getMessage().contains("n_stepz"), e.getMessage());
    assertStillWorks();
  }

  @Test
  void wrongTypeBoundsAndChoicesOfMethodOptionsAreNamed() {
    String[][] cases = {
      {"integrated_gradients", "n_steps", "2.5", "n_steps must be an integer"},
      {"gradient_shap", "stdevs", "-1.0", "stdevs must be a number of at least 0"},
      {"lime", "mask_prob", "1.5", "mask_prob must be a number from 0 to 1"},
      {"lime", "mask_token", "eos", "mask_token must be one of unk, pad"},
      {"integrated_gradients", "method", "simpson", "method must be one of gausslegendre"}
    };
    for (String[] c : cases) {
      Object value = c[2].matches("-?[0-9.]+") ? (Object) Double.parseDouble(c[2]) : c[2];
      String m =
          refused(AttributionOptions.builder().optMethod(c[0]).optMethodArg(c[1], value))
              .getMessage();
      assertTrue(m.contains(c[3]), m);
    }
    String fn = refused(AttributionOptions.builder().optAttributedFn("joy")).getMessage();
    assertTrue(fn.contains("unknown attributed function 'joy'"), fn);
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

  @Test
  void unknownTargetLayerIsRefusedNamingTheLayersThatExist() {
    InvalidInputException e =
        refused(
            AttributionOptions.builder()
                .optMethod("layer_integrated_gradients")
                .optTargetLayer("transformer.h.7"));
    String m = e.getMessage();
    assertTrue(
        m.startsWith(
            "AttributionOptions.builder().optTargetLayer(\"transformer.h.7\") names no layer of"
                + " GPT2LMHeadModel; its layers are: transformer, transformer.wte,"),
        m);
    assertTrue(m.contains(" transformer.h.{0..1}.mlp.c_fc,"), m);
    assertEquals(1, m.lines().count(), m);
    assertStillWorks();
  }

  @Test
  void layerMethodsRefuseAttributeTarget() {
    AttributionOptions options =
        AttributionOptions.builder()
            .optMethod("layer_gradient_x_activation")
            .optAttributeTarget(true)
            .build();
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> new Attributor(t5).attribute("The house", "das Haus", options));
    assertTrue(
        e.getMessage()
            .contains(
                "layer methods attribute the source only (as in Inseq); "
                    + "AttributionOptions.builder().optAttributeTarget(false)"),
        e.getMessage());
    assertStillWorks();
  }
}
