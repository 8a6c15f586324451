"""Queries and keys captured under the KV cache, turned back into attention rows for rotary models.

``QKRecorder`` hooks the query and key projections of every attention module (where the model's
architecture adapter says they are) while the model generates with its cache. A forward pre-hook on
the base model reads the cache length before each call, so every captured chunk is stored at its
true positions; chunks that assisted generation later rejects are overwritten by the positions'
accepted tokens. ``rows`` applies the model's rotary embedding (cos/sin from its own rotary
module), repeats keys over grouped-query heads and takes ``softmax(q k^T * scaling)`` under the
causal (and sliding-window) mask, in float32, with the family's query/key norm and logit soft cap
where it has them.
"""

from explain4j.errors import InvalidInput


def rotate_half(x):
    """(-x2, x1) for x split into halves along the last dimension."""
    half = x.shape[-1] // 2
    import torch

    return torch.cat((-x[..., half:], x[..., :half]), dim=-1)


class QKRecorder:
    """Records query/key projection outputs per layer at their sequence positions during generation."""

    def __init__(self, lm, adapter):
        self.lm, self.adapter = lm, adapter
        self.rotary = adapter.rotary(lm.model)
        self.modules = adapter.attention_modules(lm.model)
        config = lm.model.config.get_text_config()
        self.config = config
        self.heads = config.num_attention_heads
        self.kv_heads = getattr(config, "num_key_value_heads", None) or self.heads
        self.head_dim = getattr(config, "head_dim", None) or config.hidden_size // self.heads
        self.start = 0
        self.q = [dict() for _ in self.modules]
        self.k = [dict() for _ in self.modules]
        self.handles = []

    def attach(self):
        base = self.adapter.base(self.lm.model)
        self.handles.append(base.register_forward_pre_hook(self._position, with_kwargs=True))
        for i, attn in enumerate(self.modules):
            for module, split in self.adapter.qk_projections(attn, self.config):
                self.handles.append(module.register_forward_hook(self._saver(i, split)))

    def detach(self):
        for h in self.handles:
            h.remove()
        self.handles = []

    def _position(self, module, args, kwargs):
        cache = kwargs.get("past_key_values")
        self.start = int(cache.get_seq_length()) if cache is not None else 0

    def _saver(self, i, split):
        def save(module, args, out):
            for name, part in split(out).items():
                store = self.q[i] if name == "q" else self.k[i]
                for j in range(part.shape[1]):
                    store[self.start + j] = part[0, j].detach().float()

        return save

    def rows(self, positions, n_prompt):
        """Attention rows [tokens, layers, heads, positions] of queries n_prompt-1 .. positions-1."""
        import torch

        layers = [self._layer(i, positions, n_prompt, torch) for i in range(len(self.modules))]
        return torch.stack(layers, dim=1)

    def _layer(self, i, positions, n_prompt, torch):
        missing = [p for p in range(positions) if p not in self.k[i] or p not in self.q[i]]
        if missing:
            raise InvalidInput(
                f"model {self.lm.source}: no query/key was captured at positions {missing[:5]}"
            )
        q = torch.stack([self.q[i][p] for p in range(positions)])  # [P, H*D]
        k = torch.stack([self.k[i][p] for p in range(positions)])
        q = q.view(positions, self.heads, self.head_dim).transpose(0, 1)  # [H, P, D]
        k = k.view(positions, self.kv_heads, self.head_dim).transpose(0, 1)
        attn = self.modules[i]
        q, k = self.adapter.qk_norm(attn, q, k)
        pos = torch.arange(positions, device=q.device)[None]
        cos, sin = self.adapter.cos_sin(self.rotary, attn, q[None], pos)
        cos, sin = cos[0].float(), sin[0].float()  # [P, R], R <= D: partial rotary leaves D - R as is
        q, k = _rotate(q, cos, sin), _rotate(k, cos, sin)
        k = k.repeat_interleave(self.heads // self.kv_heads, dim=0)
        scaling = float(getattr(attn, "scaling", self.head_dim**-0.5))
        scores = (q[:, n_prompt - 1 :] @ k.transpose(1, 2)) * scaling  # [H, T, P]
        cap = self.adapter.softcap(attn)
        if cap:
            scores = torch.tanh(scores / cap) * cap
        query_pos = torch.arange(n_prompt - 1, positions, device=q.device)[:, None]
        key_pos = torch.arange(positions, device=q.device)[None]
        hidden = key_pos > query_pos
        window = self.adapter.sliding_window(attn, self.config)
        if window:
            hidden = hidden | (key_pos <= query_pos - window)
        scores = scores.masked_fill(hidden, float("-inf"))
        return scores.softmax(-1).transpose(0, 1)  # [T, H, P]


def _rotate(x, cos, sin):
    """The rotary embedding on the first ``cos.shape[-1]`` dimensions of ``x`` (all, usually)."""
    import torch

    r = cos.shape[-1]
    if r == x.shape[-1]:
        return x * cos + rotate_half(x) * sin
    head = x[..., :r]
    return torch.cat((head * cos + rotate_half(head) * sin, x[..., r:]), dim=-1)
