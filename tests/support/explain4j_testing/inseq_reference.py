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


def read_baseline_ids(model):
    """Make Inseq's forward run the ids Captum hands it (baselines included) for layer methods.

    Inseq 0.7.1's forward for layer methods reads the real ids from its extra arguments and drops
    the ids Captum attributes, so baseline rows run the input and ``layer_integrated_gradients``
    and ``layer_deeplift`` come out zero. This swaps the attributed ids back in; nothing else of
    Inseq or Captum changes.
    """
    forward = model.forward
    slot = 1 if model.is_encoder_decoder else 0

    def patched(first, *args, **kwargs):
        if not first.is_floating_point() and len(args) > slot:
            args = (*args[:slot], first, *args[slot + 1 :])
        return forward(first, *args, **kwargs)

    model.forward = patched
    return model


def value_zeroing_on_transformers5(model):
    """Let Inseq 0.7.1's value zeroing run on transformers 5 decoder-only models.

    Two things changed under it: GPT-2's attention names its values ``value_states`` (Inseq's model
    table says ``value``), and decoder blocks such as Llama's return a tensor where Inseq expects a
    tuple. This names the variable the attention really assigns and lets the block hook patch a
    tensor output; the method itself is Inseq's.
    """
    from inseq.attr.feat.ops import value_zeroing as vz

    if type(model.model).__name__ == "GPT2LMHeadModel":
        model.config.value_vector = "value_states"
    op = model.attribution_method.method
    if not getattr(op, "_tensor_blocks", False):
        make = op.get_states_extract_and_patch_hook

        def patched(block_idx, hidden_state_idx=0):
            inner = make(block_idx, hidden_state_idx)

            def hook(module, args, output):
                if isinstance(output, tuple):
                    return inner(module, args, output)
                return inner(module, args, (output,))[0]

            return hook

        op.get_states_extract_and_patch_hook = patched
        op._tensor_blocks = True
    assert vz  # the op module Inseq runs
    return model


def use_explain4j_token_groups():
    """Make Inseq's ReAGent sampler use explain4j's token groups instead of tagging the vocabulary
    with NLTK's tagger (which Inseq downloads, and which is not installed here): with the same
    groups, both engines draw the same replacements from the same seed."""
    from inseq.attr.feat.ops.reagent_core.token_sampler import POSTagTokenSampler

    from explain4j.attribution.reagent import token_groups

    def groups(*_cache_args, tokenizer, **_kw):
        return token_groups(tokenizer)[0]

    POSTagTokenSampler.build_pos_mapping_from_vocab = staticmethod(groups)


def init_args(method, kwargs):
    """Split off the options Inseq takes when loading ``method`` (its attribution class's
    constructor: ReAGent's options, ``multiply_by_inputs``) from those of ``attribute``."""
    import inspect

    from inseq.attr import FeatureAttribution

    params = inspect.signature(FeatureAttribution.available_classes()[method].__init__).parameters
    names = [
        n
        for n, p in params.items()
        if n not in ("self", "attribution_model") and p.kind == p.POSITIONAL_OR_KEYWORD
    ]
    return {n: kwargs.pop(n) for n in names if n in kwargs}


def inseq_aggregated(
    model_dir,
    text,
    target,
    method,
    step_scores=(),
    dtype="float32",
    seed=None,
    load_args=None,
    **kwargs,
):
    """Inseq's own default-aggregated numbers for one forced attribution (the parity reference).

    The Hugging Face model is loaded once per ``(model_dir, dtype)`` and shared by every method.
    ``seed`` seeds torch and NumPy first (GradientSHAP, LIME, ReAGent); LIME fits its ridge with
    :func:`numpy_ridge_train`; ReAGent uses explain4j's token groups
    (:func:`use_explain4j_token_groups`); layer methods get :func:`read_baseline_ids`. Keywords
    that Inseq takes when loading the method (:func:`init_args`) and ``load_args``
    (``target_layer``, ``multiply_by_inputs``) go to ``load_model``, the others to ``attribute``.
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
    if method == "reagent":
        use_explain4j_token_groups()
    extra.update(init_args(method, kwargs))
    model = inseq.load_model(hf, method, tokenizer=tok, **extra, **(load_args or {}))
    if method.startswith("layer_"):
        read_baseline_ids(model)
    if method == "value_zeroing" and not model.is_encoder_decoder:
        value_zeroing_on_transformers5(model)
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
