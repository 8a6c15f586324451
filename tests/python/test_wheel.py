"""The wheel bin/wheel builds: the package, the gateway's jars and the JVM flags, nothing more."""

import email
import subprocess
import zipfile

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
