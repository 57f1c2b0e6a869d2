"""The core never imports Qt: everything but desktop/ui must be testable without a display."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QT_FREE = ["furusato", "central", "desktop/store", "desktop/scanner", "desktop/sync"]
QT_FREE_FILES = ["desktop/station.py", "desktop/checkin.py", "desktop/cli.py", "desktop/paths.py"]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_qt_below_the_ui():
    files = [p for folder in QT_FREE for p in (ROOT / folder).rglob("*.py")]
    files += [ROOT / name for name in QT_FREE_FILES]
    offenders = {
        str(p.relative_to(ROOT)): sorted(n for n in _imports(p) if n.split(".")[0] in {"PySide6", "shiboken6"})
        for p in files
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_central_never_imports_the_station():
    offenders = [
        str(p.relative_to(ROOT)) for p in (ROOT / "central").rglob("*.py")
        if any(n.split(".")[0] == "desktop" for n in _imports(p))
    ]
    assert offenders == []
