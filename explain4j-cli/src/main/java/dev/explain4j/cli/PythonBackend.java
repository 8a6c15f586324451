package dev.explain4j.cli;

import dev.explain4j.Doctor;
import dev.explain4j.Parquet;
import dev.explain4j.attribution.AttributionOptions;
import dev.explain4j.attribution.AttributionResult;
import dev.explain4j.attribution.Attributor;
import dev.explain4j.data.DatasetFile;
import dev.explain4j.model.Model;
import dev.explain4j.model.ModelInfo;
import dev.explain4j.model.ModelOptions;
import java.nio.file.Path;
import java.util.List;

/** The real {@link CliBackend}: explain4j's public API in the embedded Python runtime. */
final class PythonBackend implements CliBackend {
  @Override
  public Doctor.Report doctor() {
    return Doctor.report();
  }

  @Override
  public LoadedModel load(String pathOrHubId, ModelOptions options) {
    Model model = Model.load(pathOrHubId, options);
    Attributor attributor = new Attributor(model);
    return new LoadedModel() {
      @Override
      public ModelInfo info() {
        return model.info();
      }

      @Override
      public List<String> warnings() {
        return model.warnings();
      }

      @Override
      public List<AttributionResult> attribute(
          List<String> inputs, List<String> targets, AttributionOptions o) {
        return attributor.attribute(inputs, targets, o);
      }

      @Override
      public Model model() {
        return model;
      }

      @Override
      public void close() {
        model.close();
      }
    };
  }

  @Override
  public void arrowToParquet(Path arrowFile, Path parquetFile) {
    Parquet.fromArrow(arrowFile, parquetFile);
  }

  @Override
  public DatasetFile readDataset(Path path, String format, String split, Integer limit) {
    return DatasetFile.read(path, format, split, limit);
  }
}
