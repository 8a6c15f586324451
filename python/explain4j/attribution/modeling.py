"""Thin adapter over a Hugging Face causal or sequence-to-sequence LM.

It embeds ids the way Inseq does (input embedding layer times the model's ``embed_scale``), runs
the model from embeddings and returns logits only at the positions that are needed, and offers a
scoped session that puts the model in eval mode, freezes its parameters (so autograd tracks only
the input embeddings) and switches to eager attention when attention weights are requested.
Everything it changes is restored when the session closes.
"""

from __future__ import annotations

import inspect
from contextlib import ExitStack, contextmanager

import torch

from explain4j import architectures


def wide_dtype(dtype: torch.dtype) -> torch.dtype:
    """The dtype results accumulate in: float64 for float64 models, float32 otherwise."""
    return torch.float64 if dtype == torch.float64 else torch.float32


def wide(t: torch.Tensor) -> torch.Tensor:
    """``t`` in :func:`wide_dtype` (16-bit values widen; float64 stays float64)."""
    return t.to(wide_dtype(t.dtype))


class ModelAdapter:
    """Wraps ``model`` (and knows whether it is an encoder-decoder) for the attribution engine."""

    def __init__(self, model):
        self.model = model
        self.arch = architectures.for_model(model)
        self.is_encoder_decoder = self.arch.is_encoder_decoder(model)
        self.device = next(model.parameters()).device
        self.dtype = next(model.parameters()).dtype
        self.embed_scale = self.arch.embed_scale(model)
        params = inspect.signature(model.forward).parameters
        self._keeps_logits = "logits_to_keep" in params

    @property
    def hidden_size(self) -> int:
        return self.arch.embeddings(self.model).weight.shape[-1]

    def embed(self, ids: torch.Tensor) -> torch.Tensor:
        """Embeddings of ``ids`` (any shape) as Inseq computes them."""
        emb = self.arch.embeddings(self.model)(ids.to(self.device))
        return emb * self.embed_scale if self.embed_scale != 1.0 else emb

    def logits(self, src: torch.Tensor | None, dec: torch.Tensor, positions: torch.Tensor | None, **kwargs):
        """Run the model on embeddings; return ``(logits[B, n, V], output)`` at ``positions``.

        ``src`` is the encoder input ``[B, S, H]`` (encoder-decoder only), ``dec`` the decoder input
        ``[B, T, H]``. ``positions`` is a 1-D tensor of decoder positions (``None``: all).
        """
        b, t = dec.shape[0], dec.shape[1]
        dec_mask = torch.ones(b, t, dtype=torch.long, device=dec.device)
        if self.is_encoder_decoder:
            src_mask = torch.ones(src.shape[0], src.shape[1], dtype=torch.long, device=src.device)
            out = self.model(
                inputs_embeds=src,
                attention_mask=src_mask,
                decoder_inputs_embeds=dec,
                decoder_attention_mask=dec_mask,
                use_cache=False,
                **kwargs,
            )
            logits = out.logits if positions is None else out.logits[:, positions]
            return logits, out
        if positions is not None and self._keeps_logits:
            out = self.model(
                inputs_embeds=dec,
                attention_mask=dec_mask,
                use_cache=False,
                logits_to_keep=positions,
                **kwargs,
            )
            return out.logits, out
        out = self.model(inputs_embeds=dec, attention_mask=dec_mask, use_cache=False, **kwargs)
        logits = out.logits if positions is None else out.logits[:, positions]
        return logits, out

    def logits_from_ids(self, src_ids, dec_ids, positions):
        """Logits at ``positions`` for 1-D id tensors (no gradient)."""
        with torch.no_grad():
            src = self.embed(src_ids).unsqueeze(0) if src_ids is not None else None
            dec = self.embed(dec_ids).unsqueeze(0)
            return self.logits(src, dec, positions)[0][0]

    @contextmanager
    def session(self, attentions: bool = False):
        """Eval mode, frozen parameters and (optionally) eager attention for the scope."""
        model = self.model
        was_training = model.training
        frozen = [p for p in model.parameters() if p.requires_grad]
        model.eval()
        for p in frozen:
            p.requires_grad_(False)
        try:
            with ExitStack() as scope:
                if attentions:
                    scope.enter_context(self.arch.eager(model))
                yield self
        finally:
            for p in frozen:
                p.requires_grad_(True)
            model.train(was_training)
