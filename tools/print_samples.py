"""The station's papers for the README: printed through the print path, then rendered to PNG.

    python tools/print_samples.py            # → docs/printing/{participant_list-1,participant_list-2,poster}.png
    python tools/print_samples.py --keep DIR # also keep the PDFs (and the demo data folder) in DIR

A fresh demo station records a few fictional participants by hand and one by card, then the
participant list and the poster are painted by the same functions the print preview and the
printer call, on a QPrinter writing PDF; `pdftoppm` (poppler-utils) turns the pages into PNG.
Needs fonts-noto-cjk for the Japanese text.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT_DIR = ROOT / "docs" / "printing"

PEOPLE = [
    ("青森 花子", "あおもり はなこ", "040-0001", "五稜郭町1-2", "平成2年4月1日", "hanako@example.jp", "090-1234-5678"),
    ("山田 太郎", "やまだ たろう", "942-1526", "松代3456", "1985-12-31", "taro@example.jp", "025-597-1234"),
    ("佐々木 美咲", "ささき みさき", "100-0001", "1-1 千代田マンション301号室", "2001-07-15",
     "misaki.sasaki@example.jp", "080-2345-6789"),
    ("高橋 健一", "たかはし けんいち", "980-0811", "一番町4丁目7-17 ＳＳビル", "1962-03-03",
     "k.takahashi@example.jp", "022-261-1234"),
]


def _fill(station, noon) -> None:
    from desktop.checkin import CheckinService
    from furusato.card_token import issue_card

    service = CheckinService(station)
    for n in range(13):
        name, kana, postal, address, born, email, phone = PEOPLE[n % len(PEOPLE)]
        record = {"name": f"{name}{'' if n < len(PEOPLE) else n}", "name_kana": kana, "postal_code": postal,
                  "address": address, "birth_date": born, "email": email.replace("@", f"{n}@"), "phone": phone}
        result = service.check_in_manual("demo-yukioroshi", record, noon + timedelta(minutes=4 * n))
        assert result.outcome == "recorded", result
        if n == 2:
            station.ledger.cancel(result.record_id, reason="二重受付", at=noon + timedelta(minutes=30))
    # One volunteer with a registration card, signed by a platform key this demo station trusts.
    from desktop import paths
    from furusato.keys import KeySet, generate_key, save_jwks

    platform = generate_key()
    save_jwks(paths.trusted_keys_file(station.root), KeySet.of(platform).to_jwks())
    station.reload_trust()
    card = issue_card(platform, iss="demo", sub="demo-card-0001", name="鈴木 一郎",
                      iat=int(noon.timestamp()) - 60, days=30)
    assert service.check_in_token("demo-yukioroshi", card, noon + timedelta(minutes=60)).outcome == "recorded"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keep", type=Path, help="keep the PDFs and the demo station here")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if shutil.which("pdftoppm") is None:
        raise SystemExit("pdftoppm not found: apt install poppler-utils")
    from PySide6.QtWidgets import QApplication  # noqa: TID251 (a UI tool)

    app = QApplication.instance() or QApplication([])
    from desktop.station import Station
    from desktop.store.attendance_stream import AttendanceScope, stream_rows
    from desktop.ui import printing
    from desktop.ui.activity_qr_page import POSTER_MARGIN_MM, activity_code, print_poster
    from desktop.ui.participant_list import MARGIN_MM, ParticipantSheet, paint_participant_list
    from furusato.activity import JST

    work = args.keep or Path(tempfile.mkdtemp(prefix="furusato-print-"))
    work.mkdir(parents=True, exist_ok=True)
    noon = datetime.now(JST).replace(hour=9, minute=0, second=0, microsecond=0)
    station = Station.open(work / "station", now=noon)
    try:
        _fill(station, noon)
        activity = station.activities.get("demo-yukioroshi")
        rows = list(stream_rows(station.engine, station.ledger, AttendanceScope(activity.id, noon.date(), noon.date())))
        sheet = ParticipantSheet(activity, station.local_government or activity.designating_lg, rows,
                                 noon.replace(hour=12), day=noon.date())
        list_pdf = printing.print_to_pdf(work / "participant_list.pdf", printing.LANDSCAPE, MARGIN_MM,
                                         lambda p: paint_participant_list(p, sheet), "受付名簿")
        texts = {"instructions": "ふるさと住民アプリでこのQRコードを読み取ると、参加が記録されます。"}
        token = activity_code(station, activity)
        poster_pdf = printing.print_to_pdf(work / "poster.pdf", printing.PORTRAIT, POSTER_MARGIN_MM,
                                           lambda p: print_poster(p, activity, token, texts), activity.title)
    finally:
        station.close()
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-r", "80", "-png", str(list_pdf), str(OUT_DIR / "participant_list")], check=True)
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-singlefile", str(poster_pdf), str(OUT_DIR / "poster")],
                   check=True)
    for png in sorted(OUT_DIR.glob("*.png")):
        print(png.relative_to(ROOT))
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
