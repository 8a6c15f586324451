"""Explain sessions: cached per-token attention against one eager pass, label gradients against an
independent torch computation, and the session's refusals."""

from pathlib import Path

import numpy as np
import pytest
import torch

from explain4j import explain, models
from explain4j.errors import InvalidInput
from explain4j_testing.explain import reference_label_gradients

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "tiny-models"


@pytest.fixture(scope="module")
def llama():
    return models.load(str(FIXTURES / "llama"), device="cpu")


def _arr(a):
    assert a.dtype == torch.float32 and a.is_contiguous() and a.device.type == "cpu"
    return a.numpy()


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


def test_java_reads_results_without_arrays_then_each_array_as_a_tensor(llama):
    import explain4j

    s = explain.open_session(llama, {"name": "question_answering"}, ["attention", "gradient"])
    try:
        out = explain.generate_for_java(s, "who sat", max_new_tokens=3)
        assert "attention" not in out and "attentionMean" not in out
        assert out["explain4jVersion"] == explain4j.__version__ and out["engineSeconds"] > 0
        rows = explain.array(s, "generation", "attention")
        assert list(rows.shape) == out["arrays"]["attention"]
        assert rows.dtype == torch.float32 and rows.is_contiguous()
        g = explain.label_gradients_for_java(s, "the cat")
        assert set(g["arrays"]) == {"gradient", "saliency", "blockGradientXInput"}
        assert not any(isinstance(v, torch.Tensor) for v in {**out, **g}.values())
        assert list(explain.array(s, "gradients", "saliency").shape) == g["arrays"]["saliency"]
        with pytest.raises(InvalidInput, match="holds no gradients array 'loss'"):
            explain.array(s, "gradients", "loss")
    finally:
        explain.close_session(s)
    with pytest.raises(InvalidInput, match="holds no generation array"):
        explain.array(s, "generation", "attention")


def test_sessions_generate_through_the_shared_generation_path(llama, monkeypatch):
    from explain4j import generation

    calls = []
    shared = generation.generate_ids

    def spy(lm, prompt, max_new_tokens, *args, **kw):
        calls.append((list(prompt), max_new_tokens))
        return shared(lm, prompt, max_new_tokens, *args, **kw)

    monkeypatch.setattr(generation, "generate_ids", spy)
    s = explain.open_session(llama, {"name": "chat"}, ["attention"])
    try:
        out = explain.generate(s, "the cat sat", max_new_tokens=5)
    finally:
        explain.close_session(s)
    assert calls == [(out["promptIds"], 5)]
    plain = generation.generate(llama, "the cat sat", max_new_tokens=5, chat=True)
    assert len(calls) == 2, "Model.generate's path is the same function"
    assert plain["promptIds"] == out["promptIds"] and plain["generatedIds"] == out["generatedIds"]
