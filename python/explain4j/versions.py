"""One rule between explain4j's Maven version and the version of its Python package.

Maven ``X.Y.Z-SNAPSHOT`` is the PEP 440 development release ``X.Y.Z.dev0``; a release ``X.Y.Z`` is
``X.Y.Z`` on both sides. The Java side applies the same rule (``PythonPackage.pythonVersionOf`` in
explain4j-core, on the provisioning branch); every Python check that compares a jar with this
package (the gateway client's, bin/wheel's) goes through :func:`python_version`.
"""

from . import __version__

SNAPSHOT = "-SNAPSHOT"


def python_version(maven_version):
    """The Python package version that belongs with the Maven version ``maven_version``."""
    if maven_version.endswith(SNAPSHOT):
        return maven_version[: -len(SNAPSHOT)] + ".dev0"
    return maven_version


def matches(maven_version, package_version=__version__):
    """True when a jar of ``maven_version`` belongs with the Python package ``package_version``."""
    return python_version(maven_version) == package_version
