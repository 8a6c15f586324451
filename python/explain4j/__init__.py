"""Python half of explain4j.

The Java library drives these modules inside CPython embedded in the JVM (Jep). They load models,
register hooks and export tensors through the Arrow C Data Interface; the analysis happens in Java.

From Python and notebooks, :func:`attention` and :func:`render_attribution` render with the Java
renderers through a py4j gateway JVM (see :mod:`explain4j.notebook` and :mod:`explain4j.gateway`).
They are imported lazily, so the Java side's use of this package never starts a gateway.
"""

__version__ = "0.1.0"
__all__ = ["attention", "render_attribution"]


def __getattr__(name):
    if name in __all__:
        from . import notebook

        return getattr(notebook, name)
    raise AttributeError(f"module 'explain4j' has no attribute {name!r}")
