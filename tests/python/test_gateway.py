"""The py4j gateway: loopback only, auth token, Arrow IPC for the data, failures and recovery."""

import os
import socket
import threading
import time

import numpy as np
import pytest
from gateway_support import LOOPBACK, ROOT, listening_addresses, page_config, process_gone

from explain4j import attention
from explain4j.client import gateway, ipc
from explain4j.errors import InvalidInput


@pytest.fixture(scope="module")
def gw():
    g = gateway.start()
    yield g
    g.close()
    assert process_gone(g.process.pid)


def test_binds_loopback_only_and_rejects_connections_without_the_token(gw):
    from py4j.java_gateway import GatewayParameters, JavaGateway
    from py4j.protocol import Py4JError

    listening = listening_addresses(gw.port)
    assert listening and set(listening) <= LOOPBACK, f"only loopback listens: {listening}"
    for token in (None, "not-the-token"):
        with pytest.raises(Py4JError):
            JavaGateway(
                gateway_parameters=GatewayParameters(port=gw.port, auth_token=token, eager_load=True)
            ).entry_point.protocol()
    raw = socket.create_connection(("127.0.0.1", gw.port), timeout=10)
    with raw:
        raw.sendall(b"c\nt\nprotocol\ne\n")
        reply = raw.recv(4096)
    assert not reply.startswith(b"!yi"), f"an unauthenticated call must not be answered: {reply!r}"
    assert gw.call("protocol") == gateway.PROTOCOL


def test_connect_to_a_running_gateway(gw):
    other = gateway.connect(gw.port, gw.token)
    try:
        html = attention(np.eye(2), ["x", "y"], gateway=other)
        assert "e4j-attn" in html.data and other.process is None
    finally:
        other.close()
    assert gw.alive(), "closing a connected client leaves the JVM running"
    with pytest.raises(gateway.GatewayError, match="cannot connect"):
        gateway.connect(gw.port, "wrong-token")


def test_only_the_ipc_path_crosses_py4j(gw, monkeypatch):
    from py4j.java_gateway import GatewayClient

    sent = []
    original = GatewayClient.send_command

    def record(self, command, *args, **kwargs):
        sent.append(command)
        return original(self, command, *args, **kwargs)

    monkeypatch.setattr(GatewayClient, "send_command", record)
    paths = []
    real_tensor_file = ipc.tensor_file

    def spy(array, directory=None):
        cm = real_tensor_file(array, directory)
        path = cm.__enter__()
        paths.append(path)
        return _Wrapped(cm, path)

    monkeypatch.setattr(ipc, "tensor_file", spy)
    values = np.random.default_rng(1).random((4, 8, 64, 64), dtype=np.float32)  # 512 KiB
    html = attention(values, [f"t{i}" for i in range(64)], gateway=gw)
    payload = values.nbytes
    carried = sum(len(c) for c in sent)
    assert carried < payload / 50, f"py4j carried {carried} bytes for a {payload}-byte tensor"
    assert any(paths[0] in c for c in sent), "the call names the Arrow IPC file"
    assert paths[0].startswith(ipc.scratch_dir())
    assert page_config(html.data)["sets"][0]["layers"] == 4


class _Wrapped:
    def __init__(self, cm, path):
        self.cm, self.path = cm, path

    def __enter__(self):
        return self.path

    def __exit__(self, *exc):
        return self.cm.__exit__(*exc)


def test_ipc_file_round_trip_and_is_private(tmp_path):
    values = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
    with ipc.tensor_file(values, tmp_path) as path:
        import os
        import stat

        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
        np.testing.assert_array_equal(ipc.read(path), values)
    assert not list(tmp_path.iterdir()), "the temporary file is removed"


def test_no_java_found(monkeypatch, tmp_path):
    monkeypatch.setenv("JAVA_HOME", str(tmp_path / "no-jdk"))
    with pytest.raises(gateway.GatewayError, match="no Java found: JAVA_HOME"):
        gateway.start()
    monkeypatch.delenv("JAVA_HOME")
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(gateway.GatewayError, match="no 'java' on PATH"):
        gateway.start()


def test_taken_port_fails_clearly_without_an_orphan():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        with pytest.raises(gateway.GatewayError, match="already in use") as err:
            gateway.start(port=port)
    assert err.value.pid is not None and process_gone(err.value.pid)


def test_bad_port_and_bad_options_are_input_errors(gw):
    with pytest.raises(InvalidInput, match="port"):
        gateway.start(port=70000)
    with pytest.raises(InvalidInput, match="heads"):  # checked in Java, mapped back
        attention(np.ones((2, 2, 3, 3)), ["a", "b", "c"], heads=[5], gateway=gw)


def test_gateway_dying_mid_call_raises_and_the_next_call_starts_fresh(monkeypatch):
    gateway.shutdown()
    first = gateway.default()
    big = np.random.default_rng(2).random((8, 16, 512, 512), dtype=np.float32)  # 128 MiB
    tokens = [f"w{i}" for i in range(512)]
    times = {}
    real_call = gateway.Gateway.call

    def timed_call(self, method, *args):
        times.setdefault("call", time.monotonic())
        return real_call(self, method, *args)

    def kill():
        times["kill"] = time.monotonic()
        first.process.kill()

    monkeypatch.setattr(gateway.Gateway, "call", timed_call)
    killer = threading.Timer(0.5, kill)
    killer.start()
    started = time.monotonic()
    with pytest.raises(gateway.GatewayDied, match="died during attentionHtml") as err:
        attention(big, tokens)
    killer.join()
    assert time.monotonic() - started < 60
    assert times["call"] < times["kill"], "the JVM was killed while the call was running"
    assert err.value.pid == first.process.pid and process_gone(first.process.pid)
    html = attention(np.eye(3), ["a", "b", "c"])
    second = gateway.default()
    assert second is not first and second.process.pid != first.process.pid
    assert "e4j-attn" in html.data
    gateway.shutdown()
    assert process_gone(second.process.pid)


def test_gateway_exits_when_its_parent_dies(tmp_path):
    import os
    import signal
    import subprocess
    import sys

    from gateway_support import ROOT

    script = (
        "import sys, time; sys.path.insert(0, sys.argv[1]); from explain4j.client import gateway; "
        "g = gateway.start(); print(g.process.pid, flush=True); time.sleep(600)"
    )
    parent = subprocess.Popen(
        [sys.executable, "-c", script, str(ROOT / "python")], stdout=subprocess.PIPE, text=True
    )
    try:
        jvm = int(parent.stdout.readline())
        assert not process_gone(jvm)
    finally:
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait()
    deadline = time.monotonic() + 30
    while not process_gone(jvm) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert process_gone(jvm), f"gateway JVM {jvm} outlived its parent"


def test_output_the_gateway_writes_never_blocks_it():
    """Python code in the gateway JVM (a model's own code) may print; a full stdout pipe would hang it."""
    test_classes = ROOT / "explain4j-gateway" / "target" / "test-classes"
    classpath = os.pathsep.join([gateway.find_classpath(), str(test_classes)])
    gw = gateway.start(classpath=classpath, main_class="dev.explain4j.gateway.ChattyGatewayMain")
    try:
        done = []
        worker = threading.Thread(target=lambda: done.append(gw.call("chatter", 1024)), daemon=True)
        worker.start()
        worker.join(timeout=60)
        assert done == [1024], "the gateway blocked writing 1 MiB to its standard output"
        assert gw.call("protocol") == gateway.PROTOCOL
    finally:
        gw.close()
    assert process_gone(gw.process.pid)
