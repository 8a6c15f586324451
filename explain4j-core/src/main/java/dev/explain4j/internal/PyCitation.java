package dev.explain4j.internal;

import dev.explain4j.Explain4jException;
import dev.explain4j.citation.CitationOptions;
import dev.explain4j.citation.ContextAttribution;
import dev.explain4j.citation.Faithfulness;
import dev.explain4j.citation.FaithfulnessOptions;
import dev.explain4j.citation.TokenFaithfulness;
import dev.explain4j.model.ModelInfo;
import dev.explain4j.runtime.PyHandle;
import dev.explain4j.runtime.PythonRuntime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Python module {@code explain4j.citation}: context attribution and faithfulness (sources of a
 * context; tokens of a generation or a classifier input, in {@code explain4j.citation.evaluation}).
 */
public final class PyCitation {
  private static final String M = "explain4j.citation.";
  private final PythonRuntime runtime;

  public PyCitation(PythonRuntime runtime) {
    this.runtime = Objects.requireNonNull(runtime, "runtime");
  }

  /** {@code cite(model, context, question, messages=..., **options)}. */
  public ContextAttribution cite(
      PyHandle model,
      String context,
      String question,
      List<Map<String, String>> messages,
      CitationOptions options,
      ModelInfo info) {
    Map<String, Object> k = keywords(options);
    if (messages != null) {
      k.put("messages", messages);
    }
    Object r =
        runtime.callWithKeywords(M + "cite", java.util.Arrays.asList(model, context, question), k);
    return result(new PyMap(r, "context attribution"), options, info);
  }

  static Map<String, Object> keywords(CitationOptions o) {
    Map<String, Object> k = new LinkedHashMap<>();
    k.put("methods", o.methods());
    k.put("answer", o.answer());
    k.put("max_new_tokens", o.maxNewTokens());
    if (o.sources() != null) {
      List<List<Integer>> spans = new ArrayList<>();
      o.sources().forEach(s -> spans.add(List.of(s[0], s[1])));
      k.put("sources_spans", spans);
    }
    k.put("split", o.split());
    if (o.template() != null) {
      k.put("template", o.template());
    }
    k.put("chat", o.chatTemplate());
    k.put("num_ablations", o.numAblations());
    k.put("keep_prob", o.keepProbability());
    k.put("seed", o.seed());
    k.put("max_ablations", o.maxAblations());
    k.put("loo_limit", o.looLimit());
    k.put("lasso_alpha", o.lassoAlpha());
    k.put("batch_size", o.batchSize());
    k.put("share_prefix", o.sharePrefix());
    k.put("evaluate", o.evaluate());
    return k;
  }

  private static ContextAttribution result(PyMap p, CitationOptions options, ModelInfo info) {
    String prompt = p.string("prompt");
    String answer = p.string("answer");
    List<ContextAttribution.Source> sources = new ArrayList<>();
    for (Object o : p.list("sources")) {
      PyMap s = new PyMap(o, "source");
      int start = s.intValue("start");
      int end = s.intValue("end");
      sources.add(
          new ContextAttribution.Source(
              start,
              end,
              s.intValue("tokenStart"),
              s.intValue("tokenEnd"),
              cut(prompt, start, end)));
    }
    List<ContextAttribution.Sentence> sentences = new ArrayList<>();
    for (Object o : p.list("sentences")) {
      PyMap s = new PyMap(o, "sentence");
      int start = s.intValue("start");
      int end = s.intValue("end");
      sentences.add(
          new ContextAttribution.Sentence(
              start,
              end,
              s.intValue("tokenStart"),
              s.intValue("tokenEnd"),
              cut(answer, start, end)));
    }
    Map<String, double[][]> scores = new LinkedHashMap<>();
    PyMap raw = p.map("scores");
    for (String method : options.methods()) {
      if (raw.has(method)) {
        List<?> rows = raw.list(method);
        double[][] m = new double[rows.size()][];
        for (int i = 0; i < m.length; i++) {
          m[i] = doubles(rows.get(i), method + " scores");
        }
        scores.put(method, m);
      }
    }
    Map<String, Faithfulness> faithful = new LinkedHashMap<>();
    PyMap f = p.map("faithfulness");
    for (String method : options.methods()) {
      if (f.has(method)) {
        faithful.put(method, faithfulness(f.map(method)));
      }
    }
    List<Integer> answerIds = p.ints("answerIds");
    return new ContextAttribution(
        prompt,
        p.ints("promptIds"),
        sources,
        answer,
        answerIds,
        sentences,
        scores,
        faithful,
        options,
        info,
        p.doubleOr("seconds", Double.NaN));
  }

  /**
   * What {@code evaluation.evaluate_generation} and {@code
   * classifier_faithfulness.evaluate_classifier} return.
   *
   * @param units the evaluated token positions
   * @param steps one entry per step
   * @param mean the means over the steps
   */
  public record TokenScores(
      List<Integer> units, List<TokenFaithfulness.Step> steps, TokenFaithfulness.Summary mean) {}

  /**
   * {@code evaluation.evaluate_generation(lm, source_ids, generated_ids, step_scores, ...)}: each
   * generated token's probability under source-token removal; {@code scores[step][sourceToken]}.
   * The source is the prompt (decoder-only; {@code decoderPrefix} null) or the encoder input, with
   * the decoder reading {@code decoderPrefix} (its start token) before the generated tokens.
   */
  public TokenScores evaluateGeneration(
      PyHandle model,
      List<Long> sourceIds,
      List<Long> generatedIds,
      List<Long> decoderPrefix,
      List<String> objectives,
      double[][] scores,
      FaithfulnessOptions o) {
    Map<String, Object> k = keywords(o);
    if (decoderPrefix != null) {
      k.put("decoder_prefix", decoderPrefix);
    }
    Object r =
        runtime.callWithKeywords(
            M + "evaluation.evaluate_generation",
            java.util.Arrays.asList(model, sourceIds, generatedIds, rows(scores)),
            k);
    return tokenScores(new PyMap(r, "token faithfulness"), objectives);
  }

  /**
   * {@code classifier_faithfulness.evaluate_classifier(lm, input_ids, objectives, step_scores,
   * ...)}: each explained label's probability under input-token removal; {@code
   * scores[label][token]}.
   */
  public TokenScores evaluateClassifier(
      PyHandle model,
      List<Long> inputIds,
      List<String> objectives,
      double[][] scores,
      FaithfulnessOptions o) {
    Object r =
        runtime.callWithKeywords(
            M + "classifier_faithfulness.evaluate_classifier",
            java.util.Arrays.asList(model, inputIds, objectives, rows(scores)),
            keywords(o));
    return tokenScores(new PyMap(r, "token faithfulness"), objectives);
  }

  private static List<List<Double>> rows(double[][] scores) {
    List<List<Double>> out = new ArrayList<>();
    for (double[] row : scores) {
      List<Double> r = new ArrayList<>(row.length);
      for (double v : row) {
        r.add(v);
      }
      out.add(r);
    }
    return out;
  }

  private static Map<String, Object> keywords(FaithfulnessOptions o) {
    Map<String, Object> k = new LinkedHashMap<>();
    k.put("bins", o.bins());
    k.put("rounding", o.rounding());
    if (o.curvePoints() != null) {
      k.put("points", o.curvePoints());
    }
    k.put("soft", o.soft());
    k.put("seed", o.seed());
    k.put("batch_size", o.batchSize());
    return k;
  }

  private static TokenScores tokenScores(PyMap p, List<String> objectives) {
    List<?> raw = p.list("steps");
    if (raw.size() != objectives.size()) {
      throw new Explain4jException(
          raw.size() + " faithfulness steps came back for " + objectives.size() + " steps");
    }
    List<TokenFaithfulness.Step> steps = new ArrayList<>();
    for (int i = 0; i < raw.size(); i++) {
      PyMap s = new PyMap(raw.get(i), "faithfulness step");
      steps.add(
          new TokenFaithfulness.Step(
              i,
              objectives.get(i),
              faithfulness(s),
              s.doubleOr("softComprehensiveness", Double.NaN),
              s.doubleOr("softSufficiency", Double.NaN)));
    }
    PyMap m = p.map("mean");
    TokenFaithfulness.Summary mean =
        new TokenFaithfulness.Summary(
            m.doubleValue("full"),
            m.doubleValue("aopcComprehensiveness"),
            m.doubleValue("aopcSufficiency"),
            m.doubleValue("deletionArea"),
            m.doubleValue("insertionArea"),
            m.doubleOr("softComprehensiveness", Double.NaN),
            m.doubleOr("softSufficiency", Double.NaN));
    return new TokenScores(p.ints("units"), steps, mean);
  }

  static Faithfulness faithfulness(PyMap m) {
    List<Integer> bins = new ArrayList<>();
    for (Object o : m.list("binSizes")) {
      bins.add(o == null ? null : ((Number) o).intValue());
    }
    return new Faithfulness(
        m.doubleValue("full"),
        bins,
        doubles(m.raw("comprehensiveness"), "comprehensiveness"),
        doubles(m.raw("sufficiency"), "sufficiency"),
        m.doubleValue("aopcComprehensiveness"),
        m.doubleValue("aopcSufficiency"),
        doubles(m.raw("fractions"), "fractions"),
        doubles(m.raw("deletion"), "deletion"),
        doubles(m.raw("insertion"), "insertion"),
        m.doubleValue("deletionArea"),
        m.doubleValue("insertionArea"));
  }

  private static double[] doubles(Object value, String what) {
    if (!(value instanceof List<?> list)) {
      throw new Explain4jException(what + " came back as " + value + ", expected a list");
    }
    double[] out = new double[list.size()];
    for (int i = 0; i < out.length; i++) {
      if (!(list.get(i) instanceof Number n)) {
        throw new Explain4jException(what + " holds " + list.get(i) + ", expected numbers");
      }
      out[i] = n.doubleValue();
    }
    return out;
  }

  /** Python's code-point offsets to a Java substring. */
  private static String cut(String text, int start, int end) {
    int a = text.offsetByCodePoints(0, start);
    return text.substring(a, text.offsetByCodePoints(a, end - start));
  }
}
