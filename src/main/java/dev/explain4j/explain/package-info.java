/**
 * Scoped explanation sessions over generation: task presets (question answering, translation,
 * summarisation, chat, chat with an assistant model), per-output-token attention recovered under
 * the KV cache, teacher-forced label gradients, five-band coloured text and attention-head
 * descriptions.
 */
package dev.explain4j.explain;
