package dev.explain4j.tokenize;

import java.util.List;

/** Texts that tend to break tokenizer bindings: scripts, emoji, whitespace, lengths. */
final class TrickyTexts {
  private TrickyTexts() {}

  static final String LONG = "The capital of France is Paris; 日本の首都は東京です. 😀 ".repeat(300);

  static final List<String> ALL =
      List.of(
          "",
          "a",
          "Hello, world!",
          "The quick brown fox jumps over the lazy dog.",
          "  leading and trailing spaces  ",
          "multiple     spaces\tand\ttabs\n\nand newlines\r\nand a final newline\n",
          " ",
          "\n",
          "\t\t",
          "日本語のテキストと中文文本，还有标点。",
          "한국어 텍스트",
          "emoji 😀 👍🏽 👍🏿 and a family 👨‍👩‍👧‍👦 and a flag 🏳️‍🌈 🇫🇷",
          "combining: e\u0301 a\u0308 n\u0303 q\u0323\u0307 — precomposed: é ä ñ",
          "Arabic: مرحبا بالعالم",
          "Hebrew: שלום עולם",
          "mixed direction: abc אבג 123 مرحبا def",
          "Mixed: English, русский, Ελληνικά, हिन्दी, ไทย, ქართული",
          "astral: 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𝟘𝟙𝟚 𠀀𠀁 𓀀",
          "zero width\u200bspace, soft\u00adhyphen, no-break\u00a0space, BOM\ufeff",
          "control \u0000 nul \u0007 bell \u001b escape",
          "don't won't I'm you're it's they've , . ? !",
          "Special-looking text: <s> </s> [CLS] [SEP] <|endoftext|> <0x0A> <pad>",
          "code: for (int i = 0; i < n; i++) { x[i] += 1; } // ~`^|\\",
          "numbers 3.14159 1,000,000 -42 1e-9 0x1F",
          "UPPER lower MiXeD ÀÉÎÕÜ àéîõü ß ẞ İ ı",
          LONG);
}
