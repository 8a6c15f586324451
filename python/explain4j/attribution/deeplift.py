"""DeepLIFT's rescale rule as forward hooks, for batches of (input, reference) row pairs.

Captum's DeepLift (which Inseq uses) runs inputs and references through the model together and,
for every module whose type is one of its supported element-wise non-linearities, replaces the
local gradient by ``delta_out / delta_in`` wherever ``|delta_in| >= eps`` (1e-10); elsewhere the
ordinary gradient is kept. Layers without such modules keep ordinary gradients, so on models with
functional activations (GPT-2's GELU, Llama's SiLU) DeepLIFT equals ``(x - ref) * grad(x)``.

Here the rule is expressed in the forward graph itself: the hooked module's output is rewritten
as ``y.detach() + m * (x - x.detach())`` where the rule applies (same value, gradient ``m``), so it
works with ordinary, replicated and ``is_grads_batched`` backward passes alike. Rows are paired
as ``(2i, 2i + 1) = (input, reference)`` along the batch dimension.
"""

from __future__ import annotations

from contextlib import contextmanager

import torch
from torch import nn

from ..errors import InvalidInput

EPS = 1e-10
ELEMENTWISE = (nn.ReLU, nn.ELU, nn.LeakyReLU, nn.Sigmoid, nn.Tanh, nn.Softplus)
UNSUPPORTED = (nn.Softmax, nn.MaxPool1d, nn.MaxPool2d, nn.MaxPool3d)


def _hook(module, inputs, output):
    x = inputs[0]
    if not torch.is_tensor(output) or x.shape[0] % 2:
        return output
    pairs = x.shape[0] // 2
    xv = x.detach().reshape(pairs, 2, *x.shape[1:])
    yv = output.detach().reshape(pairs, 2, *output.shape[1:])
    d_in = (xv[:, :1] - xv[:, 1:]).expand_as(xv).reshape(x.shape)
    d_out = (yv[:, :1] - yv[:, 1:]).expand_as(yv).reshape(output.shape)
    use = d_in.abs() >= EPS
    mult = torch.where(use, d_out / torch.where(use, d_in, torch.ones_like(d_in)), torch.zeros_like(d_in))
    rescaled = output.detach() + mult * (x - x.detach())
    return torch.where(use, rescaled, output)


@contextmanager
def rescale_rule(model):
    """Install the rescale rule on every supported non-linearity module of ``model``."""
    bad = [type(m).__name__ for m in model.modules() if type(m) in UNSUPPORTED]
    if bad:
        raise InvalidInput(
            f"deeplift: modules {sorted(set(bad))} need Captum's non-element-wise "
            "rules, which explain4j does not implement"
        )
    handles = [m.register_forward_hook(_hook) for m in model.modules() if type(m) in ELEMENTWISE]
    try:
        yield len(handles)
    finally:
        for h in handles:
            h.remove()
