"""Bad-input behaviour of bin/setup.py: each failure is one clear line and nothing is marked done."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SETUP = ROOT / "bin" / "setup.py"


def run_setup(*args, env=None):
    full = dict(os.environ, **(env or {}))
    return subprocess.run([sys.executable, str(SETUP), *args], capture_output=True, text=True,
                          env=full, timeout=600)


def test_unwritable_cache_directory_is_named(tmp_path):
    blocked = tmp_path / "file-not-dir"
    blocked.write_text("x")
    r = run_setup("--no-model", "--no-java", env={"EXPLAIN4J_HOME": str(blocked / "home")})
    assert r.returncode == 1
    assert str(blocked / "home") in r.stderr
    assert "EXPLAIN4J_HOME" in r.stderr


def test_missing_python_is_named(tmp_path):
    r = run_setup("--python", str(tmp_path / "nopython"), "--no-model", "--no-java")
    assert r.returncode == 1
    assert str(tmp_path / "nopython") in r.stderr


def test_jdk_without_headers_is_explained(tmp_path):
    fake_jdk = tmp_path / "jdk"
    (fake_jdk / "bin").mkdir(parents=True)
    r = run_setup("--no-model", "--no-java", env={"JAVA_HOME": str(fake_jdk)})
    assert r.returncode == 1
    assert "jni.h" in r.stderr and str(fake_jdk) in r.stderr


def test_second_run_is_a_fast_no_op():
    r = run_setup("--no-java")
    assert r.returncode == 0, r.stderr
    assert "up to date" in r.stderr
    assert "installing" not in r.stderr and "building" not in r.stderr


def test_missing_lock_is_named(tmp_path):
    r = run_setup("--no-model", "--no-java",
                  env={"EXPLAIN4J_VENV": str(tmp_path / "venv"), "EXPLAIN4J_LOCK": str(tmp_path / "x.lock")})
    assert r.returncode == 1
    assert str(tmp_path / "x.lock") in r.stderr


def test_half_finished_environment_is_not_marked_done(tmp_path):
    """A venv whose install fails keeps no stamp, so the next run retries instead of trusting it."""
    lock = tmp_path / "broken.lock"
    lock.write_text("explain4j-no-such-package-for-tests==0.0.1\n")
    venv = tmp_path / "venv"
    r = run_setup("--no-model", "--no-java",
                  env={"EXPLAIN4J_VENV": str(venv), "EXPLAIN4J_LOCK": str(lock)})
    assert r.returncode == 1
    assert "uv pip install failed" in r.stderr
    assert (venv / "pyvenv.cfg").exists()
    assert not (venv / ".explain4j-stamp.json").exists()
