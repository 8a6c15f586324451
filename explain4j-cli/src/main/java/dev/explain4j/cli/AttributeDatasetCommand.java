package dev.explain4j.cli;

import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.explain4j.attribution.AttributionJson;
import dev.explain4j.attribution.AttributionOptions;
import dev.explain4j.attribution.ScorePrecision;
import dev.explain4j.cli.DatasetRecords.Record;
import dev.explain4j.render.TokenText;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code explain4j attribute-dataset}: attributes every record of a jsonl, csv or parquet file (or
 * a saved Hugging Face dataset) and appends one JSON line per record to {@code --out}: {@code
 * {"id": ..., "index": ..., "result": <AttributionJson>}}. Re-running with the same {@code --out}
 * skips the records already there, so a killed run resumes. Exit codes: 0 all done, 1 some records
 * failed (listed at the end; the others are written), 2 bad usage or input. With an encoder that
 * has a task head, each record is explained as {@code explain4j classify} does, and {@code result}
 * is the classification (prediction and attribution).
 */
@Command(
    name = "attribute-dataset",
    description = {
      "Attribute every record of a dataset; one JSON line per record in --out.",
      "Resumable: a re-run skips the records already in --out.",
      "An encoder with a task head is explained as classify does (--target-field: the context).",
      "Exit codes: 0 all done, 1 some records failed (listed), 2 bad usage or input."
    })
final class AttributeDatasetCommand implements Callable<Integer> {
  private static final ObjectWriter LINE =
      AttributionJson.MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT);

  @Spec CommandSpec spec;
  @ParentCommand Main main;
  @Mixin ModelArgs modelArgs;

  @Parameters(
      index = "0",
      paramLabel = "DATASET",
      description = "A .jsonl, .csv or .parquet file, or a saved Hugging Face dataset directory.")
  Path dataset;

  @Option(
      names = {"--out", "-o"},
      required = true,
      description =
          "Results file (JSON Lines), appended to and resumed from; with --engine spark, a"
              + " Parquet directory.")
  Path out;

  @Option(names = "--format", description = "jsonl, csv, parquet or hf (default: from DATASET).")
  String format;

  @Option(names = "--text-field", description = "Input text field (default: ${DEFAULT-VALUE}).")
  String textField = "text";

  @Option(
      names = "--target-field",
      description =
          "Forced target field (default: generate); for an encoder with a task head, the"
              + " second segment (a question's context).")
  String targetField;

  @Option(names = "--id-field", description = "Record id field (default: the record's index).")
  String idField;

  @Option(names = "--split", description = "Split of a Hugging Face dataset (default: train).")
  String split;

  @Option(names = "--limit", description = "Only the first N records.")
  Integer limit;

  @Option(
      names = "--batch-size",
      description = "Inputs per attribution call (default: ${DEFAULT-VALUE}).")
  int batchSize = 1;

  @Option(
      names = {"--method", "-a"},
      description = "An Inseq method, listed below (default: ${DEFAULT-VALUE}).")
  String method = "saliency";

  @Option(
      names = "--step-scores",
      split = ",",
      description = "Step scores, comma-separated, listed below.")
  List<String> stepScores = List.of();

  @Option(
      names = "--scores-precision",
      paramLabel = "P",
      description =
          "Store scores as float32 (default), float16 or float8 (Inseq's scores_precision).")
  String scoresPrecision = "float32";

  private ScorePrecision precision = ScorePrecision.FLOAT32;

  @Option(
      names = "--step-score-arg",
      paramLabel = "NAME=VALUE",
      description = "A step score argument with Inseq's name (repeatable), for example top_p=0.9.")
  java.util.Map<String, String> stepScoreArgs = new java.util.LinkedHashMap<>();

  @Option(
      names = "--max-new-tokens",
      description = "Tokens to generate (default: ${DEFAULT-VALUE}).")
  int maxNewTokens = 10;

  @Option(names = "--no-progress", description = "No progress bar, even on a terminal.")
  boolean noProgress;

  @Option(
      names = "--engine",
      description =
          "local (default) or spark: run the job through Spark (needs explain4j-spark and Spark's"
              + " jars on the classpath); --out is then a Parquet directory.")
  String engine = "local";

  @Option(
      names = "--master",
      description = "With --engine spark: local[*] (default), local[N] or spark://HOST:PORT.")
  String master;

  @Option(
      names = "--conf",
      paramLabel = "KEY=VALUE",
      description = "With --engine spark: a Spark property (repeatable).")
  java.util.Map<String, String> sparkConf = new java.util.LinkedHashMap<>();

  @Override
  public Integer call() throws Exception {
    if (batchSize < 1) {
      throw new dev.explain4j.InvalidInputException("--batch-size must be >= 1, got " + batchSize);
    }
    try {
      precision = ScorePrecision.of(scoresPrecision);
    } catch (dev.explain4j.InvalidInputException e) {
      throw new dev.explain4j.InvalidInputException("--scores-precision: " + e.getMessage(), e);
    }
    AttributionOptions.Builder builder =
        AttributionOptions.builder()
            .optMethod(method)
            .optMaxNewTokens(maxNewTokens)
            .optStepScores(stepScores.toArray(String[]::new));
    stepScoreArgs.forEach(
        (name, value) -> builder.optStepScoreArg(name, AttributeCommand.literal(value)));
    AttributionOptions options = builder.build();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!engine.equals("local")) {
      return OtherEngine.run(this, options, precision, out, err);
    }
    if (master != null || !sparkConf.isEmpty()) {
      throw new dev.explain4j.InvalidInputException(
          (master != null ? "--master" : "--conf") + " needs --engine spark");
    }
    List<String> failures;
    int written = 0;
    int skipped = 0;
    DatasetRecords data =
        DatasetRecords.read(
            main.backend(), dataset, format, split, limit, textField, targetField, idField);
    try (ResultLog log = ResultLog.open(this.out)) {
      failures = new ArrayList<>(data.unreadable());
      for (String f : data.unreadable()) {
        err.println("explain4j attribute-dataset: skipping " + TokenText.visible(f));
      }
      List<Record> todo = new ArrayList<>();
      for (Record r : data.records()) {
        if (log.contains(r.id())) {
          skipped++;
        } else {
          todo.add(r);
        }
      }
      if (log.truncatedBytes() > 0) {
        err.println(
            "explain4j attribute-dataset: dropped a partial last line of "
                + TokenText.visible(this.out.toString())
                + " (an interrupted run); redoing its record");
      }
      if (!todo.isEmpty()) {
        try (CliBackend.LoadedModel attributor = modelArgs.load(spec, main.backend())) {
          Progress bar =
              new Progress(err, !noProgress && Progress.terminal(), "records", todo.size());
          try {
            for (int i = 0; i < todo.size(); i += batchSize) {
              List<Record> batch = todo.subList(i, Math.min(todo.size(), i + batchSize));
              int failed = failures.size();
              written += run(attributor, batch, options, log, failures);
              for (String f : failures.subList(failed, failures.size())) {
                bar.message("explain4j attribute-dataset: " + f);
              }
              bar.step(batch.size());
            }
          } finally {
            bar.finish();
          }
        }
      }
    }
    out.println(
        "wrote "
            + written
            + " records to "
            + TokenText.visible(this.out.toString())
            + (skipped > 0 ? " (" + skipped + " already there)" : ""));
    out.flush();
    if (!failures.isEmpty()) {
      err.println("explain4j attribute-dataset: " + failures.size() + " records failed:");
      for (String f : failures) {
        err.println("  " + TokenText.visible(f));
      }
      err.flush();
      return Main.FAILURE;
    }
    return Main.OK;
  }

  /** Attributes one batch and appends its lines; a failing batch is retried record by record. */
  private int run(
      CliBackend.LoadedModel attributor,
      List<Record> batch,
      AttributionOptions options,
      ResultLog log,
      List<String> failures)
      throws Exception {
    List<? extends AutoCloseable> results;
    try {
      List<String> inputs = batch.stream().map(Record::text).toList();
      List<String> targets =
          targetField == null ? null : batch.stream().map(Record::target).toList();
      if (attributor.kind() == dev.explain4j.model.ModelKind.ENCODER_ONLY) {
        var classify = dev.explain4j.attribution.ClassifyOptions.builder().optMethod(method);
        results = attributor.classify(inputs, targets, classify.build());
      } else {
        results = attributor.attribute(inputs, targets, options);
      }
    } catch (RuntimeException e) {
      if (batch.size() > 1) {
        int n = 0;
        for (Record r : batch) {
          n += run(attributor, List.of(r), options, log, failures);
        }
        return n;
      }
      String msg = "record " + batch.get(0).index() + " (id " + batch.get(0).id() + "): " + e;
      failures.add(msg);
      return 0;
    }
    try {
      for (int k = 0; k < batch.size(); k++) {
        Record r = batch.get(k);
        log.append(r.id(), line(r, results.get(k), precision));
      }
    } finally {
      for (AutoCloseable c : results) {
        c.close();
      }
    }
    return batch.size();
  }

  /** One line; {@code result} is an attribution, or an encoder's classification. */
  private static String line(Record r, Object result, ScorePrecision precision) throws Exception {
    return "{\"id\":"
        + LINE.writeValueAsString(r.id())
        + ",\"index\":"
        + r.index()
        + ",\"result\":"
        + LINE.withAttribute(ScorePrecision.class, precision).writeValueAsString(result)
        + "}";
  }
}
