"""ContextCite's surrogate: a sparse linear model from source masks to the answer's logit.

Columns are standardised (mean 0, population standard deviation 1; constant columns keep scale
1), the target is centred, and the lasso objective ``|y - Xw - b|^2 / (2n) + alpha |w|_1`` is
minimised by cyclic coordinate descent until no weight moves by more than ``tol``. The weights
are mapped back to the unscaled masks.
"""

from __future__ import annotations

import numpy as np


def sequence_logit(token_logprobs: np.ndarray) -> np.ndarray:
    """``log p / (1 - p)`` of each row's whole token range, ``p`` the product of its probabilities."""
    total = np.asarray(token_logprobs, dtype=np.float64).sum(axis=-1)
    with np.errstate(divide="ignore"):
        return total - np.log(-np.expm1(total))


def lasso(x: np.ndarray, y: np.ndarray, alpha: float, tol: float = 1e-12, max_iter: int = 100_000):
    """Lasso weights and intercept on standardised columns, returned on the original scale."""
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    n, d = x.shape
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    z = (x - mean) / scale
    z -= z.mean(axis=0)
    yc = y - y.mean()
    norms = (z * z).sum(axis=0)
    w = np.zeros(d)
    resid = yc.copy()
    threshold = alpha * n
    for _ in range(max_iter):
        moved = 0.0
        for j in range(d):
            if norms[j] == 0:
                continue
            rho = z[:, j] @ resid + norms[j] * w[j]
            new = np.sign(rho) * max(abs(rho) - threshold, 0.0) / norms[j]
            if new != w[j]:
                resid -= z[:, j] * (new - w[j])
                moved = max(moved, abs(new - w[j]))
                w[j] = new
        if moved < tol:
            break
    weight = w / scale
    bias = y.mean() - (mean / scale) @ w
    return weight, float(bias)


def fit(masks: np.ndarray, token_logprobs: np.ndarray, alpha: float = 0.01):
    """Surrogate weights for one token range: the lasso is fitted on the range's sequence logit
    divided by its token count, and the weights multiplied back, as ContextCite does."""
    tokens = token_logprobs.shape[-1]
    y = sequence_logit(token_logprobs) / tokens
    weight, bias = lasso(masks.astype(np.float64), y, alpha)
    return weight * tokens, bias * tokens
