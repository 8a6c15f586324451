"""Discretized integrated gradients (DIG, Sanyal & Ren 2021) with Inseq 0.7.1's path rules.

Each token's path runs from the baseline token's embedding to its own through *anchors*: other
vocabulary embeddings chosen greedily among the current word's ``n_neighbors`` nearest neighbours
(Euclidean, self excluded), then made monotonic between the baseline and the previous point. The
attribution of a token is ``sum_i grad(p_i) * (p_{i+1} - p_i)`` over the ``n_steps`` path points
(the last point, the input itself, has weight 0 and is not run), times ``x - baseline`` when
``multiply_by_inputs``.

Inseq builds every path again at each generation step, one token at a time in Python, over a
nearest-neighbour graph of the whole vocabulary. Here the paths are built once per sequence, for
all its tokens at once, and the neighbours of a word (and their scores as anchors) are computed
only when a path reaches it (one batched distance matrix per path step), then kept per model
(:class:`AnchorIndex`).
"""

from __future__ import annotations

import weakref

import torch

from .modeling import wide
from .vjp import shared_point_grads

STRATEGIES = ("greedy", "maxcount")
_INDEXES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_QUERY_CHUNK = 256
_MARGIN = 64  # float32 candidates beyond k: the exact float64 order is taken among them


class AnchorIndex:
    """A model's scaled vocabulary embeddings and the nearest neighbours found so far.

    Neighbours are ordered nearest first by float64 distances, as scikit-learn's
    ``kneighbors_graph`` orders them (a float32 distance matrix only preselects ``k + 1 + 64``
    candidates); a word's own row is left out (the nearest row when duplicates hide it, as
    scikit-learn does).
    """

    def __init__(self, embeddings: torch.Tensor, n_neighbors: int):
        self.emb = embeddings
        self.k = min(int(n_neighbors), embeddings.shape[0] - 1)
        self._emb32 = embeddings.float()
        self._sq = (self._emb32 * self._emb32).sum(-1)
        self._rows = torch.full((embeddings.shape[0], self.k), -1, dtype=torch.long, device=embeddings.device)
        self._known = torch.zeros(embeddings.shape[0], dtype=torch.bool, device=embeddings.device)
        self._scores: dict = {}

    @classmethod
    def of(cls, adapter, n_neighbors: int) -> AnchorIndex:
        """The index of ``adapter``'s model, built once per model, embedding weights and ``n_neighbors``."""
        weight = adapter.arch.embeddings(adapter.model).weight
        key = (weight.data_ptr(), weight._version, float(adapter.embed_scale), int(n_neighbors))
        per_model = _INDEXES.setdefault(adapter.model, {})
        if key not in per_model:
            per_model.clear()
            with torch.no_grad():
                per_model[key] = cls(weight.detach() * adapter.embed_scale, n_neighbors)
        return per_model[key]

    def neighbours(self, words: torch.Tensor) -> torch.Tensor:
        """``[N, k]`` nearest neighbours of ``words`` (searched once per word, then kept)."""
        missing = torch.unique(words[~self._known[words]])
        for i in range(0, len(missing), _QUERY_CHUNK):
            q = missing[i : i + _QUERY_CHUNK]
            self._rows[q] = self._search(q)
            self._known[q] = True
        return self._rows[words]

    def anchor_scores(self, words, base, n_steps: int, strategy: str) -> torch.Tensor:
        """``[N, k]`` scores of each word's neighbours as anchors towards its baseline (lower is
        better). They depend on the word, the baseline, ``n_steps`` and ``strategy`` only, so they
        are computed once per word and kept."""
        out = torch.empty(len(words), self.k, dtype=self.emb.dtype, device=self.emb.device)
        for b in torch.unique(base).tolist():
            sel = (base == b).nonzero().flatten()
            key = (b, int(n_steps), strategy)
            if key not in self._scores:
                self._scores[key] = (
                    torch.zeros(self.emb.shape[0], dtype=torch.bool, device=self.emb.device),
                    torch.empty(self.emb.shape[0], self.k, dtype=self.emb.dtype, device=self.emb.device),
                )
            done, table = self._scores[key]
            need = torch.unique(words[sel][~done[words[sel]]])
            if len(need):
                a, x, y = self.emb[self.neighbours(need)], self.emb[need].unsqueeze(1), self.emb[b]
                if strategy == "greedy":
                    table[need] = _greedy_distance(a, y, x, n_steps)
                else:
                    table[need] = (10000 - _monotonic(a, y, x).sum(-1)).to(self.emb.dtype)
                done[need] = True
            out[sel] = table[words[sel]]
        return out

    def _search(self, q: torch.Tensor) -> torch.Tensor:
        """Candidates from one float32 distance matrix, then the exact order among them in float64."""
        d2 = self._sq[q, None] + self._sq[None, :] - 2.0 * (self._emb32[q] @ self._emb32.T)
        wide = min(self.emb.shape[0], self.k + 1 + _MARGIN)
        cand = torch.topk(d2, wide, dim=1, largest=False, sorted=False).indices
        exact = (self.emb[cand].double() - self.emb[q].double().unsqueeze(1)).pow(2).sum(-1)
        order = torch.sort(exact, dim=1, stable=True).indices[:, : self.k + 1]
        near = cand.gather(1, order)
        own = near == q[:, None]
        own[~own.any(1), 0] = True  # self not among them (duplicates): drop the nearest
        keep = ~own
        keep &= keep.cumsum(1) <= self.k
        return near[keep].view(len(q), self.k)


def _monotonic(anchor, baseline, point):
    """Dimensions where ``anchor`` lies between ``point`` and ``baseline`` (equal to both when
    they are equal): Inseq's three cases in one test."""
    return (anchor >= torch.minimum(baseline, point)) & (anchor <= torch.maximum(baseline, point))


def _make_monotonic(anchor, baseline, point, n_steps):
    """``anchor`` with its non-monotonic dimensions moved to ``point - (point - baseline) / n_steps``."""
    moved = point - (1.0 / n_steps) * (point - baseline)
    return torch.where(_monotonic(anchor, baseline, point), anchor, moved)


def _greedy_distance(anchor, baseline, point, n_steps):
    """``|anchor - monotonic(anchor)|``: only the moved dimensions count."""
    moved = point - (1.0 / n_steps) * (point - baseline)
    gap = torch.where(_monotonic(anchor, baseline, point), 0.0, anchor - moved)
    return gap.pow(2).sum(-1).sqrt()


def word_paths(index: AnchorIndex, ids, base, n_steps: int, strategy: str, special) -> torch.Tensor:
    """``[n_steps - 1, L]`` anchor words: row 0 is ``ids``; each next row is chosen per token."""
    path = [ids]
    fixed = torch.isin(ids, special)
    cur = ids
    for _ in range(n_steps - 2):
        nxt = base.clone()
        todo = ~fixed & (cur != base)
        if bool(todo.any()):
            rows = todo.nonzero().flatten()
            nb = index.neighbours(cur[rows])
            score = index.anchor_scores(cur[rows], base[rows], n_steps, strategy)
            seen = torch.stack(path, 1)[rows]
            taken = (nb.unsqueeze(-1) == seen.unsqueeze(1)).any(-1) | (nb == base[rows].unsqueeze(1))
            score = score.masked_fill(taken, float("inf"))
            pick = nb.gather(1, score.argmin(1, keepdim=True)).squeeze(1)
            nxt[rows] = torch.where(taken.all(1), base[rows], pick)
        nxt = torch.where(fixed, ids, nxt)
        path.append(nxt)
        cur = nxt
    return torch.stack(path)


def path_points(index: AnchorIndex, ids, base, n_steps: int, strategy: str, special) -> torch.Tensor:
    """``[n_steps, L, H]`` path embeddings, baseline first and the input last."""
    words = word_paths(index, ids, base, n_steps, strategy, special)
    E = index.emb
    b = E[base]
    points = [E[ids]]
    for j in range(1, words.shape[0]):
        points.append(_make_monotonic(E[words[j]], b, points[-1], n_steps))
    points.append(b)
    return torch.stack(points[::-1])


def discretized_integrated_gradients(
    ctx,
    n_steps: int = 50,
    method: str = "greedy",
    internal_batch_size: int | None = None,
    multiply_by_inputs: bool = False,
    n_neighbors: int = 50,
):
    n = int(n_steps)
    index = AnchorIndex.of(ctx.adapter, n_neighbors)
    special = torch.tensor(
        sorted(set(ctx.tokenizer.all_special_ids)), dtype=torch.long, device=index.emb.device
    )
    seq = ctx.seq

    def points(ids, base):
        with torch.no_grad():
            p = path_points(index, ids.to(index.emb.device), base.to(index.emb.device), n, method, special)
        p = p.to(ctx.x_dec.device, ctx.x_dec.dtype)
        return p[:-1], p[1:] - p[:-1]

    if ctx.attr_dec:
        dec, w_dec = points(seq.target_ids, seq.target_baseline_ids)
    else:
        dec, w_dec = ctx.x_dec.unsqueeze(0).expand(n - 1, -1, -1), None
    src, w_src = points(seq.source_ids, seq.source_baseline_ids) if ctx.x_src is not None else (None, None)
    if internal_batch_size is not None and ctx.point_chunk is None:
        ctx.point_chunk = int(internal_batch_size)
    coef = torch.ones(len(ctx.steps), n - 1, device=dec.device)
    gs, gd = shared_point_grads(
        ctx.adapter,
        src,
        dec,
        coef,
        ctx.steps,
        attr_src=ctx.attr_src,
        attr_dec=ctx.attr_dec,
        strategy=ctx.strategy,
        max_tokens=ctx.max_tokens,
        point_chunk=ctx.point_chunk,
        vjp_tokens=ctx.vjp_tokens,
        weights=(w_src, w_dec),
    )
    if not multiply_by_inputs:
        return gs, gd
    return (
        gs * wide(ctx.x_src - ctx.b_src) if gs is not None else None,
        gd * wide(ctx.x_dec - ctx.b_dec) if gd is not None else None,
    )
