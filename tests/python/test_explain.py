"""Explain sessions: cached per-token attention against one eager pass, label gradients against an
independent torch computation, and the session's refusals."""

from pathlib import Path

import numpy as np
import pytest

from explain4j import explain, models
from explain4j.errors import InvalidInput
from explain4j_testing.explain import reference_label_gradients

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "tiny-models"


@pytest.fixture(scope="module")
def llama():
    return models.load(str(FIXTURES / "llama"), device="cpu")


def _arr(a):
    return np.frombuffer(a["data"], "<f4").reshape(a["shape"])


def test_cached_rows_equal_eager_rows(llama):
    s = explain.open_session(llama, {"name": "chat"}, ["attention"])
    try:
        out = explain.generate(s, "the cat sat", max_new_tokens=8)
        seq = out["promptIds"] + out["generatedIds"]
        eager = explain.eager_rows(llama, seq, len(out["promptIds"])).numpy()
        assert out["attentionMethod"] == "kv-cache-rotary"
        assert np.abs(_arr(out["attention"]) - eager).max() < 1e-5
    finally:
        explain.close_session(s)


def test_label_gradients_match_reference(llama):
    s = explain.open_session(llama, {"name": "question_answering"}, ["gradient"])
    try:
        out = explain.generate(s, "who sat", max_new_tokens=3)
        g = explain.label_gradients(s, "the cat")
        ref = reference_label_gradients(llama, out["promptIds"], g["labelIds"])
        assert np.allclose(_arr(g["gradient"]).ravel(), ref["gradient"], atol=1e-5)
        assert np.allclose(_arr(g["saliency"]), ref["saliency"], atol=1e-5)
        assert np.allclose(_arr(g["blockGradientXInput"]).ravel(), ref["block"], atol=1e-6)
    finally:
        explain.close_session(s)


def test_refusals(llama):
    s = explain.open_session(llama, {"name": "summarization"}, ["gradient"])
    try:
        with pytest.raises(InvalidInput, match="already has an open explain session"):
            explain.open_session(llama, {"name": "chat"}, [])
        with pytest.raises(InvalidInput, match="beam search"):
            explain.generate(s, "text", num_beams=2)
        with pytest.raises(InvalidInput, match="call generate"):
            explain.label_gradients(s, "x")
        explain.generate(s, "text", max_new_tokens=2)
        with pytest.raises(InvalidInput, match="give no tokens"):
            explain.label_gradients(s, "")
    finally:
        explain.close_session(s)
    with pytest.raises(InvalidInput, match="unknown task"):
        explain.open_session(llama, {"name": "poetry"}, [])


def test_assisted_generation_with_rejected_drafts_keeps_rows_exact(llama):
    import torch

    draft = models.load(str(FIXTURES / "llama"), device="cpu")
    torch.manual_seed(0)
    with torch.no_grad():
        for p in draft.model.parameters():
            p.add_(torch.randn_like(p) * 0.5)  # a different model: its drafts get rejected
    plain = explain.open_session(llama, {"name": "chat"}, [])
    try:
        expected = explain.generate(plain, "the cat sat", max_new_tokens=10)["generatedIds"]
    finally:
        explain.close_session(plain)
    s = explain.open_session(llama, {"name": "chat_assistant"}, ["attention"], draft)
    try:
        out = explain.generate(s, "the cat sat", max_new_tokens=10)
        assert out["generatedIds"] == expected
        seq = out["promptIds"] + out["generatedIds"]
        eager = explain.eager_rows(llama, seq, len(out["promptIds"])).numpy()
        assert np.abs(_arr(out["attention"]) - eager).max() < 1e-5
    finally:
        explain.close_session(s)


def test_overlong_prompt_names_the_model(llama):
    s = explain.open_session(llama, {"name": "summarization"}, [])
    try:
        with pytest.raises(InvalidInput, match="more than model .*llama allows"):
            explain.generate(s, "word " * 200, max_new_tokens=4)
    finally:
        explain.close_session(s)


def test_eager_rows_switch_a_model_loaded_with_sdpa():
    sdpa = models.load(str(FIXTURES / "gpt2"), device="cpu", attn_implementation="sdpa")
    eager = models.load(str(FIXTURES / "gpt2"), device="cpu")
    s = explain.open_session(sdpa, {"name": "question_answering"}, ["attention"])
    try:
        out = explain.generate(s, "what is it", max_new_tokens=4)
        assert out["attentionMethod"] == "eager-forward"
        seq = out["promptIds"] + out["generatedIds"]
        expected = explain.eager_rows(eager, seq, len(out["promptIds"])).numpy()
        assert _arr(out["attention"]).shape == expected.shape
        assert np.abs(_arr(out["attention"]) - expected).max() < 1e-6
        assert sdpa.model.config._attn_implementation == "sdpa"
    finally:
        explain.close_session(s)
