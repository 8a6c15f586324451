"""Explaining encoders with task heads: classifiers, taggers, extractive QA, fill-mask, zero-shot.

``explain(model, tokenizer, texts, ...)`` predicts, chooses the objectives (the predicted class, or
the classes the caller names; every token's label; the answer's start and end; every mask's
prediction; every candidate label of a zero-shot NLI model), attributes them all in one call and
returns one :class:`~.result.SequenceAttribution` per text laid out like a generation's: the
input tokens are the source (``[tokens, objectives, *extra]``), the objectives are the steps, and
their scores at the input are the step score ``probability`` (or ``logit``). ``info`` carries the
head and the predictions.

The baseline of every token is the padding token's embedding, except special tokens ([CLS],
[SEP], ...), which keep their own; a sentence pair has both segments attributed.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import torch

from ..errors import InvalidInput
from . import heads, methods, result
from .methods import _NORMALIZE, NONE, VNORM_THEN_NORMALIZE
from .modeling import wide

#: default aggregation for encoder heads: signed sums over the hidden size (saliency: its norm)
SUM_THEN_NORMALIZE = [{"op": "sum", "dim": -1}, _NORMALIZE]
ZERO_SHOT_TEMPLATE = "This example is {}."


@dataclass
class Context:
    model: object
    tokenizer: object
    source: str
    head: str
    batch: heads.Batch
    x: torch.Tensor
    b: torch.Tensor
    a: torch.Tensor
    c: torch.Tensor
    counts: torch.Tensor
    query: torch.Tensor
    features: torch.Tensor
    kind: str
    multi_label: bool
    max_tokens: int
    vjp_tokens: int
    values: torch.Tensor | None = None
    logits: torch.Tensor | None = None
    graph: tuple | None = None  # (input leaf, scores [N, K]) of a prediction pass run with gradients

    def embed(self, ids):
        return self.model.get_input_embeddings()(ids)

    def forward(self, rows, texts, **kwargs):
        types = self.batch.token_types
        return self.model(
            inputs_embeds=rows,
            attention_mask=self.batch.mask[texts],
            **({"token_type_ids": types[texts]} if types is not None else {}),
            **kwargs,
        )

    def scores(self, rows, texts):
        out = self.forward(rows, texts)
        mask = self.batch.mask[texts]
        return heads.score(self.head, out, mask, self.a[texts], self.c[texts], self.kind, self.multi_label)


def _texts(value, name):
    if value is None:
        return None
    if isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return list(value)
    raise InvalidInput(f"{name} must be a string or a list of strings, got {type(value).__name__}")


def explain(
    model,
    tokenizer,
    texts,
    pairs=None,
    method: str = "saliency",
    *,
    labels=None,
    candidate_labels=None,
    hypothesis_template: str = ZERO_SHOT_TEMPLATE,
    attributed_fn: str = "probability",
    source: str | None = None,
    max_tokens: int | None = None,
    vjp_tokens: int | None = None,
    **method_args,
) -> list[result.SequenceAttribution]:
    """Predict and attribute each text (with its second segment in ``pairs``: a question's context,
    an NLI hypothesis) with ``method``; ``labels`` names the classes (or, for masked LMs, tokens) to
    explain instead of the predicted ones; ``candidate_labels`` makes an NLI model a zero-shot
    classifier."""
    source = source or getattr(model.config, "_name_or_path", "") or type(model).__name__
    spec = methods.get(method, scope="classifier")
    opts = spec.check_args(method_args)
    texts = _texts(texts, "texts")
    pairs = _texts(pairs, "pairs")
    if not texts:
        raise InvalidInput("texts must contain at least one text")
    if pairs is not None and len(pairs) != len(texts):
        raise InvalidInput(f"got {len(texts)} texts but {len(pairs)} pairs")
    if attributed_fn not in heads.SCORES:
        raise InvalidInput(
            f"unknown attributed_fn {attributed_fn!r}; choose one of {', '.join(heads.SCORES)}"
        )
    head = heads.head_of(model, source)
    labels = _texts(labels, "labels") if labels is not None and not isinstance(labels, int) else labels
    zero_shot = None
    if candidate_labels is not None:
        texts, pairs, zero_shot = _zero_shot(
            model, source, head, texts, pairs, candidate_labels, hypothesis_template
        )
        labels = ["entailment"]
    if head == "question_answering" and pairs is None:
        raise InvalidInput(
            f"model {source} answers questions from a context: give one with each question "
            "(--context on the command line; explain(question, context, options) in Java)"
        )
    device = next(model.parameters()).device
    cpu = device.type != "cuda"
    max_tokens = int(max_tokens or (16384 if cpu else 262144))
    vjp_tokens = int(vjp_tokens or (1024 if cpu else max_tokens))
    started = time.perf_counter()
    was_training = model.training
    model.eval()
    try:
        with _eager_if(model, spec.family == "attention"):
            batch = heads.encode(model, tokenizer, source, texts, pairs, device)
            reuse = spec.name in _AT_INPUT and batch.ids.numel() <= max_tokens
            ctx, predictions = _context(
                model, tokenizer, source, head, batch, labels, attributed_fn, max_tokens, vjp_tokens, reuse
            )
            with torch.enable_grad() if spec.needs_grad else torch.no_grad():
                raw = spec.classify(ctx, **opts)
    finally:
        model.train(was_training)
    if not bool(torch.isfinite(raw).all()):
        raise InvalidInput(
            f"{method} produced NaN or infinite attributions on model {source}; explain4j never replaces them"
        )
    seconds = time.perf_counter() - started
    return _results(ctx, raw, spec, method, opts, predictions, zero_shot, attributed_fn, seconds)


def _eager_if(model, wanted):
    from contextlib import nullcontext

    from explain4j import architectures

    return architectures.for_model(model).eager(model) if wanted else nullcontext()


def _zero_shot(model, source, head, texts, pairs, candidates, template):
    cands = _texts(candidates, "candidate_labels")
    if head != "sequence_classification" or "entailment" not in [n.lower() for n in heads.label_names(model)]:
        raise InvalidInput(
            f"zero-shot classification needs an NLI model (a sequence classifier with an 'entailment' "
            f"label); model {source} has labels {', '.join(heads.label_names(model))}"
        )
    if not cands:
        raise InvalidInput("candidate_labels must name at least one label")
    if pairs is not None:
        raise InvalidInput(
            "zero-shot classification takes texts only; the hypotheses come from candidate_labels"
        )
    rows = [(t, template.format(c)) for t in texts for c in cands]
    return [r[0] for r in rows], [r[1] for r in rows], {"candidates": cands, "texts": len(texts)}


#: methods whose only point is the input itself: the prediction pass also gives their gradients
_AT_INPUT = ("saliency", "input_x_gradient")


def _context(model, tokenizer, source, head, batch, labels, kind, max_tokens, vjp_tokens, reuse=False):
    """Predict, choose each text's objectives; with ``reuse``, the prediction pass runs on the input
    embeddings with gradients, and its graph serves the first (and only) gradient pass."""
    embed = model.get_input_embeddings()
    with torch.no_grad():
        x = embed(batch.ids)
        pad = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else 0
        b = embed(torch.where(batch.special, batch.ids, torch.full_like(batch.ids, pad)))
    types = {"token_type_ids": batch.token_types} if batch.token_types is not None else {}
    leaf = x.detach().clone().requires_grad_(True) if reuse else None
    with torch.enable_grad() if reuse else torch.no_grad():
        if reuse:
            out = model(inputs_embeds=leaf, attention_mask=batch.mask, **types)
        else:
            out = model(input_ids=batch.ids, attention_mask=batch.mask, **types)
    multi = head == "sequence_classification" and heads.is_multi_label(model)
    probs = heads.probabilities(head, out, batch.mask, multi).detach()
    objectives, predictions = [], []
    for n in range(batch.ids.shape[0]):
        obj, pred = _objectives(model, tokenizer, source, head, batch, n, probs[n], labels, multi)
        objectives.append(obj)
        predictions.append(pred)
    K = max(1, max(len(o) for o in objectives))
    N = len(objectives)
    a = torch.zeros(N, K, dtype=torch.long, device=x.device)
    c = torch.zeros(N, K, dtype=torch.long, device=x.device)
    q = torch.zeros(N, K, dtype=torch.long, device=x.device)
    for n, obj in enumerate(objectives):
        for k, (_, ai, ci, qi) in enumerate(obj):
            a[n, k], c[n, k], q[n, k] = ai, ci, qi
    counts = torch.tensor([len(o) for o in objectives], device=x.device)
    scored = heads.score(head, out, batch.mask, a, c, kind, multi)
    values = wide(scored.detach())
    features = ~batch.special
    ctx = Context(
        model,
        tokenizer,
        source,
        head,
        batch,
        x,
        b,
        a,
        c,
        counts,
        q,
        features,
        kind,
        multi,
        max_tokens,
        vjp_tokens,
    )
    for n, obj in enumerate(objectives):
        predictions[n]["objectives"] = [o[0] for o in obj]
    ctx.values, ctx.logits = values, heads.raw(head, out).detach()
    ctx.graph = (leaf, scored) if reuse else None
    return ctx, predictions


def _objectives(model, tokenizer, source, head, batch, n, probs, labels, multi):
    """``[(name, a, c, query)]`` for text ``n``, and what the model predicted."""
    length = batch.lengths[n]
    tokens = tokenizer.convert_ids_to_tokens(batch.ids[n, :length].tolist())
    if head == "sequence_classification":
        names = heads.label_names(model)
        p = probs.tolist()
        if labels is not None:
            chosen = [heads.label_index(model, source, lab) for lab in labels]
        elif multi:
            chosen = [i for i, v in enumerate(p) if v > 0.5] or [int(probs.argmax())]
        else:
            chosen = [int(probs.argmax())]
        pred = {"labels": [names[i] for i in chosen], "probabilities": dict(zip(names, p))}
        return [(names[i], 0, i, 0) for i in chosen], pred
    if head == "token_classification":
        names = heads.label_names(model)
        fixed = [heads.label_index(model, source, lab) for lab in labels] if labels is not None else None
        obj, tags = [], []
        for t in range(length):
            if bool(batch.special[n, t]):
                continue
            best = int(probs[t].argmax())
            tags.append(
                {"token": tokens[t], "index": t, "label": names[best], "probability": float(probs[t, best])}
            )
            for i in fixed if fixed is not None else [best]:
                obj.append((f"{tokens[t]} {names[i]}", t, i, t))
        return obj, {"tags": tags}
    if head == "question_answering":
        return _answer(tokenizer, batch, n, probs, tokens)
    mask_id = tokenizer.mask_token_id
    where = [t for t in range(length) if int(batch.ids[n, t]) == mask_id]
    if not where:
        raise InvalidInput(
            f"text {n} has no {tokenizer.mask_token} token for masked LM model {source} to fill"
        )
    wanted = None
    if labels is not None:
        wanted = tokenizer.convert_tokens_to_ids(list(labels))
        unknown = [lab for lab, i in zip(labels, wanted) if i is None or i == tokenizer.unk_token_id]
        if unknown:
            raise InvalidInput(f"model {source} has no vocabulary token {unknown[0]!r} to explain")
    obj, fills = [], []
    for t in where:
        best = int(probs[t].argmax())
        fills.append(
            {"index": t, "token": tokenizer.convert_ids_to_tokens(best), "probability": float(probs[t, best])}
        )
        for v in wanted if wanted is not None else [best]:
            obj.append((f"{tokens[t]} {tokenizer.convert_ids_to_tokens(v)}", t, v, t))
    return obj, {"fills": fills}


def _answer(tokenizer, batch, n, probs, tokens, max_answer=30):
    """The best span of the context (second segment): highest start x end probability."""
    seq = batch.sequence_ids[n] if batch.sequence_ids else [None] * batch.lengths[n]
    ctx_pos = [t for t in range(batch.lengths[n]) if seq[t] == 1] or [
        t for t in range(batch.lengths[n]) if not bool(batch.special[n, t])
    ]
    start, end = probs[0], probs[1]
    best, span = -1.0, (ctx_pos[0], ctx_pos[0])
    for s in ctx_pos:
        for e in ctx_pos:
            if s <= e < s + max_answer and float(start[s] * end[e]) > best:
                best, span = float(start[s] * end[e]), (s, e)
    s, e = span
    offsets = batch.offsets[n] if batch.offsets is not None else None
    pred = {
        "answer": tokenizer.convert_tokens_to_string(tokens[s : e + 1]),
        "start": s,
        "end": e,
        "score": best,
        "characters": [offsets[s][0], offsets[e][1]] if offsets is not None else None,
    }
    return [(f"start {tokens[s]}", 0, s, s), (f"end {tokens[e]}", 1, e, e)], pred


def aggregation_for(spec):
    if spec.family == "attention":
        return spec.aggregation
    if spec.name == "saliency":
        return VNORM_THEN_NORMALIZE
    if spec.family == "perturbation":
        return [_NORMALIZE]
    return SUM_THEN_NORMALIZE if spec.dims[-1] == "hidden" else NONE


def _results(ctx, raw, spec, method, opts, predictions, zero_shot, kind, seconds):
    values = ctx.values  # each objective's score at the input, from the prediction pass
    dims = ("token", "step", "hidden") if spec.family == "gradient" else spec.dims
    dims = ("token", "step") if spec.family == "perturbation" else dims
    out = []
    for n, pred in enumerate(predictions):
        length, k = ctx.batch.lengths[n], int(ctx.counts[n])
        ids = ctx.batch.ids[n, :length].tolist()
        tokens = ctx.tokenizer.convert_ids_to_tokens(ids)
        src = raw[n, :k, :length].transpose(0, 1)
        info = {
            "method_args": opts,
            "head": ctx.head,
            "attributed_fn": kind,
            "predictions": pred,
            "word_spans": heads.word_spans(ctx.batch, n),
            "exec_seconds": seconds / len(predictions),
        }
        if zero_shot is not None:
            info["zero_shot"] = zero_shot
        out.append(
            result.SequenceAttribution(
                source_tokens=tokens,
                source_ids=ids,
                target_tokens=[zero_shot["candidates"][n % len(zero_shot["candidates"])]]
                if zero_shot is not None
                else list(pred["objectives"]),
                target_ids=[],
                attr_pos_start=0,
                attr_pos_end=k,
                source_attributions=result._np(src),
                target_attributions=None,
                step_scores={kind: result._np(values[n, :k])},
                sequence_scores={},
                method=method,
                attributed_fn=kind,
                dims=list(dims),
                default_aggregation=[dict(x) for x in aggregation_for(spec)],
                info=info,
            )
        )
    if zero_shot is not None:
        _zero_shot_probabilities(ctx, out, zero_shot)
    return out


def _zero_shot_probabilities(ctx, out, zero_shot):
    """As transformers' pipeline: softmax of the entailment logits over each text's candidates."""
    names = [n.lower() for n in heads.label_names(ctx.model)]
    ent = names.index("entailment")
    cands = zero_shot["candidates"]
    logits = ctx.logits[:, ent]
    per_text = torch.softmax(logits.view(-1, len(cands)).double(), -1)
    for i, r in enumerate(out):
        t, j = divmod(i, len(cands))
        r.info["zero_shot"] = {
            "text": t,
            "candidate": cands[j],
            "probabilities": dict(zip(cands, per_text[t].tolist())),
        }
