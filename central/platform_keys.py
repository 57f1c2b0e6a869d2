"""The platform's card-signing keys: made on first use, rotated on demand, published as a JWKS.

Private keys are kept in the database as PKCS#8 PEM wrapped under the operator's master key
(`central/vault.py`, label `platform-key/v1|<kid>`): a copy of the database cannot sign a card.
A real platform would keep them in an HSM (the master key can be one, through the KMS hook of
`central/master_key.py`). After rotation the retired key stays in the
published JWKS for RETIRED_GRACE_DAYS, so stations that have not synced yet still trust cards
signed before the rotation; cards keep the kid they were signed with.
"""

from __future__ import annotations

from datetime import timedelta

from cryptography.hazmat.primitives import serialization
from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection

from central import clock, vault
from central.store.tables import platform_keys
from furusato.keys import SigningKey

PLATFORM_ID = "furusato-central"
RETIRED_GRACE_DAYS = 400  # longer than a default card (365 days) plus the verification skew


def private_pem(key: SigningKey) -> str:
    """The key as PKCS#8 PEM, in the clear: for wrapping (central/vault.py), never for storing as is."""
    return key.private_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode("ascii")


def load_private_pem(pem: str) -> SigningKey:
    return SigningKey.from_private_key(serialization.load_pem_private_key(pem.encode("ascii"), password=None))


def _create(conn: Connection) -> SigningKey:
    key = SigningKey.generate()
    conn.execute(
        insert(platform_keys).values(
            kid=key.kid, private_pem=vault.of(conn).wrap_signing_key(key, vault.platform_key_label(key.kid)),
            public_jwk=key.public_jwk(), created_at=clock.iso()
        )
    )
    return key


def active_key(conn: Connection, *, create: bool = True) -> SigningKey | None:
    """The newest unretired key; one is made when there is none and `create` is set."""
    row = conn.execute(
        select(platform_keys.c.kid, platform_keys.c.private_pem)
        .where(platform_keys.c.retired_at.is_(None))
        .order_by(platform_keys.c.created_at.desc(), platform_keys.c.kid)
        .limit(1)
    ).first()
    if row is not None:
        return vault.of(conn).open_signing_key(row.private_pem, vault.platform_key_label(row.kid))
    return _create(conn) if create else None


def rotate(conn: Connection) -> dict:
    """Retire every active key and make a new one; returns {"active": kid, "retired": [kids]}."""
    retired = list(conn.execute(select(platform_keys.c.kid).where(platform_keys.c.retired_at.is_(None))).scalars())
    conn.execute(update(platform_keys).where(platform_keys.c.retired_at.is_(None)).values(retired_at=clock.iso()))
    key = _create(conn)
    return {"active": key.kid, "retired": retired}


def public_jwks(conn: Connection) -> dict:
    """Active keys and those retired within the grace period, newest first."""
    cutoff = clock.iso(clock.now() - timedelta(days=RETIRED_GRACE_DAYS))
    rows = conn.execute(
        select(platform_keys.c.public_jwk, platform_keys.c.retired_at).order_by(platform_keys.c.created_at.desc())
    ).all()
    return {"keys": [dict(r.public_jwk) for r in rows if r.retired_at is None or r.retired_at >= cutoff]}
