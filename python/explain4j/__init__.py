"""Python half of explain4j.

The Java library drives these modules inside CPython embedded in the JVM (Jep). They load models,
register hooks and export tensors through the Arrow C Data Interface; the analysis happens in Java.

From Python and notebooks, :func:`attention`, :func:`model_attention` and
:func:`render_attribution` render with the Java renderers through a py4j gateway JVM (the
Python-hosted client, :mod:`explain4j.client`). They are imported lazily, so the Java side's use of
this package never starts a gateway. Set-up tools live in :mod:`explain4j.tools`; test support is
not part of this package (``tests/support``).
"""

__version__ = "0.1.0.dev0"  # Maven 0.1.0-SNAPSHOT (the rule: explain4j.versions; Java: PythonPackage)
__all__ = ["attention", "model_attention", "render_attribution"]


def __getattr__(name):
    if name in __all__:
        from .client import notebook

        return getattr(notebook, name)
    raise AttributeError(f"module 'explain4j' has no attribute {name!r}")
