package dev.explain4j.tokenize;

import dev.explain4j.Explain4jException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one path from tokens to the labels every view shows: display forms of token ids, and of
 * merged spans of raw tokens, with byte-level, SentencePiece, byte-fallback and WordPiece markers
 * undone by the model's own tokenizer (read in Java from {@code tokenizer.json}, never through
 * Python). Tokenizers are opened once per model directory and kept.
 */
public final class TokenLabels {
  private static final Map<Path, Tokenizer> OPEN = new ConcurrentHashMap<>();

  private TokenLabels() {}

  /**
   * The display form of each id, or {@code fallback} when the directory has no tokenizer the Java
   * side can read.
   */
  public static List<String> display(Path modelDir, List<Long> ids, List<String> fallback) {
    Tokenizer tok = open(modelDir);
    if (tok == null) {
      return fallback;
    }
    List<String> out = new ArrayList<>(ids.size());
    for (long id : ids) {
      out.add(tok.displayToken(id));
    }
    return out;
  }

  /**
   * The display form of each label, where a label is one raw token or several written one after the
   * other (a merged span). When the directory has no tokenizer the Java side can read, the common
   * word markers ({@code Ġ}, {@code ▁}, {@code Ċ}, {@code ##}) become spaces and newlines.
   */
  public static List<String> displayJoined(Path modelDir, List<String> rawLabels) {
    Tokenizer tok = open(modelDir);
    List<String> out = new ArrayList<>(rawLabels.size());
    for (String raw : rawLabels) {
      out.add(tok == null ? withoutMarkers(raw) : tok.displayJoined(raw));
    }
    return out;
  }

  static String withoutMarkers(String raw) {
    return raw.replace('Ġ', ' ').replace('▁', ' ').replace('Ċ', '\n').replace("##", "");
  }

  private static Tokenizer open(Path modelDir) {
    try {
      return OPEN.computeIfAbsent(modelDir.toAbsolutePath().normalize(), Tokenizer::open);
    } catch (Explain4jException e) {
      return null;
    }
  }
}
