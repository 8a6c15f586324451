package dev.explain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.explain4j.model.Model;
import dev.explain4j.runtime.PyHandle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The one boundary between Java and Python: only {@code dev.explain4j.internal} (the facades) and
 * {@code dev.explain4j.runtime} (the interpreter) name Python functions, cast what Python returns
 * or reach the shared runtime; renderers and the CLI see neither package. Scans the main sources.
 */
class BoundaryArchitectureTest {
  /** Every module's main sources (the tests run in the repository root). */
  private static final String SOURCES = System.getProperty("explain4j.boundary.sources", "");

  private static final Path PYTHON = Path.of("python/explain4j");

  /** The layer allowed to talk to Python. */
  private static final List<String> BOUNDARY =
      List.of("dev/explain4j/internal/", "dev/explain4j/runtime/");

  /** Packages that must not reach the runtime or the boundary layer at all. */
  private static final List<String> SEALED = List.of("dev/explain4j/render/", "dev/explain4j/cli/");

  /**
   * Runtime types other packages may name: the public entry points a user sees (a runtime to load a
   * model in, an opaque handle such as {@code Capture.value()}, the Python exception, and the
   * environment's description with the names of its settings, which Spark passes to executors).
   */
  private static final Set<String> PUBLIC_RUNTIME_TYPES =
      Set.of("PythonRuntime", "PyHandle", "PythonException", "PythonEnvironment");

  private static final Pattern CAST =
      Pattern.compile("\\(\\s*(Map|List)\\s*<\\s*\\?\\s*(,\\s*\\?\\s*)?>\\s*\\)");
  private static final Pattern RUNTIME_REF =
      Pattern.compile("dev\\.explain4j\\.runtime\\.(\\*|\\w+)");
  private static final Pattern LITERAL = Pattern.compile("\"explain4j\\.(\\w+)([.:]?)");

  @Test
  void onlyTheBoundaryLayerTalksToPython() {
    Set<String> modules = pythonModules();
    List<String> problems = new ArrayList<>();
    List<Path[]> files = javaFiles();
    assertTrue(
        files.stream().anyMatch(f -> f[1].toString().contains("dev/explain4j/cli/")),
        "the scan must cover the CLI module's sources");
    for (Path[] source : files) {
      Path file = source[1];
      String rel = source[0].relativize(file).toString().replace('\\', '/');
      if (BOUNDARY.stream().anyMatch(rel::startsWith)) {
        continue;
      }
      String code = code(read(file));
      boolean sealed = SEALED.stream().anyMatch(rel::startsWith);
      problems.addAll(violations(rel, code, modules, sealed));
    }
    assertEquals(List.of(), problems, "classes outside the boundary layer that reach Python");
  }

  @Test
  void theRulesCatchWhatTheyShould() {
    Set<String> modules = Set.of("models", "arrow_files");
    String bad =
        "import dev.explain4j.runtime.JepSession;\n"
            + "class X { Object f(PythonRuntime r, Object h) {\n"
            + "  Object a = r.call(\"explain4j.models.info\", h);\n"
            + "  Object b = r.call(\"explain4j.arrow_files\");\n"
            + "  java.util.Map<?, ?> m = (Map<?, ?>) a; java.util.List<?> l = (List<?>) b;\n"
            + "  return PythonRuntime.shared(); } }";
    List<String> found = violations("dev/explain4j/model/X.java", code(bad), modules, false);
    assertEquals(6, found.size(), String.join("\n", found));
    List<String> sealed =
        violations(
            "dev/explain4j/render/Y.java",
            code("import dev.explain4j.internal.PyIo;\nimport dev.explain4j.runtime.PyHandle;"),
            modules,
            true);
    assertEquals(2, sealed.size(), String.join("\n", sealed));
    String fine =
        "/* \"explain4j.models.info\" (Map<?, ?>) */ class Z {\n"
            + "  // (List<?>) \"explain4j.arrow_files.x\"\n"
            + "  String p = \"explain4j.pythonpath\"; String k = \"explain4j.shape\"; }";
    assertEquals(List.of(), violations("dev/explain4j/model/Z.java", code(fine), modules, false));
  }

  @Test
  void modelKeepsItsPythonHandleInternal() {
    for (Method m : Model.class.getMethods()) {
      assertTrue(
          m.getReturnType() != PyHandle.class || !Modifier.isPublic(m.getModifiers()),
          "public " + m);
    }
  }

  static List<String> violations(String rel, String code, Set<String> modules, boolean sealed) {
    List<String> out = new ArrayList<>();
    Matcher lit = LITERAL.matcher(code);
    while (lit.find()) {
      if (!lit.group(2).isEmpty() || modules.contains(lit.group(1))) {
        out.add(rel + ": names a Python function: " + lit.group());
      }
    }
    Matcher cast = CAST.matcher(code);
    while (cast.find()) {
      out.add(rel + ": casts a Python result: " + cast.group());
    }
    if (code.contains("PythonRuntime.shared()")) {
      out.add(rel + ": calls PythonRuntime.shared() (take the runtime from the model or caller)");
    }
    if (sealed && code.contains("dev.explain4j.internal")) {
      out.add(rel + ": depends on the boundary layer dev.explain4j.internal");
    }
    Matcher ref = RUNTIME_REF.matcher(code);
    while (ref.find()) {
      if (sealed || !PUBLIC_RUNTIME_TYPES.contains(ref.group(1))) {
        out.add(rel + ": depends on the runtime: " + ref.group());
      }
    }
    return out;
  }

  /** The Python modules and packages of {@code explain4j}: a literal naming one names Python. */
  private static Set<String> pythonModules() {
    Set<String> out = new TreeSet<>();
    try (Stream<Path> s = Files.list(PYTHON)) {
      s.map(p -> p.getFileName().toString())
          .filter(n -> !n.startsWith("__"))
          .map(n -> n.endsWith(".py") ? n.substring(0, n.length() - 3) : n)
          .forEach(out::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertTrue(out.containsAll(Arrays.asList("models", "generation", "hooks")), out.toString());
    return out;
  }

  /** Source without comments (strings kept). */
  static String code(String source) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    int n = source.length();
    while (i < n) {
      char c = source.charAt(i);
      if (c == '"' || c == '\'') {
        int j = i + 1;
        while (j < n && source.charAt(j) != c) {
          j += source.charAt(j) == '\\' ? 2 : 1;
        }
        out.append(source, i, Math.min(n, j + 1));
        i = j + 1;
      } else if (source.startsWith("//", i)) {
        int j = source.indexOf('\n', i);
        i = j < 0 ? n : j;
      } else if (source.startsWith("/*", i)) {
        int j = source.indexOf("*/", i + 2);
        i = j < 0 ? n : j + 2;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  /** Pairs of (source root, Java file) over every module's {@code src/main/java}. */
  private static List<Path[]> javaFiles() {
    List<Path> roots = new ArrayList<>();
    if (!SOURCES.isEmpty()) {
      roots.add(Path.of(SOURCES));
    } else {
      try (Stream<Path> modules = Files.list(Path.of(""))) {
        modules
            .filter(m -> m.getFileName().toString().startsWith("explain4j-"))
            .map(m -> m.resolve("src/main/java"))
            .filter(Files::isDirectory)
            .sorted()
            .forEach(roots::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    List<Path[]> files = new ArrayList<>();
    for (Path root : roots) {
      try (Stream<Path> s = Files.walk(root)) {
        s.filter(p -> p.toString().endsWith(".java"))
            .sorted()
            .forEach(p -> files.add(new Path[] {root, p}));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return files;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
