"""Dispatcher used by the Java PythonRuntime: every Java call enters Python through ``dispatch``.

It normalises values in both directions so that no Jep proxy object reaches user code and no Python
object other than plain values reaches Java: anything else becomes a handle (an integer id) that
Java holds and releases. On an exception it records the type, message and frames for Java to read.

Every function Java invokes directly is :func:`contained`: Jep ends the whole process when a
``SystemExit`` reaches it, so no ``BaseException`` that is not an ``Exception`` may leave Python.
"""

import functools
import importlib
import itertools
import traceback

HANDLE_KEY = "__explain4j_handle__"

_handles = {}
_ids = itertools.count(1)
_last_error = None


class Contained(Exception):
    """Stands for a ``SystemExit``, ``KeyboardInterrupt`` or other non-``Exception`` a call raised."""


def contained(fn):
    """Wrap ``fn``: a ``BaseException`` that is not an ``Exception`` leaves it as :class:`Contained`."""

    @functools.wraps(fn)
    def call(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except Exception:
            raise
        except BaseException as e:
            raise Contained(f"{type(e).__name__}: {_message(e)}") from None

    return call


def _plain(value):
    """Convert a Python value into something Jep turns into a Java value, handles for the rest."""
    if value is None or isinstance(value, (bool, int, float, str, bytes)):
        return value
    if isinstance(value, (bytearray, memoryview)):
        return bytes(value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    item = getattr(value, "item", None)
    if callable(item) and getattr(value, "shape", None) == ():
        return _plain(item())
    hid = next(_ids)
    _handles[hid] = value
    return {HANDLE_KEY: hid, "type": f"{type(value).__module__}.{type(value).__qualname__}"}


def _from_java(value):
    """Convert a Jep proxy of a Java List, Map or array into Python values, resolving handles."""
    if value is None or isinstance(value, (bool, int, float, str, bytes)):
        return value
    if isinstance(value, dict):
        if HANDLE_KEY in value:
            return get(value[HANDLE_KEY])
        return {k: _from_java(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_from_java(v) for v in value]
    kind = type(value).__name__
    if kind == "PyJArray":
        if getattr(value, "java_name", None) == "[B":
            return bytes(bytearray((b + 256) % 256 for b in value))
        return [_from_java(v) for v in value]
    if hasattr(value, "entrySet"):
        if value.containsKey(HANDLE_KEY):
            return get(int(value.get(HANDLE_KEY)))
        return {str(e.getKey()): _from_java(e.getValue()) for e in value.entrySet()}
    if hasattr(value, "iterator"):
        return [_from_java(v) for v in value]
    return value


_resolved = {}


def resolve(qualname):
    fn = _resolved.get(qualname)
    if fn is None:
        fn = _resolved[qualname] = _resolve(qualname)
    return fn


def _resolve(qualname):
    module_name, _, attr = qualname.rpartition(":") if ":" in qualname else qualname.rpartition(".")
    if not module_name:
        raise ValueError(f"function name must be module.function or module:function, got {qualname!r}")
    target = importlib.import_module(module_name)
    for part in attr.split("."):
        target = getattr(target, part)
    return target


@contained
def dispatch(qualname, args, kwargs):
    """Call ``qualname`` with Java arguments; returns a plain value or a handle descriptor."""
    global _last_error
    _last_error = None
    try:
        fn = resolve(qualname)
        result = fn(*_from_java(args or []), **_from_java(kwargs or {}))
        return _plain(result)
    except BaseException as e:  # recorded for Java, then re-raised so Jep unwinds the call
        _last_error = describe(e)
        raise


def describe(e):
    frames = [[f.filename, f.lineno or 0, f.name] for f in traceback.extract_tb(e.__traceback__)]
    return {
        "type": f"{type(e).__module__}.{type(e).__qualname__}".removeprefix("builtins."),
        "message": _message(e),
        "frames": frames,
        "traceback": "".join(traceback.format_exception(type(e), e, e.__traceback__)),
        **_option(e),
    }


@contained
def _message(e):
    if isinstance(e, SystemExit):
        return f"Python asked to exit with code {e.code!r} (sys.exit); the call failed instead"
    return str(e)


def _option(e):
    """The setting an InvalidInput names, for each interface to word (see explain4j.errors)."""
    option = getattr(e, "option", None)
    if not isinstance(option, str):
        return {}
    return {"option": option, "optionValue": _plain(e.value), "template": str(e.template)}


@contained
def take_error():
    global _last_error
    err, _last_error = _last_error, None
    return err


def get(hid):
    try:
        return _handles[hid]
    except KeyError:
        raise ValueError(f"Python object handle {hid} was released or never existed") from None


@contained
def release(hid):
    _handles.pop(hid, None)


@contained
def release_all():
    """Drop every handle (the runtime is closing)."""
    _handles.clear()


@contained
def eval_value(expr):
    """Evaluate ``expr`` in the namespace of :func:`exec_code` and return the value itself."""
    global _last_error
    _last_error = None
    try:
        return eval(compile(expr, "<explain4j>", "eval"), _namespace)
    except BaseException as e:
        _last_error = describe(e)
        raise


def handle_count():
    return len(_handles)


def exec_code(code):
    exec(compile(code, "<explain4j>", "exec"), _namespace)


def eval_code(expr):
    return _plain(eval(compile(expr, "<explain4j>", "eval"), _namespace))


_namespace = {"__name__": "__explain4j__"}
