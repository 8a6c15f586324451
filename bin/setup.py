"""explain4j set-up: the Python environment, Jep's native library, the default model, the Java build.

Idempotent: every step writes a stamp only after it succeeded, and a step whose stamp matches
its inputs is skipped, so a second run with nothing changed takes seconds. Stdlib only: this
runs on the base interpreter, before the environment exists.
"""

import argparse
import os
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "python"))  # the shared set-up steps; explain4j/__init__ is stdlib-only

from explain4j.tools import environment as envs  # noqa: E402
from explain4j.tools.environment import SetupError, read_stamp, run, say, sha256_file, write_stamp  # noqa: E402
from explain4j.tools.provision import ensure_default_model  # noqa: E402


def ensure_venv(home, uv, base, jdk_home, jdk_version):
    """The checkout's development environment: the dev lock, Jep, and explain4j installed editable."""
    venv = Path(os.environ.get("EXPLAIN4J_VENV") or ROOT / ".venv")
    lock = Path(os.environ.get("EXPLAIN4J_LOCK") or ROOT / "python" / "requirements-dev.lock")
    if not lock.is_file():
        raise SetupError(f"the requirements lock {lock} does not exist")
    pyproject = ROOT / "python" / "pyproject.toml"
    minor = base["version"][1]
    key = {
        "setup": envs.SETUP_VERSION,
        "lock": sha256_file(lock),
        "pyproject": sha256_file(pyproject),
        "python": base["path"],
        "python_version": ".".join(map(str, base["version"])),
        "jdk": jdk_version,
        "jep": envs.JEP_VERSION,
        "checkout": str(ROOT),  # the explain4j package is installed editable from this checkout
    }
    stamp_path = venv / ".explain4j-stamp.json"
    if read_stamp(stamp_path) == key and (envs.site_packages(venv, minor) / "jep" / "libjep.so").is_file():
        say(f"Python environment {venv} is up to date")
        return venv
    stamp_path.unlink(missing_ok=True)
    env = envs.install_environment(venv, lock, home, uv, base, (jdk_home, jdk_version))
    py = str(envs.venv_python(venv))
    run(
        [str(uv), "pip", "install", "-q", "--python", py, "--no-deps", "-e", str(ROOT / "python")],
        env,
        "installing the explain4j Python package",
    )
    envs.check_imports(venv)
    write_stamp(stamp_path, key)
    say(f"Python environment ready: {venv}")
    return venv


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
    # python/ is not a source here: bin/explain4j imports the checkout's package directly, and the
    # copy inside explain4j-core's jar is refreshed by the next mvn package/install
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
    env = envs.uv_env(home)
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
    envs.QUIET = args.quiet
    started = time.time()
    try:
        home = envs.explain4j_home()
        envs.LOGS = home / "logs"
        base = envs.check_base_python(
            args.python or os.environ.get("EXPLAIN4J_BASE_PYTHON") or sys.executable
        )
        jdk_home, jdk_version = envs.find_jdk()
        uv = envs.ensure_uv(home)
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
