import io

import pytest

from desktop.privacy import key_store
from desktop.privacy.audit_log import AuditLog
from desktop.privacy.operator_lock import TooManyAttempts
from desktop.privacy.passphrase import ENV_VAR, open_data_key_for_cli, passphrase_from_environment_or_tty
from tests.privacy.conftest import FAST, PASSPHRASE


class NotATty(io.StringIO):
    def isatty(self):
        return False


def test_fresh_folder_needs_no_passphrase_and_warns(tmp_path):
    err = io.StringIO()
    data_key = open_data_key_for_cli(tmp_path, env={}, stdin=NotATty(), stderr=err)
    assert "not protected" in err.getvalue()
    assert not key_store.is_protected(tmp_path)
    again = open_data_key_for_cli(tmp_path, env={}, stdin=NotATty(), stderr=io.StringIO())
    assert again.key_id == data_key.key_id


def test_protected_folder_reads_the_environment(tmp_path):
    key_store.create(tmp_path, PASSPHRASE, scrypt_params=FAST)
    err = io.StringIO()
    data_key = open_data_key_for_cli(tmp_path, env={ENV_VAR: PASSPHRASE}, stdin=NotATty(), stderr=err)
    assert data_key.key_id and err.getvalue() == ""
    with pytest.raises(key_store.PassphraseRequired):
        open_data_key_for_cli(tmp_path, env={}, stdin=NotATty(), stderr=err)


def test_wrong_passphrases_are_audited_and_throttled(tmp_path):
    key_store.create(tmp_path, PASSPHRASE, scrypt_params=FAST)
    for _ in range(4):
        with pytest.raises(key_store.WrongPassphrase):
            open_data_key_for_cli(tmp_path, env={ENV_VAR: "wrong guess!"}, stdin=NotATty())
    with pytest.raises(TooManyAttempts):  # even the right one waits now
        open_data_key_for_cli(tmp_path, env={ENV_VAR: PASSPHRASE}, stdin=NotATty())
    events = [e["event"] for e in AuditLog.for_data_dir(tmp_path).entries()]
    assert events == ["unlock_failed"] * 4 + ["unlock_throttled"]
    assert "wrong guess" not in (tmp_path / "audit.jsonl").read_text()


def test_tty_prompt(monkeypatch):
    class Tty(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.setattr("getpass.getpass", lambda prompt: "typed passphrase")
    assert passphrase_from_environment_or_tty({}, Tty()) == "typed passphrase"
    assert passphrase_from_environment_or_tty({}, NotATty()) is None
