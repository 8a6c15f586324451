/**
 * Dataset files read for batch attribution ({@link dev.explain4j.data.DatasetFile}): jsonl, csv
 * parquet files and saved Hugging Face datasets, read into records by Python.
 *
 * <p>May call: the boundary layer ({@code internal}: {@code PyRecords}); this package names no
 * Python function. Used by {@code cli}'s {@code attribute-dataset}, which runs other engines
 * ({@link dev.explain4j.data.DatasetEngine}, such as explain4j-spark's) through {@link
 * java.util.ServiceLoader} on a {@link dev.explain4j.data.DatasetJob}.
 */
package dev.explain4j.data;
