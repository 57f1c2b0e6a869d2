"""Registration cards: every refusal of CONTRACTS §2 that a card can earn, in the documented order."""

from __future__ import annotations

import base64
import json

import jwt
import pytest

from furusato.activity_token import issue_activity_code
from furusato.card_token import CARD_TYP, CardCheck, issue_card, verify_card
from furusato.keys import KeySet, SigningKey

T0 = 1_800_000_000
IAT, EXP = T0, T0 + 86400
SUB = "reg_0001-abcd"

PLATFORM = SigningKey.generate()
OTHER = SigningKey.generate()
TRUSTED = KeySet.of(PLATFORM)


def card(key=PLATFORM, **claims) -> str:
    args = {"iss": "frr-platform", "sub": SUB, "iat": IAT, "exp": EXP, "name": "山田 花子", "mnv": True}
    args.update(claims)
    return issue_card(key, **args)


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64(segment: str) -> bytes:
    return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))


def signed(header: dict, payload: bytes | dict, key: SigningKey = PLATFORM) -> str:
    """A JWS signed by a real key, with whatever header and payload a test needs."""
    if isinstance(payload, dict):
        payload = json.dumps(payload).encode()
    return jwt.PyJWS().encode(payload, key.private_key, algorithm="EdDSA", headers=header)


def signed_raw(header: dict, payload: dict, key: SigningKey = PLATFORM) -> str:
    """Like `signed`, for headers PyJWT would refuse or rewrite when encoding."""
    head = b64(json.dumps({"alg": "EdDSA", **header}).encode())
    body = b64(json.dumps(payload).encode())
    return f"{head}.{body}." + b64(key.sign(f"{head}.{body}".encode()))


def claims(**changes) -> dict:
    out = {
        "iss": "frr-platform",
        "sub": SUB,
        "iat": IAT,
        "exp": EXP,
        "mnv": False,
        "minor": False,
        "gc": False,
    }
    out.update(changes)
    return {k: v for k, v in out.items() if v is not DROP}


DROP = object()
CARD_HEADER = {"typ": CARD_TYP, "kid": PLATFORM.kid}


def check(token, now=T0 + 60, revoked=(), trusted=TRUSTED) -> CardCheck:
    return verify_card(token, trusted, revoked, now=now)


# --- valid ---------------------------------------------------------------------------------------


def test_good_card_is_valid_and_returns_its_claims():
    result = check(card(minor=True, gc=True))
    assert result.outcome == "valid" and result.ok
    assert result.claims == {
        "iss": "frr-platform",
        "sub": SUB,
        "iat": IAT,
        "exp": EXP,
        "name": "山田 花子",
        "mnv": True,
        "minor": True,
        "gc": True,
    }


def test_header_is_exactly_the_contract():
    token = card()
    assert jwt.get_unverified_header(token) == {"alg": "EdDSA", "typ": "frr-card+jwt", "kid": PLATFORM.kid}


def test_name_is_optional_and_days_sets_expiry():
    token = issue_card(PLATFORM, iss="p", sub=SUB, iat=IAT, days=30)
    result = check(token)
    assert result.ok and "name" not in result.claims and result.claims["exp"] == IAT + 30 * 86400


def test_scanner_line_ends_are_tolerated_and_bytes_accepted():
    token = card()
    assert check(token + "\r\n").ok
    assert check("  " + token + "\t").ok
    assert check(token.encode()).ok


# --- bad signature -------------------------------------------------------------------------------


def test_forged_card_re_signed_with_another_key_under_the_trusted_kid():
    forged = signed(CARD_HEADER, claims(), key=OTHER)
    assert check(forged) == CardCheck("bad_signature", None)


def test_signature_from_another_token_does_not_transfer():
    a, b = card(), card(sub="someone_else")
    spliced = ".".join(a.split(".")[:2] + b.split(".")[2:])
    assert check(spliced).outcome == "bad_signature"


def _replace_char(token: str, segment: int, index: int, new: str) -> str:
    parts = token.split(".")
    s = parts[segment]
    assert s[index] != new
    parts[segment] = s[:index] + new + s[index + 1 :]
    return ".".join(parts)


@pytest.mark.parametrize("index", [0, 5, 17, -3])
def test_tampered_claims_still_valid_base64(index):
    token = card()
    old = token.split(".")[1][index]
    new = "B" if old != "B" else "C"
    assert check(_replace_char(token, 1, index, new)).outcome == "bad_signature"


@pytest.mark.parametrize("new", ["!", "+", "/", "=", "*", "é"])
def test_tampered_claims_not_base64(new):
    tampered = _replace_char(card(), 1, 10, new)
    assert check(tampered).outcome == ("unreadable" if new == "é" else "bad_signature")


def test_tampered_claim_value_re_encoded_cleanly():
    header, payload, sig = card().split(".")
    body = json.loads(unb64(payload))
    body["exp"] += 10 * 365 * 86400
    assert check(f"{header}.{b64(json.dumps(body).encode())}.{sig}").outcome == "bad_signature"


def test_tampered_signature():
    token = card()
    # The last character carries only 2 significant bits; change the first one instead.
    first_sig = token.split(".")[2][0]
    assert check(_replace_char(token, 2, 0, "A" if first_sig != "A" else "B")).outcome == "bad_signature"
    assert check(token[:-1]).outcome == "bad_signature"
    assert check(token + "==").outcome == "bad_signature"
    assert check(token.rsplit(".", 1)[0] + ".").outcome == "bad_signature"


def test_non_canonical_signature_encoding_is_refused():
    token = card()
    sig = token.split(".")[2]
    # 64 bytes use 86 characters; the last has 4 unused low bits which must be zero.
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    bumped = alphabet[alphabet.index(sig[-1]) + 1]
    assert check(token[:-1] + bumped).outcome == "bad_signature"


# --- unknown key, key rotation -------------------------------------------------------------------


def test_unknown_key():
    assert check(card(key=OTHER)).outcome == "unknown_key"
    no_kid = signed({"typ": CARD_TYP}, claims())
    assert check(no_kid).outcome == "unknown_key"
    assert check(card(), trusted=KeySet()).outcome == "unknown_key"


def test_key_rotation():
    old, new = SigningKey.generate(), SigningKey.generate()
    both = KeySet.of(old, new)
    old_card, new_card = card(key=old), card(key=new)
    assert check(old_card, trusted=both).ok
    assert check(new_card, trusted=both).ok
    retired = both.without(old.kid)
    assert check(old_card, trusted=retired).outcome == "unknown_key"
    assert check(new_card, trusted=retired).ok


def test_rotation_does_not_let_one_trusted_key_speak_for_another():
    old, new = SigningKey.generate(), SigningKey.generate()
    both = KeySet.of(old, new)
    cross = signed({"typ": CARD_TYP, "kid": old.kid}, claims(), key=new)
    assert check(cross, trusted=both).outcome == "bad_signature"


# --- time window ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "now, outcome",
    [
        (IAT - 301, "not_yet_valid"),
        (IAT - 300.001, "not_yet_valid"),
        (IAT - 300, "valid"),
        (IAT, "valid"),
        (EXP, "valid"),
        (EXP + 299.999, "valid"),
        (EXP + 300, "expired"),
        (EXP + 10**6, "expired"),
    ],
)
def test_skew_boundaries(now, outcome):
    assert check(card(), now=now).outcome == outcome


def test_skew_is_adjustable_and_now_defaults_to_the_clock():
    assert verify_card(card(), TRUSTED, now=EXP, skew=0).outcome == "expired"
    assert verify_card(card(iat=None, exp=None), TRUSTED).ok
    assert verify_card(card(iat=1000, exp=2000), TRUSTED).outcome == "expired"


def test_expired_wins_over_revoked():
    assert check(card(), now=EXP + 300, revoked={SUB}).outcome == "expired"


# --- revoked -------------------------------------------------------------------------------------


def test_revoked():
    assert check(card(), revoked={SUB}) == CardCheck("revoked", None)
    assert check(card(), revoked=[SUB, "other_sub_1"]).outcome == "revoked"
    assert check(card(), revoked=frozenset({"other_sub_1"})).ok


# --- wrong type ----------------------------------------------------------------------------------


def test_activity_code_is_wrong_type():
    code = issue_activity_code(
        PLATFORM, device_id="dev-1", activity_id="a1", lg="012025", title="清掃", nbf=IAT, exp=EXP
    )
    assert check(code).outcome == "wrong_type"
    device = SigningKey.generate()
    code = issue_activity_code(device, device_id="d", activity_id="a", lg="012025", title="t", nbf=1, exp=2)
    assert check(code).outcome == "wrong_type"  # the type is judged before the key


@pytest.mark.parametrize("typ", ["JWT", None, "frr-card+JWT", "application/frr-card+jwt", "frr-card"])
def test_other_typ_is_wrong_type(typ):
    assert check(signed({"typ": typ, "kid": PLATFORM.kid}, claims())).outcome == "wrong_type"


def test_plain_jwt_from_pyjwt_is_wrong_type():
    token = jwt.encode(claims(), PLATFORM.private_key, algorithm="EdDSA", headers={"kid": PLATFORM.kid})
    assert jwt.get_unverified_header(token)["typ"] == "JWT"
    assert check(token).outcome == "wrong_type"


# --- unreadable ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "token",
    [
        "",
        "hello",
        "https://example.jp/?q=1",
        "a.b",
        "a.b.c.d",
        "....",
        "eyJ.eyJ.sig",
        "!!!.abc.def",
        b64(b"not json") + ".e30.AAAA",
        b64(b"[1,2]") + ".e30.AAAA",
        b64(b'"string"') + ".e30.AAAA",
        b64(b"\xff\xfe{}") + ".e30.AAAA",
        b64(b"[" * 3000) + ".e30.AAAA",
        b64(json.dumps({"alg": "none", "typ": CARD_TYP, "kid": PLATFORM.kid}).encode())
        + "."
        + b64(b"{}")
        + ".",
        "x" * 5000,
        "ｅｙＪ.全角.文字",
        None,
        12345,
        b"\xff\x00",
    ],
)
def test_garbage_is_unreadable(token):
    assert check(token) == CardCheck("unreadable", None)


def test_padded_header_is_unreadable():
    header, payload, sig = card().split(".")
    assert check(f"{header}==.{payload}.{sig}").outcome == "unreadable"


def test_other_algorithms_are_unreadable():
    hs = jwt.encode(claims(), "a-shared-secret-of-32-bytes-long!", algorithm="HS256", headers=CARD_HEADER)
    assert check(hs).outcome == "unreadable"
    header = b64(json.dumps({"alg": "ES256", **CARD_HEADER}).encode())
    assert check(header + "." + card().split(".", 1)[1]).outcome == "unreadable"


@pytest.mark.parametrize(
    "header",
    [
        {"typ": CARD_TYP, "kid": 17},
        {"typ": ["frr-card+jwt"], "kid": PLATFORM.kid},
        {"typ": CARD_TYP, "kid": PLATFORM.kid, "crit": ["exp"], "exp": 1},
        {"typ": CARD_TYP, "kid": PLATFORM.kid, "b64": True},
    ],
)
def test_ill_typed_or_critical_headers_are_unreadable(header):
    assert check(signed_raw(header, claims())).outcome == "unreadable"


def test_raw_signing_helper_makes_valid_cards():
    assert check(signed_raw(CARD_HEADER, claims())).ok


@pytest.mark.parametrize(
    "payload",
    [
        b"not json",
        b"[1, 2, 3]",
        b"null",
        b"\xff\xfe",
        json.dumps(claims(sub=DROP)).encode(),
        json.dumps(claims(iss=DROP)).encode(),
        json.dumps(claims(iat=DROP)).encode(),
        json.dumps(claims(exp=DROP)).encode(),
        json.dumps(claims(mnv=DROP)).encode(),
        json.dumps(claims(iss="")).encode(),
        json.dumps(claims(iss=5)).encode(),
        json.dumps(claims(sub="short7c")).encode(),
        json.dumps(claims(sub="x" * 65)).encode(),
        json.dumps(claims(sub="has space1")).encode(),
        json.dumps(claims(sub="ｆｕｌｌｗｉｄｔｈ")).encode(),
        json.dumps(claims(sub="abcdefgh\n")).encode(),
        json.dumps(claims(sub=12345678)).encode(),
        json.dumps(claims(iat="1800000000")).encode(),
        json.dumps(claims(iat=True)).encode(),
        json.dumps(claims(exp=1.8e9)).encode(),
        json.dumps(claims(exp=None)).encode(),
        json.dumps(claims(minor="false")).encode(),
        json.dumps(claims(gc=0)).encode(),
        json.dumps(claims(name=7)).encode(),
        json.dumps(claims(name=None)).encode(),
        b'{"iss":"p","sub":"abcdefgh","iat":NaN,"exp":1,"mnv":false,"minor":false,"gc":false}',
    ],
)
def test_signed_but_malformed_claims_are_unreadable(payload):
    assert check(signed(CARD_HEADER, payload)) == CardCheck("unreadable", None)


@pytest.mark.parametrize(
    ("payload", "why"),
    [
        # json.dumps escapes the lone surrogate as \\ud800: valid JSON, but no UTF-8 text holds it.
        (json.dumps(claims(name="\ud800")).encode(), "a lone surrogate (\\ud800–\\udfff) is not text (at name)"),
        (json.dumps(claims(name="山田\udfff花子")).encode(), "a lone surrogate (\\ud800–\\udfff) is not text (at name)"),
        (json.dumps(claims(iss="\ud800")).encode(), "a lone surrogate (\\ud800–\\udfff) is not text (at iss)"),
        (json.dumps(claims(name="a\x00b")).encode(), "a NUL character (\\u0000) is not text (at name)"),
        (json.dumps(claims(**{"\ud800": 1})).encode(), "a lone surrogate (\\ud800–\\udfff) is not text"),
        (json.dumps(claims(), ensure_ascii=False).encode()[:-1] + b',"sub":"person0002"}', "sub"),
    ],
)
def test_signed_claims_no_text_can_hold_are_unreadable_with_the_reason(payload, why):
    """A signature proves who made a token, not that the ledger can store its text: such a card
    is refused here, naming the claim (never its value), instead of failing when it is recorded."""
    result = check(signed(CARD_HEADER, payload))
    assert result == CardCheck("unreadable", None)
    assert result.reason is not None and result.reason.startswith("the signed claims: ") and why in result.reason


def test_extra_claims_are_kept():
    result = check(signed(CARD_HEADER, claims(extra="x")))
    assert result.ok and result.claims["extra"] == "x"


# --- issuing -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "changes",
    [
        {"sub": "short"},
        {"sub": "bad sub with spaces"},
        {"iss": ""},
        {"name": 3},
        {"mnv": "yes"},
        {"iat": 1.5},
        {"name": "\ud800"},
        {"name": "a\x00b"},
    ],
)
def test_issue_refuses_what_stations_would_refuse(changes):
    with pytest.raises(ValueError):
        card(**changes)


def test_issue_refuses_exp_and_days_together():
    with pytest.raises(ValueError):
        card(days=3)
