"""examples/java-service as a user would run it: copied out of the checkout, built with Maven against
the explain4j artifacts in the local repository (bin/test runs ``mvn install`` first), then run with
no EXPLAIN4J_PYTHON, so that explain4j finds or provisions its Python environment itself and loads
the default model from its cache (converting it there if this machine has none).

The cache is the usual one (EXPLAIN4J_HOME, else ~/.cache/explain4j): the first run provisions an
environment in its ``envs/`` (a few minutes; packages are hard links into uv's cache), later runs
reuse it. Extra Maven arguments (``-Dmaven.repo.local=...``) can be given in MAVEN_ARGS.
"""

import hashlib
import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "java-service"


def _maven_args():
    return shlex.split(os.environ.get("MAVEN_ARGS", ""))


def _local_repository(args):
    for a in args:
        m = re.fullmatch(r"-Dmaven\.repo\.local=(.+)", a)
        if m:
            return Path(m.group(1))
    return Path.home() / ".m2" / "repository"


def _version():
    return re.search(r"<version>([^<]+)</version>", (ROOT / "pom.xml").read_text()).group(1)


def _sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_java_service_example_runs_outside_the_checkout(tmp_path):
    args = _maven_args()
    version = _version()
    built = ROOT / "explain4j-core" / "target" / f"explain4j-core-{version}.jar"
    installed = _local_repository(args) / "dev" / "explain4j" / "explain4j-core" / version / built.name
    if not built.is_file():
        pytest.fail(f"no {built}: build and install first (bin/test runs mvn install)")
    assert installed.is_file() and _sha(installed) == _sha(built), (
        f"{installed} is not the jar just built: run mvn install (bin/test does) before this test"
    )
    work = tmp_path / "java-service"
    shutil.copytree(EXAMPLE, work, ignore=shutil.ignore_patterns("target"))
    env = {k: v for k, v in os.environ.items() if k not in ("EXPLAIN4J_PYTHON", "EXPLAIN4J_VENV")}
    env.setdefault("OMP_NUM_THREADS", "1")
    build = subprocess.run(
        ["mvn", "-B", "-q", "-Dstyle.color=never", *args, "package"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    out = work / "report.html"
    r = subprocess.run(
        ["java", "-jar", "target/java-service.jar", "The capital of France is", str(out)],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert r.returncode == 0, f"exit {r.returncode}\nstdout:\n{r.stdout[-3000:]}\nstderr:\n{r.stderr[-3000:]}"
    assert "Traceback" not in r.stderr
    assert "attributed 8 generated tokens" in r.stdout, r.stdout
    assert out.is_file() and "<html" in out.read_text()[:2000].lower()
    assert "Paris" in out.read_text()
