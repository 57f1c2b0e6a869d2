from __future__ import annotations

import json
import shutil
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import Qt

from desktop import paths
from desktop.ui.styles import style_for
from furusato.activity_token import verify_activity_code
from furusato.keys import KeySet, SigningKey
from furusato.outcomes import Outcome
from tests.ui.conftest import open_activity, wait_result

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))


def test_every_source_string_has_an_english_translation(tmp_path):
    import i18n

    # The committed catalogue must hold every string the code has now ...
    fresh = tmp_path / "fresh.ts"
    shutil.copy(i18n.TS, fresh)
    i18n.extract(fresh)
    def sources(ts):
        return {(c.findtext("name"), m.findtext("source"))
                for c in ET.parse(ts).getroot().iter("context") for m in c.iter("message")}
    assert sources(fresh) == sources(i18n.TS), "run: python tools/i18n.py extract, then translate"
    # ... and every one of them translated.
    assert i18n.untranslated(i18n.TS) == []


def test_language_switch_retranslates_without_restart(qtbot, window, card):
    window.show_settings()
    window.settings_page.language.setCurrentIndex(1)  # English
    # LanguageChange is posted to every widget: the next turn of the event loop repaints the words
    qtbot.waitUntil(lambda: window.picker.heading.text() == "Choose an activity", timeout=2000)
    assert window.settings_page.heading.text() == "Settings"
    assert window.status.network.text() == "Network: station not enrolled"  # no server_url: no sync
    assert window.activity_model.headerData(0, Qt.Horizontal) == "Activity"
    window.show_picker()
    open_activity(qtbot, window, "定例会")
    window.checkin.submit_token(card("sub-english"), "test")
    wait_result(qtbot, window)
    assert window.checkin.panel.headline.text() == "Recorded"
    assert window.checkin.manual_button.text() == "Manual entry\n(F2)"
    window.settings_page.language.setCurrentIndex(0)
    qtbot.waitUntil(lambda: window.checkin.panel.headline.text() == "記録しました", timeout=2000)
    assert window.picker.heading.text() == "活動を選んでください"
    saved = json.loads(paths.settings_file(window.settings.file.parent).read_text(encoding="utf-8"))
    assert saved["language"] == "ja"


def test_settings_persist_and_outdoor_mode_restyles(window):
    page = window.settings_page
    page.outdoor_mode.setChecked(True)
    page.sound_volume.setValue(30)
    page.camera_index.setValue(2)
    assert window.styleSheet() == style_for(True)
    stored = json.loads(window.settings.file.read_text(encoding="utf-8"))
    assert stored["outdoor_mode"] is True and stored["sound_volume"] == 30 and stored["camera_index"] == 2
    assert str(window.station.root) in page.data_dir.text()


def test_activity_qr_is_a_verifiable_code_and_the_poster_is_a_pdf(qtbot, window, station, tmp_path):
    open_activity(qtbot, window, "定例会")
    window.show_qr()
    token = window.qr.token
    key = SigningKey(station.signer.private_key, station.signer.kid)  # the file may be passphrase-protected
    check = verify_activity_code(token, KeySet.of(key), now=window.checkin.activity.starts_at.timestamp() + 60)
    assert check.ok and check.claims["act"] == "demo-jichikai"
    assert len(window.qr.canvas.matrix) > 21
    pdf = window.qr.save_poster(tmp_path / "poster.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")


def test_sounds_are_generated_wav_files():
    for name in ("recorded.wav", "duplicate.wav", "refused.wav"):
        assert (ROOT / "resources" / "sounds" / name).read_bytes()[:4] == b"RIFF"


def test_outcomes_have_distinct_sound_classes():
    from desktop.ui.outcome_texts import OutcomeClass, outcome_class

    assert outcome_class(Outcome.RECORDED) is OutcomeClass.RECORDED
    assert outcome_class(Outcome.DUPLICATE) is OutcomeClass.DUPLICATE
    assert {outcome_class(o) for o in Outcome if o.is_refusal} == {OutcomeClass.REFUSED}
