"""Scoped forward and backward hooks on named modules, for the Java ``HookScope``.

A spec is a dict: ``module`` (exact name), ``direction`` (``forward`` or ``backward``), ``what``
(``output`` or ``input``) and either ``index`` (a position) or ``name`` (an input argument's name).
Forward hooks capture the value itself; backward hooks capture the gradient of the loss with respect
to it. Every capture is detached and cloned, so later in-place changes by the model do not reach it.

Backward captures go through tensor hooks: the gradient of a module's output is the gradient reaching
that tensor; the gradient of an input is the part that flows through this module (the input is
aliased before the module runs). Gradients exist only in passes run with gradients enabled.

This module is the one owner of hook claims: a module of a model is hooked in one direction by one
open scope at a time, whoever opens it (Java's ``HookScope`` or Python). A conflicting scope raises
:class:`HookConflict`, which Java turns into ``HookConflictException``.
"""

import inspect
import itertools
import weakref

from explain4j.errors import InvalidInput

# torch model -> {(module name, direction): scope id}; weak, so a freed model leaves no claims.
_claims = weakref.WeakKeyDictionary()
_scope_ids = itertools.count(1)


class HookConflict(InvalidInput):
    """Another open scope hooks one of the modules in the same direction."""


class Scope:
    """Hooks registered together and the values they captured, in arrival order."""

    def __init__(self, lm):
        self.id = next(_scope_ids)
        self.lm = lm
        self.handles = []
        self.claims = []
        self.table = {}
        self.captures = []
        self.closed = False

    def record(self, spec, call, value):
        self.captures.append(
            {
                "seq": len(self.captures),
                "module": spec["module"],
                "direction": spec["direction"],
                "what": spec["what"],
                "call": call,
                "tensor": value.detach().clone(),
                "shape": list(value.shape),
                "dtype": str(value.dtype).removeprefix("torch."),
            }
        )


def _describe(spec):
    where = spec.get("name") if spec.get("name") is not None else spec.get("index", 0)
    return f"{spec['direction']} hook on {spec['module']}: {spec['what']} {where}"


def _as_tensor(value, spec, lm):
    import torch

    if not isinstance(value, torch.Tensor):
        hint = (
            " (attention weights need attn_implementation='eager')"
            if value is None and "attn" in spec["module"]
            else ""
        )
        raise InvalidInput(
            f"{_describe(spec)} of model {lm.source} is {type(value).__name__}, not a tensor{hint}"
        )
    return value


def _pick_output(output, spec, lm):
    index = spec.get("index") or 0
    if hasattr(output, "to_tuple"):
        output = output.to_tuple()
    if not isinstance(output, (tuple, list)):
        output = (output,)
    if index >= len(output):
        raise InvalidInput(
            f"{_describe(spec)} of model {lm.source} does not exist: the module "
            f"returned {len(output)} value(s)"
        )
    return _as_tensor(output[index], spec, lm)


def _locate_input(module, args, kwargs, spec, lm):
    """Returns ('arg', position) or ('kw', name) for the input the spec selects."""
    name = spec.get("name")
    if name is None:
        index = spec.get("index") or 0
        if index < len(args):
            return "arg", index
        raise InvalidInput(
            f"{_describe(spec)} of model {lm.source} does not exist: the module got "
            f"{len(args)} positional input(s) and keywords {sorted(kwargs)}"
        )
    if name in kwargs:
        return "kw", name
    params = list(inspect.signature(module.forward).parameters)
    if name in params and params.index(name) < len(args):
        return "arg", params.index(name)
    raise InvalidInput(
        f"{_describe(spec)} of model {lm.source} was not passed; the module got "
        f"{len(args)} positional input(s) and keywords {sorted(kwargs)}"
    )


def _register(scope, module, spec):
    counter = itertools.count()
    lm = scope.lm
    backward = spec["direction"] == "backward"

    def grad_recorder(call):
        def on_grad(grad):
            scope.record(spec, call, grad)

        return on_grad

    if spec["what"] == "output":

        def on_output(mod, args, kwargs, output):
            value = _pick_output(output, spec, lm)
            call = next(counter)
            if not backward:
                scope.record(spec, call, value)
            elif value.requires_grad:
                value.register_hook(grad_recorder(call))

        return module.register_forward_hook(on_output, with_kwargs=True)

    def on_input(mod, args, kwargs):
        where, key = _locate_input(mod, args, kwargs, spec, lm)
        value = _as_tensor(args[key] if where == "arg" else kwargs[key], spec, lm)
        call = next(counter)
        if not backward:
            scope.record(spec, call, value)
            return None
        if not value.requires_grad:
            return None
        alias = value.view_as(value)
        alias.register_hook(grad_recorder(call))
        if where == "arg":
            args = args[:key] + (alias,) + args[key + 1 :]
        else:
            kwargs = {**kwargs, key: alias}
        return args, kwargs

    return module.register_forward_pre_hook(on_input, with_kwargs=True)


def open_scope(lm, specs):
    """Register every spec's hook; all or nothing. Returns the :class:`Scope`."""
    modules = dict(lm.model.named_modules())
    for spec in specs:
        if spec["module"] not in modules:
            raise InvalidInput(f"model {lm.source} has no module named {spec['module']!r}")
        if spec["direction"] not in ("forward", "backward") or spec["what"] not in ("output", "input"):
            raise InvalidInput(f"bad hook spec {spec!r} for model {lm.source}")
    scope = Scope(lm)
    claims = _claims.setdefault(lm.model, {})
    keys = sorted({(s["module"], s["direction"]) for s in specs})
    taken = [k for k in keys if k in claims]
    if taken:
        module, direction = taken[0]
        raise HookConflict(
            f"module {module} of model {lm.source} already has an open {direction} hook "
            f"scope (#{claims[taken[0]]}); close it first, or capture both values in one scope"
        )
    try:
        for spec in specs:
            scope.handles.append(_register(scope, modules[spec["module"]], spec))
    except BaseException:
        for handle in scope.handles:
            handle.remove()
        raise
    for key in keys:
        claims[key] = scope.id
    scope.table, scope.claims = claims, keys
    return scope


def take(scope, start=0):
    """Captures from position ``start`` on; each holds its tensor (a handle in Java)."""
    return scope.captures[int(start) :]


def clear(scope):
    """Forget the captured values (Java closes its handles to them)."""
    scope.captures = []


def close_scope(scope):
    """Remove the hooks and drop the captures. Idempotent."""
    if scope.closed:
        return
    scope.closed = True
    for handle in scope.handles:
        handle.remove()
    for key in scope.claims:
        if scope.table.get(key) == scope.id:
            del scope.table[key]
    scope.handles, scope.captures = [], []


def hook_counts(lm, module):
    """How many hooks torch holds on a module, for checks that closing removed them."""
    m = dict(lm.model.named_modules())[module]
    return {
        "forward": len(m._forward_hooks),
        "forwardPre": len(m._forward_pre_hooks),
        "backward": len(m._backward_hooks),
        "backwardPre": len(m._backward_pre_hooks),
    }
