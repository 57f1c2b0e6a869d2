"""desktop/first_run.py and the demo key's trust rule, without a window: what was typed or scanned
becomes an enrolment against the real central, and every way it can fail has one reason code."""

from __future__ import annotations

import socket

import pytest
from sqlalchemy import select, update

from central.store.tables import enrollment_codes
from desktop import demo_card, first_run, paths
from desktop.checkin import CheckinService
from desktop.first_run import EnrollmentInputInvalid
from desktop.station import Station, enrolled_at_rest
from furusato import enrollment_qr
from furusato.card_token import issue_card
from furusato.enrollment_qr import EnrollmentQr
from furusato.keys import KeySet, SigningKey, generate_key, save_jwks
from tests.central.server import RunningCentral, free_port, sqlite_url
from tests.sync.conftest import LG, NOW, open_station, seed
from tests.sync.test_client import _make_pki

CODE = "ABCD-EFGH-JKLM-NPQR"


# --- what was typed ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("server", "code", "expected"), [
    ("https://central.example.jp/", "ABCD-EFGH-JKLM-NPQR", ("https://central.example.jp", CODE)),
    ("  central.example.jp:8443  ", "abcd efgh jklm npqr", ("https://central.example.jp:8443", CODE)),
    ("ｈｔｔｐｓ：／／ｃｅｎｔｒａｌ．ｅｘａｍｐｌｅ．ｊｐ", "ＡＢＣＤ－ＥＦＧＨ－ＪＫＬＭ－ＮＰＱＲ", ("https://central.example.jp", CODE)),
    ("http://127.0.0.1:8765", "ABCDEFGHJKLMNPQR", ("http://127.0.0.1:8765", CODE)),
    ("http://localhost:8765", "abcd—efgh―jklmーnpqr", ("http://localhost:8765", CODE)),
])
def test_typed_address_and_code_are_normalised(server, code, expected):
    request = first_run.typed_request(server, code)
    assert (request.server, request.code) == expected


@pytest.mark.parametrize(("server", "code", "field", "reason"), [
    ("", CODE, "server", first_run.MISSING_SERVER),
    ("   ", CODE, "server", first_run.MISSING_SERVER),
    ("ftp://central.example.jp", CODE, "server", first_run.NOT_HTTP),
    ("javascript:alert(1)//x", CODE, "server", first_run.NOT_HTTP),
    ("http://central.example.jp", CODE, "server", first_run.INSECURE_URL),
    ("mailto:staff@example.jp", CODE, "server", first_run.NOT_HTTP),
    ("http://192.168.1.5:8765", CODE, "server", first_run.INSECURE_URL),
    ("https://user:pw@central.example.jp", CODE, "server", first_run.BAD_SERVER),
    ("https://central.example.jp/?next=x", CODE, "server", first_run.BAD_SERVER),
    ("https://[::1", CODE, "server", first_run.BAD_SERVER),
    ("http://[::1", CODE, "server", first_run.BAD_SERVER),
    ("https://central.example.jp:99999", CODE, "server", first_run.BAD_SERVER),
    ("https://central.example.jp", "", "code", first_run.MISSING_CODE),
    ("https://central.example.jp", "ABCD-EFGH", "code", first_run.BAD_CODE),
    ("https://central.example.jp", "ABCD-EFGH-JKLM-NPQR-STUV", "code", first_run.BAD_CODE),
    ("https://central.example.jp", "ＡＢＣＤ-ＥＦＧＨ-ＪＫＬＭ-ＮＰＱ!", "code", first_run.BAD_CODE),
    ("https://central.example.jp", "あいうえ-かきくけ-さしすせ-たちつて", "code", first_run.BAD_CODE),
])
def test_what_cannot_be_an_enrolment_names_its_field(server, code, field, reason):
    with pytest.raises(EnrollmentInputInvalid) as invalid:
        first_run.typed_request(server, code)
    assert (invalid.value.field, invalid.value.reason) == (field, reason)


@pytest.mark.parametrize("hostile", ["\ud800", "\x00" * 10, "a" * 1_000_000, "https://" + "x" * 100_000 + ".jp",
                                     "\u202ehttps://evil", "https://ex\u0000ample.jp", '{"server": [[[[[]]]]]}',
                                     "https://" + "a." * 200 + "jp"])
def test_hostile_text_is_refused_not_raised(hostile):
    with pytest.raises(EnrollmentInputInvalid) as invalid:
        first_run.typed_request(hostile, CODE)
    assert invalid.value.field == "server"
    with pytest.raises(EnrollmentInputInvalid) as invalid:
        first_run.typed_request("https://central.example.jp", hostile)
    assert invalid.value.field == "code"
    with pytest.raises(EnrollmentInputInvalid):
        first_run.scanned_request(hostile)
    with pytest.raises(EnrollmentInputInvalid):
        first_run.scanned_request(enrollment_qr.PREFIX + "server=" + hostile + "&code=" + CODE)


def test_a_japanese_domain_name_is_an_address():
    assert first_run.typed_request("https://ふるさと.example.jp", CODE).server == "https://ふるさと.example.jp"


def test_a_scanned_enrolment_code_and_what_is_not_one():
    text = enrollment_qr.make("http://127.0.0.1:8765", CODE)
    assert first_run.scanned_request(text + "\r\n") == EnrollmentQr("http://127.0.0.1:8765", CODE)
    for other in ("eyJhbGciOiJFZERTQSJ9.e30.sig", "frr-enroll:1?code=" + CODE, "hello"):
        with pytest.raises(EnrollmentInputInvalid) as invalid:
            first_run.scanned_request(other)
        assert invalid.value.reason == first_run.NOT_ENROLLMENT_QR
    with pytest.raises(EnrollmentInputInvalid) as invalid:
        first_run.scanned_request(enrollment_qr.make("http://192.168.1.5:8765", CODE))
    assert invalid.value.reason == first_run.INSECURE_URL


# --- the demo choice and the demo key --------------------------------------------------------------

def test_the_first_run_is_needed_until_the_demo_is_chosen_or_the_station_is_enrolled(tmp_path, central):
    station = open_station(tmp_path / "a")
    try:
        assert first_run.needs_first_run(station)
        first_run.choose_demo(station, NOW)
        assert not first_run.needs_first_run(station)
    finally:
        station.close()
    reopened = open_station(tmp_path / "a")
    try:
        assert not first_run.needs_first_run(reopened)  # remembered
    finally:
        reopened.close()
    other = open_station(tmp_path / "b")
    try:
        attempt = first_run.enroll_station(other, EnrollmentQr(central.url, central.code))
        assert attempt.ok and not first_run.needs_first_run(other)
    finally:
        other.close()


def test_the_demo_key_is_trusted_until_enrolment_and_dropped_by_it(tmp_path, central):
    station = open_station(tmp_path / "station")
    try:
        card = demo_card.issue("デモ 次郎", now=NOW.timestamp())
        service = CheckinService(station)
        assert demo_card.DEMO_KID in station.trusted_keys and not enrolled_at_rest(station.root)
        assert service.check_in_token("demo-yukioroshi", card, NOW).outcome == "recorded"
        attempt = first_run.enroll_station(station, EnrollmentQr(central.url, central.code))
        assert attempt.ok, attempt.reason
        assert station.enrolled and enrolled_at_rest(station.root)
        assert demo_card.DEMO_KID not in station.trusted_keys
        assert service.check_in_token("demo-jichikai", card, NOW).outcome == "unknown_key"
        # The central's own cards are what counts now.
        platform = central.platform_key()
        real = issue_card(platform, iss="platform", sub="person-0001", iat=int(NOW.timestamp()) - 60)
        assert service.check_in_token("demo-jichikai", real, NOW).outcome == "recorded"
    finally:
        station.close()
    reopened = open_station(tmp_path / "station")
    try:
        assert demo_card.DEMO_KID not in reopened.trusted_keys  # not only until the next start
    finally:
        reopened.close()


def test_a_key_file_cannot_smuggle_another_key_under_the_demo_kid(tmp_path):
    impostor = SigningKey(generate_key().private_key, demo_card.DEMO_KID)
    save_jwks(paths.trusted_keys_file(tmp_path), KeySet.of(impostor).to_jwks())
    station = Station.open(tmp_path, now=NOW)
    try:
        card = issue_card(impostor, iss="x", sub="someone-1", iat=int(NOW.timestamp()) - 60)
        assert CheckinService(station).check_in_token("demo-jichikai", card, NOW).outcome == "bad_signature"
        assert CheckinService(station).check_in_token(
            "demo-jichikai", demo_card.issue(now=NOW.timestamp()), NOW).outcome == "recorded"
    finally:
        station.close()


# --- the central's answers and the way there --------------------------------------------------------

def _attempt(station, server, code):
    return first_run.enroll_station(station, EnrollmentQr(server, code))


def test_the_central_refusals_each_have_their_reason(station, central):
    assert _attempt(station, central.url, "ZZZZ-ZZZZ-ZZZZ-ZZZZ").reason == first_run.UNKNOWN_CODE
    with central.engine.begin() as conn:
        conn.execute(update(enrollment_codes).where(enrollment_codes.c.code == central.codes[1])
                     .values(expires_at="2000-01-01T00:00:00+00:00"))
    assert _attempt(station, central.url, central.codes[1]).reason == first_run.CODE_EXPIRED
    assert not station.enrolled
    other = open_station(station.root.parent / "other")
    try:
        assert _attempt(other, central.url, central.codes[0]).ok
    finally:
        other.close()
    assert _attempt(station, central.url, central.codes[0]).reason == first_run.CODE_USED
    assert not station.enrolled and demo_card.DEMO_KID in station.trusted_keys


def test_an_enrolled_station_is_not_moved_to_another_central(station, central):
    assert _attempt(station, central.url, central.codes[0]).ok
    again = _attempt(station, central.url, central.codes[1])
    assert again.reason == first_run.ALREADY_ENROLLED


def test_a_web_server_that_is_not_a_central(station, central):
    assert _attempt(station, central.url + "/not-here", central.code).reason == first_run.NOT_A_CENTRAL
    assert not station.enrolled


def test_nobody_listening_is_unreachable(station):
    assert _attempt(station, f"http://127.0.0.1:{free_port()}", CODE).reason == first_run.UNREACHABLE


def test_a_certificate_nobody_vouches_for_is_a_tls_problem_until_the_ca_is_given(tmp_path):
    ca_file, cert_file, key_file = _make_pki(tmp_path)
    running = RunningCentral(sqlite_url(tmp_path), ssl_keyfile=key_file, ssl_certfile=cert_file)
    station = open_station(tmp_path / "station")
    try:
        tls = seed(running)
        assert _attempt(station, tls.url, tls.code).reason == first_run.TLS_ERROR
        attempt = first_run.enroll_station(station, EnrollmentQr(tls.url, tls.code), ca_file=str(ca_file))
        assert attempt.ok and attempt.enrollment.local_government == LG
    finally:
        station.close()
        running.close()


def test_a_server_that_hangs_up_is_unreachable(station):
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        url = f"http://127.0.0.1:{listener.getsockname()[1]}"
        import threading

        def hang_up():
            conn, _ = listener.accept()
            conn.recv(65536)
            conn.close()

        threading.Thread(target=hang_up, daemon=True).start()
        assert _attempt(station, url, CODE).reason == first_run.UNREACHABLE


def test_demo_check_ins_reach_the_central_flagged_after_enrolment(station, central):
    """docs/SECURITY.md, *The demo key*: the ledger keeps them, the central marks them."""
    from central.store.tables import records
    from desktop.sync.enrollment import client_for
    from desktop.sync.sync_round import sync_once
    from tests.sync.conftest import fast_backoff

    assert CheckinService(station).check_in_token("demo-jichikai", demo_card.issue(now=NOW.timestamp()),
                                                  NOW).outcome == "recorded"
    assert first_run.enroll_station(station, EnrollmentQr(central.url, central.code)).ok
    client = client_for(station)
    try:
        assert sync_once(station, client, fast_backoff()).tally.accepted == 1
    finally:
        client.close()
    with central.engine.connect() as conn:
        (row,) = conn.execute(select(records.c.person, records.c.activity_id, records.c.flags)).all()
    assert row.person.startswith("card:demo-") and row.activity_id == "demo-jichikai"
    assert "unknown_activity" in row.flags


def test_an_installation_without_its_demo_key_still_opens_and_records_by_hand(tmp_path, monkeypatch):
    import shutil

    from furusato.resources import resource_dir
    from tests.store.records import manual

    incomplete = tmp_path / "resources-without-the-key"
    shutil.copytree(resource_dir(), incomplete, ignore=shutil.ignore_patterns(demo_card.KEY_FILE))
    monkeypatch.setenv("FURUSATO_RESOURCES", str(incomplete))
    demo_card.signing_key.cache_clear()
    try:
        station = open_station(tmp_path / "station")
        try:
            assert demo_card.DEMO_KID not in station.trusted_keys
            service = CheckinService(station)
            assert service.check_in_token("demo-jichikai", "x.y.z", NOW).outcome == "unreadable"
            assert service.check_in_manual("demo-jichikai", manual(), NOW).outcome == "recorded"
        finally:
            station.close()
    finally:
        demo_card.signing_key.cache_clear()
