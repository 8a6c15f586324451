"""Tokenization in Python with transformers: the reference the Java tokenizer is checked against,
and chat templates, which only transformers renders.

Tokenizers are loaded with ``AutoTokenizer.from_pretrained(model_dir, local_files_only=True)`` and
cached per directory; a change to a tokenizer file's size or time reloads it.
"""

from functools import lru_cache
from pathlib import Path

from .errors import InvalidInput

_FILES = ("tokenizer.json", "tokenizer_config.json", "chat_template.jinja", "chat_template.json")


def _stamp(path):
    stamp = []
    for name in _FILES:
        f = path / name
        if f.is_file():
            st = f.stat()
            stamp.append((name, st.st_size, st.st_mtime_ns))
    return tuple(stamp)


@lru_cache(maxsize=16)
def _load(path, stamp):
    from transformers import AutoTokenizer

    try:
        return AutoTokenizer.from_pretrained(path, local_files_only=True)
    except (OSError, ValueError) as e:
        raise InvalidInput(f"cannot load a tokenizer from {path}: {e}") from e


def load(model_dir):
    """The transformers tokenizer of a model directory (cached)."""
    path = Path(model_dir)
    if not path.is_dir():
        raise InvalidInput(f"model directory does not exist: {model_dir}")
    return _load(str(path.resolve()), _stamp(path))


def encode(model_dir, text, add_special_tokens=True):
    """Ids, tokens, code-point offsets and special-token mask of ``text``, plus its decodings."""
    return encode_many(model_dir, [text], add_special_tokens)[0]


def encode_many(model_dir, texts, add_special_tokens=True):
    """``encode`` for several texts in one call."""
    tok = load(model_dir)
    out = []
    for text in texts:
        if not isinstance(text, str):
            raise InvalidInput(f"text must be a string, got {type(text).__name__}")
        enc = tok(
            text,
            add_special_tokens=add_special_tokens,
            return_offsets_mapping=True,
            return_special_tokens_mask=True,
            verbose=False,
        )
        ids = list(enc["input_ids"])
        out.append(
            {
                "code_points": len(text),
                "ids": ids,
                "tokens": tok.convert_ids_to_tokens(ids),
                "offsets": [list(o) for o in enc["offset_mapping"]],
                "special_mask": list(enc["special_tokens_mask"]),
                "decoded": tok.decode(ids, skip_special_tokens=False),
                "decoded_skip_special": tok.decode(ids, skip_special_tokens=True),
            }
        )
    return out


def decode(model_dir, ids, skip_special_tokens=False):
    """transformers' decode of ``ids``."""
    return load(model_dir).decode(list(ids), skip_special_tokens=skip_special_tokens)


def has_chat_template(model_dir):
    """True if the model's tokenizer has a chat template."""
    return load(model_dir).chat_template is not None


def apply_chat_template(model_dir, messages, add_generation_prompt=True):
    """Renders ``messages`` (dicts with ``role`` and ``content``) with the model's chat template.

    Returns ``{"text": rendered text, "ids": its ids}``. The ids are the text tokenized without
    adding special tokens, as transformers' ``apply_chat_template(tokenize=True)`` does: the
    template writes them itself. Raises ``InvalidInput`` naming the model when it has no template.
    """
    tok = load(model_dir)
    if tok.chat_template is None:
        raise InvalidInput(
            f"the tokenizer of {model_dir} has no chat template "
            "(no chat_template.jinja and no chat_template in tokenizer_config.json)"
        )
    if not isinstance(messages, list) or not messages:
        raise InvalidInput("messages must be a non-empty list")
    conversation = []
    for i, m in enumerate(messages):
        if (
            not isinstance(m, dict)
            or not isinstance(m.get("role"), str)
            or not isinstance(m.get("content"), str)
        ):
            raise InvalidInput(f"message {i} must have string 'role' and 'content', got {m!r}")
        conversation.append({"role": m["role"], "content": m["content"]})
    text = tok.apply_chat_template(
        conversation, tokenize=False, add_generation_prompt=bool(add_generation_prompt)
    )
    ids = tok(text, add_special_tokens=False)["input_ids"]
    return {"text": text, "ids": list(ids)}


def vocabulary_size(model_dir):
    """Number of ids of the model's tokenizer, added tokens included (``len(tokenizer)``)."""
    return len(load(model_dir))
