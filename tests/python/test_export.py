"""explain4j.export without Java: the C structs are filled through ctypes and read back."""

import ctypes
import gc
import weakref

import pyarrow as pa
import pytest
import torch

from explain4j import export
from explain4j.errors import InvalidInput


def structs():
    return (ctypes.c_int64 * 10)(), (ctypes.c_int64 * 9)()


def addr(struct):
    return ctypes.addressof(struct)


def release(struct, slot):
    ctypes.CFUNCTYPE(None, ctypes.c_void_p)(struct[slot])(addr(struct))


def test_layout_is_one_binary_value_over_the_tensor_memory():
    x = torch.arange(6, dtype=torch.float32).reshape(2, 3)
    array, schema = structs()
    info = export.export_tensor(x, addr(array), addr(schema))
    assert info == {
        "shape": [2, 3],
        "dtype": "float32",
        "numel": 6,
        "nbytes": 24,
        "data_ptr": x.data_ptr(),
        "copied": False,
        "device": "cpu",
    }
    length, null_count, offset, n_buffers = array[0], array[1], array[2], array[3]
    assert (length, null_count, offset, n_buffers) == (1, 0, 0, 3)
    buffers = (ctypes.c_int64 * 3).from_address(array[5])
    assert buffers[0] == 0, "no validity bitmap"
    assert buffers[2] == x.data_ptr(), "zero-copy"
    field = pa.Field._import_from_c(addr(schema))
    assert field.type == pa.large_binary()
    assert field.metadata == {b"explain4j.dtype": b"float32", b"explain4j.shape": b"2,3"}
    imported = pa.Array._import_from_c(addr(array), field.type)
    assert imported[0].as_py() == x.numpy().tobytes()


def test_export_keeps_the_tensor_alive_until_released():
    pool = pa.total_allocated_bytes()
    x = torch.randn(1000)
    alive = weakref.ref(x)
    array, schema = structs()
    export.export_tensor(x, addr(array), addr(schema))
    release(schema, 7)
    del x
    gc.collect()
    assert alive() is not None
    release(array, 8)
    assert alive() is None
    assert pa.total_allocated_bytes() == pool


@pytest.mark.parametrize(
    "make, copied",
    [
        (lambda: torch.ones(3, 4).t(), True),
        (lambda: torch.ones(3, 4, requires_grad=True) * 2, False),
        (lambda: torch.tensor(1.5), False),
        (lambda: torch.zeros(0, 5), False),
        (lambda: torch.ones(4, dtype=torch.bfloat16), False),
        (lambda: torch.ones(4, dtype=torch.float16), False),
        (lambda: torch.arange(5), False),
    ],
)
def test_prepared_tensors_are_contiguous_cpu_and_equal(make, copied):
    x = make()
    prepared, was_copied = export.prepare(x)
    assert was_copied == copied
    assert prepared.is_contiguous() and not prepared.requires_grad
    assert torch.equal(prepared, x.detach())
    array, schema = structs()
    info = export.export_tensor(x, addr(array), addr(schema))
    field = pa.Field._import_from_c(addr(schema))
    imported = pa.Array._import_from_c(addr(array), field.type)
    assert imported[0].as_py() == prepared.reshape(-1).view(torch.uint8).numpy().tobytes()
    assert info["shape"] == list(x.shape)


def test_float64_is_narrowed_to_float32_with_one_copy():
    x = torch.tensor([1.0 / 3.0, 1e-300, 2.5], dtype=torch.float64)
    prepared, copied = export.prepare(x)
    assert copied and prepared.dtype == torch.float32
    assert torch.equal(prepared, x.float())


@pytest.mark.parametrize(
    "value, message",
    [
        (torch.ones(2, dtype=torch.complex64), "torch.complex64"),
        (torch.ones(2, dtype=torch.bool), "torch.bool"),
        (torch.ones(2, dtype=torch.int32), "torch.int32"),
        (torch.ones(2).to_sparse(), "layout torch.sparse_coo"),
        (torch.empty(2, device="meta"), "meta device"),
        ("text", "got str"),
    ],
)
def test_bad_input_is_named_and_leaves_the_structs_untouched(value, message):
    array, schema = structs()
    with pytest.raises(InvalidInput, match=message):
        export.export_tensor(value, addr(array), addr(schema))
    assert array[8] == 0 and schema[7] == 0, "release callbacks not set"
