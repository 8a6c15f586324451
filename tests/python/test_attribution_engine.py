"""Unit tests of the attribution engine that need no Inseq: strategies, recomputation, state, errors."""

import numpy as np
import pytest
import torch
from attribution_helpers import load
from inseq_aggregation_oracle import aggregate_default, apply

from explain4j.attribution import attribute
from explain4j.errors import InvalidInput

TEXT = {
    "gpt2": ("hello world", "hello world and more text"),
    "llama": ("The quick brown", "The quick brown fox jumps"),
    "t5": ("The quick brown fox", "das Haus ist wunderbar"),
}


def _run(name, **kwargs):
    model, tok = load(name)
    text, target = TEXT[name]
    return attribute(model, tok, text, target, **kwargs)[0]


def _close(a, b, rel=1e-4):
    assert (a is None) == (b is None)
    if a is None:
        return
    assert np.array_equal(np.isnan(a), np.isnan(b))
    scale = float(np.nanmax(np.abs(a)))
    np.testing.assert_allclose(b, a, rtol=rel, atol=1e-5 * scale, equal_nan=True)


@pytest.mark.parametrize(
    "method,args",
    [
        ("saliency", {}),
        ("deeplift", {}),
        ("integrated_gradients", {"n_steps": 6}),
        ("layer_integrated_gradients", {"n_steps": 6}),
        ("layer_deeplift", {}),
        ("layer_gradient_x_activation", {"target_layer": None}),
    ],
)
@pytest.mark.parametrize("name", ["gpt2", "t5"])
@pytest.mark.parametrize("strategy", ["chunked", "replicate"])
def test_strategies_agree_with_vmap(name, method, args, strategy):
    at = name == "t5" and not method.startswith("layer_")
    ref = _run(name, method=method, strategy="vmap", attribute_target=at, **args)
    # a tiny token budget forces several chunks and several selector batches
    other = _run(name, method=method, strategy=strategy, attribute_target=at, max_tokens=40, **args)
    _close(ref.source_attributions, other.source_attributions)
    _close(ref.target_attributions, other.target_attributions)


def test_point_chunks_agree():
    ref = _run("llama", method="integrated_gradients", n_steps=5)
    other = _run("llama", method="integrated_gradients", n_steps=5, point_chunk=2)
    _close(ref.target_attributions, other.target_attributions)


@pytest.mark.parametrize("name", ["gpt2", "llama"])
def test_batched_saliency_equals_per_step_recomputation(name):
    """One forward + batched VJPs == a forward and backward per step over its own prefix."""
    model, tok = load(name)
    res = _run(name, method="saliency")
    ids = torch.tensor(res.target_ids)
    model.eval()
    emb_layer = model.get_input_embeddings()
    for k, p in enumerate(range(res.attr_pos_start, res.attr_pos_end)):
        emb = emb_layer(ids[:p]).detach().unsqueeze(0).requires_grad_(True)
        logits = model(inputs_embeds=emb, attention_mask=torch.ones(1, p, dtype=torch.long)).logits
        prob = logits[0, -1].softmax(-1)[ids[p]]
        (grad,) = torch.autograd.grad(prob, emb)
        np.testing.assert_allclose(
            res.target_attributions[:p, k],
            grad[0].abs().numpy(),
            rtol=1e-4,
            atol=1e-5 * float(grad.abs().max()),
        )
        assert np.isnan(res.target_attributions[p:, k]).all()


def test_several_inputs_equal_separate_calls():
    model, tok = load("gpt2")
    texts, targets = ["hello world", "The quick"], ["hello world and more", "The quick brown fox"]
    both = attribute(model, tok, texts, targets, method="input_x_gradient", step_scores=["probability"])
    for i in range(2):
        one = attribute(
            model, tok, texts[i], targets[i], method="input_x_gradient", step_scores=["probability"]
        )[0]
        _close(one.target_attributions, both[i].target_attributions)
        np.testing.assert_allclose(both[i].step_scores["probability"], one.step_scores["probability"])


def test_model_state_is_restored_and_sdpa_switched_for_attention():
    model, tok = load("gpt2", attn="sdpa")
    model.train()
    before = [p.requires_grad for p in model.parameters()]
    res = attribute(model, tok, "hello world", "hello world and more", method="attention")[0]
    assert model.training
    assert [p.requires_grad for p in model.parameters()] == before
    assert model.config._attn_implementation == "sdpa"
    eager, etok = load("gpt2")
    ref = attribute(eager, etok, "hello world", "hello world and more", method="attention")[0]
    _close(ref.target_attributions, res.target_attributions)
    model.eval()


def test_dropout_is_off_during_attribution():
    model, tok = load("gpt2")
    model.train()
    try:
        a = attribute(model, tok, "hello world", "hello world and more")[0]
        b = attribute(model, tok, "hello world", "hello world and more")[0]
    finally:
        model.eval()
    np.testing.assert_array_equal(a.target_attributions, b.target_attributions)


def test_result_arrays_and_metadata():
    res = _run(
        "t5", method="integrated_gradients", n_steps=4, step_scores=["probability"], attribute_target=True
    )
    for arr in (res.source_attributions, res.target_attributions, res.step_scores["probability"]):
        assert arr.dtype == np.float32 and arr.flags["C_CONTIGUOUS"]
    K = res.attr_pos_end - res.attr_pos_start
    assert res.source_attributions.shape == (len(res.source_tokens), K, 32)
    assert res.target_attributions.shape == (len(res.target_tokens), K, 32)
    assert res.dims == ["token", "step", "hidden"]
    assert [s["op"] for s in res.default_aggregation] == ["vnorm", "normalize"]
    assert res.info["method_args"]["n_steps"] == 4
    assert set(res.to_dict()) >= {"source_attributions", "target_attributions", "step_scores"}


@pytest.mark.parametrize("name", ["gpt2", "llama", "t5"])
def test_generation_attributes_exactly_the_generated_ids(name):
    """No decode and re-encode: the ids attributed are the ids generate() produced (llama adds <s>)."""
    model, tok = load(name)
    text = TEXT[name][0]
    res = attribute(model, tok, text, generation_args={"max_new_tokens": 4})[0]
    enc = tok(text, return_tensors="pt")
    gen = model.generate(**enc, max_new_tokens=4, pad_token_id=tok.pad_token_id or 0)[0].tolist()
    assert res.target_ids == gen
    steps = res.attr_pos_end - res.attr_pos_start
    if model.config.is_encoder_decoder:
        assert res.source_ids == enc["input_ids"][0].tolist() and steps == len(gen) - 1
    else:
        assert res.attr_pos_start == enc["input_ids"].shape[1] and steps == 4


def test_aggregation_reference_on_known_values():
    nan = np.nan
    target = np.array([[[3.0, 4.0], [1.0, 0.0]], [[nan, nan], [0.0, 3.0]]])  # [2 tokens, 2 steps, 2]
    _, agg = apply(
        None,
        target,
        [{"op": "vnorm", "dim": -1, "ord": 2}, {"op": "normalize", "p": 1, "dim": 0, "eps": 1e-12}],
    )
    np.testing.assert_allclose(agg, [[1.0, 0.25], [nan, 0.75]])
    src, tgt = apply(np.array([[2.0]]), np.array([[6.0]]), [{"op": "normalize"}])
    np.testing.assert_allclose([src[0, 0], tgt[0, 0]], [0.25, 0.75])


def test_occlusion_has_no_default_aggregation():
    res = _run("llama", method="occlusion")
    assert res.default_aggregation == []
    _, tgt = aggregate_default(res)
    np.testing.assert_array_equal(tgt, res.target_attributions.astype(np.float64))


@pytest.mark.parametrize(
    "kwargs,match",
    [
        ({"method": "nope"}, "unknown attribution method"),
        ({"method": "saliency", "n_steps": 3}, "does not take"),
        ({"attributed_fn": "contrast_prob_diff"}, "needs contrast_targets"),
        ({"step_scores": ["nope"]}, "unknown step score"),
        ({"strategy": "magic"}, "unknown strategy"),
        ({"attr_pos_start": 40}, "nothing to attribute"),
        ({"method": "integrated_gradients", "n_steps": 0}, "n_steps must be >= 1, got 0"),
        ({"method": "integrated_gradients", "n_steps": -3}, "n_steps must be >= 1, got -3"),
        ({"method": "integrated_gradients", "n_steps": 2.5}, "n_steps must be an integer"),
        ({"method": "integrated_gradients", "internal_batch_size": 0}, "internal_batch_size must be"),
        ({"method": "gradient_shap", "n_samples": 0}, "n_samples must be >= 1"),
        ({"method": "lime", "n_samples": True}, "n_samples must be an integer"),
    ],
)
def test_bad_arguments_raise_invalid_input(kwargs, match):
    with pytest.raises(InvalidInput, match=match):
        _run("gpt2", **kwargs)


def test_decoder_only_target_must_extend_input():
    model, tok = load("gpt2")
    with pytest.raises(InvalidInput, match="must start with the input text"):
        attribute(model, tok, "hello world", "goodbye world")


def test_lime_rejects_target_side_for_encoder_decoder():
    with pytest.raises(InvalidInput, match="lime"):
        _run("t5", method="lime", attribute_target=True)


@pytest.mark.parametrize("method", ["sequential_integrated_gradients", "layer_integrated_gradients"])
def test_source_only_methods_refuse_the_target_side_for_encoder_decoder(method):
    with pytest.raises(InvalidInput, match="attribute_target=False"):
        _run("t5", method=method, attribute_target=True)


@pytest.mark.parametrize("name", ["llama", "t5"])
def test_sequential_ig_chunks_and_step_groups_do_not_change_the_numbers(name, monkeypatch):
    from explain4j.attribution import sig

    ref = _run(name, method="sequential_integrated_gradients", n_steps=4, vjp_tokens=10**6)
    monkeypatch.setattr(sig, "_groups", lambda positions, n, src_len: [(0, 1), (1, len(positions))])
    other = _run(
        name, method="sequential_integrated_gradients", n_steps=4, internal_batch_size=3, vjp_tokens=1
    )
    for a, b in (
        (ref.source_attributions, other.source_attributions),
        (ref.target_attributions, other.target_attributions),
    ):
        _close(a, b)


@pytest.mark.parametrize("name", ["gpt2", "t5"])
def test_value_zeroing_passes_do_not_change_the_numbers(name):
    """One token zeroed per row: a budget of one row per pass gives what one batched pass does."""
    at = name == "t5"
    ref = _run(name, method="value_zeroing", attribute_target=at)
    other = _run(name, method="value_zeroing", attribute_target=at, max_tokens=1)
    for a, b in (
        (ref.source_attributions, other.source_attributions),
        (ref.target_attributions, other.target_attributions),
    ):
        _close(a, b)
    with pytest.raises(InvalidInput, match="similarity_metric must be one of cosine, euclidean"):
        _run(name, method="value_zeroing", similarity_metric="dot")


def test_attention_layer_and_head_selection_slices_the_full_tensor():
    full = _run("t5", method="attention", attribute_target=True)
    part = _run("t5", method="attention", attribute_target=True, layers=[1], heads=[0, 3])
    np.testing.assert_array_equal(
        part.source_attributions, full.source_attributions[..., [1], :][..., [0, 3]]
    )
    np.testing.assert_array_equal(
        part.target_attributions, full.target_attributions[..., [1], :][..., [0, 3]]
    )
    with pytest.raises(InvalidInput, match="out of range"):
        _run("gpt2", method="attention", layers=[7])


def test_encoder_decoder_target_that_tokenizes_to_nothing_is_refused():
    model, tok = load("t5")
    with pytest.raises(InvalidInput, match="tokenizes to nothing"):
        attribute(model, tok, "The quick brown fox", "")


@pytest.mark.parametrize("method", ["saliency", "integrated_gradients", "occlusion"])
def test_nan_gradients_are_reported_not_zeroed(method):
    """A hook poisons one position of the final layer norm; the engine must refuse, not zero it."""
    model, tok = load("gpt2")
    args = {"n_steps": 4} if method == "integrated_gradients" else {}
    clean = _run("gpt2", method=method, **args)

    def poison_grad(module, args, output):
        mask = torch.ones_like(output)
        mask[:, 9] = float("nan")  # a target position: "hello world" is 8 tokens here
        if output.requires_grad:
            output.register_hook(lambda g: g * mask)
            return output
        return output * mask  # no gradient pass (occlusion): poison the forward instead

    handle = model.transformer.ln_f.register_forward_hook(poison_grad)
    try:
        with pytest.raises(InvalidInput, match=r"NaN or infinite attributions in \d+ of \d+ steps"):
            _run("gpt2", method=method, **args)
    finally:
        handle.remove()
    again = _run("gpt2", method=method, **args)
    np.testing.assert_array_equal(again.target_attributions, clean.target_attributions)


def test_catalog_describes_every_method_option_and_step_score():
    from explain4j.attribution import catalog, methods, scores

    described = catalog.describe()
    by_name = {m["name"]: m for m in described["methods"]}
    assert list(by_name) == [n for n, m in methods.METHODS.items() if m.run is not None]
    assert [m["name"] for m in described["classifierMethods"]] == [
        n for n, m in methods.METHODS.items() if m.classify is not None
    ]
    ig = {o["name"]: o for o in by_name["integrated_gradients"]["options"]}
    assert ig["n_steps"] == {
        "name": "n_steps",
        "type": "int",
        "default": 50,
        "nullable": False,
        "min": 1,
        "max": None,
        "choices": [],
    }
    assert ig["internal_batch_size"]["nullable"] and ig["internal_batch_size"]["min"] == 1
    assert "riemann_trapezoid" in ig["method"]["choices"]
    lime_opts = {o["name"]: o for o in by_name["lime"]["options"]}
    assert (lime_opts["mask_prob"]["type"], lime_opts["mask_prob"]["max"]) == ("float", 1.0)
    assert by_name["attention"]["usesAttributedFn"] is False
    assert by_name["attention"]["dims"] == ["token", "step", "layer", "head"]
    assert by_name["occlusion"]["defaultAggregation"] == []
    assert [s["op"] for s in by_name["saliency"]["defaultAggregation"]] == ["vnorm", "normalize"]
    steps = {s["name"]: s for s in described["stepScores"]}
    assert list(steps) == list(scores.STEP_SCORES)
    assert {a["name"]: a["default"] for a in steps["kl_divergence"]["args"]} == {
        "top_k": 0,
        "top_p": 1.0,
        "min_tokens_to_keep": 1,
    }
    assert steps["pcxmi"]["contrastive"] and not steps["entropy"]["contrastive"]
    assert [f["name"] for f in described["attributedFns"]] == list(scores.ATTRIBUTED)


@pytest.mark.parametrize(
    "method,args,match",
    [
        ("gradient_shap", {"stdevs": -0.1}, "stdevs must be >= 0"),
        ("lime", {"mask_prob": 1.5}, "mask_prob must be <= 1"),
        ("lime", {"mask_token": "eos"}, "mask_token must be one of unk, pad"),
        ("integrated_gradients", {"method": "simpson"}, "method must be one of gausslegendre"),
        ("attention", {"layers": [0.5]}, "layers must be a list of integers"),
        ("deeplift", {"multiply_by_inputs": 1}, "multiply_by_inputs must be true or false"),
    ],
)
def test_catalog_bounds_and_choices_are_enforced(method, args, match):
    from explain4j.attribution import methods

    with pytest.raises(InvalidInput, match=match):
        methods.get(method).check_args(args)
