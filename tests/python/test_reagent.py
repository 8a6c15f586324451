"""ReAGent: reproducible from a seed, equal to Inseq's with the same token groups, its options.

Inseq tags the vocabulary with NLTK's tagger, downloaded at first use and absent here; both
engines then use explain4j's token groups (``use_explain4j_token_groups``). Random numbers are
drawn from torch's global generator in Inseq's order and shapes, so the comparison is exact, not
statistical. The probes need targets the tiny models rank high enough to stop: a few rounds,
a large ``stopping_condition_top_k`` and few probes keep the runs short.
"""

import inseq
import numpy as np
import pytest
import torch
from attribution_helpers import load
from inseq_aggregation_oracle import aggregate_default

from explain4j.attribution import attribute
from explain4j.attribution.reagent import token_groups
from explain4j.errors import InvalidInput
from explain4j_testing.inseq_reference import use_explain4j_token_groups

CASES = {
    "gpt2": ("hello world", "hello world and more text", 2000),
    "llama": ("The quick brown", "The quick brown fox jumps", 200),
    "t5": ("The quick brown fox", "das Haus ist", 5000),
}


def _opts(name, **more):
    return {
        "keep_top_n": 2,
        "num_probes": 4,
        "max_probe_steps": 50,
        "stopping_condition_top_k": CASES[name][2],
        **more,
    }


def _ours(name, seed, **kwargs):
    model, tok = load(name)
    text, target, _ = CASES[name]
    torch.manual_seed(seed)
    return attribute(model, tok, text, target, method="reagent", **_opts(name), **kwargs)[0]


@pytest.mark.parametrize("name,attribute_target", [("gpt2", False), ("llama", False), ("t5", True)])
def test_matches_inseq_exactly_from_the_same_seed(name, attribute_target):
    use_explain4j_token_groups()
    model, tok = load(name)
    text, target, _ = CASES[name]
    torch.manual_seed(7)
    ref = inseq.load_model(model, "reagent", tokenizer=tok, **_opts(name)).attribute(
        text, target, attribute_target=attribute_target, show_progress=False
    )
    ours = _ours(name, 7, attribute_target=attribute_target)
    seq = ref.sequence_attributions[0]
    for theirs, mine in (
        (seq.source_attributions, ours.source_attributions),
        (seq.target_attributions, ours.target_attributions),
    ):
        assert (theirs is None) == (mine is None)
        if theirs is not None:
            np.testing.assert_allclose(mine, theirs.numpy(), rtol=1e-6, atol=0, equal_nan=True)
    agg = ref.aggregate().sequence_attributions[0]
    src, tgt = aggregate_default(ours)
    np.testing.assert_allclose(tgt, agg.target_attributions.numpy(), rtol=1e-5, equal_nan=True)


def test_same_seed_same_result_another_seed_another():
    a, b, c = _ours("gpt2", 11), _ours("gpt2", 11), _ours("gpt2", 12)
    np.testing.assert_array_equal(a.target_attributions, b.target_attributions)
    assert not np.allclose(a.target_attributions, c.target_attributions, equal_nan=True)


def test_source_only_on_encoder_decoder_gives_source_importance():
    """Inseq 0.7.1 fails here (its source-only branch falls through to the decoder-only call)."""
    res = _ours("t5", 3, attribute_target=False)
    assert res.target_attributions is None
    src = res.source_attributions[:, :, 0]
    np.testing.assert_allclose(src.sum(0), np.ones(src.shape[1]), rtol=1e-5)  # softmax means


def test_token_groups_partition_the_vocabulary():
    _, tok = load("llama")
    groups, how = token_groups(tok)
    assert how in ("nltk-pos", "token-shape")
    ids = sorted(i for g in groups.values() for i in g)
    assert ids == list(range(tok.vocab_size))
    assert len(groups) > 1


@pytest.mark.parametrize(
    "args,match",
    [
        ({"keep_top_n": 0}, "keep_top_n is 0, so keep_ratio must be given"),
        ({"replacing_ratio": 1.5}, "replacing_ratio must be <= 1"),
        ({"num_probes": 0}, "num_probes must be >= 1"),
        ({"stopping_condition_top_k": 1, "max_probe_steps": 2}, "no probe met the stopping condition"),
    ],
)
def test_bad_options_are_one_line_input_errors(args, match):
    model, tok = load("gpt2")
    with pytest.raises(InvalidInput, match=match):
        attribute(model, tok, "hello world", "hello world and more text", method="reagent", **args)
