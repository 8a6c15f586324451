"""Versions and device facts for ``explain4j doctor`` and for result provenance."""

import platform
import sys


def versions():
    info = {"python": platform.python_version(), "python_executable": sys.executable}
    for name in ("torch", "transformers", "pyarrow", "numpy", "tokenizers", "safetensors", "jep"):
        try:
            module = __import__(name)
            info[name] = getattr(module, "__version__", None) or _jep_version(module)
        except Exception as e:  # reported, not raised: doctor lists what is missing
            info[name] = f"missing ({type(e).__name__}: {e})"
    info["device"] = device()
    return info


def _jep_version(module):
    from jep import version

    return version.__VERSION__


def device():
    try:
        import torch

        if torch.cuda.is_available():
            return f"cuda ({torch.cuda.get_device_name(0)}, {torch.cuda.device_count()} device(s))"
    except Exception:
        pass
    return "cpu"
