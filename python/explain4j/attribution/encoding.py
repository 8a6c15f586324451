"""Turn texts into the token layout Inseq attributes, one sequence at a time.

Inseq's conventions, reproduced here (read from Inseq 0.7.1, not copied):

* Decoder-only models: the *target* is the whole text (prompt + continuation) re-tokenised from its
  string; the *source* is the first ``attr_pos_start`` target tokens, where ``attr_pos_start`` is
  the length of the tokenised prompt. Step ``p`` (for ``p`` in ``[attr_pos_start, len(target))``)
  predicts ``target[p]`` from ``target[:p]``.
* Encoder-decoder models: the source is the tokenised input; the target is the tokenised output
  (``text_target``) with the decoder start token prepended. Steps run over ``p`` in
  ``[1, len(target))``.
* Generated continuations are attributed as the ids the model produced. Inseq decodes them to text
  and tokenises that again, which on tokenizers that add a start token or split bytes attributes
  tokens the model never produced; forced text targets keep Inseq's behaviour.
* Baselines replace every token by the unknown token, except end-of-sequence tokens (unless
  ``include_eos_baseline``); the decoder start token of encoder-decoder targets is kept.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass

import torch

from ..errors import InvalidInput


@dataclass
class Special:
    """Special token ids resolved the way Inseq resolves them, without mutating the tokenizer."""

    eos: int | None
    pad: int | None
    unk: int | None
    bos: int | None
    bos_token: str | None

    @staticmethod
    def of(model, tokenizer) -> Special:
        config = model.config
        eos = getattr(config, "eos_token_id", None)
        if isinstance(eos, (list, tuple)):
            eos = eos[0] if eos else None
        pad = config.pad_token_id if getattr(config, "pad_token_id", None) is not None else None
        if pad is None:
            pad = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else eos
        bos = getattr(config, "decoder_start_token_id", None)
        if bos is None:
            bos = getattr(config, "bos_token_id", None)
        if eos is None:
            eos = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else pad
        unk = tokenizer.unk_token_id
        if unk is None:
            unk = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else pad
        bos_token = tokenizer.convert_ids_to_tokens(bos) if bos is not None else None
        return Special(eos=eos, pad=pad, unk=unk, bos=bos, bos_token=bos_token)


@dataclass
class Prepared:
    """One sequence ready for attribution; all id tensors are 1-D on the model's device."""

    is_encoder_decoder: bool
    input_text: str
    target_text: str
    source_ids: torch.Tensor | None
    source_tokens: list[str]
    source_baseline_ids: torch.Tensor | None
    target_ids: torch.Tensor
    target_tokens: list[str]
    target_baseline_ids: torch.Tensor
    attr_pos_start: int
    attr_pos_end: int

    @property
    def steps(self) -> list[int]:
        """Positions ``p`` of the attributed target tokens (logits are read at ``p - 1``)."""
        return list(range(self.attr_pos_start, self.attr_pos_end))

    @property
    def output_source_tokens(self) -> list[str]:
        """Tokens Inseq reports as ``source`` (the prompt prefix for decoder-only models)."""
        if self.is_encoder_decoder:
            return list(self.source_tokens)
        return list(self.target_tokens[: self.attr_pos_start])

    @property
    def output_source_ids(self) -> list[int]:
        if self.is_encoder_decoder:
            return self.source_ids.tolist()
        return self.target_ids[: self.attr_pos_start].tolist()


def tokens_of(tokenizer, ids) -> list[str]:
    """Token strings as Inseq shows them (``convert_ids_to_tokens``, bytes decoded)."""
    toks = tokenizer.convert_ids_to_tokens([int(i) for i in ids], skip_special_tokens=False)
    return [t.decode("utf-8") if isinstance(t, bytes) else t for t in toks]


@contextmanager
def _truncation_side(tokenizer, side):
    old = getattr(tokenizer, "truncation_side", None)
    if side is not None and old is not None:
        tokenizer.truncation_side = side
    try:
        yield
    finally:
        if side is not None and old is not None:
            tokenizer.truncation_side = old


def encode(
    tokenizer,
    text,
    special: Special,
    *,
    as_target=False,
    add_special_tokens=True,
    decoder_only=True,
    include_eos_baseline=False,
    device="cpu",
):
    """Tokenise one text like Inseq's ``encode``; returns ``(ids, baseline_ids)`` 1-D tensors."""
    with _truncation_side(tokenizer, "left" if decoder_only else None):
        kwargs = {"text_target": text} if as_target else {"text": text}
        enc = tokenizer(**kwargs, add_special_tokens=add_special_tokens, truncation=True, return_tensors="pt")
    ids = enc["input_ids"][0]
    if len(ids) >= 2 and special.bos is not None and int(ids[0]) == int(ids[1]) == special.bos:
        ids = ids[1:]
    if include_eos_baseline or special.eos is None:
        base = torch.full_like(ids, special.unk)
    else:
        is_eos = ids.eq(special.eos)
        base = torch.where(is_eos, ids, torch.full_like(ids, special.unk))
    if as_target and not decoder_only:
        bos = torch.tensor([special.bos], dtype=ids.dtype)
        ids = torch.cat([bos, ids])
        base = torch.cat([bos, base])
    return ids.to(device), base.to(device)


def generate(
    model, tokenizer, text, special: Special, generation_args: dict, add_special_tokens=True, device="cpu"
):
    """Greedy (or configured) generation from ``text``.

    Returns ``(text, ids, prompt_len)``: the decoded text (as Inseq reports it), the full id sequence
    the model produced (decoder-only: prompt first; encoder-decoder: decoder start token first) and
    the number of prompt ids it starts with (0 for encoder-decoder models).
    """
    args = dict(generation_args or {})
    skip_special = args.pop("skip_special_tokens", None)
    is_ed = bool(model.config.is_encoder_decoder)
    ids, _ = encode(
        tokenizer, text, special, add_special_tokens=add_special_tokens, decoder_only=not is_ed, device=device
    )
    ids = ids.unsqueeze(0)
    if "pad_token_id" not in args and getattr(model.generation_config, "pad_token_id", None) is None:
        args["pad_token_id"] = special.pad
    with torch.no_grad():
        out = model.generate(inputs=ids, attention_mask=torch.ones_like(ids), **args)
    sequences = out.sequences if hasattr(out, "sequences") else out
    if skip_special is None:
        skip_special = is_ed
    decoded = tokenizer.batch_decode(
        sequences, skip_special_tokens=skip_special, clean_up_tokenization_spaces=False
    )[0]
    return decoded, sequences[0], 0 if is_ed else int(ids.shape[1])


def prepare(
    model,
    tokenizer,
    input_text: str,
    target_text: str,
    *,
    skip_special_tokens=False,
    include_eos_baseline=False,
    attr_pos_start=None,
    attr_pos_end=None,
    generated: tuple | None = None,
    allow_empty_target=False,
) -> Prepared:
    """Build the :class:`Prepared` layout for one (input, full target) pair.

    For decoder-only models ``target_text`` must start with ``input_text`` (Inseq's rule).
    ``generated`` is ``(ids, prompt_len)`` from :func:`generate`: those ids are attributed as they
    are (decoder-only: the full sequence, prompt first; encoder-decoder: start token first) and the
    target text is only shown.
    """
    device = next(model.parameters()).device
    special = Special.of(model, tokenizer)
    is_ed = bool(model.config.is_encoder_decoder)
    add = not skip_special_tokens
    if is_ed:
        src, src_base = encode(
            tokenizer,
            input_text,
            special,
            add_special_tokens=add,
            decoder_only=False,
            include_eos_baseline=include_eos_baseline,
            device=device,
        )
        if generated is None:
            tgt, tgt_base = encode(
                tokenizer,
                target_text,
                special,
                as_target=True,
                add_special_tokens=add,
                decoder_only=False,
                include_eos_baseline=include_eos_baseline,
                device=device,
            )
            if not allow_empty_target and set(tgt.tolist()) <= set(tokenizer.all_special_ids):
                raise InvalidInput(
                    f"the forced target {target_text!r} tokenizes to nothing (only special tokens "
                    f"{tokens_of(tokenizer, tgt)}); give a target with at least one token"
                )
        else:
            tgt, tgt_base = _ids_with_baseline(
                generated[0], special, include_eos_baseline, device, keep_first=True
            )
        start = 1 if attr_pos_start is None else attr_pos_start
    elif generated is not None:
        tgt, tgt_base = _ids_with_baseline(generated[0], special, include_eos_baseline, device)
        src = src_base = None
        n = generated[1]
        start = n if attr_pos_start is None or attr_pos_start < n else attr_pos_start
    else:
        if not target_text.startswith(input_text):
            raise InvalidInput(
                f"for decoder-only models the target text must start with the input text: "
                f"{input_text!r} is not a prefix of {target_text!r}"
            )
        prompt, _ = encode(tokenizer, input_text, special, add_special_tokens=add, device=device)
        tgt, tgt_base = encode(
            tokenizer,
            target_text,
            special,
            add_special_tokens=add,
            include_eos_baseline=include_eos_baseline,
            device=device,
        )
        src = src_base = None
        start = len(prompt) if attr_pos_start is None or attr_pos_start < len(prompt) else attr_pos_start
    end = len(tgt) if attr_pos_end is None or attr_pos_end > len(tgt) else attr_pos_end
    if end < 0:
        end = len(tgt) + end
    if start >= end:
        raise InvalidInput(
            f"nothing to attribute: attribution starts at token {start} but the target "
            f"{target_text!r} has only {end} tokens (give a longer target or generate more tokens)"
        )
    return Prepared(
        is_encoder_decoder=is_ed,
        input_text=input_text,
        target_text=target_text,
        source_ids=src,
        source_tokens=tokens_of(tokenizer, src) if src is not None else [],
        source_baseline_ids=src_base,
        target_ids=tgt,
        target_tokens=tokens_of(tokenizer, tgt),
        target_baseline_ids=tgt_base,
        attr_pos_start=start,
        attr_pos_end=end,
    )


def _ids_with_baseline(ids, special: Special, include_eos_baseline, device, keep_first=False):
    """Baseline ids for generated ``ids``; ``keep_first`` keeps the decoder start token as is."""
    ids = torch.as_tensor(ids, dtype=torch.long).reshape(-1).cpu()
    if include_eos_baseline or special.eos is None:
        base = torch.full_like(ids, special.unk)
    else:
        base = torch.where(ids.eq(special.eos), ids, torch.full_like(ids, special.unk))
    if keep_first:
        base[0] = ids[0]
    return ids.to(device), base.to(device)
