"""The engine's result: raw granular tensors laid out exactly as Inseq's sequence attributions.

Layout (``K`` attributed steps, first at ``attr_pos_start``):

* ``source_attributions``: ``[len(source), K, *extra]`` for encoder-decoder models, ``None`` for
  decoder-only models (Inseq puts the prompt into the target there).
* ``target_attributions``: ``[len(target), K, *extra]``; row ``r`` of step ``k`` (position
  ``p = attr_pos_start + k``) is NaN when ``r >= p`` (not part of the prefix). ``None`` for
  encoder-decoder models unless ``attribute_target``.
* ``step_scores``: name -> ``[K]``; ``sequence_scores``: name -> tensor (attention extras).

``extra`` is ``(hidden,)`` for gradient methods and LIME, ``(layers, heads)`` for attention and
``()`` for occlusion. Arrays are C-contiguous float32 NumPy arrays on the CPU (ready for Arrow).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import torch


@dataclass(frozen=True)
class SequenceAttribution:
    """Raw attribution of one sequence plus what is needed to aggregate it like Inseq."""

    source_tokens: list[str]
    source_ids: list[int]
    target_tokens: list[str]
    target_ids: list[int]
    attr_pos_start: int
    attr_pos_end: int
    source_attributions: np.ndarray | None
    target_attributions: np.ndarray | None
    step_scores: dict[str, np.ndarray]
    sequence_scores: dict[str, np.ndarray]
    method: str
    attributed_fn: str | None
    dims: list[str]
    default_aggregation: list[dict[str, Any]]
    info: dict[str, Any] = field(default_factory=dict)

    @property
    def generated_tokens(self) -> list[str]:
        return self.target_tokens[self.attr_pos_start : self.attr_pos_end]

    def to_dict(self) -> dict[str, Any]:
        """Plain values and NumPy arrays (for the Java bridge)."""
        return {f: getattr(self, f) for f in self.__dataclass_fields__}


def _np(t: torch.Tensor | None) -> np.ndarray | None:
    if t is None:
        return None
    return np.ascontiguousarray(t.detach().to("cpu", torch.float32).numpy())


def lay_out(seq, src_steps: torch.Tensor | None, dec_steps: torch.Tensor | None):
    """Per-step tensors ``[K, len, *extra]`` -> Inseq's ``[len, K, *extra]`` with NaN masking."""
    src = src_steps.transpose(0, 1) if src_steps is not None else None
    dec = None
    if dec_steps is not None:
        T = len(seq.target_tokens)
        K = dec_steps.shape[0]
        full = torch.full(
            (T, K) + tuple(dec_steps.shape[2:]), float("nan"), device=dec_steps.device, dtype=dec_steps.dtype
        )
        for k, p in enumerate(seq.steps):
            full[:p, k] = dec_steps[k, :p]
        dec = full
    return src, dec


def build(
    seq, method, attributed_fn, dims, aggregation, src, dec, step_scores, sequence_scores, info
) -> SequenceAttribution:
    return SequenceAttribution(
        source_tokens=seq.output_source_tokens,
        source_ids=seq.output_source_ids,
        target_tokens=list(seq.target_tokens),
        target_ids=seq.target_ids.tolist(),
        attr_pos_start=seq.attr_pos_start,
        attr_pos_end=seq.attr_pos_end,
        source_attributions=_np(src),
        target_attributions=_np(dec),
        step_scores={k: _np(v.reshape(-1)) for k, v in step_scores.items()},
        sequence_scores={k: _np(v) for k, v in (sequence_scores or {}).items()},
        method=method,
        attributed_fn=attributed_fn,
        dims=list(dims),
        default_aggregation=[dict(a) for a in aggregation],
        info=dict(info),
    )
