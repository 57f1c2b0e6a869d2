"""Screenshots of the staff console, taken by Debian's chromium (Playwright) at 1366×768 from the real
central on loopback with the test suite's sample local governments and records.

    python tools/console_screenshots.py [DIR]      # default docs/screenshots/ (console_*.png)

Needs chromium and fonts-noto-cjk (without a CJK font the Japanese renders as boxes).
"""

from __future__ import annotations

import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from central import admin  # noqa: E402
from furusato.activity import JST  # noqa: E402
from tests.central.server import RunningCentral, sqlite_url  # noqa: E402
from tests.console.browser import chromium_path, sign_in  # noqa: E402
from tests.console.conftest import (  # noqa: E402
    PASSWORD,
    ConsoleCentral,
    organiser_list,
    pending_application,
    populate,
    seed,
)

SIZE = {"width": 1366, "height": 768}


def _list_with_errors(path: Path) -> Path:
    organiser_list(path, [
        ["草野みどり", "060-0001", "1-1", "1985-06-01", "midori@example.jp", "090-1234-5678"],
        ["森田たけし", "06-0001", "2-2", "平成2年4月1日", "takeshi@example", "12345"],
    ])
    return path


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        running = RunningCentral(sqlite_url(Path(folder)))
        central = ConsoleCentral(running.url, running.engine, running)
        try:
            seed(central.engine)
            populate(central)
            pending_application(central)
            now = datetime.now(JST).replace(minute=0, second=0, microsecond=0)
            with central.engine.begin() as conn:
                admin.upsert_activity(conn, id="today-snow", title="雪下ろしボランティア（東区）", kind="designated_project",
                                      venue="011037", designating="011002", place="東区民センター前",
                                      start=(now - timedelta(hours=2)).isoformat(),
                                      end=(now + timedelta(hours=5)).isoformat())
                admin.upsert_activity(conn, id="next-festival", title="さっぽろ雪まつり 運営スタッフ",
                                      kind="designated_project", venue="011011", designating="011002",
                                      place="大通公園", start=(now + timedelta(days=60)).isoformat(),
                                      end=(now + timedelta(days=66)).isoformat())
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=["--lang=ja-JP"])
                page = browser.new_context(viewport=SIZE, locale="ja-JP").new_page()
                base = central.url
                page.goto(f"{base}/console/login")
                page.screenshot(path=str(out / "console_login_ja.png"))
                sign_in(page, base, "sapporo-staff", PASSWORD)
                page.screenshot(path=str(out / "console_activities_ja.png"))
                page.goto(f"{base}/console/activities/sapporo-snow")
                page.screenshot(path=str(out / "console_activity_ja.png"))
                page.keyboard.press("F8")
                page.screenshot(path=str(out / "console_activity_hidden_ja.png"))
                page.keyboard.press("F8")
                page.goto(f"{base}/console/activities/new")
                page.screenshot(path=str(out / "console_activity_form_ja.png"))
                page.goto(f"{base}/console/stations")
                page.click("#new-code")
                page.screenshot(path=str(out / "console_stations_ja.png"))
                page.goto(f"{base}/console/applications")
                page.screenshot(path=str(out / "console_applications_ja.png"))
                page.goto(f"{base}/console/people?q=%E5%B1%B1%E7%94%B0")
                page.click("table.list tbody a")
                page.screenshot(path=str(out / "console_person_ja.png"))
                page.goto(f"{base}/console/records")
                page.set_input_files("input[name=file]", str(_list_with_errors(Path(folder) / "list.xlsx")))
                page.click("#upload-button")
                page.screenshot(path=str(out / "console_upload_errors_ja.png"))
                sign_in(page, base, "sapporo-admin", PASSWORD)
                page.goto(f"{base}/console/settings")
                page.screenshot(path=str(out / "console_settings_ja.png"))
                browser.close()
        finally:
            running.close()
    print("\n".join(sorted(str(p) for p in out.glob("console_*.png"))))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots")
