"""Value zeroing (Mohebbi et al., 2023), as Inseq 0.7.1 computes it (a final-step method).

For each attributed token ``j`` the attention value vectors of ``j`` are zeroed in every layer of
one attention kind (decoder or encoder self-attention, or cross-attention); each block's output
is compared with the clean run's by cosine similarity (``similarity_metric``), every block
reading the clean output of the block before it, so a layer's score is its own mixing. Scores
are ``1 - similarity``, zeroed below ``1e-5``, then divided by their sum over attributed tokens
for every (layer, position) row; a decoder's self-attention is causal (scores only for positions
at or after ``j``). Like Inseq, block outputs are rounded to float32 before the similarity (the
last block's corrupted output excepted), and the last block's output is the model's last hidden
state (after the final norm).

Inseq zeroes one token per forward pass (batch size 1, a tracing hook on the attention's local
variables). Here the value projection's output is zeroed by a forward hook, row ``r`` of one
batched forward zeroing token ``r``, so one pass (per memory budget) serves every token.
"""

from __future__ import annotations

from contextlib import ExitStack, contextmanager

import torch

from ..errors import InvalidInput
from .modeling import wide

METRICS = ("cosine", "euclidean")
THRESHOLD = 1e-5
_CROSS = ("layer.1.EncDecAttention", "encoder_attn", "crossattention")


def _path(obj, dotted):
    for part in dotted.split("."):
        obj = obj[int(part)] if part.isdigit() else getattr(obj, part, None)
        if obj is None:
            return None
    return obj


def value_projection(attn, model_name):
    """``(module, part)``: the module whose output holds the values, and the value feature slice."""
    for name in ("v_proj", "v", "value"):
        module = getattr(attn, name, None)
        if isinstance(module, torch.nn.Module):
            return module, slice(None)
    fused = getattr(attn, "c_attn", None)  # GPT-2: queries, keys and values side by side
    if fused is not None and not getattr(attn, "is_cross_attention", False):
        width = getattr(attn, "split_size", None) or attn.embed_dim
        return fused, slice(2 * width, 3 * width)
    raise InvalidInput(
        f"value_zeroing: explain4j does not know where {model_name}'s attention "
        f"({type(attn).__name__}) computes its value vectors"
    )


@contextmanager
def _zeroed_values(projections, tokens):
    """Row ``r`` of every pass zeroes the values of token ``tokens[r]``."""

    def hook(part):
        def run(_, __, out):
            keep = torch.arange(out.shape[1], device=out.device).unsqueeze(0) != tokens.unsqueeze(1)
            out = out.clone()
            out[..., part] = out[..., part] * keep.unsqueeze(-1).to(out.dtype)
            return out

        return run

    with ExitStack() as scope:
        for module, part in projections:
            scope.callback(module.register_forward_hook(hook(part)).remove)
        yield


@contextmanager
def _patched_blocks(blocks, clean, seen):
    """Blocks but the last record their output and hand on the clean one."""

    def hook(index):
        def run(_, __, out):
            first = out[0] if isinstance(out, tuple) else out
            seen[index] = first.detach().float()
            fixed = clean[index].to(first.dtype).expand_as(first)
            return (fixed, *out[1:]) if isinstance(out, tuple) else fixed

        return run

    with ExitStack() as scope:
        for i, block in enumerate(blocks[:-1]):
            scope.callback(block.register_forward_hook(hook(i)).remove)
        yield


def _similarity(metric, clean, corrupted):
    if metric == "cosine":
        return torch.nn.functional.cosine_similarity(clean, corrupted, dim=-1)
    return (clean - corrupted).norm(dim=-1)


def _scores(ctx, mode, attn_kind, metric, n_attr, run, clean_hidden, causal):
    """``[attributed, positions, layers]`` for zeroing each attributed token in ``attn_kind``."""
    adapter = ctx.adapter
    model = adapter.model
    stack = "encoder" if mode == "encoder" else "decoder"
    blocks = adapter.arch.layers(model, stack)
    if attn_kind == "self":
        attns = adapter.arch.attention_modules(model, stack)
    else:
        attns = [_path(b, p) for b in blocks for p in _CROSS if _path(b, p) is not None]
        if len(attns) != len(blocks):
            raise InvalidInput(f"value_zeroing: no cross-attention found in {type(model).__name__}'s blocks")
    projections = [value_projection(a, type(model).__name__) for a in attns]
    clean = [clean_hidden[i + 1].float() for i in range(len(blocks))]
    n_pos = clean[0].shape[1]
    out = torch.full((len(blocks), n_pos, n_attr), float("nan"), device=clean[0].device)
    per_pass = max(1, ctx.max_tokens // max(1, run.tokens))
    for r0 in range(0, n_attr, per_pass):
        tokens = torch.arange(r0, min(n_attr, r0 + per_pass), device=clean[0].device)
        seen = {}
        with torch.no_grad(), _zeroed_values(projections, tokens), _patched_blocks(blocks, clean, seen):
            seen[len(blocks) - 1] = run(len(tokens), stack)  # Inseq leaves this one unrounded
        for layer in range(len(blocks)):
            sim = _similarity(metric, clean[layer], seen[layer])  # [rows, positions]
            for i, j in enumerate(tokens.tolist()):
                if causal:
                    out[layer, j:, j] = 1 - sim[i, j:]
                else:
                    out[layer, :, j] = 1 - sim[i]
    out = torch.where(out < THRESHOLD, torch.zeros_like(out), out)
    total = out.nansum(-1, keepdim=True)
    total[total == 0] = 1
    return (out / total).permute(2, 1, 0)


class _Runner:
    """The model's forward on the attributed sequence, repeated over ``rows``."""

    def __init__(self, ctx, length):
        self.ctx, self.length = ctx, length
        src = ctx.x_src.shape[0] if ctx.x_src is not None else 0
        self.tokens = src + length

    def __call__(self, rows, stack):
        ctx = self.ctx
        src = ctx.x_src.unsqueeze(0).expand(rows, -1, -1) if ctx.x_src is not None else None
        dec = ctx.x_dec[: self.length].unsqueeze(0).expand(rows, -1, -1)
        _, out = ctx.adapter.logits(src, dec, None, output_hidden_states=True)
        return self.hidden(out, stack)[-1]

    def hidden(self, out, stack):
        if not self.ctx.adapter.is_encoder_decoder:
            return out.hidden_states
        return out.encoder_hidden_states if stack == "encoder" else out.decoder_hidden_states


def value_zeroing(
    ctx,
    similarity_metric: str = "cosine",
    output_decoder_self_scores: bool = True,
    output_encoder_self_scores: bool = True,
):
    """Per-step scores ``(src[K, S, L] | None, dec[K, T, L] | None, extras)``."""
    positions = ctx.steps.positions.tolist()
    length = max(positions)
    run = _Runner(ctx, length)
    with torch.no_grad():
        src = ctx.x_src.unsqueeze(0) if ctx.x_src is not None else None
        _, clean_out = ctx.adapter.logits(
            src, ctx.x_dec[:length].unsqueeze(0), None, output_hidden_states=True
        )
    enc = ctx.adapter.is_encoder_decoder
    extras = {}
    dec_scores = None
    if not enc or output_decoder_self_scores or ctx.attr_dec:
        dec_scores = _scores(
            ctx, "decoder", "self", similarity_metric, length, run, run.hidden(clean_out, "decoder"), True
        )
    if not enc:
        return None, _per_step(dec_scores, positions, ctx.x_dec.shape[0]), extras
    if output_encoder_self_scores:
        n_src = ctx.x_src.shape[0]
        extras["encoder_self_scores"] = wide(
            _scores(
                ctx, "encoder", "self", similarity_metric, n_src, run, run.hidden(clean_out, "encoder"), False
            )
        )
    cross = _scores(
        ctx,
        "decoder",
        "cross",
        similarity_metric,
        ctx.x_src.shape[0],
        run,
        run.hidden(clean_out, "decoder"),
        False,
    )
    src_steps = torch.stack([cross[:, p - 1] for p in positions])
    dec_steps = None
    if ctx.attr_dec:
        dec_steps = _per_step(dec_scores, positions, ctx.x_dec.shape[0])
    elif dec_scores is not None:
        extras["decoder_self_scores"] = wide(dec_scores)
    return wide(src_steps), dec_steps, extras


def _per_step(scores, positions, T):
    """``[attributed, positions, L]`` -> per step ``[K, T, L]`` (the row of position ``p - 1``)."""
    out = torch.zeros(len(positions), T, scores.shape[-1], device=scores.device, dtype=torch.float32)
    for k, p in enumerate(positions):
        out[k, :p] = scores[:p, p - 1]
    return wide(out) if scores.dtype == torch.float64 else out
