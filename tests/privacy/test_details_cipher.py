import json
import os

import pytest

from desktop.privacy.details_cipher import DetailsCipher, DetailsUnreadable, is_sealed
from desktop.store.ledger import Ledger

KEY = bytes(range(32))
RID = "3f0c7f2e-8f7a-4a43-9a3e-0d2b1f6c9e11"
DATA = json.dumps({"name": "山田 太郎", "birth_date": "1990-04-01"}, ensure_ascii=False).encode()


def test_round_trip_and_format():
    cipher = DetailsCipher(KEY)
    stored = cipher.seal(DATA, RID)
    assert stored.startswith("v1.") and stored.isascii() and is_sealed(stored)
    assert "山田".encode() not in stored.encode()
    assert cipher.unseal(stored, RID) == DATA


def test_each_seal_uses_a_fresh_nonce():
    cipher = DetailsCipher(KEY)
    assert cipher.seal(DATA, RID) != cipher.seal(DATA, RID)


def test_empty_payload_round_trips():
    cipher = DetailsCipher(KEY)
    assert cipher.unseal(cipher.seal(b"", RID), RID) == b""


def test_wrong_key_refused():
    stored = DetailsCipher(KEY).seal(DATA, RID)
    with pytest.raises(DetailsUnreadable):
        DetailsCipher(os.urandom(32)).unseal(stored, RID)


def test_swapped_record_refused():
    cipher = DetailsCipher(KEY)
    stored = cipher.seal(DATA, RID)
    with pytest.raises(DetailsUnreadable):
        cipher.unseal(stored, RID.replace("3f", "40", 1))
    with pytest.raises(DetailsUnreadable):
        cipher.unseal(stored)  # bound to a record: does not open unbound either
    unbound = cipher.seal(DATA)
    with pytest.raises(DetailsUnreadable):
        cipher.unseal(unbound, RID)


def test_every_single_character_change_is_refused():
    cipher = DetailsCipher(KEY)
    stored = cipher.seal(DATA, RID)
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_."
    for i, ch in enumerate(stored):
        replacement = alphabet[(alphabet.index(ch) + 1) % len(alphabet)] if ch in alphabet else "A"
        tampered = stored[:i] + replacement + stored[i + 1 :]
        with pytest.raises(DetailsUnreadable):
            cipher.unseal(tampered, RID)


def test_truncated_and_extended_refused():
    cipher = DetailsCipher(KEY)
    stored = cipher.seal(DATA, RID)
    for bad in (stored[:-4], stored + "AAAA", stored.replace("v1.", "v2.", 1), "v1..", "", "{}", DATA.decode()):
        with pytest.raises(DetailsUnreadable):
            cipher.unseal(bad, RID)


def test_plain_text_is_never_passed_through():
    # A row written before encryption (plain JSON) must not silently read as details.
    with pytest.raises(DetailsUnreadable) as info:
        DetailsCipher(KEY).unseal(DATA.decode(), RID)
    assert "山田" not in str(info.value)


def test_key_length_checked():
    with pytest.raises(ValueError):
        DetailsCipher(b"short")


def test_works_as_the_ledger_codec(station):
    cipher = DetailsCipher(os.urandom(32))
    ledger = Ledger(station.engine, station.signer, cipher.codec())
    appended = ledger.check_in(
        activity_id="demo-jichikai", day=station_day(), at=now(), person_key="manual:x", details={"name": "山田 太郎"}
    )
    assert ledger.details(appended.record_id)["name"] == "山田 太郎"
    # the plain ledger cannot read it
    with pytest.raises(ValueError):
        station.ledger.details(appended.record_id)


def now():
    from tests.privacy.conftest import NOW

    return NOW


def station_day():
    return now().date()
