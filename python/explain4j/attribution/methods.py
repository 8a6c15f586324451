"""Registry of attribution methods: Inseq's names, their defaults and default aggregation."""

from __future__ import annotations

import inspect
import numbers
from dataclasses import dataclass, field
from typing import Callable

from ..errors import InvalidInput
from . import aggregation, attention, gradient, lime, occlusion


@dataclass(frozen=True)
class Method:
    """One attribution method: how to run it and how Inseq aggregates its output by default."""

    name: str
    run: Callable
    family: str  # "gradient", "attention" or "perturbation"
    dims: tuple[str, ...]
    aggregation: list = field(default_factory=list)
    needs_grad: bool = False
    uses_target_fn: bool = True

    def defaults(self) -> dict:
        sig = inspect.signature(self.run)
        return {k: p.default for k, p in list(sig.parameters.items())[1:]
                if p.default is not inspect.Parameter.empty}

    def check_args(self, args: dict) -> dict:
        known = self.defaults()
        unknown = sorted(set(args) - set(known))
        if unknown:
            raise InvalidInput(f"method {self.name!r} does not take {unknown}; it takes "
                               f"{sorted(known) or 'no options'}")
        for name, value in args.items():
            if name in _COUNTS or isinstance(known[name], int) and not isinstance(known[name], bool):
                _check_count(self.name, name, value)
        return {**known, **args}


# Options that count something and may be left as None (the rest are typed by their defaults).
_COUNTS = ("internal_batch_size",)


def _check_count(method, name, value):
    if value is None and name in _COUNTS:
        return
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise InvalidInput(f"{method}: {name} must be an integer, got {value!r}")
    if value < 1:
        raise InvalidInput(f"{method}: {name} must be >= 1, got {value}")


_GRAD_DIMS = ("token", "step", "hidden")
METHODS = {m.name: m for m in [
    Method("saliency", gradient.saliency, "gradient", _GRAD_DIMS,
           aggregation.VNORM_THEN_NORMALIZE, needs_grad=True),
    Method("input_x_gradient", gradient.input_x_gradient, "gradient", _GRAD_DIMS,
           aggregation.VNORM_THEN_NORMALIZE, needs_grad=True),
    Method("deeplift", gradient.deeplift, "gradient", _GRAD_DIMS,
           aggregation.VNORM_THEN_NORMALIZE, needs_grad=True),
    Method("integrated_gradients", gradient.integrated_gradients, "gradient", _GRAD_DIMS,
           aggregation.VNORM_THEN_NORMALIZE, needs_grad=True),
    Method("gradient_shap", gradient.gradient_shap, "gradient", _GRAD_DIMS,
           aggregation.VNORM_THEN_NORMALIZE, needs_grad=True),
    Method("attention", attention.attention, "attention", ("token", "step", "layer", "head"),
           aggregation.MEAN_HEADS_THEN_LAYERS, uses_target_fn=False),
    Method("occlusion", occlusion.occlusion, "perturbation", ("token", "step"), aggregation.NONE),
    Method("lime", lime.lime, "perturbation", _GRAD_DIMS, aggregation.VNORM_THEN_NORMALIZE),
]}


def get(name: str) -> Method:
    if name not in METHODS:
        raise InvalidInput(f"unknown attribution method {name!r}; choose one of "
                           f"{', '.join(sorted(METHODS))}")
    return METHODS[name]
