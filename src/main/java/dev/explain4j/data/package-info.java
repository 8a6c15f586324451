/**
 * Dataset files read for batch attribution ({@link dev.explain4j.data.DatasetFile}). Reads go
 * through the boundary layer ({@code dev.explain4j.internal}); this package names no Python
 * function.
 */
package dev.explain4j.data;
