/**
 * The embedded CPython: {@link dev.explain4j.runtime.PythonRuntime} owns one interpreter thread
 * (Jep) that runs every Python call in turn, {@link dev.explain4j.runtime.PyHandle} is an opaque,
 * closeable reference to a Python object, and {@link dev.explain4j.runtime.PythonException} carries
 * a Python error's type, message and frames (input errors become {@link
 * dev.explain4j.InvalidInputException}). Finding or provisioning the Python environment ({@link
 * dev.explain4j.runtime.PythonEnvironment}, {@link dev.explain4j.runtime.RuntimeConfig}, {@link
 * dev.explain4j.runtime.ProvisionListener}) and the Python package carried in the jar ({@link
 * dev.explain4j.runtime.PythonPackage}) are here too.
 *
 * <p>May call: Python (through Jep), the root package's exceptions and {@code Explain4jHome},
 * nothing else in explain4j. Who calls it: the boundary layer ({@code internal}), which alone names
 * Python functions; other packages name only the public types {@code PythonRuntime}, {@code
 * PyHandle} and {@code PythonException}. {@code render} and {@code cli} do not use it at all.
 */
package dev.explain4j.runtime;
