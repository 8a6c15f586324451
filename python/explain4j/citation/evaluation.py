"""Faithfulness of attributions on a model: the adapters that turn "keep these units" into the
model's output, for sources of a context, prompt tokens of a generation, and classifier tokens.
The metrics themselves are in :mod:`.faithfulness`."""

from __future__ import annotations

import inspect

import numpy as np
import torch

from ..attribution import heads
from ..errors import InvalidInput
from . import ablation, faithfulness

QUANTITIES = ("logprob", "probability")


def source_scorer(
    lm, prompt, answer_ids, token_range=None, quantity="logprob", batch_size=8, share_prefix=True
):
    """``score(keep)`` for sources: the answer's (or a token range's) log-probability or probability
    with the sources whose ``keep`` entry is false removed from the prompt."""
    if quantity not in QUANTITIES:
        raise InvalidInput(f"quantity must be one of {', '.join(QUANTITIES)}, got {quantity!r}")
    tok = lm.tokenizer
    a, b = token_range or (0, len(answer_ids))
    pad = tok.pad_token_id if tok.pad_token_id is not None else 0

    def score(keep_rows):
        prompts = [tok(prompt.without(k), add_special_tokens=prompt.special)["input_ids"] for k in keep_rows]
        lp = ablation.answer_logprobs(lm.model, prompts, answer_ids, batch_size, share_prefix, pad)[
            :, a:b
        ].sum(1)
        return lp if quantity == "logprob" else np.exp(lp)

    return score


def evaluate(scores, score, bins=faithfulness.BINS, rounding="ceil", points=None) -> dict:
    """ERASER metrics with AOPC and deletion/insertion curves for one attribution."""
    out = faithfulness.eraser(scores, score, bins, rounding)
    out.update(faithfulness.curves(scores, score, points))
    return out


def _step_scorer(model, prompt_ids, generated_ids, step, batch_size):
    target = list(generated_ids[: step + 1])
    prompt = np.asarray(prompt_ids)

    def score(keep_rows):
        prompts = [prompt[np.asarray(k, dtype=bool)].tolist() or prompt[:1].tolist() for k in keep_rows]
        lp = ablation.answer_logprobs(model, prompts, target, batch_size, share_prefix=False)
        return np.exp(lp[:, -1])

    return score


def _soft_scorer(model, prompt_ids, generated_ids, step, seed):
    device = next(model.parameters()).device
    ids = torch.tensor([list(prompt_ids) + list(generated_ids[:step])], device=device)
    target = int(generated_ids[step])
    n = len(prompt_ids)
    gen = torch.Generator(device="cpu").manual_seed(int(seed) + step)

    def perturbed(keep_prob):
        with torch.inference_mode():
            emb = model.get_input_embeddings()(ids).clone()
            p = torch.as_tensor(keep_prob, dtype=torch.float64)[:, None].expand(n, emb.shape[-1])
            mask = torch.bernoulli(p, generator=gen).to(emb.dtype).to(device)
            emb[0, :n] = emb[0, :n] * mask
            logits = model(inputs_embeds=emb).logits[0, -1]
            return float(logits.double().softmax(-1)[target])

    return perturbed


def _check_ids(lm, ids, what):
    vocab = lm.model.get_input_embeddings().num_embeddings
    bad = [i for i in ids if not 0 <= i < vocab]
    if bad:
        raise InvalidInput(
            f"{what} holds token id {bad[0]}, outside model {lm.source}'s vocabulary ({vocab} ids): "
            "evaluate a result with the model that made it"
        )


def _scores(step_scores, steps, units, what):
    scores = np.asarray(step_scores, dtype=np.float64)
    if scores.ndim != 2 or scores.shape != (steps, units):
        raise InvalidInput(f"token scores must be [{what}] = [{steps}, {units}], got {list(scores.shape)}")
    return scores


def _means(steps) -> dict:
    keys = [k for k, v in steps[0].items() if isinstance(v, float)]
    return {k: float(np.mean([s[k] for s in steps])) for k in keys}


def evaluate_generation(
    lm,
    prompt_ids,
    generated_ids,
    step_scores,
    bins=faithfulness.BINS,
    rounding="ceil",
    points=None,
    soft=True,
    seed=0,
    batch_size=8,
) -> dict:
    """Token-level faithfulness of a generation's attribution: for each generated token, its
    scores over the prompt tokens (``step_scores[step][position]``) are evaluated on the probability
    of that token; returns one entry per step, their means and the evaluated units (prompt
    positions)."""
    if lm.kind != "decoder":
        raise InvalidInput(
            f"token-level faithfulness of generation needs a decoder-only model; {lm.source} is {lm.kind}"
        )
    prompt_ids = [int(i) for i in prompt_ids]
    generated_ids = [int(i) for i in generated_ids]
    if not prompt_ids or not generated_ids:
        raise InvalidInput("the attribution has no prompt tokens or no generated tokens to evaluate")
    _check_ids(lm, prompt_ids + generated_ids, "the attribution")
    scores = _scores(step_scores, len(generated_ids), len(prompt_ids), "generated tokens, prompt tokens")
    steps = []
    for t in range(len(generated_ids)):
        score = _step_scorer(lm.model, prompt_ids, generated_ids, t, batch_size)
        entry = evaluate(scores[t], score, bins, rounding, points)
        if soft:
            entry.update(
                faithfulness.soft(
                    scores[t], _soft_scorer(lm.model, prompt_ids, generated_ids, t, seed), entry["full"]
                )
            )
        steps.append(entry)
    return {"steps": steps, "mean": _means(steps), "units": list(range(len(prompt_ids)))}


def _classifier_rows(ids, units, types, keep_rows):
    """Input rows (ids, token types) with the units whose ``keep`` entry is false deleted."""
    unit_at = {p: j for j, p in enumerate(units)}
    rows = []
    for keep in keep_rows:
        kept = [p for p in range(len(ids)) if p not in unit_at or keep[unit_at[p]]]
        rows.append(([ids[p] for p in kept], None if types is None else [types[p] for p in kept]))
    return rows


def classifier_scorer(
    model, input_ids, label, keep_ends=True, batch_size=8, units=None, token_types=None, multi_label=False
):
    """``score(keep)`` for a sequence classifier: the probability of ``label`` (softmax, or sigmoid
    for multi-label models, as :func:`..attribution.heads.probabilities`) with the units not kept
    deleted. The units are ``units`` (positions; the other tokens always stay) or, by default, the
    tokens between the first and the last (``[CLS]`` and ``[SEP]`` stay) with ``keep_ends``, else
    every token. ``token_types`` (one per token) travel with the kept tokens."""
    ids = [int(i) for i in input_ids]
    if units is None:
        units = list(range(1, len(ids) - 1)) if keep_ends else list(range(len(ids)))
    device = next(model.parameters()).device

    def score(keep_rows):
        rows = _classifier_rows(ids, units, token_types, keep_rows)
        out = []
        with torch.inference_mode():
            for lo in range(0, len(rows), batch_size):
                chunk = rows[lo : lo + batch_size]
                width = max(len(r) for r, _ in chunk)
                x = torch.zeros((len(chunk), width), dtype=torch.long, device=device)
                m = torch.zeros_like(x)
                tt = torch.zeros_like(x)
                for j, (r, t) in enumerate(chunk):
                    x[j, : len(r)] = torch.tensor(r)
                    m[j, : len(r)] = 1
                    if t is not None:
                        tt[j, : len(t)] = torch.tensor(t)
                extra = {} if token_types is None else {"token_type_ids": tt}
                out_ = model(input_ids=x, attention_mask=m, **extra)
                probs = heads.probabilities("sequence_classification", out_, m, multi_label)
                out += probs.double()[:, label].tolist()
        return np.asarray(out)

    return score


def _soft_classifier(model, ids, units, types, label, multi_label, seed, step):
    device = next(model.parameters()).device
    x = torch.tensor([ids], device=device)
    extra = {} if types is None else {"token_type_ids": torch.tensor([types], device=device)}
    gen = torch.Generator(device="cpu").manual_seed(int(seed) + step)
    where = torch.tensor(units, device=device)

    def perturbed(keep_prob):
        with torch.inference_mode():
            emb = model.get_input_embeddings()(x).clone()
            p = torch.as_tensor(keep_prob, dtype=torch.float64)[:, None].expand(len(units), emb.shape[-1])
            mask = torch.bernoulli(p, generator=gen).to(emb.dtype).to(device)
            emb[0, where] = emb[0, where] * mask
            out = model(inputs_embeds=emb, attention_mask=torch.ones_like(x), **extra)
            probs = heads.probabilities("sequence_classification", out, None, multi_label)
            return float(probs.double()[0, label])

    return perturbed


def _token_types(lm, ids):
    """Segment ids for a sentence pair (0 up to the first separator, 1 after), when the model takes
    them; None otherwise."""
    if "token_type_ids" not in inspect.signature(lm.model.forward).parameters:
        return None
    sep = lm.tokenizer.sep_token_id
    first = ids.index(sep) if sep is not None and sep in ids else len(ids)
    return [0 if p <= first else 1 for p in range(len(ids))]


def evaluate_classifier(
    lm,
    input_ids,
    objectives,
    step_scores,
    bins=faithfulness.BINS,
    rounding="ceil",
    points=None,
    soft=True,
    seed=0,
    batch_size=8,
) -> dict:
    """Token-level faithfulness of a sequence classifier's attribution: for each explained label
    (``objectives``, by name), its scores over the input tokens (``step_scores[k][position]``) are
    evaluated on that label's probability. Special tokens ([CLS], [SEP], ...) always stay and are
    not ranked; the evaluated units (positions) are returned with the steps and their means."""
    model, tok = lm.model, lm.tokenizer
    head = heads.head_of(model, lm.source)
    if head != "sequence_classification":
        raise InvalidInput(
            f"token-level faithfulness evaluates sequence classifiers; model {lm.source} has a {head} head"
        )
    ids = [int(i) for i in input_ids]
    _check_ids(lm, ids, "the attribution")
    objectives = [str(o) for o in objectives]
    scores = _scores(step_scores, len(objectives), len(ids), "explained labels, input tokens")
    special = tok.get_special_tokens_mask(ids, already_has_special_tokens=True)
    units = [p for p, s in enumerate(special) if not s]
    if not units:
        raise InvalidInput("the input has only special tokens: nothing to evaluate")
    names = heads.label_names(model)
    multi = heads.is_multi_label(model)
    types = _token_types(lm, ids)
    steps = []
    for k, name in enumerate(objectives):
        if name not in names:
            raise InvalidInput(
                f"explained label {name!r} is not a class of model {lm.source} (its classes are "
                f"{', '.join(names)}); zero-shot explanations cannot be evaluated"
            )
        label = names.index(name)
        s = scores[k, units]
        score = classifier_scorer(
            model, ids, label, batch_size=batch_size, units=units, token_types=types, multi_label=multi
        )
        entry = evaluate(s, score, bins, rounding, points)
        if soft:
            perturbed = _soft_classifier(model, ids, units, types, label, multi, seed, k)
            entry.update(faithfulness.soft(s, perturbed, entry["full"]))
        steps.append(entry)
    return {"steps": steps, "mean": _means(steps), "units": units}
