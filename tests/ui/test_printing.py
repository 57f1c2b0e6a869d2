"""Printing through Qt's print support: the participant list (受付名簿) and the A4 poster.

The window's own path is driven (buttons, confirmation, the rows read off the GUI thread, the
print preview), then the very function the preview and the printer call paints on a QPrinter in
PDF mode; the PDF is read back with poppler (pdftotext, pdffonts, pdftoppm) and the poster's QR
code is decoded from the rendered page by the station's own decoder.
"""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintPreviewDialog
from PySide6.QtWidgets import QMessageBox

from desktop.checkin import CheckinService
from desktop.privacy.audit_log import AuditLog
from desktop.ui import printing
from desktop.ui.participant_list import MARGIN_MM
from tests.store.records import manual
from tests.ui.conftest import open_activity

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")

ROWS = 23


# Qt's PDF writer maps each glyph back to the lowest code point the font gives it, so kanji whose
# glyph the CJK font shares with a radical come back as that radical (⼗ for 十, ⺠ for 民): the
# paper is right, text copied from the PDF is a look-alike. NFKC folds the Kangxi radicals; the
# CJK Radicals Supplement has no compatibility mapping, so the few this paper uses are folded here.
_SUPPLEMENT = str.maketrans({"⺠": "民", "⻘": "青", "⻑": "長", "⻄": "西", "⻝": "食", "⻩": "黄"})


def _pages(pdf) -> list[str]:
    """Each page's text, radicals folded back to the kanji they stand for."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [unicodedata.normalize("NFKC", page).translate(_SUPPLEMENT) for page in text.split("\f") if page.strip()]


def _fonts(pdf) -> list[list[str]]:
    lines = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()
    return [line.split() for line in lines[2:]]


def _record(station, noon, count=ROWS):
    service = CheckinService(station)
    for n in range(count):
        # Every third address is long enough to wrap over several lines; its unique tail must
        # print on the same page as the name.
        address = f"五稜郭町{n}番地 " + "長い建物の名前マンション" * (1 + 3 * (n % 3 == 0)) + f" 末尾{n:03d}"
        result = service.check_in_manual("demo-jichikai", manual(
            name=f"青森 花子{n:02d}", name_kana="あおもり はなこ", postal_code="040-0001", address=address,
            email=f"hanako{n:02d}@example.jp", phone="090-1234-5678"), noon + timedelta(minutes=n))
        assert result.outcome == "recorded"


def _open_list(qtbot, window, monkeypatch):
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.Yes)
    open_activity(qtbot, window, "定例会")
    window.show_attendance()
    page = window.attendance
    with qtbot.waitSignal(page.paperwork.list_ready, timeout=15000):
        qtbot.mouseClick(page.print_button, Qt.LeftButton)
    assert isinstance(page.paperwork.preview, QPrintPreviewDialog) and page.paperwork.preview.isVisible()
    return page


def test_participant_list_prints_every_row_whole_with_headers_and_page_numbers(qtbot, window, station, noon,
                                                                               tmp_path, monkeypatch):
    _record(station, noon)
    page = _open_list(qtbot, window, monkeypatch)
    pdf = tmp_path / "list.pdf"
    pages = page.paperwork.print_list_to(printing.a4_printer(printing.LANDSCAPE, MARGIN_MM, pdf=pdf))
    texts = _pages(pdf)
    assert pages == len(texts) >= 3
    activity = station.activities.get("demo-jichikai")
    first = texts[0]
    for expected in ("受付名簿", "新潟県十日町市", activity.title, activity.content, activity.place,
                     f"{activity.starts_at:%Y-%m-%d} 00:00", f"{activity.ends_at:%Y-%m-%d} 23:59",
                     f"{ROWS} 件(うち有効 {ROWS} 件)"):
        assert expected in first, expected
    seen = []
    for number, text in enumerate(texts, start=1):
        assert f"{number} / {pages} ページ" in text
        assert "個人情報を含む書類です" in text
        for header in ("氏名", "住所", "生年月日", "メールアドレス", "電話番号", "状態"):
            assert header in text, (number, header)  # the header row on every page
        if number > 1:
            assert "受付名簿(続き)" in text
        for n in range(ROWS):
            if f"hanako{n:02d}@example.jp" in text:
                seen.append(n)
                # the whole row on this page: name, kana, postal code, the address's last words, phone
                for part in (f"青森 花子{n:02d}", f"末尾{n:03d}", "〒040-0001", "090-1234-5678", "(あおもり はなこ)"):
                    assert part in text, (number, n, part)
    assert seen == list(range(ROWS))  # each row exactly once, in order
    fonts = _fonts(pdf)
    cjk = [f for f in fonts if "CJK" in f[0]]
    assert cjk and all(f[-5] == "yes" for f in cjk)  # a CJK font, embedded


def test_printing_is_audited_and_closing_the_preview_is_not(qtbot, window, station, noon, tmp_path, monkeypatch):
    _record(station, noon, count=2)
    page = _open_list(qtbot, window, monkeypatch)
    page.paperwork.preview.reject()  # looked, did not print
    assert not [e for e in AuditLog.for_data_dir(station.root).entries() if e["event"] == "participant_list_printed"]
    with qtbot.waitSignal(page.paperwork.list_ready, timeout=15000):
        page.paperwork.load_list()
    page.paperwork.preview.accept()  # the preview accepts once it has printed
    entry = AuditLog.for_data_dir(station.root).entries()[-1]
    assert (entry["event"], entry["rows"], entry["via"]) == ("participant_list_printed", 2, "window")
    assert "青森" not in (station.root / "audit.jsonl").read_text("utf-8")


def test_card_holders_cancelled_and_purged_rows_on_paper(qtbot, window, station, noon, card, tmp_path, monkeypatch):
    from sqlalchemy import update

    from desktop.store.tables import personal_details

    service = CheckinService(station)
    held = service.check_in_token("demo-jichikai", card("sub-print-01", "佐藤 花子"), noon)
    gone = service.check_in_manual("demo-jichikai", manual(name="木村 次郎"), noon + timedelta(minutes=1))
    purged = service.check_in_manual("demo-jichikai", manual(name="消去 済子", birth="1980-01-01"),
                                     noon + timedelta(minutes=2))
    station.ledger.cancel(gone.record_id, reason="二重受付", at=noon + timedelta(minutes=3))
    with station.engine.begin() as conn:  # what retention.purge_acknowledged leaves behind
        conn.execute(update(personal_details).where(personal_details.c.record_id == purged.record_id)
                     .values(details=None, purged_at=noon.isoformat()))
    assert held.outcome == "recorded"
    page = _open_list(qtbot, window, monkeypatch)
    pdf = tmp_path / "mixed.pdf"
    page.paperwork.print_list_to(printing.a4_printer(printing.LANDSCAPE, MARGIN_MM, pdf=pdf))
    (text,) = _pages(pdf)
    assert "佐藤 花子" in text and "ふるさと住民アプリに登録(登録証)" in text and "登録証" in text
    assert "取消" in text and "二重受付" in text and "木村 次郎" in text
    assert "保存期間経過のため削除済み" in text and "消去" not in text
    assert "3 件(うち有効 2 件)" in text


def test_the_lock_closes_the_preview(qtbot, window, station, noon, monkeypatch):
    _record(station, noon, count=1)
    page = _open_list(qtbot, window, monkeypatch)
    window.lock()
    qtbot.waitUntil(lambda: not page.paperwork.preview.isVisible(), timeout=3000)
    assert not [e for e in AuditLog.for_data_dir(station.root).entries() if e["event"] == "participant_list_printed"]
    assert not page.print_button.isEnabled()


def test_wareki_dates_on_the_list(qtbot, window, station, noon, tmp_path, monkeypatch):
    from desktop.record_settings import RecordSettings

    _record(station, noon, count=1)
    RecordSettings(station.meta).set_date_style("wareki")
    window.attendance.set_date_style("wareki")
    page = _open_list(qtbot, window, monkeypatch)
    pdf = tmp_path / "wareki.pdf"
    page.paperwork.print_list_to(printing.a4_printer(printing.LANDSCAPE, MARGIN_MM, pdf=pdf))
    (text,) = _pages(pdf)
    era = noon.year - 2018
    assert f"令和{era}年{noon.month}月{noon.day}日" in text and "平成2年4月1日" in text


def test_the_poster_prints_through_the_same_path_and_its_code_still_scans(qtbot, window, station, tmp_path):
    import cv2

    from desktop.scanner.decoders import decode_zxing

    open_activity(qtbot, window, "定例会")
    window.show_qr()
    qtbot.mouseClick(window.qr.print_button, Qt.LeftButton)
    assert isinstance(window.qr.preview, QPrintPreviewDialog) and window.qr.preview.isVisible()
    window.qr.preview.reject()
    pdf = tmp_path / "poster.pdf"
    window.qr.print_to(printing.a4_printer(printing.PORTRAIT, 15, pdf=pdf))
    (text,) = _pages(pdf)
    assert window.checkin.activity.title in text and "ふるさと住民アプリ" in text and "新潟県十日町市" in text
    assert any("CJK" in f[0] and f[-5] == "yes" for f in _fonts(pdf))
    # The saved PDF is the same path: identical text.
    saved = window.qr.save_poster(tmp_path / "saved.pdf")
    assert _pages(saved) == [text]
    subprocess.run(["pdftoppm", "-r", "100", "-gray", "-png", str(pdf), str(tmp_path / "page")], check=True)
    image = cv2.imread(str(tmp_path / "page-1.png"), cv2.IMREAD_GRAYSCALE)
    assert decode_zxing(image) == window.qr.token


def test_the_poster_shows_the_station_date_style(qtbot, window, station, tmp_path):
    from desktop.record_settings import RecordSettings

    open_activity(qtbot, window, "定例会")
    window.show_qr()
    start = window.checkin.activity.starts_at
    (western,) = _pages(window.qr.save_poster(tmp_path / "western.pdf"))
    assert f"{start:%Y-%m-%d} 00:00" in western
    RecordSettings(station.meta).set_date_style("wareki")
    (wareki,) = _pages(window.qr.save_poster(tmp_path / "wareki.pdf"))
    assert f"令和{start.year - 2018}年{start.month}月{start.day}日 00:00" in wareki
