package dev.explain4j.runtime;

import dev.explain4j.Explain4jException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Conversions of values crossing between Java and Python. */
final class Values {
  static final String HANDLE_KEY = "__explain4j_handle__";

  private Values() {}

  static Object toPython(Object value) {
    if (value instanceof PyHandle h) {
      if (h.isClosed()) {
        throw new Explain4jException(h + " is closed and cannot be passed to Python");
      }
      return Map.of(HANDLE_KEY, h.id());
    }
    if (value instanceof Map<?, ?> m) {
      return toPythonMap(m);
    }
    if (value instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      for (Object o : l) {
        out.add(toPython(o));
      }
      return out;
    }
    if (value instanceof Integer
        || value instanceof Short
        || value instanceof Byte
        || value instanceof Float) {
      return value instanceof Float f
          ? (Object) f.doubleValue()
          : (Object) ((Number) value).longValue();
    }
    return value;
  }

  static Map<String, Object> toPythonMap(Map<?, ?> m) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : m.entrySet()) {
      out.put(String.valueOf(e.getKey()), toPython(e.getValue()));
    }
    return out;
  }

  /** The ids of every handle descriptor in a raw (not yet converted) Python result. */
  static List<Long> handleIds(Object value) {
    List<Long> ids = new ArrayList<>();
    collectHandleIds(value, ids);
    return ids;
  }

  private static void collectHandleIds(Object value, List<Long> ids) {
    if (value instanceof Map<?, ?> m) {
      if (m.get(HANDLE_KEY) instanceof Number n) {
        ids.add(n.longValue());
        return;
      }
      m.values().forEach(v -> collectHandleIds(v, ids));
    } else if (value instanceof List<?> l) {
      l.forEach(v -> collectHandleIds(v, ids));
    }
  }

  static Object fromPython(Object value, PythonRuntime runtime) {
    if (value instanceof Map<?, ?> m) {
      Object id = m.get(HANDLE_KEY);
      if (id instanceof Number n) {
        return new PyHandle(n.longValue(), String.valueOf(m.get("type")), runtime);
      }
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        out.put(String.valueOf(e.getKey()), fromPython(e.getValue(), runtime));
      }
      return Collections.unmodifiableMap(out);
    }
    if (value instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      for (Object o : l) {
        out.add(fromPython(o, runtime));
      }
      return Collections.unmodifiableList(out);
    }
    return value;
  }
}
