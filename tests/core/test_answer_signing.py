"""The formats of the central's signed answers and the answer-key chain (furusato/answer_signing.py)."""

from __future__ import annotations

import base64
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from furusato import answer_signing as fmt
from furusato.activity_token import issue_activity_code
from furusato.answer_signing import AnswerKeyChain, AnswerRefused
from furusato.card_token import issue_card
from furusato.keys import KeySet, generate_key

DAY = 86400
NOW = 1_800_000_000


def chain_of(n: int, *, step: int = DAY):
    """n keys, each signed in by the one before, one `step` apart ending at NOW."""
    keys = [generate_key() for _ in range(n)]
    times = [NOW - (n - 1 - i) * step for i in range(n)]
    links = [fmt.endorse(keys[0], keys[0], times[0])]
    links += [fmt.endorse(keys[i - 1], keys[i], times[i]) for i in range(1, n)]
    return keys, links


def answer(key, **document):
    """A batch answer as the central sends it: {"payload", "sig"}, the JWS detached."""
    body = {"format": fmt.ANSWER_FORMAT, "version": fmt.VERSION, "device_id": "dev-1", "nonce": "n1",
            "results": [], **document}
    return fmt.sign_detached(key, fmt.ANSWER_TYP, body)


def receipt(key, **document):
    """A receipt as the central writes it: one compact JWS."""
    return fmt.sign(key, fmt.RECEIPT_TYP, {"format": fmt.RECEIPT_FORMAT, "version": fmt.VERSION, **document})


def test_a_chain_is_trusted_from_its_first_key_and_grows_only_by_signed_links():
    keys, links = chain_of(3)
    first = AnswerKeyChain.first_use(links[:1])
    assert [link.kid for link in first.links] == [keys[0].kid]
    grown = first.extend(links)
    assert [link.kid for link in grown.links] == [k.kid for k in keys]
    assert AnswerKeyChain.from_json(grown.to_json()).to_json() == links
    # Offering what is already known, or an older part of it, changes nothing.
    assert grown.extend(links) is grown and grown.extend(links[:2]) is grown and grown.extend([]) is grown

    # A key the forger signs in himself is not taken, nor anything after it.
    forger = generate_key()
    forged = [links[0], links[1], fmt.endorse(forger, forger, NOW), fmt.endorse(forger, generate_key(), NOW)]
    assert first.extend(forged).to_json() == links[:2]
    # Nor a link that names the trusted key as its signer but is signed by another.
    fake = fmt._jws.encode(fmt.canonical({"jwk": forger.public_jwk(), "iat": NOW}), forger.private_key,
                           algorithm="EdDSA", headers={"kid": keys[0].kid, "typ": fmt.KEY_TYP})
    assert first.extend([links[0], fake]) is first
    # A chain whose first key does not sign itself is no chain.
    with pytest.raises(AnswerRefused):
        AnswerKeyChain.first_use([links[1]])
    # A stored chain with a link swapped is refused when read back.
    with pytest.raises(AnswerRefused):
        AnswerKeyChain.from_json([links[0], fmt.endorse(forger, generate_key(), NOW)])


def test_a_superseded_key_stays_trusted_for_the_overlap_only():
    keys, links = chain_of(3, step=10 * DAY)
    chain = AnswerKeyChain.first_use(links)
    # keys[1] was superseded 10 days ago (kept), keys[0] 20 days ago (kept): the overlap is 30 days.
    assert set(chain.trusted(NOW).kids) == {k.kid for k in keys}
    later = NOW + 15 * DAY  # keys[0]'s successor now 25 days old, keys[1]'s 15
    assert set(chain.trusted(later).kids) == {k.kid for k in keys}
    assert set(chain.trusted(NOW + 21 * DAY).kids) == {keys[1].kid, keys[2].kid}
    assert set(chain.trusted(NOW + 400 * DAY).kids) == {keys[2].kid}  # the newest never expires


def test_an_answer_is_checked_over_its_raw_payload_before_it_is_read():
    keys, links = chain_of(1)
    trusted = AnswerKeyChain.first_use(links).trusted(NOW)
    signed = answer(keys[0])
    assert signed["sig"].count(".") == 2 and signed["sig"].split(".")[1] == ""  # the payload travels beside it
    header, payload = fmt.verify_detached(signed, fmt.ANSWER_TYP, trusted)
    assert header["kid"] == keys[0].kid and fmt.load_document(payload, fmt.ANSWER_FORMAT)["device_id"] == "dev-1"

    def refused(value, typ=fmt.ANSWER_TYP):
        with pytest.raises(AnswerRefused) as caught:
            fmt.verify_detached(value, typ, trusted)
        return caught.value.code

    for nothing in (None, "", "accepted", [], {"payload": signed["payload"]}, {"sig": signed["sig"]},
                    {"payload": 5, "sig": signed["sig"]}, receipt(keys[0])):
        assert refused(nothing) == "unsigned_answer", nothing
    assert refused(answer(generate_key())) == "unknown_answer_key"
    edited = signed["payload"].replace('"device_id":"dev-1"', '"device_id":"dev-2"')
    assert edited != signed["payload"] and refused({**signed, "payload": edited}) == "bad_answer_signature"
    assert refused({**signed, "payload": signed["payload"] + " "}) == "bad_answer_signature"
    assert refused({**signed, "payload": "\ud800"}) == "bad_answer_signature"  # not even UTF-8
    head, _, sig = signed["sig"].split(".")
    assert refused({**signed, "sig": f"{head}..{sig[:-4]}AAAA"}) == "bad_answer_signature"
    # A signature with the payload inside (compact) is not the detached answer, and a detached
    # signature of another kind (a record's, by a station) never passes for one.
    compact = fmt.sign(keys[0], fmt.ANSWER_TYP, json.loads(signed["payload"]))
    assert refused({**signed, "sig": compact}) == "unsigned_answer"
    from furusato import ledger_record

    record_sig = ledger_record.sign_detached(signed["payload"].encode(), keys[0].private_key, keys[0].kid)
    assert refused({**signed, "sig": record_sig}) == "bad_answer_signature"
    # Signed, but a format or version this station cannot read: named as such, not guessed at.
    with pytest.raises(AnswerRefused) as newer:
        fmt.load_document(fmt.verify_detached(answer(keys[0], version=2), fmt.ANSWER_TYP, trusted)[1],
                          fmt.ANSWER_FORMAT)
    assert newer.value.code == "answer_version"


def test_a_receipt_is_checked_over_its_raw_bytes_before_it_is_read():
    keys, links = chain_of(1)
    trusted = AnswerKeyChain.first_use(links).trusted(NOW)
    token = receipt(keys[0], device_id="dev-1")
    header, payload = fmt.verify(token, fmt.RECEIPT_TYP, trusted)
    assert header["kid"] == keys[0].kid and fmt.load_document(payload, fmt.RECEIPT_FORMAT)["device_id"] == "dev-1"

    def refused(token, typ=fmt.RECEIPT_TYP):
        with pytest.raises(AnswerRefused) as caught:
            fmt.verify(token, typ, trusted)
        return caught.value.code

    assert refused(None) == refused("") == refused("accepted") == refused("a.b") == "unsigned_answer"
    assert refused(receipt(generate_key())) == "unknown_answer_key"
    head, body, sig = token.split(".")
    other_body = base64.urlsafe_b64encode(b'{"format":"frr-receipt","version":1}').rstrip(b"=").decode()
    assert refused(f"{head}.{other_body}.{sig}") == "bad_answer_signature"
    assert refused(f"{head}.{body}.{sig[:-4]}AAAA") == "bad_answer_signature"
    # The last character's unused bits changed: the same bytes once decoded, still refused.
    last = sig[-1]
    sibling = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    twin = next(c for c in sibling if c != last and base64.urlsafe_b64decode(sig[:-1] + c + "==") ==
                base64.urlsafe_b64decode(sig + "=="))
    assert refused(f"{head}.{body}.{sig[:-1]}{twin}") == "bad_answer_signature"
    # Other JWS the same keys (or the platform's, or a station's) sign never pass for a receipt.
    assert refused(fmt.sign(keys[0], fmt.ANSWER_TYP, {})) == refused(links[0]) == "bad_answer_signature"
    assert refused(issue_card(keys[0], iss="p", sub="subject-01", iat=NOW, days=1)) == "bad_answer_signature"
    assert refused(issue_activity_code(keys[0], device_id="d", activity_id="a", lg="152102", title="t",
                                       nbf=NOW, exp=NOW + 60)) == "bad_answer_signature"
    assert refused(answer(keys[0])["sig"]) == "unsigned_answer"  # a detached signature alone


@pytest.mark.parametrize("entry", [
    "accepted", {"id": 5, "status": "accepted"}, {"id": "x", "status": "maybe"}, {"id": "x", "seq": True, "status": "accepted"},
    {"id": "x", "seq": 1, "hash": ["h"], "status": "accepted"}, {"id": "x", "status": "rejected", "reason": {"a": 1}},
    {"id": "x", "status": "accepted", "flags": "clock_skew"},
])
def test_malformed_signed_results_are_refused(entry):
    with pytest.raises(AnswerRefused):
        fmt.check_results([entry])
    with pytest.raises(AnswerRefused):
        fmt.check_results({"results": [entry]})


def test_hostile_documents_and_chains_only_ever_refuse():
    keys, links = chain_of(1)
    trusted = AnswerKeyChain.first_use(links).trusted(NOW)
    nested = "[" * 50_000 + "]" * 50_000
    for payload in (nested.encode(), b'"\\ud800"', b"\xff\xfe", b"{" * 10, json.dumps({"format": "\ud800"}).encode()):
        token = fmt._jws.encode(payload, keys[0].private_key, algorithm="EdDSA",
                                headers={"kid": keys[0].kid, "typ": fmt.RECEIPT_TYP})
        with pytest.raises(AnswerRefused):
            fmt.load_document(fmt.verify(token, fmt.RECEIPT_TYP, trusted)[1], fmt.RECEIPT_FORMAT)
        sig = fmt._jws.encode(payload, keys[0].private_key, algorithm="EdDSA", is_payload_detached=True,
                              headers={"kid": keys[0].kid, "typ": fmt.ANSWER_TYP})
        with pytest.raises(AnswerRefused):
            signed = {"payload": payload.decode("utf-8", "replace"), "sig": sig}
            fmt.load_document(fmt.verify_detached(signed, fmt.ANSWER_TYP, trusted)[1], fmt.ANSWER_FORMAT)
    deep_header = base64.urlsafe_b64encode(nested.encode()).rstrip(b"=").decode()
    with pytest.raises(AnswerRefused):
        fmt.verify(f"{deep_header}.e30.c2ln", fmt.RECEIPT_TYP, trusted)
    with pytest.raises(AnswerRefused):
        fmt.verify_detached({"payload": nested, "sig": f"{deep_header}..c2ln"}, fmt.ANSWER_TYP, trusted)
    chain = AnswerKeyChain.first_use(links)
    assert chain.extend([f"{deep_header}.e30.c2ln", "x" * 100_000, None, 5, links[0]] + ["a.b.c"] * 1000) is chain
    assert chain.extend("not a list") is chain
    with pytest.raises(AnswerRefused):
        AnswerKeyChain.first_use(links * (fmt.MAX_CHAIN + 1))


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=300), st.binary(max_size=300).map(lambda b: b.decode("latin-1")),
                 st.lists(st.text(alphabet="ABCxyz-_.", max_size=40), max_size=4).map(".".join)))
def test_any_text_as_an_answer_or_chain_is_refused_cleanly(text):
    keys, links = chain_of(1)
    chain = AnswerKeyChain.first_use(links)
    with pytest.raises(AnswerRefused):
        fmt.verify(text, fmt.RECEIPT_TYP, chain.trusted(NOW))
    with pytest.raises(AnswerRefused):
        fmt.verify_detached({"payload": text, "sig": text}, fmt.ANSWER_TYP, chain.trusted(NOW))
    assert chain.extend([text]) is chain
    with pytest.raises(AnswerRefused):
        AnswerKeyChain.first_use([text])
    assert isinstance(chain.trusted(NOW), KeySet)
