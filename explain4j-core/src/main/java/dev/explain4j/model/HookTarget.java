package dev.explain4j.model;

/** What a hook captures from a module: one of its inputs or one of its outputs. */
public enum HookTarget {
  /** An input argument, by position or by name. */
  INPUT,
  /** An output value, by position (0 when the module returns a single tensor). */
  OUTPUT;

  String pythonName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
