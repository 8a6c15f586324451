"""Benchmark: explain4j's attribution engine vs Inseq vs a pure-torch floor.

    .venv/bin/python bench/attribution_bench.py --out /tmp/attr-bench.json [--device cuda]

For each model (the tiny GPT-2 fixture and the default SmolLM2-135M-Instruct), method
(saliency, input_x_gradient, integrated_gradients with n_steps=50, attention, occlusion by default;
also, with ``--methods``, the layer methods at the embedding layer, sequential_integrated_gradients,
value_zeroing, discretized_integrated_gradients and reagent, with Inseq's defaults) and number of
generated tokens, a forced target (prompt + greedy continuation of that length) is attributed by:

* ``explain4j``: ``explain4j.attribution.attribute`` (step score ``probability`` included);
* ``inseq``: ``inseq.load_model(...).attribute`` on the same texts (same step score);
* ``floor``: the least work in plain torch, with pre-tokenised ids and no bookkeeping: one forward
  over the whole sequence (for IG over the 50 interpolation points), then the per-token gradients
  either as one backward per generated token (``floor_loop``) or as one ``is_grads_batched``
  backward (``floor_batched``); ``floor`` is the faster of the two. Attention: one forward with
  ``output_attentions``. Occlusion: one batched forward (no gradient) over the input and every
  copy of it with one token replaced by the baseline token. Layer methods at the embedding layer:
  as input_x_gradient, IG and (input, baseline) pairs. Sequential IG: per position, one forward
  over its 50 path points and one backward per later step. Value zeroing: one batched forward
  (no gradient) in which row ``r`` zeroes token ``r``'s value vectors in every layer. Discretized
  IG: IG's floor over its 49 weighted path points (the anchor search, timed apart, is not in it).
  ReAGent has no floor: its work is the random number of probing rounds.

Inseq 0.7.1's value zeroing fails on transformers 5 decoder-only models; it runs with the two
renamed things given back (``explain4j_testing.inseq_reference.value_zeroing_on_transformers5``).

ReAGent seeds torch before each run, so both engines draw the same replacements and run the same
rounds; Inseq's sampler gets explain4j's token groups (NLTK's tagger, which Inseq downloads, is not
installed). For discretized IG the JSON's ``meta.anchor_search`` also times the anchor search
alone: explain4j's (a fresh index, then a warm one) against Inseq's (scikit-learn's neighbour
graph of the whole vocabulary, which Inseq caches on disk, and its path search at every step).

Each figure is the median of ``--repeats`` runs (engines interleaved, after one warm-up run); the
JSON written to ``--out`` holds every raw time. On the default model a case is repeated only when
every engine's first run took under ``--repeat-under`` seconds (IG and Inseq's occlusion run once).
Runs whose estimated time is too long for the CPU budget (Inseq IG at 100 tokens on the default
model) are skipped and listed as skipped.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "python"))
sys.path.insert(0, str(ROOT / "tests" / "support"))

from explain4j.attribution import attribute  # noqa: E402
from explain4j.attribution.gradient import ig_parameters  # noqa: E402

sys.path.insert(0, str(ROOT / "tests" / "support"))
from explain4j_testing.inseq_reference import use_explain4j_token_groups  # noqa: E402

NO_FLOOR = ("reagent",)
SEEDED = ("reagent",)

PROMPT = (
    "The capital of France is Paris, the capital of Germany is Berlin, and the capital of "
    "Italy is"
)  # 20 tokens for SmolLM2-135M-Instruct, as issue #5 asks
TINY = ROOT / "tests" / "fixtures" / "tiny-models" / "gpt2"
DEFAULT = (
    Path(os.environ.get("EXPLAIN4J_HOME", Path.home() / ".cache" / "explain4j"))
    / "models"
    / "SmolLM2-135M-Instruct"
)


def load(path, device):
    from transformers import AutoModelForCausalLM, AutoTokenizer

    model = AutoModelForCausalLM.from_pretrained(path, attn_implementation="eager").to(device).eval()
    return model, AutoTokenizer.from_pretrained(path)


def forced_target(model, tok, n_new, device):
    """Prompt + exactly ``n_new`` greedy tokens, decoded to text (what both engines attribute)."""
    ids = tok(PROMPT, return_tensors="pt").to(device)
    out = model.generate(
        **ids, max_new_tokens=n_new, min_new_tokens=n_new, do_sample=False, pad_token_id=tok.eos_token_id or 0
    )
    return tok.decode(out[0], skip_special_tokens=True)


def sync(device):
    if device.startswith("cuda"):
        torch.cuda.synchronize()


def floor(model, tok, target, method, device, batched=False):
    """Pure torch: the minimal passes for the same quantities, no bookkeeping."""
    ids = tok(target, return_tensors="pt").input_ids.to(device)[0]
    start = len(tok(PROMPT).input_ids)
    pos = torch.arange(start - 1, len(ids) - 1, device=device)
    emb_layer = model.get_input_embeddings()
    for p in model.parameters():
        p.requires_grad_(False)
    x = emb_layer(ids[: len(ids) - 1]).detach()
    mask = torch.ones(1, x.shape[0], dtype=torch.long, device=device)
    if method == "attention":
        with torch.no_grad():
            out = model(
                inputs_embeds=x[None],
                attention_mask=mask,
                output_attentions=True,
                logits_to_keep=1,
                use_cache=False,
            )
        return torch.stack([a[0] for a in out.attentions]).sum().item()
    if method == "occlusion":
        base = emb_layer(torch.zeros_like(ids[: len(ids) - 1])).detach()
        rows = x.unsqueeze(0).repeat(x.shape[0] + 1, 1, 1)
        idx = torch.arange(x.shape[0], device=device)
        rows[idx + 1, idx] = base[idx]
        with torch.no_grad():
            logits = model(
                inputs_embeds=rows,
                attention_mask=mask.expand(rows.shape[0], -1),
                logits_to_keep=pos,
                use_cache=False,
            ).logits
        probs = logits.softmax(-1)[:, torch.arange(len(pos), device=device), ids[pos + 1]]
        return float((probs[:1] - probs[1:]).abs().sum())
    if method == "value_zeroing":
        return _value_zeroing_floor(model, x, mask)
    if method == "sequential_integrated_gradients":
        return _sig_floor(model, emb_layer, ids, x, mask, pos)
    if method in ("deeplift", "layer_deeplift"):
        base = emb_layer(torch.zeros_like(ids[: len(ids) - 1])).detach()
        pts = torch.stack([x, base]).requires_grad_(True)
        mask = mask.expand(2, -1)
    elif method in ("integrated_gradients", "layer_integrated_gradients", "discretized_integrated_gradients"):
        sizes, alphas = ig_parameters(50, "gausslegendre")
        alphas = alphas[:49] if method == "discretized_integrated_gradients" else alphas
        base = emb_layer(torch.zeros_like(ids[: len(ids) - 1])).detach()
        pts = torch.stack([base + a * (x - base) for a in alphas]).requires_grad_(True)
        mask = mask.expand(len(alphas), -1)
    else:
        pts = x[None].clone().requires_grad_(True)
    logits = model(inputs_embeds=pts, attention_mask=mask, logits_to_keep=pos, use_cache=False).logits
    probs = logits.softmax(-1)[:, torch.arange(len(pos), device=device), ids[pos + 1]]
    if batched:  # all steps in one is_grads_batched backward
        sel = torch.eye(len(pos), device=device)[:, None, :].expand(-1, pts.shape[0], -1)
        (g,) = torch.autograd.grad(probs, pts, sel, is_grads_batched=True)
        return float(g.sum())
    total = 0.0
    for k in range(len(pos)):
        (g,) = torch.autograd.grad(probs[:, k].sum(), pts, retain_graph=k < len(pos) - 1)
        total += float(g.sum())
    return total


def _value_zeroing_floor(model, x, mask):
    n = x.shape[0]
    tokens = torch.arange(n, device=x.device)

    def zero(part):
        def hook(_, __, out):
            keep = (torch.arange(out.shape[1], device=out.device)[None] != tokens[:, None]).to(out.dtype)
            out = out.clone()
            out[..., part] *= keep[..., None]
            return out

        return hook

    handles = []
    for block in model.base_model.layers if hasattr(model.base_model, "layers") else model.base_model.h:
        attn = getattr(block, "self_attn", None) or block.attn
        if hasattr(attn, "v_proj"):
            handles.append(attn.v_proj.register_forward_hook(zero(slice(None))))
        else:
            w = attn.split_size
            handles.append(attn.c_attn.register_forward_hook(zero(slice(2 * w, 3 * w))))
    try:
        with torch.no_grad():
            out = model(
                inputs_embeds=x[None].expand(n, -1, -1),
                attention_mask=mask.expand(n, -1),
                output_hidden_states=True,
                logits_to_keep=1,
                use_cache=False,
            )
    finally:
        for h in handles:
            h.remove()
    return float(out.hidden_states[-1].sum())


def _sig_floor(model, emb_layer, ids, x, mask, pos):
    sizes, alphas = ig_parameters(50, "gausslegendre")
    base = emb_layer(torch.zeros_like(ids[: len(ids) - 1])).detach()
    a = torch.tensor(alphas, dtype=x.dtype, device=x.device)[:, None]
    total = 0.0
    for idx in range(x.shape[0]):
        later = [k for k, p in enumerate(pos.tolist()) if p + 1 > idx]
        leaf = (base[idx] + a * (x[idx] - base[idx])).requires_grad_(True)
        rows = x[None].repeat(len(alphas), 1, 1)
        rows[:, idx] = leaf
        rows_mask = mask.expand(len(alphas), -1)
        out = model(inputs_embeds=rows, attention_mask=rows_mask, logits_to_keep=pos, use_cache=False)
        logits = out.logits
        probs = logits.softmax(-1)[:, torch.arange(len(pos), device=x.device), ids[pos + 1]]
        for i, k in enumerate(later):
            (g,) = torch.autograd.grad(probs[:, k].sum(), leaf, retain_graph=i < len(later) - 1)
            total += float(g.sum())
    return total


def anchor_search(model, tok, target, device):
    """Seconds of the DIG anchor search alone, explain4j's against Inseq's, on ``target``."""
    from inseq.attr.feat.ops.monotonic_path_builder import MonotonicPathBuilder
    from sklearn.neighbors import kneighbors_graph

    from explain4j.attribution import dig
    from explain4j.attribution.modeling import ModelAdapter

    ids = tok(target, return_tensors="pt").input_ids[0].to(device)
    base = torch.full_like(ids, tok.unk_token_id if tok.unk_token_id is not None else tok.eos_token_id)
    start = len(tok(PROMPT).input_ids)
    special = torch.tensor(tok.all_special_ids, device=device)
    adapter = ModelAdapter(model)
    dig._INDEXES.pop(model, None)
    out = {}
    with torch.no_grad():
        for label in ("explain4j_cold", "explain4j_warm"):
            t = time.perf_counter()
            dig.path_points(dig.AnchorIndex.of(adapter, 50), ids, base, 50, "greedy", special)
            sync(device)
            out[label] = time.perf_counter() - t
        emb = model.get_input_embeddings().weight.detach().cpu()
        t = time.perf_counter()
        graph = kneighbors_graph(emb, n_neighbors=50, mode="distance", n_jobs=-1)
        out["inseq_knn_graph"] = time.perf_counter() - t
        builder = MonotonicPathBuilder(emb, graph, tok.all_special_ids)
        # Inseq builds the prefix's paths again at every step: the first step's paths are timed
        # and the total scaled by the number of paths of all steps (minutes on the default model)
        t = time.perf_counter()
        builder.scale_inputs(
            ids[None, :start].cpu(), base[None, :start].cpu(), n_steps=50, scale_strategy="greedy"
        )
        first = time.perf_counter() - t
        out["inseq_path_search_first_step"] = first
        out["inseq_path_search_all_steps_est"] = first * sum(range(start, len(ids))) / start
    return out


def timed(fn, device):
    sync(device)
    t = time.perf_counter()
    fn()
    sync(device)
    return time.perf_counter() - t


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True, help="path of the JSON with the raw figures")
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--repeats", type=int, default=5, help="repeats on the tiny model")
    ap.add_argument("--default-repeats", type=int, default=3, help="repeats on the default model")
    ap.add_argument(
        "--repeat-under",
        type=float,
        default=20.0,
        help="on the default model, repeat only when every first run took less (s)",
    )
    ap.add_argument("--lengths", default="20,100")
    ap.add_argument("--methods", default="saliency,input_x_gradient,integrated_gradients,attention,occlusion")
    ap.add_argument("--models", default="tiny,default")
    ap.add_argument("--strategy", default="chunked", help="explain4j strategy used for the ratios")
    ap.add_argument(
        "--compare-strategies", default="", help="also time these explain4j strategies, e.g. vmap,replicate"
    )
    ap.add_argument(
        "--full",
        action="store_true",
        help="on the default model also run input_x_gradient and IG at every length",
    )
    ap.add_argument(
        "--skip-inseq-over",
        type=float,
        default=200.0,
        help="skip an Inseq run whose estimated time exceeds this many seconds",
    )
    ap.add_argument(
        "--threads",
        type=int,
        default=0,
        help="torch CPU threads (0: torch's default); 1 is steadier on a shared machine",
    )
    args = ap.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    # On a 2-core CPU the default model costs minutes per engine and run at 100 tokens (Inseq's
    # occlusion and IG far more): by default the gradient methods and occlusion run at 20 tokens
    # there (attention also at 100); --full runs every length (meant for a GPU).
    args.default_max_length = (
        {}
        if args.full
        else {
            "saliency": 20,
            "input_x_gradient": 20,
            "integrated_gradients": 20,
            "occlusion": 20,
            "layer_gradient_x_activation": 20,
            "layer_integrated_gradients": 20,
            "layer_deeplift": 20,
            "sequential_integrated_gradients": 20,
            "discretized_integrated_gradients": 20,
            "reagent": 20,
        }
    )
    import inseq

    from explain4j_testing.inseq_reference import value_zeroing_on_transformers5

    use_explain4j_token_groups()
    rows, skipped, prompt_tokens, anchors = [], [], {}, []
    lengths = [int(v) for v in args.lengths.split(",")]
    for mname in args.models.split(","):
        path = TINY if mname == "tiny" else DEFAULT
        model, tok = load(path, args.device)
        attribute(model, tok, PROMPT, PROMPT + " Rome", step_scores=["probability"])  # warm-up
        prompt_tokens[mname] = len(tok(PROMPT).input_ids)
        repeats = args.repeats if mname == "tiny" else args.default_repeats
        limit = getattr(model.config, "n_positions", None) or model.config.max_position_embeddings
        for method in args.methods.split(","):
            iq = inseq.load_model(model, method, tokenizer=tok, device=args.device)
            if method == "value_zeroing":
                value_zeroing_on_transformers5(iq)
            for n in lengths:
                if mname == "default" and n > args.default_max_length.get(method, 10**9):
                    skipped.append(
                        {
                            "model": mname,
                            "method": method,
                            "generated": n,
                            "why": "too slow for the CPU budget (use --full)",
                        }
                    )
                    continue
                n_eff = min(n, limit - len(tok(PROMPT).input_ids) - 1)
                target = forced_target(model, tok, n_eff, args.device)
                scores = [] if method in ("attention", "value_zeroing") else ["probability"]
                seed = (lambda: torch.manual_seed(1234)) if method in SEEDED else (lambda: None)
                engines = {
                    "explain4j": lambda: (
                        seed(),
                        attribute(
                            model,
                            tok,
                            PROMPT,
                            target,
                            method=method,
                            step_scores=scores,
                            strategy=args.strategy,
                        ),
                    ),
                    "inseq": lambda: (
                        seed(),
                        iq.attribute(
                            PROMPT, target, step_scores=scores, show_progress=False, pretty_progress=False
                        ),
                    ),
                }
                if method not in NO_FLOOR:
                    engines["floor_loop"] = lambda: floor(model, tok, target, method, args.device)
                if method == "discretized_integrated_gradients":
                    anchors.append(
                        {"model": mname, "generated": n_eff, **anchor_search(model, tok, target, args.device)}
                    )
                    print(f"anchor search {mname} gen={n_eff}: {anchors[-1]}", flush=True)
                for strat in filter(None, args.compare_strategies.split(",")):
                    if method not in NO_STRATEGY and strat != args.strategy:
                        engines[f"explain4j_{strat}"] = lambda strat=strat: attribute(
                            model, tok, PROMPT, target, method=method, step_scores=scores, strategy=strat
                        )
                if method not in (*NO_STRATEGY, *NO_FLOOR) and (
                    method
                    not in (
                        "integrated_gradients",
                        "layer_integrated_gradients",
                        "discretized_integrated_gradients",
                    )
                    or mname == "tiny"
                ):
                    engines["floor_batched"] = lambda: floor(
                        model, tok, target, method, args.device, batched=True
                    )
                times = {k: [] for k in engines}
                first = {k: timed(engines[k], args.device) for k in engines if k != "inseq"}
                lower = (
                    anchors[-1]["inseq_path_search_all_steps_est"]
                    if method == "discretized_integrated_gradients"
                    else 0
                )
                if lower > args.skip_inseq_over or _too_slow(
                    first["explain4j"], rows, mname, method, args.skip_inseq_over
                ):
                    skipped.append({"model": mname, "method": method, "generated": n_eff})
                    del engines["inseq"]
                    times["inseq"] = []
                else:
                    first["inseq"] = timed(engines["inseq"], args.device)
                extra = repeats if mname == "tiny" else repeats - 1
                if mname != "tiny" and max(first.values()) > args.repeat_under:
                    extra = 0  # minutes per run: the first run is the figure
                if mname != "tiny":  # no warm-up run on the big model: the first run counts
                    for k, v in first.items():
                        times[k].append(v)
                for _ in range(extra):
                    for name, fn in engines.items():
                        times[name].append(timed(fn, args.device))
                med = {k: statistics.median(v) if v else None for k, v in times.items()}
                floors = [med[k] for k in ("floor_loop", "floor_batched") if med.get(k)]
                med["floor"] = min(floors) if floors else None
                rows.append(
                    {
                        "model": mname,
                        "method": method,
                        "generated": n_eff,
                        "inseq_lower_bound_s": lower or None,
                        "median_s": med,
                        "min_s": {k: min(v) for k, v in times.items() if v},
                        "raw_s": times,
                    }
                )
                print(_fmt(rows[-1]), flush=True)
            del iq
    meta = {
        "device": args.device,
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "platform": platform.platform(),
        "cpu_count": os.cpu_count(),
        "strategy": args.strategy,
        "prompt": PROMPT,
        "prompt_tokens": prompt_tokens,
        "skipped": skipped,
        "anchor_search": anchors,
    }
    Path(args.out).write_text(json.dumps({"meta": meta, "rows": rows}, indent=2))
    print(f"wrote {args.out}")


# Methods without the batched-backward choice (no strategy, no batched floor).
NO_STRATEGY = ("attention", "occlusion", "value_zeroing", "sequential_integrated_gradients")


def _too_slow(ours, rows, mname, method, limit):
    """Estimate Inseq's time from explain4j's first run and the ratio seen at a smaller length."""
    prev = [r for r in rows if r["model"] == mname and r["method"] == method and r["median_s"]["inseq"]]
    if not prev:
        return False
    ratio = prev[-1]["median_s"]["inseq"] / prev[-1]["median_s"]["explain4j"]
    return ours * ratio * 1.5 > limit


def _fmt(row):
    m = row["median_s"]
    ratio = lambda a, b: f"{a / b:6.2f}x" if a and b else "   n/a"  # noqa: E731
    cell = lambda v: f"{v:9.3f}s" if v else "      n/a"  # noqa: E731
    return (
        f"{row['model']:8s} {row['method']:22s} gen={row['generated']:4d} "
        f"explain4j={cell(m['explain4j'])} inseq={cell(m.get('inseq'))} floor={cell(m.get('floor'))} "
        f"inseq/explain4j={ratio(m.get('inseq'), m['explain4j'])} "
        f"explain4j/floor={ratio(m['explain4j'], m.get('floor'))}"
        + "".join(f" {k}={v:.3f}s" for k, v in m.items() if k.startswith("explain4j_"))
        + (
            f" inseq>={row['inseq_lower_bound_s']:.0f}s (its path search alone, estimated)"
            if row.get("inseq_lower_bound_s") and not m.get("inseq")
            else ""
        )
    )


if __name__ == "__main__":
    main()
