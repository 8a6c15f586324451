package dev.explain4j.model;

import dev.explain4j.InvalidInputException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A model's submodule names and glob matching over them. In a pattern, {@code *} matches within one
 * dotted segment, {@code **} matches any number of whole segments, and {@code ?} one character
 * other than a dot; anything else is literal. A name without wildcards matches only itself.
 */
final class ModuleNames {
  private static final int SHOWN = 10;

  private final String model;
  private final List<String> names;

  ModuleNames(String model, List<String> names) {
    this.model = model;
    this.names = List.copyOf(names);
  }

  List<String> all() {
    return names;
  }

  /** Names matching the pattern, in the model's order; throws when none match. */
  List<String> resolve(String pattern) {
    if (pattern == null || pattern.isBlank()) {
      throw new InvalidInputException("a module name or pattern is needed for model " + model);
    }
    Pattern regex = toRegex(pattern);
    List<String> hits = names.stream().filter(n -> regex.matcher(n).matches()).toList();
    if (hits.isEmpty()) {
      throw new InvalidInputException(
          "no module of model "
              + model
              + " matches '"
              + pattern
              + "'; modules include "
              + String.join(", ", suggestions(pattern))
              + " ("
              + names.size()
              + " in all; * matches within one dotted segment, ** across segments)");
    }
    return hits;
  }

  static Pattern toRegex(String pattern) {
    StringBuilder re = new StringBuilder();
    String[] segments = pattern.split("\\.", -1);
    for (int i = 0; i < segments.length; i++) {
      String seg = segments[i];
      boolean last = i == segments.length - 1;
      if (seg.equals("**")) {
        re.append(last ? "[^.]+(?:\\.[^.]+)*" : "(?:[^.]+\\.)*");
        continue;
      }
      for (char c : seg.toCharArray()) {
        switch (c) {
          case '*' -> re.append("[^.]*");
          case '?' -> re.append("[^.]");
          default -> re.append(Pattern.quote(String.valueOf(c)));
        }
      }
      if (!last) {
        re.append("\\.");
      }
    }
    return Pattern.compile(re.toString());
  }

  /**
   * Up to ten names sharing the longest literal prefix with the pattern, those as deep as the
   * pattern first; the top-level names when no prefix is shared.
   */
  List<String> suggestions(String pattern) {
    int wild = firstWildcard(pattern);
    String prefix = pattern.substring(0, wild);
    List<String> pool = List.of();
    while (pool.isEmpty() && !prefix.isEmpty()) {
      String p = prefix;
      pool = names.stream().filter(n -> n.startsWith(p)).toList();
      prefix = prefix.substring(0, prefix.length() - 1);
    }
    int depth = pool.isEmpty() ? 1 : pattern.split("\\.", -1).length;
    List<String> sorted = new ArrayList<>(pool.isEmpty() ? names : pool);
    sorted.sort(Comparator.comparingInt(n -> Math.abs(n.split("\\.", -1).length - depth)));
    return sorted.subList(0, Math.min(SHOWN, sorted.size()));
  }

  private static int firstWildcard(String pattern) {
    for (int i = 0; i < pattern.length(); i++) {
      if (pattern.charAt(i) == '*' || pattern.charAt(i) == '?') {
        return i;
      }
    }
    return pattern.length();
  }
}
