package dev.explain4j.attribution;

import dev.explain4j.InvalidInputException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Arrays;
import java.util.Locale;
import org.apache.arrow.memory.util.Float16;

/**
 * How precisely saved scores are stored, as Inseq's {@code scores_precision}: {@code float32} (no
 * rounding, the default), {@code float16} (IEEE binary16, about three significant digits) or {@code
 * float8} (Inseq's {@code torch.float8_e4m3fn}: 4 exponent bits, 3 mantissa bits, largest 448, no
 * infinities; magnitudes above 448 become 448 as torch's cast makes them, and magnitudes below
 * 2<sup>-10</sup> become 0). Rounding is to the nearest value, ties to even; NaN stays NaN.
 *
 * <p>Worst error of one stored value {@code x}: float16, {@code |x| * 2^-11} for {@code |x| >=
 * 2^-14} and {@code 2^-25} below; float8, {@code |x| * 2^-4} for {@code 2^-6 <= |x| <= 448} and
 * {@code 2^-10} below ({@link #maxError(float)}).
 */
public enum ScorePrecision {
  FLOAT32("float32"),
  FLOAT16("float16"),
  FLOAT8("float8");

  /** The 127 finite non-negative float8 e4m3fn values, by code (0 to 126), ascending. */
  private static final float[] E4M3 = new float[127];

  static {
    for (int code = 0; code < 127; code++) {
      int exp = code >>> 3;
      int mant = code & 7;
      E4M3[code] = exp == 0 ? mant * 0x1p-9f : (1 + mant / 8f) * (float) Math.scalb(1.0, exp - 7);
    }
  }

  private final String inseqName;

  ScorePrecision(String inseqName) {
    this.inseqName = inseqName;
  }

  /** Inseq's name: {@code float32}, {@code float16} or {@code float8}. */
  public String inseqName() {
    return inseqName;
  }

  /**
   * The precision with Inseq's name.
   *
   * @throws InvalidInputException naming the value and the accepted ones
   */
  public static ScorePrecision of(String name) {
    for (ScorePrecision p : values()) {
      if (p.inseqName.equals(name == null ? null : name.toLowerCase(Locale.ROOT))) {
        return p;
      }
    }
    throw new InvalidInputException(
        "unknown scores precision '" + name + "'; use one of float32, float16, float8");
  }

  /** {@code x} as this precision stores it. */
  public float round(float x) {
    return switch (this) {
      case FLOAT32 -> x;
      case FLOAT16 -> Float16.toFloat(Float16.toFloat16(x));
      case FLOAT8 -> Float.isNaN(x) ? x : fromFloat8(toFloat8(x));
    };
  }

  /** The largest difference between {@code x} and {@link #round(float) round(x)}. */
  public double maxError(float x) {
    double a = Math.abs(x);
    return switch (this) {
      case FLOAT32 -> 0;
      case FLOAT16 -> a >= 0x1p-14 ? a * 0x1p-11 : 0x1p-25;
      case FLOAT8 -> a > 448 ? a - 448 : a >= 0x1p-6 ? a * 0x1p-4 : 0x1p-10;
    };
  }

  /** The float8 e4m3fn code of {@code x}: nearest, ties to even, saturating at 448. */
  static byte toFloat8(float x) {
    int sign = Float.floatToRawIntBits(x) < 0 ? 0x80 : 0;
    if (Float.isNaN(x)) {
      return (byte) 0x7f;
    }
    float a = Math.abs(x);
    int i = Arrays.binarySearch(E4M3, a);
    int code;
    if (i >= 0) {
      code = i;
    } else {
      int hi = -i - 1;
      if (hi >= E4M3.length) {
        code = E4M3.length - 1;
      } else {
        int lo = hi - 1;
        float dLo = a - E4M3[lo];
        float dHi = E4M3[hi] - a;
        code = dLo < dHi ? lo : dHi < dLo ? hi : (lo % 2 == 0 ? lo : hi);
      }
    }
    return (byte) (sign | code);
  }

  /** How many finite scores of {@code r} (granular and step scores) exceed 448 in magnitude. */
  static long beyondFloat8(AttributionResult r) {
    long n = 0;
    for (ScoreArray a : new ScoreArray[] {r.source(), r.target()}) {
      if (a != null) {
        java.nio.FloatBuffer v = a.values();
        while (v.hasRemaining()) {
          n += Math.abs(v.get()) > 448 ? 1 : 0;
        }
      }
    }
    for (float[] s : r.stepScores().values()) {
      for (float x : s) {
        n += Math.abs(x) > 448 ? 1 : 0;
      }
    }
    return n;
  }

  /**
   * The float8 e4m3fn code of {@code x} as an unsigned byte (what a {@code uint8} column holds).
   */
  public static int float8Code(float x) {
    return toFloat8(x) & 0xff;
  }

  /** The value of a float8 e4m3fn code. */
  static float fromFloat8(byte b) {
    int code = b & 0x7f;
    if (code == 0x7f) {
      return Float.NaN;
    }
    return (b & 0x80) != 0 ? -E4M3[code] : E4M3[code];
  }

  /**
   * The shortest decimal text that is within {@link #maxError(float)} of {@code x}, within the
   * precision's range, and reads back (as a float, then rounded to this precision) as {@link
   * #round(float) round(x)}; for float32, Java's own shortest text. Finite {@code x} only.
   */
  public String decimal(float x) {
    float q = round(x);
    if (this == FLOAT32 || q == 0 || Float.isInfinite(q)) {
      return Float.toString(q);
    }
    BigDecimal exact = new BigDecimal(q);
    for (int digits = 1; digits < 9; digits++) {
      String s = exact.round(new MathContext(digits)).stripTrailingZeros().toString();
      float read = Float.parseFloat(s);
      if (Float.floatToIntBits(round(read)) == Float.floatToIntBits(q)
          && Math.abs((double) read - x) <= maxError(x)
          && Math.abs(read) <= (this == FLOAT8 ? 448 : 65504)) {
        return s;
      }
    }
    return Float.toString(q);
  }
}
