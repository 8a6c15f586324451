"""Explaining encoder task heads: Captum 0.9.0 parity, batching, zero-shot, fill-mask, bad input."""

import importlib.util
from pathlib import Path

import numpy as np
import pytest
import torch

from explain4j.attribution import classifier
from explain4j.errors import InvalidInput

BUILDER = Path(__file__).resolve().parents[1] / "fixtures" / "make_head_models.py"
_spec = importlib.util.spec_from_file_location("make_head_models", BUILDER)
heads_builder = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(heads_builder)

TEXTS = ["The capital of France is Paris.", "The quick brown fox jumps over the lazy dog"]


@pytest.fixture(scope="module")
def load(tmp_path_factory):
    import transformers

    out = tmp_path_factory.mktemp("head-models")
    cache = {}

    def get(name, dtype=torch.float64):
        if (name, dtype) not in cache:
            path = heads_builder.build(name, out)
            cls = getattr(
                transformers, heads_builder.json.loads((path / "explain4j-fixture.json").read_text())["class"]
            )
            model = cls.from_pretrained(path, dtype=dtype, attn_implementation="eager").eval()
            cache[name, dtype] = (model, transformers.AutoTokenizer.from_pretrained(path))
        return cache[name, dtype]

    return get


def _captum(method, model, tok, text, pair, objective):
    """Captum called directly on the model's input embeddings, for one text and one objective."""
    from captum.attr import InputXGradient, IntegratedGradients, Saliency

    enc = tok(text, pair, return_tensors="pt", return_special_tokens_mask=True)
    ids = enc["input_ids"]
    embed = model.get_input_embeddings()
    special = enc["special_tokens_mask"].bool()
    x = embed(ids).detach()
    b = embed(torch.where(special, ids, torch.full_like(ids, tok.pad_token_id))).detach()
    extra = (
        {"token_type_ids": enc["token_type_ids"]}
        if "token_type_ids" in enc and "distil" not in type(model).__name__.lower()
        else {}
    )

    def forward(e):
        out = model(
            inputs_embeds=e,
            attention_mask=torch.ones(e.shape[:2], dtype=torch.long),
            **{k: v.expand(e.shape[0], -1) for k, v in extra.items()},
        )
        return objective(out)

    if method == "saliency":
        return Saliency(forward).attribute(x, abs=True)[0]
    if method == "input_x_gradient":
        return InputXGradient(forward).attribute(x)[0]
    return IntegratedGradients(forward).attribute(x, baselines=b, n_steps=50, method="gausslegendre")[0]


GRADIENT = ["saliency", "input_x_gradient", "integrated_gradients"]


def _close(ours, ref):
    ref = ref.detach().numpy()
    np.testing.assert_allclose(ours, ref, rtol=1e-4, atol=1e-4 * np.abs(ref).max() * 1e-3)


@pytest.mark.parametrize(
    "name", ["bert-sequence", "roberta-sequence", "distilbert-sequence", "deberta-v2-sequence"]
)
@pytest.mark.parametrize("method", GRADIENT)
def test_sequence_classification_matches_captum_for_every_text_of_a_padded_batch(name, method, load):
    model, tok = load(name)
    results = classifier.explain(model, tok, TEXTS, method=method, labels=["negative", "positive"])
    for text, r in zip(TEXTS, results):
        assert r.target_tokens == ["negative", "positive"]
        for k in range(2):
            ref = _captum(
                method, model, tok, text, None, lambda out, k=k: torch.softmax(out.logits, -1)[:, k]
            )
            _close(r.source_attributions[:, k], ref)


@pytest.mark.parametrize("method", GRADIENT)
def test_token_classification_matches_captum_for_each_tokens_predicted_label(method, load):
    model, tok = load("bert-token")
    r = classifier.explain(model, tok, TEXTS, method=method)[1]
    tags = r.info["predictions"]["tags"]
    assert len(tags) == len(r.target_tokens) == len(r.source_tokens) - 2  # every word piece but [CLS], [SEP]
    names = [model.config.id2label[i] for i in range(model.config.num_labels)]
    for k, tag in enumerate(tags[:4]):
        t, c = tag["index"], names.index(tag["label"])
        ref = _captum(
            method,
            model,
            tok,
            TEXTS[1],
            None,
            lambda out, t=t, c=c: torch.softmax(out.logits[:, t], -1)[:, c],
        )
        _close(r.source_attributions[:, k], ref)


@pytest.mark.parametrize("method", GRADIENT)
def test_question_answering_matches_captum_for_start_and_end(method, load):
    model, tok = load("bert-qa")
    questions = ["What is the capital?", "Who jumps?"]
    contexts = TEXTS
    results = classifier.explain(model, tok, questions, contexts, method=method)
    for q, c, r in zip(questions, contexts, results):
        pred = r.info["predictions"]
        s, e = pred["start"], pred["end"]
        assert s <= e and r.target_tokens[0].startswith("start") and r.target_tokens[1].startswith("end")
        lo, hi = pred["characters"]
        assert pred["answer"].replace(" ", "") in c[lo:hi].lower().replace(" ", "")
        for k, (which, pos) in enumerate([("start_logits", s), ("end_logits", e)]):
            ref = _captum(
                method, model, tok, q, c, lambda out, w=which, p=pos: torch.softmax(getattr(out, w), -1)[:, p]
            )
            _close(r.source_attributions[:, k], ref)


def test_multi_label_explains_every_label_the_caller_names_with_sigmoid_scores(load):
    model, tok = load("bert-multilabel")
    r = classifier.explain(model, tok, TEXTS[0], method="saliency", labels=["sport", "science"])[0]
    logits = model(**tok(TEXTS[0], return_tensors="pt")).logits[0]
    np.testing.assert_allclose(
        r.step_scores["probability"], torch.sigmoid(logits[[0, 2]]).detach().numpy(), rtol=1e-5
    )
    probs = r.info["predictions"]["probabilities"]
    assert sorted(probs) == ["politics", "science", "sport"]
    ref = _captum("saliency", model, tok, TEXTS[0], None, lambda out: torch.sigmoid(out.logits)[:, 2])
    _close(r.source_attributions[:, 1], ref)


def test_zero_shot_over_an_nli_model_gives_the_pipelines_probabilities(load):
    model, tok = load("bert-nli")
    cands = ["travel", "animals"]
    results = classifier.explain(model, tok, TEXTS, method="saliency", candidate_labels=cands)
    assert len(results) == 4
    ent = [n.lower() for n in model.config.id2label.values()].index("entailment")
    for i, r in enumerate(results):
        t, j = divmod(i, 2)
        zs = r.info["zero_shot"]
        assert (zs["text"], zs["candidate"]) == (t, cands[j]) and r.target_tokens == [cands[j]]
        assert "[SEP]" in r.source_tokens and r.source_tokens.count("[SEP]") == 2  # premise and hypothesis
        logits = torch.stack(
            [
                model(**tok(TEXTS[t], f"This example is {c}.", return_tensors="pt")).logits[0, ent]
                for c in cands
            ]
        )
        expected = torch.softmax(logits, 0).detach().numpy()
        np.testing.assert_allclose([zs["probabilities"][c] for c in cands], expected, rtol=1e-6)


def test_fill_mask_explains_the_prediction_at_the_mask(load):
    model, tok = load("bert-mlm")
    text = "The capital of [MASK] is Paris."
    r = classifier.explain(model, tok, [text, "[MASK] fox [MASK]"], method="saliency")
    assert len(r[1].target_tokens) == 2  # one objective per mask
    assert len(classifier.explain(model, tok, text, method="saliency", labels=["the"])) == 1
    fill = r[0].info["predictions"]["fills"][0]
    pos = fill["index"]
    vid = tok.convert_tokens_to_ids(fill["token"])
    ref = _captum(
        "saliency", model, tok, text, None, lambda out: torch.softmax(out.logits[:, pos], -1)[:, vid]
    )
    _close(r[0].source_attributions[:, 0], ref)


def test_occlusion_is_the_score_drop_when_one_token_takes_its_baseline(load):
    model, tok = load("bert-sequence")
    r = classifier.explain(model, tok, TEXTS[0], method="occlusion")[0]
    enc = tok(TEXTS[0], return_tensors="pt")
    ids = enc["input_ids"].clone()
    k = model.config.label2id[r.target_tokens[0]]
    full = torch.softmax(model(**enc).logits, -1)[0, k]
    ids[0, 3] = tok.pad_token_id
    dropped = torch.softmax(model(input_ids=ids, attention_mask=enc["attention_mask"]).logits, -1)[0, k]
    assert r.source_attributions[3, 0] == pytest.approx(float(full - dropped), rel=1e-5)
    assert r.source_attributions[0, 0] == 0 and r.source_attributions[-1, 0] == 0  # [CLS], [SEP]


def test_kernel_shap_attributions_add_up_to_the_score_change(load):
    model, tok = load("bert-sequence")
    np.random.seed(0)
    torch.manual_seed(0)
    r = classifier.explain(model, tok, TEXTS[0], method="kernel_shap", n_samples=200)[0]
    enc = tok(TEXTS[0], return_tensors="pt", return_special_tokens_mask=True)
    ids = torch.where(enc["special_tokens_mask"].bool(), enc["input_ids"], tok.pad_token_id)
    k = model.config.label2id[r.target_tokens[0]]
    full = torch.softmax(model(input_ids=enc["input_ids"]).logits, -1)[0, k]
    empty = torch.softmax(model(input_ids=ids).logits, -1)[0, k]
    assert float(r.source_attributions[:, 0].sum()) == pytest.approx(float(full - empty), rel=1e-3)


def test_every_catalogue_method_runs_on_every_head_and_keeps_objectives_apart(load):
    cases = [("bert-sequence", TEXTS, None), ("bert-token", TEXTS, None), ("bert-qa", ["Who?"], [TEXTS[0]])]
    for name, texts, pairs in cases:
        model, tok = load(name, torch.float32)
        for method in ["deeplift", "gradient_shap", "attention", "occlusion", "lime", "kernel_shap"]:
            rs = classifier.explain(model, tok, texts, pairs, method=method)
            for r in rs:
                a = r.source_attributions
                assert a.shape[:2] == (len(r.source_tokens), len(r.target_tokens)), (name, method)
                assert np.isfinite(a).all() and np.abs(a).sum() > 0, (name, method)


def test_bad_input_is_one_clear_line(load, tmp_path):
    model, tok = load("bert-sequence", torch.float32)
    with pytest.raises(
        InvalidInput,
        match=r"has no label .neutral. \(--label, optLabels\); its labels are negative, positive",
    ):
        classifier.explain(model, tok, "x", labels=["neutral"], source="m")
    qa, qa_tok = load("bert-qa", torch.float32)
    with pytest.raises(InvalidInput, match="answers questions from a context: give one with each question"):
        classifier.explain(qa, qa_tok, "What?")
    with pytest.raises(InvalidInput, match=r"text 0 has \d+ tokens but model m has 64 positions"):
        classifier.explain(model, tok, "word " * 80, source="m")
    from transformers import BertConfig, BertModel

    with pytest.raises(
        InvalidInput,
        match=r"no supported task head \(BertModel\); supported heads: \*ForSequenceClassification",
    ):
        classifier.explain(
            BertModel(
                BertConfig(hidden_size=32, num_hidden_layers=1, num_attention_heads=2, intermediate_size=8)
            ),
            tok,
            "x",
            source="m",
        )
    with pytest.raises(InvalidInput, match="explains encoder task heads only|choose one of"):
        from explain4j.attribution import methods

        methods.get("kernel_shap")
    with pytest.raises(InvalidInput, match=r"no \[MASK\] token"):
        mlm, mlm_tok = load("bert-mlm", torch.float32)
        classifier.explain(mlm, mlm_tok, "no mask here", source="m")
    with pytest.raises(InvalidInput, match="needs an NLI model"):
        classifier.explain(model, tok, "x", candidate_labels=["a"], source="m")
