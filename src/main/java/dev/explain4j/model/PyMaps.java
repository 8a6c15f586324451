package dev.explain4j.model;

import dev.explain4j.Explain4jException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/** Reads typed fields from a map that Python returned, naming the field when one is missing. */
final class PyMaps {
  private final Map<?, ?> map;
  private final String what;

  PyMaps(Object value, String what) {
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

  String string(String key) {
    Object v = map.get(key);
    return v == null ? null : v.toString();
  }

  boolean bool(String key) {
    return Boolean.TRUE.equals(required(key));
  }

  long longValue(String key) {
    return ((Number) required(key)).longValue();
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
    for (Object o : (List<?>) required(key)) {
      out.add(((Number) o).intValue());
    }
    return out;
  }

  List<String> strings(String key) {
    List<String> out = new ArrayList<>();
    for (Object o : (List<?>) required(key)) {
      out.add(String.valueOf(o));
    }
    return out;
  }
}
