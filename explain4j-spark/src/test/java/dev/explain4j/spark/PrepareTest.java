package dev.explain4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.explain4j.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The driver side, in local mode with no model: columns, ids, positions and bad input. */
@Tag("spark")
class PrepareTest {
  static SparkSession spark;

  @BeforeAll
  static void start() {
    spark =
        SparkSession.builder()
            .master("local[1]")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.sql.shuffle.partitions", "2")
            .getOrCreate();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  static SparkAttributionOptions.Builder options() {
    return SparkAttributionOptions.builder("unused");
  }

  @Test
  void positionsIdsAndBlankTexts(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("d.jsonl");
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      lines.add("{\"k\": " + (100 + i) + ", \"text\": \"" + (i == 3 ? " " : "t" + i) + "\"}");
    }
    Files.write(data, lines);
    Dataset<Row> all = spark.read().json(data.toString());
    SparkAttributor.Naming api = SparkAttributor.Naming.API;
    assertEquals(5, SparkAttributor.prepare(all.limit(5), options().build(), api).count());
    List<Row> rows =
        SparkAttributor.prepare(all, options().optIdColumn("k").build(), api)
            .orderBy("index")
            .collectAsList();
    assertEquals(20, rows.size());
    assertEquals(RowFactory.create(0L, "100", "t0", null), rows.get(0));
    assertEquals(RowFactory.create(3L, "103", null, null), rows.get(3));
    List<Row> numbered =
        SparkAttributor.prepare(all, options().build(), api).orderBy("index").collectAsList();
    assertEquals("19", numbered.get(19).getString(1));
  }

  @Test
  void missingColumnsAndDuplicateIdsAreOneLine() {
    StructType schema = new StructType().add("id", "string").add("body", "string");
    Dataset<Row> df =
        spark.createDataFrame(
            List.of(RowFactory.create("a", "x"), RowFactory.create("a", "y")), schema);
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class, () -> SparkAttributor.attribute(df, options().build()));
    assertEquals(
        "optTextColumn: no column 'text' in the dataset; its columns are: id, body",
        e.getMessage());
    e =
        assertThrows(
            InvalidInputException.class,
            () ->
                SparkAttributor.attribute(
                    df, options().optTextColumn("body").optTargetColumn("t").build()));
    assertEquals(
        "optTargetColumn: no column 't' in the dataset; its columns are: id, body", e.getMessage());
    e =
        assertThrows(
            InvalidInputException.class,
            () ->
                SparkAttributor.attribute(
                    df, options().optTextColumn("body").optIdColumn("id").build()));
    assertEquals(
        "optIdColumn: id 'a' appears 2 times in column 'id'; ids must be unique", e.getMessage());
  }
}
