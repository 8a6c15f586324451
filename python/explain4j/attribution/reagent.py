"""ReAGent (Zhao & Shan 2024) as Inseq 0.7.1 runs it: importance by replacing tokens.

For each generation step, ``num_probes`` probes start from random logistic scores. Each round
replaces a random ``replacing_ratio`` of the tokens by tokens of the same group (see
:func:`token_groups`) and moves each token's score by the drop of the target's probability; then
the tokens outside the ``keep_top_n`` best are replaced and the probe stops once the target is
among the ``stopping_condition_top_k`` predictions. The result is the mean softmax score over the
stopped probes, the same for every hidden unit (Inseq's layout).

Random numbers come from torch's global generator, drawn in Inseq's order and shapes (three
``torch.rand`` per round, over every probe), so the same seed gives the same result, and Inseq's own
result when both use the same token groups. Differences from Inseq that leave the numbers as they
are: stopped probes run no more forward passes (Inseq runs all probes every round and discards
those rows), logits are computed only at the last position, and the unchanged input runs once,
not once per probe.

Token groups: Inseq tags every vocabulary entry with NLTK's averaged perceptron tagger, which it
downloads at first use. When that tagger is installed (``nltk.download("averaged_perceptron_tagger_eng")``
or the older ``averaged_perceptron_tagger``) the same tagging is used here; offline without it,
tokens are grouped by their shape instead (leading space, letters, capitals, digits, punctuation);
:func:`token_groups` says which one ran.
"""

from __future__ import annotations

import math
import re
import weakref

import torch

from ..errors import InvalidInput
from .modeling import wide

_GROUPS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _nltk_tagger():
    try:
        import nltk

        for name in ("taggers/averaged_perceptron_tagger_eng", "taggers/averaged_perceptron_tagger"):
            try:
                nltk.data.find(name)
                return nltk.pos_tag
            except LookupError:
                continue
    except ImportError:
        pass
    return None


def _shape(word: str) -> str:
    text = word.strip()
    lead = "space" if word[:1].isspace() or word.startswith(("Ġ", "▁")) else "inner"
    if not text:
        return "blank"
    if text.isalpha():
        kind = "title" if text[0].isupper() else "lower"
    elif text.isdigit():
        kind = "digit"
    elif re.fullmatch(r"\W+", text):
        kind = "punct"
    else:
        kind = "mixed"
    return f"{lead}-{kind}"


def token_groups(tokenizer) -> tuple[dict[str, list[int]], str]:
    """Groups of token ids that replace each other, and how they were made (kept per tokenizer)."""
    try:
        cached = _GROUPS.get(tokenizer)
    except TypeError:
        cached = None
    if cached is not None:
        return cached
    tag = _nltk_tagger()
    groups: dict[str, list[int]] = {}
    for i in range(tokenizer.vocab_size):
        word = tokenizer.decode([i])
        key = tag([word.strip()])[0][1] if tag else _shape(word)
        groups.setdefault(key, []).append(i)
    out = (groups, "nltk-pos" if tag else "token-shape")
    try:
        _GROUPS[tokenizer] = out
    except TypeError:
        pass
    return out


class _Sampler:
    """Uniform draw of a token from each token's group (Inseq's arithmetic, in float32)."""

    def __init__(self, groups: dict[str, list[int]], vocab_size: int, device):
        self.id2group = torch.zeros(vocab_size, dtype=torch.long, device=device)
        for g, ids in enumerate(groups.values()):
            self.id2group[ids] = g
        self.sizes = torch.tensor([len(v) for v in groups.values()], dtype=torch.long, device=device)
        n = len(groups)
        below = torch.tril(torch.ones([n, n], device=device), diagonal=-1)
        self.offsets = torch.sum(below * self.sizes, dim=-1)
        self.flat = torch.cat([torch.tensor(v, dtype=torch.long, device=device) for v in groups.values()])

    def __call__(self, ids):
        g = self.id2group[ids]
        u = torch.rand(ids.shape, device=ids.device)
        return self.flat[(u * self.sizes[g] + self.offsets[g]).long()]


def reagent(
    ctx,
    keep_top_n: int = 5,
    keep_ratio: float | None = None,
    invert_keep: bool = False,
    stopping_condition_top_k: int = 3,
    replacing_ratio: float = 0.3,
    max_probe_steps: int = 3000,
    num_probes: int = 16,
):
    """Per-step importance ``(src[K, S, H] | None, dec[K, T, H] | None)``."""
    if keep_top_n == 0 and keep_ratio is None:
        raise InvalidInput("reagent: keep_top_n is 0, so keep_ratio must be given")
    seq, adapter = ctx.seq, ctx.adapter
    groups, _ = token_groups(ctx.tokenizer)
    sampler = _Sampler(groups, ctx.tokenizer.vocab_size, adapter.device)
    src_ids = seq.source_ids.to(adapter.device) if seq.is_encoder_decoder else None
    tgt_ids = seq.target_ids.to(adapter.device)
    S = len(src_ids) if src_ids is not None else 0
    K, T, H = len(ctx.steps), len(tgt_ids), adapter.hidden_size
    acc = dict(device=adapter.device, dtype=wide(ctx.x_dec[:1]).dtype)
    src_out = torch.zeros(K, S, H, **acc) if ctx.attr_src else None
    dec_out = torch.zeros(K, T, H, **acc) if ctx.attr_dec else None
    probe = _Probe(adapter, sampler, src_ids, ctx.attr_src and ctx.attr_dec, locals())
    for k, p in enumerate(ctx.steps.positions.tolist()):
        scores = probe.run(tgt_ids[:p], tgt_ids[p], k, seq.target_tokens[p])
        if src_ids is not None:
            src_out[k] = scores[:S, None]
        if ctx.attr_dec:
            dec_out[k, :p] = scores[S:, None] if src_ids is not None else scores[:, None]
    return src_out, dec_out


class _Probe:
    def __init__(self, adapter, sampler, src_ids, joint, opts):
        self.adapter, self.sampler, self.src_ids, self.joint = adapter, sampler, src_ids, joint
        self.keep_top_n, self.keep_ratio = opts["keep_top_n"], opts["keep_ratio"]
        self.invert_keep, self.top_k = opts["invert_keep"], opts["stopping_condition_top_k"]
        self.ratio, self.max_steps = opts["replacing_ratio"], opts["max_probe_steps"]
        self.n = opts["num_probes"]

    def _prob(self, src, dec, target):
        """Softmax probability of ``target`` and whether it is in the top k, at the last position."""
        with torch.no_grad():
            s = self.adapter.embed(src) if src is not None else None
            last = torch.tensor([dec.shape[1] - 1], device=dec.device)
            logits, _ = self.adapter.logits(s, self.adapter.embed(dec), last)
        last = logits[:, -1]
        hit = (last > last[:, target : target + 1]).sum(-1) < self.top_k
        return torch.softmax(last, -1)[:, target : target + 1], hit

    def _split(self, rows, dec):
        """(source rows, decoder rows) of probe rows over the attributed ids."""
        if self.src_ids is None:
            return None, rows
        if self.joint:
            return rows[:, : len(self.src_ids)], rows[:, len(self.src_ids) :]
        return rows, dec.expand(rows.shape[0], -1)

    def run(self, dec, target, k, token):
        n = self.n
        dec = dec.unsqueeze(0)
        ids = dec[0] if self.src_ids is None else self.src_ids
        if self.joint:
            ids = torch.cat([self.src_ids, dec[0]])
        rows = ids.unsqueeze(0).repeat(n, 1)
        src0 = self.src_ids.unsqueeze(0) if self.src_ids is not None else None
        p_orig = self._prob(src0, dec, target)[0]
        logit = torch.rand(rows.shape, device=rows.device)
        stop = torch.zeros(n, dtype=torch.bool, device=rows.device)
        top_n = self.keep_top_n or int(math.ceil(self.keep_ratio * rows.shape[-1]))
        for _ in range(int(self.max_steps)):
            mask = torch.rand(rows.shape, device=rows.device) < self.ratio
            replaced = rows * ~mask + self.sampler(rows) * mask
            live = (~stop).nonzero().flatten()
            update = logit.to(torch.promote_types(logit.dtype, p_orig.dtype)).clone()
            if len(live):
                p_rep, _ = self._prob(*self._split(replaced[live], dec), target)
                delta = p_orig - p_rep
                score = mask[live] * delta + ~mask[live] * -delta
                update[live] = logit[live] + torch.logit(score * 0.5 + 0.5)
            logit = update
            importance = torch.softmax(logit, -1)
            order = torch.argsort(importance, descending=True)
            keep = torch.ones_like(importance, dtype=torch.bool)
            keep = keep.scatter(-1, order[..., :top_n], self.invert_keep)
            kept = rows * ~keep + self.sampler(rows) * keep
            if len(live):
                _, hit = self._prob(*self._split(kept[live], dec), target)
                stop[live] |= hit
            if bool(stop.all()):
                break
        if not bool(stop.any()):
            raise InvalidInput(
                f"reagent: no probe met the stopping condition within max_probe_steps={self.max_steps} at "
                f"step {k} (token {token!r}); raise max_probe_steps or stopping_condition_top_k, or lower "
                "keep_top_n"
            )
        importance = torch.softmax(logit, -1)
        return (importance * stop.unsqueeze(-1)).sum(0) / stop.sum()
