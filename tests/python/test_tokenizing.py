"""The Python half of explain4j.tokenizing: reference encodings and chat templates."""

import json
import os
import shutil
import time
from pathlib import Path

import pytest

from explain4j import tokenizing
from explain4j.errors import InvalidInput

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "tiny-models"


def test_offsets_are_code_points_and_align_with_tokens():
    text = "a😀 日本"
    out = tokenizing.encode(FIXTURES / "gpt2", text)
    assert out["code_points"] == len(text)
    assert len(out["ids"]) == len(out["tokens"]) == len(out["offsets"]) == len(out["special_mask"])
    assert all(0 <= s <= e <= len(text) for s, e in out["offsets"])
    assert out["decoded"] == text


def test_special_tokens_are_masked():
    out = tokenizing.encode(FIXTURES / "bert", "hello")
    assert out["tokens"][0] == "[CLS]" and out["special_mask"][0] == 1
    assert out["special_mask"][-1] == 1
    plain = tokenizing.encode(FIXTURES / "bert", "hello", add_special_tokens=False)
    assert 1 not in plain["special_mask"]


def test_chat_template_text_and_ids_agree():
    messages = [{"role": "user", "content": "Hello"}]
    out = tokenizing.apply_chat_template(FIXTURES / "llama", messages, add_generation_prompt=True)
    assert out["text"].endswith("<|assistant|>\n")
    tok = tokenizing.load(FIXTURES / "llama")
    assert out["ids"] == tok(out["text"], add_special_tokens=False)["input_ids"]
    without = tokenizing.apply_chat_template(FIXTURES / "llama", messages, add_generation_prompt=False)
    assert not without["text"].endswith("<|assistant|>\n")


def test_missing_chat_template_names_the_model():
    with pytest.raises(InvalidInput, match="gpt2.*no chat template"):
        tokenizing.apply_chat_template(FIXTURES / "gpt2", [{"role": "user", "content": "x"}])


@pytest.mark.parametrize("messages", [[], [{"role": "user"}], [{"role": 1, "content": "x"}], "hi"])
def test_bad_messages_are_refused(messages):
    with pytest.raises(InvalidInput):
        tokenizing.apply_chat_template(FIXTURES / "llama", messages)


def test_missing_directory_is_named(tmp_path):
    with pytest.raises(InvalidInput, match=str(tmp_path / "nope")):
        tokenizing.load(tmp_path / "nope")


def test_edited_files_are_reloaded(tmp_path):
    model = tmp_path / "gpt2"
    shutil.copytree(FIXTURES / "gpt2", model)
    assert not tokenizing.has_chat_template(model)
    config = json.loads((model / "tokenizer_config.json").read_text())
    config["chat_template"] = "{% for m in messages %}{{ m['content'] }}{% endfor %}"
    time.sleep(0.01)
    (model / "tokenizer_config.json").write_text(json.dumps(config))
    os.utime(model / "tokenizer_config.json")
    assert tokenizing.has_chat_template(model)
    assert tokenizing.apply_chat_template(model, [{"role": "user", "content": "hey"}])["text"] == "hey"
