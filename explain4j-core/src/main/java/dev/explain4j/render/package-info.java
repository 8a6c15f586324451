/**
 * Rendering, computed in Java: {@link dev.explain4j.render.HeatmapTable} as HTML, SVG, PNG and ANSI
 * ({@link dev.explain4j.render.HeatmapHtml}, {@link dev.explain4j.render.HeatmapSvg}, {@link
 * dev.explain4j.render.HeatmapPng}, {@link dev.explain4j.render.HeatmapAnsi}), {@link
 * dev.explain4j.render.ColoredText} as HTML and ANSI (24-bit colour, or the standard-colour bands
 * of {@link dev.explain4j.render.ColorBands}), and the interactive offline {@link
 * dev.explain4j.render.AttentionPage}. Colours come from {@link dev.explain4j.render.ColorMap}
 * (sequential for attention, diverging for signed scores) and {@link dev.explain4j.render.Theme}.
 *
 * <p>Every token and label goes through {@link dev.explain4j.render.TokenText#visible} (visible
 * markers for control, invisible and bidirectional characters) and, in markup, {@link
 * dev.explain4j.render.Html#escape}. Files are written with {@link
 * dev.explain4j.render.AtomicFiles}, so a failed write never leaves a truncated file behind.
 *
 * <p>May call: the results of {@code attention} and {@code attribution} (read, never computed
 * again), {@code tensor} and the Java tokenizer's display labels ({@code tokenize.TokenLabels}). It
 * never reaches Python: no {@code runtime} or {@code internal} type, no Python function name
 * ({@code BoundaryArchitectureTest}); Parquet output takes a converter from the caller ({@link
 * dev.explain4j.render.TokenPairRows.ParquetConverter}).
 */
package dev.explain4j.render;
