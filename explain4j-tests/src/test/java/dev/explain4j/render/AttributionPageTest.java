package dev.explain4j.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.explain4j.InvalidInputException;
import dev.explain4j.attribution.AttributionResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The interactive report without a browser: its options, its heatmap, its embedded data. */
class AttributionPageTest {
  @Test
  void badOptionsAreOneLineNamingTheOption() {
    assertEquals(
        "maxShowSize must be at least 1, got 0",
        assertThrows(
                InvalidInputException.class,
                () -> AttributionPageOptions.defaults().withMaxShowSize(0))
            .getMessage());
    AttributionResult r = AttributionPageFixtures.hidden(Fixtures.sentence(5), 3);
    AttributionPageOptions entropy =
        AttributionPageOptions.defaults().withStepScoreHighlight("entropy");
    assertEquals(
        "stepScoreHighlight 'entropy' is not a step score of this result; it has probability",
        assertThrows(
                InvalidInputException.class,
                () -> AttributionView.of(r).granularHtml(Theme.AUTO, entropy))
            .getMessage());
  }

  @Test
  void theReportStartsWithTheStaticHeatmapAndEmbedsOnlyTheShownIndices() {
    AttributionResult r = AttributionPageFixtures.hidden(Fixtures.sentence(5), 50);
    AttributionView view = AttributionView.of(r);
    String page =
        view.granularHtml(Theme.LIGHT, AttributionPageOptions.defaults().withMaxShowSize(4));
    String table = view.html(Theme.LIGHT);
    assertTrue(page.startsWith(table.substring(0, table.lastIndexOf("</body>"))), "same heatmap");
    assertTrue(page.contains("hidden: 4 of 50 shown"), page);
    assertTrue(page.contains("\"shownSize\":4"), "four indices embedded");
    String small =
        view.granularHtml(Theme.LIGHT, AttributionPageOptions.defaults().withMaxShowSize(4));
    String large =
        view.granularHtml(Theme.LIGHT, AttributionPageOptions.defaults().withMaxShowSize(50));
    assertTrue(small.length() < large.length(), "maxShowSize bounds the page");
    AttributionResult occlusion = AttributionPageFixtures.coarse(List.of("a", "b", "c", "d"));
    assertTrue(
        AttributionView.of(occlusion)
            .granularHtml(Theme.LIGHT, AttributionPageOptions.defaults())
            .contains("no dimension beyond tokens and steps"));
  }
}
