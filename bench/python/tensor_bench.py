"""Python half of TensorTransferBench: the tensor under test and the export variants compared.

``export_layout`` is explain4j's own export (explain4j.export); the ``typed_*`` variants export the
same float32 tensor as a typed Arrow float32 array, the layout explain4j does not use, to show
where the O(n) import cost of that layout comes from. Each export returns the seconds it spent
inside Python (perf_counter), so Java can split a round trip into Python and Java parts.
"""

import time

import numpy as np
import pyarrow as pa
import torch

from explain4j import export

_tensor = None
_ones = np.zeros(0, dtype=np.uint8)


def make(nbytes):
    """Create (and touch) the float32 tensor used by the next measurements."""
    global _tensor
    _tensor = None
    _tensor = torch.rand(nbytes // 4, dtype=torch.float32)
    return _tensor.data_ptr()


def drop():
    global _tensor
    _tensor = None


def numpy_view():
    """The tensor as a numpy array, for Jep's own numpy-to-Java copy."""
    return _tensor.numpy()


def export_layout(array_ptr, schema_ptr):
    start = time.perf_counter()
    export.export_tensor(_tensor, array_ptr, schema_ptr)
    return time.perf_counter() - start


def typed_pa_array(array_ptr, schema_ptr):
    """pa.array(numpy): float32, no validity bitmap (null_count 0)."""
    start = time.perf_counter()
    pa.array(_tensor.numpy())._export_to_c(array_ptr, schema_ptr)
    return time.perf_counter() - start


def typed_from_buffers(array_ptr, schema_ptr):
    """from_buffers(float32, n, [None, data], null_count=0): the same as pa.array."""
    start = time.perf_counter()
    data = pa.py_buffer(_tensor.numpy())
    n = _tensor.numel()
    pa.Array.from_buffers(pa.float32(), n, [None, data], null_count=0)._export_to_c(array_ptr, schema_ptr)
    return time.perf_counter() - start


def typed_with_bitmap(array_ptr, schema_ptr):
    """A shared all-ones validity bitmap, null count left unknown so pyarrow exports the bitmap."""
    global _ones
    n = _tensor.numel()
    bitmap_bytes = (n + 7) // 8
    if _ones.size < bitmap_bytes:
        _ones = np.full(bitmap_bytes, 0xFF, dtype=np.uint8)
    start = time.perf_counter()
    bitmap = pa.py_buffer(_ones)[:bitmap_bytes]
    data = pa.py_buffer(_tensor.numpy())
    pa.Array.from_buffers(pa.float32(), n, [bitmap, data], null_count=-1)._export_to_c(array_ptr, schema_ptr)
    return time.perf_counter() - start


def current():
    """The tensor itself, for the Tensors.call round trip."""
    return _tensor
