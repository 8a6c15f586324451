"""Token-level faithfulness of sequence classifiers: ``score(keep)`` deletes the input tokens not
kept and reads the explained label's probability; the metrics come from :mod:`.faithfulness`
through :func:`.evaluation.evaluate`, as for sources and generation."""

from __future__ import annotations

import inspect

import numpy as np
import torch

from ..attribution import heads
from ..errors import InvalidInput
from . import evaluation, faithfulness


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
    evaluation.check_ids(lm, ids, "the attribution")
    objectives = [str(o) for o in objectives]
    scores = evaluation.step_matrix(step_scores, len(objectives), len(ids), "explained labels, input tokens")
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
        entry = evaluation.evaluate(s, score, bins, rounding, points)
        if soft:
            perturbed = _soft_classifier(model, ids, units, types, label, multi, seed, k)
            entry.update(faithfulness.soft(s, perturbed, entry["full"]))
        steps.append(entry)
    return {"steps": steps, "mean": evaluation.means(steps), "units": units}
