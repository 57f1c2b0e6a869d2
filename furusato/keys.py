"""Ed25519 signing keys named by their RFC 7638 thumbprint, and the JWKS sets that travel between systems.

The platform signs registration cards and each station signs activity codes and its ledger with
one of these. Public halves travel as a JWKS (RFC 7517); a `KeySet` is what a verifier trusts.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from furusato import safe_json

ALG = "EdDSA"
# A platform publishes a handful of keys; a JWKS file of megabytes or deep nesting is not one.
JWKS_FILE_LIMITS = safe_json.Limits(max_bytes=1024 * 1024, max_depth=4, max_string=4096)
_X_RE = re.compile(r"[A-Za-z0-9_-]{43}")  # 32 raw bytes, unpadded base64url


class KeySetError(ValueError):
    """A JWKS (or a file meant to hold one) that cannot serve as a set of trusted keys."""


class KeyFileError(ValueError):
    """A private-key file that cannot be read: wrong passphrase, not PEM, or not Ed25519."""


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _raw_public(public_key: Ed25519PublicKey) -> bytes:
    return public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def thumbprint(public_key: Ed25519PublicKey) -> str:
    """RFC 7638 thumbprint: SHA-256 over the required members in lexicographic order, no whitespace."""
    canonical = json.dumps(
        {"crv": "Ed25519", "kty": "OKP", "x": _b64url(_raw_public(public_key))},
        separators=(",", ":"),
        sort_keys=True,
    )
    return _b64url(hashlib.sha256(canonical.encode("ascii")).digest())


def public_jwk(public_key: Ed25519PublicKey, kid: str | None = None) -> dict[str, str]:
    return {
        "kty": "OKP",
        "crv": "Ed25519",
        "x": _b64url(_raw_public(public_key)),
        "kid": kid or thumbprint(public_key),
        "use": "sig",
        "alg": ALG,
    }


@dataclass(frozen=True)
class SigningKey:
    private_key: Ed25519PrivateKey
    kid: str

    @classmethod
    def generate(cls) -> SigningKey:
        return cls.from_private_key(Ed25519PrivateKey.generate())

    @classmethod
    def from_private_key(cls, private_key: Ed25519PrivateKey) -> SigningKey:
        return cls(private_key, thumbprint(private_key.public_key()))

    @property
    def public_key(self) -> Ed25519PublicKey:
        return self.private_key.public_key()

    def public_jwk(self) -> dict[str, str]:
        return public_jwk(self.public_key, self.kid)

    def jwks(self) -> dict[str, list[dict[str, str]]]:
        return jwks([self])

    def sign(self, data: bytes) -> bytes:
        """Detached Ed25519 signature (the ledger signs canonical payloads this way)."""
        return self.private_key.sign(data)


def generate_key() -> SigningKey:
    return SigningKey.generate()


def jwks(keys: Iterable[SigningKey | Ed25519PublicKey]) -> dict[str, list[dict[str, str]]]:
    out = []
    for key in keys:
        out.append(key.public_jwk() if isinstance(key, SigningKey) else public_jwk(key))
    return {"keys": out}


# --- files ---------------------------------------------------------------------------------------


def atomic_write(path: Path, data: bytes, mode: int) -> None:
    # Temp file in the same folder + fsync + rename: a crash leaves the old file or the new one,
    # never half a key. The mode is set at creation so a private key is never briefly world-readable.
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.chmod(tmp, mode)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    if os.name == "posix":
        # The rename itself is only durable once the directory entry is flushed.
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def save_private_key(
    key: SigningKey,
    path: str | os.PathLike[str],
    passphrase: bytes | str | None = None,
    *,
    overwrite: bool = False,
) -> None:
    """PKCS#8 PEM, mode 0600. Refuses to replace an existing key unless told: losing a device key
    orphans every ledger record it signed."""
    path = Path(path)
    if not overwrite and path.exists():
        raise FileExistsError(f"refusing to overwrite existing key file {path}")
    if isinstance(passphrase, str):
        passphrase = passphrase.encode("utf-8")
    encryption: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(passphrase) if passphrase else serialization.NoEncryption()
    )
    pem = key.private_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
    )
    atomic_write(path, pem, 0o600)


def load_private_key(path: str | os.PathLike[str], passphrase: bytes | str | None = None) -> SigningKey:
    if isinstance(passphrase, str):
        passphrase = passphrase.encode("utf-8")
    data = Path(path).read_bytes()
    try:
        private_key = serialization.load_pem_private_key(data, password=passphrase or None)
    except (ValueError, TypeError) as exc:
        # cryptography says TypeError for "needs a passphrase" and ValueError for a wrong one.
        raise KeyFileError(f"cannot load private key from {path}: {exc}") from exc
    if not isinstance(private_key, Ed25519PrivateKey):
        raise KeyFileError(f"{path} holds a {type(private_key).__name__}, not an Ed25519 key")
    return SigningKey.from_private_key(private_key)


def save_jwks(path: str | os.PathLike[str], keyset: Mapping[str, Any]) -> None:
    """Write a JWKS after checking it parses, so a bad set never replaces a good one."""
    KeySet.from_jwks(keyset)
    atomic_write(Path(path), (json.dumps(keyset, indent=2) + "\n").encode("utf-8"), 0o644)


# --- trusted sets --------------------------------------------------------------------------------


def _parse_jwk(entry: Any, index: int) -> tuple[str, jwt.PyJWK]:
    where = f"keys[{index}]"
    if not isinstance(entry, Mapping):
        raise KeySetError(f"{where} is not a JSON object")
    if "d" in entry:
        raise KeySetError(f"{where} carries private key material ('d'); publish only the public half")
    if entry.get("kty") != "OKP" or entry.get("crv") != "Ed25519":
        raise KeySetError(f"{where} is not an Ed25519 key (need kty OKP, crv Ed25519)")
    kid = entry.get("kid")
    if not isinstance(kid, str) or not kid:
        raise KeySetError(f"{where} has no 'kid'")
    x = entry.get("x")
    if not isinstance(x, str) or not _X_RE.fullmatch(x):
        raise KeySetError(f"{where} ({kid}) has a malformed 'x'")
    if entry.get("use", "sig") != "sig":
        raise KeySetError(f"{where} ({kid}) has use {entry.get('use')!r}, not 'sig'")
    if entry.get("alg", ALG) != ALG:
        raise KeySetError(f"{where} ({kid}) has alg {entry.get('alg')!r}, not {ALG!r}")
    try:
        return kid, jwt.PyJWK(dict(entry), algorithm=ALG)
    except jwt.PyJWTError as exc:
        raise KeySetError(f"{where} ({kid}) is not a usable key: {exc}") from exc


class KeySet:
    """Public keys a verifier trusts, by kid. Several at once so keys can rotate without a gap."""

    def __init__(self, keys: Mapping[str, jwt.PyJWK] | None = None) -> None:
        self._keys: dict[str, jwt.PyJWK] = dict(keys or {})

    @classmethod
    def of(cls, *keys: SigningKey | Ed25519PublicKey) -> KeySet:
        return cls.from_jwks(jwks(keys))

    @classmethod
    def from_jwks(cls, data: Any) -> KeySet:
        if not isinstance(data, Mapping) or not isinstance(data.get("keys"), list):
            raise KeySetError('a JWKS must be a JSON object with a "keys" list')
        keys: dict[str, jwt.PyJWK] = {}
        for index, entry in enumerate(data["keys"]):
            kid, key = _parse_jwk(entry, index)
            if kid in keys:
                # Two keys under one kid would make the answer depend on order.
                raise KeySetError(f"kid {kid!r} appears more than once")
            keys[kid] = key
        return cls(keys)

    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> KeySet:
        """The key set in a JWKS file, read within JWKS_FILE_LIMITS (size, nesting, strict UTF-8)."""
        try:
            data = safe_json.load_file(path, JWKS_FILE_LIMITS, "the key set")
        except OSError as exc:
            raise KeySetError(f"cannot read key set {path}: {exc}") from exc
        except safe_json.JSONRefused as exc:
            raise KeySetError(f"{path}: {exc}") from exc
        try:
            return cls.from_jwks(data)
        except KeySetError as exc:
            raise KeySetError(f"{path}: {exc}") from exc

    def get(self, kid: str) -> jwt.PyJWK | None:
        return self._keys.get(kid) if isinstance(kid, str) else None

    def public_key(self, kid: str) -> Ed25519PublicKey | None:
        found = self._keys.get(kid)
        return found.key if found is not None else None

    def without(self, kid: str) -> KeySet:
        return KeySet({k: v for k, v in self._keys.items() if k != kid})

    def to_jwks(self) -> dict[str, list[dict[str, str]]]:
        return {"keys": [public_jwk(key.key, kid) for kid, key in self._keys.items()]}

    @property
    def kids(self) -> tuple[str, ...]:
        return tuple(self._keys)

    def __contains__(self, kid: object) -> bool:
        return isinstance(kid, str) and kid in self._keys

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def __repr__(self) -> str:
        return f"KeySet({list(self._keys)!r})"
