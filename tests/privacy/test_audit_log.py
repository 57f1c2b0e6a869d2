import pytest

from desktop.privacy.audit_log import AuditLog


def test_append_only_chain_and_tamper_evidence(tmp_path):
    audit = AuditLog.for_data_dir(tmp_path)
    audit.append("csv_export", rows=12, file_name="attendance-20261122.csv", actor="operator")
    audit.append("unlock_failed", via="window", failures=1)
    audit.append("passphrase_changed")
    assert [e["event"] for e in audit.entries()] == ["csv_export", "unlock_failed", "passphrase_changed"]
    assert audit.verify() == []
    lines = audit.path.read_text("utf-8").splitlines()
    audit.path.write_text("\n".join([lines[0], lines[2]]) + "\n")  # a line deleted
    assert audit.verify() == [2]


@pytest.mark.parametrize("facts", [
    {"file_name": "山田太郎-090-1234-5678.csv"},
    {"reason": "taro@example.jp asked"},
    {"reason": "born 1990-04-01"},
    {"name": "x"},  # not a whitelisted fact
    {"rows": {"nested": 1}},
])
def test_personal_data_refused(tmp_path, facts):
    audit = AuditLog.for_data_dir(tmp_path)
    with pytest.raises(ValueError):
        audit.append("csv_export", **facts)
    assert not audit.path.exists()


def test_unknown_event_refused(tmp_path):
    with pytest.raises(ValueError):
        AuditLog.for_data_dir(tmp_path).append("something_else")
