"""Sources of a context: character spans, a sentence splitter, and the prompt they sit in.

A source is a span ``[start, end)`` of characters in the context text (a document, a sentence,
a chat message). :class:`Prompt` places the context in the model's prompt (a template, the chat
template when the model has one) and rebuilds the prompt with any subset of sources removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..errors import InvalidInput

DEFAULT_TEMPLATE = "Context:\n{context}\n\nQuestion: {question}"
_SENTENCE = re.compile(r"\S.*?(?:[.!?]+[\"'\u201d\u2019)\]]*(?=\s|$)|$)", re.M)
_HOLE = "\u2063explain4j-source-{}\u2063"


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of ``text``: ends at ``.``, ``!``, ``?`` before a space,
    and at line ends; surrounding whitespace belongs to no sentence."""
    return [(m.start(), m.end()) for m in _SENTENCE.finditer(text) if m.end() > m.start()]


def check_spans(spans, length: int, what: str = "source") -> list[tuple[int, int]]:
    """Spans as int pairs, in order, inside ``[0, length]``, non-empty and non-overlapping."""
    out = []
    for i, span in enumerate(spans):
        try:
            start, end = (int(v) for v in span)
        except (TypeError, ValueError):
            raise InvalidInput(
                f"{what} {i} must be a pair [start, end] of character offsets, got {span!r}"
            ) from None
        if start < 0 or end > length:
            raise InvalidInput(
                f"{what} {i} (characters {start}..{end}) lies outside the context ({length} characters)"
            )
        if end <= start:
            raise InvalidInput(f"{what} {i} (characters {start}..{end}) is empty")
        if out and start < out[-1][1]:
            raise InvalidInput(
                f"{what}s {i - 1} and {i} overlap or are out of order "
                f"(characters {out[-1][0]}..{out[-1][1]} and {start}..{end})"
            )
        out.append((start, end))
    return out


def join_kept(text: str, spans, keep) -> str:
    """The context with the sources not kept removed: kept sources stay in order, each after the
    separator that preceded it in ``text`` (none before the first kept one); text before the
    first source and after the last stays."""
    if not spans:
        return text
    out = [text[: spans[0][0]]]
    seen = False
    for i, (start, end) in enumerate(spans):
        if keep[i]:
            if seen:
                out.append(text[spans[i - 1][1] : start])
            out.append(text[start:end])
            seen = True
    out.append(text[spans[-1][1] :])
    return "".join(out)


@dataclass
class Prompt:
    """The full prompt text, each source's span in it, and how to drop sources from it."""

    text: str
    spans: list
    special: bool
    rebuild: object = field(repr=False)

    def without(self, keep) -> str:
        """The prompt text with the sources whose ``keep`` entry is false removed."""
        return self.rebuild(keep)


def _render(tokenizer, messages):
    return tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)


def rag_prompt(tokenizer, context: str, question: str, spans, template: str, chat: bool) -> Prompt:
    """The context and question in ``template`` (``{context}``, ``{question}``), wrapped in the chat
    template as one user message when ``chat``; ``spans`` are character spans of ``context``."""
    if "{context}" not in template:
        raise InvalidInput("the prompt template must contain {context}")
    hole = _HOLE.format("context")
    user = template.replace("{context}", hole).replace("{question}", question)
    rendered = _render(tokenizer, [{"role": "user", "content": user}]) if chat else user
    if rendered.count(hole) != 1:
        raise InvalidInput("the chat template changed the context; give the prompt without the chat template")
    before, after = rendered.split(hole)
    shift = len(before)
    placed = [(s + shift, e + shift) for s, e in spans]

    def rebuild(keep):
        return before + join_kept(context, spans, keep) + after

    return Prompt(before + context + after, placed, not chat, rebuild)


def chat_prompt(tokenizer, messages, question=None) -> Prompt:
    """A conversation whose turns are the sources, then an optional user question (not a source);
    removing a turn renders the conversation again without it."""
    if not getattr(tokenizer, "chat_template", None):
        raise InvalidInput("the model has no chat template, so chat turns cannot be sources")
    turns = [{"role": m["role"], "content": m["content"]} for m in messages]
    tail = [{"role": "user", "content": question}] if question else []
    holes = [{"role": m["role"], "content": _HOLE.format(i)} for i, m in enumerate(turns)]
    rendered = _render(tokenizer, holes + tail)
    text, placed, pos = "", [], 0
    for i, m in enumerate(turns):
        hole = _HOLE.format(i)
        at = rendered.find(hole, pos)
        if at < 0:
            raise InvalidInput(f"the chat template drops or rewrites message {i}; it cannot be a source")
        text += rendered[pos:at]
        placed.append((len(text), len(text) + len(m["content"])))
        text += m["content"]
        pos = at + len(hole)
    text += rendered[pos:]

    def rebuild(keep):
        kept = [m for m, k in zip(turns, keep) if k]
        return _render(tokenizer, kept + tail)

    return Prompt(text, placed, False, rebuild)
