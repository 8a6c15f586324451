"""Attention weights as attribution (Inseq's ``attention`` method, a final-step method).

One forward pass over the longest prefix with ``output_attentions`` (eager attention). For step
``p`` the scores are the attention of query position ``p - 1`` over the keys, for every layer and
head: ``[keys, layers, heads]``. Decoder-only models attribute the prefix (target side);
encoder-decoder models attribute the source with the cross-attention, the target prefix with the
decoder self-attention when ``attribute_target``; otherwise the decoder self-attention and the
encoder self-attention are returned as sequence scores, as Inseq does.
"""

from __future__ import annotations

import torch

from ..errors import InvalidInput
from .modeling import wide, wide_dtype


def _stack(per_layer):
    if not per_layer or per_layer[0] is None:
        raise InvalidInput(
            "the model returned no attention weights; load it with attn_implementation='eager'"
        )
    return wide(torch.stack([a[0] for a in per_layer]))  # [layers, heads, q, k]


def _select(t, layers, heads):
    """Keep the chosen layer/head indices (``None``: all, as Inseq) of ``[..., layers, heads]``."""
    if layers is not None:
        t = t[..., list(layers), :]
    if heads is not None:
        t = t[..., list(heads)]
    return t


def attention(ctx, layers: list[int] | None = None, heads: list[int] | None = None):
    """Per-step attention scores ``(src[K, S, L, H] | None, dec[K, T, L, H] | None, extras)``.

    ``layers``/``heads`` (lists of indices, default all) select a subset before Inseq's default
    aggregation (mean over heads, then over layers) is applied downstream.
    """
    out = _attention(ctx)
    try:
        return tuple(None if t is None else _select(t, layers, heads) for t in out[:2]) + (
            {k: _select(v, layers, heads) for k, v in out[2].items()},
        )
    except IndexError as e:
        raise InvalidInput(f"attention: layer/head index out of range ({e})") from e


def _attention(ctx):
    steps = ctx.steps.positions.tolist()
    length = max(steps)
    src = ctx.x_src.unsqueeze(0) if ctx.x_src is not None else None
    dec = ctx.x_dec[:length].unsqueeze(0)
    with torch.no_grad():
        last = torch.tensor([length - 1], device=dec.device)
        _, out = ctx.adapter.logits(src, dec, last, output_attentions=True)
    T = ctx.x_dec.shape[0]
    if ctx.adapter.is_encoder_decoder:
        self_attn = _stack(out.decoder_attentions)
        cross = _stack(out.cross_attentions)
        enc = _stack(out.encoder_attentions)
        src_steps = torch.stack([cross[:, :, p - 1, :].permute(2, 0, 1) for p in steps])
        extras = {"encoder_self_attentions": enc.permute(3, 2, 0, 1)}
        dec_steps = None
        if ctx.attr_dec:
            dec_steps = _per_step(self_attn, steps, T)
        else:
            k = len(steps)
            extras["decoder_self_attentions"] = self_attn.permute(3, 2, 0, 1)[:k, :k]
        return src_steps, dec_steps, extras
    return None, _per_step(_stack(out.attentions), steps, T), {}


def _per_step(self_attn, steps, T):
    layers, heads = self_attn.shape[0], self_attn.shape[1]
    outp = torch.zeros(
        len(steps), T, layers, heads, device=self_attn.device, dtype=wide_dtype(self_attn.dtype)
    )
    for k, p in enumerate(steps):
        outp[k, :p] = self_attn[:, :, p - 1, :p].permute(2, 0, 1)
    return outp
