"""Faithfulness metrics against plain reimplementations (loops over the definitions) and against
ferret-xai 0.4.1's AOPC on a tiny random BERT classifier."""

import math

import numpy as np
import pytest
import torch
from attribution_helpers import FIXTURES
from test_citation import CONTEXT, QUESTION, SENTENCES, TEMPLATE, _chat_text, _direct_logprob, _lm
from transformers import AutoTokenizer, BertConfig, BertForSequenceClassification

from explain4j.citation import cite, classifier_faithfulness, evaluation, faithfulness
from explain4j.errors import InvalidInput


def _toy_score(weights):
    w = np.asarray(weights, dtype=np.float64)
    return lambda keep: np.tanh(np.asarray(keep, dtype=np.float64) @ w) + 0.1 * np.asarray(keep).sum(1) ** 0.5


def _plain_metrics(scores, f, bins):
    n = len(scores)
    order = sorted(range(n), key=lambda i: (-scores[i], i))
    full = f(np.ones((1, n), bool))[0]
    comp, suff = [], []
    for b in bins:
        k = math.ceil(b * n - 1e-12)
        removed = np.ones(n, bool)
        removed[order[:k]] = False
        comp.append(full - f(removed[None])[0])
        suff.append(full - f(~removed[None])[0])
    dele, ins = [], []
    for k in range(n + 1):
        keep = np.ones(n, bool)
        keep[order[:k]] = False
        dele.append(f(keep[None])[0])
        ins.append(f(~keep[None])[0])
    x = np.arange(n + 1) / n
    area = lambda y: sum((y[i] + y[i + 1]) / 2 * (x[i + 1] - x[i]) for i in range(n))  # noqa: E731
    return comp, suff, np.mean(comp), np.mean(suff), dele, ins, area(dele), area(ins)


def test_metrics_match_plain_loops():
    rng = np.random.default_rng(3)
    for n in (1, 3, 8, 37):
        scores = rng.normal(size=n)
        f = _toy_score(rng.normal(size=n))
        comp, suff, ac, asu, dele, ins, ad, ai = _plain_metrics(scores, f, faithfulness.BINS)
        out = evaluation.evaluate(scores, f)
        np.testing.assert_allclose(out["comprehensiveness"], comp, atol=1e-12)
        np.testing.assert_allclose(out["sufficiency"], suff, atol=1e-12)
        assert abs(out["aopcComprehensiveness"] - ac) < 1e-12 and abs(out["aopcSufficiency"] - asu) < 1e-12
        np.testing.assert_allclose(out["deletion"], dele, atol=1e-12)
        np.testing.assert_allclose(out["insertion"], ins, atol=1e-12)
        assert abs(out["deletionArea"] - ad) < 1e-12 and abs(out["insertionArea"] - ai) < 1e-12
    assert faithfulness.bin_sizes(8) == [1, 1, 1, 2, 4]
    assert faithfulness.bin_sizes(8, rounding="floor") == [None, None, None, 1, 4]


def test_source_faithfulness_matches_direct_removal():
    lm = _lm("llama", torch.float64)
    out = cite(lm, CONTEXT, QUESTION, answer=" Paris.", methods=("loo",), template=TEMPLATE, evaluate=True)
    ids, loo = out["answerIds"], out["scores"]["loo"][0]
    got = out["faithfulness"]["loo"]
    order = sorted(range(4), key=lambda i: (-loo[i], i))
    full = _direct_logprob(lm, _chat_text(lm, CONTEXT), False, ids)
    assert abs(got["full"] - full) < 1e-6
    for b, k in enumerate(faithfulness.bin_sizes(4)):
        removed = " ".join(s for j, s in enumerate(SENTENCES) if j not in order[:k])
        kept = " ".join(s for j, s in enumerate(SENTENCES) if j in order[:k])
        assert (
            abs(
                got["comprehensiveness"][b]
                - (full - _direct_logprob(lm, _chat_text(lm, removed), False, ids))
            )
            < 1e-6
        )
        assert (
            abs(got["sufficiency"][b] - (full - _direct_logprob(lm, _chat_text(lm, kept), False, ids))) < 1e-6
        )
    assert len(got["deletion"]) == 5 and abs(got["deletion"][0] - full) < 1e-6
    assert abs(got["insertion"][4] - full) < 1e-6


def test_soft_metrics_match_plain_embedding_masks():
    lm = _lm("llama", torch.float64)
    model, tok = lm.model, lm.tokenizer
    prompt = tok("Paris is in France. Rome is old.", add_special_tokens=True)["input_ids"]
    generated = tok(" France is big", add_special_tokens=False)["input_ids"]
    rng = np.random.default_rng(0)
    scores = rng.normal(size=(len(generated), len(prompt)))
    out = evaluation.evaluate_generation(lm, prompt, generated, scores, seed=7, points=4)
    assert len(out["steps"]) == len(generated)
    emb_layer = model.get_input_embeddings()
    for t, step in enumerate(out["steps"]):
        ids = torch.tensor([prompt + generated[:t]])
        with torch.no_grad():
            p_full = float(model(input_ids=ids).logits[0, -1].softmax(-1)[generated[t]])
        q = (scores[t] - scores[t].min()) / (scores[t].max() - scores[t].min())
        gen = torch.Generator().manual_seed(7 + t)
        probs = []
        for keep in (1 - q, q):
            emb = emb_layer(ids).detach().clone()
            draw = torch.bernoulli(torch.tensor(keep)[:, None].repeat(1, emb.shape[-1]), generator=gen)
            emb[0, : len(prompt)] *= draw
            with torch.no_grad():
                probs.append(float(model(inputs_embeds=emb).logits[0, -1].softmax(-1)[generated[t]]))
        assert abs(step["full"] - p_full) < 1e-6
        assert abs(step["softComprehensiveness"] - max(0.0, p_full - probs[0])) < 1e-6
        assert abs(step["softSufficiency"] - (1 - max(0.0, p_full - probs[1]))) < 1e-6
        top = int(np.argmax(scores[t]))
        keep = [i for i in range(len(prompt)) if i != top] or [0]
        with torch.no_grad():
            cut = model(input_ids=torch.tensor([[prompt[i] for i in keep] + generated[:t]])).logits[0, -1]
        assert abs(step["comprehensiveness"][0] - (p_full - float(cut.softmax(-1)[generated[t]]))) < 1e-6
    assert set(out["mean"]) >= {"aopcComprehensiveness", "softSufficiency", "deletionArea"}


@pytest.fixture(scope="module")
def tiny_bert():
    config = BertConfig.from_pretrained(FIXTURES / "bert", num_labels=3, initializer_range=0.5)
    torch.manual_seed(0)
    model = BertForSequenceClassification(config).double().eval()
    return model, AutoTokenizer.from_pretrained(FIXTURES / "bert")


def test_aopc_matches_ferret_on_a_tiny_bert(tiny_bert):
    from ferret.evaluators.faithfulness_measures import (
        AOPC_Comprehensiveness_Evaluation,
        AOPC_Sufficiency_Evaluation,
    )
    from ferret.explainers.explanation import Explanation

    model, tok = tiny_bert
    vocab = [w for w in tok.get_vocab() if w.isalpha() and w.islower() and len(w) > 2][:40]
    text = " ".join(vocab[:12])
    ids = tok(text)["input_ids"]
    assert tok(tok.decode(ids[1:-1]))["input_ids"] == ids, "the text must survive ferret's decode/encode"
    rng = np.random.default_rng(1)
    for target in (0, 2):
        scores = rng.normal(size=len(ids))
        expl = Explanation(text, tok.convert_ids_to_tokens(ids), scores, "test", target)
        ref_c = AOPC_Comprehensiveness_Evaluation(model, tok).compute_evaluation(expl, target).score
        ref_s = AOPC_Sufficiency_Evaluation(model, tok).compute_evaluation(expl, target).score
        thresholds = np.arange(0.1, 1.1, 0.1)
        ours = faithfulness.eraser(
            scores[1:-1],
            classifier_faithfulness.classifier_scorer(model, ids, target),
            bins=thresholds,
            rounding="floor",
            only_positive=True,
            dedupe=True,
        )
        assert abs(ours["aopcComprehensiveness"] - ref_c) < 1e-6, (ours["aopcComprehensiveness"], ref_c)
        assert abs(ours["aopcSufficiency"] - ref_s) < 1e-6, (ours["aopcSufficiency"], ref_s)
        assert abs(ref_c) > 1e-4


def test_a_method_that_cannot_be_evaluated_is_refused():
    f = _toy_score([1.0, 2.0])
    with pytest.raises(InvalidInput, match="NaN or infinite scores; it cannot be evaluated"):
        evaluation.evaluate([float("nan"), 1.0], f)
    with pytest.raises(InvalidInput, match="at least one unit"):
        evaluation.evaluate([], f)
    with pytest.raises(InvalidInput, match="bins are fractions"):
        evaluation.evaluate([1.0, 2.0], f, bins=(0.0, 0.5))


def test_classifier_faithfulness_scores_multi_label_sigmoids(tiny_bert):
    _, tok = tiny_bert
    config = BertConfig.from_pretrained(
        FIXTURES / "bert", num_labels=3, initializer_range=0.5, problem_type="multi_label_classification"
    )
    torch.manual_seed(1)
    model = BertForSequenceClassification(config).double().eval()
    lm = type("LM", (), {"model": model, "tokenizer": tok, "source": "tiny-bert"})()
    ids = tok("paris is big", "rome is old")["input_ids"]
    scores = np.random.default_rng(2).normal(size=(1, len(ids)))
    name = model.config.id2label[2]
    out = classifier_faithfulness.evaluate_classifier(lm, ids, [name], scores, soft=False)
    special = tok.get_special_tokens_mask(ids, already_has_special_tokens=True)
    assert out["units"] == [p for p, s in enumerate(special) if not s]
    sep = ids.index(tok.sep_token_id)
    types = [0 if p <= sep else 1 for p in range(len(ids))]

    def prob(keep):
        with torch.no_grad():
            logits = model(
                input_ids=torch.tensor([[ids[p] for p in keep]]),
                token_type_ids=torch.tensor([[types[p] for p in keep]]),
            ).logits
        return float(torch.sigmoid(logits[0, 2]))

    top = max(out["units"], key=lambda p: (scores[0, p], -p))
    step = out["steps"][0]
    assert abs(step["full"] - prob(range(len(ids)))) < 1e-12
    assert (
        abs(step["comprehensiveness"][0] - (step["full"] - prob([p for p in range(len(ids)) if p != top])))
        < 1e-12
    )
    assert "softComprehensiveness" not in step
    with pytest.raises(InvalidInput, match="not a class of model tiny-bert"):
        classifier_faithfulness.evaluate_classifier(lm, ids, ["animals"], scores, soft=False)
    with pytest.raises(InvalidInput, match=r"token scores must be \[explained labels, input tokens\]"):
        classifier_faithfulness.evaluate_classifier(lm, ids, [name], scores[:, 1:], soft=False)
    with pytest.raises(InvalidInput, match="outside model tiny-bert's vocabulary"):
        classifier_faithfulness.evaluate_classifier(lm, [*ids[:-1], 10**6], [name], scores, soft=False)
