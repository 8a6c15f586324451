"""Context attribution on the tiny fixtures: leave-one-out against a direct computation, the
ContextCite surrogate against the real ``context-cite`` 0.0.4 with the same masks, bad input."""

import numpy as np
import pytest
import torch
from attribution_helpers import FIXTURES, load
from transformers import AutoModelForCausalLM, AutoTokenizer

from explain4j.citation import cite, split_sentences
from explain4j.errors import InvalidInput
from explain4j.models import LoadedModel
from explain4j_testing import context_cite_reference as reference

SENTENCES = ["Paris is the capital of France.", "The Nile is long.", "Cats purr!", "Rome is old."]
CONTEXT = " ".join(SENTENCES)
QUESTION = "Where is Paris?"
TEMPLATE = "Context: {context}\n\nQuery: {question}"


def _lm(name, dtype=torch.float32):
    model = AutoModelForCausalLM.from_pretrained(FIXTURES / name, dtype=dtype, attn_implementation="eager")
    tok = AutoTokenizer.from_pretrained(FIXTURES / name)
    return LoadedModel(name, model.eval(), tok, "decoder", model.device, {}, [tok.eos_token_id])


@pytest.fixture(scope="module")
def llama64():
    return _lm("llama", torch.float64)


@pytest.fixture(scope="module")
def gpt2_64():
    return _lm("gpt2", torch.float64)


def _direct_logprob(lm, prompt_text, special, answer_ids):
    tok = lm.tokenizer
    ids = tok(prompt_text, add_special_tokens=special)["input_ids"]
    x = torch.tensor([ids + answer_ids])
    with torch.no_grad():
        logp = lm.model(input_ids=x).logits[0].log_softmax(-1)
    return sum(float(logp[len(ids) - 1 + k, t]) for k, t in enumerate(answer_ids))


def _chat_text(lm, context):
    user = TEMPLATE.format(context=context, question=QUESTION)
    messages = [{"role": "user", "content": user}]
    return lm.tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)


def test_sentences_split_at_ends_and_lines():
    text = "One. Two!  Three?\nFour\n\n  Five 5.5 here."
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "One.",
        "Two!",
        "Three?",
        "Four",
        "Five 5.5 here.",
    ]


@pytest.mark.parametrize("name", ["llama", "gpt2"])
def test_leave_one_out_equals_direct_logprob_float64(name, llama64, gpt2_64):
    lm = llama64 if name == "llama" else gpt2_64
    chat = name == "llama"
    # tiny GPT-2 has 64 positions and a small vocabulary: short sentences
    sentences = SENTENCES if chat else ["Paris, France.", "Nile.", "Cats!", "Rome."]
    template = TEMPLATE if chat else "{context}\n{question}"
    question, answer = (QUESTION, " Paris. In France.") if chat else ("Paris?", " Paris. France.")
    context = " ".join(sentences)
    out = cite(lm, context, question, answer=answer, methods=("loo",), template=template, batch_size=3)
    ids = out["answerIds"]
    assert len(out["sources"]) == 4 and len(out["sentences"]) == 2
    full_text = _chat_text(lm, context) if chat else template.format(context=context, question=question)
    assert out["prompt"] == full_text
    full = _direct_logprob(lm, full_text, not chat, ids)
    assert abs(sum(out["tokenLogprobs"]) - full) < 1e-7
    for i in range(4):
        kept = " ".join(s for j, s in enumerate(sentences) if j != i)
        text = _chat_text(lm, kept) if chat else template.format(context=kept, question=question)
        expected = full - _direct_logprob(lm, text, not chat, ids)
        assert abs(out["scores"]["loo"][0][i] - expected) < 1e-6, (i, out["scores"]["loo"][0][i], expected)
    per_sentence = np.array(out["scores"]["loo"][1:]).sum(axis=0)
    np.testing.assert_allclose(per_sentence, out["scores"]["loo"][0], atol=1e-9)
    assert max(abs(v) for v in out["scores"]["loo"][0]) > 1e-4


def test_shared_prefix_and_batches_change_nothing(llama64):
    kw = dict(answer=" Paris.", methods=("loo", "contextcite"), num_ablations=10, template=TEMPLATE)
    a = cite(llama64, CONTEXT, QUESTION, share_prefix=True, batch_size=4, **kw)
    b = cite(llama64, CONTEXT, QUESTION, share_prefix=False, batch_size=1, **kw)
    np.testing.assert_allclose(a["scores"]["loo"], b["scores"]["loo"], rtol=0, atol=1e-7)
    assert a["masks"] == b["masks"]


def test_ablations_run_sdpa_and_give_back_eager():
    """Ablation forwards need no attention weights: an eager model runs them with sdpa (about twice
    as fast on long prompts) and is eager again afterwards, with the same log-probabilities."""
    lm = _lm("llama")
    seen = []
    hook = lm.model.register_forward_pre_hook(
        lambda module, args: seen.append(module.config._attn_implementation)
    )
    kw = dict(answer=" Paris.", methods=("loo",), template=TEMPLATE, batch_size=2)
    out = cite(lm, CONTEXT, QUESTION, **kw)
    hook.remove()
    assert seen and set(seen) == {"sdpa"}
    assert lm.model.config._attn_implementation == "eager"
    ids, answer = out["promptIds"], out["answerIds"]
    with torch.no_grad():
        logp = lm.model(input_ids=torch.tensor([ids + answer])).logits[0].log_softmax(-1)
    direct = [float(logp[len(ids) - 1 + k, t]) for k, t in enumerate(answer)]
    np.testing.assert_allclose(out["tokenLogprobs"], direct, rtol=0, atol=1e-5)


def test_sources_map_to_their_tokens(llama64):
    out = cite(llama64, CONTEXT, QUESTION, answer=" Paris.", methods=("loo",), template=TEMPLATE)
    tok = llama64.tokenizer
    for src, sentence in zip(out["sources"], SENTENCES):
        assert out["prompt"][src["start"] : src["end"]] == sentence
        text = tok.decode(out["promptIds"][src["tokenStart"] : src["tokenEnd"]])
        assert sentence.split()[0] in text and sentence[-2:] in text


def test_chat_turns_are_sources(llama64):
    messages = [
        {"role": "system", "content": "You answer briefly."},
        {"role": "user", "content": "Paris is in France."},
        {"role": "assistant", "content": "Noted."},
    ]
    out = cite(llama64, messages=messages, question="Where is Paris?", answer=" France.", methods=("loo",))
    for src, m in zip(out["sources"], messages):
        assert out["prompt"][src["start"] : src["end"]] == m["content"]
    tok = llama64.tokenizer
    full = _direct_logprob(llama64, out["prompt"], False, out["answerIds"])
    for i in range(3):
        kept = [m for j, m in enumerate(messages) if j != i] + [
            {"role": "user", "content": "Where is Paris?"}
        ]
        text = tok.apply_chat_template(kept, tokenize=False, add_generation_prompt=True)
        expected = full - _direct_logprob(llama64, text, False, out["answerIds"])
        assert abs(out["scores"]["loo"][0][i] - expected) < 1e-6


def test_contextcite_matches_package_with_its_masks():
    model, tok = load("llama")
    lm = LoadedModel("llama", model, tok, "decoder", model.device, {}, [tok.eos_token_id])
    spans = split_sentences(CONTEXT)
    for alpha in (1e-3, 1e-5):
        ref = reference.run(
            model, tok, CONTEXT, QUESTION, spans, TEMPLATE.replace("{question}", "{query}"), 32, 6, alpha
        )
        ours = cite(
            lm,
            CONTEXT,
            QUESTION,
            sources_spans=spans,
            answer_ids=ref["response_ids"],
            masks=ref["masks"],
            template=TEMPLATE,
            methods=("contextcite",),
            lasso_alpha=alpha,
        )
        weights = np.array(ours["scores"]["contextcite"][0])
        assert np.abs(ref["weights"]).max() > 1e-3, "the reference weights are all zero: nothing compared"
        np.testing.assert_allclose(weights, ref["weights"], rtol=1e-4, atol=1e-4)
        assert np.array_equal(np.sign(np.round(weights, 6)), np.sign(np.round(ref["weights"], 6)))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (dict(context=""), "the context is empty"),
        (dict(sources_spans=[(0, 10), (5, 20)]), "sources 0 and 1 overlap"),
        (dict(sources_spans=[(0, 500)]), "source 0 (characters 0..500) lies outside the context"),
        (dict(num_ablations=5000), "5000 ablations are more than the ablation budget (4096)"),
        (dict(num_ablations=5000), "raise the budget with max_ablations=5000"),
        (dict(loo_limit=3), "4 sources are more than its limit (3); raise it with loo_limit=4"),
        (dict(num_ablations=20, max_ablations=10), "more than the ablation budget (10)"),
        (dict(methods=("shap",)), "unknown context attribution method"),
        (dict(masks=[[1, 0]]), "masks must have one row per ablation and 4 columns"),
        (dict(answer=""), "the answer is empty"),
        (dict(context=CONTEXT * 3), "longer than model llama allows (128 positions)"),
    ],
)
def test_bad_input_is_one_line(llama64, kwargs, message):
    args = dict(context=CONTEXT, answer=" Paris.", template=TEMPLATE)
    args.update(kwargs)
    with pytest.raises(InvalidInput) as e:
        cite(llama64, args.pop("context"), QUESTION, **args)
    assert message in str(e.value) and "\n" not in str(e.value)
