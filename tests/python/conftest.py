import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "python"))
sys.path.insert(1, str(ROOT / "tests" / "support"))  # explain4j_testing: test support, not shipped


@pytest.fixture(scope="session")
def wheel(tmp_path_factory):
    """The explain4j wheel, built once per test run by bin/wheel outside the checkout."""
    from wheel_support import build_wheel

    return build_wheel(tmp_path_factory.mktemp("wheel"))
