"""Device check for explain4j.export's CUDA path (needs a GPU; run by hand, not by the tests).

Exports CUDA tensors (contiguous, transposed, bfloat16, 0-d, empty), imports each back into pyarrow
from the C structs and compares the bytes with ``x.cpu()``; checks the host copy is pinned; then
times the pinned copy against a plain ``.cpu()`` at 256 MB and 1 GB.
"""

import ctypes
import time

import pyarrow as pa
import torch

from explain4j import export


def round_trip(x):
    array, schema = (ctypes.c_int64 * 10)(), (ctypes.c_int64 * 9)()
    info = export.export_tensor(x, ctypes.addressof(array), ctypes.addressof(schema))
    field = pa.Field._import_from_c(ctypes.addressof(schema))
    imported = pa.Array._import_from_c(ctypes.addressof(array), field.type)
    return info, field, imported


def check_values():
    cases = {
        "float32": torch.randn(300, 37, device="cuda"),
        "transposed": torch.randn(64, 48, device="cuda").t(),
        "bfloat16": torch.randn(5, 7, device="cuda").bfloat16(),
        "0-d": torch.tensor(2.5, device="cuda"),
        "empty": torch.zeros(0, 3, device="cuda"),
        "int64 requires_grad-free": torch.arange(10, device="cuda"),
    }
    for name, x in cases.items():
        prepared, copied = export.prepare(x)
        assert copied and prepared.device.type == "cpu" and prepared.is_contiguous(), name
        assert prepared.numel() == 0 or prepared.is_pinned(), f"{name}: host copy not pinned"
        info, field, imported = round_trip(x)
        expected = x.cpu().contiguous().reshape(-1).view(torch.uint8).numpy().tobytes()
        assert imported.buffers()[2].to_pybytes() == expected, name
        assert info["shape"] == list(x.shape) and info["copied"] and info["device"] == "cuda:0"
        assert field.metadata[b"explain4j.shape"] == ",".join(map(str, x.shape)).encode()
        print(f"ok {name}: {info['dtype']} {info['shape']} pinned copy, bytes equal")


def median_ms(fn, reps=7):
    times = []
    for _ in range(reps):
        torch.cuda.synchronize()
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1e3)
    return sorted(times)[reps // 2], times[0]


def time_copies():
    for mb in (256, 1024):
        x = torch.rand(mb << 18, device="cuda")
        pinned, first_pinned = median_ms(lambda: export.prepare(x))
        plain, first_plain = median_ms(lambda: x.cpu())
        print(
            f"{mb} MB cuda->host: pinned (explain4j) median {pinned:.1f} ms (first {first_pinned:.1f},"
            f" {mb / pinned:.1f} GB/s); .cpu() median {plain:.1f} ms (first {first_plain:.1f})"
        )


if __name__ == "__main__":
    print("torch", torch.__version__, "pyarrow", pa.__version__, torch.cuda.get_device_name(0))
    check_values()
    time_copies()
