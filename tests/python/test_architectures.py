"""The architecture registry: every model the sweep builds resolves to its family's adapter, and the
adapter finds that model's layers, attention modules, embeddings and rotary module."""

import importlib.util
from pathlib import Path
from types import SimpleNamespace

import pytest
import torch

from explain4j import architectures

BUILDER = Path(__file__).resolve().parents[1] / "fixtures" / "make_arch_models.py"
_spec = importlib.util.spec_from_file_location("make_arch_models", BUILDER)
sweep = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(sweep)

# name in the sweep's builder: (family, kind, per-token attention rebuilt under the KV cache)
EXPECTED = {
    "llama-gqa": ("llama", "decoder", True),
    "qwen2": ("llama", "decoder", True),
    "qwen3": ("qwen3", "decoder", True),
    "mistral": ("mistral", "decoder", True),
    "gemma2": ("gemma2", "decoder", True),
    "gemma3": ("gemma3", "decoder", True),
    "phi3": ("phi3", "decoder", True),
    "gpt-neox": ("gpt_neox", "decoder", True),
    "opt": ("opt", "decoder", False),
    "bloom": ("bloom", "decoder", False),
    "falcon": ("falcon", "decoder", False),
    "gpt-j": ("gptj", "decoder", False),
    "bart": ("bart", "encoder-decoder", False),
    "marian": ("bart", "encoder-decoder", False),
    "mt5": ("t5", "encoder-decoder", False),
    "bert": ("bert", "encoder", False),
    "roberta": ("bert", "encoder", False),
    "distilbert": ("distilbert", "encoder", False),
}


def test_every_sweep_architecture_has_an_expectation():
    assert set(EXPECTED) == set(sweep.ARCHS)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sweep_architecture_resolves_to_its_family(name):
    family, kind, cached = EXPECTED[name]
    torch.manual_seed(0)
    model, _, _ = sweep.ARCHS[name]()
    model.config.architectures = [type(model).__name__]  # as save_pretrained writes it
    adapter = architectures.for_model(model)
    assert adapter.family == family
    assert adapter.kind(model.config) == kind
    assert adapter.cached_rotary == cached
    assert adapter.embeddings(model) is model.get_input_embeddings()
    stacks = ["encoder", "decoder"] if kind == "encoder-decoder" else ["decoder"]
    for stack in stacks:
        layers = adapter.layers(model, stack)
        attention = adapter.attention_modules(model, stack)
        assert len(layers) == 2 and len(attention) == 2
        for layer, attn in zip(layers, attention):
            assert "Attention" in type(attn).__name__
            assert any(m is attn for m in layer.modules())
    if cached:
        rotary = adapter.rotary(model)
        assert rotary is not None and "Rotary" in type(rotary).__name__
        config = model.config.get_text_config()
        q_width = config.num_attention_heads * (
            getattr(config, "head_dim", None) or config.hidden_size // config.num_attention_heads
        )
        attn = attention[0]
        seen = {}
        for module, split in adapter.qk_projections(attn, config):
            seen.update(split(module(torch.zeros(1, 3, config.hidden_size))))
        assert seen["q"].shape == (1, 3, q_width)
        assert seen["k"].shape[:2] == (1, 3) and q_width % seen["k"].shape[-1] == 0


def test_unknown_model_type_falls_back_to_the_generic_adapter():
    import transformers as tf

    assert architectures.for_config(SimpleNamespace(model_type="no-such-architecture")).family == "generic"
    config = tf.OlmoConfig(
        vocab_size=64,
        hidden_size=16,
        intermediate_size=32,
        num_hidden_layers=3,
        num_attention_heads=2,
        max_position_embeddings=32,
        architectures=["OlmoForCausalLM"],
    )
    assert config.model_type not in architectures.registered()
    model = tf.OlmoForCausalLM(config)
    adapter = architectures.for_model(model)
    assert type(adapter) is architectures.Adapter and adapter.family == "generic"
    assert adapter.kind(config) == "decoder"
    assert not adapter.cached_rotary  # an unknown family gets the exact eager forward pass
    assert len(adapter.attention_modules(model)) == 3
    assert adapter.layers(model)[2] is model.model.layers[2]


def test_eager_switch_restores_the_kernel():
    import transformers as tf

    config = tf.GPT2Config(n_embd=16, n_layer=1, n_head=2, vocab_size=32, n_positions=16)
    model = tf.GPT2LMHeadModel._from_config(config, attn_implementation="sdpa")
    adapter = architectures.for_model(model)
    with adapter.eager(model) as switched:
        assert switched == "sdpa" and model.config._attn_implementation == "eager"
        out = model(input_ids=torch.tensor([[1, 2, 3]]), output_attentions=True)
        assert out.attentions[0].shape == (1, 2, 3, 3)
    assert model.config._attn_implementation == "sdpa"
    with adapter.eager(model) as again:
        with adapter.eager(model) as inner:
            assert again == "sdpa" and inner is None


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("arch-models")
    return lambda name: sweep.build(name, out)


@pytest.mark.parametrize("name", sorted(n for n, e in EXPECTED.items() if e[1] == "decoder"))
def test_explain_session_on_each_sweep_decoder_matches_its_references(name, built):
    """Per-token attention equals one eager pass; label gradients equal an independent computation."""
    import numpy as np

    from explain4j import explain, models
    from explain4j_testing.explain import reference_label_gradients

    def arr(a):
        return a.numpy()

    lm = models.load(str(built(name)), device="cpu")
    s = explain.open_session(lm, {"name": "question_answering"}, ["attention", "gradient"])
    try:
        out = explain.generate(s, "The capital of France is", max_new_tokens=4)
        expected = "kv-cache-rotary" if EXPECTED[name][2] else "eager-forward"
        assert out["attentionMethod"] == expected
        seq = out["promptIds"] + out["generatedIds"]
        eager = explain.eager_rows(lm, seq, len(out["promptIds"])).numpy()
        assert np.abs(arr(out["attention"]) - eager).max() < 1e-5
        g = explain.label_gradients(s, "Paris")
        ref = reference_label_gradients(lm, out["promptIds"], g["labelIds"])
        assert np.abs(ref["gradient"]).max() > 0
        assert np.allclose(arr(g["gradient"]).ravel(), ref["gradient"], atol=1e-5)
        assert np.allclose(arr(g["blockGradientXInput"]).ravel(), ref["block"], atol=1e-6)
    finally:
        explain.close_session(s)
