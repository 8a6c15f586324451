package dev.explain4j.cli;

import dev.explain4j.attention.AttentionCapture;
import dev.explain4j.attention.AttentionMaps;
import dev.explain4j.model.GenerationOptions;
import dev.explain4j.model.GenerationResult;
import dev.explain4j.model.Model;
import dev.explain4j.render.AnsiOptions;
import dev.explain4j.render.AtomicFiles;
import dev.explain4j.render.AttentionView;
import dev.explain4j.render.TokenPairRows;
import dev.explain4j.render.TokenText;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code explain4j attention}: capture every layer and head in one pass, then show or save it. */
@Command(
    name = "attention",
    description = "Capture attention (all layers and heads, one pass) and render the views.")
final class AttentionCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @ParentCommand Main main;
  @Mixin ModelArgs modelArgs;
  @Mixin InputArgs inputArgs;
  @Mixin OutputArgs outputArgs;
  @Mixin TargetArgs targetArgs;

  @Option(names = "--generate", description = "Generate this many tokens first (greedy).")
  int generate;

  @Option(
      names = "--set",
      description = "Attention set for terminal/PNG/SVG: decoder, encoder or cross.")
  String set;

  @Option(names = "--layers", split = ",", description = "Layers to combine (default: all).")
  int[] layers;

  @Option(names = "--heads", split = ",", description = "Heads to combine (default: all).")
  int[] heads;

  @Override
  public Integer call() throws Exception {
    String format = outputArgs.format();
    if (targetArgs.given(spec) && generate > 0) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--generate makes the continuation and --target/--continuation force one; give one");
    }
    String text = inputArgs.text(System.in);
    PrintWriter out = spec.commandLine().getOut();
    try (CliBackend.LoadedModel loaded = modelArgs.load(spec, main.backend());
        BufferAllocator allocator = new RootAllocator()) {
      Model model = loaded.model();
      GenerationResult seq = sequence(model, text);
      try (AttentionCapture cap =
          seq == null
              ? AttentionCapture.of(allocator, model, text)
              : AttentionCapture.of(allocator, model, seq)) {
        AttentionView view = AttentionView.attention(cap);
        if (set != null) {
          view = view.withSet(set);
        }
        if (layers != null) {
          view = view.withLayers(layers);
        }
        if (heads != null) {
          view = view.withHeads(heads);
        }
        write(format, view, cap, out);
      }
    }
    return Main.OK;
  }

  private GenerationResult sequence(Model model, String text) {
    if (targetArgs.given(spec)) {
      return model.force(text, targetArgs.continuation(model.kind(), text));
    }
    if (generate > 0) {
      return model.generate(text, GenerationOptions.builder().optMaxNewTokens(generate).build());
    }
    return null;
  }

  private void write(String format, AttentionView view, AttentionCapture cap, PrintWriter out)
      throws Exception {
    var path = outputArgs.out;
    if (format == null) {
      out.print(view.ansi(outputArgs.plain ? AnsiOptions.plain() : AnsiOptions.fromEnvironment()));
      out.flush();
      return;
    }
    switch (format) {
      case "html" -> view.writeHtml(path);
      case "png" -> view.writePng(path, outputArgs.theme);
      case "svg" -> view.writeSvg(path, outputArgs.theme);
      case "json" -> AtomicFiles.writeString(path, json(view, cap));
      case "arrow" -> rows(cap).writeArrow(path);
      case "parquet" -> rows(cap).writeParquet(path, main.backend()::arrowToParquet);
      default -> throw new IllegalStateException(format);
    }
    out.println("wrote " + TokenText.visible(path.toString()));
    out.flush();
  }

  static String json(AttentionView view, AttentionCapture cap) throws Exception {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("provenance", cap.provenance());
    doc.put("implementation", cap.implementation());
    List<Object> sets = new ArrayList<>();
    for (AttentionMaps m : cap.maps()) {
      AttentionView v = view.withSet(m.label());
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("label", m.label());
      s.put("shape", List.of(m.layers(), m.heads(), m.queries(), m.keys()));
      s.put("queryTokens", m.queryTokens());
      s.put("keyTokens", m.keyTokens());
      s.put("matrix", v.matrix());
      s.put("queryHeatmap", v.queryHeatmap());
      s.put("keyHeatmap", v.keyHeatmap());
      s.put("dimensionHeatmap", v.dimensionHeatmap());
      sets.add(s);
    }
    doc.put("sets", sets);
    return Jsons.MAPPER.writeValueAsString(doc);
  }

  static TokenPairRows rows(AttentionCapture cap) {
    TokenPairRows rows =
        new TokenPairRows()
            .stringColumn("set")
            .intColumn("layer")
            .intColumn("head")
            .intColumn("query")
            .intColumn("key")
            .stringColumn("query_token")
            .stringColumn("key_token")
            .floatColumn("weight");
    for (AttentionMaps m : cap.maps()) {
      for (int l = 0; l < m.layers(); l++) {
        for (int h = 0; h < m.heads(); h++) {
          for (int q = 0; q < m.queries(); q++) {
            for (int k = 0; k < m.keys(); k++) {
              rows.add(
                  m.label(),
                  l,
                  h,
                  q,
                  k,
                  m.queryTokens().get(q),
                  m.keyTokens().get(k),
                  m.get(l, h, q, k));
            }
          }
        }
      }
    }
    return rows;
  }
}
