"""``cite``: which sources of a context a generated (or forced) answer comes from.

Methods: ``loo`` (leave one source out, exact: the answer's log-probability with all sources
minus with that source removed) and ``contextcite`` (random source ablations and a sparse linear
surrogate, after Cohen-Wang et al. 2024). Scores are given for the whole answer and for each of
its sentences. Token-level methods of the catalogue are aggregated over source spans in Java.
"""

from __future__ import annotations

import time

import numpy as np

from ..errors import InvalidInput
from ..models import max_positions
from . import ablation, evaluation, sources, surrogate
from .faithfulness import BINS

METHODS = ("loo", "contextcite")
DEFAULT_BUDGET = 4096
DEFAULT_LOO_LIMIT = 256


def _answer_ids(lm, prompt_ids, answer, answer_ids, max_new_tokens):
    from ..generation import generate_ids, ids_of

    tok = lm.tokenizer
    if answer_ids is not None:
        ids = [int(i) for i in answer_ids]
    elif answer is not None:
        ids = ids_of(tok, answer, special=False)
    else:
        _, ids, stopped = generate_ids(lm, prompt_ids, int(max_new_tokens))
        if stopped:
            ids = ids[:-1]
    if not ids:
        raise InvalidInput("the answer is empty: give a non-empty answer or let the model generate one")
    return ids


def _token_offsets(tok, ids):
    """Character span of each answer token in the decoded answer text."""
    text = tok.decode(ids, skip_special_tokens=False)
    spans, prev = [], 0
    for k in range(1, len(ids) + 1):
        end = len(tok.decode(ids[:k], skip_special_tokens=False))
        spans.append((prev, max(prev, end)))
        prev = max(prev, end)
    return text, spans


def _token_range(offsets, start, end):
    inside = [k for k, (s, e) in enumerate(offsets) if s < end and e > start and e > s]
    return (inside[0], inside[-1] + 1) if inside else None


def _sentences(text, offsets):
    """Answer sentences with token ranges that partition the answer's tokens: a token belongs to
    the sentence its last character is in (tokens between sentences go to the next one)."""
    out, k = [], 0
    spans = sources.split_sentences(text)
    for i, (s, e) in enumerate(spans):
        start = k
        last = i == len(spans) - 1
        while k < len(offsets) and (last or offsets[k][1] <= e):
            k += 1
        if k > start:
            out.append({"start": s, "end": e, "tokenStart": start, "tokenEnd": k})
    return out


def _source_tokens(tok, prompt):
    enc = tok(prompt.text, add_special_tokens=prompt.special, return_offsets_mapping=True)
    ids, offs = list(enc["input_ids"]), enc["offset_mapping"]
    spans = []
    for s, e in prompt.spans:
        r = _token_range(offs, s, e)
        spans.append(r if r else (0, 0))
    return ids, spans


def _masks(n_sources, num_ablations, keep_prob, seed, masks, budget):
    if masks is not None:
        m = np.asarray(masks, dtype=bool)
        if m.ndim != 2 or m.shape[1] != n_sources:
            raise InvalidInput(
                f"masks must have one row per ablation and {n_sources} columns (one per source)"
            )
        num_ablations = m.shape[0]
    if int(num_ablations) < 2:
        raise InvalidInput(f"the number of ablations must be at least 2, got {num_ablations}")
    if int(num_ablations) > budget:
        raise InvalidInput(
            f"{num_ablations} ablations are more than the ablation budget ({budget}); "
            "ask for fewer or raise the budget with {option}",
            option="CitationOptions.optMaxAblations",
            value=int(num_ablations),
        )
    if masks is not None:
        return m
    if not 0 < keep_prob < 1:
        raise InvalidInput(f"keep_prob must be between 0 and 1 (exclusive), got {keep_prob}")
    rng = np.random.default_rng(int(seed))
    return rng.random((int(num_ablations), n_sources)) < keep_prob


def build_prompt(lm, context, question, spans, messages, template, chat, split):
    tok = lm.tokenizer
    if messages is not None:
        if not messages:
            raise InvalidInput("the conversation is empty: give at least one message")
        return sources.chat_prompt(tok, messages, question)
    if context is None or not context.strip():
        raise InvalidInput("the context is empty")
    if spans is None:
        spans = sources.split_sentences(context) if split == "sentence" else [(0, len(context))]
    spans = sources.check_spans(spans, len(context))
    if not spans:
        raise InvalidInput("the context has no sources")
    use_chat = bool(getattr(tok, "chat_template", None)) if chat is None else bool(chat)
    if use_chat and not getattr(tok, "chat_template", None):
        raise InvalidInput(f"model {lm.source} has no chat template; cite without the chat template")
    return sources.rag_prompt(tok, context, question or "", spans, template, use_chat)


def cite(
    lm,
    context=None,
    question="",
    *,
    sources_spans=None,
    messages=None,
    split="sentence",
    answer=None,
    answer_ids=None,
    methods=METHODS,
    num_ablations=64,
    keep_prob=0.5,
    seed=0,
    masks=None,
    max_ablations=DEFAULT_BUDGET,
    loo_limit=DEFAULT_LOO_LIMIT,
    lasso_alpha=0.01,
    batch_size=8,
    share_prefix=True,
    template=sources.DEFAULT_TEMPLATE,
    chat=None,
    max_new_tokens=64,
    evaluate=False,
    bins=BINS,
    rounding="ceil",
    curve_points=None,
    quantity="logprob",
) -> dict:
    """Attribute an answer to the sources of a context; see the module docstring."""
    started = time.perf_counter()
    if lm.kind != "decoder":
        raise InvalidInput(f"context attribution needs a decoder-only model; {lm.source} is {lm.kind}")
    unknown = [m for m in methods if m not in METHODS]
    if unknown or not methods:
        raise InvalidInput(f"unknown context attribution method {unknown}; choose from {', '.join(METHODS)}")
    tok = lm.tokenizer
    prompt = build_prompt(lm, context, question, sources_spans, messages, template, chat, split)
    n = len(prompt.spans)
    if "loo" in methods and n > loo_limit:
        raise InvalidInput(
            f"leave-one-out runs one pass per source: {n} sources are more than its limit ({loo_limit}); "
            "raise it with {option}",
            option="CitationOptions.optLooLimit",
            value=n,
        )
    full_ids, token_spans = _source_tokens(tok, prompt)
    ids = _answer_ids(lm, full_ids, answer, answer_ids, max_new_tokens)
    limit = max_positions(lm)
    if limit is not None and len(full_ids) + len(ids) > limit:
        raise InvalidInput(
            f"the prompt ({len(full_ids)} tokens) and answer ({len(ids)} tokens) are longer than "
            f"model {lm.source} allows ({limit} positions); shorten the context"
        )
    answer_text, offsets = _token_offsets(tok, ids)
    sentences = _sentences(answer_text, offsets)
    keeps = [np.ones(n, dtype=bool)]
    if "loo" in methods:
        keeps += [np.arange(n) != i for i in range(n)]
    cc_masks = None
    if "contextcite" in methods:
        cc_masks = _masks(n, num_ablations, keep_prob, seed, masks, int(max_ablations))
        keeps += list(cc_masks)
    prompts = [full_ids] + [
        tok(prompt.without(k), add_special_tokens=prompt.special)["input_ids"] for k in keeps[1:]
    ]
    pad = tok.pad_token_id if tok.pad_token_id is not None else 0
    logp = ablation.answer_logprobs(lm.model, prompts, ids, batch_size, share_prefix, pad)
    ranges = [(0, len(ids))] + [(s["tokenStart"], s["tokenEnd"]) for s in sentences]
    scores = {}
    if "loo" in methods:
        diff = logp[0][None, :] - logp[1 : n + 1]
        scores["loo"] = [diff[:, a:b].sum(axis=1).tolist() for a, b in ranges]
    if cc_masks is not None:
        rows = logp[len(keeps) - len(cc_masks) :]
        fits = [surrogate.fit(cc_masks, rows[:, a:b], lasso_alpha) for a, b in ranges]
        scores["contextcite"] = [w.tolist() for w, _ in fits]
        scores["contextciteBias"] = [b for _, b in fits]
    faithful = {}
    if evaluate:
        score = evaluation.source_scorer(lm, prompt, ids, None, quantity, batch_size, share_prefix)
        for name in METHODS:
            if name in scores:
                faithful[name] = evaluation.evaluate(scores[name][0], score, bins, rounding, curve_points)
    return {
        "prompt": prompt.text,
        "promptIds": [int(i) for i in full_ids],
        "sources": [
            {"start": s, "end": e, "tokenStart": ts, "tokenEnd": te}
            for (s, e), (ts, te) in zip(prompt.spans, token_spans)
        ],
        "answer": answer_text,
        "answerIds": ids,
        "answerOffsets": [list(o) for o in offsets],
        "sentences": sentences,
        "tokenLogprobs": logp[0].tolist(),
        "scores": scores,
        "faithfulness": faithful,
        "masks": None if cc_masks is None else cc_masks.astype(int).tolist(),
        "seconds": time.perf_counter() - started,
    }
