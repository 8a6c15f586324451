"""Zero-copy export of torch tensors to Java through the Arrow C Data Interface.

Java allocates an ``ArrowArray`` and an ``ArrowSchema`` struct and passes their addresses; the
functions here fill them and return a small description (shape, dtype, data pointer) that Java
checks against what it imported.

Layout. A tensor travels as an Arrow ``large_binary`` array of length 1 whose single value is the
tensor's row-major bytes: offsets ``[0, nbytes]``, no validity bitmap, and a data buffer that is the
tensor's own memory (``pa.foreign_buffer(t.data_ptr(), nbytes, base=t)``). The field carries the
dtype and shape as metadata. A typed ``float32`` array of ``numel`` values would be the obvious
choice, but Arrow Java's importer then allocates and fills a validity bitmap of ``numel / 8`` bytes
(it always does for an array without nulls), which makes the import O(n); exporting a bitmap
instead makes pyarrow count its bits during the export, also O(n). One binary value has a
one-entry bitmap, so both sides stay O(1) whatever the size.

Copies. None for a CPU tensor that is already contiguous with a supported dtype. A CUDA tensor is
copied once into pinned host memory; a non-contiguous tensor is made contiguous (one copy);
another device goes through ``.cpu()``.

Dtypes. float32 and int64 are exported as they are. float16 and bfloat16 are exported raw, as
16-bit data (zero-copy, half the memory), and Java widens them to float32 when it reads them.
float64 (a model loaded in float64) is narrowed to float32, one copy.
Anything else is refused with :class:`~explain4j.errors.InvalidInput` naming the dtype.

Lifetime. The exported buffer holds a reference to the (prepared) tensor; the reference is dropped
by the Arrow release callback, which Java calls when it closes the imported vector. The callback
takes the GIL itself, so Java may call it from any thread.
"""

import pyarrow as pa
import torch

from explain4j import _jep
from explain4j.errors import InvalidInput

DTYPES = {
    torch.float32: "float32",
    torch.float16: "float16",
    torch.bfloat16: "bfloat16",
    torch.int64: "int64",
}
FIELD_NAME = "tensor"
DTYPE_KEY = "explain4j.dtype"
SHAPE_KEY = "explain4j.shape"


def export_tensor(tensor, array_ptr, schema_ptr):
    """Export ``tensor`` into the C structs at ``array_ptr`` and ``schema_ptr``.

    Returns ``{"shape", "dtype", "numel", "nbytes", "data_ptr", "copied", "device"}`` where
    ``data_ptr`` is the address of the exported bytes (equal to ``tensor.data_ptr()`` when
    ``copied`` is false). The structs are written only if everything else succeeded.
    """
    prepared, copied = prepare(tensor)
    array, field = to_arrow(prepared)
    array._export_to_c(array_ptr)
    try:
        field._export_to_c(schema_ptr)
    except BaseException:
        pa.Array._import_from_c(array_ptr, field.type)  # takes the array back and releases it
        raise
    return {
        "shape": list(prepared.shape),
        "dtype": DTYPES[prepared.dtype],
        "numel": prepared.numel(),
        "nbytes": prepared.numel() * prepared.element_size(),
        "data_ptr": prepared.data_ptr(),
        "copied": copied,
        "device": str(tensor.device),
    }


def export_call(array_ptr, schema_ptr, function, args=()):
    """Call the Python function named ``function`` with ``args`` and export the tensor it returns."""
    result = _jep.resolve(function)(*args)
    return export_tensor(_require_tensor(result, f"{function}(...)"), array_ptr, schema_ptr)


def export_eval(array_ptr, schema_ptr, expression):
    """Evaluate ``expression`` in the runtime's eval namespace and export the resulting tensor."""
    result = eval(compile(expression, "<explain4j>", "eval"), _jep._namespace)
    return export_tensor(_require_tensor(result, expression), array_ptr, schema_ptr)


def settled():
    """No-op. Java calls it after an interrupted export: it runs once that export has finished."""
    return None


def prepare(tensor):
    """Return ``(t, copied)``: ``tensor`` detached, on the CPU and contiguous, in row-major order."""
    t = _require_tensor(tensor, "the exported value")
    if t.dtype not in DTYPES and t.dtype != torch.float64:
        raise InvalidInput(
            f"cannot export a tensor of dtype {t.dtype} (shape {list(t.shape)}); supported dtypes:"
            f" {', '.join(str(d) for d in DTYPES)}"
        )
    if t.layout != torch.strided:
        raise InvalidInput(f"cannot export a tensor with layout {t.layout}; use .to_dense() first")
    if t.is_meta:
        raise InvalidInput(f"cannot export a tensor on the meta device (shape {list(t.shape)})")
    if t.requires_grad:
        t = t.detach()
    t = t.resolve_neg()
    copied = False
    if t.dtype == torch.float64:
        t, copied = t.to(torch.float32), True
    if t.is_cuda:
        host = torch.empty(t.shape, dtype=t.dtype, pin_memory=True)
        host.copy_(t)  # synchronous; also makes the copy contiguous
        t, copied = host, True
    elif t.device.type != "cpu":
        t, copied = t.cpu(), True
    if not t.is_contiguous():
        t, copied = t.contiguous(), True
    return t, copied


def to_arrow(t):
    """Wrap a prepared (CPU, contiguous) tensor as a one-value ``large_binary`` array, zero-copy."""
    nbytes = t.numel() * t.element_size()
    offsets = pa.array([0, nbytes], type=pa.int64()).buffers()[1]
    if nbytes:
        data = pa.foreign_buffer(t.data_ptr(), nbytes, base=t)
    else:  # an empty tensor may have no data pointer; Arrow wants a non-null buffer
        data = pa.allocate_buffer(0)
    array = pa.Array.from_buffers(pa.large_binary(), 1, [None, offsets, data], null_count=0)
    metadata = {DTYPE_KEY: DTYPES[t.dtype], SHAPE_KEY: ",".join(str(d) for d in t.shape)}
    return array, pa.field(FIELD_NAME, pa.large_binary(), nullable=False, metadata=metadata)


def _require_tensor(value, what):
    if not isinstance(value, torch.Tensor):
        kind = f"{type(value).__module__}.{type(value).__qualname__}".removeprefix("builtins.")
        raise InvalidInput(f"expected a torch.Tensor from {what}, got {kind}")
    return value
