/**
 * Feature attribution, Inseq's methods with Inseq's defaults: {@link
 * dev.explain4j.attribution.Attributor} runs a method in Python and returns an {@link
 * dev.explain4j.attribution.AttributionResult} that owns its granular scores as read-only Arrow
 * views ({@link dev.explain4j.attribution.ScoreArray}); {@link
 * dev.explain4j.attribution.Aggregation} (the only implementation of Inseq's aggregation) and
 * {@link dev.explain4j.attribution.Spans} reduce them in Java; {@link
 * dev.explain4j.attribution.AttributionJson} saves and loads results. Methods, their options, step
 * scores and default aggregations come from the catalogue in Python, read once per runtime ({@link
 * dev.explain4j.attribution.MethodCatalog}); {@link dev.explain4j.attribution.AttributionOptions}
 * is checked against it. {@link dev.explain4j.attribution.ContextRelianceAttributor} finds context
 * reliance (PECoRe, Inseq's {@code attribute-context}): CTI in Python, each CCI attribution
 * aggregated here into a {@link dev.explain4j.attribution.ContextRelianceResult}. {@link
 * dev.explain4j.attribution.ClassifierExplainer} explains encoders with task heads (classifiers,
 * taggers, extractive QA, fill-mask, zero-shot NLI) with the same catalogue; each {@link
 * dev.explain4j.attribution.Classification} pairs a {@link dev.explain4j.attribution.Prediction}
 * with an {@code AttributionResult} whose steps are the explained labels.
 *
 * <p>May call: {@code model}, {@code tensor} and the boundary layer ({@code internal}: {@code
 * PyAttribution}, {@code PyCatalog}, {@code PyContext}); it names no Python function itself. Model
 * inputs are tokenized in Python ({@code explain4j.attribution.encoding}).
 */
package dev.explain4j.attribution;
