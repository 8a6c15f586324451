"""Sequential integrated gradients (Enguehard, 2023), as Inseq 0.7.1 runs it through its own op.

For each attributed position ``i`` the path runs from the baseline to the input at ``i`` alone,
every other token keeping its input embedding; the attribution of ``i`` is
``(x_i - b_i) * sum_a w_a grad_i(x with x_i -> b_i + a (x_i - b_i))`` (Captum's quadrature rules,
Gauss-Legendre by default, ``n_steps=50``).

Inseq runs, for every generated token ``p`` and every prefix position ``i < p``, a forward and a
backward pass over ``n_steps`` rows of the prefix. Here a path point ``(i, a)`` is one row over the
sequence up to a group of steps' longest prefix, and serves every step of the group (a causal
decoder's logits at ``p - 1`` read only tokens ``< p``; an encoder-decoder's source feeds every
step). Steps are grouped so that the shared forwards and the per-step backward passes (batched
over steps where the budget allows) cost least; only the changed token's embedding is a leaf.
"""

from __future__ import annotations

import torch

from ..errors import InvalidInput
from .gradient import ig_parameters
from .modeling import wide, wide_dtype

# Rows x tokens of one forward whose graph is kept for the backward passes.
FORWARD_TOKENS = 4096


def _groups(positions, n, src_len):
    """Consecutive step groups whose shared forwards plus per-step backwards cost least."""
    K = len(positions)

    def cost(size):
        total = 0
        for g0 in range(0, K, size):
            g1 = min(K, g0 + size)
            length = positions[g1 - 1]
            rows = n * (src_len or length)
            total += rows * (src_len + length) * (1 + 2 * (g1 - g0))
        return total

    size = min(range(1, K + 1), key=cost)
    return [(g0, min(K, g0 + size)) for g0 in range(0, K, size)]


def sequential_integrated_gradients(
    ctx,
    n_steps: int = 50,
    method: str = "gausslegendre",
    internal_batch_size: int | None = None,
    multiply_by_inputs: bool = True,
):
    enc = ctx.adapter.is_encoder_decoder
    if enc and ctx.attr_dec:
        raise InvalidInput(
            "sequential_integrated_gradients attributes the source only for encoder-decoder "
            "models (Inseq interpolates one position of source and target together and needs "
            "both of one length); {option}",
            option="AttributionOptions.optAttributeTarget",
            value=False,
        )
    sizes, alphas = ig_parameters(int(n_steps), method)
    n = len(alphas)
    positions = ctx.steps.positions.tolist()
    K, T = len(positions), max(positions)
    x, b = (ctx.x_src, ctx.b_src) if enc else (ctx.x_dec[:T], ctx.b_dec[:T])
    src_len = x.shape[0] if enc else 0
    dev = x.device
    out = torch.zeros(K, x.shape[0], x.shape[1], device=dev, dtype=wide_dtype(x.dtype))
    alpha = torch.tensor(alphas, device=dev, dtype=x.dtype)
    weight = torch.tensor(sizes).float().to(dev)
    chunk_rows = internal_batch_size or ctx.point_chunk
    for g0, g1 in _groups(positions, n, src_len):
        length = positions[g1 - 1]
        n_idx = src_len or length
        pt_idx = torch.arange(n_idx, device=dev).repeat_interleave(n)
        pt_alpha = torch.arange(n, device=dev).repeat(n_idx)
        rows = int(chunk_rows or max(1, FORWARD_TOKENS // (src_len + length)))
        for q0 in range(0, len(pt_idx), rows):
            qi, qa = pt_idx[q0 : q0 + rows], pt_alpha[q0 : q0 + rows]
            lo = g0 if enc else next(k for k in range(g0, g1) if positions[k] > int(qi.min()))
            grads = _chunk(ctx, x, b, qi, alpha[qa], weight[qa], lo, g1, length)
            out[lo:g1].index_add_(1, qi, grads)
    if multiply_by_inputs:
        out *= wide(x - b)
    return (out, None) if enc else (None, out)


def _chunk(ctx, x, b, qi, a, w, lo, hi, length):
    """``w_r * d score_k / d x_{qi_r}`` at each row's point, summed per row: ``[k, rows, H]``."""
    enc = ctx.adapter.is_encoder_decoder
    leaf = (b[qi] + a.unsqueeze(1) * (x[qi] - b[qi])).detach().requires_grad_(True)
    base = x if enc else x[:length]
    at = torch.arange(base.shape[0], device=x.device).unsqueeze(0) == qi.unsqueeze(1)
    rows = torch.where(at.unsqueeze(-1), leaf.unsqueeze(1), base.unsqueeze(0))
    dec = ctx.x_dec[:length].unsqueeze(0).expand(len(qi), -1, -1) if enc else rows
    logits, _ = ctx.adapter.logits(rows if enc else None, dec, ctx.steps.positions[lo:hi] - 1)
    scores = ctx.steps.score(logits, slice(lo, hi))  # [rows, k]
    k = scores.shape[1]
    per_vjp = max(1, ctx.vjp_tokens // max(1, rows.shape[0] * (rows.shape[1] + (length if enc else 0))))
    outs = []
    for i0 in range(0, k, per_vjp):
        i1 = min(k, i0 + per_vjp)
        sel = torch.zeros(i1 - i0, *scores.shape, device=scores.device, dtype=scores.dtype)
        j = torch.arange(i1 - i0, device=scores.device)
        sel[j, :, i0 + j] = w.to(scores.dtype)
        last = i1 == k
        if i1 - i0 == 1:
            (g,) = torch.autograd.grad(scores, leaf, sel[0], retain_graph=not last)
            g = g.unsqueeze(0)
        else:
            (g,) = torch.autograd.grad(scores, leaf, sel, retain_graph=not last, is_grads_batched=True)
        outs.append(wide(g))
    return torch.cat(outs)
