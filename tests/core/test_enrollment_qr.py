import pytest

from furusato import enrollment_qr
from furusato.enrollment_qr import NotAnEnrollmentCode


def test_round_trip_keeps_server_and_code():
    text = enrollment_qr.make("https://central.example.jp:8443/furusato/", "ABCD-EFGH-JKLM-NPQR")
    assert text.startswith("frr-enroll:1?")
    assert '"' not in text and "{" not in text
    parsed = enrollment_qr.parse(text)
    assert parsed.server == "https://central.example.jp:8443/furusato"
    assert parsed.code == "ABCD-EFGH-JKLM-NPQR"


def test_a_gun_suffix_and_lower_case_code_are_tolerated():
    text = enrollment_qr.make("http://127.0.0.1:8765", "ABCD-EFGH-JKLM-NPQR")
    parsed = enrollment_qr.parse(text.replace("ABCD-EFGH-JKLM-NPQR", "abcd-efgh-jklm-npqr") + "\r\n")
    assert parsed.code == "ABCD-EFGH-JKLM-NPQR"


@pytest.mark.parametrize("text", [
    "", "hello", "frr-enroll:1?code=ABCD-EFGH-JKLM-NPQR",
    "frr-enroll:1?server=ftp%3A%2F%2Fx&code=ABCD-EFGH-JKLM-NPQR",
    "frr-enroll:1?server=https%3A%2F%2Fx&code=short",
    "frr-enroll:1?server=https%3A%2F%2Fx&code=ABCD-EFGH-JKLM-NPQR" + "&x=" + "a" * 5000,
])
def test_anything_else_is_refused(text):
    with pytest.raises(NotAnEnrollmentCode):
        enrollment_qr.parse(text)


def test_make_refuses_a_non_http_server():
    with pytest.raises(NotAnEnrollmentCode):
        enrollment_qr.make("central.example.jp", "ABCD-EFGH-JKLM-NPQR")
