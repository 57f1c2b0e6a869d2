"""Activity codes and their QR symbols."""

from __future__ import annotations

import jwt
import pytest

from furusato.activity_qr import activity_qr, qr_matrix, qr_png_bytes
from furusato.activity_token import ActivityCheck, issue_activity_code, verify_activity_code
from furusato.card_token import issue_card
from furusato.keys import KeySet, SigningKey

NBF, EXP = 1_800_000_000, 1_800_000_000 + 3 * 3600
DEVICE = SigningKey.generate()
TRUSTED = KeySet.of(DEVICE)


def code(key=DEVICE, **changes) -> str:
    args = {
        "device_id": "station-7f3a",
        "activity_id": "act-2026-07-01-kusakari",
        "lg": "012025",
        "title": "函館 朝市の清掃ボランティア",
        "nbf": NBF,
        "exp": EXP,
        "iat": NBF - 86400,
    }
    args.update(changes)
    return issue_activity_code(key, **args)


def test_valid_code_and_header():
    token = code()
    assert jwt.get_unverified_header(token) == {"alg": "EdDSA", "typ": "frr-activity+jwt", "kid": DEVICE.kid}
    result = verify_activity_code(token, TRUSTED, now=NBF + 60)
    assert result.ok
    assert result.claims == {
        "iss": "station-7f3a",
        "act": "act-2026-07-01-kusakari",
        "lg": "012025",
        "title": "函館 朝市の清掃ボランティア",
        "nbf": NBF,
        "exp": EXP,
        "iat": NBF - 86400,
    }


@pytest.mark.parametrize(
    "now, outcome",
    [
        (NBF - 301, "not_yet_valid"),
        (NBF - 300, "valid"),
        (EXP + 299, "valid"),
        (EXP + 300, "expired"),
    ],
)
def test_window(now, outcome):
    result = verify_activity_code(code(), TRUSTED, now=now)
    assert result.outcome == outcome
    assert (result.claims is not None) == (outcome == "valid")


def test_refusals():
    now = NBF + 1
    assert verify_activity_code(code(key=SigningKey.generate()), TRUSTED, now=now).outcome == "unknown_key"
    card = issue_card(DEVICE, iss="p", sub="abcdefgh", iat=NBF, exp=EXP)
    assert verify_activity_code(card, TRUSTED, now=now) == ActivityCheck("wrong_type")
    h, p, s = code().split(".")
    other = code(title="別の活動").split(".")[2]
    assert verify_activity_code(f"{h}.{p}.{other}", TRUSTED, now=now).outcome == "bad_signature"
    assert verify_activity_code("not a token", TRUSTED, now=now).outcome == "unreadable"


@pytest.mark.parametrize(
    "changes",
    [
        {"lg": "12025"},
        {"lg": "０１２０２５"},
        {"device_id": ""},
        {"activity_id": 5},
        {"nbf": "x"},
        {"title": None},
    ],
)
def test_issue_refuses_malformed_claims(changes):
    with pytest.raises(ValueError):
        code(**changes)


def test_qr_is_level_m_and_its_version_does_not_drift():
    short = activity_qr(code(title="a"))
    assert short.error == "M"
    # Same length → same version, however much spare room the symbol has.
    assert activity_qr(code(title="b")).version == short.version
    assert activity_qr(code()).designator.endswith("-M")


def test_qr_matrix_and_png():
    token = code()
    qr = activity_qr(token)
    size = qr.symbol_size(scale=1, border=0)[0]
    matrix = qr_matrix(token, border=0)
    assert len(matrix) == size and all(len(row) == size for row in matrix)
    assert all(isinstance(cell, bool) for row in matrix for cell in row)
    assert matrix == [[bool(c) for c in row] for row in qr.matrix]
    framed = qr_matrix(token)
    assert len(framed) == size + 8 and not any(framed[0]) and framed[4][4:11] == [True] * 7
    png = qr_png_bytes(token, scale=3)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(qr_png_bytes(token, scale=6)) > len(png)
