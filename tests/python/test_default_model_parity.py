"""Parity with the real Inseq 0.7.1 on the default model (SmolLM2-135M-Instruct), in float64.

In float64 both engines' rounding is far below the 1e-4 the issue asks for, so the comparison is
strictly relative (no absolute floor) for the scores users see: Inseq's default ``aggregate()``
against the engine's, and the step scores. The raw granular tensors (one value per hidden unit)
are compared with an absolute floor of 1e-6 of the largest raw value: even in float64 this model's
own hidden states at the same positions differ by ~2e-7 relative between a 6- and a 9-token
forward pass (measured with transformers 5.18), and the engine runs each step inside a longer
sequence than Inseq's prefix, so hidden units near zero carry that noise.

The same comparison in float32, through the Java API, is ``DefaultModelParityTest`` (slow group).
"""

import os
from pathlib import Path

import inseq
import numpy as np
import pytest
import torch
from inseq_aggregation_oracle import aggregate_default
from transformers import AutoModelForCausalLM, AutoTokenizer

from explain4j.attribution import attribute

TEXT = "The capital of France is"
TARGET = "The capital of France is Paris. It is"
METHODS = ["saliency", "input_x_gradient", "integrated_gradients", "attention", "occlusion"]


def _model_dir() -> Path:
    home = Path(os.environ.get("EXPLAIN4J_HOME") or Path.home() / ".cache" / "explain4j")
    path = home / "models" / "SmolLM2-135M-Instruct"
    if not (path / "model.safetensors").is_file():
        pytest.fail(f"the default model is missing at {path}; run bin/setup (without --no-model)")
    return path


@pytest.fixture(scope="module")
def smol64():
    path = _model_dir()
    model = AutoModelForCausalLM.from_pretrained(
        path, dtype=torch.float64, attn_implementation="eager"
    ).eval()
    return model, AutoTokenizer.from_pretrained(path)


def _relative(ref, ours, what):
    ref = ref.numpy() if hasattr(ref, "numpy") else np.asarray(ref)
    assert ref.shape == ours.shape, f"{what}: shape {ours.shape} != Inseq {ref.shape}"
    assert np.array_equal(np.isnan(ref), np.isnan(ours)), f"{what}: NaN layout differs"
    np.testing.assert_allclose(ours, ref, rtol=1e-4, atol=0, equal_nan=True, err_msg=what)
    known = ~np.isnan(ref) & (ref != 0)
    return float(np.max(np.abs(ours[known] - ref[known]) / np.abs(ref[known])))


@pytest.mark.parametrize("method", METHODS)
def test_default_model_matches_inseq_in_float64(smol64, method):
    model, tok = smol64
    scores = [] if method == "attention" else ["probability", "entropy"]
    ref = inseq.load_model(model, method, tokenizer=tok).attribute(
        TEXT, TARGET, step_scores=scores, show_progress=False, pretty_progress=False
    )
    ours = attribute(model, tok, TEXT, TARGET, method=method, step_scores=scores)[0]
    seq = ref.sequence_attributions[0]
    assert ours.target_tokens == [t.token for t in seq.target]
    agg = ref.aggregate().sequence_attributions[0]
    _, target = aggregate_default(ours)
    worst = _relative(agg.target_attributions, target, f"{method} aggregated target")
    print(f"{method}: worst relative difference of the aggregated scores {worst:.2e}")
    raw_ref = seq.target_attributions.numpy()
    np.testing.assert_allclose(
        ours.target_attributions,
        raw_ref,
        rtol=1e-4,
        atol=1e-6 * float(np.nanmax(np.abs(raw_ref))),
        equal_nan=True,
        err_msg=f"{method} raw target",
    )
    for key in scores:
        np.testing.assert_allclose(
            ours.step_scores[key], seq.step_scores[key].numpy(), rtol=1e-6, atol=0, err_msg=key
        )


def test_default_model_greedy_generation_matches_inseq(smol64):
    """explain4j attributes generate()'s ids; Inseq re-encodes their text. Common steps agree.

    Here the model emits "\n" and then "\n" again; Inseq's re-encoding merges them into one
    "\n\n" token, so it attributes a token the model never produced and one step fewer.
    """
    model, tok = smol64
    gen = {"max_new_tokens": 4}
    ref = inseq.load_model(model, "saliency", tokenizer=tok).attribute(
        TEXT,
        generation_args=dict(gen),
        step_scores=["probability"],
        show_progress=False,
        pretty_progress=False,
    )
    ours = attribute(model, tok, TEXT, method="saliency", generation_args=gen, step_scores=["probability"])[0]
    seq = ref.sequence_attributions[0]
    generated = model.generate(**tok(TEXT, return_tensors="pt"), do_sample=False, **gen)[0].tolist()
    assert ours.target_ids == generated
    assert ours.attr_pos_end - ours.attr_pos_start == 4
    assert ours.info["target_text"] == ref.info["generated_texts"][0]
    theirs = [t.id for t in seq.target]
    same = next(
        (i for i, (a, b) in enumerate(zip(generated, theirs)) if a != b), min(len(generated), len(theirs))
    )
    k = same - ours.attr_pos_start
    assert k >= 1, "the first generated token is the same for both"
    _, target = aggregate_default(ours)
    _relative(
        ref.aggregate().sequence_attributions[0].target_attributions[:same, :k],
        target[:same, :k],
        "greedy aggregated target, common steps",
    )
    np.testing.assert_allclose(
        ours.step_scores["probability"][:k], seq.step_scores["probability"].numpy()[:k], rtol=1e-4
    )
