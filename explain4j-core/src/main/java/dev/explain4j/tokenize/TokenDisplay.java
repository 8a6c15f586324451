package dev.explain4j.tokenize;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a raw vocabulary token into the text a person should see, undoing the tokenizer's encoding
 * of that token. Which markers are undone comes from {@code tokenizer.json}'s decoder:
 *
 * <ul>
 *   <li>byte-level BPE (GPT-2, Llama 3, SmolLM, Qwen): each character stands for one byte (see
 *       {@link ByteLevelAlphabet}); {@code Ġ} becomes a space, {@code Ċ} a newline, and {@code Ã©}
 *       becomes {@code é};
 *   <li>SentencePiece / Metaspace: the replacement character ({@code ▁}) becomes a space;
 *   <li>byte fallback: a token {@code <0x0A>} becomes the byte it names;
 *   <li>WordPiece: the continuation prefix ({@code ##}) is removed.
 * </ul>
 *
 * <p>A token can hold part of a multi-byte UTF-8 character (byte-level BPE splits rare characters
 * into bytes; byte fallback writes one byte per token). Complete characters are shown as
 * themselves; each byte that does not form a complete, valid character within the token is shown in
 * the {@code <0xE6>} form (upper-case hex), never as a replacement character, so no information is
 * lost. Special tokens and added tokens are shown as they are written.
 */
final class TokenDisplay {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();
  private static final Pattern FALLBACK_RUN = Pattern.compile("(?:<0x[0-9A-Fa-f]{2}>)+");
  private final boolean byteLevel;
  private final String metaspace;
  private final boolean byteFallback;
  private final String wordPiecePrefix;

  TokenDisplay(boolean byteLevel, String metaspace, boolean byteFallback, String wordPiecePrefix) {
    this.byteLevel = byteLevel;
    this.metaspace = metaspace == null || metaspace.isEmpty() ? null : metaspace;
    this.byteFallback = byteFallback;
    this.wordPiecePrefix =
        wordPiecePrefix == null || wordPiecePrefix.isEmpty() ? null : wordPiecePrefix;
  }

  /** Reads the decoding style from a parsed {@code tokenizer.json}. */
  static TokenDisplay fromTokenizerJson(JsonNode root) {
    List<JsonNode> decoders = new ArrayList<>();
    flatten(root.path("decoder"), decoders);
    boolean byteLevel = false;
    boolean byteFallback = root.path("model").path("byte_fallback").asBoolean(false);
    String metaspace = null;
    String prefix = null;
    for (JsonNode d : decoders) {
      switch (d.path("type").asText("")) {
        case "ByteLevel" -> byteLevel = true;
        case "ByteFallback" -> byteFallback = true;
        case "Metaspace" -> metaspace = d.path("replacement").asText("\u2581");
        case "Replace" -> {
          String pattern = d.path("pattern").path("String").asText("");
          if (" ".equals(d.path("content").asText()) && !pattern.isEmpty()) {
            metaspace = pattern;
          }
        }
        case "WordPiece" -> prefix = d.path("prefix").asText("##");
        default -> {}
      }
    }
    if (decoders.isEmpty()) {
      byteLevel = "ByteLevel".equals(root.path("pre_tokenizer").path("type").asText());
      if ("WordPiece".equals(root.path("model").path("type").asText())) {
        prefix = root.path("model").path("continuing_subword_prefix").asText("##");
      }
    }
    return new TokenDisplay(byteLevel, metaspace, byteFallback, prefix);
  }

  private static void flatten(JsonNode decoder, List<JsonNode> out) {
    if (decoder == null || decoder.isMissingNode() || decoder.isNull()) {
      return;
    }
    if ("Sequence".equals(decoder.path("type").asText())) {
      decoder.path("decoders").forEach(d -> flatten(d, out));
    } else {
      out.add(decoder);
    }
  }

  /**
   * The display form of one token.
   *
   * @param token the raw vocabulary token
   * @param verbatim true for special and added tokens, which are shown as written
   */
  String display(String token, boolean verbatim) {
    if (byteFallback) {
      int b = fallbackByte(token);
      if (b >= 0) {
        return utf8OrHex(new byte[] {(byte) b});
      }
    }
    if (verbatim) {
      return token;
    }
    if (byteLevel) {
      return utf8OrHex(ByteLevelAlphabet.bytesOf(token));
    }
    String s = token;
    if (wordPiecePrefix != null
        && s.startsWith(wordPiecePrefix)
        && s.length() > wordPiecePrefix.length()) {
      s = s.substring(wordPiecePrefix.length());
    }
    if (metaspace != null) {
      s = s.replace(metaspace, " ");
    }
    return s;
  }

  /**
   * The display form of several raw tokens written one after the other (a merged span of an
   * attribution): the markers of every token in it are undone, and bytes split over several tokens
   * form their character again.
   */
  String displayJoined(String joined) {
    if (byteLevel) {
      return utf8OrHex(ByteLevelAlphabet.bytesOf(joined));
    }
    if (!byteFallback) {
      return undoMarkers(joined);
    }
    StringBuilder sb = new StringBuilder(joined.length());
    Matcher m = FALLBACK_RUN.matcher(joined);
    int at = 0;
    while (m.find()) {
      sb.append(undoMarkers(joined.substring(at, m.start())));
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      for (int i = m.start(); i < m.end(); i += 6) {
        bytes.write(fallbackByte(joined.substring(i, i + 6)));
      }
      sb.append(utf8OrHex(bytes.toByteArray()));
      at = m.end();
    }
    return sb.append(undoMarkers(joined.substring(at))).toString();
  }

  private String undoMarkers(String s) {
    if (wordPiecePrefix != null) {
      s = s.replace(wordPiecePrefix, "");
    }
    return metaspace == null ? s : s.replace(metaspace, " ");
  }

  /** True if this tokenizer's tokens are byte-level BPE tokens. */
  boolean isByteLevel() {
    return byteLevel;
  }

  /** The byte a byte-fallback token such as {@code <0x0A>} names, or -1. */
  static int fallbackByte(String token) {
    if (token.length() != 6 || !token.startsWith("<0x") || token.charAt(5) != '>') {
      return -1;
    }
    int hi = Character.digit(token.charAt(3), 16);
    int lo = Character.digit(token.charAt(4), 16);
    return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
  }

  /**
   * Decodes UTF-8, writing every byte that is not part of a complete, valid character (truncated
   * sequences, stray continuation bytes, overlong forms, encoded surrogates) as {@code <0xNN>}.
   */
  static String utf8OrHex(byte[] bytes) {
    StringBuilder sb = new StringBuilder(bytes.length);
    int i = 0;
    while (i < bytes.length) {
      int b0 = bytes[i] & 0xFF;
      if (b0 < 0x80) {
        sb.append((char) b0);
        i++;
        continue;
      }
      int len =
          b0 >= 0xC2 && b0 <= 0xDF
              ? 2
              : b0 >= 0xE0 && b0 <= 0xEF ? 3 : b0 >= 0xF0 && b0 <= 0xF4 ? 4 : 0;
      int cp = decode(bytes, i, len);
      if (cp < 0) {
        sb.append("<0x").append(HEX[b0 >> 4]).append(HEX[b0 & 0xF]).append('>');
        i++;
      } else {
        sb.appendCodePoint(cp);
        i += len;
      }
    }
    return sb.toString();
  }

  private static int decode(byte[] bytes, int at, int len) {
    if (len == 0 || at + len > bytes.length) {
      return -1;
    }
    int cp = bytes[at] & (0xFF >> (len + 1));
    for (int k = 1; k < len; k++) {
      int b = bytes[at + k] & 0xFF;
      if ((b & 0xC0) != 0x80) {
        return -1;
      }
      cp = (cp << 6) | (b & 0x3F);
    }
    boolean valid =
        switch (len) {
          case 2 -> cp >= 0x80;
          case 3 -> cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF);
          default -> cp >= 0x10000 && cp <= 0x10FFFF;
        };
    return valid ? cp : -1;
  }
}
