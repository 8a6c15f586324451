package dev.explain4j.model;

import dev.explain4j.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How to load a model. Build with {@link #builder()}; {@link #defaults()} is what {@link
 * Model#load(java.nio.file.Path)} uses: device {@code auto}, dtype {@code float32}, the {@code
 * eager} attention implementation (so attention weights can be captured), no remote code, no pickle
 * checkpoints, and the model kind detected from the config.
 *
 * @param device {@code auto} (CUDA when torch sees a GPU, else CPU), {@code cpu}, {@code cuda} or
 *     {@code cuda:N}
 * @param dtype {@code float32}, {@code float16}, {@code bfloat16} or {@code float64} (for
 *     reference-precision attributions; tensors still reach Java as float32)
 * @param attentionImplementation the transformers {@code attn_implementation}, for example {@code
 *     eager} or {@code sdpa}; {@link ModelInfo#attentionImplementation()} says which one ran
 * @param trustRemoteCode whether to run model code shipped with the checkpoint; without it, a
 *     config that declares its own code ({@code auto_map}) is refused unless transformers knows its
 *     model type, and then loads with transformers' class and a {@link Model#warnings()} entry
 * @param allowPickle whether a {@code pytorch_model.bin} checkpoint may be loaded (pickle files can
 *     run arbitrary code); without it only safetensors load
 * @param kind the kind to load as, overriding detection; {@code null} detects it
 */
public record ModelOptions(
    String device,
    String dtype,
    String attentionImplementation,
    boolean trustRemoteCode,
    boolean allowPickle,
    ModelKind kind) {
  /** The dtypes a model can be loaded in. */
  public static final List<String> DTYPES = List.of("float32", "float16", "bfloat16", "float64");

  private static final Pattern DEVICE = Pattern.compile("auto|cpu|cuda(:\\d{1,3})?");
  private static final Pattern ATTENTION = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_./-]*");
  private static final ModelOptions DEFAULTS = builder().build();

  /** Validates every field; use {@link #builder()} rather than this constructor. */
  public ModelOptions {
    if (device == null || !DEVICE.matcher(device).matches()) {
      throw new InvalidInputException(
          "unknown device " + quote(device) + "; use auto, cpu, cuda or cuda:N");
    }
    if (dtype == null || !DTYPES.contains(dtype)) {
      throw new InvalidInputException(
          "unknown dtype " + quote(dtype) + "; use one of " + String.join(", ", DTYPES));
    }
    if (attentionImplementation == null || !ATTENTION.matcher(attentionImplementation).matches()) {
      throw new InvalidInputException(
          "bad attention implementation "
              + quote(attentionImplementation)
              + "; use for example eager or sdpa");
    }
  }

  /** The defaults: auto device, float32, eager attention, safetensors only, detected kind. */
  public static ModelOptions defaults() {
    return DEFAULTS;
  }

  /** A builder holding the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these options. */
  public Builder toBuilder() {
    return new Builder()
        .optDevice(device)
        .optDtype(dtype)
        .optAttentionImplementation(attentionImplementation)
        .optTrustRemoteCode(trustRemoteCode)
        .optAllowPickle(allowPickle)
        .optKind(kind);
  }

  /** The kind override, empty when the kind is detected from the config. */
  public Optional<ModelKind> kindOverride() {
    return Optional.ofNullable(kind);
  }

  Map<String, Object> toPythonKeywords() {
    Map<String, Object> kw = new LinkedHashMap<>();
    kw.put("device", device);
    kw.put("dtype", dtype);
    kw.put("attn_implementation", attentionImplementation);
    kw.put("trust_remote_code", trustRemoteCode);
    kw.put("allow_pickle", allowPickle);
    kw.put("kind", kind == null ? null : kind.pythonName());
    return kw;
  }

  private static String quote(String s) {
    return s == null ? "null" : "'" + s + "'";
  }

  /** Builds {@link ModelOptions}; every field is optional and {@link #build()} validates. */
  public static final class Builder {
    private String device = "auto";
    private String dtype = "float32";
    private String attentionImplementation = "eager";
    private boolean trustRemoteCode;
    private boolean allowPickle;
    private ModelKind kind;

    private Builder() {}

    /** {@code auto} (default), {@code cpu}, {@code cuda} or {@code cuda:N}. */
    public Builder optDevice(String device) {
      this.device = device;
      return this;
    }

    /** {@code float32} (default), {@code float16}, {@code bfloat16} or {@code float64}. */
    public Builder optDtype(String dtype) {
      this.dtype = dtype;
      return this;
    }

    /** The transformers attention implementation; default {@code eager}. */
    public Builder optAttentionImplementation(String attentionImplementation) {
      this.attentionImplementation = attentionImplementation;
      return this;
    }

    /** Whether to run code shipped with the checkpoint; default false. */
    public Builder optTrustRemoteCode(boolean trustRemoteCode) {
      this.trustRemoteCode = trustRemoteCode;
      return this;
    }

    /** Whether a pickle ({@code pytorch_model.bin}) checkpoint may load; default false. */
    public Builder optAllowPickle(boolean allowPickle) {
      this.allowPickle = allowPickle;
      return this;
    }

    /** Loads as this kind instead of detecting it; {@code null} restores detection. */
    public Builder optKind(ModelKind kind) {
      this.kind = kind;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws InvalidInputException naming the field and value at fault
     */
    public ModelOptions build() {
      return new ModelOptions(
          device, dtype, attentionImplementation, trustRemoteCode, allowPickle, kind);
    }
  }
}
