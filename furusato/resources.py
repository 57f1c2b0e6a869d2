"""Where the shipped data files live.

`resources/` sits beside the packages in the source tree, and PyInstaller puts it at the same
place relative to the frozen packages, so one rule finds it in both.
"""

from __future__ import annotations

import os
from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent / "resources"


def resource_dir() -> Path:
    override = os.environ.get("FURUSATO_RESOURCES")
    return Path(override) if override else _ROOT


def resource_path(name: str) -> Path:
    path = resource_dir() / name
    if not path.exists():
        raise FileNotFoundError(f"shipped data file missing: {path} (is the installation complete?)")
    return path
