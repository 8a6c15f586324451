"""Entry point: ``attribute(model, tokenizer, inputs, ...)`` -> one raw result per sequence."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import torch

from ..errors import InvalidInput
from . import contrast as contrast_mod
from . import encoding, methods, result, scores
from .modeling import ModelAdapter, wide, wide_dtype
from .vjp import STRATEGIES, StepBatch


@dataclass
class Context:
    """Everything a method needs for one sequence (tensors live on the model's device)."""

    adapter: ModelAdapter
    tokenizer: object
    seq: encoding.Prepared
    steps: StepBatch
    x_src: torch.Tensor | None
    b_src: torch.Tensor | None
    x_dec: torch.Tensor
    b_dec: torch.Tensor
    attr_src: bool
    attr_dec: bool
    strategy: str
    max_tokens: int
    vjp_tokens: int
    point_chunk: int | None = None
    logits_sink: dict = field(default_factory=dict)


def _texts(value, name):
    if value is None:
        return None
    if isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return list(value)
    raise InvalidInput(f"{name} must be a string or a list of strings, got {type(value).__name__}")


def default_vjp_tokens(device) -> int:
    """Rows x tokens of one batched VJP call (``is_grads_batched`` stacks several steps' VJPs).

    On a CPU stacking helps only while each VJP is small: saliency's 20 one-row VJPs run 2.5x
    faster stacked, but integrated gradients' 50-row VJPs run ~30% faster one at a time (measured
    on the default model, 20 steps). On a GPU the batch budget is the pass budget.
    """
    return default_max_tokens(device) if torch.device(device).type == "cuda" else 1024


def default_max_tokens(device) -> int:
    """Rows x tokens per batched pass: bounds memory of the batched forward/backward passes."""
    return 262144 if torch.device(device).type == "cuda" else 16384


def attribute(
    model,
    tokenizer,
    inputs,
    targets=None,
    method: str = "saliency",
    *,
    attributed_fn: str | None = None,
    step_scores=(),
    attribute_target: bool = False,
    generation_args: dict | None = None,
    contrast_targets=None,
    contrast_sources=None,
    contrast_targets_alignments=None,
    contrast_force_inputs: bool = False,
    include_eos_baseline: bool = False,
    skip_special_tokens: bool = False,
    attr_pos_start: int | None = None,
    attr_pos_end: int | None = None,
    strategy: str = "chunked",
    max_tokens: int | None = None,
    point_chunk: int | None = None,
    vjp_tokens: int | None = None,
    step_scores_args: dict | None = None,
    logprob: bool = False,
    attribution_args: dict | None = None,
    allow_empty_target: bool = False,
    **method_args,
) -> list[result.SequenceAttribution]:
    """Attribute each input (and its forced or generated target) with ``method``.

    Arguments mirror Inseq's ``AttributionModel.attribute``: ``inputs`` and optional forced
    ``targets`` (a string or list of strings; for decoder-only models the target is the full text
    and must start with the input), ``method`` one of Inseq's names, ``attributed_fn`` (default
    ``"probability"``; ``"logprob"`` or ``logprob=True``, ``"logit"`` or a contrastive function),
    ``step_scores`` (names from :data:`scores.STEP_SCORES`) with ``step_scores_args`` (one flat
    dict shared by them, as in Inseq: ``top_p``, ``n_mcd_steps``...), ``generation_args`` for
    ``model.generate`` when no target is given, and method options (``n_steps``,
    ``internal_batch_size``, ``n_samples``, ``stdevs``, ``mask_prob``...), given as keywords or,
    as in Inseq, in ``attribution_args`` (needed for integrated gradients' own ``method``).

    Engine options: ``strategy`` (``vmap``, ``chunked`` or ``replicate``, see :mod:`.vjp`),
    ``max_tokens`` (rows x tokens per batched pass), ``vjp_tokens`` (rows x tokens per batched
    VJP call, see :func:`default_vjp_tokens`), ``point_chunk`` (IG points per forward).
    ``allow_empty_target`` lets a forced encoder-decoder target be special tokens only (context
    attribution attributes one where Inseq does).
    Returns a list of :class:`result.SequenceAttribution`, one per input, on the CPU.
    """
    spec = methods.get(method)
    opts = spec.check_args({**(attribution_args or {}), **method_args})
    texts = _texts(inputs, "inputs")
    if not texts:
        raise InvalidInput("inputs must contain at least one text")
    forced = _texts(targets, "targets")
    if forced is not None and len(forced) != len(texts):
        raise InvalidInput(f"got {len(texts)} inputs but {len(forced)} targets")
    if strategy not in STRATEGIES:
        raise InvalidInput(f"unknown strategy {strategy!r}; choose one of {', '.join(STRATEGIES)}")
    fn = attributed_fn or "probability"
    if fn == "probability" and logprob:
        fn = "logprob"
    if fn not in scores.ATTRIBUTED:
        raise InvalidInput(f"unknown attributed_fn {fn!r}; choose one of {', '.join(scores.ATTRIBUTED)}")
    if contrast_force_inputs and fn in scores.CONTRASTIVE:
        raise InvalidInput("contrast_force_inputs is not supported for gradient attribution")
    for name in step_scores:
        if name not in scores.STEP_SCORES:
            raise InvalidInput(f"unknown step score {name!r}; choose from {', '.join(scores.STEP_SCORES)}")
    step_scores_args = scores.check_args(list(step_scores), step_scores_args)
    adapter = ModelAdapter(model)
    if attribute_target and not adapter.is_encoder_decoder:
        attribute_target = False  # Inseq ignores it for decoder-only models
    max_tokens = int(max_tokens or default_max_tokens(adapter.device))
    vjp_tokens = int(vjp_tokens or min(default_vjp_tokens(adapter.device), max_tokens))
    c_targets = _texts(contrast_targets, "contrast_targets")
    c_sources = _texts(contrast_sources, "contrast_sources")
    outputs = []
    with adapter.session(attentions=spec.family == "attention"):
        for i, text in enumerate(texts):
            started = time.perf_counter()
            seq = _prepare(
                adapter,
                tokenizer,
                text,
                forced[i] if forced else None,
                generation_args,
                skip_special_tokens,
                include_eos_baseline,
                attr_pos_start,
                attr_pos_end,
                allow_empty_target,
            )
            con = contrast_mod.build(
                adapter,
                tokenizer,
                seq,
                c_targets[i] if c_targets else None,
                c_sources[i] if c_sources else None,
                contrast_targets_alignments,
                skip_special_tokens,
                need_logits=any(s in scores.CONTRASTIVE for s in step_scores),
            )
            if fn in scores.CONTRASTIVE and con is None:
                raise InvalidInput(f"attributed_fn {fn!r} needs contrast_targets")
            ctx = _context(
                adapter,
                tokenizer,
                seq,
                fn,
                con,
                attribute_target,
                strategy,
                max_tokens,
                vjp_tokens,
                point_chunk,
            )
            out = spec.run(ctx, **opts)
            src_steps, dec_steps = out[0], out[1]
            extras = out[2] if len(out) > 2 else {}
            _check_finite(seq, method, src_steps, dec_steps)
            src, dec = result.lay_out(seq, src_steps, dec_steps)
            step_vals = _step_scores(adapter, seq, ctx, con, step_scores, step_scores_args)
            info = {
                "method_args": opts,
                "attributed_fn_inseq": scores.INSEQ_FN_NAMES[fn],
                "strategy": strategy,
                "input_text": seq.input_text,
                "target_text": seq.target_text,
                "generation_args": dict(generation_args or {}),
                "constrained_decoding": forced is not None,
                "contrast_target_ids": con.target_ids.tolist() if con is not None else None,
                "contrast_alignments": con.alignments if con is not None else None,
                "exec_seconds": time.perf_counter() - started,
            }
            outputs.append(
                result.build(
                    seq,
                    method,
                    fn if spec.uses_target_fn else None,
                    spec.dims,
                    spec.aggregation,
                    src,
                    dec,
                    step_vals,
                    extras,
                    info,
                )
            )
    return outputs


def score_steps(
    model,
    tokenizer,
    input_text: str,
    target_text: str,
    names,
    *,
    contrast_targets: str | None = None,
    contrast_sources: str | None = None,
    step_scores_args: dict | None = None,
):
    """Step scores alone (no attribution) for one forced target: Inseq's ``method="dummy"``.

    Returns ``(prepared sequence, {name: [K] tensor})``; contrastive scores read the contrastive
    context built by :func:`.contrast.build`.
    """
    for name in names:
        if name not in scores.STEP_SCORES:
            raise InvalidInput(f"unknown step score {name!r}; choose from {', '.join(scores.STEP_SCORES)}")
    adapter = ModelAdapter(model)
    with adapter.session():
        seq = _prepare(adapter, tokenizer, input_text, target_text, None, False, False, None, None)
        con = contrast_mod.build(
            adapter,
            tokenizer,
            seq,
            contrast_targets,
            contrast_sources,
            None,
            False,
            need_logits=any(s in scores.CONTRASTIVE for s in names),
        )
        positions = torch.tensor(seq.steps, device=adapter.device)
        with torch.no_grad():
            src = adapter.embed(seq.source_ids).unsqueeze(0) if seq.is_encoder_decoder else None
            dec = adapter.embed(seq.target_ids[: int(positions.max())]).unsqueeze(0)
            logits, _ = adapter.logits(src, dec, positions - 1)
        values = scores.step_scores(
            list(names),
            wide(logits[0]),
            seq.target_ids[positions],
            con.logits if con is not None else None,
            con.target_ids if con is not None else None,
            step_scores_args,
        )
    return seq, values


def _check_finite(seq, method, src_steps, dec_steps):
    """Refuse NaN or infinite attributions inside each step's prefix, naming where they are."""
    K = len(seq.steps)
    bad_src = bad_dec = None
    if src_steps is not None:
        bad_src = ~torch.isfinite(src_steps.reshape(K, src_steps.shape[1], -1)).all(-1)
    if dec_steps is not None:
        bad_dec = ~torch.isfinite(dec_steps.reshape(K, dec_steps.shape[1], -1)).all(-1)
        prefix = torch.arange(dec_steps.shape[1], device=dec_steps.device).unsqueeze(0) < torch.tensor(
            seq.steps, device=dec_steps.device
        ).unsqueeze(1)
        bad_dec &= prefix
    hit = torch.zeros(K, dtype=torch.bool, device=(src_steps if src_steps is not None else dec_steps).device)
    for bad in (bad_src, bad_dec):
        if bad is not None:
            hit |= bad.any(1)
    if not bool(hit.any()):
        return
    k = int(hit.nonzero()[0])

    def where(bad):
        return bad[k].nonzero().flatten().tolist() if bad is not None else []

    token = seq.target_tokens[seq.steps[k]]
    raise InvalidInput(
        f"{method} produced NaN or infinite attributions in {int(hit.sum())} of {K} steps; the "
        f"first is step {k} (token {token!r}) at source positions {where(bad_src)} and target "
        f"positions {where(bad_dec)}. They come from the model's forward or backward pass (in float16 or "
        "bfloat16, try float32); explain4j never replaces them with zeros"
    )


def _prepare(
    adapter,
    tokenizer,
    text,
    target,
    generation_args,
    skip_special,
    include_eos,
    start,
    end,
    allow_empty=False,
):
    model = adapter.model
    special = encoding.Special.of(model, tokenizer)
    if not adapter.is_encoder_decoder and not text:
        text = special.bos_token
        if target is not None and not target.startswith(text):
            target = " ".join([text, target])
    generated = None
    if target is None:
        target, ids, prompt_len = encoding.generate(
            model,
            tokenizer,
            text,
            special,
            generation_args or {},
            add_special_tokens=not skip_special,
            device=adapter.device,
        )
        generated = (ids, prompt_len)
    return encoding.prepare(
        model,
        tokenizer,
        text,
        target,
        skip_special_tokens=skip_special,
        include_eos_baseline=include_eos,
        attr_pos_start=start,
        attr_pos_end=end,
        generated=generated,
        allow_empty_target=allow_empty,
    )


def _context(
    adapter, tokenizer, seq, fn, con, attribute_target, strategy, max_tokens, vjp_tokens, point_chunk
):
    positions = torch.tensor(seq.steps, device=adapter.device)
    tgt = seq.target_ids[positions]
    c_ids = con.target_ids if con is not None else None

    def score(logits, sel):
        return scores.attributed_score(fn, logits, tgt[sel], c_ids[sel] if c_ids is not None else None)

    with torch.no_grad():
        x_dec, b_dec = adapter.embed(seq.target_ids), adapter.embed(seq.target_baseline_ids)
        x_src = adapter.embed(seq.source_ids) if seq.is_encoder_decoder else None
        b_src = adapter.embed(seq.source_baseline_ids) if seq.is_encoder_decoder else None
    return Context(
        adapter=adapter,
        tokenizer=tokenizer,
        seq=seq,
        steps=StepBatch(positions, score),
        x_src=x_src,
        b_src=b_src,
        x_dec=x_dec,
        b_dec=b_dec,
        attr_src=seq.is_encoder_decoder,
        attr_dec=(not seq.is_encoder_decoder) or attribute_target,
        strategy=strategy,
        max_tokens=max_tokens,
        vjp_tokens=vjp_tokens,
        point_chunk=point_chunk,
    )


def _step_scores(adapter, seq, ctx, con, names, args):
    if not names:
        return {}
    positions = ctx.steps.positions
    if len(ctx.logits_sink) == len(positions):  # the gradient pass already ran the input forward
        logits = torch.stack([ctx.logits_sink[k] for k in range(len(positions))]).unsqueeze(0)
    else:
        with torch.no_grad():
            src = ctx.x_src.unsqueeze(0) if ctx.x_src is not None else None
            dec = ctx.x_dec[: int(positions.max())].unsqueeze(0)
            logits, _ = adapter.logits(src, dec, positions - 1)
    tgt = seq.target_ids[positions]
    c_logits = con.logits if con is not None else None
    c_tgt = con.target_ids if con is not None else None
    noisy = None
    if "mc_dropout_prob_avg" in names:
        noisy = _dropout_probs(adapter, ctx, tgt, int(args["n_mcd_steps"]), bool(args["logprob"]))
    tokens = [seq.target_tokens[p] for p in positions.tolist()]
    return scores.step_scores(
        list(names), wide(logits[0]), tgt, c_logits, c_tgt, args, noisy, logits[0], tokens
    )


def _dropout_probs(adapter, ctx, tgt, n, logprob):
    """The target's probability at each step from ``n`` forward passes in train mode (dropout on),
    ``[n, K]``. As in Inseq, each step runs on its own prefix, ``n`` times in a row, steps in order,
    so one seed gives the same draws; the model is back in eval mode afterwards."""
    model = adapter.model
    src = ctx.x_src.unsqueeze(0) if ctx.x_src is not None else None
    out = torch.empty(n, len(ctx.steps.positions), dtype=wide_dtype(adapter.dtype))
    model.train()
    try:
        with torch.no_grad():
            for k, p in enumerate(ctx.steps.positions.tolist()):
                dec = ctx.x_dec[:p].unsqueeze(0)
                last = torch.tensor([p - 1], device=dec.device)
                for i in range(n):
                    row = wide(adapter.logits(src, dec, last)[0][0, 0])
                    row = row.log_softmax(-1) if logprob else row.softmax(-1)
                    out[i, k] = row[tgt[k]].cpu()
    finally:
        model.eval()
    return out
