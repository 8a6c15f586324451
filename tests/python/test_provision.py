"""The provisioner that the Java library runs (explain4j.tools.provision) and the steps it shares with
bin/setup (explain4j.tools.environment): each bad input is one line, nothing half-done is marked done,
the runtime lock holds no test tools, and an environment installs offline from a wheel directory."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "python"))

from explain4j.tools import environment as envs  # noqa: E402

BASE = getattr(sys, "_base_executable", sys.executable)  # the provisioner runs on a base Python
LOCKS = ROOT / "python"


def fake_python(tmp_path, name, version, shared):
    script = tmp_path / name
    info = {"version": version, "shared": shared, "exe": str(script), "libdir": "/nowhere"}
    script.write_text(f"#!/bin/sh\necho '{json.dumps(info)}'\n")
    script.chmod(0o755)
    return str(script)


def provision(*args, env=None):
    full = dict(os.environ, PYTHONPATH=str(ROOT / "python"), **(env or {}))
    cmd = [BASE, "-m", "explain4j.tools.provision", "--events", *args]
    return subprocess.run(cmd, capture_output=True, text=True, env=full, timeout=600)


def events(stdout, kind):
    return [ln.split("\t")[3] for ln in stdout.splitlines() if ln.startswith(f"E4J\t{kind}\t")]


def test_no_suitable_base_python_names_every_candidate_in_one_line(tmp_path):
    old = fake_python(tmp_path, "py39", [3, 9, 18], 1)
    static = fake_python(tmp_path, "py311static", [3, 11, 2], 0)
    missing = str(tmp_path / "nothing-here")
    with pytest.raises(envs.SetupError) as e:
        envs.find_base_python([old, static, missing])
    msg = str(e.value)
    assert msg.startswith("no base Python 3.10-3.13 with a shared libpython")
    assert "Python 3.9 at" in msg and "without a shared libpython" in msg and missing in msg
    assert "EXPLAIN4J_BASE_PYTHON" in msg and "\n" not in msg


def test_the_first_suitable_candidate_is_taken(tmp_path):
    good = fake_python(tmp_path, "py312", [3, 12, 1], 1)
    assert envs.find_base_python([str(tmp_path / "none"), good])["version"] == [3, 12, 1]


def test_no_c_compiler_is_one_line(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setenv("CC", "no-such-cc")
    with pytest.raises(envs.SetupError, match=r"no C compiler \(no-such-cc or gcc\) on PATH"):
        envs.check_c_compiler()


def test_unwritable_cache_is_one_error_event(tmp_path):
    blocked = tmp_path / "a-file"
    blocked.write_text("x")
    lock = LOCKS / "requirements-runtime.lock"
    r = provision("--lock", str(lock), "--package", str(ROOT / "python"), "--home", str(blocked / "h"))
    assert r.returncode == 1
    [error] = events(r.stdout, "error")
    assert "is not writable" in error and "EXPLAIN4J_HOME" in error
    assert "Traceback" not in r.stdout + r.stderr


def test_missing_wheel_directory_is_named_and_nothing_is_marked_done(tmp_path):
    lock = LOCKS / "requirements-runtime.lock"
    wheels = tmp_path / "no-wheels"
    home = tmp_path / "home"
    r = provision(
        "--lock", str(lock), "--package", str(ROOT / "python"), "--home", str(home), "--wheels", str(wheels)
    )
    assert r.returncode == 1
    assert events(r.stdout, "error") == [f"the wheel directory {wheels} does not exist"]
    assert not list(home.glob("envs/*/" + envs.ENV_STAMP))


def _pins(lock):
    return dict(re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)", lock.read_text(), re.MULTILINE))


def test_the_runtime_lock_holds_neither_inseq_nor_pytest():
    runtime = _pins(LOCKS / "requirements-runtime.lock")
    assert "torch" in runtime and "transformers" in runtime
    assert "inseq" not in runtime and "pytest" not in runtime
    dev = _pins(LOCKS / "requirements-dev.lock")
    assert {k: dev.get(k) for k in runtime} == runtime, "the runtime lock pins the dev lock's versions"


def test_conversion_extras_are_pinned_as_in_the_dev_lock():
    dev = _pins(LOCKS / "requirements-dev.lock")
    for pin in envs.CONVERT_EXTRAS:
        name, version = pin.split("==")
        assert dev[name] == version, pin


def test_an_environment_installs_offline_from_a_wheel_directory(tmp_path):
    """A small lock and its wheels plus jep's sdist, uv offline with an empty cache: no network used.

    The wheel directory itself is downloaded here with pip (about 20 MB: numpy, setuptools, wheel,
    jep's sdist); the install then runs offline.
    """
    lock = tmp_path / "small.lock"
    pins = _pins(LOCKS / "requirements-runtime.lock")
    lock.write_text("".join(f"{n}=={pins[n]}\n" for n in ("numpy", "setuptools", "wheel")))
    wheels = tmp_path / "wheels"
    pip = [BASE, "-m", "pip", "download", "-q", "--no-deps", "-d", str(wheels)]
    subprocess.run([*pip, "-r", str(lock)], check=True, timeout=600)
    subprocess.run([*pip, "--no-binary", "jep", f"jep=={envs.JEP_VERSION}"], check=True, timeout=600)
    home = tmp_path / "home"
    home.mkdir()
    uv = Path.home() / ".cache" / "explain4j" / "tools" / f"uv-{envs.UV_VERSION}" / "bin" / "uv"
    uv = uv if uv.is_file() else envs.ensure_uv(home)
    base = envs.check_base_python(BASE)
    venv = tmp_path / "venv"
    old = {k: os.environ.get(k) for k in ("UV_OFFLINE", "UV_CACHE_DIR")}
    os.environ.update(UV_OFFLINE="1", UV_CACHE_DIR=str(tmp_path / "empty-uv-cache"))
    try:
        envs.install_environment(venv, lock, home, uv, base, envs.find_jdk(), wheels)
    finally:
        for k, v in old.items():
            os.environ.pop(k) if v is None else os.environ.__setitem__(k, v)
    site = envs.site_packages(venv, base["version"][1])
    assert (site / "jep" / "libjep.so").is_file()
    assert (venv / ".explain4j-jep.json").is_file()


def test_a_second_process_waits_for_the_first_and_uses_what_it_built(tmp_path):
    """Two JVMs provisioning at once: the second waits on the file lock, then finds the stamp."""
    import fcntl

    lock = LOCKS / "requirements-runtime.lock"
    home = tmp_path / "home"
    venv = home / "envs" / envs.sha256_file(lock)[:16]
    venv.mkdir(parents=True)
    (venv / "pyvenv.cfg").write_text("home = /usr/bin\n")
    with open(home / "envs" / f"{venv.name}.lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # the first process, building
        full = dict(os.environ, PYTHONPATH=str(ROOT / "python"))
        cmd = [BASE, "-m", "explain4j.tools.provision", "--events", "--lock", str(lock)]
        second = subprocess.Popen(
            [*cmd, "--package", str(ROOT / "python"), "--home", str(home)],
            stdout=subprocess.PIPE,
            text=True,
            env=full,
        )
        first_line = second.stdout.readline()
        assert first_line.startswith("E4J\tprogress\tlock\twaiting for the lock on"), first_line
        stamp = {"lock": envs.sha256_file(lock), "jep": envs.JEP_VERSION}
        envs.write_stamp(venv / envs.ENV_STAMP, stamp)  # the first process finishes
    out, _ = second.communicate(timeout=60)
    assert second.returncode == 0, out
    assert events(out, "ready") == [str(venv)]
    assert events(out, "progress") == [], "nothing was built again"
