"""Faithfulness of an attribution: how much the model's output moves when the features it ranks
highest are removed (comprehensiveness) or kept alone (sufficiency), after DeYoung et al. 2020
(ERASER), with AOPC over bins of the top features; deletion and insertion curves with their
areas (after Petsiuk et al. 2018); soft comprehensiveness and sufficiency (Zhao & Aletras 2023).

The hard metrics work on any units (sources, tokens) through ``score(keep)``: a function from a
boolean matrix ``[rows, units]`` (true = kept) to the model's output for each row (a probability
for a classifier, the answer's log-probability or probability for generation), so one engine
serves context attribution, token attribution and classifiers.
"""

from __future__ import annotations

import math

import numpy as np

from ..errors import InvalidInput

BINS = (0.01, 0.05, 0.10, 0.20, 0.50)
ROUNDING = ("ceil", "floor")


def ranking(scores, only_positive=False) -> list[int]:
    """Units by decreasing score (ties by position); with ``only_positive`` units above 0 only."""
    s = np.asarray(scores, dtype=np.float64)
    if s.ndim != 1 or s.size == 0:
        raise InvalidInput("an attribution to evaluate needs one score per unit and at least one unit")
    if not np.all(np.isfinite(s)):
        raise InvalidInput("the attribution has NaN or infinite scores; it cannot be evaluated")
    order = sorted(range(s.size), key=lambda i: (-s[i], i))
    return [i for i in order if s[i] > 0] if only_positive else order


def bin_sizes(n: int, bins=BINS, rounding="ceil") -> list[int | None]:
    """Units removed for each bin: ``ceil`` (at least one) or ``floor`` (a bin of 0 is skipped,
    as None)."""
    if rounding not in ROUNDING:
        raise InvalidInput(f"rounding must be one of {', '.join(ROUNDING)}, got {rounding!r}")
    out = []
    for f in bins:
        if not 0 < f <= 1 + 1e-9:
            raise InvalidInput(f"bins are fractions in (0, 1], got {f}")
        k = math.ceil(f * n - 1e-12) if rounding == "ceil" else int(f * n)
        out.append(k if k > 0 else None)
    return out


def eraser(scores, score, bins=BINS, rounding="ceil", only_positive=False, dedupe=False) -> dict:
    """Comprehensiveness (full - top units removed) and sufficiency (full - top units kept alone)
    per bin, and their AOPC (the mean over evaluated bins). ``dedupe`` skips a bin whose units
    equal the previous bin's, as ferret does."""
    order = ranking(scores, only_positive)
    n = len(np.asarray(scores))
    sizes, used, last = [], [], None
    for k in bin_sizes(n, bins, rounding):
        top = None if k is None else tuple(sorted(order[:k]))
        if top is not None and (not top or (dedupe and top == last)):
            top = None
        sizes.append(None if top is None else len(top))
        if top is not None:
            used.append(top)
            last = top
    rows = [np.ones(n, dtype=bool)]
    for top in used:
        removed = np.ones(n, dtype=bool)
        removed[list(top)] = False
        rows += [removed, ~removed]
    values = np.asarray(score(np.array(rows)), dtype=np.float64)
    full = float(values[0])
    comp = [full - float(v) for v in values[1::2]]
    suff = [full - float(v) for v in values[2::2]]
    return {
        "full": full,
        "binSizes": sizes,
        "comprehensiveness": comp,
        "sufficiency": suff,
        "aopcComprehensiveness": float(np.mean(comp)) if comp else 0.0,
        "aopcSufficiency": float(np.mean(suff)) if suff else 0.0,
    }


def curves(scores, score, points: int | None = None) -> dict:
    """Deletion (top units removed first) and insertion (top units added first to an empty input)
    curves: the output after 0..n units, or at ``points`` evenly spaced counts; the areas are the
    trapezoid rule over the fraction of units in [0, 1]."""
    order = ranking(scores)
    n = len(order)
    counts = list(range(n + 1))
    if points is not None and points < n + 1:
        if points < 2:
            raise InvalidInput(f"a curve needs at least 2 points, got {points}")
        counts = sorted({round(i * n / (points - 1)) for i in range(points)})
    rows = []
    for k in counts:
        kept = np.ones(n, dtype=bool)
        kept[order[:k]] = False
        rows.append(kept)
    for k in counts:
        kept = np.zeros(n, dtype=bool)
        kept[order[:k]] = True
        rows.append(kept)
    values = np.asarray(score(np.array(rows)), dtype=np.float64)
    deletion, insertion = values[: len(counts)], values[len(counts) :]
    fractions = np.asarray(counts, dtype=np.float64) / n
    return {
        "fractions": fractions.tolist(),
        "deletion": deletion.tolist(),
        "insertion": insertion.tolist(),
        "deletionArea": _trapezoid(fractions, deletion),
        "insertionArea": _trapezoid(fractions, insertion),
    }


def _trapezoid(x, y) -> float:
    return float(((y[1:] + y[:-1]) / 2 * np.diff(x)).sum())


def soft_keep(scores) -> np.ndarray:
    """Importance scaled to [0, 1] (min-max; all equal gives 1): each unit's keep probability in
    soft sufficiency (one minus it in soft comprehensiveness)."""
    s = np.asarray(scores, dtype=np.float64)
    lo, hi = s.min(), s.max()
    return np.ones_like(s) if hi == lo else (s - lo) / (hi - lo)


def soft(scores, perturbed, full: float) -> dict:
    """Soft comprehensiveness ``max(0, full - p(x with each unit's embedding elements kept with
    probability 1 - q))`` and soft sufficiency ``1 - max(0, full - p(x kept with probability q))``,
    ``q`` from :func:`soft_keep`; ``perturbed(keep_prob)`` returns the output for one Bernoulli
    draw of embedding masks with those per-unit keep probabilities."""
    q = soft_keep(scores)
    comp = max(0.0, full - float(perturbed(1.0 - q)))
    suff = 1.0 - max(0.0, full - float(perturbed(q)))
    return {"softComprehensiveness": comp, "softSufficiency": suff}
