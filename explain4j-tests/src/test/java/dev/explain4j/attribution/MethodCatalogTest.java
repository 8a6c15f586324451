package dev.explain4j.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.explain4j.InvalidInputException;
import dev.explain4j.runtime.PythonRuntime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The catalogue Java reads from the Python engine: once per runtime, complete, and enforced. */
@Tag("python")
class MethodCatalogTest {
  @Test
  void readOncePerRuntimeWithTheEnginesMethodsOptionsAndScores() {
    PythonRuntime py = PythonRuntime.shared();
    MethodCatalog catalog = MethodCatalog.of(py);
    assertSame(catalog, MethodCatalog.of(py), "cached per runtime");
    Object engine =
        py.eval("__import__('explain4j.attribution.methods').attribution.methods.names()");
    assertEquals(engine, catalog.methods().keySet().stream().sorted().toList());
    MethodCatalog.Option nSteps =
        catalog.methods().get("integrated_gradients").options().get("n_steps");
    assertEquals("int", nSteps.type());
    assertEquals(50L, ((Number) nSteps.defaultValue()).longValue());
    assertEquals(1.0, nSteps.min());
    MethodCatalog.Method attention = catalog.methods().get("attention");
    assertFalse(attention.usesAttributedFn());
    assertEquals(List.of("token", "step", "layer", "head"), attention.dims());
    assertEquals(4, attention.defaultAggregation().size());
    assertTrue(catalog.methods().get("occlusion").defaultAggregation().isEmpty());
    MethodCatalog.Score kl = catalog.stepScores().get("kl_divergence");
    assertTrue(kl.contrastive());
    assertEquals(Map.of("top_k", 0L, "top_p", 1.0, "min_tokens_to_keep", 1L), kl.args());
    assertTrue(catalog.attributedFns().containsKey("logprob"));
    assertFalse(catalog.stepScores().containsKey("logprob"));
  }

  @Test
  void checkAcceptsEveryDefaultAndRefusesWhatTheEngineLacks() {
    MethodCatalog catalog = MethodCatalog.current();
    for (MethodCatalog.Method m : catalog.methods().values()) {
      AttributionOptions.Builder b = AttributionOptions.builder().optMethod(m.name());
      m.options().values().forEach(o -> b.optMethodArg(o.name(), o.defaultValue()));
      if (m.options().values().stream().allMatch(o -> o.defaultValue() != null)) {
        catalog.check(b.build());
      }
    }
    AttributionOptions none =
        AttributionOptions.builder()
            .optMethod("input_x_gradient")
            .optMethodArg("abs", true)
            .build();
    String m = assertThrows(InvalidInputException.class, () -> catalog.check(none)).getMessage();
    assertTrue(m.contains("method 'input_x_gradient' does not take 'abs'; it takes no options"), m);
  }
}
