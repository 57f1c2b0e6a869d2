"""Every station setting in one place: its key, default and type; the settings page is built from it.

Stored as settings.json in the data folder (desktop.paths.settings_file), written via a temporary
file and os.replace so a pulled plug never leaves half a file. Unknown or ill-typed values fall back
to the default rather than stopping the station.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop import paths

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Setting:
    key: str
    default: Any
    type: type
    choices: tuple[Any, ...] = ()
    minimum: int | None = None
    maximum: int | None = None

    def coerce(self, value: Any) -> Any:
        if self.type is bool:
            ok = isinstance(value, bool)
        elif self.type is int:
            ok = isinstance(value, int) and not isinstance(value, bool)
        else:
            ok = isinstance(value, self.type)
        if not ok or (self.choices and value not in self.choices):
            return self.default
        if self.minimum is not None and value < self.minimum:
            return self.minimum
        if self.maximum is not None and value > self.maximum:
            return self.maximum
        return value


RESOLUTIONS = ("640x480", "1280x720", "1920x1080")
LANGUAGES = ("ja", "en")

SETTINGS: dict[str, Setting] = {
    s.key: s
    for s in (
        Setting("camera_index", 0, int, minimum=0, maximum=9),
        Setting("camera_resolution", "1280x720", str, choices=RESOLUTIONS),
        Setting("camera_enabled", True, bool),
        Setting("sound_enabled", True, bool),
        Setting("sound_volume", 80, int, minimum=0, maximum=100),
        Setting("language", "ja", str, choices=LANGUAGES),
        Setting("outdoor_mode", False, bool),
        # Minutes without operator input before personal details are hidden; 0 = never (manual lock only).
        Setting("idle_lock_minutes", 5, int, minimum=0, maximum=240),
    )
}


class StationSettings:
    """The current values; `set` writes the file at once."""

    def __init__(self, file: Path):
        self.file = Path(file)
        self._values = {key: s.default for key, s in SETTINGS.items()}
        self._load()

    @classmethod
    def for_root(cls, root: Path) -> StationSettings:
        return cls(paths.settings_file(root))

    def _load(self) -> None:
        if not self.file.exists():
            return
        try:
            stored = json.loads(self.file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            log.warning("settings file unreadable; using defaults")
            return
        if isinstance(stored, dict):
            for key, setting in SETTINGS.items():
                if key in stored:
                    self._values[key] = setting.coerce(stored[key])

    def get(self, key: str) -> Any:
        return self._values[key]

    def set(self, key: str, value: Any) -> None:
        self._values[key] = SETTINGS[key].coerce(value)
        self.save()

    def as_dict(self) -> dict[str, Any]:
        return dict(self._values)

    def save(self) -> None:
        self.file.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.file.parent, prefix=".settings.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(self._values, fh, ensure_ascii=False, indent=2)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.file)
