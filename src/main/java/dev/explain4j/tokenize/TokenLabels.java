package dev.explain4j.tokenize;

import dev.explain4j.Explain4jException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Display forms of token ids for labels (byte-level and SentencePiece markers undone), read with
 * the model's own tokenizer. Tokenizers are opened once per model directory and kept.
 */
public final class TokenLabels {
  private static final Map<Path, Tokenizer> OPEN = new ConcurrentHashMap<>();

  private TokenLabels() {}

  /**
   * The display form of each id, or {@code fallback} when the directory has no tokenizer the Java
   * side can read.
   */
  public static List<String> display(Path modelDir, List<Long> ids, List<String> fallback) {
    Tokenizer tok;
    try {
      tok = OPEN.computeIfAbsent(modelDir.toAbsolutePath().normalize(), Tokenizer::open);
    } catch (Explain4jException e) {
      return fallback;
    }
    List<String> out = new ArrayList<>(ids.size());
    for (long id : ids) {
      out.add(tok.displayToken(id));
    }
    return out;
  }
}
