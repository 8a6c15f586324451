"""Bulk data for the gateway: float32 tensors as Arrow IPC files the JVM reads by path.

py4j's text protocol would send arrays as base64 strings; instead the values are written once as
an Arrow IPC file (on ``/dev/shm`` when it exists, so in memory) readable only by this user, and
only the file's path crosses py4j. The file layout is what ``dev.explain4j.gateway.ArrowIpcFloats``
reads: one non-null float32 column, the shape in the field metadata under ``explain4j.shape``.
"""

import os
import tempfile
from contextlib import contextmanager

SHAPE_KEY = "explain4j.shape"


def scratch_dir():
    """``/dev/shm`` when it is a writable directory (memory-backed), else the temp directory."""
    shm = "/dev/shm"
    if os.path.isdir(shm) and os.access(shm, os.W_OK | os.X_OK):
        return shm
    return tempfile.gettempdir()


def write(path, array):
    """Write a numpy array as a float32 Arrow IPC file (zero-copy from a C-contiguous float32 array)."""
    import numpy as np
    import pyarrow as pa

    values = np.ascontiguousarray(array, dtype=np.float32)
    field = pa.field(
        "values", pa.float32(), nullable=False, metadata={SHAPE_KEY: ",".join(str(d) for d in values.shape)}
    )
    schema = pa.schema([field])
    batch = pa.record_batch([pa.array(values.reshape(-1))], schema=schema)
    with pa.OSFile(str(path), "wb") as sink, pa.ipc.new_file(sink, schema) as writer:
        writer.write_batch(batch)


def read(path):
    """Read a file written by :func:`write` back as a numpy array (for tests and debugging)."""
    import pyarrow as pa

    with pa.memory_map(str(path)) as source:
        table = pa.ipc.open_file(source).read_all()
    shape = tuple(int(d) for d in table.schema.field(0).metadata[SHAPE_KEY.encode()].split(b","))
    return table.column(0).to_numpy().reshape(shape)


@contextmanager
def tensor_file(array, directory=None):
    """A private temporary Arrow IPC file holding ``array``, removed when the block ends."""
    fd, path = tempfile.mkstemp(prefix="explain4j-", suffix=".arrow", dir=directory or scratch_dir())
    os.close(fd)
    try:
        write(path, array)
        yield path
    finally:
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass
