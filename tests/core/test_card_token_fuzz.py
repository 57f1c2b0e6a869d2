"""verify_card against arbitrary input: it never raises, and it says "valid" for exactly the
correctly signed, in-window, card-typed, well-formed, unrevoked tokens — judged here by an oracle
written independently of furusato.card_token.

Four tests, 11,500 inputs in all (see the max_examples of each).
"""

from __future__ import annotations

import base64
import json
import re

import jwt
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from furusato.card_token import issue_card, verify_card
from furusato.keys import KeySet, SigningKey

OUTCOMES = {
    "valid",
    "unreadable",
    "bad_signature",
    "unknown_key",
    "expired",
    "not_yet_valid",
    "revoked",
    "wrong_type",
}
T0 = 1_800_000_000
SKEW = 300

OLD, NEW, STRANGER = SigningKey.generate(), SigningKey.generate(), SigningKey.generate()
TRUSTED = KeySet.of(OLD, NEW)
REVOKED = frozenset({"revoked_sub_01"})

FUZZ = settings(
    max_examples=2500,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)


def verify(token, now=T0):
    result = verify_card(token, TRUSTED, REVOKED, now=now)
    assert result.outcome in OUTCOMES
    assert (result.claims is not None) == (result.outcome == "valid")
    return result


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


# --- 1. random text ------------------------------------------------------------------------------


@settings(FUZZ, max_examples=4000)
@given(st.one_of(st.text(max_size=400), st.binary(max_size=400), st.text(alphabet="eyJAQ.-_=", max_size=400)))
def test_random_input_is_never_valid(data):
    assert verify(data).outcome != "valid"


# --- 2. JWS-shaped strings without a real signature ----------------------------------------------

# Flat values keep generation cheap; nesting adds nothing once a member has the wrong type.
scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12)
json_values = scalars | st.lists(scalars, max_size=3)
headers = st.fixed_dictionaries(
    {},
    optional={
        "alg": st.sampled_from(["EdDSA", "none", "HS256", "ES256"]) | scalars,
        "typ": st.sampled_from(["frr-card+jwt", "JWT", "frr-activity+jwt"]) | scalars,
        "kid": st.sampled_from([OLD.kid, NEW.kid, STRANGER.kid]) | scalars,
        "crit": json_values,
    },
)


@FUZZ
@given(
    header=headers | json_values,
    payload=st.binary(max_size=200)
    | st.dictionaries(st.sampled_from(["iss", "sub", "iat", "exp", "mnv"]), json_values).map(
        lambda v: json.dumps(v).encode()
    ),
    signature=st.binary(min_size=64, max_size=64) | st.binary(max_size=100),
    now=st.integers(T0 - 10**6, T0 + 10**6),
)
def test_jws_shaped_strings_are_never_valid(header, payload, signature, now):
    token = ".".join([b64(json.dumps(header).encode()), b64(payload), b64(signature)])
    assert verify(token, now).outcome != "valid"


# --- 3. valid tokens with random mutations -------------------------------------------------------

SEEDS = [
    issue_card(OLD, iss="platform", sub="abcdefgh", iat=T0 - 60, exp=T0 + 3600),
    issue_card(
        NEW,
        iss="platform",
        sub="Z" * 64,
        name="山田 太郎",
        mnv=True,
        minor=True,
        gc=True,
        iat=T0 - 60,
        exp=T0 + 3600,
    ),
]
MUTATION_CHARS = st.sampled_from(list("AaBbZz09_-=.+/ \t\r\n!é全\x00"))


@st.composite
def mutated(draw):
    token = draw(st.sampled_from(SEEDS))
    chars = list(token)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["replace", "insert", "delete", "swap", "truncate"]))
        at = draw(st.integers(0, max(len(chars) - 1, 0)))
        if kind == "replace" and chars:
            chars[at] = draw(MUTATION_CHARS)
        elif kind == "insert":
            chars.insert(at, draw(MUTATION_CHARS))
        elif kind == "delete" and chars:
            del chars[at]
        elif kind == "swap" and at + 1 < len(chars):
            chars[at], chars[at + 1] = chars[at + 1], chars[at]
        elif kind == "truncate":
            chars = chars[:at]
    return token, "".join(chars)


@FUZZ
@given(mutated())
def test_mutated_tokens_are_valid_only_when_unchanged(pair):
    original, token = pair
    # Surrounding whitespace is the one change a scanner is allowed to make.
    unchanged = token.strip(" \t\r\n") == original
    assert (verify(token).outcome == "valid") == unchanged


# --- 4. random claim sets signed by real keys ----------------------------------------------------

SUB_RE = re.compile(r"[A-Za-z0-9_-]{8,64}")
junk = (
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats()
    | st.text(max_size=10)
    | st.lists(st.integers(), max_size=2)
)


def is_int(value):
    return type(value) is int


times = st.integers(T0 - 5000, T0 + 5000)
good_values = {
    "iss": st.sampled_from(["platform", "frr"]),
    "sub": st.sampled_from(["abcdefgh", "revoked_sub_01", "x" * 64]) | st.from_regex(SUB_RE, fullmatch=True),
    "iat": times,
    "exp": times,
    "name": st.text(max_size=10),
    "mnv": st.booleans(),
    "minor": st.booleans(),
    "gc": st.booleans(),
}
near_misses = {
    "iss": st.just(""),
    "sub": st.sampled_from(["short", "x" * 65, "ok_sub-01\n", "has space", "ｆｕｌｌｗｉｄｔｈ"]),
    "iat": st.sampled_from([str(T0), float(T0), True]),
    "exp": st.sampled_from([str(T0), float(T0 + 10), None]),
    "name": st.sampled_from([None, 3]),
    "mnv": st.sampled_from([0, 1, "true", None]),
    "minor": st.sampled_from([0, "false"]),
    "gc": st.sampled_from([1, None]),
}


@st.composite
def claim_sets(draw):
    """Well-formed sets with up to two members broken (absent, near miss or junk), so that every
    step of the check — and "valid" itself — is reached often."""
    broken = set(draw(st.lists(st.sampled_from(sorted(good_values)), max_size=2)))
    claims = {}
    for name, good in good_values.items():
        if name not in broken:
            if name == "name" and draw(st.booleans()):
                continue  # optional
            if name == "exp" and is_int(claims.get("iat")):
                claims[name] = claims["iat"] + draw(st.integers(-400, 8000))  # mostly a sane window
            else:
                claims[name] = draw(good)
            continue
        fate = draw(st.sampled_from(["absent", "near", "junk"]))
        if fate == "near":
            claims[name] = draw(near_misses[name])
        elif fate == "junk":
            claims[name] = draw(junk)
    if draw(st.booleans()):
        claims["extra"] = draw(junk)
    return claims


def oracle_valid(typ, kid, signer, claims, now):
    """Written from CONTRACTS §1 alone."""
    if typ != "frr-card+jwt" or kid not in (OLD.kid, NEW.kid) or signer.kid != kid:
        return False
    well_formed = (
        type(claims.get("iss")) is str
        and claims["iss"] != ""
        and type(claims.get("sub")) is str
        and SUB_RE.fullmatch(claims["sub"]) is not None
        and is_int(claims.get("iat"))
        and is_int(claims.get("exp"))
        and all(type(claims.get(f)) is bool for f in ("mnv", "minor", "gc"))
        and ("name" not in claims or type(claims["name"]) is str)
    )
    if not well_formed:
        return False
    if not (claims["iat"] - SKEW <= now < claims["exp"] + SKEW):
        return False
    return claims["sub"] not in REVOKED


@FUZZ
@given(
    claims=claim_sets(),
    typ=st.sampled_from(["frr-card+jwt"] * 6 + ["JWT", "frr-activity+jwt", None]),
    kid_signer=st.sampled_from(
        [(OLD.kid, OLD), (NEW.kid, NEW)] * 3
        + [(OLD.kid, NEW), (NEW.kid, STRANGER), (STRANGER.kid, STRANGER), (None, OLD)]
    ),
    now=st.integers(T0 - 6000, T0 + 14000) | st.floats(T0 - 6000, T0 + 14000),
)
def test_signed_claim_sets_are_valid_exactly_when_the_contract_says(claims, typ, kid_signer, now):
    kid, signer = kid_signer
    header = {"typ": typ, "kid": kid} if kid is not None else {"typ": typ}
    try:
        payload = json.dumps(claims).encode()
    except ValueError:
        return
    token = jwt.PyJWS().encode(payload, signer.private_key, algorithm="EdDSA", headers=header)
    result = verify(token, now)
    assert (result.outcome == "valid") == oracle_valid(typ, kid, signer, claims, now)
    if result.outcome == "valid":
        # Compared as text: NaN in an extra claim is not equal to itself.
        assert json.dumps(result.claims) == json.dumps(json.loads(payload))
