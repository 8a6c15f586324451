"""Convert a GGUF checkpoint into an ordinary safetensors + tokenizer.json model directory.

Usage: python -m explain4j.tools.convert_gguf FILE.gguf OUT_DIR [--source TEXT]

transformers dequantizes the GGUF weights (with the ``gguf`` package) into float32; the result is
saved without its quantization marker so that it loads like any local Hugging Face model.
"""

import argparse
import json
import sys
from pathlib import Path


def convert(gguf_path: Path, out_dir: Path, source: str = "") -> dict:
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    if not gguf_path.is_file():
        raise FileNotFoundError(f"no GGUF file at {gguf_path}")
    folder, name = str(gguf_path.parent), gguf_path.name
    tokenizer = AutoTokenizer.from_pretrained(folder, gguf_file=name)
    quantized = AutoModelForCausalLM.from_pretrained(folder, gguf_file=name, dtype=torch.float32)
    config = quantized.config
    if hasattr(config, "quantization_config"):
        delattr(config, "quantization_config")
    model = AutoModelForCausalLM.from_config(config, dtype=torch.float32)
    result = model.load_state_dict(quantized.state_dict(), strict=True)
    if result.missing_keys or result.unexpected_keys:
        raise RuntimeError(f"weights did not match the config: {result}")
    out_dir.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(out_dir, safe_serialization=True)
    tokenizer.save_pretrained(out_dir)
    info = {
        "source": source or str(gguf_path),
        "gguf_file": name,
        "architecture": type(model).__name__,
        "parameters": sum(p.numel() for p in model.parameters()),
        "note": "weights dequantized from the GGUF file to float32",
    }
    (out_dir / "explain4j-source.json").write_text(json.dumps(info, indent=2))
    return info


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gguf", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--source", default="")
    args = parser.parse_args(argv)
    info = convert(args.gguf, args.out, args.source)
    print(json.dumps(info))
    return 0


if __name__ == "__main__":
    sys.exit(main())
