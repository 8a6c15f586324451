"""Discretized integrated gradients: the anchor search, its cache, its options, parity with Inseq.

The forced and greedy parity runs on the three tiny models are in ``test_attribution_parity``;
here: the neighbour search against scikit-learn (what Inseq's ``kneighbors_graph`` uses), the
per-model cache, the ``maxcount`` strategy and ``multiply_by_inputs`` against Inseq, bad options.
"""

import inseq
import numpy as np
import pytest
import torch
from attribution_helpers import load
from inseq_aggregation_oracle import aggregate_default
from sklearn.neighbors import NearestNeighbors

from explain4j.attribution import attribute
from explain4j.attribution.dig import AnchorIndex
from explain4j.attribution.modeling import ModelAdapter
from explain4j.errors import InvalidInput

DIG = "discretized_integrated_gradients"


def test_neighbours_are_scikit_learns_without_the_word_itself():
    model, _ = load("llama")
    adapter = ModelAdapter(model)
    index = AnchorIndex(adapter.arch.embeddings(model).weight.detach(), 7)
    emb = index.emb.double().numpy()
    words = torch.tensor([5, 17, 300, 639])
    _, ref = NearestNeighbors(n_neighbors=8).fit(emb).kneighbors(emb[words.numpy()])
    expected = [[j for j in row if j != w][:7] for row, w in zip(ref.tolist(), words.tolist())]
    assert index.neighbours(words).tolist() == expected


def test_the_index_is_kept_per_model_and_searches_each_word_once():
    """The second attribution finds every neighbour and anchor score it needs already kept."""
    model, tok = load("gpt2")
    adapter = ModelAdapter(model)
    index = AnchorIndex.of(adapter, 50)
    assert AnchorIndex.of(adapter, 50) is index
    attribute(model, tok, "hello world", "hello world and more", method=DIG, n_steps=6)
    searched = int(index._known.sum())
    assert searched > 0
    rows = index._rows.clone()
    scored = {key: int(done.sum()) for key, (done, _) in index._scores.items()}
    assert scored and all(scored.values())
    attribute(model, tok, "hello world", "hello world and more", method=DIG, n_steps=6)
    assert int(index._known.sum()) == searched
    assert torch.equal(index._rows, rows)
    assert {key: int(done.sum()) for key, (done, _) in index._scores.items()} == scored
    assert AnchorIndex.of(adapter, 10) is not index


@pytest.mark.parametrize(
    "name,args",
    [("llama", {"method": "maxcount", "n_steps": 6}), ("gpt2", {"n_steps": 5, "multiply_by_inputs": True})],
)
def test_options_match_inseq(name, args):
    model, tok = load(name)
    cases = {"llama": ("The quick brown", "The quick brown fox jumps"), "gpt2": ("hello", "hello world")}
    text, target = cases[name]
    run = dict(args)
    mult = run.pop("multiply_by_inputs", False)
    ref = inseq.load_model(model, DIG, tokenizer=tok, multiply_by_inputs=mult).attribute(
        text, target, show_progress=False, attribution_args=run
    )
    ours = attribute(model, tok, text, target, method=DIG, attribution_args=args)[0]
    seq = ref.sequence_attributions[0]
    raw = seq.target_attributions.numpy()
    scale = float(np.nanmax(np.abs(raw)))
    np.testing.assert_allclose(ours.target_attributions, raw, rtol=1e-4, atol=1e-5 * scale, equal_nan=True)
    _, agg = aggregate_default(ours)
    np.testing.assert_allclose(
        agg, ref.aggregate().sequence_attributions[0].target_attributions.numpy(), rtol=1e-4, atol=1e-7
    )


@pytest.mark.parametrize(
    "args,match",
    [
        ({"n_steps": 1}, "n_steps must be >= 2, got 1"),
        ({"method": "nearest"}, "method must be one of greedy, maxcount"),
        ({"n_neighbors": 0}, "n_neighbors must be >= 1"),
    ],
)
def test_bad_options_are_one_line_input_errors(args, match):
    model, tok = load("gpt2")
    with pytest.raises(InvalidInput, match=match):
        attribute(model, tok, "hello", "hello world", method=DIG, attribution_args=args)
