"""The Python-hosted client: notebooks and scripts render with the Java renderers through a py4j
gateway JVM (:mod:`.gateway` starts or attaches to it, :mod:`.ipc` moves arrays as Arrow IPC files,
:mod:`.notebook` holds :func:`attention` and :func:`render_attribution`). The Java side never imports
this sub-package.
"""
