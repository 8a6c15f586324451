"""The Python half of dev.explain4j.model, checked without Java."""

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
        "forward": 0, "forwardPre": 0, "backward": 0, "backwardPre": 0}


def test_conflicting_scope_is_refused_in_python_too(gpt2):
    spec = {"module": "transformer.h.1.mlp", "direction": "forward", "what": "output", "index": 0}
    first = hooks.open_scope(gpt2, [spec])
    try:
        with pytest.raises(InvalidInput, match="already has an open forward hook scope"):
            hooks.open_scope(gpt2, [spec])
    finally:
        hooks.close_scope(first)
    hooks.close_scope(hooks.open_scope(gpt2, [spec]))


def test_captures_are_copies(gpt2):
    spec = {"module": "transformer.h.1.mlp", "direction": "forward", "what": "output", "index": 0}
    scope = hooks.open_scope(gpt2, [spec])
    generation.forward_text(gpt2, "hello there")
    (capture,) = hooks.take(scope)
    hooks.close_scope(scope)
    kept = capture["tensor"].clone()
    generation.forward_text(gpt2, "a different input")
    assert torch.equal(kept, capture["tensor"])
