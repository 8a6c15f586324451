"""explain4j benchmark suite: one entry point, one run, ratios against peers and the floor.

    bench/run [--quick] [--sections bridge,aggregation,attribution,rendering,classifier,spark]
              [--device cpu|cuda] [--merge]

Writes BENCHMARKS.md (human-readable, with the machine and versions) and bench/results.json (raw
figures). Each section is measured in one invocation, so the ratios in a row compare figures
measured side by side on the same machine; every section records when it ran. ``--merge`` keeps
the sections of the previous bench/results.json that this run does not measure (with their own
dates). A section that cannot run says why in the report; nothing is invented.
"""

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_PY = ROOT / ".venv" / "bin" / "python"
SUPPORT = ROOT / "tests" / "support"  # explain4j_testing (BridgeBench calls its bridge probes)
JVM_FLAGS = [f"@{ROOT / 'jvm.options'}"]  # the flags every explain4j JVM needs, as an argfile


def sh(cmd, **kw):
    return subprocess.run(cmd, cwd=ROOT, text=True, capture_output=True, **kw)


def test_classpath():
    core = ROOT / "explain4j-tests"
    out = core / "target" / "bench-classpath.txt"
    r = sh(
        [
            "mvn",
            "-B",
            "-q",
            "-Dstyle.color=never",
            "-pl",
            "explain4j-tests",
            "-am",
            "test-compile",
            "dependency:build-classpath",
            f"-Dmdep.outputFile={out}",
        ]
    )
    if r.returncode != 0:
        raise RuntimeError("mvn test-compile failed:\n" + r.stdout[-3000:] + r.stderr[-3000:])
    return f"{core}/target/test-classes:{core}/target/classes:{out.read_text().strip()}"


def spark_classpath():
    """explain4j-spark's test classpath (SparkBench, its cluster helper, the CLI, provided Spark)."""
    mod = ROOT / "explain4j-spark"
    out = mod / "target" / "bench-classpath.txt"
    r = sh(
        [
            "mvn",
            "-B",
            "-q",
            "-Dstyle.color=never",
            "-pl",
            "explain4j-spark",
            "-am",
            "test-compile",
            "dependency:build-classpath",
            f"-Dmdep.outputFile={out}",
        ]
    )
    if r.returncode != 0:
        raise RuntimeError("mvn test-compile failed:\n" + r.stdout[-3000:] + r.stderr[-3000:])
    return f"{mod}/target/test-classes:{mod}/target/classes:{out.read_text().strip()}"


def machine():
    info = {"python": platform.python_version(), "os": platform.platform(), "cpu_count": os.cpu_count()}
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        mem = Path("/proc/meminfo").read_text().split()[1]
        info["memory_gib"] = round(int(mem) / 2**20, 1)
    except OSError:
        pass
    r = sh(["java", "-version"])
    info["java"] = (r.stderr or r.stdout).splitlines()[0] if r.returncode == 0 else "missing"
    r = sh([str(VENV_PY), "-c", "import json, explain4j.doctor as d; print(json.dumps(d.versions()))"])
    if r.returncode == 0:
        info.update({f"py:{k}": v for k, v in json.loads(r.stdout).items()})
    return info


def run_jmh(cp, pattern, quick):
    out = ROOT / "explain4j-tests" / "target" / f"jmh-{pattern}.json"
    args = ["java", *JVM_FLAGS, "-cp", cp, "org.openjdk.jmh.Main", pattern, "-rf", "json", "-rff", str(out)]
    if quick:
        args += ["-wi", "1", "-i", "2", "-w", "1", "-r", "1"]
    r = sh(args)
    if r.returncode != 0:
        raise RuntimeError(f"JMH {pattern} failed:\n{r.stdout[-2000:]}{r.stderr[-2000:]}")
    return json.loads(out.read_text())


AGGREGATION_NOTE = (
    "the reduction sums every layer × head plane of float32 attention held off-heap, "
    "spreading position blocks over all cores (2 here); memcpy is one thread copying "
    "the same bytes; bandwidth counts each source byte once"
)


def section_aggregation(cp, quick):
    results = run_jmh(cp, "AggregationBench", quick)
    rows = {}
    for res in results:
        shape = res["params"]["shape"]
        name = res["benchmark"].rsplit(".", 1)[1]
        rows.setdefault(shape, {})[name] = res["primaryMetric"]["score"]
    table = []
    for shape, r in rows.items():
        if "aggregateAllHeads" not in r or "memcpySameBytes" not in r:
            table.append({"shape": shape, "status": f"JMH returned only {sorted(r)}"})
            continue
        layers, heads, t = (int(x) for x in shape.split("x"))
        nbytes = 4 * layers * heads * t * t
        agg_gbs = nbytes / (r["aggregateAllHeads"] / 1e3) / 1e9
        copy_gbs = nbytes / (r["memcpySameBytes"] / 1e3) / 1e9
        table.append(
            {
                "shape": shape,
                "bytes": nbytes,
                "aggregate_ms": r["aggregateAllHeads"],
                "memcpy_ms": r["memcpySameBytes"],
                "aggregate_read_gbs": agg_gbs,
                "memcpy_gbs": copy_gbs,
                "fraction_of_memcpy": agg_gbs / copy_gbs,
                "target": 0.5,
                "met": agg_gbs / copy_gbs >= 0.5,
            }
        )
    return {"rows": table, "notes": [AGGREGATION_NOTE]}


def section_python_script(script, args, timeout):
    path = ROOT / "bench" / script
    if not path.is_file():
        return {"status": "not run", "why": f"bench/{script} does not exist yet"}
    out = ROOT / "explain4j-tests" / "target" / f"{path.stem}.json"
    try:
        r = sh([str(VENV_PY), str(path), "--out", str(out), *args], timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"status": "failed", "why": f"bench/{script} did not finish within {timeout} s"}
    if r.returncode != 0:
        return {"status": "failed", "why": (r.stdout + r.stderr)[-3000:]}
    return json.loads(out.read_text())


def section_java_main(cp, main_class, args, timeout, props=(), env=None):
    try:
        r = sh(
            [
                "java",
                *JVM_FLAGS,
                "-Xmx8g",
                "-XX:MaxDirectMemorySize=8g",
                f"-Dexplain4j.python={ROOT / '.venv'}",
                f"-Dexplain4j.pythonpath={ROOT / 'python'}:{ROOT / 'bench' / 'python'}:{SUPPORT}",
                *props,
                "-cp",
                cp,
                main_class,
                *args,
            ],
            timeout=timeout,
            env={**os.environ, **(env or {})},
        )
    except subprocess.TimeoutExpired:
        return {"status": "failed", "why": f"{main_class} did not finish within {timeout} s"}
    if r.returncode != 0:
        return {"status": "failed", "why": (r.stdout + r.stderr)[-3000:]}
    lines = [ln for ln in r.stdout.splitlines() if ln.startswith("{")]
    return json.loads(lines[-1]) if lines else {"status": "failed", "why": "no JSON line printed"}


def py4j_row(ipc):
    """The 100 MB Python -> Java transfer: Arrow IPC vs py4j bytes (bench/python/ipc_vs_py4j.py)."""
    if ipc.get("status") in ("not run", "failed"):
        return {"measure": "py4j bytes vs Arrow IPC, 100 MB", "explain4j": ipc.get("why", "")[-200:]}
    res = ipc["results"]
    shm = res["arrow_ipc_shm"]["median_s"] * 1e3
    py4j = res["py4j_bytes"]["median_s"] * 1e3
    return {
        "measure": "tensor 100 MB from Python (gateway): Arrow IPC on /dev/shm",
        "unit": "ms",
        "explain4j": shm,
        "peer (py4j byte[])": py4j,
        "peer / explain4j": py4j / shm,
    }


def attribution_rows(raw):
    """Flatten bench/attribution_bench.py's JSON into table rows with the ratios and targets."""
    if raw.get("status") in ("not run", "failed"):
        return raw
    rows = []
    for r in raw["rows"]:
        m = r.get("median_s", {})
        ours, peer, floor = m.get("explain4j"), m.get("inseq"), m.get("floor")
        row = {
            "model": r["model"],
            "method": r["method"],
            "generated": r["generated"],
            "explain4j s": ours,
            "Inseq s": peer,
            "floor s": floor,
            "Inseq / explain4j": peer / ours if peer and ours else None,
            "explain4j / floor": ours / floor if floor and ours else None,
        }
        if r["method"] not in ("attention", "occlusion") and r["generated"] == 20:
            row["≥3× vs Inseq"] = bool(peer and ours and peer / ours >= 3)
        if floor and ours:
            row["≤1.3× floor"] = ours / floor <= 1.3
        rows.append(row)
    meta = raw.get("meta", {})
    skipped = meta.get("skipped", raw.get("skipped", []))
    prompt = (
        [
            f"prompt {meta['prompt']!r}: "
            + ", ".join(f"{n} tokens on the {m} model" for m, n in meta["prompt_tokens"].items())
            + "; the target is the prompt plus the model's own greedy continuation"
        ]
        if meta.get("prompt_tokens")
        else []
    )
    notes = (
        prompt
        + list(raw.get("notes", []))
        + [
            f"not measured: {s.get('model')} {s.get('method')} at {s.get('generated')} tokens"
            f" ({s.get('why')})"
            if isinstance(s, dict)
            else f"not measured: {s}"
            for s in skipped
        ]
    )
    return {"rows": rows, "notes": notes}


MORE_METHODS = (
    "layer_gradient_x_activation",
    "layer_integrated_gradients",
    "layer_deeplift",
    "sequential_integrated_gradients",
    "discretized_integrated_gradients",
    "value_zeroing",
    "reagent",
)


def more_rows(section):
    """Inseq's other methods: the target is not to be slower than Inseq (issue #16)."""
    if not isinstance(section, dict) or "rows" not in section:
        return section
    for row in section["rows"]:
        row.pop("≥3× vs Inseq", None)
        row.pop("≤1.3× floor", None)
        ours, peer = row.get("explain4j s"), row.get("Inseq s")
        row["faster than Inseq"] = bool(ours and peer and ours < peer) if peer else None
    return section


def citation_rows(raw):
    """bench/citation_bench.py's JSON as rows: context-cite and explain4j on the same ablations."""
    if raw.get("status") in ("not run", "failed"):
        return raw
    ours = raw["explain4j_s"]
    rows = [
        {"run": f"context-cite 0.0.4, batch {b}", "seconds": t, "context-cite / explain4j": t / ours}
        for b, t in raw.get("context_cite_s", {}).items()
    ]
    rows.append({"run": "explain4j cite (contextcite)", "seconds": ours})
    if raw.get("faithfulness_s") is not None:
        rows.append(
            {"run": "explain4j faithfulness evaluation, per example", "seconds": raw["faithfulness_s"]}
        )
    notes = [
        f"context of {raw.get('context_tokens')} tokens in {raw.get('sources')} sources, "
        f"{raw.get('answer_tokens')}-token answer, {raw.get('ablations')} ablations on both sides; "
        "a ratio above 1 means explain4j is faster"
    ] + list(raw.get("notes", []))
    return {"rows": rows, "notes": notes}


def merged(previous, report):
    """The previous report's sections, stamped with their run's date, updated by this run's."""
    sections = {}
    for name, data in previous.get("sections", {}).items():
        if isinstance(data, dict):
            data.setdefault("measured", previous.get("date"))
        sections[name] = data
    sections.update(report["sections"])
    return {**report, "sections": sections, "merged": True}


def classifier_rows(raw):
    """Flatten bench/classifier_bench.py's JSON into table rows with the ratios."""
    if raw.get("status") in ("not run", "failed"):
        return raw
    rows = []
    for r in raw["rows"]:
        m = r["median_s"]
        ours, peer, floor = m["explain4j"], m["captum"], m["floor"]
        rows.append(
            {
                "model": r["model"],
                "method": r["method"],
                "texts": r["texts"],
                "explain4j s (one call)": ours,
                "Captum s (loop)": peer,
                "floor s": floor,
                "Captum / explain4j": peer / ours,
                "explain4j / floor": ours / floor,
            }
        )
    notes = [
        "random-weight BERT classifiers built at run time (tests/fixtures/make_head_models.py); "
        "64 texts of 8-14 words, each explaining its predicted class; explain4j's time includes "
        "tokenising, the prediction pass and choosing the objectives"
    ]
    return {"rows": rows, "notes": notes}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer iterations (smoke test)")
    parser.add_argument(
        "--sections",
        default="bridge,aggregation,attribution,rendering,classifier",
        help="also: attribution-more (Inseq's other seven methods, hours on a CPU), citation, spark",
    )
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--merge", action="store_true", help="keep the other sections of bench/results.json")
    args = parser.parse_args(argv)
    sections = args.sections.split(",")
    started = time.time()
    report = {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "machine": machine(),
        "device": args.device,
        "quick": args.quick,
        "sections": {},
    }
    cp = test_classpath()
    if "bridge" in sections:
        bridge = section_java_main(
            cp, "dev.explain4j.bench.BridgeBench", ["--quick"] if args.quick else [], 900
        )
        ipc = section_python_script("python/ipc_vs_py4j.py", ["--mb", "100", "--classpath", cp], 900)
        if isinstance(bridge, dict) and "rows" in bridge:
            bridge["rows"].append(py4j_row(ipc))
        report["sections"]["bridge"] = bridge
    if "aggregation" in sections:
        report["sections"]["aggregation"] = section_aggregation(cp, args.quick)
    if "attribution" in sections:
        extra = ["--device", args.device] + (["--models", "tiny", "--repeats", "2"] if args.quick else [])
        report["sections"]["attribution"] = attribution_rows(
            section_python_script("attribution_bench.py", extra, 1500)
        )
        gpu = ROOT / "bench" / "results-attribution-cuda-h100.json"
        if gpu.is_file() and args.device == "cpu":
            section = attribution_rows(json.loads(gpu.read_text()))
            section.setdefault("notes", []).insert(
                0,
                "measured on a lent NVIDIA H100 with --device cuda (bench/attribution_bench.py, "
                "file bench/results-attribution-cuda-h100.json), not in this run; the default "
                "model there has SmolLM2-135M's shape with random weights (same compute)",
            )
            report["sections"]["attribution (GPU)"] = section
    if "attribution-more" in sections:
        extra = ["--device", args.device, "--methods", ",".join(MORE_METHODS), "--lengths", "20"]
        extra += ["--models", "tiny", "--repeats", "1"] if args.quick else ["--default-repeats", "1"]
        report["sections"]["attribution-more"] = more_rows(
            attribution_rows(section_python_script("attribution_bench.py", extra, 14400))
        )
    if "rendering" in sections:
        report["sections"]["rendering"] = section_java_main(cp, "dev.explain4j.bench.RenderBench", [], 600)
    if "citation" in sections:
        extra = ["--ablations", "8" if args.quick else "64"]
        report["sections"]["citation"] = citation_rows(
            section_python_script("citation_bench.py", extra, 7200)
        )
    if "classifier" in sections:
        extra = ["--device", args.device] + (["--quick"] if args.quick else [])
        report["sections"]["classifier"] = classifier_rows(
            section_python_script("classifier_bench.py", extra, 3600)
        )
    if "spark" in sections:
        # local engine vs a standalone cluster on 127.0.0.1 with one and two one-core workers
        report["sections"]["spark"] = section_java_main(
            spark_classpath(),
            "dev.explain4j.spark.SparkBench",
            ["120" if args.quick else "600"],
            1800,
            props=[f"-Dexplain4j.sparkHome={ROOT / 'explain4j-spark' / 'target' / 'spark-home'}"],
            env={"OMP_NUM_THREADS": "1", "OMP_WAIT_POLICY": "PASSIVE", "HF_HUB_OFFLINE": "1"},
        )
    report["seconds"] = round(time.time() - started, 1)
    for data in report["sections"].values():
        if isinstance(data, dict):
            data.setdefault("measured", report["date"])
    results = ROOT / "bench" / "results.json"
    if args.merge and results.is_file():
        report = merged(json.loads(results.read_text()), report)
    tmp = results.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(report, indent=2, default=str))
    tmp.replace(results)
    from report import write_markdown  # noqa: E402  (bench/report.py, beside this file)

    write_markdown(report, ROOT / "BENCHMARKS.md")
    print(f"wrote BENCHMARKS.md and bench/results.json in {report['seconds']} s")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(main())
