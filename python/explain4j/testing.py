"""Small functions the Java test-suite calls to check the bridge."""


def echo(value):
    return value


def type_name(value):
    return type(value).__name__


def fail(kind, message):
    errors = {"value": ValueError, "key": KeyError, "runtime": RuntimeError, "type": TypeError}
    raise errors[kind](message)


def nested_fail(depth):
    if depth <= 0:
        raise ZeroDivisionError("deep failure")
    return nested_fail(depth - 1)


def add(a, b):
    return a + b


def kwargs_echo(*args, **kwargs):
    return {"args": list(args), "kwargs": kwargs}


class Counter:
    def __init__(self, start=0):
        self.value = start

    def bump(self, by=1):
        self.value += by
        return self.value


def make_counter(start=0):
    return Counter(start)


def bump(counter, by=1):
    return counter.bump(by)



def reference_attention(model_dir, kind, input_ids, decoder_ids=None, which="attentions"):
    """Attention weights from a freshly loaded eager model, flattened [layers, heads, q, k]."""
    import torch
    from transformers import AutoModel, AutoModelForCausalLM, AutoModelForSeq2SeqLM

    cls = {"decoder": AutoModelForCausalLM, "encoder-decoder": AutoModelForSeq2SeqLM}.get(kind, AutoModel)
    model = cls.from_pretrained(model_dir, attn_implementation="eager").eval()
    inputs = {"input_ids": torch.tensor([list(input_ids)])}
    if decoder_ids is not None:
        inputs["decoder_input_ids"] = torch.tensor([list(decoder_ids)])
    with torch.no_grad():
        out = model(**inputs, output_attentions=True)
    return torch.stack([a[0] for a in getattr(out, which)]).flatten().tolist()


_INSEQ_MODELS = {}


def inseq_aggregated(model_dir, text, target, method, step_scores=(), dtype="float32", **kwargs):
    """Inseq's own default-aggregated numbers for one forced attribution (the parity reference).

    The Hugging Face model is loaded once per ``(model_dir, dtype)`` and shared by every method.
    """
    import inseq
    import torch
    from transformers import AutoConfig, AutoModelForCausalLM, AutoModelForSeq2SeqLM, AutoTokenizer

    key = (str(model_dir), dtype)
    if key not in _INSEQ_MODELS:
        seq2seq = getattr(AutoConfig.from_pretrained(model_dir), "is_encoder_decoder", False)
        cls = AutoModelForSeq2SeqLM if seq2seq else AutoModelForCausalLM
        hf = cls.from_pretrained(model_dir, dtype=getattr(torch, dtype),
                                 attn_implementation="eager").eval()
        _INSEQ_MODELS[key] = (hf, AutoTokenizer.from_pretrained(model_dir))
    hf, tok = _INSEQ_MODELS[key]
    model = inseq.load_model(hf, method, tokenizer=tok)
    out = model.attribute(text, target, step_scores=list(step_scores), show_progress=False, **kwargs)
    seq = out.aggregate().sequence_attributions[0]

    def rows(t):
        return None if t is None else [[float(x) for x in row] for row in t.tolist()]

    return {"source": rows(seq.source_attributions), "target": rows(seq.target_attributions),
            "stepScores": {k: [float(x) for x in v.tolist()] for k, v in (seq.step_scores or {}).items()},
            "targetTokens": [t.token for t in seq.target]}


def drop_inseq_models():
    """Forget the models :func:`inseq_aggregated` cached."""
    _INSEQ_MODELS.clear()
