"""The station's data key: one random 256-bit key, kept in `data_key.json` in the data folder.

Two states:
- **unprotected** — the key is stored as is. A fresh station is born this way so the command line
  works on a new data folder with no passphrase; the window forces a passphrase at first start and
  the command line warns on stderr while the station stays in this state.
- **protected** — the key is wrapped (AES-256-GCM) under a key derived from the operator's
  passphrase with scrypt; salt and cost parameters are stored beside it and are themselves
  authenticated (they are the associated data), so they cannot be edited without the unwrap failing.

Sub-keys are derived from the data key with HKDF-SHA256 (one label per use), so the details
cipher and the device-key wrapping never share a key. Changing the passphrase rewrites this one
small file; no record is re-encrypted and the device key file is untouched.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from desktop.privacy.details_cipher import DetailsCipher
from furusato.keys import atomic_write

FILE_NAME = "data_key.json"
FORMAT = "furusato-field-data-key"
VERSION = 1
# scrypt N=2^17, r=8, p=1: 128 MiB and ~0.8 s on the development machine (docs/SECURITY.md).
DEFAULT_SCRYPT = {"n": 2**17, "r": 8, "p": 1}
MIN_SCRYPT_N = 2**14  # a file asking for less is refused as tampered or broken
MAX_SCRYPT_N = 2**20
MAX_SCRYPT_MEMORY = 512 * 1024 * 1024
MIN_PASSPHRASE_CHARS = 8


class KeyStoreError(Exception):
    pass


class KeyStoreMissing(KeyStoreError):
    pass


class KeyStoreCorrupt(KeyStoreError):
    pass


class PassphraseRequired(KeyStoreError):
    """The station is protected and no passphrase was given."""


class WrongPassphrase(KeyStoreError):
    pass


class WeakPassphrase(KeyStoreError):
    pass


def key_file(root: Path) -> Path:
    return Path(root) / FILE_NAME


def _b64e(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64d(text: Any) -> bytes:
    if not isinstance(text, str):
        raise KeyStoreCorrupt("expected a base64 string")
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError) as exc:
        raise KeyStoreCorrupt("bad base64 in key file") from exc


def _canonical(obj: Any) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode("ascii")


def normalize_passphrase(passphrase: str) -> bytes:
    # NFC so the same passphrase typed through different input methods derives the same key.
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def check_passphrase_policy(passphrase: str) -> None:
    if not isinstance(passphrase, str) or len(passphrase.strip()) < MIN_PASSPHRASE_CHARS:
        raise WeakPassphrase(f"a passphrase needs at least {MIN_PASSPHRASE_CHARS} characters")


def _derive_kek(passphrase: str, salt: bytes, params: dict[str, int]) -> bytes:
    n, r, p = params["n"], params["r"], params["p"]
    return hashlib.scrypt(
        normalize_passphrase(passphrase), salt=salt, n=n, r=r, p=p, maxmem=MAX_SCRYPT_MEMORY + 64 * 1024 * 1024, dklen=32
    )


@dataclass(frozen=True)
class DataKey:
    """The unlocked data key. Hand out derived keys, never the raw key."""

    key_id: str
    _key: bytes

    def __repr__(self) -> str:  # never print key material
        return f"DataKey(key_id={self.key_id!r})"

    def _subkey(self, label: str) -> bytes:
        return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=f"furusato-field/{label}".encode()).derive(
            self._key
        )

    def details_cipher(self) -> DetailsCipher:
        return DetailsCipher(self._subkey("details/v1"))

    def person_key_secret(self) -> bytes:
        """Keys the pseudonym of hand-recorded people, so a copied ledger confirms no guessed name."""
        return self._subkey("person-key/v1")

    def search_secret(self) -> bytes:
        """Keys the search index of the sealed details (desktop/store/search_index.py)."""
        return self._subkey("search/v1")

    def device_key_passphrase(self) -> bytes:
        """The passphrase for `furusato.keys.save_private_key/load_private_key` of the device key."""
        return _b64e(self._subkey("device-key/v1")).encode("ascii")


@dataclass(frozen=True)
class KeyStoreInfo:
    protected: bool
    key_id: str
    kdf: dict[str, Any] | None


def _read(root: Path) -> dict[str, Any]:
    path = key_file(root)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise KeyStoreMissing(f"no data key file at {path}") from None
    try:
        doc = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise KeyStoreCorrupt(f"{path} is not JSON") from exc
    if not isinstance(doc, dict) or doc.get("format") != FORMAT or doc.get("version") != VERSION:
        raise KeyStoreCorrupt(f"{path} is not a version {VERSION} data key file")
    if doc.get("state") not in ("protected", "unprotected") or not isinstance(doc.get("key_id"), str):
        raise KeyStoreCorrupt(f"{path} has no valid state or key id")
    return doc


def _write(root: Path, doc: dict[str, Any]) -> None:
    atomic_write(key_file(root), (json.dumps(doc, indent=2, sort_keys=True) + "\n").encode("ascii"), 0o600)


def _header(key_id: str, kdf: dict[str, Any]) -> dict[str, Any]:
    return {"format": FORMAT, "version": VERSION, "state": "protected", "key_id": key_id, "kdf": kdf}


def _wrap(key_id: str, data_key: bytes, passphrase: str, scrypt_params: dict[str, int]) -> dict[str, Any]:
    salt = os.urandom(16)
    kdf = {"name": "scrypt", "salt": _b64e(salt), **scrypt_params}
    header = _header(key_id, kdf)
    nonce = os.urandom(12)
    wrapped = AESGCM(_derive_kek(passphrase, salt, scrypt_params)).encrypt(nonce, data_key, _canonical(header))
    return {**header, "wrap": {"alg": "A256GCM", "nonce": _b64e(nonce), "ciphertext": _b64e(wrapped)}}


def _unwrap(doc: dict[str, Any], passphrase: str) -> bytes:
    kdf, wrap = doc.get("kdf"), doc.get("wrap")
    if not isinstance(kdf, dict) or not isinstance(wrap, dict) or kdf.get("name") != "scrypt":
        raise KeyStoreCorrupt("protected key file without scrypt parameters")
    params = {k: kdf.get(k) for k in ("n", "r", "p")}
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in params.values()):
        raise KeyStoreCorrupt("bad scrypt parameters")
    n, r, p = params["n"], params["r"], params["p"]
    if not (MIN_SCRYPT_N <= n <= MAX_SCRYPT_N and n & (n - 1) == 0 and 1 <= r <= 32 and 1 <= p <= 16):
        raise KeyStoreCorrupt("scrypt parameters out of range")
    if 128 * r * n > MAX_SCRYPT_MEMORY or n * r * p > 2**24:  # an edited file must not exhaust the laptop
        raise KeyStoreCorrupt("scrypt parameters out of range")
    salt, nonce, ciphertext = _b64d(kdf.get("salt")), _b64d(wrap.get("nonce")), _b64d(wrap.get("ciphertext"))
    if len(salt) < 16 or len(nonce) != 12 or wrap.get("alg") != "A256GCM":
        raise KeyStoreCorrupt("bad wrapping parameters")
    header = _header(doc["key_id"], kdf)
    try:
        key = AESGCM(_derive_kek(passphrase, salt, params)).decrypt(nonce, ciphertext, _canonical(header))
    except InvalidTag:
        raise WrongPassphrase("wrong passphrase") from None
    if len(key) != 32:
        raise KeyStoreCorrupt("wrapped key has the wrong length")
    return key


# --- public API --------------------------------------------------------------------------------


def exists(root: Path) -> bool:
    return key_file(root).exists()


def info(root: Path) -> KeyStoreInfo:
    doc = _read(root)
    kdf = doc.get("kdf") if doc["state"] == "protected" else None
    return KeyStoreInfo(doc["state"] == "protected", doc["key_id"], {k: v for k, v in (kdf or {}).items() if k != "salt"} or None)


def is_protected(root: Path) -> bool:
    return info(root).protected


def create(root: Path, passphrase: str | None = None, *, scrypt_params: dict[str, int] | None = None) -> DataKey:
    """Make a new data key; refuses to replace an existing one (that would orphan every sealed blob)."""
    if exists(root):
        raise FileExistsError(f"refusing to replace the data key file {key_file(root)}")
    key, key_id = os.urandom(32), _b64e(os.urandom(9))
    if passphrase is None:
        doc = {"format": FORMAT, "version": VERSION, "state": "unprotected", "key_id": key_id, "key": _b64e(key)}
    else:
        check_passphrase_policy(passphrase)
        doc = _wrap(key_id, key, passphrase, scrypt_params or DEFAULT_SCRYPT)
    _write(root, doc)
    return DataKey(key_id, key)


def unlock(root: Path, passphrase: str | None) -> DataKey:
    """The data key. Unprotected: the passphrase is ignored. Protected: PassphraseRequired / WrongPassphrase."""
    doc = _read(root)
    if doc["state"] == "unprotected":
        key = _b64d(doc.get("key"))
        if len(key) != 32:
            raise KeyStoreCorrupt("stored key has the wrong length")
        return DataKey(doc["key_id"], key)
    if not passphrase:
        raise PassphraseRequired("this station's personal data is protected by a passphrase")
    return DataKey(doc["key_id"], _unwrap(doc, passphrase))


def set_passphrase(
    root: Path, new_passphrase: str, *, old_passphrase: str | None = None, scrypt_params: dict[str, int] | None = None
) -> DataKey:
    """Protect an unprotected station, or change the passphrase of a protected one (needs the old one).

    Only the wrapping changes: the data key — hence every sealed record and the device key file — stays."""
    check_passphrase_policy(new_passphrase)
    current = unlock(root, old_passphrase)
    _write(root, _wrap(current.key_id, current._key, new_passphrase, scrypt_params or DEFAULT_SCRYPT))
    return current
