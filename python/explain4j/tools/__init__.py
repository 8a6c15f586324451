"""Set-up tools run once from the command line (``python -m explain4j.tools.convert_gguf``), never
by the library at run time.
"""
