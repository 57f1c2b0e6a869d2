import os
import sys
from pathlib import Path

# UI tests run without a display; set before anything can import Qt.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
# bench/ holds the corpus generator that scanner tests share with the benchmarks.
if str(ROOT / "bench") not in sys.path:
    sys.path.insert(0, str(ROOT / "bench"))
