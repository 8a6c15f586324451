package dev.explain4j.render;

import dev.explain4j.attention.AttentionCapture;
import dev.explain4j.attention.AttentionMaps;
import dev.explain4j.attribution.AttributionResult;
import dev.explain4j.attribution.Classification;
import dev.explain4j.attribution.ContextRelianceResult;
import dev.explain4j.citation.ContextAttribution;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The HTML fragment a notebook shows for an explain4j value: what the Kotlin Jupyter integration
 * ({@code dev.explain4j.jupyter}) renders when a result or view is a cell's value. Fragments follow
 * the reader's light or dark scheme ({@link Theme#AUTO}); attention is the interactive {@link
 * AttentionPage}, attributions the heatmap table, classifications the coloured texts and table,
 * context attributions the citation view of each method.
 */
public final class NotebookHtml {
  private static final Map<Class<?>, Function<Object, String>> RENDERERS = renderers();

  private NotebookHtml() {}

  private static Map<Class<?>, Function<Object, String>> renderers() {
    Map<Class<?>, Function<Object, String>> m = new LinkedHashMap<>();
    put(m, AttributionResult.class, r -> table(AttributionView.of(r).table()));
    put(m, AttributionView.class, v -> table(v.table()));
    put(m, Classification.class, c -> ClassificationView.of(c).fragment(Theme.AUTO));
    put(m, ClassificationView.class, v -> v.fragment(Theme.AUTO));
    put(m, AttentionMaps.class, maps -> AttentionPage.of(maps).fragment());
    put(m, AttentionCapture.class, c -> AttentionView.attention(c).fragment());
    put(m, AttentionView.class, AttentionView::fragment);
    put(m, AttentionPage.class, AttentionPage::fragment);
    put(m, HeatmapTable.class, NotebookHtml::table);
    put(m, ColoredText.class, t -> ColoredTextWriter.fragment(t, Theme.AUTO));
    put(m, ContextRelianceResult.class, r -> ContextRelianceView.of(r).fragment(Theme.AUTO));
    put(m, ContextRelianceView.class, v -> v.fragment(Theme.AUTO));
    put(m, ContextAttribution.class, NotebookHtml::citations);
    put(m, CitationView.class, v -> v.fragment(Theme.AUTO));
    return m;
  }

  private static <T> void put(
      Map<Class<?>, Function<Object, String>> m, Class<T> type, Function<T, String> render) {
    m.put(type, value -> render.apply(type.cast(value)));
  }

  /** The types that render themselves in a notebook. */
  public static Set<Class<?>> types() {
    return RENDERERS.keySet();
  }

  /** The fragment for {@code value}, or empty when its type is not one of {@link #types()}. */
  public static Optional<String> of(Object value) {
    for (Map.Entry<Class<?>, Function<Object, String>> e : RENDERERS.entrySet()) {
      if (e.getKey().isInstance(value)) {
        return Optional.of(e.getValue().apply(value));
      }
    }
    return Optional.empty();
  }

  private static String table(HeatmapTable table) {
    return HeatmapHtml.fragment(table, Theme.AUTO);
  }

  private static String citations(ContextAttribution result) {
    StringBuilder b = new StringBuilder();
    for (String method : result.methods()) {
      b.append(CitationView.of(result, method).fragment(Theme.AUTO));
    }
    return b.toString();
  }
}
