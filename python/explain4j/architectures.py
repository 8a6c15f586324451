"""What explain4j knows about model architectures: one adapter per family, in one registry.

``for_config(config)`` / ``for_model(model)`` look the adapter up by ``config.model_type``; a type
no family claims gets :class:`Adapter`, the generic one. The base class holds everything that is the
same for most families, written once: the kind (decoder, encoder-decoder, encoder), the embedding
layer and its scale, the layer stacks, each layer's self-attention module, the rotary embedding
module and the switch to eager attention. A family adapter sets only what differs.

Per-token attention under the KV cache (``explain_rotary``) is rebuilt from captured queries and
keys only for families that say how (``cached_rotary``); every other model gets one exact eager
forward pass instead. Adding an architecture: add an adapter here and its line in the sweep
(``tests/fixtures/make_arch_models.py`` and ``ArchitectureSweepTest``).
"""

from contextlib import contextmanager

KINDS = ("decoder", "encoder-decoder", "encoder")
_REGISTRY = {}


def register(cls):
    """Class decorator: make ``cls`` the adapter of each of its ``model_types``."""
    adapter = cls()
    for model_type in cls.model_types:
        _REGISTRY[model_type] = adapter
    return cls


def for_config(config):
    """The adapter of ``config.model_type``, or the generic adapter."""
    return _REGISTRY.get(getattr(config, "model_type", None), _GENERIC)


def for_model(model):
    """The adapter of a loaded transformers model."""
    return for_config(model.config)


def registered():
    """{model_type: family} of every registered model type."""
    return {t: a.family for t, a in sorted(_REGISTRY.items())}


def _path(obj, dotted):
    for part in dotted.split("."):
        obj = obj[int(part)] if part.isdigit() else getattr(obj, part, None)
        if obj is None:
            return None
    return obj


class Adapter:
    """The generic adapter; family adapters override class attributes or methods where they differ."""

    family = "generic"
    model_types = ()
    #: dotted paths from the base model (``model.base_model``) to each layer stack, tried in order
    decoder_layers = ("layers", "h", "decoder.layers", "decoder.block", "block")
    encoder_layers = ("encoder.layers", "encoder.block", "encoder.layer", "transformer.layer", "layer")
    #: dotted paths from a layer to its self-attention module, tried in order
    self_attention = ("self_attn", "self_attention", "attn", "attention", "layer.0.SelfAttention")
    #: dotted path from the base model to the rotary embedding module
    rotary_path = "rotary_emb"
    #: whether ``explain_rotary`` may rebuild attention rows from captured queries and keys
    cached_rotary = False

    def kind(self, config):
        """decoder, encoder-decoder or encoder, from ``is_encoder_decoder`` and the architectures."""
        from transformers.models.auto import modeling_auto as auto

        if getattr(config, "is_encoder_decoder", False):
            return "encoder-decoder"
        archs = list(getattr(config, "architectures", None) or [])
        if any(a.endswith(("ForCausalLM", "LMHeadModel")) for a in archs):
            return "decoder"
        if archs:
            return "encoder"
        causal = config.model_type in auto.MODEL_FOR_CAUSAL_LM_MAPPING_NAMES
        masked = config.model_type in auto.MODEL_FOR_MASKED_LM_MAPPING_NAMES
        return "decoder" if causal and not masked else "encoder"

    def is_encoder_decoder(self, model):
        return bool(getattr(model.config, "is_encoder_decoder", False))

    def base(self, model):
        """The model without its head (``LlamaModel`` of ``LlamaForCausalLM``)."""
        return getattr(model, "base_model", model)

    def embeddings(self, model):
        return model.get_input_embeddings()

    def embed_scale(self, model):
        """The factor the model multiplies its input embeddings by (1.0 when it does not)."""
        owners = [model.get_encoder(), model.get_decoder()] if self.is_encoder_decoder(model) else [model]
        for owner in owners:
            scale = getattr(owner, "embed_scale", None)
            if scale is not None:
                return float(scale)
        return 1.0

    def layers(self, model, stack="decoder"):
        """The blocks of the ``decoder`` stack (an encoder-only model's only stack) or ``encoder`` stack."""
        encoder = stack == "encoder" or (stack == "decoder" and self.kind(model.config) == "encoder")
        for path in self.encoder_layers if encoder else self.decoder_layers:
            found = _path(self.base(model), path)
            if found is not None and len(found):
                return list(found)
        raise ValueError(f"no {stack} layers found in {type(model).__name__} "
                         f"(model type {model.config.model_type}, family {self.family})")

    def attention_modules(self, model, stack="decoder"):
        """Each layer's self-attention module, in layer order."""
        out = []
        for layer in self.layers(model, stack):
            attn = next((a for a in (_path(layer, p) for p in self.self_attention) if a is not None), None)
            if attn is None:
                raise ValueError(f"no self-attention module found in {type(layer).__name__} "
                                 f"(family {self.family})")
            out.append(attn)
        return out

    def rotary(self, model):
        """The model's shared rotary embedding module (``cos, sin = rotary(x, positions)``), or None."""
        return _path(self.base(model), self.rotary_path) if self.rotary_path else None

    def cos_sin(self, rotary, attn, x, positions):
        """The rotary module's ``cos, sin`` [1, positions, rotary dims] for ``attn``'s layer."""
        return rotary(x, positions)

    def qk_projections(self, attn, config):
        """[(module, split)]: modules whose outputs hold the queries and keys, and
        ``split(out) -> {"q": ..., "k": ...}`` (either or both) over the last dimension."""
        return [(attn.q_proj, lambda o: {"q": o}), (attn.k_proj, lambda o: {"k": o})]

    def qk_norm(self, attn, q, k):
        """Per-head normalisation of ``q`` and ``k`` [heads, positions, head_dim] before rotary."""
        return q, k

    def softcap(self, attn):
        """The attention-logit soft cap (``tanh(s / cap) * cap``), or None."""
        return None

    def sliding_window(self, attn, config):
        """The layer's sliding attention window, or None."""
        return getattr(attn, "sliding_window", None)

    @contextmanager
    def eager(self, model):
        """Eager attention (which returns weights) for the scope; yields the kernel switched from,
        or None when the model already runs eager attention."""
        current = getattr(model.config, "_attn_implementation", None) or "eager"
        if current == "eager":
            yield None
            return
        _set_attn(model, "eager")
        try:
            yield current
        finally:
            _set_attn(model, current)


def _set_attn(model, impl):
    setter = getattr(model, "set_attn_implementation", None)
    if setter is not None:
        setter(impl)
    else:
        model.config._attn_implementation = impl


_GENERIC = Adapter()


# Decoders with rotary position embeddings whose queries and keys the KV-cache path can rebuild.

@register
class Llama(Adapter):
    family = "llama"
    model_types = ("llama", "qwen2", "gemma")
    decoder_layers = ("layers",)
    self_attention = ("self_attn",)
    cached_rotary = True


@register
class Mistral(Llama):
    family = "mistral"
    model_types = ("mistral",)

    def sliding_window(self, attn, config):
        return getattr(config, "sliding_window", None)


@register
class Qwen3(Llama):
    """Queries and keys are RMS-normalised per head before the rotary embedding."""

    family = "qwen3"
    model_types = ("qwen3",)

    def qk_norm(self, attn, q, k):
        return attn.q_norm(q).float(), attn.k_norm(k).float()


@register
class Gemma2(Llama):
    """Attention logits are soft-capped."""

    family = "gemma2"
    model_types = ("gemma2",)

    def softcap(self, attn):
        return getattr(attn, "attn_logit_softcapping", None)


@register
class Gemma3(Qwen3):
    """Sliding and full attention layers, each with its own rotary base."""

    family = "gemma3"
    model_types = ("gemma3_text",)

    def cos_sin(self, rotary, attn, x, positions):
        return rotary(x, positions, attn.layer_type)


@register
class Phi3(Llama):
    """One fused ``qkv_proj``: queries, then keys, then values."""

    family = "phi3"
    model_types = ("phi3",)

    def qk_projections(self, attn, config):
        q = config.num_attention_heads * attn.head_dim
        k = config.num_key_value_heads * attn.head_dim
        return [(attn.qkv_proj, lambda o: {"q": o[..., :q], "k": o[..., q:q + k]})]


@register
class GPTNeoX(Adapter):
    """A fused ``query_key_value`` laid out per head as (query, key, value); partial rotary."""

    family = "gpt_neox"
    model_types = ("gpt_neox",)
    decoder_layers = ("layers",)
    self_attention = ("attention",)
    cached_rotary = True

    def qk_projections(self, attn, config):
        d = attn.head_size

        def split(o):
            per_head = o.reshape(*o.shape[:-1], -1, 3 * d)
            return {"q": per_head[..., :d].flatten(-2), "k": per_head[..., d:2 * d].flatten(-2)}

        return [(attn.query_key_value, split)]


# Decoders whose per-token attention comes from one eager forward pass.

@register
class GPTJ(Adapter):
    """Rotary embedding applied inside each attention module, on interleaved pairs."""

    family = "gptj"
    model_types = ("gptj",)
    decoder_layers = ("h",)
    self_attention = ("attn",)
    rotary_path = None


@register
class Falcon(Adapter):
    """A fused ``query_key_value`` whose layout depends on the config; rotary or ALiBi."""

    family = "falcon"
    model_types = ("falcon",)
    decoder_layers = ("h",)
    self_attention = ("self_attention",)


@register
class GPT2(Adapter):
    family = "gpt2"
    model_types = ("gpt2",)
    decoder_layers = ("h",)
    self_attention = ("attn",)
    rotary_path = None


@register
class OPT(Adapter):
    family = "opt"
    model_types = ("opt",)
    decoder_layers = ("decoder.layers",)
    self_attention = ("self_attn",)
    rotary_path = None


@register
class Bloom(Adapter):
    """ALiBi position biases, no position embeddings."""

    family = "bloom"
    model_types = ("bloom",)
    decoder_layers = ("h",)
    self_attention = ("self_attention",)
    rotary_path = None


# Encoder-decoders and encoders.

@register
class T5(Adapter):
    """Relative position bias (in the first layer's attention); blocks of sub-layers."""

    family = "t5"
    model_types = ("t5", "mt5")
    decoder_layers = ("decoder.block",)
    encoder_layers = ("encoder.block",)
    self_attention = ("layer.0.SelfAttention",)
    rotary_path = None


@register
class Bart(Adapter):
    family = "bart"
    model_types = ("bart", "marian", "mbart")
    decoder_layers = ("decoder.layers",)
    encoder_layers = ("encoder.layers",)
    self_attention = ("self_attn",)
    rotary_path = None


@register
class Bert(Adapter):
    family = "bert"
    model_types = ("bert", "roberta")
    encoder_layers = ("encoder.layer",)
    self_attention = ("attention.self",)
    rotary_path = None


@register
class DistilBert(Adapter):
    family = "distilbert"
    model_types = ("distilbert",)
    encoder_layers = ("transformer.layer",)
    self_attention = ("attention",)
    rotary_path = None
