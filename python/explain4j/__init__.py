"""Python half of explain4j.

The Java library drives these modules inside CPython embedded in the JVM (Jep). They load models,
register hooks and export tensors through the Arrow C Data Interface; the analysis happens in Java.

From Python and notebooks, :func:`attention` and :func:`render_attribution` render with the Java
renderers through a py4j gateway JVM (see :mod:`explain4j.notebook` and :mod:`explain4j.gateway`).
"""

import sys as _sys
import types as _types

__version__ = "0.1.0"
__all__ = ["attention", "render_attribution"]


class _Package(_types.ModuleType):
    """``explain4j.attention`` is the notebook function, even though a submodule of that name
    (attention capture, used by Java through importlib) exists: the import system binds the
    submodule on the package when it is imported, and this property keeps the function there."""

    @property
    def attention(self):
        from .notebook import attention

        return attention

    @attention.setter
    def attention(self, module):
        self.__dict__["_attention_module"] = module

    @property
    def render_attribution(self):
        from .notebook import render_attribution

        return render_attribution


_sys.modules[__name__].__class__ = _Package
