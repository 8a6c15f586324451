"""Faithfulness of attributions on a model: the adapters that turn "keep these units" into the
model's output, for sources of a context, prompt tokens of a generation, and classifier tokens.
The metrics themselves are in :mod:`.faithfulness`."""

from __future__ import annotations

import numpy as np
import torch

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
    of that token; returns one entry per step and their means."""
    scores = np.asarray(step_scores, dtype=np.float64)
    if scores.ndim != 2 or scores.shape != (len(generated_ids), len(prompt_ids)):
        raise InvalidInput(
            "token scores must be [generated tokens, prompt tokens] = "
            f"[{len(generated_ids)}, {len(prompt_ids)}], got {list(scores.shape)}"
        )
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
    keys = [k for k, v in steps[0].items() if isinstance(v, float)]
    return {"steps": steps, "mean": {k: float(np.mean([s[k] for s in steps])) for k in keys}}


def classifier_scorer(model, input_ids, label, keep_ends=True, batch_size=8):
    """``score(keep)`` for a sequence classifier: the probability of ``label`` with the tokens not
    kept deleted. With ``keep_ends`` the units are the tokens between the first and the last
    (``[CLS]`` and ``[SEP]`` always stay)."""
    ids = list(input_ids)
    head, body, tail = (ids[:1], ids[1:-1], ids[-1:]) if keep_ends else ([], ids, [])
    device = next(model.parameters()).device

    def score(keep_rows):
        rows = [head + [t for t, k in zip(body, keep) if k] + tail for keep in keep_rows]
        out = []
        with torch.inference_mode():
            for lo in range(0, len(rows), batch_size):
                chunk = rows[lo : lo + batch_size]
                width = max(len(r) for r in chunk)
                x = torch.zeros((len(chunk), width), dtype=torch.long, device=device)
                m = torch.zeros_like(x)
                for j, r in enumerate(chunk):
                    x[j, : len(r)] = torch.tensor(r)
                    m[j, : len(r)] = 1
                logits = model(input_ids=x, attention_mask=m).logits
                out += logits.double().softmax(-1)[:, label].tolist()
        return np.asarray(out)

    return score
