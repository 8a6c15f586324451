"""The real ``context-cite`` package run on given sources, for parity tests (test support only)."""

from __future__ import annotations

import contextlib
import io

import numpy as np


def partitioner(context, spans):
    """A context-cite partitioner over fixed character spans of ``context``."""
    from context_cite.context_partitioner import BaseContextPartitioner

    class Fixed(BaseContextPartitioner):
        num_sources = property(lambda self: len(spans))

        def split_context(self):
            pass

        def get_source(self, index):
            s, e = spans[index]
            return context[s:e]

        def get_context(self, mask=None):
            keep = np.ones(len(spans), bool) if mask is None else np.asarray(mask, bool)
            out, seen = [], False
            for i, (s, e) in enumerate(spans):
                if keep[i]:
                    if seen:
                        out.append(context[spans[i - 1][1] : s])
                    out.append(context[s:e])
                    seen = True
            return "".join(out)

    return Fixed(context)


def quiet(fn, *args, **kwargs):
    """``fn`` with context-cite's prints and progress bars silenced."""
    with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
        return fn(*args, **kwargs)


def citer(
    model, tokenizer, context, query, spans, template, num_ablations, max_new_tokens, alpha=0.01, batch_size=1
):
    """A ``ContextCiter`` over ``spans`` (nothing computed yet)."""

    def make():
        from context_cite import ContextCiter
        from context_cite.solver import LassoRegression

        tokenizer.padding_side = "left"
        return ContextCiter(
            model,
            tokenizer,
            context,
            query,
            generate_kwargs={"max_new_tokens": max_new_tokens, "do_sample": False},
            num_ablations=num_ablations,
            batch_size=batch_size,
            prompt_template=template,
            partitioner=partitioner(context, spans),
            solver=LassoRegression(alpha),
        )

    return quiet(make)


def run(
    model, tokenizer, context, query, spans, template, num_ablations, max_new_tokens, alpha=0.01, batch_size=1
):
    """ContextCite on ``spans``: returns its response ids, masks and surrogate weights (whole response)."""
    cc = citer(
        model, tokenizer, context, query, spans, template, num_ablations, max_new_tokens, alpha, batch_size
    )
    weights = quiet(cc.get_attributions, verbose=False)
    return {
        "response": cc.response,
        "response_ids": list(cc._response_ids),
        "masks": np.asarray(cc._masks),
        "weights": np.asarray(weights, dtype=np.float64),
    }
