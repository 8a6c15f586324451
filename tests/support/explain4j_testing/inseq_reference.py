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
    out = model.attribute(text, target, step_scores=list(step_scores), show_progress=False, **kwargs)
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


def inseq_context(model_dir, input_current_text, options=None, dtype="float64"):
    """Inseq's own ``attribute-context`` on a local model: CTI, CCI and the cues its view selects.

    ``options`` are Inseq's argument names (``generation_kwargs``, ``attribution_method``, …).
    The cues are what Inseq's view marks: its ``filter_rank_tokens`` calls are recorded while the
    view is formatted (on a copy, as the view extends the score lists it is given).
    """
    import copy

    import inseq
    import torch
    from inseq.commands.attribute_context import attribute_context_viz_helpers as viz
    from inseq.commands.attribute_context.attribute_context import attribute_context_with_model
    from inseq.commands.attribute_context.attribute_context_args import AttributeContextArgs
    from transformers import AutoConfig, AutoModelForCausalLM, AutoModelForSeq2SeqLM, AutoTokenizer

    opts = {k: v for k, v in dict(options or {}).items()}
    seq2seq = getattr(AutoConfig.from_pretrained(model_dir), "is_encoder_decoder", False)
    cls = AutoModelForSeq2SeqLM if seq2seq else AutoModelForCausalLM
    hf = cls.from_pretrained(model_dir, dtype=getattr(torch, dtype), attn_implementation="eager").eval()
    model = inseq.load_model(
        hf, opts.get("attribution_method", "saliency"), tokenizer=AutoTokenizer.from_pretrained(model_dir)
    )
    args = AttributeContextArgs(
        model_name_or_path=str(model_dir),
        input_current_text=input_current_text,
        show_viz=False,
        handle_output_context_strategy=opts.pop("handle_output_context_strategy", "auto"),
        **opts,
    )
    out = attribute_context_with_model(args, model)
    plain = copy.deepcopy(out)
    picked = []
    original = viz.filter_rank_tokens

    def recording(**kwargs):
        ranked, threshold = original(**kwargs)
        picked.append([i for i, _, _ in ranked])
        return ranked, threshold

    viz.filter_rank_tokens = recording
    try:
        viz.get_formatted_attribute_context_results(model, out.info, out, 0.0)
    finally:
        viz.filter_rank_tokens = original
    per_cue = 2 if (args.has_input_context and args.has_output_context) else 1
    cues = []
    for n, c in enumerate(plain.cci_scores):
        got = picked[n * per_cue : (n + 1) * per_cue]
        cues.append(
            {
                "index": c.cti_idx,
                "token": c.cti_token,
                "contextualOutput": c.contextual_output,
                "contextlessOutput": c.contextless_output,
                "input": [float(x) for x in c.input_context_scores or []],
                "output": [float(x) for x in c.output_context_scores or []],
                "inputCues": got[0] if args.has_input_context else [],
                "outputCues": got[-1] if args.has_output_context else [],
            }
        )
    return {
        "outputCurrent": plain.output_current,
        "outputContext": plain.output_context,
        "tokens": list(plain.output_current_tokens),
        "inputContextTokens": list(plain.input_context_tokens or []),
        "cti": [float(x) for x in plain.cti_scores],
        "cues": cues,
    }
