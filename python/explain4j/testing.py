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
