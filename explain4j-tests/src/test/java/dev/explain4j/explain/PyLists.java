package dev.explain4j.explain;

import java.util.List;

/** Reads lists that test helpers in Python return. */
final class PyLists {
  private PyLists() {}

  static List<Integer> ints(Object o) {
    return ((List<?>) o).stream().map(v -> ((Number) v).intValue()).toList();
  }
}
