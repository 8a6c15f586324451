package dev.explain4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.explain4j.InvalidInputException;
import dev.explain4j.attribution.AttributionOptions;
import dev.explain4j.cli.Main;
import dev.explain4j.data.DatasetEngine.DatasetRun;
import dev.explain4j.model.ModelOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkConf;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real standalone cluster on 127.0.0.1 (a master, two one-core workers) attributes 200 records of
 * the tiny GPT-2: resumed after a first run of 60, with one executor killed mid-job, then run
 * again; every record's result must equal the local engine's and each id appear once.
 */
@Tag("spark")
@Tag("python")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SparkClusterTest {
  static final Path GPT2 = Path.of("tests/fixtures/tiny-models/gpt2").toAbsolutePath();
  static final int RECORDS = 200;
  @TempDir static Path dir;
  static LocalSparkCluster cluster;
  static SparkSession spark;
  static final KillWatch WATCH = new KillWatch();

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = LocalSparkCluster.start(dir.resolve("cluster"), 2);
  }

  static SparkSession session(String master) {
    SparkConf conf =
        new SparkConf()
            .setMaster(master)
            .setAppName("explain4j SparkClusterTest")
            .set("spark.driver.host", "127.0.0.1")
            .set("spark.driver.bindAddress", "127.0.0.1")
            .set("spark.ui.enabled", "false")
            .set("spark.executor.memory", "1g")
            .set("spark.executor.cores", "1")
            .set("spark.cores.max", "2")
            .set("spark.sql.shuffle.partitions", "8");
    return SparkSession.builder().config(ExecutorSettings.apply(conf, true)).getOrCreate();
  }

  @AfterAll
  static void stopCluster() {
    try {
      if (spark != null) {
        spark.stop();
      }
    } finally {
      if (cluster != null) {
        cluster.close();
      }
    }
  }

  static Path dataset() throws Exception {
    Path data = dir.resolve("data.jsonl");
    if (!Files.exists(data)) {
      List<String> lines = new ArrayList<>();
      String[] words = {"The capital of", "Hello world", "One two three", "A quick brown fox"};
      for (int i = 0; i < RECORDS; i++) {
        Map<String, String> rec =
            Map.of("id", String.format("r%03d", i), "text", words[i % words.length] + " " + i);
        lines.add(ResultsCompare.JSON.writeValueAsString(rec));
      }
      Files.write(data, lines);
    }
    return data;
  }

  static SparkAttributionOptions options(String model) {
    return SparkAttributionOptions.builder(model)
        .optModelOptions(ModelOptions.builder().optDevice("cpu").build())
        .optAttributionOptions(
            AttributionOptions.builder().optMaxNewTokens(3).optStepScores("probability").build())
        .optIdColumn("id")
        .build();
  }

  @Test
  @Order(1)
  void resumesSurvivesAKilledExecutorAndMatchesTheLocalEngine() throws Exception {
    Path data = dataset();
    Path out = dir.resolve("results");

    long t0 = System.nanoTime();
    SparkSession inProcess = session("local[1]");
    try {
      Dataset<Row> first60 = inProcess.read().json(data.toString()).limit(60);
      DatasetRun first =
          SparkAttributor.attributeTo(first60, options(GPT2.toString()), out.toString());
      assertEquals(new DatasetRun(60, 0, List.of()), first);
    } finally {
      inProcess.stop();
    }

    long t1 = System.nanoTime();
    spark = session(cluster.masterUrl());
    WATCH.killer = id -> assertTrue(cluster.killExecutor(id), "no executor " + id);
    spark.sparkContext().addSparkListener(WATCH);
    Dataset<Row> all = spark.read().json(data.toString());
    DatasetRun resumed = SparkAttributor.attributeTo(all, options(GPT2.toString()), out.toString());
    assertEquals(new DatasetRun(RECORDS - 60, 60, List.of()), resumed);
    assertEquals(1, WATCH.killed.get(), "one executor killed while it attributed");
    assertTrue(WATCH.lostTasks.get() >= 1, "no attribution task was lost and retried");

    long t2 = System.nanoTime();
    DatasetRun again = SparkAttributor.attributeTo(all, options(GPT2.toString()), out.toString());
    assertEquals(new DatasetRun(0, RECORDS, List.of()), again);

    long t3 = System.nanoTime();
    Map<String, JsonNode> local = localEngine(data);
    System.err.printf(
        "SparkClusterTest: 60 records in-process %.1f s, 140 on the cluster with a kill %.1f s,"
            + " rerun %.1f s, local engine 200 records %.1f s%n",
        (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9, (System.nanoTime() - t3) / 1e9);
    List<Row> rows = spark.read().parquet(out.toString()).select("id", "result").collectAsList();
    assertEquals(RECORDS, rows.size(), "rows in the output");
    Set<String> ids = new HashSet<>();
    for (Row r : rows) {
      assertTrue(ids.add(r.getString(0)), "id twice: " + r.getString(0));
      JsonNode expected = local.get(r.getString(0));
      ResultsCompare.assertSameResult(
          expected, ResultsCompare.JSON.readTree(r.getString(1)), r.getString(0));
    }
    assertEquals(local.keySet(), ids);
  }

  @Test
  @Order(2)
  void badInputIsOneLine() {
    if (spark == null) {
      spark = session(cluster.masterUrl());
    }
    StructType schema = new StructType().add("id", "string").add("body", "string");
    Dataset<Row> noText = spark.createDataFrame(List.of(RowFactory.create("a", "x")), schema);
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> SparkAttributor.attribute(noText, options(GPT2.toString())));
    assertEquals(
        "optTextColumn: no column 'text' in the dataset; its columns are: id, body",
        e.getMessage());

    StructType s2 = new StructType().add("id", "string").add("text", "string");
    Dataset<Row> twice =
        spark.createDataFrame(
            List.of(
                RowFactory.create("a", "x"),
                RowFactory.create("b", "y"),
                RowFactory.create("a", "z")),
            s2);
    e =
        assertThrows(
            InvalidInputException.class,
            () ->
                SparkAttributor.attributeTo(
                    twice, options(GPT2.toString()), dir.resolve("o2").toString()));
    assertEquals(
        "optIdColumn: id 'a' appears 2 times in column 'id'; ids must be unique", e.getMessage());

    Dataset<Row> ok = spark.createDataFrame(List.of(RowFactory.create("a", "x")), s2);
    String missing = dir.resolve("no-such-model").toString();
    e =
        assertThrows(
            InvalidInputException.class,
            () -> SparkAttributor.attributeTo(ok, options(missing), dir.resolve("o3").toString()));
    String tail = " on 127.0.0.1 cannot read the model at " + missing + " (no such directory)";
    assertTrue(
        e.getMessage().startsWith("executor ") && e.getMessage().endsWith(tail), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }

  /** The local engine over the same file: id to result. */
  static Map<String, JsonNode> localEngine(Path data) throws Exception {
    Path out = dir.resolve("local.jsonl");
    StringWriter err = new StringWriter();
    var cl = Main.commandLine();
    cl.setOut(new PrintWriter(new StringWriter(), true));
    cl.setErr(new PrintWriter(err, true));
    int code =
        cl.execute(
            "attribute-dataset",
            data.toString(),
            "-o",
            out.toString(),
            "-m",
            GPT2.toString(),
            "--device",
            "cpu",
            "--max-new-tokens",
            "3",
            "--step-scores",
            "probability",
            "--id-field",
            "id");
    assertEquals(0, code, err.toString());
    return ResultsCompare.localResults(out);
  }

  /**
   * Kills the executor of the first attribution task to start (while it loads the model, so the
   * task is lost mid-way) and counts the attribution tasks lost.
   */
  static final class KillWatch extends SparkListener {
    volatile java.util.function.Consumer<String> killer;
    final AtomicInteger killed = new AtomicInteger();
    final AtomicInteger lostTasks = new AtomicInteger();
    private final Set<Integer> resultStages = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Override
    public void onJobStart(SparkListenerJobStart job) {
      // the write's result stage (the last one) attributes, after the shuffle by id
      int last = -1;
      for (StageInfo s : scala.jdk.javaapi.CollectionConverters.asJava(job.stageInfos())) {
        if (s.name().contains("SparkAttributor")) {
          last = Math.max(last, s.stageId());
        }
      }
      if (last >= 0) {
        resultStages.add(last);
      }
    }

    @Override
    public void onTaskStart(SparkListenerTaskStart t) {
      if (resultStages.contains(t.stageId()) && killed.compareAndSet(0, 1)) {
        killer.accept(t.taskInfo().executorId());
      }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd t) {
      if (resultStages.contains(t.stageId()) && !t.taskInfo().successful()) {
        lostTasks.incrementAndGet();
      }
    }
  }
}
