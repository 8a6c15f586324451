"""One rule between explain4j's Maven version and the version of its Python package.

A Maven snapshot ``X.Y.Z-SNAPSHOT`` is the development build of the Python package ``X.Y.Z``; any
other Maven version is the Python version as written. Every check that compares a jar with this
package (the gateway client's, and any other) goes through :func:`python_version`.
"""

from . import __version__

SNAPSHOT = "-SNAPSHOT"


def python_version(maven_version):
    """The Python package version that belongs with the Maven version ``maven_version``."""
    return maven_version[: -len(SNAPSHOT)] if maven_version.endswith(SNAPSHOT) else maven_version


def matches(maven_version, package_version=__version__):
    """True when a jar of ``maven_version`` belongs with the Python package ``package_version``."""
    return python_version(maven_version) == package_version
