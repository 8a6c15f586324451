package dev.explain4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.explain4j.InvalidInputException;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class GenerationOptionsTest {
  @Test
  void defaultsAreGreedyAndStopAtEos() {
    GenerationOptions o = GenerationOptions.defaults();
    assertEquals(20, o.maxNewTokens());
    assertFalse(o.doSample());
    assertEquals(1, o.numBeams());
    assertTrue(o.stopAtEos());
    assertFalse(o.applyChatTemplate());
    assertFalse(o.truncate());
    assertEquals(OptionalLong.empty(), o.seed());
    assertEquals(null, o.toPythonKeywords().get("seed"));
  }

  @Test
  void beamSearchIsRefusedWithAReason() {
    var b = GenerationOptions.builder().optNumBeams(4);
    InvalidInputException e = assertThrows(InvalidInputException.class, b::build);
    assertTrue(
        e.getMessage().contains("beam search (numBeams=4) is not supported"), e.getMessage());
    var zero = GenerationOptions.builder().optNumBeams(0);
    assertThrows(InvalidInputException.class, zero::build);
  }

  @Test
  void refusesOutOfRangeValues() {
    assertRefused(GenerationOptions.builder().optMaxNewTokens(0), "maxNewTokens");
    assertRefused(GenerationOptions.builder().optDoSample(true).optTemperature(0), "temperature");
    assertRefused(GenerationOptions.builder().optDoSample(true).optTemperature(-1), "temperature");
    assertRefused(
        GenerationOptions.builder().optDoSample(true).optTemperature(Double.NaN), "temperature");
    assertRefused(
        GenerationOptions.builder().optDoSample(true).optTemperature(Double.POSITIVE_INFINITY),
        "temperature");
    assertRefused(GenerationOptions.builder().optDoSample(true).optTopK(-1), "topK");
    assertRefused(GenerationOptions.builder().optDoSample(true).optTopP(0), "topP");
    assertRefused(GenerationOptions.builder().optDoSample(true).optTopP(1.5), "topP");
  }

  @Test
  void samplingKnobsWithoutSamplingAreAMistake() {
    assertRefused(GenerationOptions.builder().optTemperature(0.7), "optDoSample(true)");
    assertRefused(GenerationOptions.builder().optTopK(5), "optDoSample(true)");
    assertRefused(GenerationOptions.builder().optTopP(0.9), "optDoSample(true)");
    assertEquals(3L, GenerationOptions.builder().optSeed(3).build().seed().getAsLong());
  }

  @Test
  void toBuilderAndPythonKeywordsCarryEveryField() {
    GenerationOptions o =
        GenerationOptions.builder()
            .optMaxNewTokens(7)
            .optDoSample(true)
            .optTemperature(0.5)
            .optTopK(10)
            .optTopP(0.8)
            .optSeed(42)
            .optStopAtEos(false)
            .optApplyChatTemplate(true)
            .optTruncate(true)
            .build();
    assertEquals(o, o.toBuilder().build());
    var kw = o.toPythonKeywords();
    assertEquals(7, kw.get("max_new_tokens"));
    assertEquals(true, kw.get("do_sample"));
    assertEquals(0.5, kw.get("temperature"));
    assertEquals(10, kw.get("top_k"));
    assertEquals(0.8, kw.get("top_p"));
    assertEquals(42L, kw.get("seed"));
    assertEquals(false, kw.get("stop_at_eos"));
    assertEquals(true, kw.get("chat"));
    assertEquals(true, kw.get("truncate"));
  }

  private static void assertRefused(GenerationOptions.Builder b, String mention) {
    InvalidInputException e = assertThrows(InvalidInputException.class, b::build);
    assertTrue(e.getMessage().contains(mention), e.getMessage());
  }
}
