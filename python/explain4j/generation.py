"""Generation, forced targets and forward/backward passes over a :class:`models.LoadedModel`.

A sequence crosses to Java as plain id lists: ``promptIds`` (the decoder's prefix, or the encoder's
input for encoder-decoder models), ``decoderStartIds`` (empty for decoder-only models) and
``generatedIds``. ``forward`` and ``backward`` take the same three lists back, so a generated or
forced sequence can be replayed with hooks attached.

This is the one generation path: explain sessions (``explain``) tokenize their task prompts with
:func:`tokenize_prompt` and generate with :func:`generate_ids` as ``generate`` does.
"""

import contextlib

from explain4j import architectures
from explain4j.errors import InvalidInput
from explain4j.models import max_positions


def ids_of(tokenizer, text, special=True):
    """The model's input ids for ``text``: the one place plain text becomes ids for the model.

    ``special`` adds the tokenizer's special tokens (a start token, for example); a rendered chat
    template and a forced target are encoded without them. Attribution encodes on Inseq's rules
    instead (``attribution.encoding.encode``: left truncation, a doubled start token dropped).
    """
    return [int(i) for i in tokenizer(text, add_special_tokens=special)["input_ids"]]


def tokenize_prompt(lm, prompt, chat=False):
    """Token ids of a prompt: text with special tokens, or (``chat``) the chat template applied to
    ``prompt``, a user message text or a list of ``{"role", "content"}`` messages. No length checks.
    """
    tok = lm.tokenizer
    if not chat:
        return ids_of(tok, prompt)
    if not getattr(tok, "chat_template", None):
        raise InvalidInput(
            f"model {lm.source} has no chat template in its tokenizer; "
            "generate without the chat-template option"
        )
    messages = prompt if isinstance(prompt, list) else [{"role": "user", "content": prompt}]
    # What apply_chat_template(tokenize=True) does: render, then encode without special tokens.
    rendered = tok.apply_chat_template(messages, add_generation_prompt=True, tokenize=False)
    return ids_of(tok, rendered, special=False)


def encode_prompt(lm, text, chat=False, truncate=False, reserve=0):
    """Token ids for ``text``; returns (ids, dropped). ``reserve`` positions are kept free."""
    ids = tokenize_prompt(lm, text, chat)
    if not ids:
        raise InvalidInput(f"the input {text!r} gives no tokens for model {lm.source}")
    limit = max_positions(lm)
    if limit is None:
        return ids, 0
    room = limit - (0 if lm.kind != "decoder" else reserve)
    if len(ids) <= room:
        return ids, 0
    if not truncate or room <= 0:
        extra = f" plus {reserve} new tokens" if reserve and lm.kind == "decoder" else ""
        raise InvalidInput(
            f"the input has {len(ids)} tokens{extra}, more than model {lm.source} allows "
            f"({limit} positions); shorten it" + ("" if room <= 0 else " or ask for truncation")
        )
    return ids[:room], len(ids) - room


def encode_target(lm, target):
    """Ids of a forced target text, without special tokens."""
    return ids_of(lm.tokenizer, target, special=False)


def _require_generative(lm, what):
    if lm.kind == "encoder":
        raise InvalidInput(f"model {lm.source} is encoder-only ({lm.info['architecture']}) and cannot {what}")


def _decoder_start(lm):
    start = getattr(lm.model.generation_config, "decoder_start_token_id", None)
    if start is None:
        start = getattr(lm.model.config, "decoder_start_token_id", None)
    if start is None:
        raise InvalidInput(f"model {lm.source} declares no decoder_start_token_id")
    return [int(start)]


def _check_decoder_length(lm, decoder_len):
    limit = max_positions(lm)
    if lm.kind == "encoder-decoder" and limit is not None and decoder_len > limit:
        raise InvalidInput(f"{decoder_len} decoder tokens are more than model {lm.source} allows ({limit})")


def sequence(lm, prompt, start, generated, dropped, chat, stopped):
    tok = lm.tokenizer
    return {
        "promptIds": prompt,
        "decoderStartIds": start,
        "generatedIds": generated,
        "promptTokens": tok.convert_ids_to_tokens(prompt),
        "generatedTokens": tok.convert_ids_to_tokens(generated),
        "text": tok.decode(generated, skip_special_tokens=True),
        "droppedTokens": dropped,
        "chatTemplate": bool(chat),
        "stoppedAtEos": bool(stopped),
    }


def _seeded(torch, lm, seed):
    if seed is None:
        return contextlib.nullcontext()
    devices = [lm.device.index or 0] if lm.device.type == "cuda" else []
    ctx = torch.random.fork_rng(devices=devices)

    @contextlib.contextmanager
    def seeded():
        with ctx:
            torch.manual_seed(int(seed))
            yield

    return seeded()


def generate(
    lm,
    text,
    max_new_tokens=20,
    do_sample=False,
    temperature=1.0,
    top_k=0,
    top_p=1.0,
    seed=None,
    num_beams=1,
    stop_at_eos=True,
    chat=False,
    truncate=False,
):
    """Greedy or sampled generation; returns the sequence as plain values."""
    _require_generative(lm, "generate text")
    if num_beams != 1:
        raise InvalidInput(
            f"beam search (num_beams={num_beams}) is not supported for model {lm.source}; "
            "use greedy decoding or sampling"
        )
    if max_new_tokens < 1:
        raise InvalidInput(f"max_new_tokens must be at least 1, got {max_new_tokens}")
    prompt, dropped = encode_prompt(lm, text, chat, truncate, reserve=max_new_tokens)
    _check_decoder_length(lm, max_new_tokens + 1)
    start, generated, stopped = generate_ids(
        lm, prompt, max_new_tokens, do_sample, temperature, top_k, top_p, seed, stop_at_eos
    )
    return sequence(lm, prompt, start, generated, dropped, chat, stopped)


def generate_ids(
    lm,
    prompt,
    max_new_tokens,
    do_sample=False,
    temperature=1.0,
    top_k=0,
    top_p=1.0,
    seed=None,
    stop_at_eos=True,
    assistant=None,
):
    """Generation from prompt ids, checked by the caller; returns (decoder start, generated, stopped).

    ``assistant`` is another :class:`models.LoadedModel` whose model drafts tokens (assisted
    generation); with greedy decoding the output is the same as without it.
    """
    import torch
    from transformers import GenerationConfig

    eos = list(lm.eos_token_ids) if stop_at_eos else []
    pad = lm.tokenizer.pad_token_id
    pad = pad if pad is not None else (lm.eos_token_ids[0] if lm.eos_token_ids else 0)
    sampling = (
        {"temperature": float(temperature), "top_k": int(top_k), "top_p": float(top_p), "typical_p": 1.0}
        if do_sample
        else {}
    )
    config = GenerationConfig(
        max_new_tokens=int(max_new_tokens),
        min_new_tokens=0,
        do_sample=bool(do_sample),
        num_beams=1,
        repetition_penalty=1.0,
        no_repeat_ngram_size=0,
        eos_token_id=eos,
        pad_token_id=pad,
        **sampling,
    )
    extra = {} if assistant is None else {"assistant_model": assistant.model}
    ids = torch.tensor([prompt], device=lm.device)
    with torch.no_grad(), _seeded(torch, lm, seed):
        out = lm.model.generate(ids, attention_mask=torch.ones_like(ids), generation_config=config, **extra)
    seq = [int(i) for i in out[0].tolist()]
    if lm.kind == "decoder":
        start, generated = [], seq[len(prompt) :]
    else:
        start, generated = seq[:1], seq[1:]
    stopped = bool(generated) and generated[-1] in eos
    return start, generated, stopped


def force(lm, text, target=None, target_ids=None, chat=False, truncate=False):
    """The sequence ``text`` followed by a forced target (text or ids), without running the model."""
    _require_generative(lm, "take a forced target")
    ids = [int(i) for i in target_ids] if target_ids is not None else encode_target(lm, target or "")
    vocab = lm.model.get_output_embeddings().weight.shape[0]
    bad = [i for i in ids if i < 0 or i >= vocab]
    if bad:
        raise InvalidInput(
            f"target ids {bad[:5]} are outside the vocabulary of model {lm.source} (size {vocab})"
        )
    prompt, dropped = encode_prompt(lm, text, chat, truncate, reserve=len(ids))
    start = _decoder_start(lm) if lm.kind == "encoder-decoder" else []
    _check_decoder_length(lm, len(start) + len(ids))
    return sequence(lm, prompt, start, ids, dropped, chat, False)


def _model_inputs(torch, lm, prompt, start, generated):
    dev = lm.device
    if lm.kind == "encoder-decoder":
        dec = list(start) + list(generated)
        if not dec:
            dec = _decoder_start(lm)
        return {
            "input_ids": torch.tensor([prompt], device=dev),
            "decoder_input_ids": torch.tensor([dec], device=dev),
        }, len(start)
    seq = list(prompt) + (list(generated) if lm.kind == "decoder" else [])
    return {"input_ids": torch.tensor([seq], device=dev)}, len(prompt)


def _nll(torch, logits, generated, offset):
    """Mean negative log-likelihood of ``generated`` read from logits at offset-1, offset, ..."""
    if not generated:
        return None
    scores = logits[0, offset - 1 : offset - 1 + len(generated)].float().log_softmax(-1)
    target = torch.tensor(generated, device=logits.device)
    return -scores.gather(-1, target[:, None]).mean()


def _pass_result(lm, inputs, loss):
    tok = lm.tokenizer
    ids = [int(i) for i in inputs["input_ids"][0].tolist()]
    dec = inputs.get("decoder_input_ids")
    return {
        "inputIds": ids,
        "inputTokens": tok.convert_ids_to_tokens(ids),
        "decoderIds": [] if dec is None else [int(i) for i in dec[0].tolist()],
        "loss": None if loss is None else float(loss.detach()),
    }


def forward(lm, prompt_ids, decoder_start_ids=(), generated_ids=()):
    """One forward pass without gradients over the sequence; the loss is over the generated ids."""
    import torch

    inputs, offset = _model_inputs(torch, lm, prompt_ids, decoder_start_ids, generated_ids)
    with torch.no_grad():
        out = lm.model(**inputs)
    loss = None if lm.kind == "encoder" else _nll(torch, out.logits, list(generated_ids), offset)
    return _pass_result(lm, inputs, loss)


def forward_text(lm, text, truncate=False):
    """One forward pass without gradients over ``text`` (encoder-decoder: decoder start only)."""
    ids, _ = encode_prompt(lm, text, False, truncate)
    start = _decoder_start(lm) if lm.kind == "encoder-decoder" else []
    return forward(lm, ids, start, [])


def backward(lm, prompt_ids, decoder_start_ids=(), generated_ids=()):
    """Forward with gradients from the input embeddings, then back-propagate the generated ids' loss."""
    import torch

    _require_generative(lm, "take a loss for backward hooks")
    if not generated_ids:
        raise InvalidInput(f"backward on model {lm.source} needs generated or forced target tokens")
    inputs, offset = _model_inputs(torch, lm, prompt_ids, decoder_start_ids, generated_ids)
    handles = [
        m.register_forward_hook(lambda mod, a, out: out.requires_grad_(True), prepend=True)
        for m in _input_embedding_modules(lm)
    ]
    try:
        with torch.enable_grad():
            out = lm.model(**inputs)
            loss = _nll(torch, out.logits, list(generated_ids), offset)
            loss.backward()
    finally:
        for handle in handles:
            handle.remove()
    return _pass_result(lm, inputs, loss)


def _input_embedding_modules(lm):
    """The token-embedding modules (encoder and decoder stacks may hold their own, tied)."""
    weight = architectures.for_model(lm.model).embeddings(lm.model).weight
    return [m for m in lm.model.modules() if getattr(m, "weight", None) is weight]
