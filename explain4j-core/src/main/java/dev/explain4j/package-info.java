/**
 * explain4j: look inside Hugging Face transformers models from Java.
 *
 * <p>The data flow: text → Python (the model's transformers tokenizer gives the model's input ids:
 * {@code explain4j.generation.encode_prompt} for generation, forced targets, forward passes and
 * attention capture; {@code explain4j.attribution.encoding} for attribution, on Inseq's rules) →
 * the model runs in CPython on one interpreter thread ({@code runtime}), hooks capture what it
 * computes → tensors cross once as Arrow views ({@code tensor}) → {@code attention} / {@code
 * attribution} analyse them in Java (aggregation is Java only) → {@code render} shows them, with
 * display tokens from the Java tokenizer ({@code tokenize}, {@code tokenizer.json} read in Java) →
 * {@code cli}. The Java tokenizer never feeds the model; it gives labels, and ids and character
 * spans to Java users, checked against transformers.
 *
 * <p>Owns the exception types ({@link dev.explain4j.Explain4jException}; bad input is an {@link
 * dev.explain4j.InvalidInputException}), {@link dev.explain4j.Explain4jHome}, and two entry points
 * backed by Python through the boundary layer ({@code internal}): {@link dev.explain4j.Doctor}
 * (versions and device) and {@link dev.explain4j.Parquet} (pyarrow writes Parquet). Only {@code
 * internal} and {@code runtime} name Python functions; {@code render} and {@code cli} never reach
 * Python.
 */
package dev.explain4j;
