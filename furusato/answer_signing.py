"""The central's signed answers, which a station settles its records on (docs/SYNC_PROTOCOL.md, Signed answers).

Everything here is a compact JWS (EdDSA over Ed25519, RFC 8037) signed by one of the central's
*answer keys* — keys of their own, apart from the platform's card-signing keys, so that an answer
can never pass for a card nor a card for an answer. Three kinds, told apart by `typ`:

- `frr-answer-key+jwt`: one link of the answer-key chain, `{"jwk": <public JWK>, "iat": <seconds>}`
  signed by the key before it (the first link by itself). A station trusts the first key it was
  given at enrolment and every key a key it trusts has signed in, so a rotation reaches it through an
  untrusted channel (a pull, a receipt on a stick) without letting that channel choose the key.
- `frr-answer+jws`: the answers to one `POST /v1/records` — device, the station's nonce, and per
  record its id, seq and SHA-256, so an answer cannot be replayed onto another record or request.
  It travels as the records do, `{"payload": <canonical JSON text>, "sig": <detached JWS>}`.
- `frr-receipt+jws`: the answers to an imported bundle plus the catalogue, platform keys and
  revocations as they stood, carrying the chain in its protected header (`chain`, like `x5c`).

Verification always checks the signature over the raw bytes before the signed body is parsed.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import jwt
from jwt.api_jws import PyJWS

from furusato.keys import KeySet, KeySetError, SigningKey

ALG = "EdDSA"
KEY_TYP = "frr-answer-key+jwt"
ANSWER_TYP = "frr-answer+jws"
ANSWER_FORMAT = "frr-answer"
RECEIPT_TYP = "frr-receipt+jws"
RECEIPT_FORMAT = "frr-receipt"
VERSION = 1  # of both documents; a station meeting another version leaves its records pending

STATUSES = ("accepted", "duplicate", "rejected")
MAX_CHAIN = 64
MAX_NONCE = 64
# A key stays trusted this long after the key that succeeded it was signed in: answers in flight and
# receipts written just before a rotation still settle; a retired key does not stay good for ever.
OVERLAP_SECONDS = 30 * 86400
# Weeks of records answered, plus the catalogue: far below this. Anything larger is not ours.
RECEIPT_MAX_BYTES = 64 * 1024 * 1024

_jws = PyJWS(algorithms=[ALG])


class AnswerRefused(ValueError):
    """An answer (or receipt, or chain) this station must not act on. `code` is machine-readable:
    unsigned_answer, unknown_answer_key, bad_answer_signature, answer_version, answer_mismatch."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


def canonical(obj: Any) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def sign(key: SigningKey, typ: str, document: Mapping[str, Any], headers: Mapping[str, Any] | None = None) -> str:
    return _jws.encode(canonical(document), key.private_key, algorithm=ALG,
                       headers={**(headers or {}), "kid": key.kid, "typ": typ})


def _canonical_b64(segment: str) -> bool:
    """Base64url as an encoder writes it: a changed padding bit in the last character would otherwise
    decode to the same bytes, and a file with a flipped character would still verify."""
    try:
        raw = base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
    except ValueError:
        return False
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii") == segment


def header_of(token: Any, typ: str, *, detached: bool = False) -> dict[str, Any]:
    """The protected header of a JWS of `typ`, read from the header segment alone (the body is not
    looked at); `detached`: the payload travels beside the token (`header..signature`)."""
    segments = token.split(".") if isinstance(token, str) else []
    if len(segments) != 3 or not segments[0] or not segments[2] or bool(segments[1]) == detached:
        raise AnswerRefused("unsigned_answer", "not a signed answer (no JWS of ours)")
    if not token.isascii() or not all(_canonical_b64(segment) for segment in segments):
        raise AnswerRefused("bad_answer_signature", "the signed answer is not well-formed base64url")
    try:
        header = json.loads(base64.urlsafe_b64decode(segments[0] + "=" * (-len(segments[0]) % 4)))
    except (ValueError, RecursionError):
        raise AnswerRefused("bad_answer_signature", "the signed answer's header is unreadable") from None
    if (not isinstance(header, dict) or header.get("alg") != ALG or header.get("typ") != typ
            or not isinstance(header.get("kid"), str) or (header.get("b64") is False) != detached):
        raise AnswerRefused("bad_answer_signature", f"not a {typ} (need alg {ALG} and a kid)")
    return header


def _key_for(header: dict[str, Any], keys: KeySet):
    key = keys.public_key(header["kid"])
    if key is None:
        raise AnswerRefused("unknown_answer_key", f"signed by answer key {header['kid'][:12]}…, which this station does not trust")
    return key


def verify(token: Any, typ: str, keys: KeySet) -> tuple[dict[str, Any], bytes]:
    """(header, payload bytes) once the signature over the raw token holds for a key in `keys`."""
    header = header_of(token, typ)
    key = _key_for(header, keys)
    try:
        decoded = _jws.decode_complete(token, key=key, algorithms=[ALG])
    except jwt.PyJWTError:
        raise AnswerRefused("bad_answer_signature", "the answer's signature does not hold") from None
    return header, decoded["payload"]


def sign_detached(key: SigningKey, typ: str, document: Mapping[str, Any]) -> dict[str, str]:
    """{"payload": canonical JSON text, "sig": JWS with the payload detached and unencoded} — how the
    records travel (RFC 7797), so a large answer is neither base64-encoded nor scanned twice."""
    payload = canonical(document)
    sig = _jws.encode(payload, key.private_key, algorithm=ALG, headers={"kid": key.kid, "typ": typ},
                      is_payload_detached=True)
    return {"payload": payload.decode("utf-8"), "sig": sig}


def verify_detached(signed: Any, typ: str, keys: KeySet) -> tuple[dict[str, Any], bytes]:
    """(header, payload bytes) of a `sign_detached` answer once its signature holds for a key in `keys`."""
    if not isinstance(signed, Mapping) or not isinstance(signed.get("payload"), str) or not isinstance(
            signed.get("sig"), str):
        raise AnswerRefused("unsigned_answer", "not a signed answer (no payload and signature)")
    header = header_of(signed["sig"], typ, detached=True)
    key = _key_for(header, keys)
    try:
        payload = signed["payload"].encode("utf-8")
        _jws.decode_complete(signed["sig"], key=key, algorithms=[ALG], detached_payload=payload)
    except (jwt.PyJWTError, UnicodeEncodeError):
        raise AnswerRefused("bad_answer_signature", "the answer's signature does not hold") from None
    return header, payload


def load_document(payload: bytes, fmt: str) -> dict[str, Any]:
    """A verified payload as a document of `fmt`, version checked (answer_version otherwise)."""
    try:
        document = json.loads(payload)
    except (ValueError, RecursionError):  # RecursionError: nesting deeper than any answer of ours
        raise AnswerRefused("answer_version", "the signed answer is not JSON") from None
    if not isinstance(document, dict) or document.get("format") != fmt or document.get("version") != VERSION:
        got = (document.get("format"), document.get("version")) if isinstance(document, dict) else None
        raise AnswerRefused("answer_version", f"a signed answer this station cannot read: {got!r}, need {fmt} {VERSION}")
    return document


def check_results(results: Any) -> list[dict[str, Any]]:
    """The per-record entries of a verified document, checked for shape."""
    if not isinstance(results, list):
        raise AnswerRefused("answer_version", "the signed answer has no results list")
    for item in results:
        if (not isinstance(item, dict) or not _opt(item.get("id"), str) or not _opt(item.get("hash"), str)
                or not (item.get("seq") is None or (isinstance(item["seq"], int) and not isinstance(item["seq"], bool)))
                or item.get("status") not in STATUSES or not _opt(item.get("reason"), str)
                or not isinstance(item.get("flags", []), list)):
            raise AnswerRefused("answer_version", f"the signed answer has a malformed result: {str(item)[:120]}")
    return results


def _opt(value: Any, kind: type) -> bool:
    return value is None or isinstance(value, kind)


# --- the answer-key chain --------------------------------------------------------------------------


@dataclass(frozen=True)
class ChainLink:
    token: str
    kid: str
    x: str
    iat: int
    signer: str  # the kid whose key signed this link (its own kid for the first)

    @property
    def jwk(self) -> dict[str, str]:
        return {"kty": "OKP", "crv": "Ed25519", "x": self.x, "kid": self.kid, "use": "sig", "alg": ALG}


def endorse(signer: SigningKey, new: SigningKey, iat: int) -> str:
    """The chain link that signs `new` in; `signer is new` for the first key of a chain."""
    return _jws.encode(canonical({"jwk": new.public_jwk(), "iat": int(iat)}), signer.private_key, algorithm=ALG,
                       headers={"kid": signer.kid, "typ": KEY_TYP})


def _unverified_link(token: Any) -> ChainLink:
    header = header_of(token, KEY_TYP)
    try:
        body = json.loads(_jws.decode_complete(token, options={"verify_signature": False})["payload"])
        jwk, iat = body["jwk"], body["iat"]
        keyset = KeySet.from_jwks({"keys": [jwk]})
    except (jwt.PyJWTError, ValueError, KeyError, TypeError, KeySetError, RecursionError):
        raise AnswerRefused("bad_answer_signature", "an answer-key link is unreadable") from None
    if not isinstance(iat, int) or isinstance(iat, bool):
        raise AnswerRefused("bad_answer_signature", "an answer-key link has no time")
    return ChainLink(token, keyset.kids[0], jwk["x"], iat, header["kid"])


def _signed_by(link: ChainLink, key: ChainLink) -> bool:
    if link.signer != key.kid:
        return False
    try:
        _jws.decode_complete(link.token, key=KeySet.from_jwks({"keys": [key.jwk]}).public_key(key.kid),
                             algorithms=[ALG])
    except jwt.PyJWTError:
        return False
    return True


class AnswerKeyChain:
    """The central's answer keys as one station trusts them, oldest first; built only by
    `first_use` (the enrolment answer) and `extend` (links signed by a key already trusted)."""

    def __init__(self, links: Sequence[ChainLink]):
        if not links:
            raise AnswerRefused("unknown_answer_key", "an empty answer-key chain")
        self.links = tuple(links)

    @classmethod
    def first_use(cls, tokens: Any) -> AnswerKeyChain:
        """Trust the chain's first key as given (the enrolment's own trust on first use) and
        whatever that key, and each key after it, signed in."""
        if not isinstance(tokens, list) or not tokens or len(tokens) > MAX_CHAIN:
            raise AnswerRefused("unknown_answer_key", "no answer-key chain (a central that does not sign answers)")
        first = _unverified_link(tokens[0])
        if not _signed_by(first, first):
            raise AnswerRefused("bad_answer_signature", "the first answer key does not sign itself")
        return cls([first]).extend(tokens)

    @classmethod
    def from_json(cls, tokens: Any) -> AnswerKeyChain:
        """What `to_json` wrote; every link is checked again."""
        chain = cls.first_use(tokens)
        if len(chain.links) != len(tokens):
            raise AnswerRefused("bad_answer_signature", "a stored answer-key chain does not hold")
        return chain

    def to_json(self) -> list[str]:
        return [link.token for link in self.links]

    @property
    def newest(self) -> ChainLink:
        return self.links[-1]

    def extend(self, tokens: Iterable[Any]) -> AnswerKeyChain:
        """This chain plus the links of `tokens` after our newest key, each signed by the one before.
        Reading stops at the first link that does not hold; nothing before it is ever replaced."""
        offered = list(tokens)[:MAX_CHAIN] if isinstance(tokens, list) else []
        links = list(self.links)
        start = None
        for index, token in enumerate(offered):
            try:
                link = _unverified_link(token)
            except AnswerRefused:
                continue
            if link.kid == self.newest.kid and link.x == self.newest.x:
                start = index + 1
                break
        if start is None:
            return self
        for token in offered[start:]:
            try:
                link = _unverified_link(token)
            except AnswerRefused:
                break
            if any(known.kid == link.kid for known in links) or not _signed_by(link, links[-1]):
                break
            links.append(link)
        return AnswerKeyChain(links) if len(links) > len(self.links) else self

    def trusted(self, now: float) -> KeySet:
        """The newest key, and older ones whose successor was signed in less than OVERLAP_SECONDS ago."""
        keep = [self.newest]
        for older, successor in zip(self.links, self.links[1:], strict=False):
            if successor.iat >= now - OVERLAP_SECONDS:
                keep.append(older)
        return KeySet.from_jwks({"keys": [link.jwk for link in keep]})
