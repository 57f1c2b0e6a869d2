"""Building and installing the English catalogue; Japanese is the source language.

`.qm` files are build output (git-ignored): `ensure_compiled` runs lrelease when the `.qm` is
missing or older than its `.ts`, so a fresh checkout, the tests and the app all find one.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator

from furusato.resources import resource_dir

log = logging.getLogger(__name__)

CATALOGUE = "furusato_{lang}"


def i18n_dir() -> Path:
    return resource_dir() / "i18n"


def _tool(name: str) -> list[str] | None:
    import PySide6

    bundled = Path(PySide6.__file__).parent / (name + (".exe" if sys.platform == "win32" else ""))
    if bundled.exists():
        return [str(bundled)]
    wrapper = shutil.which(f"pyside6-{name}")
    return [wrapper] if wrapper else None


def ensure_compiled(lang: str) -> Path | None:
    ts = i18n_dir() / f"{CATALOGUE.format(lang=lang)}.ts"
    qm = ts.with_suffix(".qm")
    if not ts.exists():
        return qm if qm.exists() else None
    if qm.exists() and qm.stat().st_mtime >= ts.stat().st_mtime:
        return qm
    tool = _tool("lrelease")
    if tool is None:
        log.warning("lrelease not found; %s stays uncompiled", ts.name)
        return qm if qm.exists() else None
    try:
        subprocess.run([*tool, "-silent", str(ts), "-qm", str(qm)], check=True, capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        log.exception("lrelease failed on %s", ts)
    return qm if qm.exists() else None


class Language:
    """Holds the one installed translator; switching installs a new one and Qt sends LanguageChange."""

    def __init__(self):
        self._translator: QTranslator | None = None
        self.current = "ja"

    def switch(self, lang: str) -> bool:
        app = QCoreApplication.instance()
        if self._translator is not None:
            app.removeTranslator(self._translator)
            self._translator = None
        self.current = "ja"
        if lang == "ja":
            return True
        qm = ensure_compiled(lang)
        translator = QTranslator(app)
        if qm is None or not translator.load(str(qm)):
            log.warning("no catalogue for %s; staying in Japanese", lang)
            return False
        app.installTranslator(translator)
        self._translator, self.current = translator, lang
        return True
