package dev.explain4j.internal;

import dev.explain4j.Explain4jException;
import dev.explain4j.runtime.PyHandle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Reads typed fields from a dict that Python returned, naming the field when one is missing or has
 * the wrong type. The only place that casts what Python returns.
 */
final class PyMap {
  private final Map<?, ?> map;
  private final String what;

  PyMap(Object value, String what) {
    if (!(value instanceof Map<?, ?> m)) {
      throw new Explain4jException("Python returned " + value + " for " + what + ", not a map");
    }
    this.map = m;
    this.what = what;
  }

  private Object required(String key) {
    Object v = map.get(key);
    if (v == null) {
      throw new Explain4jException(what + " from Python lacks " + key + ": " + map.keySet());
    }
    return v;
  }

  boolean has(String key) {
    return map.get(key) != null;
  }

  Object raw(String key) {
    return map.get(key);
  }

  String string(String key) {
    Object v = map.get(key);
    return v == null ? null : v.toString();
  }

  boolean bool(String key) {
    return Boolean.TRUE.equals(required(key));
  }

  int intValue(String key) {
    return ((Number) required(key)).intValue();
  }

  long longValue(String key) {
    return ((Number) required(key)).longValue();
  }

  double doubleValue(String key) {
    return ((Number) required(key)).doubleValue();
  }

  double doubleOr(String key, double fallback) {
    return map.get(key) instanceof Number n ? n.doubleValue() : fallback;
  }

  int intOr(String key, int fallback) {
    Object v = map.get(key);
    return v == null ? fallback : ((Number) v).intValue();
  }

  OptionalInt optionalInt(String key) {
    Object v = map.get(key);
    return v == null ? OptionalInt.empty() : OptionalInt.of(((Number) v).intValue());
  }

  OptionalDouble optionalDouble(String key) {
    Object v = map.get(key);
    return v == null ? OptionalDouble.empty() : OptionalDouble.of(((Number) v).doubleValue());
  }

  List<Integer> ints(String key) {
    List<Integer> out = new ArrayList<>();
    for (Object o : list(key)) {
      out.add(((Number) o).intValue());
    }
    return out;
  }

  List<Long> longs(String key) {
    List<Long> out = new ArrayList<>();
    for (Object o : list(key)) {
      out.add(((Number) o).longValue());
    }
    return out;
  }

  List<String> strings(String key) {
    List<String> out = new ArrayList<>();
    for (Object o : list(key)) {
      out.add(String.valueOf(o));
    }
    return out;
  }

  List<?> list(String key) {
    return list(required(key), what + "." + key);
  }

  PyMap map(String key) {
    return new PyMap(required(key), what + "." + key);
  }

  /** Every entry, keys as strings, values as Python returned them (plain Java values). */
  Map<String, Object> entries() {
    Map<String, Object> out = new LinkedHashMap<>();
    map.forEach((k, v) -> out.put(String.valueOf(k), v));
    return out;
  }

  static List<?> list(Object value, String what) {
    if (!(value instanceof List<?> l)) {
      throw new Explain4jException("Python returned " + value + " for " + what + ", not a list");
    }
    return l;
  }

  static List<PyHandle> handles(Object value, String what) {
    List<PyHandle> out = new ArrayList<>();
    for (Object o : list(value, what)) {
      out.add(handle(o, what));
    }
    return out;
  }

  static PyHandle handle(Object value, String what) {
    if (!(value instanceof PyHandle h)) {
      throw new Explain4jException("Python returned " + value + " for " + what + ", not an object");
    }
    return h;
  }

  static float[] floats(Object value, String what) {
    List<?> l = list(value, what);
    float[] out = new float[l.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ((Number) l.get(i)).floatValue();
    }
    return out;
  }
}
