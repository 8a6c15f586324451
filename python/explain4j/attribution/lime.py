"""LIME as Inseq 0.7.1 runs it, with every random draw in the same order.

Per attribution step (the prefix for decoder-only models, the source for encoder-decoder ones):

1. ``n_samples`` times: draw a keep/mask choice per token with
   ``torch.multinomial([mask_prob, 1 - mask_prob], len, replacement=True)`` (index 0 = mask).
   Masked tokens' embedding rows are replaced by the *scalar* id of the mask token (``unk`` or
   ``pad``) broadcast over the hidden size; that is what Inseq's perturbation computes.
   Inseq's special-token guard compares embedding rows with token ids and never matches, so
   special tokens can be masked too.
2. The sample's weight is the number of embedding entries equal to the original's, its target
   the attributed function (the step's probability by default).
3. Captum fits ``sklearn.linear_model.Ridge`` (``alpha=1``, intercept, sample weights) on the
   flattened perturbed embeddings; iterating its DataLoader draws one int64 from torch's global
   generator. The coefficients, reshaped to ``[len, hidden]``, are the attributions.

The Ridge solution is computed here in closed form (float64, sklearn's centring and
``sqrt(weight)`` rescaling, dual form when features outnumber samples). All samples of all steps
are evaluated in batched forward passes instead of one forward per sample.
"""

from __future__ import annotations

import torch

from ..errors import InvalidInput
from .encoding import Special
from .occlusion import row_scores


def ridge(x: torch.Tensor, y: torch.Tensor, w: torch.Tensor, alpha: float = 1.0) -> torch.Tensor:
    """Weighted ridge regression coefficients with an (unpenalised) intercept, in float64."""
    x, y, w = x.double(), y.double(), w.double()
    x_off = (w[:, None] * x).sum(0) / w.sum()
    y_off = (w * y).sum() / w.sum()
    sw = w.sqrt()
    xs = (x - x_off) * sw[:, None]
    ys = (y - y_off) * sw
    n, d = xs.shape
    if d > n:
        kernel = xs @ xs.T + alpha * torch.eye(n, dtype=xs.dtype, device=xs.device)
        return xs.T @ torch.linalg.solve(kernel, ys)
    gram = xs.T @ xs + alpha * torch.eye(d, dtype=xs.dtype, device=xs.device)
    return torch.linalg.solve(gram, xs.T @ ys)


def _consume_fit_draws(n_features: int) -> None:
    """Advance torch's generator as Captum's fit does: DataLoader seed, then ``nn.Linear`` init."""
    torch.empty((), dtype=torch.int64).random_()
    torch.nn.Linear(n_features, 1)


MASK_TOKENS = ("unk", "pad")


def lime(ctx, n_samples: int = 50, mask_prob: float = 0.3, mask_token: str = "unk"):
    """Per-step LIME coefficients: ``(src[K, S, H] | None, dec[K, T, H] | None)``."""
    if ctx.adapter.is_encoder_decoder and ctx.attr_dec:
        raise InvalidInput(
            "lime with attribute_target=True is not supported for encoder-decoder "
            "models (Inseq does not support it either)"
        )
    special = Special.of(ctx.adapter.model, ctx.tokenizer)
    if mask_token not in MASK_TOKENS:
        raise InvalidInput(f"lime mask_token must be 'unk' or 'pad', got {mask_token!r}")
    fill = special.unk if mask_token == "unk" else ctx.tokenizer.pad_token_id
    if fill is None:
        fill = special.pad
    steps = ctx.steps.positions.tolist()
    n = int(n_samples)
    probs = torch.tensor([mask_prob, 1 - mask_prob])
    masks = []
    for p in steps:
        length = ctx.x_src.shape[0] if ctx.x_src is not None else p
        masks.append(torch.stack([torch.multinomial(probs, length, replacement=True) for _ in range(n)]))
        _consume_fit_draws(length * ctx.x_dec.shape[-1])
    length = max(steps)
    K, dev, dtype = len(steps), ctx.x_dec.device, ctx.x_dec.dtype
    src_out = torch.zeros(K, *ctx.x_src.shape, device=dev) if ctx.x_src is not None else None
    dec_out = torch.zeros(K, *ctx.x_dec.shape, device=dev) if ctx.x_src is None else None
    base = ctx.x_src if ctx.x_src is not None else ctx.x_dec[:length]
    width = base.shape[0] + (length if ctx.x_src is not None else 0)
    group = max(1, ctx.max_tokens // max(1, n * width))
    for g0 in range(0, K, group):
        g1 = min(K, g0 + group)
        rows, feats = [], []
        for j in range(g0, g1):
            m = masks[j].to(dev).unsqueeze(-1)  # [n, len, 1]
            orig = base[: m.shape[1]].unsqueeze(0)
            pert = orig * m + (1 - m) * fill
            feats.append(pert.to(dtype))
            row = base.unsqueeze(0).repeat(n, 1, 1)
            row[:, : m.shape[1]] = pert.to(dtype)
            rows.append(row)
        rows = torch.cat(rows)
        if ctx.x_src is not None:
            dec_rows = ctx.x_dec[:length].unsqueeze(0).expand(rows.shape[0], -1, -1)
            scores = row_scores(ctx.adapter, rows, dec_rows, ctx.steps)
        else:
            scores = row_scores(ctx.adapter, None, rows, ctx.steps)
        for j in range(g0, g1):
            i = j - g0
            y = scores[i * n : (i + 1) * n, j]
            pert = feats[i]
            orig = base[: pert.shape[1]].unsqueeze(0)
            w = (pert == orig).flatten(1).sum(1)
            coef = ridge(pert.flatten(1), y, w).float().view(pert.shape[1:])
            if src_out is not None:
                src_out[j] = coef
            else:
                dec_out[j, : coef.shape[0]] = coef
    return src_out, dec_out
