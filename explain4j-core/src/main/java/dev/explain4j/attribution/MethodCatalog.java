package dev.explain4j.attribution;

import dev.explain4j.InvalidInputException;
import dev.explain4j.internal.PyCatalog;
import dev.explain4j.internal.Runtimes;
import dev.explain4j.runtime.PythonRuntime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * What the attribution engine offers: its methods with their options, the step scores and the
 * attributed functions, as the Python engine describes them ({@code describe()} of the engine's
 * catalogue module). Read once per {@link PythonRuntime}; {@link #check(AttributionOptions)}
 * validates options against it.
 */
public final class MethodCatalog {
  private static final Map<PythonRuntime, MethodCatalog> CACHE =
      Collections.synchronizedMap(new WeakHashMap<>());

  /**
   * One method option, with Inseq's name.
   *
   * @param type {@code int}, {@code float}, {@code bool}, {@code str} or {@code int_list}
   * @param defaultValue the default (null when the default is None)
   * @param nullable whether null (None) is accepted
   * @param min the smallest value, or null
   * @param max the largest value, or null
   * @param choices the accepted values, or empty for any
   */
  public record Option(
      String name,
      String type,
      Object defaultValue,
      boolean nullable,
      Double min,
      Double max,
      List<String> choices) {
    public Option {
      choices = List.copyOf(choices);
    }
  }

  /**
   * One attribution method.
   *
   * @param name Inseq's name
   * @param family {@code gradient}, {@code attention} or {@code perturbation}
   * @param dims the raw attributions' dimensions, for example {@code [token, step, hidden]}
   * @param defaultAggregation Inseq's default aggregation, as steps for {@link Aggregation}
   * @param usesAttributedFn whether the attributed function matters (attention ignores it)
   * @param options the method's options by name, in the engine's order
   */
  public record Method(
      String name,
      String family,
      List<String> dims,
      List<Map<String, Object>> defaultAggregation,
      boolean usesAttributedFn,
      Map<String, Option> options) {
    public Method {
      dims = List.copyOf(dims);
      defaultAggregation = List.copyOf(defaultAggregation);
      options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }
  }

  /**
   * A step score, or an attributed function.
   *
   * @param contrastive whether it needs contrast targets
   * @param args its arguments with their defaults (Inseq's {@code step_scores_args}); a null
   *     default means the argument must be given
   * @param argOptions the same arguments with their types and bounds
   */
  public record Score(
      String name, boolean contrastive, Map<String, Object> args, Map<String, Option> argOptions) {
    public Score {
      args = Collections.unmodifiableMap(new LinkedHashMap<>(args));
      argOptions = Collections.unmodifiableMap(new LinkedHashMap<>(argOptions));
    }

    /** A score whose arguments carry no types or bounds (only names and defaults). */
    public Score(String name, boolean contrastive, Map<String, Object> args) {
      this(name, contrastive, args, Map.of());
    }
  }

  private final Map<String, Method> methods;
  private final Map<String, Score> stepScores;
  private final Map<String, Score> attributedFns;

  private MethodCatalog(List<Method> methods, List<Score> stepScores, List<Score> attributedFns) {
    this.methods = byName(methods, Method::name);
    this.stepScores = byName(stepScores, Score::name);
    this.attributedFns = byName(attributedFns, Score::name);
  }

  /** A catalogue from its parts (the engine's, or a test's). */
  public static MethodCatalog create(
      List<Method> methods, List<Score> stepScores, List<Score> attributedFns) {
    return new MethodCatalog(methods, stepScores, attributedFns);
  }

  /** The catalogue of {@code runtime}'s engine, read on first use and kept with the runtime. */
  public static MethodCatalog of(PythonRuntime runtime) {
    MethodCatalog c = CACHE.get(runtime);
    if (c == null) {
      c = new PyCatalog(runtime).describe();
      CACHE.put(runtime, c);
    }
    return c;
  }

  /** The catalogue of the shared runtime (starting it if needed). */
  public static MethodCatalog current() {
    return of(Runtimes.shared());
  }

  /** The methods by name, in the engine's order. */
  public Map<String, Method> methods() {
    return methods;
  }

  /** The step scores by name, in the engine's order. */
  public Map<String, Score> stepScores() {
    return stepScores;
  }

  /** The attributed functions by name, in the engine's order. */
  public Map<String, Score> attributedFns() {
    return attributedFns;
  }

  /**
   * Refuses options the engine does not offer: an unknown method, step score or attributed
   * function, an option the method does not take, or a value of the wrong type or out of bounds.
   *
   * @throws InvalidInputException naming the method, option or value at fault
   */
  public void check(AttributionOptions options) {
    Method method = methods.get(options.method());
    if (method == null) {
      throw unknown("attribution method", options.method(), methods.keySet());
    }
    for (String s : options.stepScores()) {
      if (!stepScores.containsKey(s)) {
        throw unknown("step score", s, stepScores.keySet());
      }
    }
    String fn = options.attributedFn();
    if (fn != null && !attributedFns.containsKey(fn)) {
      throw unknown("attributed function", fn, attributedFns.keySet());
    }
    options.methodArgs().forEach((name, value) -> OptionCheck.check(method, name, value));
    checkStepScoreArgs(options);
  }

  /** Step score arguments: taken by a chosen step score, typed, in bounds; required ones given. */
  private void checkStepScoreArgs(AttributionOptions options) {
    Map<String, List<Score>> takers = new LinkedHashMap<>();
    for (String s : options.stepScores()) {
      for (String arg : stepScores.get(s).args().keySet()) {
        takers.computeIfAbsent(arg, k -> new ArrayList<>()).add(stepScores.get(s));
      }
    }
    options
        .stepScoresArgs()
        .forEach(
            (name, value) -> {
              List<Score> by = takers.get(name);
              if (by == null) {
                throw new InvalidInputException(
                    "step score argument '"
                        + name
                        + "' is not taken by the chosen step scores ("
                        + (options.stepScores().isEmpty()
                            ? "none"
                            : String.join(", ", options.stepScores()))
                        + "); they take "
                        + (takers.isEmpty() ? "no arguments" : String.join(", ", takers.keySet())));
              }
              for (Score score : by) {
                Option o = score.argOptions().get(name);
                if (o != null) {
                  OptionCheck.check("step score " + score.name(), o, value);
                }
              }
            });
    takers.forEach(
        (name, by) -> {
          for (Score score : by) {
            Option o = score.argOptions().get(name);
            if (o != null
                && o.defaultValue() == null
                && !o.nullable()
                && !options.stepScoresArgs().containsKey(name)) {
              throw new InvalidInputException(
                  "step score "
                      + score.name()
                      + " needs its argument '"
                      + name
                      + "' ("
                      + OptionCheck.kind(o)
                      + ")");
            }
          }
        });
  }

  private static InvalidInputException unknown(String what, String name, Iterable<String> known) {
    return new InvalidInputException(
        "unknown " + what + " '" + name + "'; use one of " + String.join(", ", known));
  }

  private static <T> Map<String, T> byName(
      List<T> items, java.util.function.Function<T, String> name) {
    Map<String, T> m = new LinkedHashMap<>();
    for (T t : new ArrayList<>(items)) {
      m.put(name.apply(t), t);
    }
    return Collections.unmodifiableMap(m);
  }
}
