"""Queries and keys captured under the KV cache, turned back into attention rows for rotary models.

``QKRecorder`` hooks the outputs of every attention module's ``q_proj`` and ``k_proj`` while the
model generates with its cache. A forward pre-hook on the base model reads the cache length before
each call, so every captured chunk is stored at its true positions; chunks that assisted generation
later rejects are overwritten by the positions' accepted tokens. ``rows`` applies the model's rotary
embedding (cos/sin from its own rotary module), repeats keys over grouped-query heads and takes
``softmax(q k^T * scaling)`` under the causal mask, in float32.
"""

from explain4j.errors import InvalidInput


def rotate_half(x):
    """(-x2, x1) for x split into halves along the last dimension."""
    half = x.shape[-1] // 2
    import torch

    return torch.cat((-x[..., half:], x[..., :half]), dim=-1)


class QKRecorder:
    """Records q_proj/k_proj outputs per layer at their sequence positions during generation."""

    def __init__(self, lm, rotary):
        from explain4j.explain import attention_modules

        self.lm, self.rotary = lm, rotary
        self.modules = attention_modules(lm)
        if not self.modules:
            raise InvalidInput(f"model {lm.source} has no attention modules with q_proj and k_proj")
        config = lm.model.config.get_text_config()
        self.heads = config.num_attention_heads
        self.kv_heads = getattr(config, "num_key_value_heads", None) or self.heads
        self.head_dim = getattr(config, "head_dim", None) or config.hidden_size // self.heads
        self.start = 0
        self.q = [dict() for _ in self.modules]
        self.k = [dict() for _ in self.modules]
        self.handles = []

    def attach(self):
        base = self.lm.model.model
        self.handles.append(base.register_forward_pre_hook(self._position, with_kwargs=True))
        for i, attn in enumerate(self.modules):
            self.handles.append(attn.q_proj.register_forward_hook(self._saver(self.q[i])))
            self.handles.append(attn.k_proj.register_forward_hook(self._saver(self.k[i])))

    def detach(self):
        for h in self.handles:
            h.remove()
        self.handles = []

    def _position(self, module, args, kwargs):
        cache = kwargs.get("past_key_values")
        self.start = int(cache.get_seq_length()) if cache is not None else 0

    def _saver(self, store):
        def save(module, args, out):
            for j in range(out.shape[1]):
                store[self.start + j] = out[0, j].detach().float()

        return save

    def rows(self, positions, n_prompt):
        """Attention rows [tokens, layers, heads, positions] of queries n_prompt-1 .. positions-1."""
        import torch

        layers = [self._layer(i, positions, n_prompt, torch) for i in range(len(self.modules))]
        return torch.stack(layers, dim=1)

    def _layer(self, i, positions, n_prompt, torch):
        missing = [p for p in range(positions) if p not in self.k[i] or p not in self.q[i]]
        if missing:
            raise InvalidInput(f"model {self.lm.source}: no query/key was captured at positions {missing[:5]}")
        q = torch.stack([self.q[i][p] for p in range(positions)])  # [P, H*D]
        k = torch.stack([self.k[i][p] for p in range(positions)])
        q = q.view(positions, self.heads, self.head_dim).transpose(0, 1)  # [H, P, D]
        k = k.view(positions, self.kv_heads, self.head_dim).transpose(0, 1)
        attn = self.modules[i]
        if hasattr(attn, "q_norm"):
            q, k = attn.q_norm(q).float(), attn.k_norm(k).float()
        pos = torch.arange(positions, device=q.device)[None]
        cos, sin = self.rotary(q[None], pos)
        cos, sin = cos[0].float(), sin[0].float()  # [P, D]
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        k = k.repeat_interleave(self.heads // self.kv_heads, dim=0)
        scaling = float(getattr(attn, "scaling", self.head_dim ** -0.5))
        scores = (q[:, n_prompt - 1:] @ k.transpose(1, 2)) * scaling  # [H, T, P]
        query_pos = torch.arange(n_prompt - 1, positions, device=q.device)[:, None]
        key_pos = torch.arange(positions, device=q.device)[None]
        scores = scores.masked_fill(key_pos > query_pos, float("-inf"))
        return scores.softmax(-1).transpose(0, 1)  # [T, H, P]
