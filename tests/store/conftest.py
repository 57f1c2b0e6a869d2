from datetime import datetime

import pytest

from desktop.station import Station
from furusato.activity import JST
from furusato.keys import KeySet, generate_key, save_jwks

# A fixed "now" inside the demo activities' windows, so tests never depend on the wall clock.
NOW = datetime(2026, 11, 22, 10, 0, tzinfo=JST)


@pytest.fixture
def platform_key():
    return generate_key()


@pytest.fixture
def station(tmp_path, platform_key):
    save_jwks(tmp_path / "trusted_keys.jwks.json", KeySet.of(platform_key).to_jwks())
    opened = Station.open(tmp_path, now=NOW)
    yield opened
    opened.close()

