"""Attention capture: every layer and head in one forward pass, stacked for export to Java.

Causal models: row t of the decoder self-attention is exactly what step t saw, so one pass over the
prompt and the generated tokens serves every generation step. Encoder-decoder models give encoder
self-attention, decoder self-attention and cross-attention; encoders give self-attention.
"""

from dataclasses import dataclass, field

from . import architectures
from .errors import InvalidInput
from .generation import _model_inputs


@dataclass
class Captured:
    """The stacked attention sets of one pass; Java exports each tensor and then releases this."""

    sets: list = field(default_factory=list)
    tensors: list = field(default_factory=list)
    implementation: str = ""


def _stack(torch, per_layer):
    """One contiguous float32 [heads, queries, keys] tensor per layer (no copy when already so)."""
    if not per_layer or any(a is None for a in per_layer):
        return None
    return [a[0].float().contiguous() for a in per_layer]


def capture(lm, prompt_ids, decoder_start_ids=(), generated_ids=()):
    """Run one forward pass with attention weights over the prompt (and generated tokens)."""
    import torch

    inputs, _ = _model_inputs(torch, lm, list(prompt_ids), list(decoder_start_ids), list(generated_ids))
    tok = lm.tokenizer
    enc_ids = [int(i) for i in inputs["input_ids"][0].tolist()]
    with architectures.for_model(lm.model).eager(lm.model) as switched, torch.no_grad():
        out = lm.model(**inputs, output_attentions=True)
    implementation = f"eager (switched from {switched} for the capture)" if switched else "eager"
    result = Captured(implementation=implementation)

    def add(label, kind, stacked, q_ids, k_ids):
        if stacked is None:
            raise InvalidInput(f"model {lm.source} returned no {label} weights")
        result.tensors.append(stacked)
        result.sets.append(
            {
                "label": label,
                "kind": kind,
                "shape": [len(stacked), *stacked[0].shape],
                "queryIds": q_ids,
                "keyIds": k_ids,
                "queryTokens": tok.convert_ids_to_tokens(q_ids),
                "keyTokens": tok.convert_ids_to_tokens(k_ids),
            }
        )

    if lm.kind == "encoder-decoder":
        dec_ids = [int(i) for i in inputs["decoder_input_ids"][0].tolist()]
        add("encoder self-attention", "encoder", _stack(torch, out.encoder_attentions), enc_ids, enc_ids)
        add("decoder self-attention", "decoder", _stack(torch, out.decoder_attentions), dec_ids, dec_ids)
        add("cross-attention", "cross", _stack(torch, out.cross_attentions), dec_ids, enc_ids)
    else:
        kind = "encoder" if lm.kind == "encoder" else "decoder"
        add(f"{kind} self-attention", kind, _stack(torch, out.attentions), enc_ids, enc_ids)
    return result


def describe(captured):
    return {"sets": captured.sets, "implementation": captured.implementation}


def tensor(captured, index, layer):
    return captured.tensors[int(index)][int(layer)]


def capture_text(lm, text, truncate=False):
    """Capture over ``text`` alone (encoder-decoder models: the encoder input, decoder start only)."""
    from .generation import _decoder_start, encode_prompt

    ids, _ = encode_prompt(lm, text, False, truncate)
    start = _decoder_start(lm) if lm.kind == "encoder-decoder" else []
    return capture(lm, ids, start, [])
