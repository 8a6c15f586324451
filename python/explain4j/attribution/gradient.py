"""Gradient methods: saliency, input x gradient, DeepLIFT, integrated gradients, GradientSHAP.

Each function gets a :class:`~explain4j.attribution.context.Context` and returns per-step
attributions ``(src[K, S, H] | None, dec[K, T, H] | None)`` in float32, matching what Captum (via
Inseq) returns for each generation step:

* saliency: ``|grad|`` (Captum's ``abs=True`` default)
* input_x_gradient: ``grad * x``
* deeplift: ``(x - ref) * grad`` with the rescale rule (see :mod:`.deeplift`)
* integrated_gradients: ``(x - ref) * sum_i w_i grad(ref + a_i (x - ref))`` (Gauss-Legendre by
  default, ``n_steps=50``)
* gradient_shap: mean over ``n_samples`` of ``(x_s - ref) * grad(ref + c_s (x_s - ref))`` with
  ``c_s ~ U(0, 1)`` drawn from NumPy's global generator and ``x_s = x + N(0, stdevs)`` noise from
  torch's, drawn in exactly Captum's order, so seeding both generators reproduces Inseq.
"""

from __future__ import annotations

import numpy as np
import torch

from ..errors import InvalidInput
from .deeplift import rescale_rule
from .modeling import wide, wide_dtype
from .vjp import row_grads, shared_point_grads


def _shared(ctx, points_src, points_dec, coef, first_is_input=False):
    """Shared-point gradients; when point 0 is the input, its logits are kept for step scores."""
    sink = ctx.logits_sink if first_is_input and ctx.strategy != "replicate" else None
    return shared_point_grads(
        ctx.adapter,
        points_src,
        points_dec,
        coef,
        ctx.steps,
        attr_src=ctx.attr_src,
        attr_dec=ctx.attr_dec,
        strategy=ctx.strategy,
        max_tokens=ctx.max_tokens,
        point_chunk=ctx.point_chunk,
        sink=sink,
        vjp_tokens=ctx.vjp_tokens,
    )


def _one(ctx):
    src = ctx.x_src.unsqueeze(0) if ctx.x_src is not None else None
    return src, ctx.x_dec.unsqueeze(0)


def saliency(ctx, abs: bool = True):
    src, dec = _one(ctx)
    gs, gd = _shared(ctx, src, dec, torch.ones(len(ctx.steps), 1, device=dec.device), True)
    if abs:
        gs, gd = (g.abs() if g is not None else None for g in (gs, gd))
    return gs, gd


def input_x_gradient(ctx):
    src, dec = _one(ctx)
    gs, gd = _shared(ctx, src, dec, torch.ones(len(ctx.steps), 1, device=dec.device), True)
    return (
        gs * wide(ctx.x_src) if gs is not None else None,
        gd * wide(ctx.x_dec) if gd is not None else None,
    )


def deeplift(ctx, multiply_by_inputs: bool = True):
    dec = torch.stack([ctx.x_dec, ctx.b_dec if ctx.attr_dec else ctx.x_dec])
    src = torch.stack([ctx.x_src, ctx.b_src]) if ctx.x_src is not None else None
    coef = torch.tensor([[1.0, 0.0]], device=dec.device).expand(len(ctx.steps), 2)
    if ctx.point_chunk is not None and ctx.point_chunk < 2:
        raise InvalidInput("deeplift needs point_chunk >= 2 (input and reference run together)")
    with rescale_rule(ctx.adapter.model):
        gs, gd = _shared(ctx, src, dec, coef, True)
    if not multiply_by_inputs:
        return gs, gd
    return (
        gs * wide(ctx.x_src - ctx.b_src) if gs is not None else None,
        gd * wide(ctx.x_dec - ctx.b_dec) if gd is not None else None,
    )


# Captum's Riemann rules by name: the first and last node (see :func:`ig_parameters`).
_RIEMANN_ENDS = {
    "riemann_trapezoid": lambda n: (0.0, 1.0),
    "riemann_left": lambda n: (0.0, 1 - 1 / n),
    "riemann_middle": lambda n: (1 / (2 * n), 1 - 1 / (2 * n)),
    "riemann_right": lambda n: (1 / n, 1.0),
}
IG_RULES = ("gausslegendre", *_RIEMANN_ENDS)


def ig_parameters(n_steps: int, method: str):
    """Captum's (step sizes, alphas) for the integral approximation ``method``."""
    if n_steps < 1:
        raise InvalidInput(f"n_steps must be >= 1, got {n_steps}")
    if method == "gausslegendre":
        nodes, weights = np.polynomial.legendre.leggauss(n_steps)
        return list(0.5 * weights), list(0.5 * (1 + nodes))
    # Captum's Riemann rules: equal steps 1/n (the trapezoid halves both ends, so they sum to
    # (n - 1)/n), nodes from torch.linspace in float32.
    if method not in _RIEMANN_ENDS:
        raise InvalidInput(
            f"unknown integrated_gradients method {method!r}; choose one of {', '.join(IG_RULES)}"
        )
    if n_steps < 2:
        raise InvalidInput(f"{method} needs n_steps >= 2")
    sizes = [1 / n_steps] * n_steps
    if method == "riemann_trapezoid":
        sizes[0] /= 2
        sizes[-1] /= 2
    return sizes, torch.linspace(*_RIEMANN_ENDS[method](n_steps), n_steps).tolist()


def integrated_gradients(
    ctx,
    n_steps: int = 50,
    method: str = "gausslegendre",
    internal_batch_size: int | None = None,
    multiply_by_inputs: bool = True,
):
    sizes, alphas = ig_parameters(int(n_steps), method)

    def path(x, b):
        return torch.stack([b + a * (x - b) for a in alphas])

    dec = path(ctx.x_dec, ctx.b_dec) if ctx.attr_dec else ctx.x_dec.unsqueeze(0).expand(len(alphas), -1, -1)
    src = path(ctx.x_src, ctx.b_src) if ctx.x_src is not None else None
    coef = torch.tensor(sizes).float().to(dec.device).unsqueeze(0).expand(len(ctx.steps), -1)
    if internal_batch_size is not None and ctx.point_chunk is None:
        ctx.point_chunk = int(internal_batch_size)
    gs, gd = _shared(ctx, src, dec, coef)
    if not multiply_by_inputs:
        return gs, gd
    return (
        gs * wide(ctx.x_src - ctx.b_src) if gs is not None else None,
        gd * wide(ctx.x_dec - ctx.b_dec) if gd is not None else None,
    )


def gradient_shap(ctx, n_samples: int = 5, stdevs: float = 0.0, multiply_by_inputs: bool = True):
    """GradientSHAP with the single Inseq baseline; random draws follow Captum's order exactly."""
    n = int(n_samples)
    K = len(ctx.steps)
    positions = ctx.steps.positions.tolist()
    dev = ctx.x_dec.device
    coefs, noise_src, noise_dec = [], [], []
    for p in positions:  # Captum draws per attribution step, in this order
        for _ in range((ctx.x_src is not None) + (ctx.x_src is None or ctx.attr_dec)):
            np.random.choice(1, n)  # baseline index per input tensor (only one baseline)
        if ctx.x_src is not None:
            noise_src.append(
                torch.normal(0, torch.tensor(float(stdevs), device=dev).repeat(n, *ctx.x_src.shape))
            )
        if ctx.attr_dec:
            noise_dec.append(
                torch.normal(0, torch.tensor(float(stdevs), device=dev).repeat(n, p, ctx.x_dec.shape[-1]))
            )
        coefs.append(torch.tensor(np.random.uniform(0.0, 1.0, n), device=dev, dtype=ctx.x_dec.dtype))
    per_step = n * ((ctx.x_src.shape[0] if ctx.x_src is not None else 0) + ctx.x_dec.shape[0])
    group = max(1, ctx.max_tokens // max(1, per_step))
    acc = dict(device=dev, dtype=wide_dtype(ctx.x_dec.dtype))
    src_out = torch.zeros(K, *ctx.x_src.shape, **acc) if ctx.attr_src else None
    dec_out = torch.zeros(K, *ctx.x_dec.shape, **acc) if ctx.attr_dec else None
    for g0 in range(0, K, group):
        g1 = min(K, g0 + group)
        length = max(positions[g0:g1])
        rows_src, rows_dec, diffs_src, diffs_dec = [], [], [], []
        for j in range(g0, g1):
            c = coefs[j].view(n, 1, 1)
            if ctx.x_src is not None:
                xs = ctx.x_src.unsqueeze(0).repeat_interleave(n, 0) + noise_src[j]
                rows_src.append(c * xs + (1.0 - c) * ctx.b_src)
                diffs_src.append(xs - ctx.b_src)
            if ctx.attr_dec:
                p = positions[j]
                xd = ctx.x_dec[:length].unsqueeze(0).repeat(n, 1, 1)
                xd[:, :p] = xd[:, :p] + noise_dec[j]
                rows_dec.append(c * xd + (1.0 - c) * ctx.b_dec[:length])
                diffs_dec.append(xd - ctx.b_dec[:length])
            else:
                rows_dec.append(ctx.x_dec[:length].unsqueeze(0).expand(n, -1, -1))
        row_step = torch.arange(g1 - g0, device=dev).repeat_interleave(n)
        gs, gd = row_grads(
            ctx.adapter,
            torch.cat(rows_src) if rows_src else None,
            torch.cat(rows_dec),
            ctx.steps,
            slice(g0, g1),
            row_step,
            torch.ones(len(row_step), device=dev),
            ctx.attr_src,
            ctx.attr_dec,
        )
        if ctx.attr_src:
            a = wide(gs) * (wide(torch.cat(diffs_src)) if multiply_by_inputs else 1.0)
            src_out[g0:g1] = a.view(g1 - g0, n, *a.shape[1:]).sum(1) * 1 / n
        if ctx.attr_dec:
            a = wide(gd) * (wide(torch.cat(diffs_dec)) if multiply_by_inputs else 1.0)
            dec_out[g0:g1, :length] = a.view(g1 - g0, n, *a.shape[1:]).sum(1) * 1 / n
    return src_out, dec_out
