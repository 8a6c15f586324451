"""Bad-input behaviour of bin/setup.py: each failure is one clear line and nothing is marked done."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SETUP = ROOT / "bin" / "setup.py"


def run_setup(*args, env=None):
    full = dict(os.environ, **(env or {}))
    base = getattr(sys, "_base_executable", sys.executable)  # bin/setup runs on the base Python
    return subprocess.run([base, str(SETUP), *args], capture_output=True, text=True, env=full, timeout=600)


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
    r = run_setup(
        "--no-model",
        "--no-java",
        env={"EXPLAIN4J_VENV": str(tmp_path / "venv"), "EXPLAIN4J_LOCK": str(tmp_path / "x.lock")},
    )
    assert r.returncode == 1
    assert str(tmp_path / "x.lock") in r.stderr


def test_half_finished_environment_is_not_marked_done(tmp_path):
    """A venv whose install fails keeps no stamp, so the next run retries instead of trusting it."""
    lock = tmp_path / "broken.lock"
    lock.write_text("explain4j-no-such-package-for-tests==0.0.1\n")
    venv = tmp_path / "venv"
    r = run_setup("--no-model", "--no-java", env={"EXPLAIN4J_VENV": str(venv), "EXPLAIN4J_LOCK": str(lock)})
    assert r.returncode == 1
    assert "uv pip install failed" in r.stderr
    assert (venv / "pyvenv.cfg").exists()
    assert not (venv / ".explain4j-stamp.json").exists()


def _one_line(stderr):
    lines = [ln for ln in stderr.splitlines() if ln.strip() and not ln.startswith("[setup]")]
    assert len(lines) == 1 and "Traceback" not in stderr, stderr
    return lines[0]


def test_empty_cache_directory_gets_its_tools_folder(tmp_path):
    """A cache directory with no tools/ yet (a new machine) installs uv instead of crashing."""
    home = tmp_path / "new-home"
    pip_cache = Path(os.environ.get("EXPLAIN4J_HOME") or Path.home() / ".cache/explain4j") / "pip-cache"
    r = run_setup(
        "--no-model", "--no-java", env={"EXPLAIN4J_HOME": str(home), "PIP_CACHE_DIR": str(pip_cache)}
    )
    assert r.returncode == 0, r.stderr
    assert (home / "tools").is_dir() and list((home / "tools").glob("uv-*/bin/uv"))


def test_unexpected_failure_is_one_line_without_traceback(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "tools").write_text("a file where the tools folder belongs")
    r = run_setup("--no-model", "--no-java", env={"EXPLAIN4J_HOME": str(home)})
    assert r.returncode == 1
    line = _one_line(r.stderr)
    assert line.startswith("explain4j setup:") and "EXPLAIN4J_DEBUG" in line


def test_failed_command_is_one_line_naming_its_log(tmp_path):
    lock = tmp_path / "broken.lock"
    lock.write_text("explain4j-no-such-package-for-tests==0.0.1\n")
    home = tmp_path / "home"
    r = run_setup(
        "--no-model",
        "--no-java",
        env={
            "EXPLAIN4J_VENV": str(tmp_path / "venv"),
            "EXPLAIN4J_LOCK": str(lock),
            "UV_CACHE_DIR": str(Path.home() / ".cache/explain4j/uv-cache"),
            "EXPLAIN4J_HOME": str(home),
        },
    )
    assert r.returncode == 1
    line = _one_line(r.stderr)
    assert "uv pip install failed" in line and "explain4j-no-such-package-for-tests" in line
    log = home / "logs" / "uv-pip-install.log"
    assert log.is_file() and str(log) in line


def test_environment_made_for_another_checkout_is_pointed_back_here():
    """A venv shared with (or moved from) another checkout imports this checkout's package again."""
    import json

    venv = ROOT / ".venv"
    stamp = venv / ".explain4j-stamp.json"
    data = json.loads(stamp.read_text())
    stamp.write_text(json.dumps(dict(data, checkout="/somewhere/else")))
    r = run_setup("--no-java", "--no-model")
    assert r.returncode == 0, r.stderr
    assert "installing pinned Python packages" in r.stderr
    where = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import explain4j; print(explain4j.__file__)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert Path(where).resolve().is_relative_to((ROOT / "python").resolve()), where
    assert json.loads(stamp.read_text())["checkout"] == str(ROOT)
