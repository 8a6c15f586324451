package dev.explain4j.tokenize;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The byte-level BPE alphabet (GPT-2 and its descendants): each of the 256 byte values is written
 * as one printable character, so that a vocabulary of strings can hold arbitrary bytes. Printable
 * Latin-1 bytes stand for themselves; the other 68 (control characters, space, {@code 0x7F}–{@code
 * 0xA0}, soft hyphen) are moved to U+0100 and up, in byte order. So a space is {@code Ġ} (U+0120)
 * and a newline is {@code Ċ} (U+010A).
 */
final class ByteLevelAlphabet {
  private static final char[] BYTE_TO_CHAR = new char[256];
  private static final int[] CHAR_TO_BYTE = new int[512];

  static {
    Arrays.fill(CHAR_TO_BYTE, -1);
    int shifted = 0;
    for (int b = 0; b < 256; b++) {
      boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || b >= 0xAE;
      char c = printable ? (char) b : (char) (256 + shifted++);
      BYTE_TO_CHAR[b] = c;
      CHAR_TO_BYTE[c] = b;
    }
  }

  private ByteLevelAlphabet() {}

  /** The character that stands for byte {@code b} (0–255). */
  static char charOf(int b) {
    return BYTE_TO_CHAR[b & 0xFF];
  }

  /** The byte a character stands for, or -1 if it is not in the alphabet. */
  static int byteOf(char c) {
    return c < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[c] : -1;
  }

  /**
   * The bytes a byte-level token stands for. A character outside the alphabet (possible only in
   * hand-edited vocabularies) contributes its own UTF-8 bytes, as the tokenizers library does.
   */
  static byte[] bytesOf(String token) {
    byte[] out = new byte[token.length() * 4];
    int n = 0;
    for (int i = 0; i < token.length(); ) {
      int cp = token.codePointAt(i);
      int b = cp < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[cp] : -1;
      if (b >= 0) {
        out[n++] = (byte) b;
      } else {
        byte[] utf8 = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
        System.arraycopy(utf8, 0, out, n, utf8.length);
        n += utf8.length;
      }
      i += Character.charCount(cp);
    }
    return Arrays.copyOf(out, n);
  }

  /** Writes bytes in the alphabet: the inverse of {@link #bytesOf} for alphabet characters. */
  static String encode(byte[] bytes) {
    StringBuilder sb = new StringBuilder(bytes.length);
    for (byte b : bytes) {
      sb.append(charOf(b));
    }
    return sb.toString();
  }
}
