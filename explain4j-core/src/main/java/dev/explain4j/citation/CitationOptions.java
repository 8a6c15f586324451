package dev.explain4j.citation;

import dev.explain4j.InvalidInputException;
import java.util.ArrayList;
import java.util.List;

/**
 * Options of {@link ContextAttributor}; {@code builder().build()} runs leave-one-out and
 * ContextCite (64 ablations, seed 0) over the context's sentences and lets the model answer.
 *
 * @param methods {@code loo} and/or {@code contextcite}
 * @param answer a forced answer, or null to generate one (greedy)
 * @param maxNewTokens tokens to generate when there is no forced answer
 * @param sources character spans {@code [start, end)} of the context, or null to split it
 * @param split {@code sentence} or {@code document} (the whole context is one source)
 * @param template the prompt template with {@code {context}} and {@code {question}}, or null for
 *     the default
 * @param chatTemplate wrap the prompt in the model's chat template; null: when the model has one
 * @param numAblations ContextCite's number of random ablations
 * @param keepProbability the probability that an ablation keeps a source
 * @param seed the seed of the ablation masks
 * @param maxAblations the ablation budget: more ablations are refused
 * @param looLimit the most sources leave-one-out accepts
 * @param lassoAlpha the surrogate's L1 weight
 * @param batchSize ablated prompts per forward pass
 * @param sharePrefix run the prompts' common prefix once
 * @param evaluate also compute {@link Faithfulness} per method
 */
public record CitationOptions(
    List<String> methods,
    String answer,
    int maxNewTokens,
    List<int[]> sources,
    String split,
    String template,
    Boolean chatTemplate,
    int numAblations,
    double keepProbability,
    long seed,
    int maxAblations,
    int looLimit,
    double lassoAlpha,
    int batchSize,
    boolean sharePrefix,
    boolean evaluate) {
  /** Defensive copies. */
  public CitationOptions {
    methods = List.copyOf(methods);
    if (sources != null) {
      List<int[]> copy = new ArrayList<>();
      sources.forEach(s -> copy.add(s.clone()));
      sources = List.copyOf(copy);
    }
  }

  /** A builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link CitationOptions}; {@link #build()} checks the values. */
  public static final class Builder {
    private List<String> methods = List.of("loo", "contextcite");
    private String answer;
    private int maxNewTokens = 64;
    private List<int[]> sources;
    private String split = "sentence";
    private String template;
    private Boolean chatTemplate;
    private int numAblations = 64;
    private double keepProbability = 0.5;
    private long seed;
    private int maxAblations = 4096;
    private int looLimit = 256;
    private double lassoAlpha = 0.01;
    private int batchSize = 8;
    private boolean sharePrefix = true;
    private boolean evaluate;

    private Builder() {}

    /** Methods: {@code loo}, {@code contextcite} (default both). */
    public Builder optMethods(List<String> v) {
      methods = List.copyOf(v);
      return this;
    }

    /** A forced answer (default: the model generates one). */
    public Builder optAnswer(String v) {
      answer = v;
      return this;
    }

    /** Tokens to generate (default 64). */
    public Builder optMaxNewTokens(int v) {
      maxNewTokens = v;
      return this;
    }

    /** Sources as character spans {@code [start, end)} of the context, in order. */
    public Builder optSources(List<int[]> v) {
      sources = v == null ? null : new ArrayList<>(v);
      return this;
    }

    /** {@code sentence} (default) or {@code document}. */
    public Builder optSplit(String v) {
      split = v;
      return this;
    }

    /** The prompt template, with {@code {context}} and {@code {question}}. */
    public Builder optTemplate(String v) {
      template = v;
      return this;
    }

    /** Use the model's chat template (default: when it has one). */
    public Builder optChatTemplate(Boolean v) {
      chatTemplate = v;
      return this;
    }

    /** ContextCite's random ablations (default 64). */
    public Builder optNumAblations(int v) {
      numAblations = v;
      return this;
    }

    /** The probability an ablation keeps a source (default 0.5). */
    public Builder optKeepProbability(double v) {
      keepProbability = v;
      return this;
    }

    /** The masks' seed (default 0). */
    public Builder optSeed(long v) {
      seed = v;
      return this;
    }

    /** The ablation budget (default 4096). */
    public Builder optMaxAblations(int v) {
      maxAblations = v;
      return this;
    }

    /** The most sources leave-one-out takes (default 256). */
    public Builder optLooLimit(int v) {
      looLimit = v;
      return this;
    }

    /** The surrogate's L1 weight (default 0.01, as ContextCite). */
    public Builder optLassoAlpha(double v) {
      lassoAlpha = v;
      return this;
    }

    /** Ablated prompts per forward pass (default 8). */
    public Builder optBatchSize(int v) {
      batchSize = v;
      return this;
    }

    /** Run the common prefix of the prompts once (default true). */
    public Builder optSharePrefix(boolean v) {
      sharePrefix = v;
      return this;
    }

    /** Also compute faithfulness per method (default false). */
    public Builder optEvaluate(boolean v) {
      evaluate = v;
      return this;
    }

    /** Checks the values; a bad one is an {@link InvalidInputException} naming its method. */
    public CitationOptions build() {
      if (methods.isEmpty()) {
        throw new InvalidInputException("optMethods needs at least one method (loo, contextcite)");
      }
      if (maxNewTokens < 1) {
        throw new InvalidInputException("optMaxNewTokens must be at least 1, got " + maxNewTokens);
      }
      if (!"sentence".equals(split) && !"document".equals(split)) {
        throw new InvalidInputException("optSplit must be sentence or document, got " + split);
      }
      if (batchSize < 1) {
        throw new InvalidInputException("optBatchSize must be at least 1, got " + batchSize);
      }
      if (!(keepProbability > 0 && keepProbability < 1)) {
        throw new InvalidInputException(
            "optKeepProbability must be between 0 and 1 (exclusive), got " + keepProbability);
      }
      if (sources != null) {
        for (int[] s : sources) {
          if (s == null || s.length != 2) {
            throw new InvalidInputException("optSources takes [start, end] pairs");
          }
        }
      }
      return new CitationOptions(
          methods,
          answer,
          maxNewTokens,
          sources,
          split,
          template,
          chatTemplate,
          numAblations,
          keepProbability,
          seed,
          maxAblations,
          looLimit,
          lassoAlpha,
          batchSize,
          sharePrefix,
          evaluate);
    }
  }
}
