"""The Python package refuses a gateway jar of another explain4j version, naming both versions."""

import os
import zipfile

import pytest
from gateway_support import process_gone

import explain4j
from explain4j import versions
from explain4j.client import gateway

PROPERTIES = "dev/explain4j/gateway/gateway.properties"


def test_one_rule_maps_maven_versions_to_python_versions():
    assert versions.python_version("0.1.0-SNAPSHOT") == "0.1.0.dev0"
    assert versions.python_version("0.2.1") == "0.2.1"
    assert versions.matches("0.1.0-SNAPSHOT", "0.1.0.dev0")
    assert not versions.matches("0.1.0-SNAPSHOT", "0.1.0"), "a snapshot is not the release"
    assert not versions.matches("0.1.0", "0.1.0.dev0")
    assert not versions.matches("0.2.0-SNAPSHOT", "0.1.0.dev0")


def test_the_built_gateway_reports_the_version_of_this_package():
    gw = gateway.start()
    try:
        assert versions.python_version(gw.call("version")) == explain4j.__version__
    finally:
        gw.close()


def rebuilt_jar(tmp_path, version):
    """The checkout's gateway jar with its build-time version rewritten to ``version``."""
    jar = next(p for p in gateway.find_classpath().split(os.pathsep) if p.endswith(".jar"))
    other = tmp_path / f"explain4j-gateway-{version}.jar"
    with zipfile.ZipFile(jar) as src, zipfile.ZipFile(other, "w", zipfile.ZIP_DEFLATED) as dst:
        assert PROPERTIES in src.namelist(), "the gateway jar carries its version"
        for item in src.infolist():
            data = src.read(item)
            if item.filename == PROPERTIES:
                data = f"version={version}\n".encode()
            dst.writestr(item, data)
    return jar, other


def test_a_gateway_jar_of_another_version_is_refused_naming_both(tmp_path, monkeypatch):
    jar, other = rebuilt_jar(tmp_path, "9.8.7-SNAPSHOT")
    lib = os.path.join(os.path.dirname(jar), "lib", "*")
    monkeypatch.setenv("EXPLAIN4J_CLASSPATH", os.pathsep.join([str(other), lib]))
    with pytest.raises(gateway.GatewayVersionError) as caught:
        gateway.start()
    message = str(caught.value)
    assert "\n" not in message
    assert "jar is version 9.8.7-SNAPSHOT" in message
    assert f"Python package is version {explain4j.__version__}" in message
    assert "EXPLAIN4J_CLASSPATH" in message
    assert caught.value.pid and process_gone(caught.value.pid), "the refused JVM is stopped"
