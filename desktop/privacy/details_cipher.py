"""AES-256-GCM sealing of personal-details blobs, shaped as the ledger's `DetailsCodec`.

Stored form (ASCII, fits the TEXT column): ``v1.<nonce>.<ciphertext+tag>``, both parts unpadded
base64url; the nonce is 96 random bits per blob. The associated data binds each blob to its
record id, so a blob copied onto another record's row does not open. `unseal` refuses anything
that is not an intact blob made with this key for this record — it never returns partial data or
passes text through unchanged.
"""

from __future__ import annotations

import base64
import binascii
import os
import re

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

VERSION = "v1"
NONCE_BYTES = 12
TAG_BYTES = 16
KEY_BYTES = 32
_AAD_PREFIX = b"furusato-field/details/v1\x00"
# A well-formed v1 blob: three dot-separated fields, base64url without padding, nonce exactly 16 chars.
_BLOB_RE = re.compile(r"v1\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{22,})")
MAX_STORED_CHARS = 1_000_000  # far above any real details blob; refuses absurd input cheaply


class DetailsUnreadable(ValueError):
    """A stored blob that cannot be opened: wrong key, wrong record, tampered, or not a blob at all.

    The message never includes the stored text."""


def _b64e(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64d(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _aad(record_id: str | None) -> bytes:
    # Before the ledger passes record ids (see docs/SECURITY.md, wiring) blobs are bound to "" only.
    return _AAD_PREFIX + (record_id or "").encode("utf-8")


def is_sealed(stored: str | None) -> bool:
    """True if the text has the shape of a sealed blob (says nothing about whether it opens)."""
    return isinstance(stored, str) and _BLOB_RE.fullmatch(stored) is not None


class DetailsCipher:
    def __init__(self, key: bytes):
        if not isinstance(key, bytes | bytearray) or len(key) != KEY_BYTES:
            raise ValueError("the details key must be 32 bytes")
        self._aead = AESGCM(bytes(key))

    def seal(self, data: bytes, record_id: str | None = None) -> str:
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._aead.encrypt(nonce, bytes(data), _aad(record_id))
        return f"{VERSION}.{_b64e(nonce)}.{_b64e(sealed)}"

    def unseal(self, stored: str, record_id: str | None = None) -> bytes:
        if not isinstance(stored, str) or len(stored) > MAX_STORED_CHARS:
            raise DetailsUnreadable("not a sealed details blob")
        match = _BLOB_RE.fullmatch(stored)
        if match is None:
            raise DetailsUnreadable("not a sealed details blob (unknown version or malformed)")
        try:
            nonce, sealed = _b64d(match.group(1)), _b64d(match.group(2))
        except (binascii.Error, ValueError):
            raise DetailsUnreadable("not a sealed details blob (bad encoding)") from None
        if len(nonce) != NONCE_BYTES or len(sealed) < TAG_BYTES:
            raise DetailsUnreadable("not a sealed details blob (bad lengths)")
        if _b64e(sealed) != match.group(2):  # one spelling per blob: no stray padding bits
            raise DetailsUnreadable("not a sealed details blob (non-canonical encoding)")
        try:
            return self._aead.decrypt(nonce, sealed, _aad(record_id))
        except InvalidTag:
            raise DetailsUnreadable("details do not open with this key for this record") from None

    def codec(self):
        """A `desktop.store.ledger.DetailsCodec`: (seal(bytes[, record_id]) -> str, unseal(str[, record_id]) -> bytes)."""
        return (self.seal, self.unseal)
