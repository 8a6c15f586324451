package dev.explain4j.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.explain4j.runtime.PythonRuntime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Java's rounding is Inseq's own (its safetensors save and load), value for value. */
@Tag("python")
class ScorePrecisionInseqTest {
  @ParameterizedTest
  @ValueSource(strings = {"float16", "float8"})
  void roundingEqualsInseqsSaveAndLoad(String name) {
    ScorePrecision p = ScorePrecision.of(name);
    float[] x = ScorePrecisionTest.spread(5_000, 3);
    x[2] = 448f;
    x[3] = 0x1p-10f; // a tie between 0 and float8's smallest value
    x[4] = 3 * 0x1p-10f; // a tie between two float8 subnormals
    List<Double> values = new ArrayList<>();
    for (float v : x) {
      values.add((double) v);
    }
    List<?> inseq =
        (List<?>)
            PythonRuntime.shared()
                .call("explain4j_testing.inseq_reference.inseq_rounded", values, name);
    for (int i = 0; i < x.length; i++) {
      float expected = ((Number) inseq.get(i)).floatValue();
      assertEquals(
          Float.floatToIntBits(expected),
          Float.floatToIntBits(p.round(x[i])),
          name + " of " + x[i] + ": Inseq " + expected + ", ours " + p.round(x[i]));
    }
  }
}
