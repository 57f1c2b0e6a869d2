"""The activity's A4 poster as a PDF without a window (`furusato-field activity-qr --out FILE.pdf`)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QGuiApplication

from desktop.ui.activity_qr_page import INSTRUCTIONS, poster_when, write_poster
from furusato.activity import Activity


def write_poster_pdf(path: Path, activity: Activity, token: str, date_style: str) -> Path:
    """Fonts and painting need an application object; one made here is torn down here, before the
    interpreter's own teardown (PySide6 aborts when Python's finalizer meets a live QGuiApplication)."""
    own = None if QGuiApplication.instance() is not None else QGuiApplication([])
    try:
        text = QCoreApplication.translate("ActivityQrPage", INSTRUCTIONS)
        return write_poster(Path(path), activity, token, {"instructions": text, "when": poster_when(activity, date_style)})
    finally:
        if own is not None:
            own.shutdown()
            del own
