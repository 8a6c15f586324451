package dev.explain4j.attribution;

import dev.explain4j.InvalidInputException;
import dev.explain4j.internal.ModelAccess;
import dev.explain4j.internal.PyAttribution;
import dev.explain4j.internal.PyContext;
import dev.explain4j.model.Model;
import dev.explain4j.runtime.PythonRuntime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * Context reliance over a {@link Model}: PECoRe as Inseq 0.7.1's {@code attribute-context} runs it.
 * CTI (context-sensitive token identification) scores every output token with a contrastive metric
 * between the run with context and the run without, and selects the tokens whose |score| reaches
 * mean + k × std; CCI (contextual cues imputation) attributes each selected token with the chosen
 * method, and the attribution's rows for the context tokens are its cues.
 *
 * <p>The engine runs in Python; each CCI attribution crosses once as Arrow views and is aggregated
 * here (the method's default aggregation, without its normalisation unless {@link
 * ContextRelianceOptions#normalizeAttributions()}), then released: the result lives on the Java
 * heap. Thread-safe: calls go through the model's interpreter thread.
 */
public final class ContextRelianceAttributor {
  private final Model model;
  private final BufferAllocator allocator;

  /** Arrow views pass through children of one process-wide root allocator. */
  public ContextRelianceAttributor(Model model) {
    this(model, SharedAllocator.ROOT);
  }

  /** Arrow views pass through children of {@code allocator}. */
  public ContextRelianceAttributor(Model model, BufferAllocator allocator) {
    this.model = Objects.requireNonNull(model, "model");
    this.allocator = Objects.requireNonNull(allocator, "allocator");
  }

  private static final class SharedAllocator {
    static final BufferAllocator ROOT = new RootAllocator();
  }

  /**
   * Finds the output tokens of {@code inputCurrent} that depend on the contexts in {@code options},
   * and the context tokens they depend on.
   *
   * @throws InvalidInputException for an empty input, unknown names or texts that do not fit
   */
  public ContextRelianceResult attribute(String inputCurrent, ContextRelianceOptions options) {
    if (inputCurrent == null || inputCurrent.isEmpty()) {
      throw new InvalidInputException(
          "the input current text is empty; give the text the model continues");
    }
    PythonRuntime runtime = ModelAccess.runtime(model);
    MethodCatalog catalog = MethodCatalog.of(runtime);
    AttributionOptions cciOptions = options.attributionOptions();
    catalog.check(cciOptions);
    MethodCatalog.Score metric = catalog.stepScores().get(options.contextSensitivityMetric());
    if (metric == null || !metric.contrastive()) {
      throw new InvalidInputException(
          "unknown context sensitivity metric in {option}; use one of the contrastive step scores "
              + String.join(", ", contrastive(catalog)),
          "ContextRelianceOptions.optContextSensitivityMetric",
          options.contextSensitivityMetric(),
          null);
    }
    PyContext.Raw raw =
        new PyContext(runtime).run(ModelAccess.handle(model), inputCurrent, options.toPython());
    List<ContextCue> cues = new ArrayList<>();
    try {
      PyAttribution py = new PyAttribution(runtime);
      for (PyContext.Cue c : raw.cues()) {
        cues.add(
            cue(
                c,
                Attributor.read(py, allocator, c.attribution(), model.info(), cciOptions),
                options));
      }
    } finally {
      raw.cues().forEach(c -> c.attribution().close());
    }
    ContextRelianceProvenance provenance =
        new ContextRelianceProvenance(
            model.info(), options, raw.explain4jVersion(), Instant.now(), raw.engineSeconds());
    return new ContextRelianceResult(
        raw.inputContext(),
        raw.inputCurrent(),
        raw.outputContext(),
        raw.outputCurrent(),
        raw.inputTemplate(),
        raw.outputTemplate(),
        orEmpty(raw.inputContextTokens()),
        orEmpty(raw.outputContextTokens()),
        raw.outputCurrentTokens(),
        java.util.Arrays.stream(raw.ctiScores()).boxed().toList(),
        raw.ctiThreshold(),
        cues,
        raw.warnings(),
        provenance);
  }

  private static ContextCue cue(
      PyContext.Cue c, AttributionResult r, ContextRelianceOptions options) {
    AggregatedAttribution agg;
    try (r) {
      List<Map<String, Object>> steps =
          r.defaultAggregation().stream()
              .filter(s -> options.normalizeAttributions() || !"normalize".equals(s.get("op")))
              .toList();
      agg = r.aggregate(steps);
    }
    List<Double> in = rows(agg, c.inputRows());
    List<Double> out = rows(agg, c.outputRows());
    CueSelection input = CueSelection.of(in, concat(in, out), options);
    // Inseq's view pools the output context's scores with the others it has by then (the input's,
    // already extended with the output's), so the output threshold counts them twice; kept as is.
    CueSelection output =
        CueSelection.of(out, in.isEmpty() ? out : concat(out, concat(in, out)), options);
    double threshold = !in.isEmpty() ? input.threshold() : output.threshold();
    return new ContextCue(
        c.ctiIndex(),
        c.ctiToken(),
        c.ctiScore(),
        c.contextualInput(),
        c.contextualOutput(),
        c.contextlessOutput(),
        c.contrastToken(),
        in,
        out,
        input.ranked(),
        output.ranked(),
        threshold,
        agg);
  }

  private static List<Double> rows(AggregatedAttribution agg, PyContext.Rows rows) {
    if (rows == null) {
      return List.of();
    }
    float[][] m = "source".equals(rows.which()) ? agg.source() : agg.target();
    List<Double> out = new ArrayList<>();
    for (int i = rows.first(); i < rows.first() + rows.count() && i < m.length; i++) {
      out.add((double) m[i][0]);
    }
    return out;
  }

  private static List<Double> concat(List<Double> a, List<Double> b) {
    List<Double> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  private static List<String> contrastive(MethodCatalog catalog) {
    return catalog.stepScores().values().stream()
        .filter(MethodCatalog.Score::contrastive)
        .map(MethodCatalog.Score::name)
        .toList();
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
