"""Building and installing the catalogues: ours (Japanese is its source language) and Qt's own.

`.qm` files are build output (git-ignored): `ensure_compiled` runs lrelease when the `.qm` is
missing or older than its `.ts`, so a fresh checkout, the tests and the app all find one.

Qt's own strings — QMessageBox's and QDialogButtonBox's buttons, QFileDialog, a line edit's context
menu — are English in Qt's source; `qtbase_ja.qm` (shipped with PySide6, bundled by the installer)
makes them Japanese, so a dialog's 「キャンセル」 no longer sits in English beside Japanese text.
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
# Qt's own strings that qtbase_ja lacks (QFileDialog's "Look in:", "Files of type:"): ours, beside it.
QT_SUPPLEMENT = "qtbase_supplement_{lang}"


def i18n_dir() -> Path:
    return resource_dir() / "i18n"


def _tool(name: str) -> list[str] | None:
    import PySide6

    bundled = Path(PySide6.__file__).parent / (name + (".exe" if sys.platform == "win32" else ""))
    if bundled.exists():
        return [str(bundled)]
    wrapper = shutil.which(f"pyside6-{name}")
    return [wrapper] if wrapper else None


def ensure_compiled(lang: str, catalogue: str = CATALOGUE) -> Path | None:
    ts = i18n_dir() / f"{catalogue.format(lang=lang)}.ts"
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


def qt_translations_dir() -> Path:
    """Where Qt keeps its own catalogues (QLibraryInfo; the wheel's folder as a fallback)."""
    from PySide6.QtCore import QLibraryInfo

    folder = Path(QLibraryInfo.path(QLibraryInfo.TranslationsPath))
    if (folder / "qtbase_ja.qm").exists():
        return folder
    import PySide6

    return Path(PySide6.__file__).parent / "Qt" / "translations"


QT_SOURCE_LANGUAGE = "en"
QT_CATALOGUES = ("qtbase",)  # QtWidgets' dialogs and buttons live in qtbase


class Language:
    """The installed translators; switching replaces them and Qt sends every widget LanguageChange.

    One application has one language, so the translators are shared by every Language object
    (tests build many windows in one QApplication): switching in one is switching for all."""

    _translators: list[QTranslator] = []
    _current = "ja"
    _qt_for: str | None = None  # the language Qt's own catalogue is installed for

    @property
    def current(self) -> str:
        return Language._current

    def switch(self, lang: str) -> bool:
        """True when `lang` is now in use (Japanese always can be: it is our source language)."""
        if lang == Language._current and Language._qt_for == lang:
            return True
        app = QCoreApplication.instance()
        for translator in Language._translators:
            app.removeTranslator(translator)
            translator.deleteLater()
        Language._translators, Language._current, Language._qt_for = [], "ja", None
        if lang != "ja":
            qm = ensure_compiled(lang)
            translator = QTranslator(app)
            if qm is not None and translator.load(str(qm)):
                self._install(app, translator)
                Language._current = lang
            else:
                log.warning("no catalogue for %s; staying in Japanese", lang)
        if all(self._install_qt_catalogue(app, Language._current, name) for name in QT_CATALOGUES):
            Language._qt_for = Language._current
        return Language._current == lang

    @staticmethod
    def _install(app, translator: QTranslator) -> None:
        app.installTranslator(translator)
        Language._translators.append(translator)

    @classmethod
    def _install_qt_catalogue(cls, app, lang: str, name: str) -> bool:
        if lang == QT_SOURCE_LANGUAGE:
            return True
        translator = QTranslator(app)
        if not translator.load(f"{name}_{lang}", str(qt_translations_dir())):
            log.warning("Qt's own %s_%s catalogue not found; standard dialogs stay in English", name, lang)
            return False
        cls._install(app, translator)
        supplement = ensure_compiled(lang, QT_SUPPLEMENT) if name == "qtbase" else None
        extra = QTranslator(app)
        if supplement is not None and extra.load(str(supplement)):
            cls._install(app, extra)
        return True
