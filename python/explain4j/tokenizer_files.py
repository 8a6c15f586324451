"""Load a model directory's tokenizer, refusing one built from no files.

transformers 5 builds a tokenizer even when a directory holds none of its files: an empty vocabulary
(GPT-2), or only the special tokens (BERT, T5), which fails much later with a reshape error. A
tokenizer is read from ``tokenizer.json`` (any class); without it, from the files its class names in
``vocab_files_names`` (``vocab.json`` + ``merges.txt``, ``vocab.txt``, ``spiece.model``,
``tokenizer.model``, ``source.spm`` + ``target.spm`` + ``vocab.json``, ...), or from the names
``from_pretrained`` falls back to (``tekken.json``, ``tokenizer.model``, ``tiktoken.model``).
"""

import inspect
import re
from pathlib import Path

from explain4j.errors import InvalidInput

TOKENIZER_JSON = "tokenizer.json"
_FALLBACK = re.compile(r"^(tekken\.json|tokenizer\.model.*|tiktoken\.model)$")
_ANY_KIND = re.compile(
    r"^(tokenizer\.json|tekken\.json|.+\.(model|spm)|vocab.*\.(json|txt)|merges\.txt|bpe\.codes)$"
)
_NOT_VOCABULARY = ("tokenizer_file", "tokenizer_config_file")
GENERIC_NEED = (
    "tokenizer.json, or a sentencepiece model (tokenizer.model, spiece.model, "
    "sentencepiece.bpe.model, source.spm, ...), or vocab.json+merges.txt, or vocab.txt"
)


def load(auto_tokenizer, location, local, config, common):
    """``AutoTokenizer.from_pretrained``, then (for a directory) a check that it read its files."""
    try:
        tokenizer = auto_tokenizer.from_pretrained(location, config=config, **common)
    except (OSError, ValueError, KeyError, ImportError):
        if local:
            check_any(Path(location))
        raise
    if local:
        check(Path(location), type(tokenizer))
    return tokenizer


def check(path, cls):
    """Refuse when ``path`` lacks both tokenizer.json and the files ``cls`` builds itself from."""
    names = {p.name for p in path.iterdir()}
    if TOKENIZER_JSON in names or any(_FALLBACK.match(n) for n in names):
        return
    required, optional = class_files(cls)
    if required:
        missing = [f for f in required if f not in names]
    else:
        missing = [] if not optional or names & set(optional) else optional
    if missing:
        need = "+".join(required) if required else " or ".join(optional)
        raise InvalidInput(
            f"model {path} has no usable tokenizer: {cls.__name__} needs "
            f"{TOKENIZER_JSON}, or {need}; missing {', '.join(missing)} "
            f"(the directory holds {_shown(names)})"
        )


def check_any(path):
    """Refuse when ``path`` holds no file of any tokenizer format (the class was not reached)."""
    names = {p.name for p in path.iterdir()}
    if not any(_ANY_KIND.match(n) for n in names):
        raise InvalidInput(
            f"model {path} has no tokenizer: it needs {GENERIC_NEED} (the directory holds {_shown(names)})"
        )


def class_files(cls):
    """The vocabulary files ``cls`` reads without tokenizer.json: (required, optional)."""
    params = inspect.signature(cls.__init__).parameters
    required, optional = [], []
    for key, name in getattr(cls, "vocab_files_names", {}).items():
        if key in _NOT_VOCABULARY or name == "tokenizer_config.json":
            continue
        default = params[key].default if key in params else inspect.Parameter.empty
        (optional if default is None else required).append(name)
    return required, optional


def _shown(names):
    return ", ".join(sorted(names)[:12]) or "nothing"
