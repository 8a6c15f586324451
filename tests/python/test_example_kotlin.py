"""examples/kotlin runs as a user's project would: copied to a directory outside the checkout,
explain4j-core from Maven's local repository through ``@file:DependsOn``, its results rendered by
the Jupyter integration in the jar. Needs ``mvn -DskipTests install`` first (see :mod:`kotlin_kernel`).
"""

import shutil

import nbformat
import pytest
from kotlin_kernel import (
    ROOT,
    TINY_GPT2,
    html_outputs,
    installed_core,
    kernel_env,
    local_repo,
    run,
    settle_snapshots,
)
from nbclient.exceptions import CellExecutionError

from explain4j.client import gateway


def test_kotlin_example_outside_the_checkout(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(ROOT / "examples" / "kotlin", project)
    assert ROOT not in project.resolve().parents
    repo = local_repo()
    installed_core(repo)
    settle_snapshots(repo)
    env = kernel_env(repo)
    env["EXPLAIN4J_MODEL"] = str(TINY_GPT2)
    nb = run(project / "explain4j.ipynb", project, tmp_path / "kernel.log", env)
    html = html_outputs(nb)
    assert len(html) == 2, [h[:80] for h in html]
    table, page = html
    assert table.startswith('<div class="e4j e4j-table"') and "<caption>Attribution (saliency" in table
    assert 'title="row 0">The<' in table, "the prompt's tokens label the rows"
    assert page.startswith('<div class="e4j e4j-attn"') and '"queryTokens":["The"' in page


def test_kernel_without_the_jvm_flags_fails_in_one_line(tmp_path):
    repo = local_repo()
    installed_core(repo)
    settle_snapshots(repo)
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "kotlin", "display_name": "Kotlin", "language": "kotlin"}
    source = (ROOT / "examples" / "kotlin" / "explain4j.ipynb").read_text()
    depends = next(c for c in nbformat.reads(source, as_version=4).cells if "@file:DependsOn" in c.source)
    nb.cells = [nbformat.v4.new_code_cell(depends.source), nbformat.v4.new_code_cell('"next cell"')]
    path = tmp_path / "flags.ipynb"
    nbformat.write(nb, path)
    env = kernel_env(repo)
    env["KOTLIN_JUPYTER_JAVA_OPTS_EXTRA"] = f"-Dmaven.repo.local={repo}"
    with pytest.raises(CellExecutionError) as failed:
        run(path, tmp_path, tmp_path / "kernel.log", env)
    assert failed.value.ename == "java.lang.IllegalStateException"
    flags = gateway.jvm_flags()
    assert failed.value.evalue == (
        f"explain4j needs the JVM flags [{', '.join(flags)}]: start Jupyter with "
        f'KOTLIN_JUPYTER_JAVA_OPTS_EXTRA="{" ".join(flags)}" (the flags in explain4j\'s jvm.options)'
    )
