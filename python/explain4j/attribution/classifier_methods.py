"""The catalogue's methods for encoder task heads: every text and every objective in one call.

Each function takes a :class:`~explain4j.attribution.classifier.Context` (texts as embedding rows
``x[N, T, H]`` with baselines ``b``, objectives ``(a, c)[N, K]``) and returns ``[N, K, T, *extra]``:
``extra`` is ``(H,)`` for gradient methods, ``(layers, heads)`` for attention and ``()`` for the
perturbation methods. Options are the same keyword parameters as the generation methods'.

Gradient methods go through :func:`point_grads`: rows (text, point) are run in batched forward
passes, and the objectives' gradients come from batched backward passes
(``is_grads_batched``), so one forward serves every class and token asked about. A layer method
plugs in by handing :func:`point_grads` points at a layer's output and a ``ctx.forward`` that
starts there.
"""

from __future__ import annotations

import numpy as np
import torch

from ..errors import InvalidInput
from .deeplift import rescale_rule
from .gradient import ig_parameters
from .lime import MASK_TOKENS
from .modeling import wide, wide_dtype


def _chunks(n, size):
    size = max(1, int(size))
    for i in range(0, n, size):
        yield i, min(n, i + size)


def point_grads(ctx, points, row_text, row_coef, rows_per_pass=None, even=False):
    """``sum over rows r of text n: coef[r] * d score_k(points[r]) / d points[r]`` as ``[N, K, T, H]``."""
    N, K = ctx.a.shape
    T, H = points.shape[1], points.shape[2]
    out = torch.zeros(N, K, T, H, device=points.device, dtype=wide_dtype(points.dtype))
    rows = int(rows_per_pass or max(1, ctx.max_tokens // T))
    if even:
        rows = max(2, rows - rows % 2)
    graph = ctx.graph if points is ctx.x and points.shape[0] <= rows else None
    ctx.graph = None
    for r0, r1 in _chunks(points.shape[0], rows):
        texts = row_text[r0:r1]
        if graph is not None:  # the prediction pass ran on these very rows, with gradients
            leaf, scores = graph
        else:
            leaf = points[r0:r1].detach().clone().requires_grad_(True)
            scores = ctx.scores(leaf, texts)  # [R, K]
        R = r1 - r0
        kc = max(1, ctx.vjp_tokens // max(1, R * T))
        coef = row_coef[r0:r1].to(scores.dtype)
        live = int(ctx.counts[texts].max())
        for k0, k1 in _chunks(live, kc):
            n = k1 - k0
            sel = torch.zeros(n, R, K, device=scores.device, dtype=scores.dtype)
            sel[torch.arange(n), :, torch.arange(k0, k1)] = coef
            last = k1 == live
            if n == 1:
                (g,) = torch.autograd.grad(scores, leaf, sel[0], retain_graph=not last)
                g = g.unsqueeze(0)
            else:
                (g,) = torch.autograd.grad(scores, leaf, sel, retain_graph=not last, is_grads_batched=True)
            block = out[:, k0:k1]
            block.index_add_(0, texts, wide(g).transpose(0, 1))
    return out


def _one_point(ctx):
    N = ctx.x.shape[0]
    return point_grads(ctx, ctx.x, torch.arange(N, device=ctx.x.device), torch.ones(N, device=ctx.x.device))


def saliency(ctx, abs: bool = True):
    g = _one_point(ctx)
    return g.abs() if abs else g


def input_x_gradient(ctx):
    return _one_point(ctx) * wide(ctx.x).unsqueeze(1)


def deeplift(ctx, multiply_by_inputs: bool = True):
    N = ctx.x.shape[0]
    points = torch.stack([ctx.x, ctx.b], 1).flatten(0, 1)  # rows (input, reference) pairs
    row_text = torch.arange(N, device=ctx.x.device).repeat_interleave(2)
    coef = torch.tensor([1.0, 0.0], device=ctx.x.device).repeat(N)
    with rescale_rule(ctx.model):
        g = point_grads(ctx, points, row_text, coef, even=True)
    return g * wide(ctx.x - ctx.b).unsqueeze(1) if multiply_by_inputs else g


def integrated_gradients(
    ctx,
    n_steps: int = 50,
    method: str = "gausslegendre",
    internal_batch_size: int | None = None,
    multiply_by_inputs: bool = True,
):
    sizes, alphas = ig_parameters(int(n_steps), method)
    dev, N = ctx.x.device, ctx.x.shape[0]
    alpha = torch.tensor(alphas, device=dev, dtype=ctx.x.dtype).view(1, -1, 1, 1)
    points = (ctx.b.unsqueeze(1) + alpha * (ctx.x - ctx.b).unsqueeze(1)).flatten(0, 1)
    row_text = torch.arange(N, device=dev).repeat_interleave(len(alphas))
    coef = torch.tensor(sizes, device=dev, dtype=torch.float64).repeat(N)
    g = point_grads(ctx, points, row_text, coef, internal_batch_size)
    return g * wide(ctx.x - ctx.b).unsqueeze(1) if multiply_by_inputs else g


def gradient_shap(ctx, n_samples: int = 5, stdevs: float = 0.0, multiply_by_inputs: bool = True):
    """Mean over ``n_samples`` of ``(x_s - b) * grad(b + u_s (x_s - b))``, ``x_s = x + N(0, stdevs)``,
    ``u_s ~ U(0, 1)`` (torch's generator for the noise, NumPy's for ``u``, as Captum)."""
    n, dev, N = int(n_samples), ctx.x.device, ctx.x.shape[0]
    noisy = ctx.x.unsqueeze(1) + torch.normal(0.0, float(stdevs), (N, n, *ctx.x.shape[1:]), device=dev).to(
        ctx.x.dtype
    )
    u = torch.tensor(np.random.uniform(0.0, 1.0, (N, n)), device=dev, dtype=ctx.x.dtype).view(N, n, 1, 1)
    diff = noisy - ctx.b.unsqueeze(1)
    points = (ctx.b.unsqueeze(1) + u * diff).flatten(0, 1)
    row_text = torch.arange(N, device=dev).repeat_interleave(n)
    out = torch.zeros(N, ctx.a.shape[1], *ctx.x.shape[1:], device=dev, dtype=wide_dtype(ctx.x.dtype))
    for s in range(n):  # each sample's own (x_s - b) multiplies its gradient
        rows = torch.arange(N, device=dev) * n + s
        g = point_grads(ctx, points[rows], row_text[rows], torch.full((N,), 1.0 / n, device=dev))
        out += g * (wide(diff[:, s]).unsqueeze(1) if multiply_by_inputs else 1.0)
    return out


def attention(ctx, layers: list[int] | None = None, heads: list[int] | None = None):
    """Attention of each objective's query row over the keys: ``[N, K, T, layers, heads]``."""
    with torch.no_grad():
        out = ctx.forward(ctx.x, torch.arange(ctx.x.shape[0], device=ctx.x.device), output_attentions=True)
    if not out.attentions or out.attentions[0] is None:
        raise InvalidInput(f"model {ctx.source} returned no attention weights")
    att = wide(torch.stack(out.attentions, 1))  # [N, L, heads, T, T]
    try:
        if layers is not None:
            att = att[:, list(layers)]
        if heads is not None:
            att = att[:, :, list(heads)]
    except IndexError as e:
        raise InvalidInput(f"attention: layer/head index out of range ({e})") from e
    q = ctx.query  # [N, K]
    rows = att[torch.arange(q.shape[0], device=q.device).unsqueeze(1), :, :, q]  # [N, K, L, heads, T]
    return rows.permute(0, 1, 4, 2, 3)


def _perturbed(ctx, keep, fill):
    """Scores ``[N, S, K]`` of rows where ``keep[N, S, T]`` is 0 (token replaced by ``fill``)."""
    N, S, T = keep.shape
    k = keep.unsqueeze(-1).to(ctx.x.dtype)
    rows = (ctx.x.unsqueeze(1) * k + fill.unsqueeze(1) * (1 - k)).flatten(0, 1)
    row_text = torch.arange(N, device=ctx.x.device).repeat_interleave(S)
    per_pass = max(1, ctx.max_tokens // T)
    outs = []
    with torch.no_grad():
        for r0, r1 in _chunks(rows.shape[0], per_pass):
            outs.append(wide(ctx.scores(rows[r0:r1], row_text[r0:r1])))
    return torch.cat(outs).view(N, S, -1)


def occlusion(ctx):
    """``f(x) - f(x with token t replaced by its baseline)``, signed: ``[N, K, T]``."""
    N, T = ctx.x.shape[:2]
    keep = torch.ones(N, T + 1, T, device=ctx.x.device)
    idx = torch.arange(T, device=ctx.x.device)
    keep[:, idx + 1, idx] = 0
    s = _perturbed(ctx, keep, ctx.b)  # [N, T + 1, K]
    delta = (s[:, :1] - s[:, 1:]).transpose(1, 2)  # [N, K, T]
    return delta * ctx.features.unsqueeze(1)


def _fit(keep, y, w, alpha):
    """Weighted ridge with intercept on presence features ``keep[S, F]``; returns ``[F, K]``."""
    keep, y, w = keep.double(), y.double(), w.double()
    xo = (w[:, None] * keep).sum(0) / w.sum()
    yo = (w[:, None] * y).sum(0) / w.sum()
    sw = w.sqrt()[:, None]
    xs, ys = (keep - xo) * sw, (y - yo) * sw
    gram = xs.T @ xs + alpha * torch.eye(xs.shape[1], dtype=xs.dtype, device=xs.device)
    return torch.linalg.lstsq(gram, xs.T @ ys).solution


def _surrogate(ctx, masks_of, weights_of, fill, alpha):
    """Fit per text a linear model of the objectives on which non-special tokens are present."""
    N, T = ctx.x.shape[:2]
    out = torch.zeros(N, ctx.a.shape[1], T, device=ctx.x.device, dtype=wide_dtype(ctx.x.dtype))
    feats = [ctx.features[i].nonzero().flatten() for i in range(N)]
    samples = [masks_of(len(f)) for f in feats]
    S = max(m.shape[0] for m in samples)
    keep = torch.ones(N, S, T, device=ctx.x.device)
    for i, (f, m) in enumerate(zip(feats, samples)):
        keep[i, : m.shape[0], f] = m.to(keep.device)
    scores = _perturbed(ctx, keep, fill)
    for i, (f, m) in enumerate(zip(feats, samples)):
        if len(f):
            coef = _fit(m.to(scores.device), scores[i, : m.shape[0]], weights_of(m).to(scores.device), alpha)
            out[i][:, f] = coef.T.to(out.dtype)
    return out


def lime(ctx, n_samples: int = 50, mask_prob: float = 0.3, mask_token: str = "unk"):
    """LIME over token presence: ``n_samples`` random masks (each token hidden with ``mask_prob``,
    replaced by the ``unk`` or ``pad`` token's embedding), weighted by an exponential cosine kernel
    (width 1, Captum's default), fitted with ridge regression (alpha 1)."""
    if mask_token not in MASK_TOKENS:
        raise InvalidInput(f"lime mask_token must be 'unk' or 'pad', got {mask_token!r}")
    tok = ctx.tokenizer
    fill_id = tok.unk_token_id if mask_token == "unk" else tok.pad_token_id
    if fill_id is None:
        fill_id = tok.pad_token_id if tok.pad_token_id is not None else 0
    fill = ctx.embed(torch.full(ctx.x.shape[:2], fill_id, device=ctx.x.device))
    fill = torch.where(ctx.features.unsqueeze(-1), fill, ctx.x)
    probs = torch.tensor([mask_prob, 1 - mask_prob])

    def masks(f):
        return torch.stack(
            [torch.multinomial(probs, f, replacement=True) for _ in range(int(n_samples))]
        ).float()

    def weights(m):
        cos = m.sum(1) / (m.shape[1] ** 0.5 * m.norm(dim=1)).clamp_min(1e-12)
        return torch.exp(-((1 - cos) ** 2))

    return _surrogate(ctx, masks, weights, fill, 1.0)


def kernel_shap(ctx, n_samples: int = 100):
    """Kernel SHAP over token presence: coalitions drawn from the Shapley kernel (size ``s`` with
    probability proportional to ``(F - 1) / (s (F - s))``, then a uniform subset), plus the empty and
    full coalitions weighted 1e6, fitted by weighted least squares; absent tokens take the baseline."""

    def masks(f):
        if f < 2:
            return torch.tensor([[0.0] * f, [1.0] * f])
        sizes = np.arange(1, f)
        p = (f - 1) / (sizes * (f - sizes))
        drawn = np.random.choice(sizes, int(n_samples), p=p / p.sum())
        rows = [torch.zeros(f), torch.ones(f)]
        for s in drawn:
            m = torch.zeros(f)
            m[torch.randperm(f)[: int(s)]] = 1
            rows.append(m)
        return torch.stack(rows)

    def weights(m):
        w = torch.ones(m.shape[0])
        w[:2] = 1e6
        return w

    return _surrogate(ctx, masks, weights, ctx.b, 1e-9)
