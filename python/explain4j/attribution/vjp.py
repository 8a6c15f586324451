"""Batched vector-Jacobian products: one gradient per generation step, without one call per step.

Inseq runs a forward and a backward pass per generated token, each over that token's prefix.
Here the steps share work; for a causal decoder the logits at position ``p - 1`` depend only on
tokens ``< p``, so running the whole sequence once gives every step's value, and a gradient taken
from position ``p - 1`` is zero at positions ``>= p`` (reported as NaN, as Inseq does).

Strategies (``strategy=`` option):

``vmap``
    One forward over the whole sequence (per chunk of input points); the per-step VJPs are batched
    with ``torch.autograd.grad(..., is_grads_batched=True)`` using one-hot step selectors.
``chunked``
    Steps are grouped into chunks of consecutive positions; each chunk runs the forward only up to
    its longest prefix and batches its selectors as in ``vmap``.
``replicate``
    The input is replicated once per step in the batch dimension (rows truncated to the chunk's
    longest prefix); each row's objective is its own step's score, so one ordinary backward gives
    every step's gradient.

All strategies give the same numbers up to float rounding (tests check this).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import torch

from .modeling import wide, wide_dtype

STRATEGIES = ("vmap", "chunked", "replicate")


@dataclass
class StepBatch:
    """The steps to attribute: decoder positions ``p`` and their score function.

    ``score(logits[B, k, V], sel)`` returns ``[B, k]`` scores for the steps ``sel`` (a slice or an
    index tensor into the step list), reading the logits of position ``p - 1`` for step ``p``.
    """

    positions: torch.Tensor  # [K] long, decoder positions p of the target tokens
    score: Callable[[torch.Tensor, object], torch.Tensor]

    def __len__(self):
        return int(self.positions.numel())


def _chunks(n: int, size: int):
    size = max(1, int(size))
    for i in range(0, n, size):
        yield i, min(n, i + size)


def shared_point_grads(
    adapter,
    points_src,
    points_dec,
    coef,
    steps: StepBatch,
    attr_src: bool,
    attr_dec: bool,
    strategy: str = "vmap",
    max_tokens: int = 16384,
    point_chunk: int | None = None,
    sink: dict | None = None,
    vjp_tokens: int | None = None,
    weights: tuple | None = None,
):
    """``sum_q coef[k, q] * d score_k(point_q) / d point_q`` for every step ``k``.

    ``points_src``: ``[P, S, H]`` or ``None``; ``points_dec``: ``[P, T, H]``; ``coef``: ``[K, P]``.
    Returns ``(src_grads[K, S, H] | None, dec_grads[K, T, H] | None)`` (float32, zero beyond the
    computed prefix). With ``sink``, the logits rows of point 0 are stored there per step index
    (so step scores need no extra forward pass when point 0 is the input itself). ``weights``
    ``(w_src[P, S, H] | None, w_dec[P, T, H] | None)`` multiply each point's gradient element-wise
    before the sum over points (discretized integrated gradients' path steps).
    """
    K, P = len(steps), points_dec.shape[0]
    T = points_dec.shape[1]
    acc = dict(device=points_dec.device, dtype=wide_dtype(points_dec.dtype))
    src_out = torch.zeros((K,) + tuple(points_src.shape[1:]), **acc) if attr_src else None
    dec_out = torch.zeros((K, T, points_dec.shape[2]), **acc) if attr_dec else None
    pc = P if point_chunk is None else max(1, min(P, int(point_chunk)))
    src_len = points_src.shape[1] if points_src is not None else 0
    for q0, q1 in _chunks(P, pc):
        n_pts = q1 - q0
        if strategy == "replicate":
            per_step = n_pts * (src_len + T)
            groups = list(_chunks(K, max(1, max_tokens // max(1, per_step))))
        elif strategy == "chunked":
            groups = list(_chunks(K, max(1, max_tokens // max(1, n_pts * (src_len + T)))))
        else:
            groups = [(0, K)]
        for g0, g1 in groups:
            sel = slice(g0, g1)
            length = int(steps.positions[g0:g1].max()) if strategy != "vmap" else int(steps.positions.max())
            src = points_src[q0:q1] if points_src is not None else None
            dec = points_dec[q0:q1, :length]
            c = coef[g0:g1, q0:q1] if strategy != "vmap" else coef[:, q0:q1]
            w = _weights(weights, q0, q1, length)
            if strategy == "replicate":
                gs, gd = _replicate(adapter, src, dec, c, steps, sel, attr_src, attr_dec, w)
            else:
                step_sel = sel if strategy == "chunked" else slice(0, K)
                gs, gd = _batched(
                    adapter,
                    src,
                    dec,
                    c,
                    steps,
                    step_sel,
                    attr_src,
                    attr_dec,
                    max(1, (vjp_tokens or max_tokens) // max(1, n_pts * (src_len + length))),
                    sink if q0 == 0 else None,
                    w,
                )
            if attr_src:
                src_out[g0:g1] += gs if strategy != "vmap" else gs[g0:g1]
            if attr_dec:
                seg = gd if strategy != "vmap" else gd[g0:g1]
                dec_out[g0:g1, :length] += seg
    return src_out, dec_out


def _weights(weights, q0, q1, length):
    if weights is None:
        return None, None
    w_src, w_dec = weights
    return (
        w_src[q0:q1] if w_src is not None else None,
        w_dec[q0:q1, :length] if w_dec is not None else None,
    )


def _weighted_sum(g, w):
    """Sum over the point dimension (1) of ``g[k, P, ...]``, each point weighted by ``w[P, ...]``."""
    g = wide(g)
    return (g * wide(w)).sum(1) if w is not None else g.sum(1)


def _leaf(t, needs_grad):
    if t is None:
        return None
    return t.detach().clone().requires_grad_(needs_grad)


def _batched(adapter, src, dec, coef, steps, sel, attr_src, attr_dec, kc, sink=None, w=(None, None)):
    """One forward over ``dec``'s length; per-step VJPs batched with one-hot selectors."""
    src_l, dec_l = _leaf(src, attr_src), _leaf(dec, attr_dec)
    positions = steps.positions[sel]
    logits, _ = adapter.logits(src_l, dec_l, positions - 1)
    if sink is not None:
        for i, k in enumerate(range(len(steps))[sel]):
            sink[k] = logits[0, i].detach()
    scores = steps.score(logits, sel)  # [n_pts, k]
    k, n_pts = scores.shape[1], scores.shape[0]
    inputs = [t for t, a in ((src_l, attr_src), (dec_l, attr_dec)) if a]
    outs_src, outs_dec = [], []
    for i0, i1 in _chunks(k, kc):
        sel_out = torch.zeros((i1 - i0, n_pts, k), device=scores.device, dtype=scores.dtype)
        idx = torch.arange(i1 - i0, device=scores.device)
        sel_out[idx, :, i0 + idx] = coef[i0:i1].to(scores.dtype)
        last = i1 == k
        if i1 - i0 == 1:
            grads = torch.autograd.grad(scores, inputs, sel_out[0], retain_graph=not last)
            grads = [g.unsqueeze(0) for g in grads]
        else:
            grads = torch.autograd.grad(scores, inputs, sel_out, retain_graph=not last, is_grads_batched=True)
        gi = 0
        if attr_src:
            outs_src.append(_weighted_sum(grads[gi], w[0]))
            gi += 1
        if attr_dec:
            outs_dec.append(_weighted_sum(grads[gi], w[1]))
    return (torch.cat(outs_src) if attr_src else None, torch.cat(outs_dec) if attr_dec else None)


def _replicate(adapter, src, dec, coef, steps, sel, attr_src, attr_dec, w=(None, None)):
    """Rows = (step, point); each row's objective is its own step's score."""
    k, n_pts = coef.shape
    rows_src = src.repeat(k, 1, 1) if src is not None else None
    rows_dec = dec.repeat(k, 1, 1)
    grads = row_grads(
        adapter,
        rows_src,
        rows_dec,
        steps,
        sel,
        torch.arange(k, device=dec.device).repeat_interleave(n_pts),
        coef.reshape(-1),
        attr_src,
        attr_dec,
    )
    gs = _weighted_sum(grads[0].view(k, n_pts, *grads[0].shape[1:]), w[0]) if attr_src else None
    gd = _weighted_sum(grads[1].view(k, n_pts, *grads[1].shape[1:]), w[1]) if attr_dec else None
    return gs, gd


def row_grads(adapter, rows_src, rows_dec, steps, sel, row_step, row_coef, attr_src, attr_dec):
    """Gradient of ``row_coef[r] * score_{row_step[r]}(row r)`` w.r.t. each row's own input.

    ``sel`` selects the steps of this batch; ``row_step[r]`` indexes into that selection.
    Returns ``(src_grads[R, ...] | None, dec_grads[R, ...] | None)`` in the model dtype.
    """
    src_l, dec_l = _leaf(rows_src, attr_src), _leaf(rows_dec, attr_dec)
    positions = steps.positions[sel]
    logits, _ = adapter.logits(src_l, dec_l, positions - 1)
    rows = torch.arange(logits.shape[0], device=logits.device)
    picked = logits[rows, row_step].unsqueeze(1)  # [R, 1, V]
    step_index = torch.arange(len(steps), device=logits.device)[sel][row_step]
    scores = steps.score(picked, step_index.unsqueeze(-1)).squeeze(1)  # [R]
    objective = (scores * row_coef.to(scores.dtype)).sum()
    inputs = [t for t, a in ((src_l, attr_src), (dec_l, attr_dec)) if a]
    grads = list(torch.autograd.grad(objective, inputs))
    gs = grads.pop(0) if attr_src else None
    gd = grads.pop(0) if attr_dec else None
    return gs, gd
