package dev.explain4j.cli;

import dev.explain4j.Doctor;
import dev.explain4j.attribution.AttributionOptions;
import dev.explain4j.attribution.AttributionResult;
import dev.explain4j.attribution.ContextRelianceOptions;
import dev.explain4j.attribution.ContextRelianceResult;
import dev.explain4j.data.DatasetFile;
import dev.explain4j.model.Model;
import dev.explain4j.model.ModelInfo;
import dev.explain4j.model.ModelKind;
import dev.explain4j.model.ModelOptions;
import java.nio.file.Path;
import java.util.List;

/**
 * What the commands need from the engine. {@link PythonBackend} is the real one, over the public
 * API; tests pass a fake one to {@link Main#commandLine(CliBackend)} and run commands with no
 * Python process.
 */
interface CliBackend {
  /** Versions for {@code doctor}. */
  Doctor.Report doctor();

  /** Loads a model; the caller closes it. */
  LoadedModel load(String pathOrHubId, ModelOptions options);

  /** Converts an Arrow IPC file into a Parquet file. */
  void arrowToParquet(Path arrowFile, Path parquetFile);

  /** Reads a dataset file. */
  DatasetFile readDataset(Path path, String format, String split, Integer limit);

  /** A loaded model, as the commands use it. */
  interface LoadedModel extends AutoCloseable {
    /** Provenance of the model. */
    ModelInfo info();

    /** Load warnings, one line each. */
    List<String> warnings();

    /** {@link dev.explain4j.attribution.Attributor#attribute(List, List, AttributionOptions)}. */
    List<AttributionResult> attribute(
        List<String> inputs, List<String> targets, AttributionOptions options);

    /**
     * {@link dev.explain4j.attribution.ContextRelianceAttributor#attribute(String,
     * ContextRelianceOptions)}: context reliance.
     */
    default ContextRelianceResult attributeContext(
        String inputCurrent, ContextRelianceOptions options) {
      return new dev.explain4j.attribution.ContextRelianceAttributor(model())
          .attribute(inputCurrent, options);
    }

    /**
     * {@link dev.explain4j.attribution.ClassifierExplainer#explain(List, List,
     * dev.explain4j.attribution.ClassifyOptions)}.
     */
    default List<dev.explain4j.attribution.Classification> classify(
        List<String> texts, List<String> pairs, dev.explain4j.attribution.ClassifyOptions options) {
      return new dev.explain4j.attribution.ClassifierExplainer(model())
          .explain(texts, pairs, options);
    }

    /**
     * {@link dev.explain4j.citation.ContextAttributor#cite}; fakes without a model need not
     * implement it.
     */
    default dev.explain4j.citation.ContextAttribution cite(
        String context, String question, dev.explain4j.citation.CitationOptions options) {
      return dev.explain4j.citation.ContextAttributor.cite(model(), context, question, options);
    }

    /**
     * {@link dev.explain4j.citation.FaithfulnessEvaluator#evaluate(AttributionResult,
     * dev.explain4j.citation.FaithfulnessOptions)}: token-level faithfulness of a generation.
     */
    default dev.explain4j.citation.TokenFaithfulness faithfulness(
        AttributionResult result, dev.explain4j.citation.FaithfulnessOptions options) {
      return new dev.explain4j.citation.FaithfulnessEvaluator(model()).evaluate(result, options);
    }

    /**
     * {@link dev.explain4j.citation.FaithfulnessEvaluator#evaluate(
     * dev.explain4j.attribution.Classification, dev.explain4j.citation.FaithfulnessOptions)}.
     */
    default dev.explain4j.citation.TokenFaithfulness faithfulness(
        dev.explain4j.attribution.Classification c,
        dev.explain4j.citation.FaithfulnessOptions options) {
      return new dev.explain4j.citation.FaithfulnessEvaluator(model()).evaluate(c, options);
    }

    /** The model itself, for the commands that need all of it ({@code attention}). */
    Model model();

    /** The model's kind. */
    default ModelKind kind() {
      return info().kind();
    }

    @Override
    void close();
  }
}
