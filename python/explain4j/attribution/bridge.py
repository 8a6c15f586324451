"""The Java side's entry into the attribution engine: plain values plus tensors to export."""

import numpy as np

from ..errors import InvalidInput
from .api import attribute


def run(lm, inputs, targets=None, method="saliency", options=None):
    """Attribute with the model Java loaded; returns SequenceAttribution objects (Java handles)."""
    if lm.kind == "encoder":
        raise InvalidInput(
            f"model {lm.source} is an encoder ({lm.info['architecture']}); attribution of generation needs "
            "a generative model: explain encoders with task heads with classify (ClassifierExplainer)"
        )
    opts = dict(options or {})
    _check_lengths(lm, list(inputs), None if targets is None else list(targets), opts)
    return attribute(
        lm.model, lm.tokenizer, list(inputs), None if targets is None else list(targets), method, **opts
    )


def classify(lm, texts, pairs=None, method="saliency", options=None):
    """Explain an encoder with a task head (see :mod:`.classifier`); one handle per text."""
    from . import classifier, heads

    if lm.kind != "encoder":
        raise InvalidInput(
            f"model {lm.source} is a {lm.kind} model ({lm.info['architecture']}); classify explains "
            f"encoders with a task head: {', '.join('*' + s for s in heads.HEADS)}"
        )
    return classifier.explain(
        lm.model,
        lm.tokenizer,
        list(texts),
        None if pairs is None else list(pairs),
        method,
        source=lm.source,
        **dict(options or {}),
    )


def prediction(seq):
    """What the model predicted for one explained text, as plain values for Java."""
    info = seq.info
    pred = info["predictions"]
    zero = info.get("zero_shot")
    out = {
        "head": info["head"],
        "labels": list(pred.get("labels", [])),
        "probabilities": {str(k): float(v) for k, v in pred.get("probabilities", {}).items()},
        "answer": pred.get("answer"),
        "answerCharacters": pred.get("characters"),
        "tags": [[int(t["index"]), str(t["label"]), float(t["probability"])] for t in pred.get("tags", [])],
        "fills": [[int(f["index"]), str(f["token"]), float(f["probability"])] for f in pred.get("fills", [])],
        "wordSpans": [list(s) for s in info.get("word_spans", [])],
    }
    if zero is not None:
        out["labels"] = [zero["candidate"]]
        out["probabilities"] = {str(k): float(v) for k, v in zero["probabilities"].items()}
        out["zeroShotText"] = int(zero["text"])
    if out["answer"] is not None:
        out["labels"] = [out["answer"]]
        out["probabilities"] = {out["answer"]: float(pred["score"])}
    return out


def _check_lengths(lm, inputs, targets, opts):
    """Refuse sequences longer than the model's positions, naming the model and the lengths."""
    from ..generation import ids_of
    from ..models import max_positions

    limit = max_positions(lm)
    if not limit:
        return
    new = int((opts.get("generation_args") or {}).get("max_new_tokens", 0))
    for i, text in enumerate(inputs):
        n = len(ids_of(lm.tokenizer, text))
        if targets is not None:
            m = len(ids_of(lm.tokenizer, targets[i]))
            total = m if lm.kind == "decoder" else max(n, m)
        else:
            total = n + new if lm.kind == "decoder" else n
        if total > limit:
            raise InvalidInput(
                f"input {i} needs {total} positions but model {lm.source} has {limit}; "
                "shorten the text or the number of new tokens"
            )


def _floats(a):
    return [float(x) for x in np.asarray(a, dtype=np.float64).reshape(-1)]


def describe(seq):
    """Everything but the granular arrays, as plain values."""
    return {
        "sourceTokens": list(seq.source_tokens),
        "sourceIds": [int(i) for i in seq.source_ids],
        "targetTokens": list(seq.target_tokens),
        "targetIds": [int(i) for i in seq.target_ids],
        "attrPosStart": int(seq.attr_pos_start),
        "attrPosEnd": int(seq.attr_pos_end),
        "hasSource": seq.source_attributions is not None,
        "hasTarget": seq.target_attributions is not None,
        "stepScores": {k: _floats(v) for k, v in seq.step_scores.items()},
        "method": seq.method,
        "attributedFn": seq.attributed_fn,
        "dims": list(seq.dims),
        "defaultAggregation": [dict(a) for a in seq.default_aggregation],
        "info": {k: v for k, v in seq.info.items() if isinstance(v, (str, int, float, bool, type(None)))},
    }


def array(seq, which):
    """The source or target granular attributions as a torch tensor sharing the NumPy memory."""
    import torch

    a = seq.source_attributions if which == "source" else seq.target_attributions
    if a is None:
        raise InvalidInput(f"this attribution has no {which} attributions")
    return torch.from_numpy(np.ascontiguousarray(a, dtype=np.float32))
