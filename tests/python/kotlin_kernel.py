"""Running Kotlin notebooks headless for the tests: the kernel's environment and explain4j-core
from Maven's local repository, where ``mvn install`` puts it.

The kernel (PyPI kotlin-jupyter-kernel) resolves ``@file:Repository("*mavenLocal")`` in the
repository named by the JVM property ``maven.repo.local``, then ``~/.m2/settings.xml``, then
``~/.m2/repository``; the tests pass it explicitly (``EXPLAIN4J_MAVEN_REPO``, default
``~/.m2/repository``).
"""

import os
import time
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from explain4j.client import gateway

ROOT = Path(__file__).resolve().parents[2]
TINY_GPT2 = ROOT / "tests" / "fixtures" / "tiny-models" / "gpt2"
CORE = ("dev.explain4j", "explain4j-core")


def local_repo():
    """Maven's local repository the notebooks resolve explain4j-core from."""
    return Path(os.environ.get("EXPLAIN4J_MAVEN_REPO") or Path.home() / ".m2" / "repository")


def core_version():
    """The version of the checkout's explain4j-core (the parent POM's version)."""
    pom = ET.parse(ROOT / "pom.xml").getroot()
    return pom.find("{http://maven.apache.org/POM/4.0.0}version").text


def installed_core(repo):
    """The directory of the installed explain4j-core; fails with the command that installs it."""
    group, artifact = CORE
    version = core_version()
    folder = repo.joinpath(*group.split("."), artifact, version)
    jar = folder / f"{artifact}-{version}.jar"
    assert jar.is_file(), f"install explain4j-core first: mvn -DskipTests install in {ROOT} (no {jar})"
    return folder


def settle_snapshots(repo):
    """Dates each installed explain4j snapshot file no later than its install record.

    The kernel's resolver (Amper, kernel 0.19) takes a snapshot from the local repository only
    when the file is not newer than its ``updated`` time in ``maven-metadata-local.xml``; Maven
    writes the build's start time there, so a jar built and installed in one ``mvn install`` looks
    newer and is refused ("was returned from dependency resolution, but is missing on disk").
    Only modification times change, never content.
    """
    for meta in repo.joinpath("dev", "explain4j").glob("*/*-SNAPSHOT/maven-metadata-local.xml"):
        root = ET.parse(meta).getroot()
        artifact, version = root.findtext("artifactId"), root.findtext("version")
        for entry in root.iter("snapshotVersion"):
            classifier = entry.findtext("classifier")
            name = (
                f"{artifact}-{version}{'-' + classifier if classifier else ''}.{entry.findtext('extension')}"
            )
            path = meta.parent / name
            updated = datetime.strptime(entry.findtext("updated"), "%Y%m%d%H%M%S")
            stamp = updated.replace(tzinfo=timezone.utc).timestamp()
            if path.is_file() and path.stat().st_mtime > stamp:
                os.utime(path, (stamp, stamp))


def kernel_env(repo):
    """The environment for the Kotlin kernel: explain4j's JVM flags and the local repository."""
    opts = [
        *gateway.jvm_flags(),
        f"-Dmaven.repo.local={repo}",
        # The checkout's Python package (surefire does the same); drop once the jar carries it.
        f"-Dexplain4j.pythonpath={ROOT / 'python'}",
    ]
    return dict(
        os.environ,
        KOTLIN_JUPYTER_JAVA_OPTS_EXTRA=" ".join(opts),
        # The checkout's Python environment; drop once explain4j provisions its own.
        EXPLAIN4J_PYTHON=os.environ.get("EXPLAIN4J_PYTHON") or str(ROOT / ".venv"),
        OMP_WAIT_POLICY="PASSIVE",
        HF_HUB_OFFLINE="1",
        TOKENIZERS_PARALLELISM="false",
        DJL_OFFLINE="true",
        OPT_OUT_TRACKING="true",
        RUST_FLAVOR="cpu",
    )


def run(notebook, cwd, log, env=None, kernel="kotlin", timeout=600):
    """Runs ``notebook`` in ``cwd`` (its kernel's working directory); any cell error fails.

    A Kotlin notebook must depend on the checkout's version of explain4j-core.
    """
    nb = nbformat.read(notebook, as_version=4)
    if kernel == "kotlin":
        depends = f'@file:DependsOn("{":".join(CORE)}:{core_version()}")'
        assert any(depends in c.source for c in nb.cells), f"{notebook.name} lacks {depends}"
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name=kernel,
        allow_errors=False,
        resources={"metadata": {"path": str(cwd)}},
    )
    started = time.monotonic()
    with open(log, "wb") as out:
        client.execute(env=env, stdout=out, stderr=out)
    print(f"{notebook.name}: {time.monotonic() - started:.1f}s")
    return nb


def html_outputs(nb):
    """Every text/html output of the notebook, in order."""
    out = []
    for cell in nb.cells:
        for o in cell.get("outputs", []):
            html = o.get("data", {}).get("text/html")
            if html:
                out.append(html if isinstance(html, str) else "".join(html))
    return out
