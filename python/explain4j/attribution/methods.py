"""Registry of attribution methods: Inseq's names, their options and default aggregation.

This is the one home of these facts: Java reads them through :mod:`.catalog` to validate its
options and to write the command line's help. A method's options are the keyword parameters of its
``run`` function: the annotation gives the type, the default the default; every integer option
counts something (at least 1); ``limits`` and ``choices`` add what a type cannot say.

Default aggregation (what Inseq 0.7.1's ``aggregate()`` does with no arguments, read from its
source), as steps that Java's ``Aggregation`` applies:

* Granular outputs (gradient methods, LIME): the L2 vector norm over the last (hidden) dimension,
  then normalisation. Signs are dropped.
* Multi-dimensional outputs (attention: ``[..., layers, heads]``): the mean over the last
  dimension, then normalisation, twice (heads first, then layers).
* Value zeroing (``[..., layers]``): the mean over layers, then normalisation.
* Coarse outputs (occlusion, already ``|delta|`` per token): no aggregation.

Normalisation: source and target are concatenated along the token dimension, NaNs count as 0,
every step column is divided by ``max(sum |x|, 1e-12)``, and the NaNs are put back.
"""

from __future__ import annotations

import inspect
import numbers
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..errors import InvalidInput
from . import (
    attention,
    classifier_methods,
    dig,
    gradient,
    layers,
    lime,
    occlusion,
    reagent,
    sig,
    value_zeroing,
)

_NORMALIZE = {
    "op": "normalize",
    "p": 1,
    "dim": 0,
    "eps": 1e-12,
    "joint": ["source", "target"],
    "nan": "treated as 0, restored after",
}
VNORM_THEN_NORMALIZE = [{"op": "vnorm", "dim": -1, "ord": 2}, _NORMALIZE]
MEAN_HEADS_THEN_LAYERS = [
    {"op": "mean", "dim": -1, "over": "heads"},
    _NORMALIZE,
    {"op": "mean", "dim": -1, "over": "layers"},
    _NORMALIZE,
]
MEAN_LAYERS = [{"op": "mean", "dim": -1, "over": "layers"}, _NORMALIZE]
NONE: list[dict] = []

_TYPES = {int: "int", float: "float", bool: "bool", str: "str", list[int]: "int_list"}


@dataclass(frozen=True)
class Option:
    """One method option: its type (``int``, ``float``, ``bool``, ``str`` or ``int_list``),
    default, whether None is allowed, and its bounds or choices."""

    name: str
    type: str
    default: Any
    nullable: bool = False
    min: float | None = None
    max: float | None = None
    choices: tuple = ()

    def check(self, method: str, value) -> None:
        if value is None and self.nullable:
            return
        what = f"{method}: {self.name}"
        if self.type == "int":
            if isinstance(value, bool) or not isinstance(value, numbers.Integral):
                raise InvalidInput(f"{what} must be an integer, got {value!r}")
        elif self.type == "float":
            if isinstance(value, bool) or not isinstance(value, numbers.Real) or value != value:
                raise InvalidInput(f"{what} must be a number, got {value!r}")
        elif self.type == "bool" and not isinstance(value, bool):
            raise InvalidInput(f"{what} must be true or false, got {value!r}")
        elif self.type == "str" and not isinstance(value, str):
            raise InvalidInput(f"{what} must be a string, got {value!r}")
        elif self.type == "int_list" and (
            not isinstance(value, (list, tuple))
            or any(isinstance(v, bool) or not isinstance(v, numbers.Integral) for v in value)
        ):
            raise InvalidInput(f"{what} must be a list of integers, got {value!r}")
        if self.min is not None and value < self.min:
            raise InvalidInput(f"{what} must be >= {self.min:g}, got {value}")
        if self.max is not None and value > self.max:
            raise InvalidInput(f"{what} must be <= {self.max:g}, got {value}")
        if self.choices and value not in self.choices:
            raise InvalidInput(f"{what} must be one of {', '.join(self.choices)}, got {value!r}")

    def describe(self) -> dict:
        return {
            "name": self.name,
            "type": self.type,
            "default": self.default,
            "nullable": self.nullable,
            "min": self.min,
            "max": self.max,
            "choices": list(self.choices),
        }


def _options(run: Callable, limits: dict, choices: dict) -> dict[str, Option]:
    hints = typing.get_type_hints(run)
    out = {}
    for name, p in list(inspect.signature(run).parameters.items())[1:]:
        hint = hints[name]
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        nullable = typing.get_origin(hint) in (typing.Union, types.UnionType)
        kind = _TYPES[args[0] if nullable else hint]
        low, high = limits.get(name, (1, None) if kind == "int" else (None, None))
        out[name] = Option(name, kind, p.default, nullable, low, high, tuple(choices.get(name, ())))
    return out


@dataclass(frozen=True)
class Method:
    """One attribution method: how to run it, its options and how Inseq aggregates its output."""

    name: str
    run: Callable | None  # None: the method explains encoder task heads only
    family: str  # "gradient", "attention" or "perturbation"
    dims: tuple[str, ...]
    aggregation: list = field(default_factory=list)
    needs_grad: bool = False
    uses_target_fn: bool = True
    limits: dict = field(default_factory=dict)
    choices: dict = field(default_factory=dict)
    #: the method for encoder task heads (same options as ``run``), or None
    classify: Callable | None = None

    def options(self) -> dict[str, Option]:
        return _options(self.run or self.classify, self.limits, self.choices)

    def defaults(self) -> dict:
        return {k: o.default for k, o in self.options().items()}

    def check_args(self, args: dict) -> dict:
        known = self.options()
        unknown = sorted(set(args) - set(known))
        if unknown:
            raise InvalidInput(
                f"method {self.name!r} does not take {unknown}; it takes {sorted(known) or 'no options'}"
            )
        for name, value in args.items():
            known[name].check(self.name, value)
        return {**self.defaults(), **args}

    def describe(self) -> dict:
        return {
            "name": self.name,
            "family": self.family,
            "dims": list(self.dims),
            "defaultAggregation": [dict(a) for a in self.aggregation],
            "usesAttributedFn": self.uses_target_fn,
            "needsGrad": self.needs_grad,
            "generation": self.run is not None,
            "classifier": self.classify is not None,
            "options": [o.describe() for o in self.options().values()],
        }


_GRAD_DIMS = ("token", "step", "hidden")
METHODS = {
    m.name: m
    for m in [
        Method(
            "saliency",
            gradient.saliency,
            "gradient",
            _GRAD_DIMS,
            VNORM_THEN_NORMALIZE,
            needs_grad=True,
            classify=classifier_methods.saliency,
        ),
        Method(
            "input_x_gradient",
            gradient.input_x_gradient,
            "gradient",
            _GRAD_DIMS,
            VNORM_THEN_NORMALIZE,
            needs_grad=True,
            classify=classifier_methods.input_x_gradient,
        ),
        Method(
            "deeplift",
            gradient.deeplift,
            "gradient",
            _GRAD_DIMS,
            VNORM_THEN_NORMALIZE,
            needs_grad=True,
            classify=classifier_methods.deeplift,
        ),
        Method(
            "integrated_gradients",
            gradient.integrated_gradients,
            "gradient",
            _GRAD_DIMS,
            VNORM_THEN_NORMALIZE,
            needs_grad=True,
            choices={"method": gradient.IG_RULES},
            classify=classifier_methods.integrated_gradients,
        ),
        Method(
            "discretized_integrated_gradients",
            dig.discretized_integrated_gradients,
            "gradient",
            _GRAD_DIMS,
            VNORM_THEN_NORMALIZE,
            needs_grad=True,
            limits={"n_steps": (2, None)},
            choices={"method": dig.STRATEGIES},
        ),
        Method(
            "gradient_shap",
            gradient.gradient_shap,
            "gradient",
            _GRAD_DIMS,
            VNORM_THEN_NORMALIZE,
            needs_grad=True,
            limits={"stdevs": (0.0, None)},
            classify=classifier_methods.gradient_shap,
        ),
        Method(
            "sequential_integrated_gradients",
            sig.sequential_integrated_gradients,
            "gradient",
            _GRAD_DIMS,
            VNORM_THEN_NORMALIZE,
            needs_grad=True,
            choices={"method": gradient.IG_RULES},
        ),
        Method(
            "layer_integrated_gradients",
            layers.layer_integrated_gradients,
            "gradient",
            _GRAD_DIMS,
            VNORM_THEN_NORMALIZE,
            needs_grad=True,
            choices={"method": gradient.IG_RULES},
        ),
        Method(
            "layer_gradient_x_activation",
            layers.layer_gradient_x_activation,
            "gradient",
            _GRAD_DIMS,
            VNORM_THEN_NORMALIZE,
            needs_grad=True,
        ),
        Method(
            "layer_deeplift",
            layers.layer_deeplift,
            "gradient",
            _GRAD_DIMS,
            VNORM_THEN_NORMALIZE,
            needs_grad=True,
        ),
        Method(
            "attention",
            attention.attention,
            "attention",
            ("token", "step", "layer", "head"),
            MEAN_HEADS_THEN_LAYERS,
            uses_target_fn=False,
            classify=classifier_methods.attention,
        ),
        Method(
            "occlusion",
            occlusion.occlusion,
            "perturbation",
            ("token", "step"),
            NONE,
            classify=classifier_methods.occlusion,
        ),
        Method(
            "value_zeroing",
            value_zeroing.value_zeroing,
            "perturbation",
            ("token", "step", "layer"),
            MEAN_LAYERS,
            uses_target_fn=False,
            choices={"similarity_metric": value_zeroing.METRICS},
        ),
        Method(
            "lime",
            lime.lime,
            "perturbation",
            _GRAD_DIMS,
            VNORM_THEN_NORMALIZE,
            limits={"mask_prob": (0.0, 1.0)},
            choices={"mask_token": lime.MASK_TOKENS},
            classify=classifier_methods.lime,
        ),
        Method(
            "kernel_shap",
            None,
            "perturbation",
            ("token", "step"),
            NONE,
            classify=classifier_methods.kernel_shap,
        ),
        Method(
            "reagent",
            reagent.reagent,
            "perturbation",
            _GRAD_DIMS,
            VNORM_THEN_NORMALIZE,
            uses_target_fn=False,
            limits={"keep_top_n": (0, None), "keep_ratio": (0.0, 1.0), "replacing_ratio": (0.0, 1.0)},
        ),
    ]
}


def names(scope: str = "generation") -> list[str]:
    """The methods for generation, or for encoder task heads (``scope="classifier"``)."""
    attr = "run" if scope == "generation" else "classify"
    return sorted(n for n, m in METHODS.items() if getattr(m, attr) is not None)


def get(name: str, scope: str = "generation") -> Method:
    known = names(scope)
    if name not in known:
        what = "attribution method" if scope == "generation" else "method for explaining a task head"
        hint = " (it explains encoder task heads only)" if name in METHODS else ""
        raise InvalidInput(f"unknown {what} {name!r}{hint}; choose one of {', '.join(known)}")
    return METHODS[name]
