"""Attributed functions and step scores, computed from logits rows.

Definitions follow Inseq 0.7.1's step functions (``inseq.attr.step_functions``):

==================== ===========================================================================
``probability``      softmax(logits)[target]  (``logprob=True``: log_softmax)
``logprob``          log_softmax(logits)[target]  (explain4j name for probability + logprob)
``logit``            logits[target]
``entropy``          entropy of softmax(logits) in nats
``crossentropy``     -log_softmax(logits)[target] (nats)
``perplexity``       2 ** crossentropy (Inseq mixes bases: natural-log cross entropy, base 2)
``contrast_prob``    softmax(c_logits)[c_target]
``contrast_logits``  c_logits[c_target]
``contrast_prob_diff``   p[target] - p_c[c_target]
``contrast_logits_diff`` logits[target] - c_logits[c_target]
``pcxmi``            -log2(p[target] / p_c[c_target])
``kl_divergence``    KL(P || P_c) over the (optionally top-k/top-p filtered) vocabulary
``in_context_pvi``   -log p[target] + log p_c[c_target]
==================== ===========================================================================

``c_logits`` are the logits of the contrastive context; when a contrastive function is the
*attributed* function, Inseq keeps the original context (only the target token changes), so
``c_logits`` is ``logits`` there.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

from ..errors import InvalidInput
from .modeling import wide

STEP_SCORES = (
    "probability",
    "logit",
    "entropy",
    "crossentropy",
    "perplexity",
    "contrast_prob",
    "contrast_logits",
    "contrast_prob_diff",
    "contrast_logits_diff",
    "pcxmi",
    "kl_divergence",
    "in_context_pvi",
)
CONTRASTIVE = {
    "contrast_prob",
    "contrast_logits",
    "contrast_prob_diff",
    "contrast_logits_diff",
    "pcxmi",
    "kl_divergence",
    "in_context_pvi",
}
# Arguments a step score takes (Inseq's ``step_scores_args``), with their defaults.
STEP_SCORE_ARGS = {"kl_divergence": {"top_k": 0, "top_p": 1.0, "min_tokens_to_keep": 1}}
ATTRIBUTED = (
    "probability",
    "logprob",
    "logit",
    "contrast_prob",
    "contrast_logits",
    "contrast_prob_diff",
    "contrast_logits_diff",
    "pcxmi",
    "in_context_pvi",
)

# Inseq's name for each attributed function (``info["attributed_fn"]``).
INSEQ_FN_NAMES = {
    "probability": "probability_fn",
    "logprob": "probability_fn",
    "logit": "logit_fn",
    "contrast_prob": "contrast_prob_fn",
    "contrast_logits": "contrast_logits_fn",
    "contrast_prob_diff": "contrast_prob_diff_fn",
    "contrast_logits_diff": "contrast_logits_diff_fn",
    "pcxmi": "pcxmi_fn",
    "in_context_pvi": "in_context_pvi_fn",
}


def _gather(t: torch.Tensor, ids: torch.Tensor) -> torch.Tensor:
    return t.gather(-1, ids.unsqueeze(-1).expand(*t.shape[:-1], 1)).squeeze(-1)


def attributed_score(
    name: str,
    logits: torch.Tensor,
    target: torch.Tensor,
    contrast: torch.Tensor | None = None,
    logprob: bool = False,
) -> torch.Tensor:
    """Differentiable attribution target for rows ``logits[..., V]`` and ids ``target[...]``.

    ``target``/``contrast`` broadcast against ``logits.shape[:-1]`` from the right.
    """
    if name == "probability" and logprob:
        name = "logprob"
    if name in CONTRASTIVE and contrast is None:
        raise InvalidInput(f"attributed function {name!r} needs contrast_targets")
    if name == "logit":
        return _gather(logits, target)
    if name == "contrast_logits":
        return _gather(logits, contrast)
    if name == "contrast_logits_diff":
        return _gather(logits, target) - _gather(logits, contrast)
    logp = logits.log_softmax(-1)
    if name == "logprob":
        return _gather(logp, target)
    if name == "in_context_pvi":
        return -_gather(logp, target) + _gather(logp, contrast)
    if name in ("probability", "contrast_prob", "contrast_prob_diff", "pcxmi"):
        probs = logits.softmax(-1)
        if name == "probability":
            return _gather(probs, target)
        if name == "contrast_prob":
            return _gather(logp, contrast) if logprob else _gather(probs, contrast)
        if name == "contrast_prob_diff":
            if logprob:
                return _gather(logp, target) - _gather(logp, contrast)
            return _gather(probs, target) - _gather(probs, contrast)
        return -torch.log2(_gather(probs, target) / _gather(probs, contrast))
    raise InvalidInput(f"unknown attributed function {name!r}; choose one of {', '.join(ATTRIBUTED)}")


def step_scores(
    names,
    logits: torch.Tensor,
    target: torch.Tensor,
    c_logits: torch.Tensor | None = None,
    c_target: torch.Tensor | None = None,
    args: dict | None = None,
) -> dict[str, torch.Tensor]:
    """Step scores for rows ``logits[n, V]``; contrastive ones use ``c_logits[n, V]``."""
    args = args or {}
    out = {}
    logp = wide(logits).log_softmax(-1)
    probs = logp.exp()
    if any(n in CONTRASTIVE for n in names):
        if c_logits is None:
            raise InvalidInput("contrastive step scores need contrast_targets (or contrast_sources)")
        c_logp = wide(c_logits).log_softmax(-1)
    for name in names:
        if name == "probability":
            out[name] = _gather(probs, target)
        elif name == "logit":
            out[name] = _gather(logits, target)
        elif name == "entropy":
            out[name] = torch.distributions.Categorical(logits=logits).entropy()
        elif name == "crossentropy":
            out[name] = F.cross_entropy(logits, target, reduction="none")
        elif name == "perplexity":
            out[name] = 2 ** F.cross_entropy(logits, target, reduction="none")
        elif name == "contrast_prob":
            out[name] = _gather(c_logits.softmax(-1), c_target)
        elif name == "contrast_logits":
            out[name] = _gather(c_logits, c_target)
        elif name == "contrast_prob_diff":
            out[name] = _gather(probs, target) - _gather(c_logits.softmax(-1), c_target)
        elif name == "contrast_logits_diff":
            out[name] = _gather(logits, target) - _gather(c_logits, c_target)
        elif name == "pcxmi":
            out[name] = -torch.log2(
                _gather(logits.softmax(-1), target) / _gather(c_logits.softmax(-1), c_target)
            )
        elif name == "in_context_pvi":
            out[name] = -_gather(logp, target) + _gather(c_logp, c_target)
        elif name == "kl_divergence":
            out[name] = _kl(logits, c_logits, args)
        else:
            raise InvalidInput(f"unknown step score {name!r}; choose from {', '.join(STEP_SCORES)}")
    return out


def _kl(logits, c_logits, args):
    args = {**STEP_SCORE_ARGS["kl_divergence"], **args}
    top_k, top_p, keep = int(args["top_k"]), float(args["top_p"]), int(args["min_tokens_to_keep"])
    if top_k > logits.size(-1) or top_k < 0:
        raise InvalidInput(f"top_k must be in [0, {logits.size(-1)}], got {top_k}")
    if top_p < 1.0:
        mix = logits + c_logits  # Inseq's "merged" filter strategy
        order_vals, order = torch.sort(mix, descending=False)
        cum = order_vals.softmax(-1).cumsum(-1)
        drop = cum <= (1 - top_p)
        drop[..., -keep:] = False
        drop = drop.scatter(1, order, drop)
        logits, c_logits = logits.masked_fill(drop, float("-inf")), c_logits.masked_fill(drop, float("-inf"))
    if top_k > 0:
        mix = logits + c_logits  # Inseq's "merged" filter strategy
        k = max(top_k, keep)
        drop = mix < mix.topk(k).values[..., -1, None]
        logits, c_logits = logits.masked_fill(drop, float("-inf")), c_logits.masked_fill(drop, float("-inf"))
    lp, lq = F.log_softmax(logits, -1), F.log_softmax(c_logits, -1)
    return torch.stack(
        [F.kl_div(lq[i], lp[i], reduction="sum", log_target=True) for i in range(lp.shape[0])]
    ).cpu()
