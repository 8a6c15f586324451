"""The wheel for the tests: built once per test run by bin/wheel, and fresh environments for it."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
UV_VERSION = "0.13.9"  # bin/setup.py's


def explain4j_home():
    return Path(os.environ.get("EXPLAIN4J_HOME") or Path.home() / ".cache" / "explain4j")


def uv():
    return explain4j_home() / "tools" / f"uv-{UV_VERSION}" / "bin" / "uv"


def uv_env():
    env = dict(os.environ)
    env.setdefault("UV_CACHE_DIR", str(explain4j_home() / "uv-cache"))
    env.pop("VIRTUAL_ENV", None)
    return env


def build_wheel(out):
    """bin/wheel into ``out`` (the Java build is used as it is when current, else rebuilt)."""
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bin" / "wheel.py"), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert proc.returncode == 0, f"bin/wheel failed: {proc.stderr[-2000:]}"
    return Path(proc.stdout.strip().splitlines()[-1])


def fresh_venv(where, wheel):
    """A new virtual environment at ``where`` holding only ``wheel`` and its dependencies, installed
    offline from uv's cache, pinned to the versions of the checkout's lock (nothing is downloaded)."""
    base = getattr(sys, "_base_executable", sys.executable)
    env = uv_env()
    subprocess.run([str(uv()), "venv", "-q", "--python", base, str(where)], env=env, check=True)
    python = where / "bin" / "python"
    lock = ROOT / "python" / "requirements-dev.lock"
    install = [str(uv()), "pip", "install", "-q", "--offline", "--python", str(python)]
    subprocess.run([*install, "-c", str(lock), str(wheel)], env=env, check=True)
    return python
