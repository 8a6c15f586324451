"""Python half of explain4j.

The Java library drives these modules inside CPython embedded in the JVM (Jep). They load models,
register hooks and export tensors through the Arrow C Data Interface; the analysis happens in Java.
"""

__version__ = "0.1.0"
