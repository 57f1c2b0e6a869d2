"""The master key the operator supplies: it wraps every key the central keeps in its database (the
local governments' data keys, the platform's card-signing keys, the pseudonym secret), so a copy of
the database alone opens nothing.

The interface (`MasterKey`) is three members, so that a KMS or an HSM can stand behind it:

- `key_id: str` — names the key a new wrap is made with (it is written into every wrapped blob);
- `wrap(secret: bytes, label: str) -> str` — an ASCII blob; `label` (e.g. `data-key/v1|011002|<id>`)
  must be bound to it (AES-GCM associated data, or a KMS's encryption context);
- `unwrap(blob: str, label: str) -> bytes` — the secret back, `MasterKeyError` if the blob was not
  wrapped by this master key for this label.

Where the key comes from (`resolve`), first match wins:

1. `FURUSATO_CENTRAL_KMS=package.module:factory` — `factory()` returns such an object (a KMS hook);
2. `FURUSATO_CENTRAL_MASTER_KEY` — 32 random bytes, base64url (`furusato-central rotate-master-key`
   prints none; make one with `python -c "import secrets,base64;print(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())"`);
3. `FURUSATO_CENTRAL_MASTER_KEY_FILE` — a key file (below), created 0600 if absent;
4. by default a key file beside a SQLite database (`central.sqlite3.master-key`), or in the user
   data folder for any other database — created on first use with a warning on stderr: a copy of
   the folder that holds both the database and this file is not protected. Keep it elsewhere
   (option 3) once the central holds real data.

A key file is JSON `{"format": "furusato-central-master-key", "version": 1, "active": ID,
"keys": {ID: base64url}}`, mode 0600; it can hold several keys while a rotation is under way.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import importlib
import json
import os
import secrets
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Protocol, runtime_checkable

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy.engine import make_url

ENV_KMS = "FURUSATO_CENTRAL_KMS"
ENV_KEY = "FURUSATO_CENTRAL_MASTER_KEY"
ENV_FILE = "FURUSATO_CENTRAL_MASTER_KEY_FILE"
FILE_FORMAT = "furusato-central-master-key"
BLOB_PREFIX = "mk1"
DEFAULT_FILE_SUFFIX = ".master-key"
DEFAULT_FILE_NAME = "central.master-key"


class MasterKeyError(ValueError):
    """A master key that cannot be had, or a blob it did not wrap."""


@runtime_checkable
class MasterKey(Protocol):
    key_id: str

    def wrap(self, secret: bytes, label: str) -> str: ...

    def unwrap(self, blob: str, label: str) -> bytes: ...


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def key_id_of(key: bytes) -> str:
    """A name for a key that reveals nothing of it (HMAC of a fixed label under the key)."""
    return _b64(hmac.new(key, b"furusato-central master key id", hashlib.sha256).digest()[:12])


def blob_key_id(blob: str) -> str | None:
    """The master key id a blob names, or None when it is not a wrapped blob."""
    parts = blob.split(":") if isinstance(blob, str) else []
    return parts[1] if len(parts) == 3 and parts[0] == BLOB_PREFIX else None


class KeyRing:
    """One or more 256-bit AES keys in memory; wraps with the active one, unwraps with whichever a
    blob names."""

    def __init__(self, keys: Mapping[str, bytes], active: str, source: str) -> None:
        if active not in keys or any(len(k) != 32 for k in keys.values()):
            raise MasterKeyError(f"{source}: not a usable master key")
        self._keys, self.key_id, self.source = dict(keys), active, source

    @classmethod
    def single(cls, key: bytes, source: str) -> KeyRing:
        return cls({key_id_of(key): key}, key_id_of(key), source)

    @property
    def key_ids(self) -> tuple[str, ...]:
        return tuple(self._keys)

    def wrap(self, secret: bytes, label: str) -> str:
        nonce = secrets.token_bytes(12)
        sealed = AESGCM(self._keys[self.key_id]).encrypt(nonce, secret, label.encode("utf-8"))
        return f"{BLOB_PREFIX}:{self.key_id}:{_b64(nonce + sealed)}"

    def unwrap(self, blob: str, label: str) -> bytes:
        key_id = blob_key_id(blob)
        if key_id is None:
            raise MasterKeyError("not a wrapped key")
        key = self._keys.get(key_id)
        if key is None:
            raise MasterKeyError(f"wrapped under master key {key_id}, which {self.source} does not hold")
        try:
            raw = _unb64(blob.split(":")[2])
            return AESGCM(key).decrypt(raw[:12], raw[12:], label.encode("utf-8"))
        except (InvalidTag, ValueError) as exc:
            raise MasterKeyError(f"a wrapped key does not open under master key {key_id} (label {label})") from exc


class KeyFile(KeyRing):
    """A key ring kept in a 0600 JSON file; rotation adds a key, makes it active, later drops the old."""

    def __init__(self, path: Path, keys: Mapping[str, bytes], active: str) -> None:
        super().__init__(keys, active, str(path))
        self.path = path

    @classmethod
    def load(cls, path: str | os.PathLike) -> KeyFile:
        path = Path(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            keys = {str(k): _unb64(v) for k, v in data["keys"].items()}
            if data.get("format") != FILE_FORMAT:
                raise ValueError("not a master key file")
            ring = cls(path, keys, data["active"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise MasterKeyError(f"cannot read the master key file {path}: {exc}") from exc
        if any(k != key_id_of(v) for k, v in keys.items()):
            raise MasterKeyError(f"{path}: a key id does not match its key (the file was edited)")
        return ring

    @classmethod
    def load_or_create(cls, path: str | os.PathLike, *, warn: str | None = None) -> KeyFile:
        """The key file at `path`, made (0600, atomically, never replacing one) when absent."""
        path = Path(path)
        if not path.exists():
            key = secrets.token_bytes(32)
            try:
                _write(path, {key_id_of(key): key}, key_id_of(key), exclusive=True)
                if warn:
                    sys.stderr.write(warn.format(path=path))
            except FileExistsError:
                pass  # another process made it a moment ago: use theirs
        return cls.load(path)

    def with_new_key(self) -> KeyFile:
        """This file with a fresh key added and made active (written before any blob uses it)."""
        key = secrets.token_bytes(32)
        keys = {**self._keys, key_id_of(key): key}
        _write(self.path, keys, key_id_of(key))
        return KeyFile(self.path, keys, key_id_of(key))

    def only_active(self) -> KeyFile:
        """This file without its retired keys (once no blob names them)."""
        keys = {self.key_id: self._keys[self.key_id]}
        _write(self.path, keys, self.key_id)
        return KeyFile(self.path, keys, self.key_id)


def _write(path: Path, keys: Mapping[str, bytes], active: str, *, exclusive: bool = False) -> None:
    body = json.dumps({"format": FILE_FORMAT, "version": 1, "active": active,
                       "keys": {k: _b64(v) for k, v in keys.items()}}, indent=1).encode("ascii") + b"\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.chmod(tmp, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(body)
            fh.flush()
            os.fsync(fh.fileno())
        if exclusive:
            os.link(tmp, path)  # fails if the file exists: a key file is never replaced by a new one
            os.unlink(tmp)
        else:
            os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def default_file(db_url: str) -> Path:
    """Beside a SQLite database file; else in the user data folder."""
    parsed = make_url(db_url)
    if parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database != ":memory:":
        database = Path(parsed.database).expanduser()
        return database.with_name(database.name + DEFAULT_FILE_SUFFIX)
    import platformdirs

    return Path(platformdirs.user_data_dir("furusato-central", appauthor=False)) / DEFAULT_FILE_NAME


DEFAULT_WARNING = (
    "furusato-central: warning: no master key configured; generated {path} (mode 0600). Whoever copies "
    "it together with the database can read the personal details: keep it apart and backed up, "
    f"or set {ENV_FILE} / {ENV_KEY} / {ENV_KMS} (docs/SECURITY.md).\n"
)


def resolve(db_url: str, environ: Mapping[str, str] | None = None) -> MasterKey:
    """The master key for the database at `db_url` (see the module's docstring for the order)."""
    environ = os.environ if environ is None else environ
    if environ.get(ENV_KMS):
        module_name, _, factory = environ[ENV_KMS].partition(":")
        try:
            hook = getattr(importlib.import_module(module_name), factory or "master_key")()
        except (ImportError, AttributeError) as exc:
            raise MasterKeyError(f"{ENV_KMS}={environ[ENV_KMS]}: {exc}") from exc
        if not isinstance(hook, MasterKey):
            raise MasterKeyError(f"{ENV_KMS}: the hook gave no object with key_id, wrap and unwrap")
        return hook
    if environ.get(ENV_KEY):
        try:
            key = _unb64(environ[ENV_KEY].strip())
        except ValueError as exc:
            raise MasterKeyError(f"{ENV_KEY} is not base64url") from exc
        if len(key) != 32:
            raise MasterKeyError(f"{ENV_KEY} must be 32 bytes (base64url), not {len(key)}")
        return KeyRing.single(key, ENV_KEY)
    if environ.get(ENV_FILE):
        return KeyFile.load_or_create(environ[ENV_FILE], warn="furusato-central: created the master key file "
                                                                "{path}; back it up.\n")
    return KeyFile.load_or_create(default_file(db_url), warn=DEFAULT_WARNING)
