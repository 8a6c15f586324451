package dev.explain4j.model;

import dev.explain4j.InvalidInputException;
import java.util.Arrays;

/** How a model is built, which decides the transformers class that loads it. */
public enum ModelKind {
  /** A decoder-only language model, loaded with {@code AutoModelForCausalLM} (GPT-2, Llama). */
  DECODER_ONLY("decoder"),
  /** An encoder-decoder model, loaded with {@code AutoModelForSeq2SeqLM} (T5, BART). */
  ENCODER_DECODER("encoder-decoder"),
  /** An encoder-only model, loaded with {@code AutoModel} (BERT); it cannot generate. */
  ENCODER_ONLY("encoder");

  private final String pythonName;

  ModelKind(String pythonName) {
    this.pythonName = pythonName;
  }

  /** The name the Python side uses: {@code decoder}, {@code encoder-decoder} or {@code encoder}. */
  public String pythonName() {
    return pythonName;
  }

  /** True for kinds that can generate text or take a forced target. */
  public boolean isGenerative() {
    return this != ENCODER_ONLY;
  }

  /** The kind with the given Python name. */
  public static ModelKind fromPythonName(String name) {
    return Arrays.stream(values())
        .filter(k -> k.pythonName.equals(name))
        .findFirst()
        .orElseThrow(() -> new InvalidInputException("unknown model kind " + name));
  }
}
