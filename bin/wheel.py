"""Builds the explain4j wheel: the Python package with the gateway jar, its runtime jars and jvm.options.

Runs the Java build first when it is not current (as bin/setup does), then copies the package to a
staging directory outside the source tree, adds ``explain4j/jars/`` (the gateway jar and every jar
it needs at run time) and ``explain4j/jvm.options`` (a copy of the checkout's, the one home of the
JVM flags), and builds the wheel there with uv. Nothing is written under ``python/``. The wheel's
version is the Python package's ``__version__``; a gateway jar of another version is refused.
Stdlib only, like bin/setup.py.
"""

import argparse
import re
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import setup  # noqa: E402  (bin/setup.py: the Java build)

ROOT = setup.ROOT
sys.path.insert(0, str(ROOT / "python"))
from explain4j import __version__, versions  # noqa: E402
from explain4j.tools import environment as envs  # noqa: E402  (uv, the cache, running commands)

GATEWAY = ROOT / "explain4j-gateway" / "target"
VERSION_ENTRY = "dev/explain4j/gateway/gateway.properties"


def gateway_jars():
    """The gateway jar and its runtime dependencies (target/lib), after checking the jar's version."""
    jars = [
        j
        for j in sorted(GATEWAY.glob("explain4j-gateway-*.jar"))
        if not j.name.endswith(("-sources.jar", "-javadoc.jar", "-tests.jar"))
    ]
    lib = sorted((GATEWAY / "lib").glob("*.jar"))
    if len(jars) != 1 or not lib:
        raise envs.SetupError(
            f"expected one gateway jar and its lib/ in {GATEWAY}, found {[j.name for j in jars]}; "
            "run 'mvn -DskipTests package' in the checkout"
        )
    names = [re.sub(r"-\d[^-]*(-SNAPSHOT)?\.jar$", "", j.name) for j in lib]
    stale = sorted({n for n in names if names.count(n) > 1})
    if stale:
        raise envs.SetupError(
            f"{GATEWAY / 'lib'} holds more than one version of {', '.join(stale)} (left by an "
            "earlier build); run 'mvn clean package' in the checkout"
        )
    with zipfile.ZipFile(jars[0]) as jar:
        props = jar.read(VERSION_ENTRY).decode("utf-8").splitlines()
    jar_version = next(p.split("=", 1)[1].strip() for p in props if p.startswith("version="))
    if not versions.matches(jar_version):
        raise envs.SetupError(
            f"the gateway jar {jars[0].name} is version {jar_version} but the Python package is "
            f"version {__version__}; build both from one checkout"
        )
    return [jars[0], *lib]


def stage(staging):
    """The package, its jars and the JVM flags, laid out for the wheel build under ``staging``."""
    project = staging / "python"
    project.mkdir()
    shutil.copy2(ROOT / "python" / "pyproject.toml", project / "pyproject.toml")
    shutil.copytree(
        ROOT / "python" / "explain4j",
        project / "explain4j",
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "jars", "jvm.options"),
    )
    jars = project / "explain4j" / "jars"
    jars.mkdir()
    for jar in gateway_jars():
        shutil.copy2(jar, jars / jar.name)
    shutil.copy2(ROOT / "jvm.options", project / "explain4j" / "jvm.options")
    return project


def build(out, java_build=True):
    """Build the wheel into ``out`` and return its path."""
    home = envs.explain4j_home()
    uv = envs.ensure_uv(home)
    if java_build:
        setup.ensure_java_build()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="explain4j-wheel-") as tmp:
        project = stage(Path(tmp))
        before = set(out.glob("*.whl"))
        name = f"explain4j-{__version__}-py3-none-any.whl"
        (out / name).unlink(missing_ok=True)
        envs.run(
            [str(uv), "build", "--wheel", "--quiet", "--out-dir", str(out), str(project)],
            envs.uv_env(home),
            "uv build",
        )
    wheel = out / name
    if not wheel.is_file():
        made = sorted(p.name for p in set(out.glob("*.whl")) - before)
        raise envs.SetupError(f"uv build did not write {name} in {out} (it wrote {made})")
    return wheel


def main(argv=None):
    parser = argparse.ArgumentParser(prog="bin/wheel", description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "target" / "wheel"), help="folder for the wheel")
    parser.add_argument(
        "--no-java-build", action="store_true", help="use the jars in explain4j-gateway/target as they are"
    )
    args = parser.parse_args(argv)
    try:
        envs.LOGS = envs.explain4j_home() / "logs"
        wheel = build(Path(args.out).resolve(), java_build=not args.no_java_build)
    except envs.SetupError as e:
        print(f"explain4j wheel: {e}", file=sys.stderr)
        return 1
    print(wheel)
    return 0


if __name__ == "__main__":
    sys.exit(main())
