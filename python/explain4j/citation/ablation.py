"""Log-probabilities of a fixed answer under many versions of one prompt, batched.

Every row is a prompt followed by the same answer ids. The rows' common prefix runs once; its
key/value cache is repeated for each batch of suffixes, which are left-padded with explicit
positions so that the answer sits at the end of every row. Rows are batched in order of length
(less padding), and the forwards use sdpa attention where the model has it: no attention weights
are needed here, and eager attention is about twice as slow on long prompts.
"""

from __future__ import annotations

import copy
from contextlib import contextmanager

import numpy as np
import torch

from ..architectures.base import _set_attn


def common_prefix(rows) -> int:
    """Length of the longest id prefix shared by all ``rows``."""
    first = rows[0]
    n = min(len(r) for r in rows)
    for r in rows[1:]:
        k = 0
        while k < n and r[k] == first[k]:
            k += 1
        n = k
    return n


def _prefix_cache(model, prefix, device):
    if not prefix:
        return None
    ids = torch.tensor([prefix], device=device)
    return model(input_ids=ids, attention_mask=torch.ones_like(ids), use_cache=True).past_key_values


def _batch(model, cache, shared, suffixes, answer_len, pad_id, device):
    b, width = len(suffixes), max(len(s) for s in suffixes)
    ids = torch.full((b, width), pad_id, dtype=torch.long, device=device)
    mask = torch.zeros((b, shared + width), dtype=torch.long, device=device)
    mask[:, :shared] = 1
    for j, s in enumerate(suffixes):
        ids[j, width - len(s) :] = torch.tensor(s, device=device)
        mask[j, shared + width - len(s) :] = 1
    positions = (mask.cumsum(-1) - 1).clamp(min=0)[:, shared:]
    past = None
    if cache is not None:
        past = copy.deepcopy(cache)
        past.batch_repeat_interleave(b)
    out = model(
        input_ids=ids,
        attention_mask=mask,
        position_ids=positions,
        past_key_values=past,
        use_cache=cache is not None,
        logits_to_keep=answer_len + 1,
    )
    logits = out.logits[:, -(answer_len + 1) : -1]
    wide = torch.float64 if logits.dtype == torch.float64 else torch.float32
    return logits.to(wide).log_softmax(-1)


def answer_logprobs(model, prompts, answer_ids, batch_size=8, share_prefix=True, pad_id=0):
    """Per-token log-probabilities ``[rows, answer tokens]`` (float64) of ``answer_ids`` after each
    prompt (a list of id lists). ``share_prefix`` runs the common prefix once."""
    device = next(model.parameters()).device
    answer = list(answer_ids)
    a = len(answer)
    rows = [list(p) + answer for p in prompts]
    shared = 0
    if share_prefix and len(rows) > 1:
        shared = min(common_prefix(rows), min(len(p) for p in prompts) - 1)
        shared = max(shared, 0)
    target = torch.tensor(answer, device=device)
    out = np.empty((len(rows), a), dtype=np.float64)
    with torch.inference_mode(), _sdpa(model):
        cache = _prefix_cache(model, rows[0][:shared], device)
        for chunk in _chunks(rows, shared, max(1, int(batch_size))):
            logp = _batch(model, cache, shared, [rows[i][shared:] for i in chunk], a, pad_id, device)
            picked = logp.gather(-1, target.expand(len(chunk), a)[..., None])[..., 0]
            out[chunk] = picked.double().cpu().numpy()
    return out


def _chunks(rows, shared, size):
    """Row indices per batch. Without a shared prefix a left-padded row would have pad positions
    that attend to nothing (NaN in eager attention), so rows are batched by equal length."""
    if shared > 0:
        order = sorted(range(len(rows)), key=lambda i: len(rows[i]))
        return [order[lo : lo + size] for lo in range(0, len(rows), size)]
    by_length = {}
    for i, r in enumerate(rows):
        by_length.setdefault(len(r), []).append(i)
    return [g[lo : lo + size] for g in by_length.values() for lo in range(0, len(g), size)]


@contextmanager
def _sdpa(model):
    """sdpa attention for the scope, when the model runs eager attention and supports sdpa."""
    current = getattr(model.config, "_attn_implementation", None) or "eager"
    switched = False
    if current == "eager":
        try:
            _set_attn(model, "sdpa")
            switched = True
        except (ValueError, ImportError, NotImplementedError):
            pass
    try:
        yield
    finally:
        if switched:
            _set_attn(model, current)
