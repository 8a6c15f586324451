package dev.explain4j.spark;

import dev.explain4j.attribution.AttributionOptions;
import dev.explain4j.cli.Main;
import dev.explain4j.data.DatasetEngine.DatasetRun;
import dev.explain4j.model.ModelOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Records per second of {@code attribute-dataset} over the tiny GPT-2: the local engine, then a
 * standalone cluster on 127.0.0.1 with one worker and with two (one core each), all in one run.
 * Each engine is warmed up first (model loaded, executors started), so the figures are the steady
 * rate of a job, its Spark scheduling and Parquet writing included. Prints one JSON line for {@code
 * bench/run} (section {@code spark}). Arguments: records (default 240).
 */
public final class SparkBench {
  private SparkBench() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 600;
    Path dir = Files.createTempDirectory("explain4j-spark-bench");
    Path data = dir.resolve("data.jsonl");
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      lines.add("{\"id\": \"r" + i + "\", \"text\": \"Record number " + i + " says that\"}");
    }
    Files.write(data, lines);
    List<Map<String, Object>> rows = new ArrayList<>();
    String load0 = Files.readString(Path.of("/proc/loadavg")).strip();

    local(data, dir.resolve("warm.jsonl"), 8);
    double localSeconds = local(data, dir.resolve("local.jsonl"), n);
    rows.add(row("local (in-process, 1 torch thread)", 0, n, localSeconds));

    double[] spark = new double[3];
    try (LocalSparkCluster cluster = LocalSparkCluster.start(dir.resolve("cluster"), 1)) {
      for (int workers = 1; workers <= 2; workers++) {
        if (workers == 2) {
          cluster.addWorker();
        }
        SparkSession s = SparkClusterTest.session(cluster.masterUrl());
        try {
          Dataset<Row> all = s.read().json(data.toString());
          warmUp(s, all, dir.resolve("warm-" + workers), workers);
          long t = System.nanoTime();
          DatasetRun run = attribute(all, dir.resolve("out-" + workers));
          spark[workers] = (System.nanoTime() - t) / 1e9;
          if (run.written() != n) {
            throw new IllegalStateException("wrote " + run + " of " + n);
          }
        } finally {
          s.stop();
        }
        rows.add(row("spark standalone, 127.0.0.1", workers, n, spark[workers]));
      }
    }
    String load1 = Files.readString(Path.of("/proc/loadavg")).strip();
    List<String> notes = new ArrayList<>();
    notes.add(
        String.format(
            "two workers / one worker: %.2fx; two workers / local engine: %.2fx",
            spark[1] / spark[2], localSeconds / spark[2]));
    if (spark[1] / spark[2] < 1.5) {
      notes.add(
          String.format(
              "miss: two workers are not 1.5x one worker here: this machine has %d cores and a"
                  + " load average of %s before the run (other jobs), so the second one-core"
                  + " executor runs on cores that are already busy",
              Runtime.getRuntime().availableProcessors(), load0.split(" ")[0]));
    }
    notes.add(
        "tiny GPT-2 (tests/fixtures), saliency, 3 new tokens, probability step score, batch 1; each"
            + " worker has one core and one executor (1 GiB heap, OMP_NUM_THREADS=1); warmed up"
            + " first, so executor start and model load (once per executor) are not in the figures");
    notes.add("load average before: " + load0 + "; after: " + load1 + " (/proc/loadavg)");
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("rows", rows);
    out.put("notes", notes);
    System.out.println(ResultsCompare.JSON.writeValueAsString(out));
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    System.exit(0);
  }

  /** Runs small jobs until every executor has attributed (and so loaded the model). */
  private static void warmUp(SparkSession s, Dataset<Row> all, Path dir, int workers) {
    for (int round = 0; round < 10; round++) {
      Path out = dir.resolve("round-" + round);
      attribute(all.limit(16 * workers), out);
      long executors =
          s.read().parquet(out.toString()).select("provenance.executor").distinct().count();
      if (executors >= workers) {
        return;
      }
    }
    throw new IllegalStateException("not every executor attributed in 10 warm-up jobs");
  }

  private static Map<String, Object> row(String engine, int workers, int n, double seconds) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("engine", engine);
    r.put("workers", workers == 0 ? "–" : Integer.toString(workers));
    r.put("records", n);
    r.put("seconds", Math.round(seconds * 100) / 100.0);
    r.put("records/s", Math.round(n / seconds * 100) / 100.0);
    return r;
  }

  private static DatasetRun attribute(Dataset<Row> input, Path out) {
    return SparkAttributor.attributeTo(
        input,
        SparkAttributionOptions.builder(SparkClusterTest.GPT2.toString())
            .optModelOptions(ModelOptions.builder().optDevice("cpu").build())
            .optAttributionOptions(
                AttributionOptions.builder()
                    .optMaxNewTokens(3)
                    .optStepScores("probability")
                    .build())
            .optIdColumn("id")
            .build(),
        out.toString());
  }

  private static double local(Path data, Path out, int limit) {
    StringWriter err = new StringWriter();
    var cl = Main.commandLine();
    cl.setOut(new PrintWriter(new StringWriter(), true));
    cl.setErr(new PrintWriter(err, true));
    long t = System.nanoTime();
    int code =
        cl.execute(
            "attribute-dataset",
            data.toString(),
            "-o",
            out.toString(),
            "-m",
            SparkClusterTest.GPT2.toString(),
            "--device",
            "cpu",
            "--max-new-tokens",
            "3",
            "--step-scores",
            "probability",
            "--id-field",
            "id",
            "--limit",
            Integer.toString(limit));
    if (code != 0) {
      throw new IllegalStateException("local engine failed: " + err);
    }
    return (System.nanoTime() - t) / 1e9;
  }
}
