"""The station's own identity: a device id and the Ed25519 key that signs its ledger and codes.

The key is made on the first start, not at enrolment, so records made before the station ever
sees a network are already signed by the key the central will learn when it enrols. On disk it
is encrypted under a key derived from the station's data key, so it is exactly as protected as
the personal details (see docs/SECURITY.md).
"""

from __future__ import annotations

import uuid
from pathlib import Path

from desktop import paths
from desktop.privacy import station_setup
from desktop.privacy.key_store import DataKey
from desktop.store.ledger import Signer
from desktop.store.station_meta import StationMeta
from furusato.keys import generate_key, save_private_key


class DeviceKeyMissing(RuntimeError):
    pass


def load_or_create(root: Path, meta: StationMeta, *, ledger_is_empty: bool, data_key: DataKey) -> Signer:
    key_path = paths.device_key_file(root)
    if key_path.exists():
        key = station_setup.load_device_key(root, data_key)
        station_setup.protect_device_key(root, data_key)  # a key from before encryption is wrapped once
    elif ledger_is_empty:
        key = generate_key()
        save_private_key(key, key_path, data_key.device_key_passphrase())
    else:
        # A fresh key would sign on from the middle of a chain the old key began: refuse, loudly.
        raise DeviceKeyMissing(
            f"the station's signing key {key_path} is missing but its ledger holds records; "
            "restore the key from a backup of the data folder"
        )
    device_id = meta.set_if_absent("device_id", str(uuid.uuid4()))
    return Signer(device_id=device_id, kid=key.kid, private_key=key.private_key)
