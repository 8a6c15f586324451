"""The generic architecture adapter: what most transformers models share, written once."""

from contextlib import contextmanager

KINDS = ("decoder", "encoder-decoder", "encoder")


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
        raise ValueError(
            f"no {stack} layers found in {type(model).__name__} "
            f"(model type {model.config.model_type}, family {self.family})"
        )

    def attention_modules(self, model, stack="decoder"):
        """Each layer's self-attention module, in layer order."""
        out = []
        for layer in self.layers(model, stack):
            attn = next((a for a in (_path(layer, p) for p in self.self_attention) if a is not None), None)
            if attn is None:
                raise ValueError(
                    f"no self-attention module found in {type(layer).__name__} (family {self.family})"
                )
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
