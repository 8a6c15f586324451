/**
 * Context attribution: which sources of a context (documents, sentences, chat turns) a generated or
 * forced answer comes from, and how faithful an attribution is. {@link
 * dev.explain4j.citation.ContextAttributor} runs leave-one-source-out and ContextCite's ablation
 * surrogate in Python and returns a {@link dev.explain4j.citation.ContextAttribution} with scores
 * for the whole answer and for each answer sentence, and, when asked, {@link
 * dev.explain4j.citation.Faithfulness} scores per method. {@link
 * dev.explain4j.citation.FaithfulnessEvaluator} scores any token-level attribution (a generation's
 * or a sequence classifier's) the same way, per step, into a {@link
 * dev.explain4j.citation.TokenFaithfulness}.
 *
 * <p>May call: {@code model}, {@code attribution} (results and aggregation) and the boundary layer
 * ({@code internal}: {@code PyCitation}); it names no Python function itself.
 */
package dev.explain4j.citation;
