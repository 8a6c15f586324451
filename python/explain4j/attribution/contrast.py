"""Contrastive targets: alignment of original and contrastive tokens, and contrastive logits.

Inseq (0.7.1) aligns step ``p`` of the original target with index ``a(p)`` of the contrastive
sequence: explicit ``(original_index, contrast_index)`` pairs are kept one per original token
(preferring a contrast index not used yet); positions left without a pair are aligned 1:1 from the
end of both sequences. For step ``p`` the contrastive target id is ``contrast[a(p)]`` and, for step
scores, the contrastive logits come from the contrastive prefix ``contrast[:a(p)]`` (read at
position ``a(p) - 1`` of one forward pass over the whole contrastive sequence). When a contrastive
function is the *attributed* function, the original context is kept and only the target id
changes.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

from ..errors import InvalidInput
from .encoding import Special, encode


def adjusted_alignments(pairs, n_contrast: int, start: int, end: int) -> list[tuple[int, int]]:
    """Inseq's alignment filling for positions ``[start, end)`` of the original target."""
    pairs = sorted(set(tuple(int(v) for v in pair) for pair in (pairs or [])))
    kept: list[tuple[int, int]] = []
    for pos in range(start, end):
        matches = [pr for pr in pairs if pr[0] == pos and 0 <= pr[1] < n_contrast]
        if matches:
            used = {k[1] for k in kept}
            fresh = [m for m in matches if m[1] not in used]
            kept.append(fresh[0] if fresh else matches[0])
    filled = list(kept)
    for back, pos in enumerate(reversed(range(start, end)), start=1):
        if not any(k[0] == pos for k in kept):
            filled.append((pos, n_contrast - back if n_contrast - back > 0 else n_contrast - 1))
    return sorted(set(filled))


def aligned_index(pos: int, alignments) -> int:
    found = [c for o, c in alignments if o == pos]
    return min(found) if found else -1


@dataclass
class Contrast:
    """Per-step contrastive target ids and (for step scores) contrastive logits ``[K, V]``."""

    target_ids: torch.Tensor  # [K]
    logits: torch.Tensor | None
    ids: list[int]
    alignments: list[tuple[int, int]]


def build(
    adapter,
    tokenizer,
    seq,
    contrast_targets=None,
    contrast_sources=None,
    alignments=None,
    skip_special_tokens=False,
    need_logits=True,
) -> Contrast | None:
    """Resolve the contrastive inputs of one prepared sequence (``None`` when none are given)."""
    if contrast_targets is None and contrast_sources is None:
        return None
    special = Special.of(adapter.model, tokenizer)
    steps = seq.steps
    add = not skip_special_tokens
    src_ids = seq.source_ids
    if contrast_sources is not None:
        if not seq.is_encoder_decoder:
            raise InvalidInput(
                "contrast_sources only apply to encoder-decoder models; give a full "
                "contrastive text as contrast_targets for decoder-only models"
            )
        src_ids, _ = encode(
            tokenizer,
            contrast_sources,
            special,
            add_special_tokens=add,
            decoder_only=False,
            device=adapter.device,
        )
    if contrast_targets is not None:
        c_ids, _ = encode(
            tokenizer,
            contrast_targets,
            special,
            as_target=seq.is_encoder_decoder,
            add_special_tokens=add,
            decoder_only=not seq.is_encoder_decoder,
            device=adapter.device,
        )
        aligns = adjusted_alignments(alignments, len(c_ids), seq.attr_pos_start, seq.attr_pos_end)
        idx = [aligned_index(p, aligns) for p in steps]
        if any(i <= 0 for i in idx):
            raise InvalidInput(
                f"contrast target {contrast_targets!r} cannot be aligned with "
                f"every attributed step (alignment {aligns})"
            )
    else:
        c_ids, aligns, idx = seq.target_ids, [(p, p) for p in steps], list(steps)
    idx_t = torch.tensor(idx, device=adapter.device)
    logits = None
    if need_logits:
        logits = adapter.logits_from_ids(src_ids, c_ids[: max(idx)], idx_t - 1)
    return Contrast(target_ids=c_ids[idx_t], logits=logits, ids=c_ids.tolist(), alignments=aligns)
