"""Occlusion (Inseq's ``occlusion`` with its default window: one whole token at a time).

Captum's occlusion, as Inseq calls it, replaces one token's embedding by the baseline embedding
and reports ``f(x) - f(x with token i occluded)``; Inseq keeps the absolute value. Because a causal
decoder's logits at position ``p - 1`` ignore later tokens, one forward pass of "x with token i
occluded" over the whole sequence serves every step at once: ``1 + len(prefix)`` forwards in all
(batched), instead of one per (step, token) pair.
"""

from __future__ import annotations

import torch

from .modeling import wide


def row_scores(adapter, rows_src, rows_dec, steps, max_rows=None):
    """Scores ``[R, K]`` of every step for every row (no gradient), batched by ``max_rows``."""
    n = rows_dec.shape[0]
    size = n if not max_rows else max(1, int(max_rows))
    positions = steps.positions - 1
    outs = []
    with torch.no_grad():
        for i in range(0, n, size):
            src = rows_src[i : i + size] if rows_src is not None else None
            logits, _ = adapter.logits(src, rows_dec[i : i + size], positions)
            outs.append(wide(steps.score(logits, slice(0, len(steps)))))
    return torch.cat(outs)


def _variants(x, b, upto):
    """Row 0 = x; row i + 1 = x with row i replaced by the baseline row i (i < upto)."""
    rows = x.unsqueeze(0).repeat(upto + 1, *([1] * x.dim()))
    idx = torch.arange(upto, device=x.device)
    rows[idx + 1, idx] = b[idx]
    return rows


def occlusion(ctx):
    """Per-step ``|delta|`` per token: ``(src[K, S] | None, dec[K, T] | None)``."""
    steps = ctx.steps.positions.tolist()
    length = max(steps)
    x_dec = ctx.x_dec[:length]
    rows_per_batch = max(
        1, ctx.max_tokens // max(1, length + (ctx.x_src.shape[0] if ctx.x_src is not None else 0))
    )
    K, T = len(steps), ctx.x_dec.shape[0]
    src_out = dec_out = None
    if ctx.x_src is not None:
        rows = _variants(ctx.x_src, ctx.b_src, ctx.x_src.shape[0])
        scores = row_scores(
            ctx.adapter, rows, x_dec.unsqueeze(0).expand(rows.shape[0], -1, -1), ctx.steps, rows_per_batch
        )
        src_out = (scores[:1] - scores[1:]).abs().transpose(0, 1)  # [K, S]
    if ctx.attr_dec:
        rows = _variants(x_dec, ctx.b_dec[:length], length)
        src = ctx.x_src.unsqueeze(0).expand(rows.shape[0], -1, -1) if ctx.x_src is not None else None
        scores = row_scores(ctx.adapter, src, rows, ctx.steps, rows_per_batch)
        dec_out = torch.zeros(K, T, device=rows.device, dtype=scores.dtype)
        dec_out[:, :length] = (scores[:1] - scores[1:]).abs().transpose(0, 1)
    return src_out, dec_out
