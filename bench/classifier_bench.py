"""Benchmark: explaining a sequence classifier, 64 texts in one call vs Captum one at a time.

    .venv/bin/python bench/classifier_bench.py --out /tmp/cls-bench.json [--device cuda] [--quick]

Models (random weights, built at run time by ``tests/fixtures/make_head_models.py``): the tiny
BERT classifier of the tests and a BERT-base-shaped one (12 layers, hidden 768). 64 short texts
(8 to 14 words, fixed seed) explain their predicted class with:

* ``explain4j``: ``explain4j.attribution.classifier.explain`` on all 64 texts in one call (padded
  and masked together; prediction, objectives and attributions included);
* ``captum``: Captum 0.9.0 on one text at a time in a Python loop (tokenise, predict, attribute
  the predicted class on the input embeddings with the same baseline);
* ``floor``: plain torch on the pre-tokenised padded batch: one forward with gradients over every
  row (IG: every interpolation point), the predicted class's probability summed over rows, one
  backward; no bookkeeping.

Each figure is the median of ``--repeats`` runs after one warm-up (BERT-base: ``--base-repeats``,
no warm-up). Integrated gradients uses
``n_steps`` 50 on the tiny model and ``--base-steps`` (default 8) on the BERT-base-shaped one to
fit a CPU budget; the same number of steps for every engine.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "python"))

from explain4j.attribution import classifier  # noqa: E402
from explain4j.attribution.gradient import ig_parameters  # noqa: E402

WORDS = (
    "the film was great and the acting superb but the plot felt slow while music lifted every "
    "scene quick brown fox capital city people loved hated story ending camera light dark"
).split()


def texts(n=64, seed=7):
    rng = random.Random(seed)
    return [" ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 14))) + "." for _ in range(n)]


def build(names, out):
    spec = importlib.util.spec_from_file_location(
        "heads", ROOT / "tests" / "fixtures" / "make_head_models.py"
    )
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return {n: mod.build(n, out) for n in names}


def load(path, device):
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    model = AutoModelForSequenceClassification.from_pretrained(path, attn_implementation="eager")
    model.to(device).eval().requires_grad_(False)
    return model, AutoTokenizer.from_pretrained(path)


def run_ours(model, tok, batch, method, n_steps):
    args = {"n_steps": n_steps} if method == "integrated_gradients" else {}
    return classifier.explain(model, tok, batch, method=method, **args)


def run_captum(model, tok, batch, method, n_steps):
    from captum.attr import InputXGradient, IntegratedGradients, Saliency

    embed = model.get_input_embeddings()
    dev = next(model.parameters()).device
    for text in batch:
        enc = tok(text, return_tensors="pt", return_special_tokens_mask=True).to(dev)
        ids = enc["input_ids"]
        with torch.no_grad():
            target = int(model(input_ids=ids, attention_mask=enc["attention_mask"]).logits.argmax(-1))
        x = embed(ids)
        special = enc["special_tokens_mask"].bool()
        b = embed(torch.where(special, ids, torch.full_like(ids, tok.pad_token_id)))

        def forward(e, mask=enc["attention_mask"]):
            return torch.softmax(
                model(inputs_embeds=e, attention_mask=mask.expand(e.shape[0], -1)).logits, -1
            )

        if method == "saliency":
            Saliency(forward).attribute(x, target=target, abs=True)
        elif method == "input_x_gradient":
            InputXGradient(forward).attribute(x, target=target)
        else:
            IntegratedGradients(forward).attribute(x, baselines=b, target=target, n_steps=n_steps)


def prepare_floor(model, tok, batch, device):
    enc = tok(batch, padding=True, return_tensors="pt", return_special_tokens_mask=True).to(device)
    embed = model.get_input_embeddings()
    ids = enc["input_ids"]
    special = enc["special_tokens_mask"].bool() | (enc["attention_mask"] == 0)
    with torch.no_grad():
        x = embed(ids)
        b = embed(torch.where(special, ids, torch.full_like(ids, tok.pad_token_id)))
    return x, b, enc["attention_mask"]


def run_floor(model, x, b, mask, method, n_steps, chunk_rows=1024):
    if method != "integrated_gradients":
        leaf = x.detach().requires_grad_(True)
        probs = torch.softmax(model(inputs_embeds=leaf, attention_mask=mask).logits, -1)
        picked = probs.gather(1, probs.argmax(-1, keepdim=True)).sum()
        (g,) = torch.autograd.grad(picked, leaf)
        return g.abs() if method == "saliency" else g * x
    with torch.no_grad():
        target = model(inputs_embeds=x, attention_mask=mask).logits.argmax(-1)
    sizes, alphas = ig_parameters(n_steps, "gausslegendre")
    a = torch.tensor(alphas, dtype=x.dtype, device=x.device).view(1, -1, 1, 1)
    w = torch.tensor(sizes, dtype=x.dtype, device=x.device).repeat(x.shape[0])
    points = (b.unsqueeze(1) + a * (x - b).unsqueeze(1)).flatten(0, 1)
    rows_mask = mask.repeat_interleave(len(alphas), 0)
    rows_target = target.repeat_interleave(len(alphas))
    total = torch.zeros_like(points)
    for r0 in range(0, points.shape[0], chunk_rows):
        leaf = points[r0 : r0 + chunk_rows].detach().requires_grad_(True)
        probs = torch.softmax(
            model(inputs_embeds=leaf, attention_mask=rows_mask[r0 : r0 + chunk_rows]).logits, -1
        )
        picked = (
            probs.gather(1, rows_target[r0 : r0 + chunk_rows, None]).squeeze(1) * w[r0 : r0 + chunk_rows]
        ).sum()
        (g,) = torch.autograd.grad(picked, leaf)
        total[r0 : r0 + chunk_rows] = g
    return total.view(x.shape[0], len(alphas), *x.shape[1:]).sum(1) * (x - b)


def timed(fn, repeats, warm=True):
    if warm:
        fn()
    out = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        if torch.cuda.is_available():
            torch.cuda.synchronize()
        out.append(time.perf_counter() - t)
    return out


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", required=True)
    p.add_argument("--device", default="cpu")
    p.add_argument("--repeats", type=int, default=2)
    p.add_argument("--base-repeats", type=int, default=1)
    p.add_argument("--base-steps", type=int, default=8)
    p.add_argument("--quick", action="store_true", help="tiny model only")
    p.add_argument("--models", default=None, help="comma-separated: bert-sequence,bert-base-sequence")
    p.add_argument("--methods", default="saliency,input_x_gradient,integrated_gradients")
    args = p.parse_args(argv)
    batch = texts()
    names = ["bert-sequence"] + ([] if args.quick else ["bert-base-sequence"])
    if args.models:
        names = args.models.split(",")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        paths = build(names, tmp)
        for name in names:
            model, tok = load(paths[name], args.device)
            base = name == "bert-base-sequence"
            repeats = args.base_repeats if base else args.repeats
            x, b, mask = prepare_floor(model, tok, batch, args.device)
            for method in args.methods.split(","):
                steps = args.base_steps if base else 50
                warm = not base  # the BERT-base-shaped runs are long enough to need no warm-up
                times = {
                    "explain4j": timed(lambda: run_ours(model, tok, batch, method, steps), repeats, warm),
                    "captum": timed(lambda: run_captum(model, tok, batch, method, steps), repeats, warm),
                    "floor": timed(lambda: run_floor(model, x, b, mask, method, steps), repeats, warm),
                }
                med = {k: statistics.median(v) for k, v in times.items()}
                rows.append(
                    {
                        "model": name,
                        "method": method
                        + (f" (n_steps={steps})" if method == "integrated_gradients" else ""),
                        "texts": len(batch),
                        "median_s": med,
                        "times_s": times,
                    }
                )
                print(json.dumps(rows[-1]["median_s"] | {"model": name, "method": method}), flush=True)
    meta = {
        "device": args.device,
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "python": platform.python_version(),
        "tokens_per_text": [len(tok(t)["input_ids"]) for t in batch[:1]],
    }
    Path(args.out).write_text(json.dumps({"rows": rows, "meta": meta}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
