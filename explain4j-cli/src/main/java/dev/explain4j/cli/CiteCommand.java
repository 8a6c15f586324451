package dev.explain4j.cli;

import dev.explain4j.InvalidInputException;
import dev.explain4j.citation.CitationOptions;
import dev.explain4j.citation.ContextAttribution;
import dev.explain4j.render.CitationView;
import dev.explain4j.render.Theme;
import dev.explain4j.render.TokenText;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code explain4j cite}: which sentences of a context the model's answer comes from. */
@Command(
    name = "cite",
    description =
        "Attribute the model's answer to a question to the sentences of a context"
            + " (leave-one-out and ContextCite).")
final class CiteCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @ParentCommand Main main;
  @Mixin ModelArgs modelArgs;

  @Option(names = "--context", required = true, description = "A UTF-8 text file: the context.")
  Path context;

  @Option(names = "--question", required = true, description = "The question.")
  String question;

  @Option(names = "--answer", description = "A forced answer (default: the model answers).")
  String answer;

  @Option(
      names = "--method",
      split = ",",
      description = "loo, contextcite or both (default: ${DEFAULT-VALUE}).")
  List<String> methods = List.of("loo", "contextcite");

  @Option(names = "--split", description = "sentence or document (default: ${DEFAULT-VALUE}).")
  String split = "sentence";

  @Option(
      names = "--num-ablations",
      description = "ContextCite's ablations (default: ${DEFAULT-VALUE}).")
  int numAblations = 64;

  @Option(
      names = "--max-ablations",
      description = "The ablation budget (default: ${DEFAULT-VALUE}).")
  int maxAblations = 4096;

  @Option(names = "--seed", description = "The ablation masks' seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--max-new-tokens", description = "Answer length (default: ${DEFAULT-VALUE}).")
  int maxNewTokens = 64;

  @Option(names = "--evaluate", description = "Also score each method's faithfulness.")
  boolean evaluate;

  @Option(names = "--html", description = "Write the HTML view here.")
  Path html;

  @Override
  public Integer call() {
    String text = read(context);
    CitationOptions options =
        CitationOptions.builder()
            .optMethods(methods)
            .optAnswer(answer)
            .optSplit(split)
            .optNumAblations(numAblations)
            .optMaxAblations(maxAblations)
            .optSeed(seed)
            .optMaxNewTokens(maxNewTokens)
            .optEvaluate(evaluate)
            .build();
    PrintWriter out = spec.commandLine().getOut();
    try (CliBackend.LoadedModel model = modelArgs.load(spec, main.backend())) {
      ContextAttribution c = model.cite(text, question, options);
      report(out, c);
      if (html != null) {
        CitationView.of(c, c.methods().get(c.methods().size() - 1)).writeHtml(html, Theme.AUTO);
        out.println("wrote " + TokenText.visible(html.toString()));
      }
    }
    out.flush();
    return Main.OK;
  }

  private static String read(Path path) {
    try {
      String text = Files.readString(path, StandardCharsets.UTF_8);
      if (text.isBlank()) {
        throw new InvalidInputException("--context " + path + ": the context is empty");
      }
      return text;
    } catch (java.nio.file.NoSuchFileException e) {
      throw new InvalidInputException("--context " + path + ": no such file");
    } catch (IOException e) {
      throw new InvalidInputException(
          "--context " + path + ": cannot read it (" + e.getMessage() + ")");
    }
  }

  static void report(PrintWriter out, ContextAttribution c) {
    out.println("answer: " + TokenText.visible(c.answer().strip()));
    StringBuilder head = new StringBuilder("source");
    c.methods().forEach(m -> head.append('\t').append(m));
    out.println(head.append("\ttext"));
    for (int i = 0; i < c.sources().size(); i++) {
      StringBuilder row = new StringBuilder(String.valueOf(i + 1));
      for (String m : c.methods()) {
        row.append('\t').append(String.format(Locale.ROOT, "%.4f", c.answerScores(m)[i]));
      }
      out.println(
          row.append('\t')
              .append(TokenText.truncate(TokenText.visible(c.sources().get(i).text()), 70)));
    }
    for (int k = 0; k < c.sentences().size(); k++) {
      StringBuilder line = new StringBuilder("sentence " + (k + 1) + " top sources:");
      for (String m : c.methods()) {
        line.append(' ')
            .append(m)
            .append(' ')
            .append(numbers(ContextAttribution.top(c.sentenceScores(m, k), 3)));
      }
      out.println(line.append("  ").append(TokenText.visible(c.sentences().get(k).text())));
    }
    c.faithfulness()
        .forEach(
            (m, f) ->
                out.println(
                    String.format(
                        Locale.ROOT,
                        "faithfulness %s: AOPC comprehensiveness %.4f, sufficiency %.4f, deletion area %.4f,"
                            + " insertion area %.4f",
                        m,
                        f.aopcComprehensiveness(),
                        f.aopcSufficiency(),
                        f.deletionArea(),
                        f.insertionArea())));
  }

  private static String numbers(List<Integer> top) {
    return top.isEmpty()
        ? "-"
        : String.join(",", top.stream().map(i -> String.valueOf(i + 1)).toList());
  }
}
