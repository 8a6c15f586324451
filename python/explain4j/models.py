"""Load transformers models for the Java ``dev.explain4j.model.Model`` facade and describe them.

``load`` returns a :class:`LoadedModel` (it stays in Python; Java holds it as a handle). Every other
function takes that object and returns plain values. Bad input raises ``InvalidInput`` naming the
model and the input at fault, before anything expensive happens where possible.
"""

import os
import platform
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from explain4j import architectures, custom_code, tokenizer_files
from explain4j.architectures import KINDS
from explain4j.errors import InvalidInput

DTYPES = ("float32", "float16", "bfloat16", "float64")
SAFETENSORS = ("model.safetensors", "model.safetensors.index.json")
PICKLES = ("pytorch_model.bin", "pytorch_model.bin.index.json")
_HUB_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)?$")
_DEVICE = re.compile(r"^(auto|cpu|cuda(:\d+)?)$")


@dataclass
class LoadedModel:
    """A model, its tokenizer and the facts Java reads once at load time."""

    source: str
    model: object
    tokenizer: object
    kind: str
    device: object
    info: dict
    eos_token_ids: list = field(default_factory=list)
    warnings: list = field(default_factory=list)


def offline():
    """True when HF_HUB_OFFLINE or TRANSFORMERS_OFFLINE asks for no network."""
    flags = (os.environ.get("HF_HUB_OFFLINE", ""), os.environ.get("TRANSFORMERS_OFFLINE", ""))
    return any(v.strip().lower() in ("1", "true", "yes", "on") for v in flags)


def resolve_source(source, allow_pickle=False):
    """Check ``source`` names a loadable model: a model directory, or a hub id when online."""
    path = Path(source).expanduser()
    if path.exists():
        if not path.is_dir():
            raise InvalidInput(f"model path {source} is a file; give the directory that holds config.json")
        check_directory(path, allow_pickle)
        return str(path.resolve()), True
    if not _HUB_ID.match(source) or source.startswith((".", "~")):
        raise InvalidInput(f"model path {source} does not exist")
    if offline():
        raise InvalidInput(
            f"model {source} is not an existing directory, and it was not looked up as a Hugging Face "
            "hub id because offline mode is set (HF_HUB_OFFLINE or TRANSFORMERS_OFFLINE); "
            "give the path of a downloaded model directory"
        )
    return source, False


def check_directory(path, allow_pickle):
    names = sorted(p.name for p in path.iterdir())
    if "config.json" not in names:
        shown = ", ".join(names[:12]) or "nothing"
        raise InvalidInput(
            f"{path} is not a transformers model directory: it has no config.json (it holds {shown})"
        )
    if any(n in names for n in SAFETENSORS):
        return
    if any(n in names for n in PICKLES):
        if allow_pickle:
            return
        raise InvalidInput(
            f"model {path} has only pickle weights (pytorch_model.bin), which can run arbitrary code "
            "when loaded; convert them to safetensors, or allow them with {option} if you trust "
            "this model",
            option="ModelOptions.optAllowPickle",
            value=True,
        )
    raise InvalidInput(f"model {path} has a config.json but no weights (expected model.safetensors)")


def detect_kind(config):
    """decoder, encoder-decoder or encoder: what the config's architecture adapter says."""
    return architectures.for_config(config).kind(config)


def choose_device(torch, device, source):
    if not _DEVICE.match(device):
        raise InvalidInput(f"unknown device {device!r} for model {source}; use auto, cpu, cuda or cuda:N")
    if device == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if device.startswith("cuda"):
        if not torch.cuda.is_available():
            raise InvalidInput(
                f"device {device} was requested for model {source}, but torch {torch.__version__} "
                "sees no CUDA GPU here; use device cpu or auto"
            )
        index = int(device.split(":")[1]) if ":" in device else 0
        if index >= torch.cuda.device_count():
            raise InvalidInput(
                f"device {device} was requested for model {source}, but only "
                f"{torch.cuda.device_count()} CUDA device(s) are visible"
            )
    return torch.device(device)


def load(
    source,
    device="auto",
    dtype="float32",
    attn_implementation="eager",
    trust_remote_code=False,
    allow_pickle=False,
    kind=None,
):
    """Load a model and its tokenizer; returns a :class:`LoadedModel`."""
    import torch
    import transformers
    from transformers import AutoConfig, AutoTokenizer

    if dtype not in DTYPES:
        raise InvalidInput(f"unknown dtype {dtype!r} for model {source}; use one of {', '.join(DTYPES)}")
    if kind is not None and kind not in KINDS:
        raise InvalidInput(f"unknown model kind {kind!r} for model {source}; use one of {', '.join(KINDS)}")
    location, local = resolve_source(source, allow_pickle)
    custom = custom_code.check(Path(location), trust_remote_code) if local else None
    torch_device = choose_device(torch, device, source)
    transformers.utils.logging.disable_progress_bar()
    common = {"trust_remote_code": trust_remote_code}
    try:
        config = AutoConfig.from_pretrained(location, **common)
        kind = kind or detect_kind(config)
        tokenizer = tokenizer_files.load(AutoTokenizer, location, local, config, common)
        model = auto_class(kind, config).from_pretrained(
            location,
            config=config,
            dtype=getattr(torch, dtype),
            attn_implementation=attn_implementation,
            use_safetensors=None if allow_pickle else True,
            **common,
        )
    except InvalidInput:
        raise
    except (OSError, ValueError, KeyError, ImportError) as e:
        where = "directory" if local else "hub id"
        raise InvalidInput(f"could not load model {source} ({where}): {one_line(e)}") from e
    model.to(torch_device)
    model.eval()
    model.requires_grad_(False)
    info = describe(source, location, model, kind, torch_device, dtype, torch, transformers)
    loaded = LoadedModel(source, model, tokenizer, kind, torch_device, info)
    loaded.eos_token_ids = eos_ids(model, tokenizer)
    if custom:
        loaded.warnings.append(custom_code.not_run(source, custom, auto_class(kind, config), model))
    return loaded


def one_line(e):
    """An exception's message with its line breaks and runs of spaces folded into single spaces."""
    return " ".join(str(e).split())


#: task heads an encoder is loaded with when its config declares one (``BertForSequenceClassification``)
ENCODER_HEADS = ("ForSequenceClassification", "ForTokenClassification", "ForQuestionAnswering", "ForMaskedLM")


def auto_class(kind, config=None):
    """The transformers class a model of ``kind`` loads with; an encoder keeps its declared task head."""
    import transformers

    if kind == "encoder" and config is not None:
        for name in getattr(config, "architectures", None) or []:
            if name.endswith(ENCODER_HEADS) and hasattr(transformers, name):
                return getattr(transformers, name)
    return {
        "decoder": transformers.AutoModelForCausalLM,
        "encoder-decoder": transformers.AutoModelForSeq2SeqLM,
        "encoder": transformers.AutoModel,
    }[kind]


def eos_ids(model, tokenizer):
    gen = getattr(model, "generation_config", None)
    eos = getattr(gen, "eos_token_id", None) if gen is not None else None
    if eos is None:
        eos = getattr(model.config, "eos_token_id", None)
    if eos is None:
        eos = tokenizer.eos_token_id
    if eos is None:
        return []
    return list(eos) if isinstance(eos, (list, tuple)) else [int(eos)]


def describe(source, location, model, kind, device, dtype, torch, transformers):
    config = model.config
    return {
        "source": source,
        "location": location,
        "architecture": type(model).__name__,
        "declaredArchitectures": list(getattr(config, "architectures", None) or []),
        "modelType": config.model_type,
        "kind": kind,
        "device": str(device),
        "dtype": dtype,
        "attnImplementation": str(getattr(config, "_attn_implementation", None) or "unknown"),
        "torchVersion": torch.__version__,
        "transformersVersion": transformers.__version__,
        "pythonVersion": platform.python_version(),
        "platform": f"{sys.platform}-{platform.machine()}",
        "parameters": sum(p.numel() for p in model.parameters()),
    }


def warnings(lm):
    """What loading noticed but did not refuse, one line each (Java logs them; the CLI prints them)."""
    return list(lm.warnings)


def info(lm):
    """Provenance facts fixed at load time (plain dict)."""
    return dict(lm.info)


def config_facts(lm):
    """Layer, head, size and vocabulary facts from the model's (text) config."""
    config = lm.model.config
    text = config.get_text_config() if hasattr(config, "get_text_config") else config
    heads = _first(text, "num_attention_heads", "n_head", "num_heads")
    return {
        "modelType": config.model_type,
        "numLayers": _first(text, "num_hidden_layers", "n_layer", "num_layers"),
        "numDecoderLayers": _first(text, "num_decoder_layers") if lm.kind == "encoder-decoder" else None,
        "numHeads": heads,
        "numKeyValueHeads": _first(text, "num_key_value_heads") or heads,
        "hiddenSize": _first(text, "hidden_size", "n_embd", "d_model"),
        "vocabSize": _first(text, "vocab_size"),
        "maxPositions": max_positions(lm),
        "eosTokenIds": list(lm.eos_token_ids),
        "hasChatTemplate": bool(getattr(lm.tokenizer, "chat_template", None)),
    }


def max_positions(lm):
    """The longest sequence the model's position embeddings allow, or None when unbounded."""
    config = lm.model.config.get_text_config()
    return _first(config, "max_position_embeddings", "n_positions", "n_ctx")


def _first(obj, *names):
    for name in names:
        value = getattr(obj, name, None)
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    return None


def module_names(lm):
    """Every submodule name, in registration order (the root module, named '', is left out)."""
    return [name for name, _ in lm.model.named_modules() if name]


def cuda_available():
    import torch

    return torch.cuda.is_available()


def release(lm):
    """Drop the model and tokenizer so their memory can be freed even if the object lingers."""
    import gc

    on_cuda = getattr(lm.device, "type", "cpu") == "cuda"
    lm.model = None
    lm.tokenizer = None
    gc.collect()
    if on_cuda:
        import torch

        torch.cuda.empty_cache()
