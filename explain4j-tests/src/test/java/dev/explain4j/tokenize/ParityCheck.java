package dev.explain4j.tokenize;

import static org.junit.jupiter.api.Assertions.fail;

import dev.explain4j.runtime.PythonRuntime;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Compares the Java tokenizer with transformers on a list of texts and records every difference:
 * ids, raw tokens, special-token mask, spans (Python's code-point offsets converted to Java indices
 * with {@code offsetByCodePoints}, independently of the implementation), both decodings, the
 * vocabulary size and, for byte-level tokenizers, the text rebuilt from the tokens' bytes and from
 * the display tokens.
 */
final class ParityCheck {
  private final List<String> differences = new ArrayList<>();
  private final Path dir;
  private int wholeCharacterTexts;

  private ParityCheck(Path dir) {
    this.dir = dir;
  }

  static ParityCheck withSpecialTokens(PythonRuntime py, Path dir, List<String> texts) {
    return run(py, dir, texts, TokenizerOptions.defaults());
  }

  static ParityCheck withoutSpecialTokens(PythonRuntime py, Path dir, List<String> texts) {
    return run(py, dir, texts, TokenizerOptions.builder().addSpecialTokens(false).build());
  }

  static ParityCheck run(PythonRuntime py, Path dir, List<String> texts, TokenizerOptions options) {
    ParityCheck check = new ParityCheck(dir);
    String path = dir.toAbsolutePath().toString();
    List<?> expected =
        (List<?>)
            py.call("explain4j.tokenizing.encode_many", path, texts, options.addSpecialTokens());
    try (Tokenizer t = Tokenizer.open(dir, options)) {
      long size = ((Number) py.call("explain4j.tokenizing.vocabulary_size", path)).longValue();
      check.same("vocabulary size", size, (long) t.vocabularySize());
      for (int i = 0; i < texts.size(); i++) {
        check.compare(t, texts.get(i), (Map<?, ?>) expected.get(i));
      }
    }
    return check;
  }

  private void compare(Tokenizer t, String text, Map<?, ?> py) {
    String what = shorten(text);
    Encoding e = t.encode(text);
    same(
        what + ": code points seen by Python",
        (long) text.codePointCount(0, text.length()),
        py.get("code_points"));
    long[] ids = longs(py.get("ids"));
    if (!same(what + ": ids", Arrays.toString(ids), Arrays.toString(e.ids()))) {
      return;
    }
    same(what + ": tokens", py.get("tokens"), List.of(e.tokens()));
    List<?> offsets = (List<?>) py.get("offsets");
    long[] mask = longs(py.get("special_mask"));
    for (int k = 0; k < e.size(); k++) {
      same(what + ": special mask of token " + k, mask[k] != 0, e.isSpecial(k));
      long[] o = longs(offsets.get(k));
      if (e.hasSpan(k)) {
        int start = text.offsetByCodePoints(0, (int) o[0]);
        int end = text.offsetByCodePoints(start, (int) (o[1] - o[0]));
        same(
            what + ": span of token " + k + " " + e.token(k),
            text.substring(start, end),
            e.spanText(k));
        same(what + ": start of token " + k, (long) start, (long) e.start(k));
        same(what + ": end of token " + k, (long) end, (long) e.end(k));
      } else {
        same(what + ": token " + k + " without a span is special", true, mask[k] != 0);
      }
    }
    same(what + ": decode", py.get("decoded"), t.decode(ids, false));
    same(what + ": decode skipping special", py.get("decoded_skip_special"), t.decode(ids, true));
    if (t.options().addSpecialTokens() && isByteLevel(t)) {
      checkByteLevel(t, e, (String) py.get("decoded_skip_special"));
    }
  }

  private void checkByteLevel(Tokenizer t, Encoding e, String decoded) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    StringBuilder shown = new StringBuilder();
    boolean whole = true;
    for (int k = 0; k < e.size(); k++) {
      if (!e.isSpecial(k) && !t.isSpecialToken(e.id(k))) {
        bytes.writeBytes(ByteLevelAlphabet.bytesOf(e.token(k)));
        shown.append(e.displayToken(k));
        whole &= !e.displayToken(k).matches("(?s).*<0x[0-9A-F]{2}>.*");
      }
    }
    String what = shorten(e.text());
    same(what + ": text from token bytes", decoded, bytes.toString(StandardCharsets.UTF_8));
    if (whole) {
      wholeCharacterTexts++;
      same(what + ": joined display tokens", decoded, shown.toString());
    }
  }

  private static boolean isByteLevel(Tokenizer t) {
    return " ".equals(t.displayToken(idOf(t, "Ġ")));
  }

  private static long idOf(Tokenizer t, String token) {
    for (long id = 0; id < t.vocabularySize(); id++) {
      if (token.equals(t.token(id))) {
        return id;
      }
    }
    return -1;
  }

  private boolean same(String what, Object expected, Object actual) {
    if (!String.valueOf(expected).equals(String.valueOf(actual))) {
      differences.add(
          what
              + "\n    python: "
              + shorten(String.valueOf(expected))
              + "\n    java:   "
              + shorten(String.valueOf(actual)));
      return false;
    }
    return true;
  }

  int wholeCharacterTexts() {
    return wholeCharacterTexts;
  }

  void assertNoDifferences() {
    if (!differences.isEmpty()) {
      fail(
          differences.size()
              + " differences for "
              + dir
              + ":\n"
              + String.join("\n", differences.subList(0, Math.min(40, differences.size()))));
    }
  }

  private static long[] longs(Object list) {
    return ((List<?>) list).stream().mapToLong(o -> ((Number) o).longValue()).toArray();
  }

  private static String shorten(String s) {
    String escaped = s.replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r");
    return escaped.length() > 120
        ? escaped.substring(0, 120) + "…(" + s.length() + " chars)"
        : escaped;
  }
}
