package dev.explain4j.data;

import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * A way to run {@code attribute-dataset} other than the local one: found on the classpath through
 * {@link ServiceLoader} (the {@code explain4j-spark} module provides {@code spark}), so the CLI
 * names no engine's classes and needs none of their dependencies.
 */
public interface DatasetEngine {
  /** The name given to {@code --engine}. */
  String name();

  /**
   * Runs the job to completion: reads the dataset, attributes every record not already in the
   * output and writes the rest.
   *
   * @throws dev.explain4j.InvalidInputException for bad input, in one line naming the flag, column,
   *     path or host at fault
   */
  DatasetRun run(DatasetJob job);

  /** The engine with this name on the classpath, if any. */
  static Optional<DatasetEngine> find(String name) {
    for (DatasetEngine e : ServiceLoader.load(DatasetEngine.class)) {
      if (e.name().equals(name)) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  /**
   * What a run did.
   *
   * @param written records attributed and written by this run
   * @param skipped records already in the output, not redone
   * @param failures one line per record that failed ({@code "record N (id X): why"}); not written,
   *     so a re-run tries them again
   */
  record DatasetRun(long written, long skipped, List<String> failures) {
    /** Copies the list. */
    public DatasetRun {
      failures = List.copyOf(failures);
    }
  }
}
