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
``mc_dropout_prob_avg`` (p[target] - mean(p_d)) / std(p_d), p_d: ``n_mcd_steps`` forward passes with
                     dropout active (train mode); ``logprob=True`` uses log probabilities
``top_p_size``       how many tokens the top-p filter (``top_p``, at least one kept) leaves
==================== ===========================================================================

``c_logits`` are the logits of the contrastive context; when a contrastive function is the
*attributed* function, Inseq keeps the original context (only the target token changes), so
``c_logits`` is ``logits`` there.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

from ..errors import InvalidInput
from .methods import Option
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
    "mc_dropout_prob_avg",
    "top_p_size",
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
# Arguments a step score takes (Inseq's ``step_scores_args``), with their defaults and bounds; a
# default of None marks an argument that must be given (Inseq's ``top_p_size`` has no default
# ``top_p``). As in Inseq, the arguments are one flat dictionary shared by the chosen step scores.
STEP_SCORE_ARGS = {
    "kl_divergence": (
        Option("top_k", "int", 0, min=0),
        Option("top_p", "float", 1.0, min=0.0, max=1.0),
        Option("min_tokens_to_keep", "int", 1, min=1),
    ),
    "mc_dropout_prob_avg": (Option("n_mcd_steps", "int", 5, min=2), Option("logprob", "bool", False)),
    "top_p_size": (Option("top_p", "float", None, min=0.0, max=1.0),),
}
# Step scores that run the model again (with dropout active) rather than read the logits.
NEEDS_MODEL = {"mc_dropout_prob_avg"}
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


def check_args(names, args: dict | None) -> dict:
    """The arguments of step scores ``names``: ``args`` checked against :data:`STEP_SCORE_ARGS`,
    defaults filled in. An argument none of them takes, or a missing required one, is refused."""
    args = dict(args or {})
    takes: dict[str, list] = {}
    for name in names:
        for opt in STEP_SCORE_ARGS.get(name, ()):
            takes.setdefault(opt.name, []).append((name, opt))
    for key in args:
        if key not in takes:
            offered = ", ".join(takes) or "no arguments"
            raise InvalidInput(
                f"step score argument {key!r} is not taken by the chosen step scores "
                f"({', '.join(names) or 'none'}); they take {offered}"
            )
    out = {}
    for key, uses in takes.items():
        if key in args:
            for name, opt in uses:
                opt.check(f"step score {name}", args[key])
            out[key] = args[key]
            continue
        missing = [name for name, opt in uses if opt.default is None]
        if missing:
            raise InvalidInput(f"step score {missing[0]} needs its argument {key!r} (a number from 0 to 1)")
        out[key] = uses[0][1].default
    return out


def mc_dropout_z(orig: torch.Tensor, noisy: torch.Tensor, tokens=None) -> torch.Tensor:
    """Inseq's ``mc_dropout_prob_avg``: ``orig[K]`` z-scored by the dropout samples ``noisy[n, K]``."""
    std = noisy.std(0)
    flat = (std == 0) | ~torch.isfinite(std)
    if bool(flat.any()):
        k = int(flat.nonzero()[0])
        at = f" (token {tokens[k]!r})" if tokens is not None else ""
        raise InvalidInput(
            f"mc_dropout_prob_avg: the {noisy.shape[0]} dropout passes gave the same probability at "
            f"step {k}{at}, so its z-score is undefined; the model has no active dropout (all its "
            "dropout probabilities are 0), and Inseq would return NaN"
        )
    return (orig - noisy.mean(0)) / std


def top_p_size(logits: torch.Tensor, top_p: float) -> torch.Tensor:
    """How many tokens of each row ``logits[n, V]`` the top-p filter keeps (Inseq's
    ``top_p_logits_mask`` with one token kept at least): the smallest set, from the most likely,
    whose probabilities sum to more than ``top_p``, ties at the threshold included."""
    ordered = torch.sort(logits, descending=False).values
    cum = ordered.softmax(-1).cumsum(-1)
    drop = cum <= (1 - top_p)
    drop[..., -1] = False
    return (~drop).sum(-1)


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
    noisy: torch.Tensor | None = None,
    raw_logits: torch.Tensor | None = None,
    tokens=None,
) -> dict[str, torch.Tensor]:
    """Step scores for rows ``logits[n, V]``; contrastive ones use ``c_logits[n, V]``.

    ``args`` come from :func:`check_args`; ``noisy[m, n]`` are the target's probabilities (log
    probabilities with ``logprob``) from ``m`` dropout passes, for ``mc_dropout_prob_avg``;
    ``raw_logits`` are the rows in the model's own dtype (default ``logits``), for ``top_p_size``.
    """
    args = check_args(names, args)
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
        elif name == "mc_dropout_prob_avg":
            orig = _gather(logp if args["logprob"] else logits.softmax(-1), target)
            out[name] = mc_dropout_z(orig, noisy.to(orig.dtype), tokens)
        elif name == "top_p_size":
            rows = raw_logits if raw_logits is not None else logits
            out[name] = top_p_size(rows, float(args["top_p"])).to(logits.dtype)
        else:
            raise InvalidInput(f"unknown step score {name!r}; choose from {', '.join(STEP_SCORES)}")
    return out


def _kl(logits, c_logits, args):
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
