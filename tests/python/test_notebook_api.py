"""explain4j.attention, model_attention and render_attribution from Python: numpy, torch and
transformers inputs, and a model the gateway runs."""

import importlib

import numpy as np
import pytest
from gateway_support import TINY_GPT2, page_config

import explain4j
from explain4j import attention, render_attribution
from explain4j.client import gateway
from explain4j.errors import InvalidInput


@pytest.fixture(scope="module")
def gw():
    g = gateway.start()
    yield g
    g.close()


def _set(html):
    return page_config(html.data)["sets"][0]


@pytest.mark.parametrize("shape, dims", [((5, 5), (1, 1)), ((3, 5, 5), (1, 3)), ((2, 3, 5, 5), (2, 3))])
def test_numpy_shapes(gw, shape, dims):
    tokens = ["<s>", "a&b", "c", "d", "</s>"]
    html = attention(np.random.default_rng(0).random(shape), tokens, gateway=gw)
    s = _set(html)
    assert (s["layers"], s["heads"], s["queries"], s["keys"]) == (*dims, 5, 5)
    assert s["queryTokens"] == tokens
    assert 'class="e4j e4j-attn"' in html._repr_html_()
    assert "\\u003c/s\\u003e" in html.data and "</s>" not in html.data.replace("</script>", "")


def test_torch_tensor_and_key_tokens(gw):
    import torch

    attn = torch.rand(2, 4, 3, requires_grad=True)
    html = attention(attn * 1, ["q1", "q2", "q3", "q4"], ["k1", "k2", "k3"], title="cross", gateway=gw)
    s = _set(html)
    assert (s["heads"], s["queries"], s["keys"]) == (2, 4, 3)
    assert s["keyTokens"] == ["k1", "k2", "k3"] and "cross" in html.data


def test_transformers_attentions_tuple(gw):
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tok = AutoTokenizer.from_pretrained(TINY_GPT2)
    model = AutoModelForCausalLM.from_pretrained(TINY_GPT2, attn_implementation="eager")
    enc = tok("The cat sat on the mat", return_tensors="pt")
    with torch.no_grad():
        out = model(**enc, output_attentions=True)
    tokens = tok.convert_ids_to_tokens(enc["input_ids"][0])
    html = attention(out.attentions, tokens, gateway=gw, element_id="tiny-gpt2")
    s = _set(html)
    assert (s["layers"], s["heads"]) == (len(out.attentions), out.attentions[0].shape[1])
    assert s["queryTokens"] == tokens and 'id="tiny-gpt2"' in html.data


def test_attribution_table_with_step_scores(gw, tmp_path):
    scores = np.array([[0.1, np.nan], [0.7, 0.2], [0.2, 0.8]], dtype=np.float32)
    html = render_attribution(
        scores,
        ["<bos>", "Hello", "world"],
        ["Bon", "jour"],
        {"probability": [0.9, 0.4]},
        title="Saliency",
        gateway=gw,
    )
    assert 'class="e4j-heat"' in html.data and "&lt;bos&gt;" in html.data
    assert "e4j-empty" in html.data and "probability" in html.data
    page = render_attribution(
        scores, ["a", "b", "c"], ["x", "y"], [0.5, 0.5], out=tmp_path / "a.html", gateway=gw
    )
    assert page.read_text().startswith("<!DOCTYPE html>") and "step␣score" in page.read_text()


def test_written_attention_page(gw, tmp_path):
    path = attention(np.eye(2), ["a", "b"], out=tmp_path / "p.html", gateway=gw)
    assert path.read_text().startswith("<!DOCTYPE html>")


def test_bad_input_is_rejected_before_java(gw):
    with pytest.raises(InvalidInput, match="got 2 tokens for 3"):
        attention(np.eye(3), ["a", "b"], gateway=gw)
    with pytest.raises(InvalidInput, match="2 to 4 dimensions"):
        attention(np.ones((1, 1, 1, 2, 2)), ["a", "b"], gateway=gw)
    with pytest.raises(InvalidInput, match="pass key_tokens"):
        attention(np.ones((2, 3)), ["a", "b"], gateway=gw)
    with pytest.raises(InvalidInput, match="step scores 'p' have 1 values for 2"):
        render_attribution(np.ones((1, 2)), ["a"], ["x", "y"], {"p": [1]}, gateway=gw)
    with pytest.raises(InvalidInput, match="numeric"):
        attention(np.array([["a", "b"], ["c", "d"]]), ["a", "b"], gateway=gw)


def test_package_exports_the_notebook_functions_beside_the_capture_module():
    capture_module = importlib.import_module("explain4j.capture")
    assert hasattr(capture_module, "capture")
    assert explain4j.attention is attention and callable(explain4j.attention)
    assert explain4j.render_attribution is render_attribution


def test_model_attention_runs_the_model_in_the_gateway(gw, tmp_path):
    html = explain4j.model_attention(TINY_GPT2, "a <b> & c", generate=2, layers=[1], gateway=gw)
    s = _set(html)
    assert (s["queries"], s["keys"]) == (10, 10), "8 prompt tokens and 2 generated ones"
    assert s["queryTokens"][:5] == ["a", " ", "<", "b", ">"]
    assert "<b>" not in html.data
    page = explain4j.model_attention(TINY_GPT2, "hello", out=tmp_path / "p.html", gateway=gw)
    assert page == tmp_path / "p.html" and page.read_text().startswith("<!DOCTYPE html>")


def test_model_attention_bad_input_names_it(gw, tmp_path):
    with pytest.raises(InvalidInput, match="generate must be"):
        explain4j.model_attention(TINY_GPT2, "hi", generate=-1, gateway=gw)
    with pytest.raises(InvalidInput, match=str(tmp_path / "none")):
        explain4j.model_attention(tmp_path / "none", "hi", gateway=gw)
    assert attention(np.eye(2), ["x", "y"], gateway=gw).data, "the gateway still renders"
