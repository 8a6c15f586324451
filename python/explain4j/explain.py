"""Scoped explanation sessions: task presets, per-token attention under the KV cache, label gradients.

One session per :class:`models.LoadedModel` at a time (``open_session`` refuses a second). Hooks live
only inside ``generate``; ``close_session`` drops every piece of state. Results hold their arrays as
contiguous float32 CPU tensors. Java reads a result through ``generate_for_java`` and
``label_gradients_for_java`` (the result without its arrays, and the arrays' shapes), then takes each
array with :func:`array` through the Arrow tensor bridge (``explain4j.export``).

Per-token attention for a generated token is the attention row of the query that predicted it
(position ``len(prompt) - 1 + i``) over every earlier key. For models with rotary position
embeddings it is rebuilt from the query and key projections captured while generating with the
KV cache: the rotary embedding is applied here from the model's own rotary module, keys are repeated
for grouped-query attention, and ``softmax(q k^T * scaling)`` is taken under the causal mask. Which
families can do this is in ``architectures`` (``cached_rotary``); other models get the rows of one
uncached eager forward pass instead (``method`` says which).
"""

import time

import explain4j
from explain4j import architectures, generation
from explain4j.errors import InvalidInput
from explain4j.explain_rotary import QKRecorder
from explain4j.models import max_positions

ARRAYS = {
    "generation": ("attention", "attentionMean"),
    "gradients": ("gradient", "saliency", "blockGradientXInput"),
}
TASKS = ("question_answering", "translation", "summarization", "chat", "chat_assistant")
_SESSION = "_explain4j_session"


class Session:
    """The state of one open session: its task, what to capture, and the last generation."""

    def __init__(self, lm, task, captures, assistant=None):
        self.lm, self.task, self.captures, self.assistant = lm, task, set(captures), assistant
        self.last = None
        self.gradients = None


def open_session(lm, task, captures, assistant=None):
    """Open the model's one session; ``task`` is a dict with ``name`` and preset fields."""
    if getattr(lm, _SESSION, None) is not None:
        raise InvalidInput(f"model {lm.source} already has an open explain session; close it first")
    name = task.get("name")
    if name not in TASKS:
        raise InvalidInput(f"unknown task {name!r}; use one of {', '.join(TASKS)}")
    if lm.kind == "encoder":
        raise InvalidInput(f"model {lm.source} is encoder-only and cannot run task {name}")
    wanted = sorted(set(captures) & {"attention", "gradient"})
    if wanted and lm.kind != "decoder":
        raise InvalidInput(
            f"capturing {' and '.join(wanted)} in an explain session needs a decoder-only "
            f"model; model {lm.source} is {lm.kind} (architecture "
            f"{architectures.for_model(lm.model).family}, model type "
            f"{lm.model.config.model_type})"
        )
    if name == "chat_assistant" and assistant is None:
        raise InvalidInput(f"task chat_assistant on model {lm.source} needs an assistant model")
    if name.startswith("chat") and not getattr(lm.tokenizer, "chat_template", None):
        raise InvalidInput(
            f"task {name} needs a chat template, and the tokenizer of model {lm.source} "
            "has none; use a plain task (question_answering, summarization, translation)"
        )
    session = Session(lm, task, captures, assistant)
    setattr(lm, _SESSION, session)
    return session


def close_session(session):
    """Forget the session and its results; idempotent."""
    lm = session.lm
    if lm is not None and getattr(lm, _SESSION, None) is session:
        setattr(lm, _SESSION, None)
    session.last = None
    session.gradients = None
    session.lm = None


def build_prompt(session, text):
    """The prompt text (or chat message list) of the session's task preset for ``text``."""
    task, lm = session.task, session.lm
    name = task["name"]
    seq2seq = lm.kind == "encoder-decoder"
    if name == "question_answering":
        context = task.get("context")
        head = f"Context: {context}\n" if context else ""
        return f"question: {text} context: {context or ''}" if seq2seq else f"{head}Question: {text}\nAnswer:"
    if name == "translation":
        src, dst = task.get("source") or "English", task.get("target") or "French"
        return (
            f"translate {src} to {dst}: {text}"
            if seq2seq
            else f"Translate {src} to {dst}.\n{src}: {text}\n{dst}:"
        )
    if name == "summarization":
        return f"summarize: {text}" if seq2seq else f"Summarize the text.\nText: {text}\nSummary:"
    messages = []
    if task.get("system"):
        messages.append({"role": "system", "content": task["system"]})
    messages.append({"role": "user", "content": text})
    return messages


def generate(session, text, max_new_tokens=20, num_beams=1):
    """Greedy generation of the task's prompt with the session's captures; returns plain values."""
    started = time.perf_counter()
    lm = _live(session)
    if num_beams != 1:
        raise InvalidInput(
            f"beam search (num_beams={num_beams}) is not supported by explain sessions "
            f"on model {lm.source}; per-token attention and gradients need greedy decoding"
        )
    prompt = build_prompt(session, text)
    ids = generation.tokenize_prompt(lm, prompt, chat=isinstance(prompt, list))
    if not ids:
        raise InvalidInput(f"the input {text!r} gives no tokens for model {lm.source}")
    if max_new_tokens < 1:
        raise InvalidInput(f"max_new_tokens must be at least 1, got {max_new_tokens}")
    _check_positions(session, len(ids), max_new_tokens, "new tokens", "shorten the input")
    attention = "attention" in session.captures and lm.kind == "decoder"
    adapter = architectures.for_model(lm.model)
    cached = attention and adapter.cached_rotary and adapter.rotary(lm.model) is not None
    recorder = QKRecorder(lm, adapter) if cached else None
    try:
        if recorder:
            recorder.attach()
        start, generated, stopped = generation.generate_ids(
            lm, ids, max_new_tokens, assistant=session.assistant
        )
        result = generation.sequence(lm, ids, start, generated, 0, isinstance(prompt, list), stopped)
    finally:
        if recorder:
            recorder.detach()
    pieces = display_pieces(lm.tokenizer, result["promptIds"] + result["generatedIds"])
    result["promptPieces"] = pieces[: len(result["promptIds"])]
    result["generatedPieces"] = pieces[len(result["promptIds"]) :]
    out = {
        "task": session.task["name"],
        "promptText": prompt
        if isinstance(prompt, str)
        else lm.tokenizer.apply_chat_template(prompt, add_generation_prompt=True, tokenize=False),
        **result,
    }
    if attention and result["generatedIds"]:
        seq = result["promptIds"] + result["generatedIds"]
        rows, method = (
            (recorder.rows(len(seq) - 1, len(result["promptIds"])), "kv-cache-rotary")
            if recorder
            else (eager_rows(lm, seq, len(result["promptIds"])), "eager-forward")
        )
        if rows.shape[0] != len(result["generatedIds"]):
            raise RuntimeError(f"{rows.shape[0]} attention rows for {len(result['generatedIds'])} tokens")
        out["attention"] = _array(rows)
        out["attentionMean"] = _array(rows.mean(dim=(1, 2)))
        out["attentionMethod"] = method
    _stamp(out, started)
    session.last = out
    return out


def _check_positions(session, prompt_len, extra, what, fix):
    """Refuse a prompt followed by ``extra`` tokens (``what``) that do not fit the model's positions."""
    lm = session.lm
    limit = max_positions(lm)
    if limit is not None and lm.kind == "decoder" and prompt_len + extra > limit:
        raise InvalidInput(
            f"the {session.task['name']} prompt has {prompt_len} tokens plus {extra} "
            f"{what}, more than model {lm.source} allows ({limit} positions); {fix}"
        )


def _live(session):
    if session.lm is None:
        raise InvalidInput("the explain session is closed")
    return session.lm


def _array(t):
    return t.detach().to("cpu").float().contiguous()


def _stamp(out, started):
    out["engineSeconds"] = time.perf_counter() - started
    out["explain4jVersion"] = explain4j.__version__


def _described(result, which):
    """``result`` without its arrays, with ``arrays``: each present array's name and shape."""
    names = ARRAYS[which]
    plain = {k: v for k, v in result.items() if k not in names}
    plain["arrays"] = {n: [int(d) for d in result[n].shape] for n in names if n in result}
    return plain


def generate_for_java(session, text, max_new_tokens=20, num_beams=1):
    """:func:`generate` without its arrays; Java takes them with :func:`array`."""
    return _described(generate(session, text, max_new_tokens, num_beams), "generation")


def label_gradients_for_java(session, labels):
    """:func:`label_gradients` without its arrays; Java takes them with :func:`array`."""
    return _described(label_gradients(session, labels), "gradients")


def array(session, which, name):
    """One float32 array of the last ``generation`` or ``gradients`` result, for the tensor bridge."""
    result = {"generation": session.last, "gradients": session.gradients}.get(which)
    if result is None or name not in ARRAYS[which] or name not in result:
        raise InvalidInput(f"the explain session holds no {which} array {name!r}")
    return result[name]


def eager_rows(lm, seq, n_prompt):
    """Per-token rows from one uncached eager forward pass over ``seq[:-1]``: [tokens, L, H, K]."""
    import torch

    x = torch.tensor([seq[:-1]], device=lm.device)
    with architectures.for_model(lm.model).eager(lm.model), torch.no_grad():
        att = lm.model(input_ids=x, output_attentions=True).attentions
    full = torch.stack([a[0] for a in att])  # [L, H, Q, K]
    return full.permute(2, 0, 1, 3)[n_prompt - 1 :]


def label_gradients(session, labels):
    """Teacher-forced gradients of the labels' mean NLL after the last generation's prompt.

    Returns the raw gradient w.r.t. the input embeddings [tokens, hidden], its L2 norm per token
    (saliency) and gradient x input of each block's input hidden state, summed over the hidden size
    [layers, tokens]; tokens are the prompt followed by the labels.
    """
    import torch

    started = time.perf_counter()
    lm = _live(session)
    if session.last is None:
        raise InvalidInput(f"call generate before computing label gradients on model {lm.source}")
    if lm.kind != "decoder":
        raise InvalidInput(f"label gradients need a decoder-only model; model {lm.source} is {lm.kind}")
    label_ids = encode_labels(lm, labels)
    if not label_ids:
        raise InvalidInput(f"the labels {labels!r} give no tokens for model {lm.source}")
    prompt = session.last["promptIds"]
    _check_positions(session, len(prompt), len(label_ids), "label tokens", "shorten the labels")
    grads = teacher_forced_gradients(lm.model, prompt, label_ids, lm.device, torch)
    tok = lm.tokenizer
    all_ids = list(prompt) + label_ids
    out = {
        "labelIds": label_ids,
        "tokens": tok.convert_ids_to_tokens(all_ids),
        "pieces": display_pieces(tok, all_ids),
        "promptLength": len(prompt),
        "loss": grads["loss"],
        "gradient": _array(grads["gradient"]),
        "saliency": _array(grads["saliency"]),
        "blockGradientXInput": _array(grads["block"]),
    }
    _stamp(out, started)
    session.gradients = out
    return out


def teacher_forced_gradients(model, prompt, label_ids, device, torch):
    """The gradient tensors of :func:`label_gradients` (torch tensors, float32, on CPU)."""
    seq = torch.tensor([list(prompt) + list(label_ids)], device=device)
    embeds = architectures.for_model(model).embeddings(model)(seq).detach().requires_grad_(True)
    with torch.enable_grad():
        out = model(inputs_embeds=embeds, output_hidden_states=True)
        states = out.hidden_states[:-1]  # the input of each block
        for h in states:
            h.retain_grad()
        n = len(prompt)
        logp = out.logits[0, n - 1 : n - 1 + len(label_ids)].float().log_softmax(-1)
        target = torch.tensor(label_ids, device=device)
        loss = -logp.gather(-1, target[:, None]).mean()
        loss.backward()
    grad = embeds.grad[0].float()
    block = torch.stack([(h.grad[0] * h[0]).sum(-1).float() for h in states])
    return {
        "gradient": grad.cpu(),
        "saliency": grad.norm(dim=-1).cpu(),
        "block": block.detach().cpu(),
        "loss": float(loss.detach()),
    }


def encode_labels(lm, labels):
    """The label ids the gradients use: the text tokenized without special tokens."""
    return [int(i) for i in lm.tokenizer(labels, add_special_tokens=False)["input_ids"]]


def display_pieces(tok, ids):
    """Each token's text as it reads in the decoded sequence (leading spaces kept).

    Decodes growing prefixes and takes the new text; where a prefix's decoding is not a prefix of
    the next (a character split over tokens), the token decoded on its own is used instead.
    """
    pieces, previous = [], ""
    for n in range(1, len(ids) + 1):
        text = tok.decode(ids[:n], skip_special_tokens=False, clean_up_tokenization_spaces=False)
        if text.startswith(previous):
            pieces.append(text[len(previous) :])
        else:
            pieces.append(tok.decode(ids[n - 1 : n], skip_special_tokens=False))
        previous = text
    return pieces
