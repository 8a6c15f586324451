"""Family adapters: only what differs from the generic :class:`~explain4j.architectures.base.Adapter`.

Each class names the ``model_types`` it serves; ``register`` puts it in the registry.
"""

from . import register
from .base import Adapter

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
        return [(attn.qkv_proj, lambda o: {"q": o[..., :q], "k": o[..., q : q + k]})]


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
            return {"q": per_head[..., :d].flatten(-2), "k": per_head[..., d : 2 * d].flatten(-2)}

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
