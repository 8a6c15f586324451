/**
 * The Kotlin Jupyter integration: with {@code @file:DependsOn("dev.explain4j:explain4j-core:…")}
 * the kernel finds {@link dev.explain4j.jupyter.Explain4jIntegration} through the jar's {@code
 * META-INF/kotlin-jupyter-libraries/libraries.json} and loads it, so results, attention maps and
 * views render themselves ({@link dev.explain4j.render.NotebookHtml}) when they are a cell's value.
 *
 * <p>The kernel supplies its API ({@code kotlin-jupyter-api}, a {@code provided} dependency) and
 * the Kotlin runtime; nothing else in explain4j refers to this package.
 */
package dev.explain4j.jupyter;
