"""One open station: its data folder, database, identity, trusted keys and activities.

The window, the command line and the tests all start here, so a station opened any way is
migrated, identified and seeded the same way.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.exc import OperationalError

from desktop import demo_card, demo_seed, device_identity, paths
from desktop.privacy import key_store, station_setup
from desktop.privacy.key_store import DataKey
from desktop.privacy.passphrase import open_data_key_for_cli
from desktop.store import migrate
from desktop.store.activities import ActivityStore
from desktop.store.db import make_engine
from desktop.store.ledger import Ledger, Signer
from desktop.store.station_meta import SERVER_URL, StationMeta
from desktop.store.tables import ledger as ledger_table
from furusato.activity import JST
from furusato.keys import KeySet, KeySetError, SigningKey
from furusato.manual_record import person_key as manual_person_key
from furusato.revocation import RevocationListError, load_revoked

log = logging.getLogger(__name__)


@dataclass
class Station:
    root: Path
    engine: Engine
    meta: StationMeta
    activities: ActivityStore
    ledger: Ledger
    signer: Signer
    data_key: DataKey
    trusted_keys: KeySet = field(default_factory=KeySet)
    revoked_subjects: frozenset[str] = frozenset()

    @classmethod
    def open(
        cls,
        root: Path | str | None = None,
        *,
        seed_demo: bool = True,
        now: datetime | None = None,
        data_key: DataKey | None = None,
    ) -> Station:
        """Open (creating on first start) the station in `root`. Without `data_key` the key is
        unlocked the command-line way: FURUSATO_FIELD_PASSPHRASE, a terminal prompt, or — on a
        station nobody has protected yet — no passphrase at all, with a warning."""
        root = paths.data_dir(root)
        db_file = paths.database_file(root)
        engine = make_engine(db_file)
        migrate.upgrade(engine, db_file, paths.backups_dir(root))
        meta = StationMeta(engine)
        if data_key is None:
            data_key = open_data_key_for_cli(root)
        _guard_privacy_state(root, meta)
        signer = device_identity.load_or_create(
            root, meta, ledger_is_empty=_ledger_is_empty(engine), data_key=data_key
        )
        cipher = data_key.details_cipher()
        if meta.get("details_format") != "v1":
            # Once per station: rows and backups written before encryption are sealed in place.
            station_setup.seal_legacy_details(engine, cipher)
            station_setup.seal_backup_files(paths.backups_dir(root), cipher)
            meta.set("details_format", "v1")
        activities = ActivityStore(engine)
        ledger = Ledger(engine, signer, cipher.codec())
        if seed_demo:
            demo_seed.seed_once(meta, activities, (now or datetime.now(JST)).date())
        station = cls(root, engine, meta, activities, ledger, signer, data_key)
        station.reload_trust()
        return station

    def reload_trust(self) -> None:
        """Re-read the platform keys and revocation list (after enrolment, a sync or an import).

        Until the station is enrolled it also trusts the demo key (desktop.demo_card); enrolment
        calls this, so the demo key is dropped the moment the station belongs to a central."""
        keys_file = paths.trusted_keys_file(self.root)
        try:
            platform_keys = KeySet.from_file(keys_file) if keys_file.exists() else KeySet()
        except KeySetError:
            # A damaged key file must not stop check-ins by hand; cards will be refused as unknown_key.
            log.exception("trusted key file unreadable; card scans will be refused until the next sync")
            platform_keys = KeySet()
        self.trusted_keys = demo_card.trusted_keys(platform_keys, enrolled=self.enrolled)
        try:
            self.revoked_subjects = load_revoked(paths.revocations_file(self.root))
        except RevocationListError:
            # Keep the previous list: reading a damaged file as "none revoked" would let revoked cards in.
            log.exception("revocation list unreadable; keeping the previous one")

    @property
    def signing_key(self) -> SigningKey:
        """The unlocked device key: the file on disk is encrypted, so nothing else should read it."""
        return SigningKey(self.signer.private_key, self.signer.kid)

    def manual_person_key(self, name: str, birth_date) -> str:
        """The pseudonym this station files a hand-recorded person under (same name and birth date,
        same key; unreadable without the data key)."""
        return manual_person_key(name, birth_date, self.data_key.person_key_secret())

    @property
    def local_government(self) -> str | None:
        return self.meta.get("local_government")

    @property
    def enrolled(self) -> bool:
        """Bound to a central (desktop.sync.enrollment): then only the central's keys are trusted."""
        return bool(self.meta.get(SERVER_URL))

    def close(self) -> None:
        self.engine.dispose()


def enrolled_at_rest(root: Path | str | None = None) -> bool:
    """Is the station in `root` enrolled? Read without unlocking or migrating it, for commands that
    need no key (`verify`, `demo-card`); a folder never opened is not enrolled."""
    db_file = paths.database_file(paths.data_dir(root))
    if not db_file.exists():
        return False
    engine = make_engine(db_file)
    try:
        return bool(StationMeta(engine).get(SERVER_URL))
    except OperationalError:  # no station_meta table yet
        return False
    finally:
        engine.dispose()


def _ledger_is_empty(engine: Engine) -> bool:
    with engine.connect() as conn:
        return conn.execute(select(ledger_table.c.seq).limit(1)).first() is None


class KeyFileSubstituted(key_store.KeyStoreError):
    pass


def _guard_privacy_state(root: Path, meta: StationMeta) -> None:
    """Once protected, always protected: an unprotected key file swapped into a protected station's
    folder (to have its next records written under a key the intruder holds) is refused."""
    if key_store.is_protected(root):
        if meta.get("privacy_state") != "protected":
            meta.set("privacy_state", "protected")
    elif meta.get("privacy_state") == "protected":
        raise KeyFileSubstituted(
            f"{key_store.key_file(root)} is not protected by a passphrase, but this station was: "
            "restore the data key file from a backup"
        )
