import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "python"))
sys.path.insert(1, str(ROOT / "tests" / "support"))  # explain4j_testing: test support, not shipped
