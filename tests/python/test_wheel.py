"""The wheel bin/wheel builds: the package, the gateway's jars and the JVM flags, nothing more."""

import email
import importlib.util
import subprocess
import sys
import zipfile

import pytest
from wheel_support import ROOT

import explain4j
from explain4j import versions


def test_the_wheel_carries_the_jars_and_the_flags_and_no_test_support(wheel):
    assert wheel.name == f"explain4j-{explain4j.__version__}-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
        flags = z.read("explain4j/jvm.options")
        meta = email.message_from_bytes(z.read(f"explain4j-{explain4j.__version__}.dist-info/METADATA"))
    jars = sorted(n.removeprefix("explain4j/jars/") for n in names if n.startswith("explain4j/jars/"))
    gateway_lib = sorted(p.name for p in (ROOT / "explain4j-gateway" / "target" / "lib").glob("*.jar"))
    gateway_jar = [j for j in jars if j.startswith("explain4j-gateway-")]
    assert len(gateway_jar) == 1
    assert versions.matches(gateway_jar[0].removeprefix("explain4j-gateway-").removesuffix(".jar"))
    assert sorted(set(jars) - set(gateway_jar)) == gateway_lib, "every runtime jar, and only those"
    assert flags == (ROOT / "jvm.options").read_bytes(), "a copy of the one jvm.options"
    test_like = [
        n
        for n in names
        if any(k in n.lower() for k in ("testing", "junit", "jmh", "-tests.jar", "conftest", "__pycache__"))
        or n.startswith("tests/")
    ]
    assert test_like == []
    assert meta["Version"] == explain4j.__version__
    required = meta.get_all("Requires-Dist")
    assert not [
        r
        for r in required
        if r.split(";")[0].strip().startswith(("torch", "transformers")) and "extra ==" not in r
    ], f"the engine's packages stay optional: {required}"
    assert any(r.startswith("py4j") for r in required)


def test_building_the_wheel_leaves_the_source_tree_as_it_was(wheel):
    assert not (ROOT / "python" / "explain4j" / "jars").exists()
    assert not (ROOT / "python" / "explain4j" / "jvm.options").exists()
    status = subprocess.run(
        ["git", "status", "--porcelain", "--ignored", "python"], cwd=ROOT, capture_output=True, text=True
    ).stdout
    added = [ln for ln in status.splitlines() if ln.startswith(("??", "!!"))]
    assert [ln for ln in added if "__pycache__" not in ln and ".egg-info" not in ln] == []


def wheel_script():
    """bin/wheel.py as a module; the path entries and the ``setup`` module it adds are taken back."""
    path, had_setup = list(sys.path), "setup" in sys.modules
    spec = importlib.util.spec_from_file_location("explain4j_bin_wheel", ROOT / "bin" / "wheel.py")
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path[:] = path
        if not had_setup:
            sys.modules.pop("setup", None)
    return module


def fake_build(tmp_path, version, lib):
    """A gateway target/ folder: a jar that says ``version``, and empty jars named ``lib``."""
    target = tmp_path / "target"
    (target / "lib").mkdir(parents=True)
    with zipfile.ZipFile(target / f"explain4j-gateway-{version}.jar", "w") as jar:
        jar.writestr("dev/explain4j/gateway/gateway.properties", f"version={version}\n")
    for name in lib:
        (target / "lib" / name).write_bytes(b"")
    return target


def test_bin_wheel_refuses_a_gateway_jar_of_another_version(tmp_path, monkeypatch):
    script = wheel_script()
    monkeypatch.setattr(script, "GATEWAY", fake_build(tmp_path, "7.0.0", ["py4j-0.10.9.9.jar"]))
    with pytest.raises(script.setup.SetupError) as caught:
        script.gateway_jars()
    assert f"is version 7.0.0 but the Python package is version {explain4j.__version__}" in str(caught.value)


def test_bin_wheel_refuses_jars_left_by_an_earlier_build(tmp_path, monkeypatch):
    script = wheel_script()
    maven = explain4j.__version__.removesuffix(".dev0") + "-SNAPSHOT"
    assert versions.matches(maven)
    lib = ["jackson-core-2.20.0.jar", "jackson-core-2.21.0.jar", "py4j-0.10.9.9.jar"]
    monkeypatch.setattr(script, "GATEWAY", fake_build(tmp_path, maven, lib))
    with pytest.raises(script.setup.SetupError, match="more than one version of jackson-core"):
        script.gateway_jars()
    (script.GATEWAY / "lib" / lib[0]).unlink()
    assert [j.name for j in script.gateway_jars()] == [f"explain4j-gateway-{maven}.jar", *lib[1:]]
