package dev.explain4j.explain;

import dev.explain4j.Explain4jHome;
import dev.explain4j.model.GenerationOptions;
import dev.explain4j.model.Model;
import dev.explain4j.model.ModelOptions;
import java.util.Objects;

/**
 * A {@link HeadDescriber} that asks a local model (no network): greedy generation, through the
 * model's chat template when it has one.
 */
public final class LocalModelDescriber implements HeadDescriber, AutoCloseable {
  private final Model model;
  private final boolean owned;
  private final int maxNewTokens;

  private LocalModelDescriber(Model model, boolean owned, int maxNewTokens) {
    if (maxNewTokens < 1) {
      throw new IllegalArgumentException("maxNewTokens must be at least 1, got " + maxNewTokens);
    }
    this.model = Objects.requireNonNull(model, "model");
    this.owned = owned;
    this.maxNewTokens = maxNewTokens;
  }

  /** Describes with an already loaded model, which the caller keeps owning. */
  public static LocalModelDescriber using(Model model, int maxNewTokens) {
    return new LocalModelDescriber(model, false, maxNewTokens);
  }

  /** Loads the default model ({@link Explain4jHome#defaultModelDir()}); close to free it. */
  public static LocalModelDescriber defaultModel() {
    return new LocalModelDescriber(
        Model.load(Explain4jHome.defaultModelDir(), ModelOptions.defaults()), true, 80);
  }

  @Override
  public String describe(String prompt) {
    GenerationOptions options =
        GenerationOptions.builder()
            .optMaxNewTokens(maxNewTokens)
            .optApplyChatTemplate(model.config().hasChatTemplate())
            .build();
    return model.generate(prompt, options).text();
  }

  @Override
  public String name() {
    return "local:" + model.info().source();
  }

  /** Frees the model if this describer loaded it. */
  @Override
  public void close() {
    if (owned) {
      model.close();
    }
  }
}
