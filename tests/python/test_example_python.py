"""examples/python in a fresh virtual environment outside the checkout, holding only the wheel:
no torch, no transformers, no checkout on the path; Java runs the model and renders the page."""

import json
import os
import re
import shutil
import subprocess
import zipfile

import pytest
from gateway_support import TINY_GPT2
from wheel_support import ROOT, fresh_venv

import explain4j

EXAMPLE = ROOT / "examples" / "python"
TEXT = "a <b> & c"


def clean_env(**extra):
    """What a user's shell would hand the example: no checkout paths, no explain4j settings."""
    keep = ("PATH", "HOME", "JAVA_HOME", "LANG", "TMPDIR", "OMP_NUM_THREADS", "EXPLAIN4J_HOME")
    env = {k: os.environ[k] for k in keep if k in os.environ}
    # Until core provisions the model's Python environment itself, the JVM gets the checkout's:
    env["EXPLAIN4J_PYTHON"] = str((ROOT / ".venv").resolve())
    return {**env, **extra}


@pytest.fixture(scope="module")
def venv(wheel, tmp_path_factory):
    python = fresh_venv(tmp_path_factory.mktemp("fresh") / "venv", wheel)
    assert not str(python).startswith(str(ROOT)), "the environment lies outside the checkout"
    return python


@pytest.fixture()
def example(tmp_path):
    work = tmp_path / "example"
    shutil.copytree(EXAMPLE, work)
    return work


def run(venv, cwd, args, **env):
    return subprocess.run(
        [str(venv), *args], cwd=cwd, env=clean_env(**env), capture_output=True, text=True, timeout=600
    )


def test_the_fresh_environment_holds_only_the_wheel(venv, tmp_path):
    probe = (
        "import importlib.util as u, explain4j, json; print(json.dumps({'file': explain4j.__file__, "
        "'torch': bool(u.find_spec('torch')), 'transformers': bool(u.find_spec('transformers'))}))"
    )
    out = json.loads(run(venv, tmp_path, ["-c", probe]).stdout)
    assert out == {"file": out["file"], "torch": False, "transformers": False}
    assert "site-packages" in out["file"] and not out["file"].startswith(str(ROOT))


def test_the_example_renders_a_models_attention_page(venv, example):
    args = ["attention_page.py", str(TINY_GPT2), TEXT, "--generate", "2", "--out", "page.html"]
    proc = run(venv, example, args)
    assert proc.returncode == 0, proc.stderr
    page = (example / "page.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    config = re.search(r'class="e4j-config">(.*?)</script>', page, re.S).group(1)
    assert "<" not in config and "&" not in config, "tokens are escaped inside the page"
    sets = json.loads(config)["sets"]
    assert sets[0]["queryTokens"][:5] == ["a", " ", "<", "b", ">"] and sets[0]["queries"] == 10


def test_attention_from_an_array_in_the_fresh_environment(venv, tmp_path):
    code = (
        "import numpy as np; from explain4j import attention; "
        "print(attention(np.eye(2), ['<x>', 'y'], out='a.html'))"
    )
    proc = run(venv, tmp_path, ["-c", code])
    assert proc.returncode == 0, proc.stderr
    assert "\\u003cx\\u003e" in (tmp_path / "a.html").read_text(encoding="utf-8")


def test_a_jar_of_another_version_is_refused_in_one_line(venv, wheel, example, tmp_path):
    other = tmp_path / "jars"
    with zipfile.ZipFile(wheel) as z:
        for name in z.namelist():
            if name.startswith("explain4j/jars/"):
                z.extract(name, tmp_path)
    shutil.move(tmp_path / "explain4j" / "jars", other)
    gateway_jar = next(other.glob("explain4j-gateway-*.jar"))
    rewritten = tmp_path / "gateway.jar"
    with zipfile.ZipFile(gateway_jar) as src, zipfile.ZipFile(rewritten, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "dev/explain4j/gateway/gateway.properties":
                data = b"version=7.0.0\n"
            dst.writestr(item, data)
    gateway_jar.unlink()
    classpath = os.pathsep.join([str(rewritten), str(other / "*")])
    proc = run(venv, example, ["attention_page.py", str(TINY_GPT2)], EXPLAIN4J_CLASSPATH=classpath)
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "jar is version 7.0.0" in lines[0]
    assert f"Python package is version {explain4j.__version__}" in lines[0]
    assert not (example / "attention.html").exists()
