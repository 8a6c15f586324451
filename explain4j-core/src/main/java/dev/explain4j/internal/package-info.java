/**
 * The one boundary between Java and Python. Internal: not public API, no compatibility promise.
 *
 * <p>Owns every Python function name Java calls, one facade per Python module ({@link
 * dev.explain4j.internal.PyModels} for {@code explain4j.models}, {@link
 * dev.explain4j.internal.PyGeneration}, {@link dev.explain4j.internal.PyHooks}, {@link
 * dev.explain4j.internal.PyAttribution}, {@link dev.explain4j.internal.PyCapture}, {@link
 * dev.explain4j.internal.PyExplain}, {@link dev.explain4j.internal.PyRecords}, {@link
 * dev.explain4j.internal.PyTokenize}, {@link dev.explain4j.internal.PyIo}, {@link
 * dev.explain4j.internal.PyDoctor}, {@link dev.explain4j.internal.PyExport}), and the parsing of
 * every result: each facade method is typed and turns the dict Python returned into a Java record
 * in one place ({@code PyMap} does the casting). Facades take the {@link
 * dev.explain4j.runtime.PythonRuntime} explicitly; a model's runtime and handle are reached through
 * {@link dev.explain4j.internal.ModelAccess}, the shared runtime through {@link
 * dev.explain4j.internal.Runtimes}.
 *
 * <p>Who may call it: the library packages that own a Python-backed feature ({@code model}, {@code
 * attribution}, {@code attention}, {@code explain}, {@code tokenize}, {@code tensor}, {@code data}
 * and the root package). Renderers ({@code render}) and the CLI ({@code cli}) may not; they use the
 * public API. To add a Python call: add a typed method to the facade of its Python module (or a new
 * {@code PyXxx} facade for a new module), parse the result there, and call the method; {@code
 * BoundaryArchitectureTest} fails for a Python name or a cast anywhere else.
 */
package dev.explain4j.internal;
