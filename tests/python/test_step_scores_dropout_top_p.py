"""Inseq's last two step scores, ``mc_dropout_prob_avg`` and ``top_p_size``, against Inseq 0.7.1.

``top_p_size`` is deterministic and is compared on every step. ``mc_dropout_prob_avg`` draws
dropout masks from torch's generator, so it is compared one step per run: Inseq switches the
model to train mode for its dropout passes and never switches it back, so from its second step on
its "original" probability comes from a noisy pass and its attribution's forward passes draw from
the generator too. No single run of ours (which restores eval mode) can consume the generator as
that does, so a whole-sequence comparison cannot be bit for bit. One step per run (Inseq's
``attr_pos_start``/``attr_pos_end``, eval mode restored and the same seed before each run) makes
both draw the same masks in the same order, and there the scores agree to float32 rounding.
"""

import inseq
import numpy as np
import pytest
import torch
from attribution_helpers import FIXTURES, load

from explain4j.attribution import attribute
from explain4j.errors import InvalidInput

CASES = {
    "gpt2": ("hello world", "hello world and more text"),
    "llama": ("The quick brown", "The quick brown fox jumps"),
    "t5": ("The quick brown fox", "das Haus ist"),
}
_INSEQ = {}


def inseq_model(name):
    if name not in _INSEQ:
        _INSEQ[name] = inseq.load_model(str(FIXTURES / name), "saliency")
    return _INSEQ[name]


def with_attention_dropout(model, p):
    """The tiny Llama has no dropout at all; give its attention modules some (both engines read it)."""
    for module in model.modules():
        if hasattr(module, "attention_dropout"):
            module.attention_dropout = p
    return model


def models(name):
    ref, (ours, tok) = inseq_model(name), load(name)
    if name == "llama":
        with_attention_dropout(ref.model, 0.1)
        with_attention_dropout(ours, 0.1)
    return ref, ours, tok


def run_pair(name, seed, step_scores, args, start=None, end=None):
    text, target = CASES[name]
    ref, model, tok = models(name)
    ref.model.eval()
    torch.manual_seed(seed)
    out = ref.attribute(
        text,
        target,
        step_scores=step_scores,
        step_scores_args=dict(args),
        attr_pos_start=start,
        attr_pos_end=end,
        show_progress=False,
        pretty_progress=False,
    )
    ref.model.eval()
    torch.manual_seed(seed)
    ours = attribute(
        model,
        tok,
        text,
        target,
        step_scores=step_scores,
        step_scores_args=dict(args),
        attr_pos_start=start,
        attr_pos_end=end,
    )[0]
    return out.sequence_attributions[0], ours


@pytest.mark.parametrize("name", ["gpt2", "llama", "t5"])
@pytest.mark.parametrize("top_p", [0.3, 0.9])
def test_top_p_size_matches_inseq(name, top_p):
    seq, ours = run_pair(name, 0, ["top_p_size"], {"top_p": top_p})
    np.testing.assert_array_equal(ours.step_scores["top_p_size"], seq.step_scores["top_p_size"].numpy())
    assert len(set(ours.step_scores["top_p_size"].tolist())) >= 1


@pytest.mark.parametrize("name", ["gpt2", "llama", "t5"])
@pytest.mark.parametrize("logprob", [False, True])
def test_mc_dropout_prob_avg_matches_inseq_step_by_step(name, logprob):
    first, _ = run_pair(name, 0, ["probability"], {})
    start, end = first.attr_pos_start, first.attr_pos_end
    args = {"n_mcd_steps": 4, "logprob": logprob}
    for pos in range(start, end):
        seq, ours = run_pair(name, 100 + pos, ["mc_dropout_prob_avg"], args, pos, pos + 1)
        # For encoder-decoder models Inseq attributes one step more than asked (pos + 1 too);
        # its first step drew its masks first, as ours did.
        ref = seq.step_scores["mc_dropout_prob_avg"].numpy()[:1]
        assert ours.step_scores["mc_dropout_prob_avg"].shape == (1,) and np.isfinite(ref).all()
        np.testing.assert_allclose(
            ours.step_scores["mc_dropout_prob_avg"], ref, rtol=1e-4, atol=1e-5, err_msg=f"position {pos}"
        )


def test_mc_dropout_prob_avg_same_seed_same_scores_other_seed_other_scores():
    model, tok = load("gpt2")
    text, target = CASES["gpt2"]

    def run(seed):
        torch.manual_seed(seed)
        out = attribute(model, tok, text, target, step_scores=["mc_dropout_prob_avg"])[0]
        return out.step_scores["mc_dropout_prob_avg"]

    a, b, c = run(5), run(5), run(6)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)
    assert not model.training  # eval mode is restored after the dropout passes


def test_mc_dropout_prob_avg_on_a_model_without_dropout_is_refused_and_the_model_stays_usable():
    model, tok = load("llama", attn="sdpa")  # a second copy, untouched by the dropout tests above
    text, target = CASES["llama"]
    with pytest.raises(InvalidInput, match="no active dropout"):
        attribute(model, tok, text, target, step_scores=["mc_dropout_prob_avg"])
    assert not model.training
    out = attribute(model, tok, text, target, step_scores=["probability"])[0]
    assert np.isfinite(out.step_scores["probability"]).all()


@pytest.mark.parametrize(
    "scores,args,message",
    [
        (["top_p_size"], {}, "top_p_size needs its argument 'top_p'"),
        (["top_p_size"], {"top_p": 1.5}, "top_p must be <= 1"),
        (["mc_dropout_prob_avg"], {"n_mcd_steps": 1}, "n_mcd_steps must be >= 2"),
        (["mc_dropout_prob_avg"], {"n_mcd_steps": 2.5}, "n_mcd_steps must be an integer"),
        (["probability"], {"top_p": 0.5}, "'top_p' is not taken by the chosen step scores"),
    ],
)
def test_bad_step_score_arguments_are_one_line(scores, args, message):
    model, tok = load("gpt2")
    with pytest.raises(InvalidInput, match=message) as err:
        attribute(model, tok, "hello", "hello world", step_scores=scores, step_scores_args=args)
    assert "\n" not in str(err.value)
