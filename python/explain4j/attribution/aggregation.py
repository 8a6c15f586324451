"""Inseq's default aggregation, described as data (for Java) and implemented for reference.

What Inseq 0.7.1 does when ``aggregate()`` is called with no arguments (read from its source):

* Granular outputs (gradient methods, LIME): one aggregation step, the L2 vector norm over the
  last (hidden) dimension, followed by normalisation. Signs are therefore dropped: input x
  gradient, DeepLIFT, integrated gradients, GradientSHAP and LIME all become non-negative. (Saliency
  is already ``|grad|``.)
* Multi-dimensional outputs (attention: ``[..., layers, heads]``): two steps, each the mean over
  the last dimension followed by normalisation (heads first, then layers).
* Coarse outputs (occlusion, already ``|delta|`` per token): no aggregation at all.

Normalisation (after every step): source and target attributions are concatenated along the token
dimension (dim 0), NaNs are set to 0, every step column is divided by ``max(sum |x|, 1e-12)``
(``torch.nn.functional.normalize(p=1, dim=0)``), and the NaNs are put back. Step scores are not
aggregated. With no NaN-free entry in a column, the column stays all zeros/NaN.
"""

from __future__ import annotations

import numpy as np

VNORM_THEN_NORMALIZE = [
    {"op": "vnorm", "dim": -1, "ord": 2},
    {"op": "normalize", "p": 1, "dim": 0, "eps": 1e-12, "joint": ["source", "target"],
     "nan": "treated as 0, restored after"},
]
MEAN_HEADS_THEN_LAYERS = [
    {"op": "mean", "dim": -1, "over": "heads"},
    {"op": "normalize", "p": 1, "dim": 0, "eps": 1e-12, "joint": ["source", "target"],
     "nan": "treated as 0, restored after"},
    {"op": "mean", "dim": -1, "over": "layers"},
    {"op": "normalize", "p": 1, "dim": 0, "eps": 1e-12, "joint": ["source", "target"],
     "nan": "treated as 0, restored after"},
]
NONE: list[dict] = []


def _normalize(arrays, eps):
    present = [a for a in arrays if a is not None]
    if not present:
        return arrays
    joint = np.concatenate(present, axis=0)
    nan = np.isnan(joint)
    filled = np.where(nan, 0.0, joint)
    norm = np.maximum(np.abs(filled).sum(axis=0, keepdims=True), eps)
    out = filled / norm
    out[nan] = np.nan
    pieces, at = [], 0
    for a in arrays:
        if a is None:
            pieces.append(None)
            continue
        pieces.append(out[at:at + a.shape[0]])
        at += a.shape[0]
    return pieces


def apply(source, target, steps):
    """Apply an aggregation pipeline (list of step dicts) to ``source``/``target`` arrays."""
    arrays = [None if a is None else np.asarray(a, dtype=np.float64) for a in (source, target)]
    for step in steps:
        op = step["op"]
        if op == "vnorm":
            arrays = [None if a is None else np.linalg.norm(a, ord=step.get("ord", 2), axis=-1)
                      for a in arrays]
        elif op == "mean":
            arrays = [None if a is None else a.mean(axis=-1) for a in arrays]
        elif op == "normalize":
            arrays = _normalize(arrays, step.get("eps", 1e-12))
        else:
            raise ValueError(f"unknown aggregation op {op!r}")
    return arrays[0], arrays[1]


def aggregate_default(result):
    """``(source, target)`` aggregated as Inseq's default ``aggregate()`` would do."""
    return apply(result.source_attributions, result.target_attributions, result.default_aggregation)
