"""One short sound per outcome class, played through QSoundEffect.

The WAV files are made by tools/make_sounds.py. A laptop without an audio device (or without the
files) stays silent; a sound never stops a check-in.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QUrl

from desktop.ui.outcome_texts import OutcomeClass
from furusato.resources import resource_dir

log = logging.getLogger(__name__)

FILES = {
    OutcomeClass.RECORDED: "recorded.wav",
    OutcomeClass.DUPLICATE: "duplicate.wav",
    OutcomeClass.REFUSED: "refused.wav",
}


class OutcomeSounds(QObject):
    def __init__(self, parent=None, *, enabled: bool = True, volume: int = 80):
        super().__init__(parent)
        self.enabled = enabled
        self._volume = volume
        self._effects: dict[OutcomeClass, object] = {}
        self.played: list[OutcomeClass] = []  # what was asked, for tests and diagnostics
        try:
            from PySide6.QtMultimedia import QSoundEffect
        except ImportError:  # Addons missing: silent station
            log.warning("QtMultimedia unavailable; sounds off")
            return
        for cls, name in FILES.items():
            path = resource_dir() / "sounds" / name
            if not path.exists():
                continue
            try:
                effect = QSoundEffect(self)
                effect.setSource(QUrl.fromLocalFile(str(path)))
                effect.setVolume(volume / 100)
                self._effects[cls] = effect
            except Exception:  # no audio backend: carry on silently
                log.exception("sound effect %s unavailable", name)

    def set_volume(self, volume: int) -> None:
        self._volume = volume
        for effect in self._effects.values():
            effect.setVolume(volume / 100)

    def play(self, cls: OutcomeClass) -> None:
        self.played.append(cls)
        if not self.enabled:
            return
        effect = self._effects.get(cls)
        if effect is None:
            return
        try:
            effect.play()
        except Exception:
            log.exception("sound failed")
