"""Both bundle readers — the station's and the central's — against 10,000+ generated inputs:
random bytes, JWS-shaped strings, a real bundle with random mutations, and bundles signed by the
right key around bodies that are not ours. No crash; nothing accepted that is not a real bundle."""

import json

import jwt
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from central import admin, enrollment
from central.bundles import BundleRefused, open_bundle
from central.store.db import open_engine
from desktop.checkin import CheckinService
from desktop.station import Station
from desktop.sync.bundle import BundleError, read_bundle, write_bundle
from furusato.bundle_format import TYP
from tests.privacy.conftest import NOW
from tests.store.records import manual

# Four generators × 2,600 examples: 10,400 inputs through both readers.
FUZZ = settings(max_examples=2_600, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bundle-fuzz")
    station = Station.open(folder / "station", now=NOW)
    for n in range(3):
        CheckinService(station).check_in_manual("demo-jichikai", manual(name=f"参加者 {n}"), NOW)
    good = folder / "good.bundle"
    write_bundle(station, good)
    engine = open_engine(f"sqlite:///{folder / 'central.sqlite3'}")
    with engine.begin() as conn:
        admin.upsert_lg(conn, "152102")
        code = enrollment.new_code(conn, "152102")["code"]
        enrollment.enroll(conn, code, station.signer.device_id, station.signing_key.public_jwk())
    yield {"station": station, "good": good.read_bytes(), "engine": engine, "folder": folder}
    station.close()
    engine.dispose()


def _station_reads(world, data: bytes):
    path = world["folder"] / "candidate.bundle"
    path.write_bytes(data)
    try:
        return read_bundle(path, expected_key=world["station"].signing_key.public_key)
    except BundleError:
        return None


def _central_reads(world, data: bytes):
    try:
        token = data.decode("ascii")
    except UnicodeDecodeError:
        return None  # import-bundle refuses non-ASCII files before this point
    with world["engine"].connect() as conn:
        try:
            return open_bundle(conn, token)
        except BundleRefused:
            return None


def _both(world, data: bytes):
    return _station_reads(world, data), _central_reads(world, data)


def test_the_real_bundle_is_read_by_both(world):
    station_view, central_view = _both(world, world["good"])
    assert station_view == central_view and len(station_view["records"]) == 3


@FUZZ
@given(st.binary(max_size=2_000))
def test_random_bytes_are_refused(world, data):
    assert _both(world, data) == (None, None)


@FUZZ
@given(st.lists(st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=",
                        max_size=200), min_size=1, max_size=5))
def test_jws_shaped_strings_are_refused(world, segments):
    assert _both(world, ".".join(segments).encode()) == (None, None)


@FUZZ
@given(st.data())
def test_any_mutation_of_a_real_bundle_is_refused_whole(world, data):
    good = bytearray(world["good"])
    mutation = data.draw(st.sampled_from(["flip", "truncate", "insert"]))
    at = data.draw(st.integers(0, len(good) - 1))
    if mutation == "flip":
        good[at] ^= data.draw(st.integers(1, 255))
    elif mutation == "truncate":
        del good[at:]
    else:
        good[at:at] = data.draw(st.binary(min_size=1, max_size=8))
    candidate = bytes(good)
    if candidate.strip() == world["good"].strip():
        return
    station_view, central_view = _both(world, candidate)
    # The only survivable change is one JWS decoders canonicalise away; then it must be the same bundle.
    for view in (station_view, central_view):
        assert view is None or view == json.loads(_payload(world["good"]))


@FUZZ
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
                    max_leaves=12))
def test_correctly_signed_bodies_that_are_not_bundles_are_refused(world, body):
    token = jwt.api_jws.PyJWS().encode(json.dumps(body).encode(), world["station"].signing_key.private_key,
                                       algorithm="EdDSA", headers={"kid": world["station"].signer.kid, "typ": TYP})
    station_view, central_view = _both(world, token.encode())
    assert station_view is None and central_view is None


def _payload(token: bytes) -> bytes:
    return jwt.api_jws.PyJWS().decode_complete(token.decode().strip(), options={"verify_signature": False})["payload"]

