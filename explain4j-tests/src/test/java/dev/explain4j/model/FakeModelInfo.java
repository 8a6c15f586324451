package dev.explain4j.model;

import java.time.Instant;
import java.util.List;

/** The {@link ModelInfo} of a decoder-only model that does not exist, for tests with no Python. */
public final class FakeModelInfo {
  private FakeModelInfo() {}

  /** A float32 CPU model named {@code name}, loaded from {@code path}. */
  public static ModelInfo of(String name, String path) {
    return new ModelInfo(
        name,
        path,
        "FakeForCausalLM",
        List.of(),
        "fake",
        ModelKind.DECODER_ONLY,
        "cpu",
        "float32",
        "eager",
        1,
        "",
        "",
        "",
        "",
        "17",
        Instant.EPOCH);
  }
}
