"""Task heads of encoder models: which head a model has, how its inputs are encoded, what is scored.

A head turns the model's output into scores ``[B, K]`` for ``K`` objectives per row, each an index
pair ``(a, c)``: the class ``c`` of a sequence classifier (``a`` unused), the label ``c`` of token
``a`` (token classification), the vocabulary id ``c`` at mask position ``a`` (masked LM), or the
position ``c`` of the answer's start (``a = 0``) or end (``a = 1``) (question answering).
Probabilities are softmaxes over the classes (sigmoids for multi-label classifiers), over the
vocabulary at that position, or over the sequence's own (unpadded) positions for answer starts
and ends; ``logit`` scores the raw logit instead.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass

import torch

from ..errors import InvalidInput

#: transformers class-name suffix -> head name
HEADS = {
    "ForSequenceClassification": "sequence_classification",
    "ForTokenClassification": "token_classification",
    "ForQuestionAnswering": "question_answering",
    "ForMaskedLM": "masked_lm",
}
SCORES = ("probability", "logit")


def head_of(model, source) -> str:
    name = type(model).__name__
    for suffix, head in HEADS.items():
        if name.endswith(suffix):
            return head
    raise InvalidInput(
        f"model {source} has no supported task head ({name}); supported heads: "
        + ", ".join(f"*{s}" for s in HEADS)
    )


def is_multi_label(model) -> bool:
    return getattr(model.config, "problem_type", None) == "multi_label_classification"


def label_names(model) -> list[str]:
    id2label = getattr(model.config, "id2label", None) or {}
    return [str(id2label.get(i, id2label.get(str(i), f"LABEL_{i}"))) for i in range(model.config.num_labels)]


def label_index(model, source, label) -> int:
    """The class index of ``label`` (its name, or an integer index), refused when the model lacks it."""
    names = label_names(model)
    if isinstance(label, int) and not isinstance(label, bool) and 0 <= label < len(names):
        return label
    if str(label) in names:
        return names.index(str(label))
    raise InvalidInput(
        f"model {source} has no label {label!r} (--label, optLabels); its labels are {', '.join(names)}"
    )


@dataclass
class Batch:
    """Encoded rows (right-padded), their lengths, special-token mask and character offsets."""

    ids: torch.Tensor  # [N, T]
    mask: torch.Tensor  # [N, T]
    token_types: torch.Tensor | None
    special: torch.Tensor  # [N, T] bool, True for special tokens (padding included)
    lengths: list[int]
    offsets: list | None
    sequence_ids: list[list]
    word_ids: list[list]


def max_length(model, tokenizer) -> int | None:
    """The longest sequence the model's position embeddings allow (RoBERTa-style offsets included)."""
    config = model.config
    limit = None
    for name in ("max_position_embeddings", "n_positions"):
        value = getattr(config, name, None)
        if isinstance(value, int) and value > 0:
            limit = value
            break
    if limit is None or getattr(config, "position_biased_input", True) is False:
        return None
    embeddings = getattr(model.base_model, "embeddings", None)
    pad = getattr(embeddings, "padding_idx", None)
    if pad is not None and getattr(embeddings, "position_embeddings", None) is not None:
        if getattr(embeddings.position_embeddings, "padding_idx", None) is not None:
            limit -= pad + 1
    return limit


def encode(model, tokenizer, source, texts, pairs, device) -> Batch:
    """Tokenize ``texts`` (with their second segments ``pairs``), refusing any longer than the model."""
    limit = max_length(model, tokenizer)
    args = (texts, pairs) if pairs is not None else (texts,)
    enc = tokenizer(
        *args,
        padding=True,
        padding_side="right",  # rows are sliced to their lengths from the left
        verbose=False,
        return_tensors="pt",
        return_special_tokens_mask=True,
        return_offsets_mapping=bool(getattr(tokenizer, "is_fast", False)),
    )
    lengths = enc["attention_mask"].sum(1).tolist()
    for i, n in enumerate(lengths):
        if limit is not None and n > limit:
            raise InvalidInput(
                f"text {i} has {n} tokens but model {source} has {limit} positions; shorten it"
            )
    sequence_ids = [enc.sequence_ids(i) for i in range(len(texts))] if enc.encodings else []
    word_ids = [enc.word_ids(i) for i in range(len(texts))] if enc.encodings else []
    types = enc.get("token_type_ids")
    accepts_types = "token_type_ids" in inspect.signature(model.forward).parameters
    return Batch(
        ids=enc["input_ids"].to(device),
        mask=enc["attention_mask"].to(device),
        token_types=types.to(device) if types is not None and accepts_types else None,
        special=(enc["special_tokens_mask"].bool() | (enc["attention_mask"] == 0)).to(device),
        lengths=lengths,
        offsets=enc["offset_mapping"].tolist() if "offset_mapping" in enc else None,
        sequence_ids=sequence_ids,
        word_ids=word_ids,
    )


def word_spans(batch, n) -> list[list[int]]:
    """``[start, end)`` spans of two or more tokens of text ``n`` that form one word (its tokenizer's
    word ids, per segment)."""
    if not batch.word_ids:
        return []
    keys = [
        (batch.sequence_ids[n][t], batch.word_ids[n][t]) if batch.word_ids[n][t] is not None else None
        for t in range(batch.lengths[n])
    ]
    spans, start = [], 0
    for t in range(1, len(keys) + 1):
        if t == len(keys) or keys[t] is None or keys[t] != keys[start]:
            if t - start > 1 and keys[start] is not None:
                spans.append([start, t])
            start = t
    return spans


def raw(head, out):
    """The head's logits: ``[B, C]``, ``[B, T, C]``, ``[B, T, V]`` or ``[B, 2, T]`` (start, end)."""
    if head == "question_answering":
        return torch.stack([out.start_logits, out.end_logits], 1)
    return out.logits


def score(head, out, mask, a, c, kind="probability", multi_label=False):
    """Scores ``[B, K]`` of objectives ``(a[B, K], c[B, K])`` on the model output ``out``."""
    logits = raw(head, out)
    if head == "sequence_classification":
        table = logits.unsqueeze(1).expand(-1, a.shape[1], -1)
    else:
        if head == "question_answering":
            logits = logits.masked_fill(mask.unsqueeze(1) == 0, float("-inf"))
        table = logits.gather(1, a.unsqueeze(-1).expand(-1, -1, logits.shape[-1]))
    if kind == "probability":
        table = torch.sigmoid(table) if multi_label else torch.softmax(table, -1)
    return table.gather(-1, c.unsqueeze(-1)).squeeze(-1)


def probabilities(head, out, mask, multi_label=False):
    """Every class's (or position's) probability, as the head's raw output is shaped."""
    logits = raw(head, out)
    if head == "question_answering":
        return torch.softmax(logits.masked_fill(mask.unsqueeze(1) == 0, float("-inf")), -1)
    return torch.sigmoid(logits) if multi_label else torch.softmax(logits, -1)
