"""The notebooks in notebooks/ run headless through nbclient; any cell error fails the test.

The Kotlin notebook runs in the Kotlin Jupyter kernel (PyPI kotlin-jupyter-kernel) with
explain4j-core from Maven's local repository (``mvn -DskipTests install``, see
:mod:`kotlin_kernel`); the Python one in ipykernel, with the gateway jar built by ``mvn -DskipTests
package``. The tests check the outputs hold explain4j's rendered HTML with escaped token text.
"""

import os

from kotlin_kernel import (
    ROOT,
    html_outputs,
    installed_core,
    kernel_env,
    local_repo,
    run,
    settle_snapshots,
)

from explain4j.client import gateway

NOTEBOOKS = ROOT / "notebooks"


def test_kotlin_notebook(tmp_path):
    repo = local_repo()
    installed_core(repo)
    settle_snapshots(repo)
    nb = run(
        NOTEBOOKS / "kotlin-attention.ipynb", NOTEBOOKS, tmp_path / "kotlin-kernel.log", kernel_env(repo)
    )
    html = html_outputs(nb)
    # Every one is a cell's value rendered by explain4j's Jupyter integration, not HTML(...).
    assert "HTML(" not in "".join(c.source for c in nb.cells)
    page = next(h for h in html if 'id="kotlin-attention"' in h)
    assert 'class="e4j e4j-attn"' in page and '"queryTokens":["The"' in page
    tables = [h for h in html if 'class="e4j e4j-table"' in h]
    assert len(tables) == 3, [t[:80] for t in tables]
    assert "Attention of the generated tokens" in tables[0]
    assert "<caption>Attribution (saliency" in tables[1] and "&lt;script&gt;" not in tables[1]
    assert "&lt;script&gt;" in tables[2] and "&lt;/td&gt;" in tables[2] and "a&amp;b" in tables[2]
    assert "<script>" not in tables[2].split("<style>")[0] + tables[2].split("</style>")[1]


def test_python_notebook(tmp_path):
    target = ROOT / "explain4j-gateway" / "target"
    jars = list(target.glob("explain4j-gateway-*.jar"))
    assert jars and (target / "lib").is_dir(), f"build the jar first: mvn -DskipTests package in {ROOT}"
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
    nb = run(NOTEBOOKS / "python-attention.ipynb", NOTEBOOKS, tmp_path / "python-kernel.log", env, "python3")
    html = html_outputs(nb)
    page = next(h for h in html if 'id="py-attention"' in h)
    assert 'class="e4j e4j-attn"' in page and '"queryTokens":["The","Ġca"' in page
    table = next(h for h in html if 'class="e4j-heat"' in h)
    assert "&lt;|endoftext|&gt;" in table or "&lt;bos&gt;" in table
