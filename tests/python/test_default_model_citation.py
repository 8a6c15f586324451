"""Context attribution on the default model (SmolLM2-135M-Instruct) against the real
``context-cite`` 0.0.4: the same surrogate weights with its masks, the same top sources with ours.

Both run the model in float32 on the same sources (our sentence splitter's spans, given to
context-cite as a partitioner: its own splitter needs nltk data that is not installed)."""

import json
import os
from pathlib import Path

import numpy as np
import pytest
import torch
from transformers import AutoModelForCausalLM, AutoTokenizer

from explain4j.citation import cite, split_sentences
from explain4j.models import LoadedModel
from explain4j_testing import context_cite_reference as reference

QUESTIONS = json.loads(
    (Path(__file__).parents[1] / "fixtures" / "citation" / "rag-questions.json").read_text()
)
TEMPLATE = "Context: {context}\n\nQuery: {question}"


@pytest.fixture(scope="module")
def smol():
    home = Path(os.environ.get("EXPLAIN4J_HOME") or Path.home() / ".cache" / "explain4j")
    path = home / "models" / "SmolLM2-135M-Instruct"
    if not (path / "model.safetensors").is_file():
        pytest.fail(f"the default model is missing at {path}; run bin/setup (without --no-model)")
    # sdpa: neither side needs attention weights. One thread: on a small shared CPU, more
    # threads than free cores make each forward many times slower.
    model = AutoModelForCausalLM.from_pretrained(path, dtype=torch.float32, attn_implementation="sdpa").eval()
    tok = AutoTokenizer.from_pretrained(path)
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield LoadedModel("SmolLM2", model, tok, "decoder", model.device, {}, [tok.eos_token_id])
    torch.set_num_threads(threads)


def _top(weights, k=3):
    """The (at most) k sources with the largest positive weights: the lasso zeroes most others."""
    w = np.asarray(weights)
    return {int(i) for i in np.argsort(-w, kind="stable")[:k] if w[i] > 1e-6}


@pytest.mark.parametrize("case", range(len(QUESTIONS)))
def test_default_model_matches_context_cite(smol, case):
    q = QUESTIONS[case]
    spans = split_sentences(q["context"])
    ref = reference.run(
        smol.model,
        smol.tokenizer,
        q["context"],
        q["question"],
        spans,
        TEMPLATE.replace("{question}", "{query}"),
        64,
        16,
    )
    kw = dict(
        sources_spans=spans, answer_ids=ref["response_ids"], template=TEMPLATE, methods=("contextcite",)
    )
    same = cite(smol, q["context"], q["question"], masks=ref["masks"], **kw)
    np.testing.assert_allclose(same["scores"]["contextcite"][0], ref["weights"], rtol=0, atol=1e-4)
    assert np.abs(ref["weights"]).max() > 0.1
    own = cite(smol, q["context"], q["question"], num_ablations=64, seed=0, **kw)
    print(
        q["question"],
        ref["response"][:60],
        ref["weights"].round(3),
        np.round(own["scores"]["contextcite"][0], 3),
    )
    assert _top(own["scores"]["contextcite"][0]) == _top(ref["weights"])
