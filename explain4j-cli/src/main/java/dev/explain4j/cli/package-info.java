/**
 * The {@code explain4j} command line ({@link dev.explain4j.cli.Main}): {@code attribute}, {@code
 * attribute-context}, {@code attention}, {@code attribute-dataset} and {@code doctor}, with the
 * CLI's own error lines and exit codes (0 ok, 1 failure, 2 bad input).
 *
 * <p>May call: the public API ({@code model}, {@code attribution}, {@code attention}, {@code data},
 * {@code render}, {@link dev.explain4j.Doctor}, {@link dev.explain4j.Parquet}) through {@link
 * dev.explain4j.cli.CliBackend}, whose real implementation is {@code PythonBackend}. It never
 * reaches Python: no {@code runtime} or {@code internal} type, no Python function name ({@code
 * BoundaryArchitectureTest}); tests run the commands against a fake backend with no Python. The
 * only package that writes to standard output and error.
 */
package dev.explain4j.cli;
