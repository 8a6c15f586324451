"""Context attribution (which sources an answer comes from) and faithfulness scores."""

from .cite import METHODS, cite
from .sources import DEFAULT_TEMPLATE, split_sentences

__all__ = ["METHODS", "cite", "DEFAULT_TEMPLATE", "split_sentences"]
