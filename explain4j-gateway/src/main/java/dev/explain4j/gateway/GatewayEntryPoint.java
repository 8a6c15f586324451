package dev.explain4j.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.explain4j.InvalidInputException;
import dev.explain4j.attention.AttentionCapture;
import dev.explain4j.attention.AttentionMaps;
import dev.explain4j.model.GenerationOptions;
import dev.explain4j.model.Model;
import dev.explain4j.model.ModelOptions;
import dev.explain4j.render.AtomicFiles;
import dev.explain4j.render.AttentionPage;
import dev.explain4j.render.AttentionPageOptions;
import dev.explain4j.render.AttentionView;
import dev.explain4j.render.HeatmapHtml;
import dev.explain4j.render.HeatmapTable;
import dev.explain4j.render.ScoreRow;
import dev.explain4j.render.Theme;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.function.Function;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * The object the Python side calls through py4j. Every method takes the path of an Arrow IPC file
 * holding the numbers (see {@link ArrowIpcFloats}), token lists, and options as a JSON object, and
 * returns HTML, or the path of the file written when the options name one in {@code "out"}.
 *
 * <p>Common options: {@code title}, {@code theme} ({@code "auto"}, {@code "light"}, {@code
 * "dark"}), {@code document} (a complete page instead of a fragment for notebooks), {@code out}.
 * Bad input raises {@link InvalidInputException}, which the Python side turns into {@code
 * explain4j.errors.InvalidInput}. Methods are stateless and may run concurrently.
 */
public final class GatewayEntryPoint {
  /** The version of this gateway's protocol, checked by the Python side. */
  public static final int PROTOCOL = 1;

  /** Creates the entry point. */
  public GatewayEntryPoint() {}

  private static final String VERSION = readVersion();

  /** {@link #PROTOCOL}, so Python can check it talks to a compatible gateway. */
  public int protocol() {
    return PROTOCOL;
  }

  /**
   * The Maven version of this gateway (for example {@code 0.1.0-SNAPSHOT}). The Python package
   * refuses a gateway whose version is not its own.
   *
   * @return the version the build wrote into {@code gateway.properties}
   */
  public String version() {
    return VERSION;
  }

  /**
   * Renders attention as the interactive {@link AttentionPage}.
   *
   * @param arrowIpcPath an Arrow IPC file with a float32 tensor shaped {@code [q,k]}, {@code
   *     [heads,q,k]} or {@code [layers,heads,q,k]}
   * @param queryTokens one per query row
   * @param keyTokens one per key column, or {@code null} when the keys are the query tokens
   * @param optionsJson the common options plus {@code label}, {@code elementId}, {@code layers},
   *     {@code heads} and {@code maxEmbeddedValues} of {@link
   *     dev.explain4j.render.AttentionPageOptions}; {@code null} or {@code "{}"} for defaults
   * @return the HTML, or the path written
   */
  public String attentionHtml(
      String arrowIpcPath, List<String> queryTokens, List<String> keyTokens, String optionsJson) {
    JsonNode options = GatewayOptions.parse(optionsJson);
    String label = GatewayOptions.text(options, "label", "attention");
    return ArrowIpcFloats.read(
        path(arrowIpcPath),
        (int[] shape, FloatBuffer values) -> {
          AttentionMaps maps = AttentionMaps.over(values, shape, queryTokens, keyTokens, label);
          AttentionPage page = AttentionPage.of(List.of(maps), GatewayOptions.page(options));
          return output(options, doc -> doc ? page.document() : page.fragment());
        });
  }

  /**
   * Loads a model, captures its attention over {@code text} (and over the tokens it generates when
   * the options ask for some) and renders it as the interactive {@link AttentionPage}. The model
   * runs in this JVM's embedded Python; it is closed before the method returns.
   *
   * @param model a model directory (or a Hugging Face hub id when the hub is not offline)
   * @param text the prompt
   * @param optionsJson the options of {@link #attentionHtml} (but {@code label}) plus {@code
   *     generate}: how many tokens to generate greedily first (default 0)
   * @return the HTML, or the path written
   */
  public String modelAttentionHtml(String model, String text, String optionsJson) {
    JsonNode options = GatewayOptions.parse(optionsJson);
    if (model == null || model.isBlank()) {
      throw new InvalidInputException("model: a model directory is required");
    }
    if (text == null || text.isEmpty()) {
      throw new InvalidInputException("text: a text to capture attention over is required");
    }
    JsonNode generateNode = options.path("generate");
    if (!generateNode.isMissingNode() && !generateNode.isNull() && !generateNode.canConvertToInt()
        || generateNode.asInt(0) < 0) {
      throw new InvalidInputException(
          "generate must be a whole number, 0 or more, got " + generateNode);
    }
    int generate = generateNode.asInt(0);
    AttentionPageOptions pageOptions = GatewayOptions.page(options);
    try (Model loaded = Model.load(model, ModelOptions.defaults());
        BufferAllocator allocator = new RootAllocator();
        AttentionCapture capture = capture(allocator, loaded, text, generate)) {
      AttentionPage page = AttentionView.attention(capture).page(pageOptions);
      return output(options, doc -> doc ? page.document() : page.fragment());
    }
  }

  private static AttentionCapture capture(
      BufferAllocator allocator, Model model, String text, int generate) {
    if (generate == 0) {
      return AttentionCapture.of(allocator, model, text);
    }
    GenerationOptions g = GenerationOptions.builder().optMaxNewTokens(generate).build();
    return AttentionCapture.of(allocator, model, model.generate(text, g));
  }

  /**
   * Renders an attribution score matrix as a heatmap table ({@link HeatmapHtml}): rows are the
   * source tokens, columns the target tokens.
   *
   * @param arrowIpcPath an Arrow IPC file with a float32 tensor shaped {@code [sources, targets]}
   * @param sourceTokens row labels
   * @param targetTokens column labels
   * @param optionsJson the common options plus {@code stepScores}: a list of {@code {"label": ...,
   *     "values": [...]}} rows shown under the grid, one value per target token
   * @return the HTML, or the path written
   */
  public String attributionHtml(
      String arrowIpcPath,
      List<String> sourceTokens,
      List<String> targetTokens,
      String optionsJson) {
    JsonNode options = GatewayOptions.parse(optionsJson);
    float[][] grid =
        ArrowIpcFloats.read(
            path(arrowIpcPath),
            (int[] shape, FloatBuffer values) -> {
              if (shape.length != 2) {
                throw new InvalidInputException(
                    "attribution scores must be 2-D [sources, targets], got "
                        + shape.length
                        + " dimensions");
              }
              float[][] rows = new float[shape[0]][shape[1]];
              for (float[] row : rows) {
                values.get(row);
              }
              return rows;
            });
    HeatmapTable table =
        HeatmapTable.of(
            GatewayOptions.text(options, "title", ""), sourceTokens, targetTokens, grid);
    for (ScoreRow row : GatewayOptions.scoreRows(options)) {
      table = table.withScoreRow(row);
    }
    HeatmapTable done = table;
    Theme theme = GatewayOptions.theme(options);
    return output(
        options,
        doc -> doc ? HeatmapHtml.document(done, theme) : HeatmapHtml.fragment(done, theme));
  }

  private static String readVersion() {
    Properties p = new Properties();
    try (InputStream in = GatewayEntryPoint.class.getResourceAsStream("gateway.properties")) {
      if (in == null) {
        throw new IllegalStateException("gateway.properties is missing from the gateway jar");
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read gateway.properties from the gateway jar", e);
    }
    return p.getProperty("version");
  }

  private static Path path(String arrowIpcPath) {
    if (arrowIpcPath == null || arrowIpcPath.isBlank()) {
      throw new InvalidInputException("an Arrow IPC file path is required");
    }
    return Path.of(arrowIpcPath);
  }

  /** Writes the document when the options name a file, else returns the HTML asked for. */
  private static String output(JsonNode options, Function<Boolean, String> html) {
    String out = GatewayOptions.text(options, "out", null);
    if (out != null) {
      Path file = Path.of(out).toAbsolutePath();
      AtomicFiles.writeString(file, html.apply(true));
      return file.toString();
    }
    return html.apply(options.path("document").asBoolean(false));
  }
}
