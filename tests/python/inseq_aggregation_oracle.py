"""Test oracle: Inseq's default aggregation written in NumPy, to check the engine's *description*
of it (``SequenceAttribution.default_aggregation``) in the Python tests.

Users get aggregation from Java (``Aggregation.java``); the Java parity tests
(``MethodParityTest``, ``DefaultModelParityTest``) check that one against Inseq. This copy ships
nowhere: nothing under ``python/explain4j`` may import it.
"""

from __future__ import annotations

import numpy as np


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
        pieces.append(out[at : at + a.shape[0]])
        at += a.shape[0]
    return pieces


def apply(source, target, steps):
    """Apply an aggregation pipeline (list of step dicts) to ``source``/``target`` arrays."""
    arrays = [None if a is None else np.asarray(a, dtype=np.float64) for a in (source, target)]
    for step in steps:
        op = step["op"]
        if op == "vnorm":
            arrays = [
                None if a is None else np.linalg.norm(a, ord=step.get("ord", 2), axis=-1) for a in arrays
            ]
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
