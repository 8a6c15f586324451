"""The Python half of dev.explain4j.model, checked without Java."""

import gc
from pathlib import Path

import pytest
import torch

from explain4j import generation, hooks, models
from explain4j.errors import InvalidInput

TINY = Path(__file__).resolve().parents[1] / "fixtures" / "tiny-models"


@pytest.fixture(scope="module")
def gpt2():
    return models.load(str(TINY / "gpt2"), device="cpu")


def test_kind_detection_from_config():
    from transformers import AutoConfig

    expected = {"gpt2": "decoder", "llama": "decoder", "t5": "encoder-decoder", "bert": "encoder"}
    for name, kind in expected.items():
        assert models.detect_kind(AutoConfig.from_pretrained(TINY / name)) == kind
    bare = AutoConfig.for_model("llama")
    assert models.detect_kind(bare) == "decoder"
    assert models.detect_kind(AutoConfig.for_model("bert")) == "encoder"


def test_hub_ids_are_not_looked_up_offline(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(InvalidInput, match="offline mode is set"):
        models.resolve_source("someone/some-model")
    monkeypatch.delenv("HF_HUB_OFFLINE")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "true")
    assert models.offline()
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "0")
    assert not models.offline()
    assert models.resolve_source("someone/some-model") == ("someone/some-model", False)
    with pytest.raises(InvalidInput, match="does not exist"):
        models.resolve_source("./missing/dir")


def test_unknown_device_and_dtype_are_named():
    with pytest.raises(InvalidInput, match="'tpu'"):
        models.load(str(TINY / "gpt2"), device="tpu")
    with pytest.raises(InvalidInput, match="'int4'"):
        models.load(str(TINY / "gpt2"), dtype="int4")


def test_hooks_capture_keyword_inputs_and_remove_themselves(gpt2):
    spec = {"module": "transformer.h.0", "direction": "forward", "what": "input", "name": "no_such_input"}
    scope = hooks.open_scope(gpt2, [spec])
    try:
        with pytest.raises(InvalidInput, match="was not passed"):
            generation.forward_text(gpt2, "hello")
    finally:
        hooks.close_scope(scope)
    spec = {"module": "transformer.h.0", "direction": "forward", "what": "input", "name": "hidden_states"}
    scope = hooks.open_scope(gpt2, [spec])
    generation.forward_text(gpt2, "hello there")
    (capture,) = hooks.take(scope)
    assert capture["shape"][-1] == 32
    hooks.close_scope(scope)
    assert hooks.hook_counts(gpt2, "transformer.h.0") == {
        "forward": 0,
        "forwardPre": 0,
        "backward": 0,
        "backwardPre": 0,
    }


def test_conflicting_scope_is_refused_in_python_too(gpt2):
    spec = {"module": "transformer.h.1.mlp", "direction": "forward", "what": "output", "index": 0}
    first = hooks.open_scope(gpt2, [spec])
    try:
        with pytest.raises(InvalidInput, match="already has an open forward hook scope"):
            hooks.open_scope(gpt2, [spec])
    finally:
        hooks.close_scope(first)
    hooks.close_scope(hooks.open_scope(gpt2, [spec]))


def test_hook_claims_are_per_model_and_leave_with_it(gpt2):
    spec = {"module": "transformer.h.1.mlp", "direction": "forward", "what": "output", "index": 0}
    other = models.load(str(TINY / "gpt2"), device="cpu")
    first = hooks.open_scope(gpt2, [spec])
    claimed_models = len(hooks._claims)
    try:
        with pytest.raises(hooks.HookConflict, match="transformer.h.1.mlp"):
            hooks.open_scope(gpt2, [spec])
        hooks.close_scope(hooks.open_scope(other, [spec]))
        kept = hooks.open_scope(other, [spec])
        models.release(other)
        hooks.close_scope(kept)
    finally:
        hooks.close_scope(first)
    gc.collect()
    assert len(hooks._claims) == claimed_models, "a released model keeps no claims"


def test_captures_are_copies(gpt2):
    spec = {"module": "transformer.h.1.mlp", "direction": "forward", "what": "output", "index": 0}
    scope = hooks.open_scope(gpt2, [spec])
    generation.forward_text(gpt2, "hello there")
    (capture,) = hooks.take(scope)
    hooks.close_scope(scope)
    kept = capture["tensor"].clone()
    generation.forward_text(gpt2, "a different input")
    assert torch.equal(kept, capture["tensor"])


TOKENIZER_FILES = ("tokenizer.json", "tokenizer_config.json", "chat_template.jinja")


@pytest.mark.parametrize(
    "name, needs",
    [
        (
            "gpt2",
            "GPT2Tokenizer needs tokenizer.json, or vocab.json+merges.txt; missing vocab.json, merges.txt",
        ),
        ("bert", "BertTokenizer needs tokenizer.json, or vocab.txt; missing vocab.txt"),
        ("t5", "T5Tokenizer needs tokenizer.json, or spiece.model; missing spiece.model"),
        ("llama", "it needs tokenizer.json, or a sentencepiece model (tokenizer.model, spiece.model"),
    ],
)
def test_directory_without_tokenizer_files_is_refused(tmp_path, name, needs):
    from explain4j_testing.models import make_copy

    path = make_copy(TINY / name, tmp_path / name, without=TOKENIZER_FILES)
    with pytest.raises(InvalidInput) as e:
        models.load(path, device="cpu")
    assert needs in str(e.value) and str(tmp_path / name) in str(e.value)
    assert "\n" not in str(e.value)


def test_vocab_and_merges_files_are_a_tokenizer(tmp_path, gpt2):
    import json

    from explain4j_testing.models import make_copy

    path = Path(make_copy(TINY / "gpt2", tmp_path / "bpe", without=TOKENIZER_FILES))
    bpe = json.loads((TINY / "gpt2" / "tokenizer.json").read_text())["model"]
    (path / "vocab.json").write_text(json.dumps(bpe["vocab"]))
    (path / "merges.txt").write_text("".join(" ".join(m) + "\n" for m in bpe["merges"]))
    lm = models.load(str(path), device="cpu")
    text = "The capital of France is Paris"
    assert lm.tokenizer(text).input_ids == gpt2.tokenizer(text).input_ids
    (path / "merges.txt").unlink()
    with pytest.raises(InvalidInput, match="merges"):
        models.load(str(path), device="cpu")


AUTO_MAP = {
    "AutoConfig": "configuration_custom.CustomConfig",
    "AutoModelForCausalLM": "modeling_custom.CustomForCausalLM",
}


def test_custom_code_of_an_unknown_model_type_needs_trust(tmp_path):
    from explain4j_testing.models import make_copy

    path = make_copy(
        TINY / "gpt2", tmp_path / "custom", config={"auto_map": AUTO_MAP, "model_type": "my-gpt"}
    )
    with pytest.raises(InvalidInput) as e:
        models.load(path, device="cpu")
    assert e.value.option == "ModelOptions.optTrustRemoteCode" and e.value.value is True
    message = str(e.value)
    assert "with trust_remote_code=True" in message and "'my-gpt'" in message, message
    assert "modeling_custom.CustomForCausalLM" in message
    assert "\n" not in message and "http" not in message
    with pytest.raises(
        InvalidInput,
        match="declares its own code in configuration_custom.py, modeling_custom.py, "
        "which the directory does not hold",
    ):
        models.load(path, device="cpu", trust_remote_code=True)


def test_custom_code_of_a_known_model_type_loads_with_a_warning(tmp_path, gpt2):
    from explain4j_testing.models import make_copy

    assert models.warnings(gpt2) == []
    path = make_copy(TINY / "gpt2", tmp_path / "known", config={"auto_map": AUTO_MAP})
    lm = models.load(path, device="cpu")
    (warning,) = models.warnings(lm)
    assert "modeling_custom.CustomForCausalLM for AutoModelForCausalLM" in warning, warning
    assert "GPT2LMHeadModel was loaded instead" in warning and path in warning


def test_a_refusal_words_its_setting_for_each_interface():
    from explain4j import _jep

    e = InvalidInput("allow them with {option}", option="ModelOptions.optAllowPickle", value=True)
    assert str(e) == "allow them with allow_pickle=True"
    d = _jep.describe(e)
    assert (d["option"], d["optionValue"], d["template"]) == (
        "ModelOptions.optAllowPickle",
        True,
        "allow them with {option}",
    )
    assert "option" not in _jep.describe(InvalidInput("plain {option} text"))
    assert str(InvalidInput("plain {option} text")) == "plain {option} text"


@pytest.mark.parametrize("name", ["gpt2", "llama", "t5"])
def test_model_inputs_come_from_ids_of_as_transformers_encodes_them(name):
    lm = models.load(str(TINY / name), device="cpu")
    tok = lm.tokenizer
    text = "The capital of France is Paris. Ünïcödé 🙂"
    assert generation.encode_prompt(lm, text) == (tok(text)["input_ids"], 0)
    assert generation.encode_target(lm, " Paris") == tok(" Paris", add_special_tokens=False)["input_ids"]
    if tok.chat_template:
        direct = tok.apply_chat_template(
            [{"role": "user", "content": text}], add_generation_prompt=True, tokenize=True, return_dict=True
        )["input_ids"]
        assert generation.encode_prompt(lm, text, chat=True) == (list(direct), 0)
