package dev.explain4j.spark;

import dev.explain4j.InvalidInputException;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** The Parquet directory results are appended to, and the ids it already holds. */
final class OutputDir {
  private OutputDir() {}

  /**
   * The ids already written to {@code output}, or null when it does not exist or holds no data yet.
   *
   * @throws InvalidInputException when it exists but is not a results directory
   */
  static Dataset<Row> ids(SparkSession spark, String output) {
    Path path = new Path(output);
    Dataset<Row> existing;
    try {
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(path)) {
        return null;
      }
      if (!fs.getFileStatus(path).isDirectory()) {
        throw new InvalidInputException(
            output + " is a file; give a directory for the results (Parquet, written by Spark)");
      }
      String[] files =
          Arrays.stream(fs.listStatus(path))
              .map(st -> st.getPath().toString())
              .filter(f -> f.endsWith(".parquet"))
              .toArray(String[]::new);
      if (files.length == 0) {
        return null;
      }
      // The files there now, not the directory: the ids must not change when this run appends.
      try {
        existing = spark.read().parquet(files);
      } catch (RuntimeException e) {
        throw new InvalidInputException(
            output + " is not a results directory written by explain4j: " + e.getMessage(), e);
      }
    } catch (IOException e) {
      throw new InvalidInputException("cannot read the results directory " + output + ": " + e, e);
    }
    List<String> columns = Arrays.asList(existing.columns());
    if (!columns.contains("id") || !columns.contains("result")) {
      throw new InvalidInputException(
          output + " is not a results directory written by explain4j (no id and result columns)");
    }
    return existing.select("id").distinct();
  }
}
