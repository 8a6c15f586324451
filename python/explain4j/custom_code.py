"""Model directories whose config.json declares their own code (``auto_map``).

Without trust, transformers either refuses such a model with a multi-line text pointing at a hub URL
made from the local path (a model type it does not know), or silently loads its own class for the
model type instead of the declared one (a model type it knows). explain4j refuses the first in one
line naming the setting, and loads the second with a warning naming both classes. With trust, the
declared files must be in the directory.
"""

import json

from explain4j.errors import InvalidInput

TRUST = "ModelOptions.optTrustRemoteCode"


def declared(path):
    """The config's ``auto_map`` ({auto class: "module.Class"}) and ``model_type``."""
    try:
        config = json.loads((path / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise InvalidInput(f"model {path}: config.json is not readable JSON ({e})") from e
    auto_map = config.get("auto_map") if isinstance(config, dict) else None
    if not isinstance(auto_map, dict) or not auto_map:
        return {}, None
    return {k: _ref(v) for k, v in auto_map.items() if _ref(v)}, config.get("model_type")


def check(path, trust_remote_code):
    """Refuse or allow before loading; returns the ``auto_map`` to warn about after loading, or None.

    A model type transformers does not know needs trust; with trust, every declared module must be
    a file in the directory (references into another repository, ``repo--module.Class``, are left
    to transformers).
    """
    from transformers.models.auto.configuration_auto import CONFIG_MAPPING_NAMES

    auto_map, model_type = declared(path)
    if not auto_map:
        return None
    if trust_remote_code:
        files = sorted(
            {ref.rsplit(".", 1)[0].replace(".", "/") + ".py" for ref in auto_map.values() if "--" not in ref}
        )
        missing = [f for f in files if not (path / f).is_file()]
        if missing:
            raise InvalidInput(
                f"model {path} declares its own code in {', '.join(missing)}, which "
                "the directory does not hold"
            )
        return None
    if model_type not in CONFIG_MAPPING_NAMES:
        import transformers

        raise InvalidInput(
            f"model {path} needs its own code ({', '.join(sorted(set(auto_map.values())))}) for "
            f"model type {model_type!r}, which transformers {transformers.__version__} does not know; "
            "run that code only if you trust this model, with {option}",
            option=TRUST,
            value=True,
        )
    return auto_map


def not_run(source, auto_map, auto_cls, model):
    """The warning for a declared class that was not used: both classes named."""
    ref = auto_map.get(auto_cls.__name__) or ", ".join(sorted(set(auto_map.values())))
    return (
        f"model {source} declares its own code ({ref} for {auto_cls.__name__}), but its model "
        f"type {model.config.model_type!r} is one transformers knows: transformers' "
        f"{type(model).__name__} was loaded instead and the declared code was not run"
    )


def _ref(value):
    """An auto_map entry: "module.Class", or [slow, fast] for tokenizers (the first one given)."""
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)):
        return next((v for v in value if isinstance(v, str)), None)
    return None
