"""Inseq's own numbers for the parity tests: the reference every attribution method is checked
against (through the Java aggregation, from the Java tests)."""

_INSEQ_MODELS = {}


def seed_all(seed):
    """Seed torch's and NumPy's global generators, the ones Captum (and the engine) draw from."""
    import numpy as np
    import torch

    torch.manual_seed(int(seed))
    np.random.seed(int(seed))


def numpy_ridge_train(model, dataloader, construct_kwargs, **kwargs):
    """Captum ``LinearModel`` training: weighted Ridge(alpha=1) with intercept, as scikit-learn
    computes it (centring, sqrt weights), in NumPy; scikit-learn is not installed here."""
    import numpy as np
    import torch

    xs, ys, ws = zip(*[(x.numpy(), y.numpy(), w.numpy()) for x, y, w in dataloader])
    x, y, w = np.concatenate(xs), np.concatenate(ys), np.concatenate(ws)
    x_off, y_off = np.average(x, axis=0, weights=w), np.average(y, weights=w)
    sw = np.sqrt(w)
    xc, yc = (x - x_off) * sw[:, None], (y - y_off) * sw
    coef = xc.T @ np.linalg.solve(xc @ xc.T + np.eye(len(y)), yc)
    model._construct_model_params(
        norm_type=None,
        weight_values=torch.FloatTensor(coef)[None],
        bias_value=torch.FloatTensor([y_off - x_off @ coef]),
    )
    return {}


def inseq_aggregated(model_dir, text, target, method, step_scores=(), dtype="float32", seed=None, **kwargs):
    """Inseq's own default-aggregated numbers for one forced attribution (the parity reference).

    The Hugging Face model is loaded once per ``(model_dir, dtype)`` and shared by every method.
    ``seed`` seeds torch and NumPy first (GradientSHAP, LIME); LIME fits its ridge with
    :func:`numpy_ridge_train`. Other keywords go to Inseq's ``attribute``.
    """
    import inseq
    import torch
    from transformers import AutoConfig, AutoModelForCausalLM, AutoModelForSeq2SeqLM, AutoTokenizer

    key = (str(model_dir), dtype)
    if key not in _INSEQ_MODELS:
        seq2seq = getattr(AutoConfig.from_pretrained(model_dir), "is_encoder_decoder", False)
        cls = AutoModelForSeq2SeqLM if seq2seq else AutoModelForCausalLM
        hf = cls.from_pretrained(model_dir, dtype=getattr(torch, dtype), attn_implementation="eager").eval()
        _INSEQ_MODELS[key] = (hf, AutoTokenizer.from_pretrained(model_dir))
    hf, tok = _INSEQ_MODELS[key]
    extra = {}
    if method == "lime":
        from captum._utils.models.linear_model import LinearModel

        extra["interpretable_model"] = LinearModel(train_fn=numpy_ridge_train)
    model = inseq.load_model(hf, method, tokenizer=tok, **extra)
    if seed is not None:
        seed_all(seed)
    try:
        out = model.attribute(text, target, step_scores=list(step_scores), show_progress=False, **kwargs)
    finally:
        hf.eval()  # Inseq's mc_dropout_prob_avg leaves the shared model in train mode
    seq = out.aggregate().sequence_attributions[0]

    def rows(t):
        return None if t is None else [[float(x) for x in row] for row in t.tolist()]

    return {
        "source": rows(seq.source_attributions),
        "target": rows(seq.target_attributions),
        "stepScores": {k: [float(x) for x in v.tolist()] for k, v in (seq.step_scores or {}).items()},
        "targetTokens": [t.token for t in seq.target],
    }


def drop_inseq_models():
    """Forget the models :func:`inseq_aggregated` cached."""
    _INSEQ_MODELS.clear()


def inseq_rounded(values, scores_precision):
    """``values`` stored and loaded back as Inseq's ``save(scores_precision=...)`` stores them
    (its safetensors conversion, then its float32 conversion on load)."""
    import torch
    from inseq.utils.torch_utils import convert_from_safetensor, convert_to_safetensor

    t = torch.tensor([float(v) for v in values], dtype=torch.float32)
    back = convert_from_safetensor(convert_to_safetensor(t, scores_precision=str(scores_precision)))
    return [float(x) for x in back.tolist()]
