"""Python -> Java transfer of a float32 attention tensor: Arrow IPC file vs py4j's own byte transfer.

Both paths end with Java summing every value (BenchEntryPoint.checksum / checksumBytes, served by the
test-scope dev.explain4j.gateway.BenchGatewayMain: pass the test classpath with --classpath), so the
timings cover the whole hand-over: for Arrow IPC, writing the file (on /dev/shm when it exists,
and on the disk temp directory for comparison) plus Java reading it; for py4j, converting the
bytes, base64 in py4j's text protocol, and Java decoding them. Prints medians, writes JSON.

    .venv/bin/python bench/python/ipc_vs_py4j.py --classpath CP --mb 100 --runs 5 --out ipc_vs_py4j.json
"""

import argparse
import json
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))

import numpy as np  # noqa: E402

from explain4j.client import gateway, ipc  # noqa: E402


def timed(fn, runs):
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return times, result


def summary(times, nbytes):
    med = statistics.median(times)
    return {"median_s": med, "min_s": min(times), "runs_s": times, "mb_per_s": nbytes / med / 1e6}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=100.0, help="tensor size in MB (default 100)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--py4j-runs", type=int, default=3, help="runs of the slow py4j path")
    ap.add_argument("--out", required=True, help="JSON result file")
    ap.add_argument(
        "--classpath",
        required=True,
        help="test classpath (target/test-classes, target/classes and the dependencies)",
    )
    args = ap.parse_args(argv)

    n = int(args.mb * 1e6) // 4
    heads, q = 16, int((n // 16) ** 0.5)
    tensor = np.random.default_rng(0).random((1, heads, q, q), dtype=np.float32)
    nbytes = tensor.nbytes
    expected = float(tensor.sum(dtype=np.float64))
    gw = gateway.start(classpath=args.classpath, main_class="dev.explain4j.gateway.BenchGatewayMain")
    try:
        gw.call("protocol")
        results = {}
        for name, directory in (
            ("arrow_ipc_shm", ipc.scratch_dir()),
            ("arrow_ipc_tmp_disk", tempfile.gettempdir()),
        ):

            def via_ipc(d=directory):
                with ipc.tensor_file(tensor, d) as path:
                    return gw.call("checksum", path)

            via_ipc()  # warm-up (class loading, JIT)
            times, got = timed(via_ipc, args.runs)
            assert abs(got - expected) <= 1e-6 * abs(expected), (got, expected)
            results[name] = dict(summary(times, nbytes), directory=directory)
            print(
                f"{name:20s} median {results[name]['median_s'] * 1e3:9.1f} ms  "
                f"({results[name]['mb_per_s']:.0f} MB/s, {directory})"
            )

        def via_py4j():
            return gw.call("checksumBytes", bytearray(tensor.tobytes()))

        times, got = timed(via_py4j, args.py4j_runs)
        assert abs(got - expected) <= 1e-6 * abs(expected), (got, expected)
        results["py4j_bytes"] = summary(times, nbytes)
        print(
            f"{'py4j_bytes':20s} median {results['py4j_bytes']['median_s'] * 1e3:9.1f} ms  "
            f"({results['py4j_bytes']['mb_per_s']:.0f} MB/s)"
        )
        times, _ = timed(lambda: gw.call("protocol"), 200)
        results["py4j_call_latency"] = {"median_s": statistics.median(times)}
        print(f"{'py4j call latency':20s} median {statistics.median(times) * 1e6:9.1f} µs")
    finally:
        gw.close()
    speedup = results["py4j_bytes"]["median_s"] / results["arrow_ipc_shm"]["median_s"]
    print(f"Arrow IPC (shm) is {speedup:.1f}x faster than py4j bytes for {nbytes / 1e6:.0f} MB")
    report = {
        "benchmark": "ipc_vs_py4j",
        "payload_bytes": nbytes,
        "shape": list(tensor.shape),
        "results": results,
        "speedup_shm_vs_py4j": speedup,
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "processor": platform.machine(),
        },
    }
    Path(args.out).write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
