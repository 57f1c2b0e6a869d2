"""furusato.ed25519_jws: the record signatures it accepts are exactly the ones PyJWT accepts (it may
refuse more: another `typ`, non-canonical base64), over valid records and thousands of altered ones;
compact JWS are verified before their body is decoded."""

from __future__ import annotations

import base64
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jwt.api_jws import PyJWS

from furusato import ed25519_jws
from furusato import ledger_record as rec
from furusato.keys import SigningKey

KEY = SigningKey.generate()
OTHER = SigningKey.generate()
PAYLOAD = rec.canonical({"v": 1, "seq": 1, "id": "r1", "person": "card:abcdefgh", "name": "山田"})


def pyjwt_accepts(payload: bytes, sig: str, key) -> bool:
    try:
        PyJWS(algorithms=["EdDSA"]).decode_complete(sig, key=key, algorithms=["EdDSA"], detached_payload=payload)
    except Exception:  # noqa: BLE001 - any refusal counts as a refusal
        return False
    return True


def ours(payload: bytes, sig: str, key) -> bool:
    return ed25519_jws.verify_detached(payload, sig, key, typ=rec.RECORD_TYP)


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def test_a_station_signature_verifies_and_alterations_do_not():
    sig = rec.sign_detached(PAYLOAD, KEY.private_key, KEY.kid)
    assert ours(PAYLOAD, sig, KEY.public_key) and pyjwt_accepts(PAYLOAD, sig, KEY.public_key)
    assert not ours(PAYLOAD, sig, OTHER.public_key)
    assert not ours(PAYLOAD + b" ", sig, KEY.public_key)
    header, _, signature = sig.partition("..")
    variants = {
        "another typ": {"alg": "EdDSA", "b64": False, "crit": ["b64"], "typ": "frr-bundle+jws"},
        "no crit": {"alg": "EdDSA", "b64": False},
        "b64 true": {"alg": "EdDSA", "b64": True, "crit": ["b64"]},
        "other alg": {"alg": "HS256", "b64": False, "crit": ["b64"]},
        "unknown crit": {"alg": "EdDSA", "b64": False, "crit": ["b64", "exp"]},
        "kid number": {"alg": "EdDSA", "b64": False, "crit": ["b64"], "kid": 5},
    }
    for label, fields in variants.items():
        head = b64(json.dumps(fields).encode())
        forged = f"{head}..{b64(KEY.private_key.sign(head.encode() + b'.' + PAYLOAD))}"
        assert not ours(PAYLOAD, forged, KEY.public_key), label
    for junk in ("", "..", f"{header}.x.{signature}", f"{header}..{signature}=", f"{header}..{signature} ",
                 f" {header}..{signature}", f"{header}..{signature[:-1]}", f"{header}..{signature}A",
                 f"{header}...{signature}", "é..x", 5):
        assert not ours(PAYLOAD, junk, KEY.public_key), junk


@settings(max_examples=2000, deadline=None)
@given(st.integers(min_value=0), st.integers(min_value=0, max_value=63), st.booleans())
def test_whatever_one_character_change_ours_never_accepts_what_pyjwt_refuses(position, replacement, in_payload):
    sig = rec.sign_detached(PAYLOAD, KEY.private_key, KEY.kid)
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    payload = PAYLOAD
    if in_payload:
        i = position % len(payload)
        payload = payload[:i] + bytes([(payload[i] + 1 + replacement) % 256]) + payload[i + 1:]
    else:
        i = position % len(sig)
        sig = sig[:i] + alphabet[replacement] + sig[i + 1:]
    if ours(payload, sig, KEY.public_key):
        assert pyjwt_accepts(payload, sig, KEY.public_key), (payload, sig)


def test_compact_jws_is_verified_before_its_body_is_decoded():
    body = json.dumps({"a": 1}).encode()
    head = b64(json.dumps({"alg": "EdDSA", "typ": "frr-bundle+jws", "kid": KEY.kid}).encode())
    signing_input = f"{head}.{b64(body)}".encode()
    token = signing_input + b"." + b64(KEY.private_key.sign(signing_input)).encode()
    header, payload = ed25519_jws.open_compact(token, "frr-bundle+jws", lambda h: [KEY.public_key])
    assert (header["kid"], payload) == (KEY.kid, body)
    assert PyJWS().decode_complete(token.decode(), key=KEY.public_key, algorithms=["EdDSA"])["payload"] == body
    with pytest.raises(ed25519_jws.JWSRefused, match="does not hold"):
        ed25519_jws.open_compact(token, "frr-bundle+jws", lambda h: [OTHER.public_key])
    # A body that is not even base64 is never looked at when the signature fails.
    forged = f"{head}.!!!not base64!!!.{b64(b'x' * 64)}".encode()
    with pytest.raises(ed25519_jws.JWSRefused, match="does not hold"):
        ed25519_jws.open_compact(forged, "frr-bundle+jws", lambda h: [KEY.public_key])
    other_typ = b64(json.dumps({"alg": "EdDSA", "typ": "frr-receipt+jws", "kid": KEY.kid}).encode())
    receipt_input = f"{other_typ}.{b64(body)}".encode()
    receipt = receipt_input + b"." + b64(KEY.private_key.sign(receipt_input)).encode()
    for bad in (b"a.b", b"a..c", b".b.c", b"a.b.", b"a.b.c.d", receipt):
        with pytest.raises(ed25519_jws.JWSRefused):
            ed25519_jws.open_compact(bad, "frr-bundle+jws", lambda h: [KEY.public_key])


@pytest.mark.parametrize("n", range(0, 70))
def test_strict_base64url_round_trips_and_refuses_the_rest(n):
    raw = bytes(range(n))
    encoded = b64(raw)
    assert ed25519_jws.b64url_decode(encoded) == raw
    for bad in (encoded + "=", encoded + "+", encoded + " ", "*" + encoded):
        with pytest.raises(ValueError):
            ed25519_jws.b64url_decode(bad)
