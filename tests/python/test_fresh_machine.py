"""README command 1 on a machine that has never seen explain4j: no ~/.cache, no environment.

HOME points at an empty folder, so the set-up starts from nothing: no cache directory, no tools, no
environment, no model. uv and pip are pointed at the existing package caches so that nothing is
downloaded twice; everything else (uv itself, the environment, Jep's build, the default model's
conversion) is done again. Then the README's main job runs from that environment.
"""

import os
import shlex
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text()


def _readme_main_job():
    """The first command of the README's 'two commands', exactly as written there."""
    for line in README.splitlines():
        if line.strip().startswith("bin/explain4j attribute"):
            return shlex.split(line.strip())
    raise AssertionError("README has no 'bin/explain4j attribute' command")


def _real_caches():
    home = Path(os.environ.get("EXPLAIN4J_HOME") or Path.home() / ".cache" / "explain4j")
    uv_cache = Path(os.environ.get("UV_CACHE_DIR") or home / "uv-cache")
    if not any(uv_cache.glob("*")):
        pytest.fail(f"no uv cache at {uv_cache}: run bin/setup first (bin/test does)")
    return uv_cache, home / "pip-cache"


def test_readme_main_job_from_nothing(tmp_path):
    uv_cache, pip_cache = _real_caches()
    home = tmp_path / "home"
    home.mkdir()
    venv = tmp_path / "env" / "venv"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("EXPLAIN4J_", "VIRTUAL_ENV", "DJL_"))}
    env.update(
        HOME=str(home),
        EXPLAIN4J_VENV=str(venv),
        UV_CACHE_DIR=str(uv_cache),
        PIP_CACHE_DIR=str(pip_cache),
        XDG_CACHE_HOME=str(home / ".cache"),
    )
    work = tmp_path / "work"
    work.mkdir()
    cmd = _readme_main_job()
    r = subprocess.run(
        [str(ROOT / cmd[0]), *cmd[1:]], cwd=work, env=env, capture_output=True, text=True, timeout=1500
    )
    assert r.returncode == 0, f"exit {r.returncode}\nstdout:\n{r.stdout[-3000:]}\nstderr:\n{r.stderr[-3000:]}"
    assert "Traceback" not in r.stderr
    cache = home / ".cache" / "explain4j"
    assert (cache / "tools").is_dir() and (cache / "models" / "SmolLM2-135M-Instruct").is_dir()
    assert (venv / ".explain4j-stamp.json").is_file()
    report = work / "report.html"
    assert report.is_file() and "<html" in report.read_text()[:2000].lower()
    assert r.stdout.strip(), "the terminal heatmap is printed"
