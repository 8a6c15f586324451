"""The notebooks in notebooks/ run headless through nbclient; any cell error fails the test.

The Kotlin notebook runs in the Kotlin Jupyter kernel (PyPI kotlin-jupyter-kernel), the Python one
in ipykernel; both need the jar built by ``mvn -DskipTests package``. The tests check the outputs
hold explain4j's rendered HTML with escaped token text.
"""

import os
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from explain4j.client import gateway

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"


def _run(name, kernel, tmp_path, timeout=600):
    target = ROOT / "explain4j-cli" / "target"
    jars = list(target.glob("explain4j-cli-*.jar"))
    assert jars and (target / "lib").is_dir(), f"build the jar first: mvn -DskipTests package in {ROOT}"
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    env = dict(
        os.environ,
        PYTHONPATH=os.pathsep.join([str(ROOT / "python"), os.environ.get("PYTHONPATH", "")]),
        KOTLIN_JUPYTER_JAVA_OPTS_EXTRA=" ".join(gateway.jvm_flags()),
        OMP_WAIT_POLICY="PASSIVE",
        HF_HUB_OFFLINE="1",
        TOKENIZERS_PARALLELISM="false",
        DJL_OFFLINE="true",
        OPT_OUT_TRACKING="true",
        RUST_FLAVOR="cpu",
    )
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name=kernel,
        allow_errors=False,
        resources={"metadata": {"path": str(NOTEBOOKS)}},
    )
    started = time.monotonic()
    with open(tmp_path / f"{kernel}-kernel.log", "wb") as log:
        client.execute(env=env, stdout=log, stderr=log)
    print(f"{name}: {time.monotonic() - started:.1f}s")
    return nb


def _html_outputs(nb):
    out = []
    for cell in nb.cells:
        for o in cell.get("outputs", []):
            html = o.get("data", {}).get("text/html")
            if html:
                out.append(html if isinstance(html, str) else "".join(html))
    return out


def test_kotlin_notebook(tmp_path):
    nb = _run("kotlin-attention.ipynb", "kotlin", tmp_path)
    html = _html_outputs(nb)
    page = next(h for h in html if 'id="kotlin-attention"' in h)
    assert 'class="e4j e4j-attn"' in page and '"queryTokens":["The"' in page
    table = [h for h in html if 'class="e4j-heat"' in h]
    assert len(table) == 2 and "Attention of the generated tokens" in table[0]
    assert "&lt;script&gt;" in table[1] and "&lt;/td&gt;" in table[1]
    assert "<script>" not in table[1].split("<style>")[0] + table[1].split("</style>")[1]


def test_python_notebook(tmp_path):
    nb = _run("python-attention.ipynb", "python3", tmp_path)
    html = _html_outputs(nb)
    page = next(h for h in html if 'id="py-attention"' in h)
    assert 'class="e4j e4j-attn"' in page and '"queryTokens":["The","Ġca"' in page
    table = next(h for h in html if 'class="e4j-heat"' in h)
    assert "&lt;|endoftext|&gt;" in table or "&lt;bos&gt;" in table
