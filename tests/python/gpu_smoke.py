"""Checks of the CUDA paths of explain4j.models/generation/hooks; run by hand where a GPU exists.

    PYTHONPATH=python python3 tests/python/gpu_smoke.py

Not collected by pytest (CI has no GPU). Prints one line per check and exits non-zero on a failure.
"""

import sys
import time
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "python"))
sys.path.insert(1, str(ROOT / "tests" / "support"))

from explain4j import generation, hooks, models  # noqa: E402
from explain4j_testing import models as testing_models  # noqa: E402

TINY = ROOT / "tests" / "fixtures" / "tiny-models"


def check(name, ok, detail=""):
    print(f"{'ok  ' if ok else 'FAIL'} {name} {detail}", flush=True)
    return ok


def main():
    results = [check("cuda available", torch.cuda.is_available(), torch.__version__)]
    lm = models.load(str(TINY / "llama"), device="auto")
    results.append(check("auto picks cuda", lm.info["device"] == "cuda", lm.info["device"]))
    greedy = generation.generate(lm, "The capital", max_new_tokens=8, stop_at_eos=False)
    ref = testing_models.greedy_reference(lm, greedy["promptIds"], 8)
    results.append(check("greedy = argmax by hand", greedy["generatedIds"] == ref))
    sample = dict(max_new_tokens=12, do_sample=True, seed=5, stop_at_eos=False)
    a = generation.generate(lm, "The capital", **sample)["generatedIds"]
    b = generation.generate(lm, "The capital", **sample)["generatedIds"]
    results.append(check("seeded sampling reproducible on cuda", a == b, a))
    mlp = "model.layers.1.mlp"
    specs = [{"module": mlp, "direction": "forward", "what": w, "index": 0} for w in ("input", "output")]
    specs.append({"module": mlp, "direction": "backward", "what": "output", "index": 0})
    scope = hooks.open_scope(lm, specs)
    f = generation.force(lm, "The capital of France", " is Paris")
    generation.forward(lm, f["promptIds"], [], f["generatedIds"])
    generation.backward(lm, f["promptIds"], [], f["generatedIds"])
    caps = hooks.take(scope)
    ins = [c["tensor"] for c in caps if c["what"] == "input"]
    outs = [c["tensor"] for c in caps if c["what"] == "output" and c["direction"] == "forward"]
    grads = [c["tensor"] for c in caps if c["direction"] == "backward"]
    rec = testing_models.recompute_module(lm, mlp, ins[0], outs[0])
    results.append(check("captured mlp output recomputes on cuda", rec["allclose"], rec["maxAbsDiff"]))
    ref = testing_models.module_output_gradient(lm, mlp, f["promptIds"], f["generatedIds"])
    cmp = testing_models.compare(grads[0], ref, 1e-5)
    results.append(check("backward hook gradient on cuda", cmp["allclose"], cmp["maxAbsDiff"]))
    results.append(check("captures stay on the model's device", outs[0].device.type == "cuda"))
    hooks.close_scope(scope)
    for dtype in ("float16", "bfloat16"):
        half = models.load(str(TINY / "gpt2"), device="cuda:0", dtype=dtype)
        r = generation.generate(half, "The capital", max_new_tokens=4, stop_at_eos=False)
        results.append(check(f"{dtype} generates on cuda", len(r["generatedIds"]) == 4))
        models.release(half)
    try:
        models.load(str(TINY / "gpt2"), device=f"cuda:{torch.cuda.device_count()}")
        results.append(check("missing cuda index refused", False))
    except Exception as e:  # noqa: BLE001
        results.append(check("missing cuda index refused", "only" in str(e), str(e)[:120]))
    default = models.Path.home() / ".cache" / "explain4j" / "models" / "SmolLM2-135M-Instruct"
    if default.is_dir():
        t = time.time()
        big = models.load(str(default), device="cuda")
        print(f"     default model load on cuda {time.time() - t:.2f} s")
        generation.generate(big, "Hi", max_new_tokens=4, chat=True)
        t = time.time()
        r = generation.generate(big, "What is the capital of France?", max_new_tokens=16, chat=True)
        print(f"     16-token greedy generate {time.time() - t:.2f} s: {r['text']!r}")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
