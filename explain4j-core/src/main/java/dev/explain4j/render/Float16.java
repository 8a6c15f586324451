package dev.explain4j.render;

/**
 * IEEE 754 half precision (binary16) conversion, round to nearest even. Half keeps about three
 * significant digits down to 6e-5 and subnormals down to 6e-8, which suits attention weights of
 * long sequences (around 1/T each) far better than 8-bit linear quantisation.
 */
final class Float16 {
  private Float16() {}

  /** The half nearest to {@code f} (ties to even); overflow gives infinity, NaN stays NaN. */
  static short fromFloat(float f) {
    int bits = Float.floatToRawIntBits(f);
    int sign = bits >>> 16 & 0x8000;
    int exp = bits >>> 23 & 0xff;
    int mant = bits & 0x7fffff;
    if (exp == 0xff) {
      return (short) (sign | 0x7c00 | (mant != 0 ? 0x200 : 0));
    }
    int e = exp - 127 + 15;
    if (e >= 0x1f) {
      return (short) (sign | 0x7c00);
    }
    if (e <= 0) {
      int shift = 126 - exp;
      if (shift > 24) {
        return (short) sign;
      }
      return (short) (sign | roundShift(mant | 0x800000, shift));
    }
    // Adding the rounded mantissa carries into the exponent when it overflows, as it should.
    return (short) (sign | ((e << 10) + roundShift(mant, 13)));
  }

  /** The float equal to a half. */
  static float toFloat(short h) {
    int bits = h & 0xffff;
    int sign = (bits & 0x8000) << 16;
    int exp = bits >>> 10 & 0x1f;
    int mant = bits & 0x3ff;
    if (exp == 0) {
      float v = mant * 0x1p-24f;
      return sign == 0 ? v : -v;
    }
    if (exp == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | mant << 13);
    }
    return Float.intBitsToFloat(sign | (exp - 15 + 127) << 23 | mant << 13);
  }

  /** {@code value >> shift}, rounded to nearest, ties to even. */
  private static int roundShift(int value, int shift) {
    int q = value >>> shift;
    int rem = value & ((1 << shift) - 1);
    int half = 1 << (shift - 1);
    if (rem > half || rem == half && (q & 1) == 1) {
      q++;
    }
    return q;
  }
}
