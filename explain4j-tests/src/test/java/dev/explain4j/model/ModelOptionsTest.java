package dev.explain4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.explain4j.InvalidInputException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelOptionsTest {
  @Test
  void defaultsAreSafeAndCaptureFriendly() {
    ModelOptions o = ModelOptions.defaults();
    assertEquals("auto", o.device());
    assertEquals("float32", o.dtype());
    assertEquals("eager", o.attentionImplementation());
    assertFalse(o.trustRemoteCode());
    assertFalse(o.allowPickle());
    assertEquals(Optional.empty(), o.kindOverride());
    assertEquals(o, ModelOptions.builder().build());
  }

  @ParameterizedTest
  @ValueSource(strings = {"auto", "cpu", "cuda", "cuda:0", "cuda:7"})
  void acceptsKnownDevices(String device) {
    assertEquals(device, ModelOptions.builder().optDevice(device).build().device());
  }

  @ParameterizedTest
  @ValueSource(strings = {"gpu", "CUDA", "cuda:", "cuda:x", "mps", "", " cpu"})
  void refusesUnknownDevicesNamingThem(String device) {
    var b = ModelOptions.builder().optDevice(device);
    InvalidInputException e = assertThrows(InvalidInputException.class, b::build);
    assertTrue(e.getMessage().contains("'" + device + "'"), e.getMessage());
    assertTrue(e.getMessage().contains("cuda:N"), e.getMessage());
  }

  @Test
  void refusesNullDevice() {
    var b = ModelOptions.builder().optDevice(null);
    assertThrows(InvalidInputException.class, b::build);
  }

  @ParameterizedTest
  @ValueSource(strings = {"float32", "float16", "bfloat16", "float64"})
  void acceptsKnownDtypes(String dtype) {
    assertEquals(dtype, ModelOptions.builder().optDtype(dtype).build().dtype());
  }

  @ParameterizedTest
  @ValueSource(strings = {"fp32", "double", "int8", "Float32", ""})
  void refusesUnknownDtypesListingTheKnownOnes(String dtype) {
    var b = ModelOptions.builder().optDtype(dtype);
    InvalidInputException e = assertThrows(InvalidInputException.class, b::build);
    assertTrue(e.getMessage().contains("'" + dtype + "'"), e.getMessage());
    assertTrue(e.getMessage().contains("bfloat16"), e.getMessage());
  }

  @Test
  void attentionImplementationMustBeAName() {
    assertEquals(
        "sdpa",
        ModelOptions.builder()
            .optAttentionImplementation("sdpa")
            .build()
            .attentionImplementation());
    var b = ModelOptions.builder().optAttentionImplementation("eager; rm -rf");
    assertThrows(InvalidInputException.class, b::build);
    var blank = ModelOptions.builder().optAttentionImplementation("");
    assertThrows(InvalidInputException.class, blank::build);
  }

  @Test
  void toBuilderRoundTripsEveryField() {
    ModelOptions o =
        ModelOptions.builder()
            .optDevice("cuda:1")
            .optDtype("bfloat16")
            .optAttentionImplementation("sdpa")
            .optTrustRemoteCode(true)
            .optAllowPickle(true)
            .optKind(ModelKind.ENCODER_ONLY)
            .build();
    assertEquals(o, o.toBuilder().build());
    assertEquals(Optional.of(ModelKind.ENCODER_ONLY), o.kindOverride());
    assertEquals("encoder", o.toPythonKeywords().get("kind"));
    assertEquals(true, o.toPythonKeywords().get("allow_pickle"));
    assertEquals(null, o.toBuilder().optKind(null).build().toPythonKeywords().get("kind"));
  }

  @Test
  void kindsMapToPythonNames() {
    for (ModelKind k : ModelKind.values()) {
      assertEquals(k, ModelKind.fromPythonName(k.pythonName()));
    }
    assertThrows(InvalidInputException.class, () -> ModelKind.fromPythonName("vision"));
  }
}
