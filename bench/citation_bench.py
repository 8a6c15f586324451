"""Benchmark: context attribution on the default model, explain4j vs context-cite 0.0.4.

    OMP_NUM_THREADS=1 .venv/bin/python bench/citation_bench.py [--ablations 64] [--batch 8] [--out FILE.json]

(On a shared CPU, more torch threads than free cores make every forward many times slower.)

A context of about 1,000 tokens in 8 sources (paragraphs) and a question; the answer is the
default model's greedy 20-token continuation, generated once by context-cite (untimed). Timed:

* ``context-cite``: ``ContextCiter.get_attributions()`` with the same sources (given as a
  partitioner) and ablation count, at its default batch size 1 and at batch size 8, on the model
  with sdpa attention (what its ``from_pretrained`` loads);
* ``explain4j``: ``explain4j.citation.cite(methods=("contextcite",))`` on the same answer ids, the
  model switched to eager attention first (as explain4j loads it; the ablations switch to sdpa),
  batch size ``--batch``, the prompt's common prefix run once;
* ``faithfulness``: explain4j's evaluation of that attribution (AOPC comprehensiveness and
  sufficiency over 1/5/10/20/50% and the deletion/insertion curves over all 8 sources), per example.

One run each (the machine is shared; read ratios). Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "python"))
sys.path.insert(0, str(ROOT / "tests" / "support"))

TOPICS = [
    ("The river", "flows north through the valley, past farms and old mills"),
    ("The library", "keeps maps, letters and records of the town since its founding"),
    ("The bakery", "opens before dawn and sells bread, rolls and honey cakes"),
    ("The observatory", "sits on the hill and its telescope tracks comets every winter"),
    ("The harbour", "shelters fishing boats and a ferry that crosses to the island twice a day"),
    ("The school", "teaches three hundred children and runs a choir and a chess club"),
    ("The market", "fills the square on Saturdays with fruit, cheese and wool"),
    ("The bridge", "was built of stone in 1842 and was repaired after the flood of 1910"),
]
QUESTION = "When was the stone bridge built, and what happened to it later?"


def context(tokenizer, target_tokens=1000):
    paragraphs = []
    for i, (name, fact) in enumerate(TOPICS):
        sentences = [f"{name} {fact}."]
        k = 0
        while len(tokenizer(" ".join(sentences))["input_ids"]) < target_tokens // len(TOPICS):
            sentences.append(f"Visitors often mention that {name.lower()} {fact} (note {i}.{k}).")
            k += 1
        paragraphs.append(" ".join(sentences))
    text = "\n\n".join(paragraphs)
    spans, pos = [], 0
    for p in paragraphs:
        start = text.index(p, pos)
        spans.append((start, start + len(p)))
        pos = start + len(p)
    return text, spans


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ablations", type=int, default=64)
    parser.add_argument("--batch", type=int, default=8, help="explain4j's batch size")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--cc-batches", default="1,8", help="context-cite batch sizes to time")
    args = parser.parse_args()
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from explain4j.architectures.base import _set_attn
    from explain4j.citation import cite, evaluation
    from explain4j.citation.cite import build_prompt
    from explain4j.models import LoadedModel
    from explain4j_testing import context_cite_reference as reference

    home = Path(os.environ.get("EXPLAIN4J_HOME") or Path.home() / ".cache" / "explain4j")
    path = home / "models" / "SmolLM2-135M-Instruct"
    model = AutoModelForCausalLM.from_pretrained(path, dtype=torch.float32, attn_implementation="sdpa").eval()
    tok = AutoTokenizer.from_pretrained(path)
    lm = LoadedModel("SmolLM2-135M-Instruct", model, tok, "decoder", model.device, {}, [tok.eos_token_id])
    text, spans = context(tok)
    template = "Context: {context}\n\nQuery: {question}"
    ctx_tokens = len(tok(text)["input_ids"])
    rows, raw = [], {"context_tokens": ctx_tokens, "sources": len(spans), "ablations": args.ablations}

    citer = reference.citer(
        model, tok, text, QUESTION, spans, template.replace("{question}", "{query}"), 64, 20
    )
    answer_ids = list(citer._response_ids)
    raw["answer_tokens"] = len(answer_ids)
    cc_times = {}
    for batch in [int(b) for b in args.cc_batches.split(",")]:
        c = reference.citer(
            model,
            tok,
            text,
            QUESTION,
            spans,
            template.replace("{question}", "{query}"),
            args.ablations,
            20,
            batch_size=batch,
        )
        c._cache["output"] = citer._output
        started = time.perf_counter()
        reference.quiet(c.get_attributions, verbose=False)
        cc_times[batch] = time.perf_counter() - started
        print(f"context-cite batch {batch}: {cc_times[batch]:.1f} s", flush=True)
    _set_attn(model, "eager")
    started = time.perf_counter()
    ours = cite(
        lm,
        text,
        QUESTION,
        sources_spans=spans,
        answer_ids=answer_ids,
        template=template,
        methods=("contextcite",),
        num_ablations=args.ablations,
        batch_size=args.batch,
    )
    ours_t = time.perf_counter() - started
    print(f"explain4j: {ours_t:.1f} s", flush=True)
    started = time.perf_counter()
    prompt = build_prompt(lm, text, QUESTION, spans, None, template, None, "sentence")
    score = evaluation.source_scorer(lm, prompt, answer_ids, batch_size=args.batch)
    evaluated = evaluation.evaluate(ours["scores"]["contextcite"][0], score)
    eval_t = time.perf_counter() - started
    print(f"explain4j faithfulness: {eval_t:.1f} s", flush=True)
    raw.update(
        {
            "context_cite_s": cc_times,
            "explain4j_s": ours_t,
            "faithfulness_s": eval_t,
            "faithfulness": evaluated,
        }
    )
    for batch, t in cc_times.items():
        rows.append(
            (f"context-cite 0.0.4, batch {batch}" + (" (its default)" if batch == 1 else ""), t, t / ours_t)
        )
    rows.append((f"explain4j cite (contextcite), batch {args.batch}, shared prefix", ours_t, 1.0))
    print(
        f"Context: {ctx_tokens} tokens in {len(spans)} sources; answer: {len(answer_ids)} tokens; "
        f"{args.ablations} ablations; {torch.get_num_threads()} torch threads, device {model.device}.\n"
    )
    print("| run | seconds | time / explain4j's |\n|---|---|---|")
    for name, t, r in rows:
        print(f"| {name} | {t:.1f} | {r:.2f} |")
    print(f"| explain4j faithfulness evaluation, per example (AOPC comp/suff + curves) | {eval_t:.1f} | |")
    if args.out:
        args.out.write_text(json.dumps(raw, indent=2))


if __name__ == "__main__":
    main()
