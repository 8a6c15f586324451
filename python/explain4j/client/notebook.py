"""Python-hosted rendering: ``attention(...)`` and ``render_attribution(...)`` for scripts and notebooks.

Both convert their input to a float32 numpy array, write it to a private Arrow IPC file, and ask the
explain4j gateway JVM (see :mod:`explain4j.client.gateway`) to render it; only the file's path, the tokens
and a few options cross py4j. They return an :class:`HTML` object that notebooks display inline, or
write a complete HTML page and return its path when ``out`` is given.
"""

import json
from pathlib import Path

from ..errors import InvalidInput
from . import gateway as _gateway
from . import ipc


class HTML:
    """Rendered HTML; Jupyter shows it through ``_repr_html_``, ``str()`` gives the markup."""

    def __init__(self, html):
        self.data = html

    def _repr_html_(self):
        return self.data

    def __str__(self):
        return self.data

    def __repr__(self):
        return f"<explain4j.HTML, {len(self.data)} characters>"


def as_array(attn, batch_index=0):
    """Attention as a float32 numpy array: numpy, torch, or a transformers attentions tuple.

    A tuple or list of per-layer tensors shaped ``[batch, heads, q, k]`` (``output_attentions``)
    becomes ``[layers, heads, q, k]`` for the batch item ``batch_index``.
    """
    import numpy as np

    if isinstance(attn, (tuple, list)) and not attn:
        raise InvalidInput("attention is empty")
    if isinstance(attn, (tuple, list)) and hasattr(attn[0], "shape"):
        layers = [as_array(a) for a in attn]
        if any(a.ndim != 4 for a in layers):
            raise InvalidInput(
                "a transformers attentions tuple holds [batch, heads, q, k] tensors "
                f"per layer, got shapes {[a.shape for a in layers]}"
            )
        if not 0 <= batch_index < layers[0].shape[0]:
            raise InvalidInput(f"batch_index {batch_index} is outside the batch of {layers[0].shape[0]}")
        return np.stack([a[batch_index] for a in layers])
    if hasattr(attn, "detach") and hasattr(attn, "cpu"):  # a torch tensor
        attn = attn.detach().cpu().float().contiguous().numpy()
    array = np.asarray(attn)
    if array.dtype.kind not in "fiub":
        raise InvalidInput(f"attention must be numeric, got dtype {array.dtype}")
    return np.ascontiguousarray(array, dtype=np.float32)


def _tokens(name, tokens, expected):
    if tokens is None or isinstance(tokens, (str, bytes)):
        raise InvalidInput(f"{name} must be a list of strings, got {type(tokens).__name__}")
    out = [str(t) for t in tokens]
    if len(out) != expected:
        raise InvalidInput(f"got {len(out)} {name} for {expected} positions")
    return out


def _render(method, array, first, second, options, out, gw):
    options = {k: v for k, v in options.items() if v is not None}
    if out is not None:
        options["out"] = str(Path(out).resolve())
    with ipc.tensor_file(array) as path:
        result = _gateway.call(method, path, first, second, json.dumps(options), gateway=gw)
    return Path(result) if out is not None else HTML(result)


def attention(
    attn,
    tokens,
    key_tokens=None,
    *,
    title=None,
    theme="auto",
    layers=None,
    heads=None,
    label=None,
    element_id=None,
    max_values=None,
    batch_index=0,
    document=False,
    out=None,
    gateway=None,
):
    """Render attention as explain4j's interactive attention page (Inspectus' call).

    ``attn`` is ``[q, k]``, ``[heads, q, k]`` or ``[layers, heads, q, k]`` (numpy or torch), or the
    ``attentions`` tuple of a transformers output. ``tokens`` label the queries, ``key_tokens`` the
    keys (default: the same tokens). ``layers``/``heads`` restrict what is embedded. Returns an
    :class:`HTML` fragment (a complete page with ``document=True``), or writes a page to ``out``
    and returns its path.
    """
    array = as_array(attn, batch_index)
    if not 2 <= array.ndim <= 4:
        raise InvalidInput(
            "attention must have 2 to 4 dimensions ([q,k], [heads,q,k] or "
            f"[layers,heads,q,k]), got shape {array.shape}"
        )
    queries = _tokens("tokens", tokens, array.shape[-2])
    keys = None if key_tokens is None else _tokens("key_tokens", key_tokens, array.shape[-1])
    if keys is None and array.shape[-1] != array.shape[-2]:
        raise InvalidInput(f"attention is {array.shape[-2]}x{array.shape[-1]}: pass key_tokens too")
    options = {
        "title": title,
        "theme": theme,
        "label": label,
        "elementId": element_id,
        "maxEmbeddedValues": max_values,
        "document": document,
        "layers": None if layers is None else [int(i) for i in layers],
        "heads": None if heads is None else [int(i) for i in heads],
    }
    return _render("attentionHtml", array, queries, keys, options, out, gateway)


def model_attention(
    model,
    text,
    *,
    generate=0,
    title=None,
    theme="auto",
    layers=None,
    heads=None,
    element_id=None,
    max_values=None,
    document=False,
    out=None,
    gateway=None,
):
    """Render a model's attention over ``text`` as the interactive attention page.

    The gateway JVM loads ``model`` (a model directory) in its own embedded Python, captures every
    layer and head in one pass over ``text`` and, with ``generate=N``, over the ``N`` tokens it
    generates greedily first; this process needs neither torch nor transformers. The other
    arguments are :func:`attention`'s.
    """
    if not isinstance(text, str) or not text:
        raise InvalidInput(f"text must be a non-empty string, got {text!r}")
    if isinstance(generate, bool) or not isinstance(generate, int) or generate < 0:
        raise InvalidInput(f"generate must be a whole number, 0 or more, got {generate!r}")
    options = {
        "generate": generate,
        "title": title,
        "theme": theme,
        "elementId": element_id,
        "maxEmbeddedValues": max_values,
        "document": document,
        "layers": None if layers is None else [int(i) for i in layers],
        "heads": None if heads is None else [int(i) for i in heads],
    }
    options = {k: v for k, v in options.items() if v is not None}
    if out is not None:
        options["out"] = str(Path(out).resolve())
    result = _gateway.call("modelAttentionHtml", str(model), text, json.dumps(options), gateway=gateway)
    return Path(result) if out is not None else HTML(result)


def render_attribution(
    scores,
    source_tokens,
    target_tokens,
    step_scores=None,
    *,
    title=None,
    theme="auto",
    document=False,
    out=None,
    gateway=None,
):
    """Render an attribution score matrix as a heatmap table (rows: source, columns: target).

    ``scores`` is ``[len(source_tokens), len(target_tokens)]`` (numpy or torch; NaN is an empty
    cell). ``step_scores`` adds rows under the grid: a sequence with one value per target token
    (labelled "step score"), or a dict of label to such sequences.
    """
    array = as_array(scores)
    if array.ndim != 2:
        raise InvalidInput(f"attribution scores must be 2-D [sources, targets], got shape {array.shape}")
    rows = _tokens("source_tokens", source_tokens, array.shape[0])
    cols = _tokens("target_tokens", target_tokens, array.shape[1])
    if step_scores is not None and not isinstance(step_scores, dict):
        step_scores = {"step score": step_scores}
    extra = []
    for name, values in (step_scores or {}).items():
        v = as_array(list(values) if isinstance(values, tuple) else values).reshape(-1)
        if v.size != len(cols):
            raise InvalidInput(f"step scores '{name}' have {v.size} values for {len(cols)} target tokens")
        extra.append({"label": str(name), "values": [None if x != x else float(x) for x in v]})
    options = {"title": title, "theme": theme, "document": document, "stepScores": extra}
    return _render("attributionHtml", array, rows, cols, options, out, gateway)
