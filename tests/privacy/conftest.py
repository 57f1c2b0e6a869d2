from datetime import datetime

import pytest

from desktop.privacy import key_store
from desktop.station import Station
from furusato.activity import JST
from furusato.keys import KeySet, generate_key, save_jwks

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=JST)
# Cheap scrypt for tests; the default parameters have their own test.
FAST = {"n": 2**14, "r": 8, "p": 1}
PASSPHRASE = "correct horse battery staple"

PERSON = {
    "name": "山田 太郎",
    "postal_code": "942-1526",
    "address": "1-2-3",
    "birth_date": "1990-04-01",
    "email": "taro.yamada@example.jp",
    "phone": "090-1234-5678",
}
# Byte strings that must never appear in a protected data folder.
SECRETS = [
    "山田 太郎", "山田", "太郎", "1990-04-01", "19900401", "taro.yamada", "example.jp",
    "090-1234-5678", "09012345678", "+819012345678", "9012345678",
]


@pytest.fixture
def station(tmp_path):
    root = tmp_path / "station"
    root.mkdir()
    save_jwks(root / "trusted_keys.jwks.json", KeySet.of(generate_key()).to_jwks())
    opened = Station.open(root, now=NOW)
    yield opened
    opened.close()


@pytest.fixture
def protected_key(station):
    """The station's own data key, now wrapped by a passphrase (what `furusato-field passphrase` does)."""
    return key_store.set_passphrase(station.root, PASSPHRASE, scrypt_params=FAST)
