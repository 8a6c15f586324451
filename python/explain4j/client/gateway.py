"""The Java side for Python-hosted use: a JVM running explain4j's py4j gateway.

``start()`` launches ``dev.explain4j.gateway.GatewayMain`` as a child process bound to 127.0.0.1,
with a fresh random auth token passed through the child's environment (never its command line).
The child announces its port on stdout and exits when its stdin closes, so it dies with this
process. ``connect()`` attaches to a gateway started elsewhere. ``default()`` is the shared gateway
that :func:`explain4j.attention` uses, restarted on the next call when the JVM has died.
"""

import atexit
import glob
import os
import secrets
import selectors
import shlex
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from .. import __version__, versions
from ..errors import InvalidInput

TOKEN_ENV = "EXPLAIN4J_GATEWAY_TOKEN"
PORT_LINE = "EXPLAIN4J_GATEWAY_PORT="
MAIN_CLASS = "dev.explain4j.gateway.GatewayMain"
JVM_OPTS_ENV = "EXPLAIN4J_GATEWAY_JVM_OPTS"  # extra JVM options, e.g. "-Xmx8g"
PROTOCOL = 1
_PACKAGE = Path(__file__).resolve().parents[1]
_ROOT = _PACKAGE.parents[1]  # the checkout, when the package runs from one
PACKAGED_JARS = _PACKAGE / "jars"  # a wheel's gateway jar and its dependencies (bin/wheel puts them)
# The flags every explain4j JVM needs: the wheel's copy of jvm.options, else the checkout's.
JVM_OPTIONS = _PACKAGE / "jvm.options" if (_PACKAGE / "jvm.options").is_file() else _ROOT / "jvm.options"


class GatewayError(RuntimeError):
    """The gateway could not be started, reached, or failed inside Java.

    ``pid`` is the gateway JVM's process id when one was started (it is gone when this is raised
    by :func:`start` or for a died gateway).
    """

    def __init__(self, message, pid=None):
        super().__init__(message)
        self.pid = pid


class GatewayDied(GatewayError):
    """The gateway JVM exited during a call; the next call starts a fresh one."""


class GatewayVersionError(GatewayError):
    """The gateway jar is of another explain4j version than this Python package."""


def jvm_flags(path=JVM_OPTIONS):
    """The JVM flags in ``jvm.options`` (one per line, ``#`` comments), as ``java @FILE`` reads them."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as e:
        raise GatewayError(f"cannot read the JVM flags file {path}: {e.strerror or e}") from None
    return [ln.strip() for ln in lines if ln.strip() and not ln.strip().startswith("#")]


def find_java():
    """The java executable: ``$JAVA_HOME/bin/java`` when JAVA_HOME is set, else ``java`` on PATH."""
    home = os.environ.get("JAVA_HOME")
    if home:
        java = Path(home) / "bin" / "java"
        if not (java.is_file() and os.access(java, os.X_OK)):
            raise GatewayError(f"no Java found: JAVA_HOME is {home}, but {java} is not an executable")
        return str(java)
    java = shutil.which("java")
    if not java:
        raise GatewayError(
            "no Java found: JAVA_HOME is not set and there is no 'java' on PATH; "
            "install JDK 17 or set JAVA_HOME"
        )
    return java


def find_classpath():
    """``$EXPLAIN4J_CLASSPATH``, else the wheel's ``explain4j/jars``, else the checkout's gateway build."""
    return locate_classpath()[0]


def locate_classpath():
    """The gateway classpath and where it came from, in the words a message can name it by."""
    given = os.environ.get("EXPLAIN4J_CLASSPATH")
    if given:
        return given, f"EXPLAIN4J_CLASSPATH={given}"
    if sorted(PACKAGED_JARS.glob("explain4j-gateway-*.jar")):
        return str(PACKAGED_JARS / "*"), f"the jars installed with the package in {PACKAGED_JARS}"
    target = _ROOT / "explain4j-gateway" / "target"
    jars = [
        j
        for j in sorted(glob.glob(str(target / "explain4j-gateway-*.jar")))
        if not j.endswith(("-sources.jar", "-javadoc.jar", "-tests.jar"))
    ]
    if not jars or not (target / "lib").is_dir():
        raise GatewayError(
            f"the explain4j jar is not built in {target}: run 'mvn -DskipTests "
            "package' there, or set EXPLAIN4J_CLASSPATH"
        )
    return os.pathsep.join([jars[-1], str(target / "lib" / "*")]), f"the checkout's build in {target}"


def check_version(gw, origin):
    """Refuse a gateway whose Maven version does not belong with this Python package's version."""
    try:
        jar = gw.call("version")
    except GatewayDied:
        raise
    except GatewayError:  # a gateway built before version() existed
        jar = "unknown (it predates version checks)"
    if not versions.matches(jar):
        gw.close()
        raise GatewayVersionError(
            f"the explain4j gateway jar is version {jar} but this explain4j Python package is "
            f"version {__version__} (gateway from {origin}); use the jar and the package of one "
            "release, or point EXPLAIN4J_CLASSPATH at the matching jars",
            pid=gw.process.pid if gw.process is not None else None,
        )


class Gateway:
    """A connection to an explain4j gateway, and the child JVM when this process started it."""

    def __init__(self, client, process=None, stderr_file=None, token=None):
        self._client = client
        self.token = token
        self.process = process
        self._stderr = stderr_file
        self.entry_point = client.entry_point
        self.calls = 0

    @property
    def port(self):
        return self._client.gateway_parameters.port

    def alive(self):
        return self.process is None or self.process.poll() is None

    def call(self, method, *args):
        """Call ``method`` on the entry point, mapping Java and connection failures to Python ones."""
        from py4j.protocol import Py4JError, Py4JJavaError

        self.calls += 1
        try:
            return getattr(self.entry_point, method)(*args)
        except Py4JJavaError as e:
            raise _java_error(method, e) from None
        except Py4JError as e:
            if self.process is not None:
                try:
                    self.process.wait(timeout=2)
                except subprocess.TimeoutExpired:
                    pass
            if self.process is not None and not self.alive():
                code, tail = self.process.returncode, self._stderr_tail()
                self.close()
                raise GatewayDied(
                    f"the explain4j gateway JVM (pid {self.process.pid}) died during "
                    f"{method} (exit code {code}){tail}; the next call starts a fresh "
                    "gateway",
                    pid=self.process.pid,
                ) from e
            raise GatewayError(
                f"the explain4j gateway on port {self.port} failed during {method}: {e}"
            ) from e

    def _stderr_tail(self):
        if self._stderr is None:
            return ""
        try:
            self._stderr.seek(0)
            text = self._stderr.read().decode("utf-8", "replace").strip()
        except (OSError, ValueError):
            return ""
        return f": {text[-2000:]}" if text else ""

    def close(self):
        """Disconnect; stop the child JVM if this process started it (and wait until it is gone)."""
        try:
            self._client.close()
        except Exception:  # the JVM may already be gone; nothing left to close then
            pass
        if self.process is not None:
            _stop(self.process)
        if self._stderr is not None:
            self._stderr.close()
            self._stderr = None


def _java_error(method, e):
    jex = e.java_exception
    try:
        name = jex.getClass().getName()
        message = jex.getMessage()
    except Exception:
        name, message = "java exception", str(e)
    if name == "dev.explain4j.InvalidInputException":
        return InvalidInput(message)
    return GatewayError(f"{method} failed in Java: {name}: {message}")


def _stop(process):
    if process.poll() is None:
        try:
            process.stdin.close()  # the gateway's signal to exit
        except OSError:
            pass
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    elif process.stdin and not process.stdin.closed:
        process.stdin.close()
    if process.stdout:
        process.stdout.close()


def start(port=0, *, java=None, classpath=None, timeout=60.0, main_class=MAIN_CLASS):
    """Launch a gateway JVM on 127.0.0.1 (``port=0``: an ephemeral port) and connect to it.

    ``main_class`` runs another gateway main with the same arguments (the benchmark's, in test scope).
    """
    from py4j.java_gateway import GatewayParameters, JavaGateway

    if not isinstance(port, int) or not 0 <= port <= 65535:
        raise InvalidInput(f"port must be an integer from 0 to 65535, got {port!r}")
    java = java or find_java()
    classpath, origin = (classpath, f"classpath={classpath}") if classpath else locate_classpath()
    token = secrets.token_urlsafe(32)
    env = dict(os.environ, **{TOKEN_ENV: token})
    stderr = tempfile.TemporaryFile()
    extra = shlex.split(os.environ.get(JVM_OPTS_ENV, ""))
    cmd = [java, *jvm_flags(), *extra, "-cp", classpath, main_class, "--port", str(port)]
    try:
        process = subprocess.Popen(
            cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=stderr, env=env, start_new_session=True
        )
    except OSError as e:
        stderr.close()
        raise GatewayError(f"cannot run {java}: {e}") from e
    try:
        chosen = _read_port(process, timeout)
    except BaseException:
        _stop(process)
        stderr.seek(0)
        text = stderr.read().decode("utf-8", "replace").strip()
        stderr.close()
        raise GatewayError(
            f"the explain4j gateway did not start (exit code {process.returncode}, "
            f"requested port {port}): {text or 'no message'}",
            pid=process.pid,
        ) from None
    drain = threading.Thread(target=_drain, args=(process.stdout,), name="explain4j-gateway-out", daemon=True)
    drain.start()
    params = GatewayParameters(
        address="127.0.0.1", port=chosen, auth_token=token, auto_convert=True, eager_load=True
    )
    try:
        client = JavaGateway(gateway_parameters=params)
        gw = Gateway(client, process, stderr, token)
        protocol = gw.call("protocol")
    except BaseException:
        _stop(process)
        stderr.close()
        raise
    check_version(gw, origin)
    if protocol != PROTOCOL:
        gw.close()
        raise GatewayError(
            f"the gateway speaks protocol {protocol}, this package needs {PROTOCOL}; rebuild the jar"
        )
    return gw


def _read_port(process, timeout):
    deadline = time.monotonic() + timeout
    with selectors.DefaultSelector() as sel:
        sel.register(process.stdout, selectors.EVENT_READ)
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no port announced")
            if not sel.select(left):
                continue
            raw = process.stdout.readline()
            line = raw.decode("utf-8", "replace").strip()
            if line.startswith(PORT_LINE):
                return int(line[len(PORT_LINE) :])
            if not raw:  # end of output: the JVM is exiting
                process.wait(timeout=max(1.0, deadline - time.monotonic()))
                raise RuntimeError("exited")


def _drain(stream):
    """Read and drop the gateway's standard output after its port line until the JVM exits: Python
    code running in the JVM may print, and a full pipe would block it."""
    try:
        while stream.read1(65536):
            pass
    except (OSError, ValueError):  # closed by _stop after the JVM exited
        pass


def connect(port, token):
    """Connect to a gateway that is already running on 127.0.0.1 (started by someone else)."""
    from py4j.java_gateway import GatewayParameters, JavaGateway
    from py4j.protocol import Py4JError

    params = GatewayParameters(
        address="127.0.0.1", port=int(port), auth_token=token, auto_convert=True, eager_load=True
    )
    try:
        gw = Gateway(JavaGateway(gateway_parameters=params), token=token)
        gw.call("protocol")
    except Py4JError as e:
        raise GatewayError(f"cannot connect to an explain4j gateway on 127.0.0.1:{port}: {e}") from e
    check_version(gw, f"127.0.0.1:{port}")
    return gw


_default = None
_lock = threading.Lock()


def default():
    """The shared gateway, started on first use and again after it died."""
    global _default
    with _lock:
        if _default is None or not _default.alive():
            if _default is not None:
                _default.close()
            _default = start()
        return _default


def shutdown():
    """Stop the shared gateway, if one is running."""
    global _default
    with _lock:
        if _default is not None:
            _default.close()
            _default = None


def call(method, *args, gateway=None):
    """Call the entry point on ``gateway`` (default: the shared one); a died shared one is reset."""
    global _default
    gw = gateway or default()
    try:
        return gw.call(method, *args)
    except GatewayDied:
        with _lock:
            if _default is gw:
                _default = None
        raise


atexit.register(shutdown)
