"""What explain4j knows about model architectures: one adapter per family, in one registry.

``for_config(config)`` / ``for_model(model)`` look the adapter up by ``config.model_type``; a type
no family claims gets :class:`Adapter`, the generic one. The base class holds everything that is the
same for most families, written once: the kind (decoder, encoder-decoder, encoder), the embedding
layer and its scale, the layer stacks, each layer's self-attention module, the rotary embedding
module and the switch to eager attention. A family adapter sets only what differs.

Per-token attention under the KV cache (``explain_rotary``) is rebuilt from captured queries and
keys only for families that say how (``cached_rotary``); every other model gets one exact eager
forward pass instead. Adding an architecture: an adapter in ``families.py`` and its line in the sweep
(``tests/fixtures/make_arch_models.py`` and ``ArchitectureSweepTest``).
"""

from .base import KINDS, Adapter

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


_GENERIC = Adapter()

from . import families  # noqa: E402,F401  (registers every family adapter)

__all__ = ["KINDS", "Adapter", "for_config", "for_model", "register", "registered"]
