package dev.explain4j.tokenize;

import ai.djl.engine.EngineException;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import ai.djl.huggingface.tokenizers.jni.LibUtils;
import dev.explain4j.Explain4jException;
import dev.explain4j.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A model's tokenizer, run in Java by DJL's binding of the Hugging Face tokenizers library, giving
 * the ids transformers gives in Python for the same model directory.
 *
 * <p>It is read from the directory's {@code tokenizer.json}, adjusted by {@code
 * tokenizer_config.json} as transformers 5 does (special tokens named there become added tokens).
 * It never pads, and never truncates unless the options ask for it; a text longer than the options'
 * {@code maxLength} is refused with an {@link InvalidInputException}.
 *
 * <p>Each {@link Encoding} carries raw vocabulary tokens and display tokens, the same tokens as
 * readable text. The display form undoes the markers the tokenizer's decoder would undo:
 *
 * <ul>
 *   <li>byte-level BPE (GPT-2, Llama 3, SmolLM, Qwen): {@code Ġ} is a space, {@code Ċ} a newline,
 *       {@code Ã©} is {@code é};
 *   <li>SentencePiece / Metaspace: {@code ▁} is a space (also the one the normaliser put before the
 *       first word; the decoder strips that one, the display form keeps it);
 *   <li>byte fallback: {@code <0x0A>} is a newline;
 *   <li>WordPiece: the {@code ##} continuation prefix is removed (no space is added before the
 *       other tokens; {@link Encoding#spanText(int)} shows where each came from).
 * </ul>
 *
 * <p>A token that holds only part of a multi-byte character (byte-level BPE splits rare characters
 * into bytes; byte fallback writes one byte per token) shows each such byte as {@code <0xE6>}
 * (upper-case hex), never a replacement character; whole characters in the same token are shown as
 * themselves. Special tokens and added tokens are shown as written. For byte-level tokenizers,
 * joining the display tokens of a text's non-special tokens gives what transformers' {@code
 * decode(ids, skip_special_tokens=True)} gives, whenever no character is split across tokens.
 *
 * <p>Thread-safe. Holds native memory until {@link #close()}d.
 */
public final class Tokenizer implements AutoCloseable {
  private final TokenizerFiles files;
  private final TokenizerOptions options;
  private final HuggingFaceTokenizer djl;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final String[] displayCache;
  private boolean closed;

  private Tokenizer(TokenizerFiles files, TokenizerOptions options, HuggingFaceTokenizer djl) {
    this.files = files;
    this.options = options;
    this.djl = djl;
    this.displayCache = new String[files.vocabulary.size()];
  }

  /**
   * Opens the tokenizer of a model directory with the {@linkplain TokenizerOptions#defaults()
   * defaults}.
   */
  public static Tokenizer open(Path modelDir) {
    return open(modelDir, TokenizerOptions.defaults());
  }

  /**
   * Opens the tokenizer of a model directory.
   *
   * @throws InvalidInputException if the directory has no readable {@code tokenizer.json}, or a
   *     tokenizer file is corrupt; the message names the file
   * @throws Explain4jException if DJL's native library cannot be loaded
   */
  public static Tokenizer open(Path modelDir, TokenizerOptions options) {
    Objects.requireNonNull(modelDir, "modelDir");
    Objects.requireNonNull(options, "options");
    TokenizerFiles files = TokenizerFiles.read(modelDir);
    DjlEnvironment.configure();
    try {
      LibUtils.checkStatus();
    } catch (EngineException | LinkageError e) {
      throw new Explain4jException(
          "DJL's native tokenizers library did not load (it needs glibc 2.34 or newer; DJL extracts"
              + " it to "
              + DjlEnvironment.cacheDir()
              + "): "
              + e.getMessage(),
          e);
    }
    Map<String, String> djlOptions = new HashMap<>();
    djlOptions.put("addSpecialTokens", String.valueOf(options.addSpecialTokens()));
    djlOptions.put("padding", "false");
    djlOptions.put("truncation", String.valueOf(options.truncation()));
    int limit = options.maxLength().orElse(Integer.MAX_VALUE);
    djlOptions.put("modelMaxLength", String.valueOf(limit));
    if (options.truncation()) {
      djlOptions.put("maxLength", String.valueOf(limit));
    }
    try {
      return new Tokenizer(
          files,
          options,
          HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(files.pipeline), djlOptions));
    } catch (IOException | RuntimeException e) {
      throw new InvalidInputException(
          "the tokenizers library cannot load " + files.tokenizerJson + ": " + e.getMessage(), e);
    }
  }

  /**
   * Splits a text into tokens.
   *
   * @throws InvalidInputException if the text is not valid Unicode (an unpaired surrogate) or has
   *     more tokens than the options' {@code maxLength} without truncation
   */
  public Encoding encode(String text) {
    Objects.requireNonNull(text, "text");
    int bad = CodePoints.firstUnpairedSurrogate(text);
    if (bad >= 0) {
      throw new InvalidInputException(
          String.format(
              "text has an unpaired surrogate U+%04X at index %d: it is not valid Unicode",
              (int) text.charAt(bad), bad));
    }
    ai.djl.huggingface.tokenizers.Encoding e;
    lock.readLock().lock();
    try {
      checkOpen();
      e = djl.encode(text, options.addSpecialTokens(), false);
    } catch (RuntimeException ex) {
      if (ex instanceof Explain4jException) {
        throw ex;
      }
      throw new Explain4jException("tokenizer " + files.modelDir + " failed to encode: " + ex, ex);
    } finally {
      lock.readLock().unlock();
    }
    int count = e.getIds().length;
    if (count > options.maxLength().orElse(Integer.MAX_VALUE)) {
      int max = options.maxLength().getAsInt();
      throw new InvalidInputException(
          options.truncation()
              ? String.format(
                  "maxLength %d is too small for the tokenizer in %s: the special tokens it adds"
                      + " do not fit, so truncation left %d tokens",
                  max, files.modelDir, count)
              : String.format(
                  "text of %d characters is %d tokens, more than maxLength %d, for the tokenizer in"
                      + " %s; shorten it or set truncation in TokenizerOptions",
                  text.length(), count, max, files.modelDir));
    }
    return toEncoding(text, e);
  }

  private Encoding toEncoding(String text, ai.djl.huggingface.tokenizers.Encoding e) {
    long[] ids = e.getIds();
    String[] tokens = e.getTokens();
    for (int i = 0; i < tokens.length; i++) {
      String vocabToken = files.vocabulary.token(ids[i]);
      tokens[i] = vocabToken != null ? vocabToken : tokens[i];
    }
    CharSpan[] spans = e.getCharTokenSpans();
    long[] specialMask = e.getSpecialTokenMask();
    int n = ids.length;
    int[] utf16 = CodePoints.utf16Indices(text);
    int[] starts = new int[n];
    int[] ends = new int[n];
    boolean[] special = new boolean[n];
    String[] display = new String[n];
    for (int i = 0; i < n; i++) {
      CharSpan s = spans[i];
      if (s == null) {
        starts[i] = Encoding.NO_SPAN;
        ends[i] = Encoding.NO_SPAN;
      } else if (s.getStart() < 0 || s.getEnd() < s.getStart() || s.getEnd() >= utf16.length) {
        throw new Explain4jException(
            "tokenizer "
                + files.modelDir
                + " gave token "
                + i
                + " the span ["
                + s.getStart()
                + ", "
                + s.getEnd()
                + ") outside a text of "
                + (utf16.length - 1)
                + " code points");
      } else {
        starts[i] = utf16[s.getStart()];
        ends[i] = utf16[s.getEnd()];
      }
      special[i] = specialMask[i] != 0;
      display[i] = special[i] ? files.display.display(tokens[i], true) : displayOf(ids[i]);
    }
    return new Encoding(text, ids, tokens, display, starts, ends, special, e.getAttentionMask());
  }

  /**
   * Turns ids back into text, as transformers' {@code decode} does (including its {@code
   * clean_up_tokenization_spaces}, which transformers 5 skips for BPE models).
   *
   * @throws InvalidInputException if an id is not in the vocabulary
   */
  public String decode(long[] ids, boolean skipSpecialTokens) {
    Objects.requireNonNull(ids, "ids");
    for (int i = 0; i < ids.length; i++) {
      if (files.vocabulary.token(ids[i]) == null) {
        throw new InvalidInputException(
            "token id "
                + ids[i]
                + " at index "
                + i
                + " is not in the vocabulary of "
                + files.modelDir
                + " (ids 0 to "
                + (files.vocabulary.size() - 1)
                + ")");
      }
    }
    String text;
    lock.readLock().lock();
    try {
      checkOpen();
      text = djl.decode(ids.clone(), skipSpecialTokens);
    } finally {
      lock.readLock().unlock();
    }
    return files.cleanUpSpaces ? cleanUpSpaces(text) : text;
  }

  /** transformers' {@code clean_up_tokenization}: no space before punctuation and contractions. */
  static String cleanUpSpaces(String text) {
    return text.replace(" .", ".")
        .replace(" ?", "?")
        .replace(" !", "!")
        .replace(" ,", ",")
        .replace(" ' ", "'")
        .replace(" n't", "n't")
        .replace(" 'm", "'m")
        .replace(" 's", "'s")
        .replace(" 've", "'ve")
        .replace(" 're", "'re");
  }

  /** The raw vocabulary token of an id, or null if the id is not in the vocabulary. */
  public String token(long id) {
    return files.vocabulary.token(id);
  }

  /**
   * The readable form of an id's token (as in {@link Encoding#displayTokens()}), or null if the id
   * is not in the vocabulary. Added tokens, special ones included, are shown as written.
   */
  public String displayToken(long id) {
    return files.vocabulary.token(id) == null ? null : displayOf(id);
  }

  /** The display form of raw tokens written one after the other (a merged span). */
  String displayJoined(String rawTokens) {
    return files.display.displayJoined(rawTokens);
  }

  /**
   * Display form of a vocabulary id, computed once (a benign race: every thread computes the same).
   */
  private String displayOf(long id) {
    String shown = displayCache[(int) id];
    if (shown == null) {
      shown = files.display.display(files.vocabulary.token(id), files.vocabulary.isAdded(id));
      displayCache[(int) id] = shown;
    }
    return shown;
  }

  /** True if the id is an added token marked special (skipped by {@code decode(ids, true)}). */
  public boolean isSpecialToken(long id) {
    return files.vocabulary.isSpecial(id);
  }

  /** Number of ids: one more than the largest id, added tokens included. */
  public int vocabularySize() {
    return files.vocabulary.size();
  }

  /**
   * The {@code model_max_length} of {@code tokenizer_config.json}, or empty when it is absent or is
   * transformers' "no limit" value (1e30). Informational: it is not applied.
   */
  public OptionalInt modelMaxLength() {
    return files.modelMaxLength;
  }

  /** The model directory this tokenizer was read from. */
  public Path modelDir() {
    return files.modelDir;
  }

  /** The options this tokenizer encodes with. */
  public TokenizerOptions options() {
    return options;
  }

  private void checkOpen() {
    if (closed) {
      throw new Explain4jException("the tokenizer of " + files.modelDir + " has been closed");
    }
  }

  /** Frees the native tokenizer. Idempotent; waits for encodings in progress. */
  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      if (!closed) {
        closed = true;
        djl.close();
      }
    } finally {
      lock.writeLock().unlock();
    }
  }
}
