package dev.explain4j.runtime;

import java.util.ArrayList;
import java.util.List;

/** Typed views of the plain lists {@link PythonRuntime} returns. */
public final class PyValues {
  private PyValues() {}

  /** A Python list of anything, as strings. */
  public static List<String> strings(Object list) {
    List<String> out = new ArrayList<>();
    for (Object x : (List<?>) list) {
      out.add(String.valueOf(x));
    }
    return out;
  }

  /** A Python list of ints, as longs. */
  public static List<Long> longs(Object list) {
    List<Long> out = new ArrayList<>();
    for (Object x : (List<?>) list) {
      out.add(((Number) x).longValue());
    }
    return out;
  }

  /** A Python list of numbers, as floats. */
  public static float[] floats(Object list) {
    List<?> l = (List<?>) list;
    float[] out = new float[l.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ((Number) l.get(i)).floatValue();
    }
    return out;
  }
}
