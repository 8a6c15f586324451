package dev.explain4j.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.explain4j.citation.CitationOptions;
import dev.explain4j.citation.ContextAttribution;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The citation page in headless Chromium: offline, hostile source text stays text. */
@Tag("browser")
class CitationViewBrowserTest {
  @TempDir Path dir;

  static ContextAttribution result() {
    String evil = "<img src=x onerror=\"document.body.setAttribute('data-pwned','1')\">";
    String prompt = "Context: Paris is in France. " + evil + " \u202Eevil\nQ?";
    int s2 = prompt.indexOf(evil);
    int s3 = prompt.indexOf("\u202E");
    List<ContextAttribution.Source> sources =
        List.of(
            new ContextAttribution.Source(9, 28, 2, 7, "Paris is in France."),
            new ContextAttribution.Source(s2, s2 + evil.length(), 7, 20, evil),
            new ContextAttribution.Source(s3, s3 + 5, 20, 22, "\u202Eevil"));
    Map<String, double[][]> scores = new LinkedHashMap<>();
    scores.put("loo", new double[][] {{2.0, -1.0, 0.5}, {2.0, -1.0, 0.5}});
    return new ContextAttribution(
        prompt,
        List.of(1, 2, 3),
        sources,
        " Paris. </script><script>document.body.setAttribute('data-pwned','2')</script>",
        List.of(1, 2),
        List.of(new ContextAttribution.Sentence(1, 7, 0, 1, "Paris.")),
        scores,
        Map.of(),
        CitationOptions.builder().build(),
        null,
        0);
  }

  @Test
  void sourcesAreShadedByScoreAndHostileTextStaysText() throws Exception {
    Path file = dir.resolve("cite.html");
    CitationView.of(result(), "loo").writeHtml(file, Theme.LIGHT);
    Chromium.Run run = Chromium.dumpDom(file, null);
    String dom = run.stdout();
    assertFalse(Pattern.compile("<body[^>]*data-pwned").matcher(dom).find(), "markup ran");
    assertFalse(dom.contains("<img"), "source text became an element");
    assertTrue(dom.contains("&lt;img src=x onerror="), "the source is shown as text");
    assertTrue(dom.contains("⟨RLO⟩evil"), "the bidi override is shown, not applied");
    Matcher m = Pattern.compile("data-source=\"(\\d)\" data-score=\"([^\"]+)\"").matcher(dom);
    int n = 0;
    while (m.find()) {
      n++;
    }
    assertEquals(6, n, "three sources in each of two sections");
    assertTrue(dom.contains("rgba(40,160,70,0.600)"), "the strongest source is fully shaded");
    assertTrue(
        dom.contains("rgba(210,60,60,0.300)"), "a negative score is shaded red, by its size");
    assertTrue(dom.contains("Top sources: 1, 3"), dom);
  }
}
