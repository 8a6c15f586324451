package dev.explain4j.tensor;

import dev.explain4j.InvalidInputException;

/**
 * Element types a {@link Tensor} can hold. 16-bit floating-point tensors keep their 16-bit data;
 * {@link Tensor} widens them to {@code float} when it reads them.
 */
public enum DType {
  /** IEEE 754 single precision ({@code torch.float32}). */
  FLOAT32("float32", 4),
  /** IEEE 754 half precision ({@code torch.float16}), read as {@code float}. */
  FLOAT16("float16", 2),
  /** bfloat16 ({@code torch.bfloat16}), the upper half of a float32, read as {@code float}. */
  BFLOAT16("bfloat16", 2),
  /** Signed 64-bit integer ({@code torch.int64}). */
  INT64("int64", 8);

  private final String pythonName;
  private final int byteWidth;

  DType(String pythonName, int byteWidth) {
    this.pythonName = pythonName;
    this.byteWidth = byteWidth;
  }

  /** The dtype's name without the {@code torch.} prefix, for example {@code "bfloat16"}. */
  public String pythonName() {
    return pythonName;
  }

  /** Bytes per element. */
  public int byteWidth() {
    return byteWidth;
  }

  /** True for the types read as {@code float}: FLOAT32, FLOAT16 and BFLOAT16. */
  public boolean isFloatingPoint() {
    return this != INT64;
  }

  /**
   * The dtype with this Python name ({@code "float32"} or {@code "torch.float32"}).
   *
   * @throws InvalidInputException naming the dtype if it is not one of these
   */
  public static DType fromPythonName(String name) {
    String bare = name.startsWith("torch.") ? name.substring("torch.".length()) : name;
    for (DType d : values()) {
      if (d.pythonName.equals(bare)) {
        return d;
      }
    }
    throw new InvalidInputException(
        "unsupported tensor dtype " + name + "; supported: float32, float16, bfloat16, int64");
  }
}
