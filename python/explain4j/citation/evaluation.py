"""Faithfulness of attributions on a model: the adapters that turn "keep these units" into the
model's output, for sources of a context and for the source tokens of a generation (the prompt of
a decoder-only model, the encoder input of an encoder-decoder model). Classifier tokens are in
:mod:`.classifier_faithfulness`; the metrics themselves are in :mod:`.faithfulness`."""

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


def check_ids(lm, ids, what):
    vocab = lm.model.get_input_embeddings().num_embeddings
    bad = [i for i in ids if not 0 <= i < vocab]
    if bad:
        raise InvalidInput(
            f"{what} holds token id {bad[0]}, outside model {lm.source}'s vocabulary ({vocab} ids): "
            "evaluate a result with the model that made it"
        )


def step_matrix(step_scores, steps, units, what):
    scores = np.asarray(step_scores, dtype=np.float64)
    if scores.ndim != 2 or scores.shape != (steps, units):
        raise InvalidInput(f"token scores must be [{what}] = [{steps}, {units}], got {list(scores.shape)}")
    return scores


def means(steps) -> dict:
    keys = [k for k, v in steps[0].items() if isinstance(v, float)]
    return {k: float(np.mean([s[k] for s in steps])) for k in keys}


def _seq2seq_scorer(model, source_ids, decoder_ids, target, batch_size):
    """``score(keep)`` for an encoder-decoder step: the probability of ``target`` after
    ``decoder_ids`` with the source tokens not kept deleted (the first one when none is kept)."""
    src = np.asarray(source_ids)
    device = next(model.parameters()).device

    def score(keep_rows):
        rows = [src[np.asarray(k, dtype=bool)].tolist() or src[:1].tolist() for k in keep_rows]
        by_length = {}
        for i, r in enumerate(rows):
            by_length.setdefault(len(r), []).append(i)
        out = np.empty(len(rows), dtype=np.float64)
        with torch.inference_mode():
            for group in by_length.values():
                for lo in range(0, len(group), max(1, int(batch_size))):
                    chunk = group[lo : lo + max(1, int(batch_size))]
                    x = torch.tensor([rows[i] for i in chunk], device=device)
                    d = torch.tensor([list(decoder_ids)] * len(chunk), device=device)
                    logits = model(input_ids=x, decoder_input_ids=d).logits[:, -1]
                    out[chunk] = logits.double().softmax(-1)[:, target].cpu().numpy()
        return out

    return score


def _seq2seq_soft(model, source_ids, decoder_ids, target, seed, step):
    device = next(model.parameters()).device
    x = torch.tensor([list(source_ids)], device=device)
    d = torch.tensor([list(decoder_ids)], device=device)
    gen = torch.Generator(device="cpu").manual_seed(int(seed) + step)

    def perturbed(keep_prob):
        with torch.inference_mode():
            emb = model.get_input_embeddings()(x).clone()
            p = torch.as_tensor(keep_prob, dtype=torch.float64)[:, None].expand(x.shape[1], emb.shape[-1])
            emb[0] = emb[0] * torch.bernoulli(p, generator=gen).to(emb.dtype).to(device)
            logits = model(inputs_embeds=emb, decoder_input_ids=d).logits[0, -1]
            return float(logits.double().softmax(-1)[target])

    return perturbed


def _scorers(lm, prompt_ids, generated_ids, decoder_prefix, t, batch_size, seed):
    """``score(keep)`` and the soft ``perturbed(keep_prob)`` of step ``t``."""
    if decoder_prefix is None:
        return (
            _step_scorer(lm.model, prompt_ids, generated_ids, t, batch_size),
            _soft_scorer(lm.model, prompt_ids, generated_ids, t, seed),
        )
    decoder = list(decoder_prefix) + list(generated_ids[:t])
    target = int(generated_ids[t])
    return (
        _seq2seq_scorer(lm.model, prompt_ids, decoder, target, batch_size),
        _seq2seq_soft(lm.model, prompt_ids, decoder, target, seed, t),
    )


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
    decoder_prefix=None,
) -> dict:
    """Token-level faithfulness of a generation's attribution: for each generated token, its
    scores over the source tokens (``step_scores[step][position]``) are evaluated on the probability
    of that token. The source tokens are the prompt of a decoder-only model (the generated prefix
    follows it) or the encoder input of an encoder-decoder model, whose decoder reads
    ``decoder_prefix`` (its start token) and the generated prefix. Returns one entry per step,
    their means and the evaluated units (source positions)."""
    seq2seq = lm.kind == "encoder-decoder"
    if lm.kind not in ("decoder", "encoder-decoder"):
        raise InvalidInput(
            f"token-level faithfulness of generation needs a generative model; {lm.source} is {lm.kind}"
        )
    if seq2seq != (decoder_prefix is not None):
        raise InvalidInput(
            f"model {lm.source} is {lm.kind}: give decoder_prefix exactly for encoder-decoder models"
        )
    prompt_ids = [int(i) for i in prompt_ids]
    generated_ids = [int(i) for i in generated_ids]
    if seq2seq:
        decoder_prefix = [int(i) for i in decoder_prefix]
    if not prompt_ids or not generated_ids:
        raise InvalidInput("the attribution has no source tokens or no generated tokens to evaluate")
    check_ids(lm, prompt_ids + generated_ids + list(decoder_prefix or []), "the attribution")
    scores = step_matrix(step_scores, len(generated_ids), len(prompt_ids), "generated tokens, source tokens")
    steps = []
    for t in range(len(generated_ids)):
        score, perturbed = _scorers(lm, prompt_ids, generated_ids, decoder_prefix, t, batch_size, seed)
        entry = evaluate(scores[t], score, bins, rounding, points)
        if soft:
            entry.update(faithfulness.soft(scores[t], perturbed, entry["full"]))
        steps.append(entry)
    return {"steps": steps, "mean": means(steps), "units": list(range(len(prompt_ids)))}
