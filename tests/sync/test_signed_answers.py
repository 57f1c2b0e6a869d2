"""A record leaves `pending` only on the central's signed answer naming it. Between the station and the
real central (loopback) sits a proxy that rewrites the central's answers as a man in the middle or a
fake central would: unsigned, signed by another key, a valid signed answer for other records, a
replayed one. Nothing settles; the central keeps what it took, so a clean sync settles it afterwards."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from desktop.store.tables import outbox
from desktop.sync import answer_trust
from desktop.sync import outbox as ob
from desktop.sync.enrollment import enroll
from desktop.sync.sync_round import sync_once
from furusato import answer_signing as fmt
from furusato.keys import SigningKey, generate_key
from tests.central.server import RunningCentral
from tests.sync.conftest import check_in, client, fast_backoff, open_station
from tests.sync.fault_proxy import FaultProxy


def _rows(station):
    with station.engine.connect() as conn:
        return [(r.state, r.last_error) for r in conn.execute(select(outbox).order_by(outbox.c.seq))]


def _records_answer(rewrite):
    """A proxy hook that rewrites only the answers to POST /v1/records (as JSON)."""

    def hook(request: bytes, body: bytes) -> bytes:
        if not request.startswith(b"POST /v1/records"):
            return body
        return json.dumps(rewrite(json.loads(body))).encode("utf-8")

    return hook


def _document(answer: dict) -> dict:
    return json.loads(answer["answer"]["payload"])


def _resigned(key: SigningKey):
    return lambda answer: {**answer, "answer": fmt.sign_detached(key, fmt.ANSWER_TYP, _document(answer))}


def _central_answer_kid(station) -> str:
    return answer_trust.load(station.meta).newest.kid


def _through(station, central, rewrite, **sync_options):
    with FaultProxy(central.port, weights={"ok": 1.0}) as proxy:
        proxy.rewrite_answer = rewrite
        return sync_once(station, client(proxy.url), fast_backoff(), **sync_options)


def _nothing_settled_then_clean_sync_settles(station, central, report, code, ids):
    assert report.error is not None and report.error.code == code, report.error
    assert report.tally.accepted == report.tally.duplicates == report.tally.rejected == 0
    assert _rows(station) == [("pending", code)] * len(ids)
    assert ob.pending_count(station.engine) == len(ids)
    # The central did take them; the station just would not believe an answer it cannot check.
    assert set(ids) <= central.record_ids()
    again = sync_once(station, client(central.url), fast_backoff())
    assert again.error is None and again.to_json() == {
        "uploaded": len(ids), "accepted": 0, "duplicates": len(ids), "rejected": 0, "pending": 0}


FORGERS = {
    # a central (or proxy) that does not sign at all: an older central looks the same
    "unsigned": (lambda station: lambda a: {k: v for k, v in a.items() if k != "answer"}, "unsigned_answer"),
    "not_a_jws": (lambda station: lambda a: {**a, "answer": "accepted"}, "unsigned_answer"),
    "signature_only": (lambda station: lambda a: {**a, "answer": {"sig": a["answer"]["sig"]}}, "unsigned_answer"),
    # signed by a key of its own, named as such
    "other_key": (lambda station: _resigned(generate_key()), "unknown_answer_key"),
    # signed by another key that claims to be the central's
    "other_key_same_kid": (lambda station: _resigned(SigningKey(generate_key().private_key, _central_answer_kid(station))),
                           "bad_answer_signature"),
    # the signed document edited: acceptances turned into refusals, or one character of the signature
    "edited_payload": (lambda station: lambda a: {**a, "answer": {**a["answer"], "payload": a["answer"]["payload"]
                       .replace('"status":"accepted"', '"status":"duplicate"')}}, "bad_answer_signature"),
    "edited_signature": (lambda station: lambda a: {**a, "answer": {**a["answer"], "sig": _spoil_last(
        a["answer"]["sig"])}}, "bad_answer_signature"),
    # signed with a card-signing platform key (a JWS the central really made, but not an answer key)
    "platform_key": (None, "unknown_answer_key"),
}


def _spoil_last(token: str) -> str:
    head, body, sig = token.split(".")
    return f"{head}.{body}.{sig[:-8]}{'A' * 8 if sig[-8:] != 'A' * 8 else 'B' * 8}"


@pytest.mark.parametrize("forgery", sorted(FORGERS))
def test_a_rewritten_answer_settles_nothing(enrolled, central, forgery):
    station = enrolled
    ids = check_in(station, 3)
    make, code = FORGERS[forgery]
    rewrite = _resigned(central.platform_key()) if make is None else make(station)
    report = _through(station, central, _records_answer(rewrite))
    _nothing_settled_then_clean_sync_settles(station, central, report, code, ids)


def test_the_unsigned_results_are_not_what_settles(enrolled, central):
    # The central refuses the records (it lost the station's key) and says so, signed; the proxy turns
    # the plain `results` into acceptances. The station believes the signed answer only.
    station = enrolled
    check_in(station, 2)
    central.forget_device_key(station.signer.device_id)

    def lie(answer):
        return {**answer, "results": [{**r, "status": "accepted", "reason": None} for r in answer["results"]]}

    report = _through(station, central, _records_answer(lie))
    assert report.tally.rejected == 2 and report.tally.accepted == 0
    assert _rows(station) == [("rejected", "bad_signature")] * 2


def test_a_valid_signed_answer_for_another_station_or_request_settles_nothing(enrolled, central, tmp_path):
    station = enrolled
    # Another station of the same local government syncs; its real, signed answer is captured.
    other = open_station(tmp_path / "other")
    try:
        enroll(other, central.url, central.codes[1])
        check_in(other, 3)
        captured = []
        _through(other, central, _records_answer(lambda a: (captured.append(a), a)[1]))
        assert ob.pending_count(other.engine) == 0 and len(captured) == 1
    finally:
        other.close()
    ids = check_in(station, 3)
    report = _through(station, central, _records_answer(lambda a: captured[0]))
    _nothing_settled_then_clean_sync_settles(station, central, report, "answer_mismatch", ids)

    # This station's own earlier answer, replayed onto its next batch (same device, old nonce).
    own = []
    more = check_in(station, 2, start=3)
    report = _through(station, central, _records_answer(lambda a: (own.append(a), a)[1]))
    assert report.error is None and ob.pending_count(station.engine) == 0
    later = check_in(station, 2, start=5)
    report = _through(station, central, _records_answer(lambda a: own[0]))
    assert report.error.code == "answer_mismatch" and ob.pending_count(station.engine) == 2
    assert set(more) | set(later) <= central.record_ids()


def test_an_answer_naming_other_content_for_a_record_does_not_settle_it(enrolled, central):
    # Records altered on the way in: the central's (signed) answers name the hashes of what it got.
    station = enrolled
    ids = check_in(station, 3)
    with FaultProxy(central.port, weights={"ok": 1.0}) as mitm:
        mitm.rewrite = lambda body: body.replace(b'\\"seq\\":2', b'\\"seq\\":2 ')
        report = sync_once(station, client(mitm.url), fast_backoff(), pull=False)
    # Record 1 went in untouched and is settled; record 2 was altered (refused by the central, under
    # another hash): it stays pending; record 3 came back `gap` and stays pending too.
    assert report.error.code == "answer_mismatch" and report.tally.accepted == 1
    assert _rows(station) == [("sent", None), ("pending", "answer_mismatch"), ("pending", "gap")]
    assert central.record_ids() == {ids[0]}
    assert sync_once(station, client(central.url), fast_backoff()).to_json()["accepted"] == 2


def test_a_fake_answer_key_chain_is_not_adopted(enrolled, central):
    station = enrolled
    ids = check_in(station, 2)
    forger = generate_key()
    fake_chain = [fmt.endorse(forger, forger, 0)]

    def hook(request: bytes, body: bytes) -> bytes:
        if request.startswith(b"GET /v1/answer-keys"):
            return json.dumps({"chain": fake_chain}).encode()
        return _records_answer(_resigned(forger))(request, body)

    before = station.meta.get(answer_trust.META_CHAIN)
    report = _through(station, central, hook)
    assert station.meta.get(answer_trust.META_CHAIN) == before
    _nothing_settled_then_clean_sync_settles(station, central, report, "unknown_answer_key", ids)


def test_rotated_answer_keys_reach_the_station_through_the_chain(enrolled, central):
    station = enrolled
    first = _central_answer_kid(station)
    with central.engine.begin() as conn:
        from central import answer_signing

        answer_signing.rotate(conn)
        newest = answer_signing.rotate(conn)["active"]
    check_in(station, 2)
    # The first answer is signed by a key two rotations on: the station asks for the chain and follows it.
    report = sync_once(station, client(central.url), fast_backoff(), pull=False)
    assert report.error is None and report.tally.accepted == 2
    chain = answer_trust.load(station.meta)
    assert [link.kid for link in chain.links][0] == first and chain.newest.kid == newest
    assert len(chain.links) == 3


def test_a_station_of_an_older_central_settles_nothing_and_adopts_the_chain_once_it_signs(station, central):
    # An older central: no answer keys at enrolment, no signed answers, no /v1/answer-keys.
    def older(request: bytes, body: bytes) -> bytes:
        if request.startswith(b"GET /v1/answer-keys"):
            return b'{"error": "not_found"}'
        answer = json.loads(body)
        if isinstance(answer, dict):
            answer.pop("answer_keys", None)
            answer.pop("answer", None)
        return json.dumps(answer).encode()

    with FaultProxy(central.port, weights={"ok": 1.0}) as proxy:
        proxy.rewrite_answer = older
        enroll(station, proxy.url, central.code)
        assert answer_trust.load(station.meta) is None
        ids = check_in(station, 2)
        report = sync_once(station, client(proxy.url), fast_backoff(), pull=False)
    assert report.error.code == "unsigned_answer" and _rows(station) == [("pending", "unsigned_answer")] * 2
    # The central is upgraded: the station takes its chain on first use (it is enrolled with it) and settles.
    report = sync_once(station, client(central.url), fast_backoff())
    assert report.error is None and report.tally.duplicates == 2 and central.record_ids() == set(ids)
    assert answer_trust.load(station.meta) is not None


def test_a_station_never_enrolled_takes_no_key(tmp_path):
    station = open_station(tmp_path / "alone")
    try:
        running = RunningCentral(f"sqlite:///{(tmp_path / 'c.sqlite3').as_posix()}")
        try:
            assert answer_trust.refresh(station, client(running.url)) is False
            assert answer_trust.load(station.meta) is None
        finally:
            running.close()
    finally:
        station.close()
