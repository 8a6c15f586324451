"""Shared helpers for the attribution tests: fixture paths and cached tiny models."""

from pathlib import Path

from transformers import AutoModelForCausalLM, AutoModelForSeq2SeqLM, AutoTokenizer

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "tiny-models"
_CACHE = {}


def load(name, attn="eager"):
    """The tiny fixture model ``name`` (gpt2, llama, t5) and its tokenizer, loaded once."""
    key = (name, attn)
    if key not in _CACHE:
        cls = AutoModelForSeq2SeqLM if name == "t5" else AutoModelForCausalLM
        model = cls.from_pretrained(FIXTURES / name, attn_implementation=attn)
        _CACHE[key] = (model, AutoTokenizer.from_pretrained(FIXTURES / name))
    return _CACHE[key]
