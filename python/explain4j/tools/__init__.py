"""Set-up tools, stdlib only and run as programs, never imported by the running library.

``convert_gguf`` converts a GGUF checkpoint; ``environment`` and ``provision`` make the Python
environment (``bin/setup`` for a checkout, the Java library for its cache).
"""
