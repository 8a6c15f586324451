package dev.explain4j.tokenize;

/**
 * Conversion between code-point positions (how the tokenizers library and Python count characters)
 * and Java's UTF-16 string indices. They differ after every character outside the Basic
 * Multilingual Plane (most emoji, rare CJK), which Java stores as a surrogate pair.
 */
final class CodePoints {
  private CodePoints() {}

  /**
   * The UTF-16 index of every code-point position of {@code text}: element {@code k} is {@code
   * text.offsetByCodePoints(0, k)}, for {@code k} from 0 to the number of code points inclusive.
   */
  static int[] utf16Indices(String text) {
    int[] out = new int[text.codePointCount(0, text.length()) + 1];
    int k = 0;
    for (int i = 0; i < text.length(); i += Character.charCount(text.codePointAt(i))) {
      out[k++] = i;
    }
    out[k] = text.length();
    return out;
  }

  /** The index of the first unpaired surrogate in {@code text}, or -1 if it is valid Unicode. */
  static int firstUnpairedSurrogate(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
        } else {
          return i;
        }
      } else if (Character.isLowSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }
}
