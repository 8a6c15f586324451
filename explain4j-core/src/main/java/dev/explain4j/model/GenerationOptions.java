package dev.explain4j.model;

import dev.explain4j.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * How to generate, and how to turn the input text into a prompt. Build with {@link #builder()};
 * {@link #defaults()} is greedy decoding of up to 20 new tokens, stopping at end-of-sequence.
 *
 * <p>Sampling draws from {@code softmax(logits / temperature)}, restricted to the {@code topK} most
 * likely tokens when {@code topK > 0} and to the smallest set whose probability reaches {@code
 * topP} when {@code topP < 1}. No other logits processing is added (no repetition penalty). A
 * {@code seed} makes sampling reproducible; it seeds a forked torch generator state, so the global
 * random state is left as it was.
 *
 * @param maxNewTokens the most tokens to generate, at least 1
 * @param doSample sample instead of taking the most likely token
 * @param temperature softmax temperature for sampling, greater than 0
 * @param topK keep only the {@code topK} most likely tokens when sampling; 0 keeps all
 * @param topP nucleus sampling threshold in (0, 1]; 1 keeps all
 * @param seed the sampling seed; empty leaves torch's random state as it is
 * @param numBeams must be 1: beam search is refused, because explanations are computed for one
 *     decoded sequence
 * @param stopAtEos stop when the model emits one of its end-of-sequence tokens
 * @param applyChatTemplate wrap the input as a user message with the tokenizer's chat template
 * @param truncate cut a prompt that does not fit the model's positions (keeping its start) instead
 *     of failing
 */
public record GenerationOptions(
    int maxNewTokens,
    boolean doSample,
    double temperature,
    int topK,
    double topP,
    OptionalLong seed,
    int numBeams,
    boolean stopAtEos,
    boolean applyChatTemplate,
    boolean truncate) {
  private static final GenerationOptions DEFAULTS = builder().build();

  /** Validates every field; use {@link #builder()} rather than this constructor. */
  public GenerationOptions {
    if (maxNewTokens < 1) {
      throw new InvalidInputException("maxNewTokens must be at least 1, got " + maxNewTokens);
    }
    if (!(temperature > 0) || Double.isInfinite(temperature)) {
      throw new InvalidInputException("temperature must be a positive number, got " + temperature);
    }
    if (topK < 0) {
      throw new InvalidInputException("topK must be 0 (off) or positive, got " + topK);
    }
    if (!(topP > 0 && topP <= 1)) {
      throw new InvalidInputException("topP must be in (0, 1], got " + topP);
    }
    if (numBeams != 1) {
      throw new InvalidInputException(
          "beam search (numBeams="
              + numBeams
              + ") is not supported: explanations follow one decoded sequence; use greedy"
              + " decoding or sampling");
    }
    if (!doSample && (temperature != 1.0 || topK != 0 || topP != 1.0)) {
      throw new InvalidInputException(
          "temperature, topK and topP apply only to sampling; call optDoSample(true) or leave"
              + " them at their defaults (temperature="
              + temperature
              + ", topK="
              + topK
              + ", topP="
              + topP
              + ")");
    }
    seed = seed == null ? OptionalLong.empty() : seed;
  }

  /** Greedy decoding of up to 20 new tokens, stopping at end-of-sequence. */
  public static GenerationOptions defaults() {
    return DEFAULTS;
  }

  /** A builder holding the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these options. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.maxNewTokens = maxNewTokens;
    b.doSample = doSample;
    b.temperature = temperature;
    b.topK = topK;
    b.topP = topP;
    b.seed = seed;
    b.numBeams = numBeams;
    b.stopAtEos = stopAtEos;
    b.applyChatTemplate = applyChatTemplate;
    b.truncate = truncate;
    return b;
  }

  Map<String, Object> toPythonKeywords() {
    Map<String, Object> kw = new LinkedHashMap<>();
    kw.put("max_new_tokens", maxNewTokens);
    kw.put("do_sample", doSample);
    kw.put("temperature", temperature);
    kw.put("top_k", topK);
    kw.put("top_p", topP);
    kw.put("seed", seed.isPresent() ? seed.getAsLong() : null);
    kw.put("num_beams", numBeams);
    kw.put("stop_at_eos", stopAtEos);
    kw.put("chat", applyChatTemplate);
    kw.put("truncate", truncate);
    return kw;
  }

  /** Builds {@link GenerationOptions}; every field is optional and {@link #build()} validates. */
  public static final class Builder {
    private int maxNewTokens = 20;
    private boolean doSample;
    private double temperature = 1.0;
    private int topK;
    private double topP = 1.0;
    private OptionalLong seed = OptionalLong.empty();
    private int numBeams = 1;
    private boolean stopAtEos = true;
    private boolean applyChatTemplate;
    private boolean truncate;

    private Builder() {}

    /** The most tokens to generate; default 20. */
    public Builder optMaxNewTokens(int maxNewTokens) {
      this.maxNewTokens = maxNewTokens;
      return this;
    }

    /** Sample instead of greedy decoding; default false. */
    public Builder optDoSample(boolean doSample) {
      this.doSample = doSample;
      return this;
    }

    /** Sampling temperature; default 1. */
    public Builder optTemperature(double temperature) {
      this.temperature = temperature;
      return this;
    }

    /** Top-k filtering for sampling; default 0 (off). */
    public Builder optTopK(int topK) {
      this.topK = topK;
      return this;
    }

    /** Nucleus (top-p) filtering for sampling; default 1 (off). */
    public Builder optTopP(double topP) {
      this.topP = topP;
      return this;
    }

    /** Seed for reproducible sampling; default none. */
    public Builder optSeed(long seed) {
      this.seed = OptionalLong.of(seed);
      return this;
    }

    /** Number of beams; only 1 is accepted (beam search is refused). */
    public Builder optNumBeams(int numBeams) {
      this.numBeams = numBeams;
      return this;
    }

    /** Stop at the model's end-of-sequence tokens; default true. */
    public Builder optStopAtEos(boolean stopAtEos) {
      this.stopAtEos = stopAtEos;
      return this;
    }

    /** Apply the tokenizer's chat template to the input; default false. */
    public Builder optApplyChatTemplate(boolean applyChatTemplate) {
      this.applyChatTemplate = applyChatTemplate;
      return this;
    }

    /** Truncate a prompt that is too long instead of failing; default false. */
    public Builder optTruncate(boolean truncate) {
      this.truncate = truncate;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws InvalidInputException naming the field and value at fault
     */
    public GenerationOptions build() {
      return new GenerationOptions(
          maxNewTokens,
          doSample,
          temperature,
          topK,
          topP,
          seed,
          numBeams,
          stopAtEos,
          applyChatTemplate,
          truncate);
    }
  }
}
