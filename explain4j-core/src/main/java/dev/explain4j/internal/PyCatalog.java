package dev.explain4j.internal;

import dev.explain4j.attribution.MethodCatalog;
import dev.explain4j.attribution.MethodCatalog.Method;
import dev.explain4j.attribution.MethodCatalog.Option;
import dev.explain4j.attribution.MethodCatalog.Score;
import dev.explain4j.runtime.PythonRuntime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Python module {@code explain4j.attribution.catalog}: the engine's method catalogue. */
public final class PyCatalog {
  private static final String DESCRIBE = "explain4j.attribution.catalog.describe";
  private final PythonRuntime runtime;

  public PyCatalog(PythonRuntime runtime) {
    this.runtime = Objects.requireNonNull(runtime, "runtime");
  }

  /** The catalogue, read from {@code describe()} into records. */
  public MethodCatalog describe() {
    return parse(runtime.call(DESCRIBE));
  }

  static MethodCatalog parse(Object described) {
    Map<?, ?> d = (Map<?, ?>) described;
    List<Method> methods = new ArrayList<>();
    for (Object o : (List<?>) d.get("methods")) {
      methods.add(method((Map<?, ?>) o));
    }
    return MethodCatalog.create(
        methods, scores(d.get("stepScores")), scores(d.get("attributedFns")));
  }

  private static Map<String, Option> options(Object list) {
    Map<String, Option> options = new LinkedHashMap<>();
    for (Object o : list == null ? List.of() : (List<?>) list) {
      Map<?, ?> op = (Map<?, ?>) o;
      String name = (String) op.get("name");
      options.put(
          name,
          new Option(
              name,
              (String) op.get("type"),
              op.get("default"),
              Boolean.TRUE.equals(op.get("nullable")),
              number(op.get("min")),
              number(op.get("max")),
              op.get("choices") == null ? List.of() : strings(op.get("choices"))));
    }
    return options;
  }

  private static Method method(Map<?, ?> m) {
    Map<String, Option> options = options(m.get("options"));
    List<Map<String, Object>> aggregation = new ArrayList<>();
    for (Object step : (List<?>) m.get("defaultAggregation")) {
      aggregation.add(stringKeys((Map<?, ?>) step));
    }
    return new Method(
        (String) m.get("name"),
        (String) m.get("family"),
        strings(m.get("dims")),
        aggregation,
        Boolean.TRUE.equals(m.get("usesAttributedFn")),
        options);
  }

  private static List<Score> scores(Object list) {
    List<Score> out = new ArrayList<>();
    for (Object o : (List<?>) list) {
      Map<?, ?> s = (Map<?, ?>) o;
      Map<String, Option> options = options(s.get("args"));
      Map<String, Object> args = new LinkedHashMap<>();
      options.values().forEach(a -> args.put(a.name(), a.defaultValue()));
      out.add(
          new Score(
              (String) s.get("name"), Boolean.TRUE.equals(s.get("contrastive")), args, options));
    }
    return out;
  }

  private static Double number(Object o) {
    return o == null ? null : ((Number) o).doubleValue();
  }

  private static List<String> strings(Object list) {
    List<String> out = new ArrayList<>();
    for (Object o : (List<?>) list) {
      out.add(String.valueOf(o));
    }
    return out;
  }

  private static Map<String, Object> stringKeys(Map<?, ?> m) {
    Map<String, Object> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(String.valueOf(k), v));
    return out;
  }
}
