"""Layer methods: Inseq's ``layer_gradient_x_activation``, ``layer_integrated_gradients`` and
``layer_deeplift``, attributing at a chosen module's output (Captum's layer attribution).

The model runs from token ids, as Inseq runs it for these methods; a forward hook swaps the
layer's output for the attributed activation (a leaf tensor), so the batched engine of
:mod:`.vjp` takes gradients with respect to that activation exactly as it does for embeddings:
one forward over the whole sequence serves every step, and the per-step backward passes are
batched. The attributed side is the decoder input for decoder-only models and the encoder input
for encoder-decoder models (Inseq refuses ``attribute_target`` for layer methods).

The default layer is the module that embeds the attributed tokens: the model's input embeddings
(for encoder-decoder models, the encoder's own embedding module, which the encoder calls).

Baselines: Inseq 0.7.1 hands Captum the baseline ids, but its forward function then reads the
real ids from its other arguments, so the baseline activation equals the input's and its
``layer_integrated_gradients`` and ``layer_deeplift`` are zero everywhere. Here the baseline ids
run through the model, which is what Captum's methods define.
"""

from __future__ import annotations

import re
from contextlib import contextmanager

import torch

from ..errors import InvalidInput
from .deeplift import rescale_rule
from .gradient import _shared, ig_parameters
from .modeling import wide

LAYER_OPTION = "AttributionOptions.optTargetLayer"


def layer_names(model) -> str:
    """The model's module names on one line, runs of numbered blocks written once as ``{0..N}``."""
    seen, out = set(), []
    counts: dict[str, int] = {}
    for name, _ in model.named_modules():
        if not name:
            continue
        pattern = re.sub(r"(?<=\.)(\d+)(?=\.|$)", "#", name)
        for num in re.findall(r"(?<=\.)(\d+)(?=\.|$)", name):
            counts[pattern] = max(counts.get(pattern, 0), int(num))
        if pattern not in seen:
            seen.add(pattern)
            out.append(pattern)
    return ", ".join(p.replace("#", "{0.." + str(counts[p]) + "}") if "#" in p else p for p in out)


def default_layer(adapter):
    """The module that embeds the attributed tokens, and its name."""
    model = adapter.model
    owner = model.get_encoder() if adapter.is_encoder_decoder else model
    module = owner.get_input_embeddings()
    for name, m in model.named_modules():
        if m is module:
            return name, module
    return "input embeddings", module


def resolve(adapter, name: str | None):
    """``(name, module)`` for ``target_layer``; an unknown name is refused listing the real ones."""
    if name is None:
        return default_layer(adapter)
    modules = dict(adapter.model.named_modules())
    if name in modules and name:
        return name, modules[name]
    raise InvalidInput(
        f"{{option}} names no layer of {type(adapter.model).__name__}; its layers are: "
        + layer_names(adapter.model),
        option=LAYER_OPTION,
        value=name,
    )


@contextmanager
def replaced_output(module, name, value_of):
    """While open, ``module``'s output (or its first element) is ``value_of(output)``."""

    def hook(_, __, output):
        first = output[0] if isinstance(output, tuple) else output
        new = value_of(first)
        if new is None:
            return output
        if new.shape != first.shape:
            raise InvalidInput(
                f"target layer {name!r} gives activations of shape {tuple(first.shape)}, not one "
                f"vector per attributed token {tuple(new.shape)}; choose a layer the attributed "
                "tokens flow through"
            )
        return (new, *output[1:]) if isinstance(output, tuple) else new

    handle = module.register_forward_hook(hook)
    try:
        yield
    finally:
        handle.remove()


class LayerAdapter:
    """Runs the model from ids, with the attributed side's layer output given as ``src``/``dec``.

    ``ids`` are the attributed side's id rows (a pattern repeated over the batch: one row, or
    input and baseline rows); the other side (an encoder-decoder's decoder) gets embeddings.
    """

    def __init__(self, adapter, module, name, ids: torch.Tensor):
        self.adapter, self.module, self.name, self.ids = adapter, module, name, ids
        self.model, self.device = adapter.model, adapter.device
        self.is_encoder_decoder = adapter.is_encoder_decoder

    def _rows(self, n, length):
        reps = n // self.ids.shape[0]
        return self.ids[:, :length].repeat(reps, 1)

    def run(self, n, dec, positions, act=None, length=None):
        """``(logits[n, k, V], output)`` for ``n`` rows; ``act`` replaces the layer's output."""
        enc = self.is_encoder_decoder
        ids = self._rows(n, self.ids.shape[1] if enc or length is None else length)
        kw = dict(input_ids=ids, attention_mask=torch.ones_like(ids), use_cache=False)
        if enc:
            kw["decoder_inputs_embeds"] = dec
            kw["decoder_attention_mask"] = torch.ones(dec.shape[:2], dtype=torch.long, device=dec.device)
        elif positions is not None and self.adapter._keeps_logits:
            kw["logits_to_keep"] = positions
        with replaced_output(self.module, self.name, lambda _: act):
            out = self.model(**kw)
        if "logits_to_keep" in kw or positions is None:
            return out.logits, out
        return out.logits[:, positions], out

    def logits(self, src, dec, positions, **_):
        if self.is_encoder_decoder:
            return self.run(src.shape[0], dec, positions, act=src)
        return self.run(dec.shape[0], None, positions, act=dec, length=dec.shape[1])

    def activations(self, dec) -> torch.Tensor:
        """The layer's output for each id row (no gradient): ``[rows, len, ...]``."""
        seen = []

        def grab(first):
            seen.append(first.detach())

        n = self.ids.shape[0]
        rows = None if dec is None else dec.unsqueeze(0).expand(n, -1, -1)
        with torch.no_grad(), replaced_output(self.module, self.name, grab):
            self.run(n, rows, None)
        if not seen:
            raise InvalidInput(
                f"target layer {self.name!r} is not called when the model reads the attributed "
                "tokens; choose a layer they flow through"
            )
        return seen[0]


def _setup(ctx, target_layer, with_baseline: bool):
    if ctx.attr_dec and ctx.adapter.is_encoder_decoder:
        raise InvalidInput(
            "layer methods attribute the source only (as in Inseq); {option}",
            option="AttributionOptions.optAttributeTarget",
            value=False,
        )
    name, module = resolve(ctx.adapter, target_layer)
    seq = ctx.seq
    enc = ctx.adapter.is_encoder_decoder
    ids = seq.source_ids if enc else seq.target_ids[: int(ctx.steps.positions.max())]
    base = seq.source_baseline_ids if enc else seq.target_baseline_ids[: ids.shape[0]]
    rows = torch.stack([ids, base]) if with_baseline else ids.unsqueeze(0)
    layer = LayerAdapter(ctx.adapter, module, name, rows.to(ctx.adapter.device))
    dec = ctx.x_dec[: int(ctx.steps.positions.max())] if enc else None
    acts = layer.activations(dec)
    return layer, acts


def _run(ctx, layer, points, coef, first_is_input):
    """Per-step gradients w.r.t. the layer activation ``points[P, len, ...]``."""
    enc = ctx.adapter.is_encoder_decoder
    saved = ctx.adapter, ctx.attr_src, ctx.attr_dec
    ctx.adapter, ctx.attr_src, ctx.attr_dec = layer, enc, not enc
    try:
        if enc:
            dec = ctx.x_dec.unsqueeze(0).expand(points.shape[0], -1, -1)
            gs, _ = _shared(ctx, points, dec, coef, first_is_input)
            return gs
        _, gd = _shared(ctx, None, points, coef, first_is_input)
        return gd
    finally:
        ctx.adapter, ctx.attr_src, ctx.attr_dec = saved


def _out(ctx, attr):
    return (attr, None) if ctx.adapter.is_encoder_decoder else (None, attr)


def layer_gradient_x_activation(ctx, target_layer: str | None = None, multiply_by_inputs: bool = True):
    layer, acts = _setup(ctx, target_layer, with_baseline=False)
    coef = torch.ones(len(ctx.steps), 1, device=acts.device)
    grads = _run(ctx, layer, acts, coef, True)
    return _out(ctx, grads * wide(acts[0]).unsqueeze(0) if multiply_by_inputs else grads)


def layer_integrated_gradients(
    ctx,
    target_layer: str | None = None,
    n_steps: int = 50,
    method: str = "gausslegendre",
    internal_batch_size: int | None = None,
    multiply_by_inputs: bool = True,
):
    sizes, alphas = ig_parameters(int(n_steps), method)
    layer, acts = _setup(ctx, target_layer, with_baseline=True)
    x, b = acts[0], acts[1]
    points = torch.stack([b + a * (x - b) for a in alphas])
    layer.ids = layer.ids[:1]
    coef = torch.tensor(sizes).float().to(points.device).unsqueeze(0).expand(len(ctx.steps), -1)
    if internal_batch_size is not None and ctx.point_chunk is None:
        ctx.point_chunk = int(internal_batch_size)
    grads = _run(ctx, layer, points, coef, False)
    return _out(ctx, grads * wide(x - b).unsqueeze(0) if multiply_by_inputs else grads)


def layer_deeplift(ctx, target_layer: str | None = None, multiply_by_inputs: bool = True):
    if ctx.point_chunk is not None and ctx.point_chunk < 2:
        raise InvalidInput("layer_deeplift needs point_chunk >= 2 (input and reference run together)")
    layer, acts = _setup(ctx, target_layer, with_baseline=True)
    coef = torch.tensor([[1.0, 0.0]], device=acts.device).expand(len(ctx.steps), 2)
    with rescale_rule(ctx.adapter.model):
        grads = _run(ctx, layer, acts, coef, True)
    return _out(ctx, grads * wide(acts[0] - acts[1]).unsqueeze(0) if multiply_by_inputs else grads)
