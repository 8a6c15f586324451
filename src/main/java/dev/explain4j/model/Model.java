package dev.explain4j.model;

import dev.explain4j.Explain4jException;
import dev.explain4j.InvalidInputException;
import dev.explain4j.runtime.PyHandle;
import dev.explain4j.runtime.PythonRuntime;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
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
  private final PythonRuntime runtime;
  private final PyHandle handle;
  private final ModelInfo info;
  private final ModelConfig config;
  private final ModuleNames modules;
  private final List<String> warnings;
  private final Map<String, HookScope> claims = new HashMap<>();
  private final List<HookScope> scopes = new ArrayList<>();
  private volatile boolean closed;

  private Model(PythonRuntime runtime, PyHandle handle) {
    this.runtime = runtime;
    this.handle = handle;
    try {
      this.info = ModelInfo.fromPython((Map<?, ?>) runtime.call("explain4j.models.info", handle));
      this.config =
          ModelConfig.fromPython((Map<?, ?>) runtime.call("explain4j.models.config_facts", handle));
      List<?> names = (List<?>) runtime.call("explain4j.models.module_names", handle);
      this.modules = new ModuleNames(info.source(), names.stream().map(String::valueOf).toList());
      List<?> noted = (List<?>) runtime.call("explain4j.models.warnings", handle);
      this.warnings = noted.stream().map(String::valueOf).toList();
      warnings.forEach(LOG::warn);
    } catch (RuntimeException e) {
      handle.close();
      throw e;
    }
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
    Objects.requireNonNull(pathOrHubId, "pathOrHubId");
    Objects.requireNonNull(options, "options");
    PythonRuntime runtime = PythonRuntime.shared();
    Map<String, Object> kw = options.toPythonKeywords();
    Object loaded = runtime.callWithKeywords("explain4j.models.load", List.of(pathOrHubId), kw);
    return new Model(runtime, (PyHandle) loaded);
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
    Object r = call("explain4j.generation.generate", List.of(input), options.toPythonKeywords());
    return GenerationResult.fromPython(r, input, false, kind(), options, info);
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
    Object r = call("explain4j.generation.force", List.of(input), kw);
    return GenerationResult.fromPython(r, input, true, kind(), o, info);
  }

  /**
   * One forward pass without gradients over {@code text} (special tokens added as the tokenizer
   * does; encoder-decoder models get only the decoder start). Open hooks capture during it.
   *
   * @throws InvalidInputException if the text is longer than the model's positions
   */
  public ForwardResult forward(String text) {
    Objects.requireNonNull(text, "text");
    Object r = call("explain4j.generation.forward_text", List.of(text), Map.of());
    return ForwardResult.fromPython(r, false, info);
  }

  /** One forward pass without gradients over a whole generated or forced sequence. */
  public ForwardResult forward(GenerationResult sequence) {
    Object r = call("explain4j.generation.forward", List.of(), sequence.toPythonKeywords());
    return ForwardResult.fromPython(r, false, info);
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
    Object r = call("explain4j.generation.backward", List.of(), sequence.toPythonKeywords());
    return ForwardResult.fromPython(r, true, info);
  }

  /** Starts choosing hooks for a {@link HookScope}. */
  public HookScopeBuilder hooks() {
    checkOpen();
    return new HookScopeBuilder(this);
  }

  /**
   * The handle to the Python {@code explain4j.models.LoadedModel}, for code that calls explain4j's
   * Python functions directly. Owned by this model: do not close it.
   */
  public PyHandle pythonHandle() {
    checkOpen();
    return handle;
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
        runtime.call("explain4j.models.release", handle);
      }
    } finally {
      handle.close();
    }
  }

  @Override
  public String toString() {
    return "Model[" + info.source() + ", " + info.architecture() + ", " + info.device() + "]";
  }

  PythonRuntime runtime() {
    return runtime;
  }

  ModuleNames moduleIndex() {
    return modules;
  }

  synchronized HookScope openScope(List<HookSpec> specs) {
    checkOpen();
    for (HookSpec spec : specs) {
      HookScope other = claims.get(spec.conflictKey());
      if (other != null) {
        throw new HookConflictException(
            "module "
                + spec.module()
                + " of model "
                + info.source()
                + " already has an open "
                + spec.direction().pythonName()
                + " hook scope; close it first, or capture both values in one scope");
      }
    }
    List<Object> python = new ArrayList<>();
    specs.forEach(s -> python.add(s.toPython()));
    PyHandle scopeHandle = (PyHandle) runtime.call("explain4j.hooks.open_scope", handle, python);
    HookScope scope = new HookScope(this, scopeHandle, specs);
    specs.forEach(s -> claims.put(s.conflictKey(), scope));
    scopes.add(scope);
    return scope;
  }

  synchronized void forget(HookScope scope) {
    scopes.remove(scope);
    claims.values().removeIf(s -> s == scope);
  }

  private Object call(String function, List<Object> args, Map<String, Object> kwargs) {
    checkOpen();
    List<Object> all = new ArrayList<>();
    all.add(handle);
    all.addAll(args);
    return runtime.callWithKeywords(function, all, kwargs);
  }

  private void checkOpen() {
    if (closed) {
      throw new Explain4jException("model " + info.source() + " is closed");
    }
  }
}
