import json
import os
import stat
import time

import pytest

from desktop.privacy import key_store
from tests.privacy.conftest import FAST, PASSPHRASE


def test_fresh_station_key_is_unprotected_and_opens_without_passphrase(tmp_path):
    created = key_store.create(tmp_path)
    assert not key_store.is_protected(tmp_path)
    opened = key_store.unlock(tmp_path, None)
    blob = created.details_cipher().seal(b"x", "r")
    assert opened.details_cipher().unseal(blob, "r") == b"x"


def test_protected_key_needs_the_passphrase(tmp_path):
    created = key_store.create(tmp_path, PASSPHRASE, scrypt_params=FAST)
    assert key_store.is_protected(tmp_path)
    raw = key_store.key_file(tmp_path).read_text()
    assert PASSPHRASE not in raw and '"key"' not in raw
    with pytest.raises(key_store.PassphraseRequired):
        key_store.unlock(tmp_path, None)
    with pytest.raises(key_store.WrongPassphrase):
        key_store.unlock(tmp_path, "not the passphrase")
    assert key_store.unlock(tmp_path, PASSPHRASE).device_key_passphrase() == created.device_key_passphrase()


def test_file_is_private_and_never_replaced(tmp_path):
    key_store.create(tmp_path)
    if os.name == "posix":
        assert stat.S_IMODE(key_store.key_file(tmp_path).stat().st_mode) == 0o600
    with pytest.raises(FileExistsError):
        key_store.create(tmp_path)


def test_setting_then_changing_the_passphrase_keeps_the_data_key(tmp_path):
    original = key_store.create(tmp_path)
    blob = original.details_cipher().seal(b"details", "rid")
    key_store.set_passphrase(tmp_path, PASSPHRASE, scrypt_params=FAST)
    assert key_store.is_protected(tmp_path)
    with pytest.raises(key_store.WrongPassphrase):
        key_store.set_passphrase(tmp_path, "another long passphrase", old_passphrase="wrong one!", scrypt_params=FAST)
    key_store.set_passphrase(tmp_path, "another long passphrase", old_passphrase=PASSPHRASE, scrypt_params=FAST)
    with pytest.raises(key_store.WrongPassphrase):
        key_store.unlock(tmp_path, PASSPHRASE)
    reopened = key_store.unlock(tmp_path, "another long passphrase")
    assert reopened.details_cipher().unseal(blob, "rid") == b"details"
    assert reopened.key_id == original.key_id


def test_passphrase_is_unicode_normalised(tmp_path):
    composed = "ふるさとパスフレーズです"  # NFC
    decomposed = "ふるさとハ\u309aスフレース\u3099て\u3099す"  # same text, NFD
    key_store.create(tmp_path, composed, scrypt_params=FAST)
    key_store.unlock(tmp_path, decomposed)


def test_weak_passphrase_refused(tmp_path):
    with pytest.raises(key_store.WeakPassphrase):
        key_store.create(tmp_path, "short", scrypt_params=FAST)


@pytest.mark.parametrize("edit", [
    lambda d: d["kdf"].update(n=2**15),
    lambda d: d["kdf"].update(salt="AAAAAAAAAAAAAAAAAAAAAA"),
    lambda d: d.update(key_id="someone-else"),
])
def test_edited_parameters_do_not_unwrap(tmp_path, edit):
    key_store.create(tmp_path, PASSPHRASE, scrypt_params=FAST)
    path = key_store.key_file(tmp_path)
    doc = json.loads(path.read_text())
    edit(doc)
    path.write_text(json.dumps(doc))
    with pytest.raises(key_store.WrongPassphrase):
        key_store.unlock(tmp_path, PASSPHRASE)


@pytest.mark.parametrize("edit", [
    lambda d: d["kdf"].update(n=2**10),  # a downgraded cost is refused outright
    lambda d: d["kdf"].update(n=3 * 2**14),
    lambda d: d.pop("wrap"),
    lambda d: d.update(state="sideways"),
    lambda d: d.update(version=2),
])
def test_broken_files_are_reported_as_corrupt(tmp_path, edit):
    key_store.create(tmp_path, PASSPHRASE, scrypt_params=FAST)
    path = key_store.key_file(tmp_path)
    doc = json.loads(path.read_text())
    edit(doc)
    path.write_text(json.dumps(doc))
    with pytest.raises(key_store.KeyStoreCorrupt):
        key_store.unlock(tmp_path, PASSPHRASE)


def test_missing_and_garbage(tmp_path):
    with pytest.raises(key_store.KeyStoreMissing):
        key_store.unlock(tmp_path, None)
    key_store.key_file(tmp_path).write_bytes(b"\xff\x00")
    with pytest.raises(key_store.KeyStoreCorrupt):
        key_store.unlock(tmp_path, None)


def test_default_parameters_cost_a_noticeable_fraction_of_a_second(tmp_path):
    key_store.create(tmp_path, PASSPHRASE)
    assert key_store.info(tmp_path).kdf == {"name": "scrypt", **key_store.DEFAULT_SCRYPT}
    started = time.perf_counter()
    key_store.unlock(tmp_path, PASSPHRASE)
    assert time.perf_counter() - started > 0.05  # an offline guess costs at least this much


def test_repr_hides_key(tmp_path):
    data_key = key_store.create(tmp_path)
    assert "key_id" in repr(data_key) and data_key._key.hex() not in repr(data_key)
