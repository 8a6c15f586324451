package dev.explain4j.spark;

import dev.explain4j.Explain4jException;
import dev.explain4j.InvalidInputException;
import dev.explain4j.model.Model;
import dev.explain4j.model.ModelOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;

/**
 * The one {@link Model} of this executor JVM: loaded by the first task that needs it and reused by
 * every later task (Python runs on one interpreter thread per JVM, so tasks on the same executor
 * take turns). A task asking for another model or options closes the old one first.
 */
final class ExecutorModel {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(ExecutorModel.class);
  private static String loadedKey;
  private static Model loaded;

  private ExecutorModel() {}

  /**
   * The model for {@code source}, loaded once per JVM. With {@code auto} or {@code cuda} devices
   * and a GPU assigned to the task by Spark's resource scheduling, the model goes on that GPU.
   *
   * @throws InvalidInputException naming this executor's host and the path when it cannot read it
   */
  static synchronized Model get(String source, ModelOptions options) {
    ModelOptions resolved = onAssignedGpu(options);
    String key = source + "\n" + resolved;
    if (loaded != null && key.equals(loadedKey)) {
      return loaded;
    }
    checkReadable(source);
    if (loaded != null) {
      loaded.close();
      loaded = null;
      loadedKey = null;
    }
    try {
      loaded = Model.load(source, resolved);
    } catch (InvalidInputException e) {
      throw new InvalidInputException(where() + ": " + e.getMessage(), e);
    } catch (Explain4jException e) {
      throw new Explain4jException(where() + ": " + e.getMessage(), e);
    }
    loadedKey = key;
    LOG.info("{} loaded {} on {}", where(), source, loaded.info().device());
    return loaded;
  }

  /** {@code executor ID on HOST}, for messages. */
  static String where() {
    SparkEnv env = SparkEnv.get();
    if (env == null) {
      return "the driver";
    }
    return "executor " + env.executorId() + " on " + env.blockManager().blockManagerId().host();
  }

  private static void checkReadable(String source) {
    boolean pathLike =
        source.startsWith("/")
            || source.startsWith(".")
            || source.startsWith("~")
            || Files.exists(Path.of(source));
    if (!pathLike) {
      return; // a hub id: the loader says what is wrong with it
    }
    Path dir = Path.of(source);
    String why =
        !Files.exists(dir)
            ? "no such directory"
            : !Files.isDirectory(dir)
                ? "not a directory"
                : !Files.isReadable(dir) || !Files.isExecutable(dir) ? "permission denied" : null;
    if (why != null) {
      throw new InvalidInputException(
          where() + " cannot read the model at " + source + " (" + why + ")");
    }
  }

  private static ModelOptions onAssignedGpu(ModelOptions options) {
    TaskContext task = TaskContext.get();
    return task == null ? options : onGpu(options, task.resourcesJMap());
  }

  /**
   * {@code options} on the first GPU among a task's {@code resources} (Spark's resource scheduling:
   * {@code spark.executor.resource.gpu.amount}), when its device is {@code auto} or {@code cuda};
   * unchanged otherwise.
   */
  static ModelOptions onGpu(ModelOptions options, Map<String, ResourceInformation> resources) {
    String device = Objects.requireNonNull(options.device());
    ResourceInformation gpu = resources.get("gpu");
    if (!(device.equals("auto") || device.equals("cuda"))
        || gpu == null
        || gpu.addresses().length == 0) {
      return options;
    }
    return options.toBuilder().optDevice("cuda:" + gpu.addresses()[0]).build();
  }
}
