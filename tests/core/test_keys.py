"""Signing keys, their kids, key files and trusted key sets."""

from __future__ import annotations

import json
import os
import stat

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from furusato.keys import (
    KeyFileError,
    KeySet,
    KeySetError,
    SigningKey,
    jwks,
    load_private_key,
    save_jwks,
    save_private_key,
    thumbprint,
)


def test_thumbprint_matches_rfc8037_example():
    # RFC 8037 appendix A.2/A.3: the Ed25519 example key and its RFC 7638 thumbprint.
    x = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"
    import base64

    public = Ed25519PublicKey.from_public_bytes(base64.urlsafe_b64decode(x + "="))
    assert thumbprint(public) == "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"


def test_generated_key_kid_and_jwk_shape():
    key = SigningKey.generate()
    jwk = key.public_jwk()
    assert jwk == {
        "kty": "OKP",
        "crv": "Ed25519",
        "x": jwk["x"],
        "kid": key.kid,
        "use": "sig",
        "alg": "EdDSA",
    }
    assert key.kid == thumbprint(key.public_key)
    assert "d" not in jwk
    assert key.jwks() == {"keys": [jwk]}
    assert SigningKey.generate().kid != key.kid


def test_jwks_accepts_signing_and_public_keys():
    a, b = SigningKey.generate(), SigningKey.generate()
    assert jwks([a, b.public_key]) == {"keys": [a.public_jwk(), b.public_jwk()]}


@pytest.mark.parametrize("passphrase", [None, "合言葉 passphrase", b"bytes-pass"])
def test_private_key_roundtrip(tmp_path, passphrase):
    key = SigningKey.generate()
    path = tmp_path / "device_key.pem"
    save_private_key(key, path, passphrase)
    loaded = load_private_key(path, passphrase)
    assert loaded.kid == key.kid
    assert loaded.public_jwk() == key.public_jwk()
    pem = path.read_bytes()
    assert (b"ENCRYPTED" in pem) == (passphrase is not None)
    assert os.listdir(tmp_path) == ["device_key.pem"]  # no temp file left behind
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_wrong_or_missing_passphrase_is_a_key_file_error(tmp_path):
    path = tmp_path / "k.pem"
    save_private_key(SigningKey.generate(), path, "right")
    with pytest.raises(KeyFileError):
        load_private_key(path, "wrong")
    with pytest.raises(KeyFileError):
        load_private_key(path)


def test_not_pem_or_not_ed25519_is_a_key_file_error(tmp_path):
    garbage = tmp_path / "garbage.pem"
    garbage.write_text("not a key")
    with pytest.raises(KeyFileError):
        load_private_key(garbage)
    ec_file = tmp_path / "ec.pem"
    ec_file.write_bytes(
        ec.generate_private_key(ec.SECP256R1()).private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    with pytest.raises(KeyFileError, match="not an Ed25519"):
        load_private_key(ec_file)


def test_save_refuses_to_overwrite_unless_told(tmp_path):
    path = tmp_path / "k.pem"
    first, second = SigningKey.generate(), SigningKey.generate()
    save_private_key(first, path)
    with pytest.raises(FileExistsError):
        save_private_key(second, path)
    assert load_private_key(path).kid == first.kid
    save_private_key(second, path, overwrite=True)
    assert load_private_key(path).kid == second.kid


def test_keyset_from_jwks_maps_kids_to_public_keys():
    a, b = SigningKey.generate(), SigningKey.generate()
    keyset = KeySet.from_jwks(jwks([a, b]))
    assert set(keyset) == {a.kid, b.kid} and len(keyset) == 2
    assert a.kid in keyset and "other" not in keyset and ["unhashable"] not in keyset
    assert keyset.public_key(a.kid).public_bytes_raw() == a.public_key.public_bytes_raw()
    assert keyset.get("nope") is None
    assert KeySet.from_jwks(keyset.to_jwks()).kids == keyset.kids
    assert keyset.without(a.kid).kids == (b.kid,)


def test_keyset_accepts_foreign_kids_and_empty_sets():
    key = SigningKey.generate()
    jwk = dict(key.public_jwk(), kid="platform-2026")
    del jwk["use"], jwk["alg"]  # optional members
    assert KeySet.from_jwks({"keys": [jwk]}).kids == ("platform-2026",)
    assert len(KeySet.from_jwks({"keys": []})) == 0


def _jwk(**changes):
    jwk = SigningKey.generate().public_jwk()
    for name, value in changes.items():
        if value is None:
            jwk.pop(name)
        else:
            jwk[name] = value
    return jwk


@pytest.mark.parametrize(
    "data, message",
    [
        ([], "JSON object"),
        ({"kid": "x"}, '"keys" list'),
        ({"keys": {"a": 1}}, '"keys" list'),
        ({"keys": ["not an object"]}, "not a JSON object"),
        ({"keys": [_jwk(kty="EC")]}, "not an Ed25519"),
        ({"keys": [_jwk(crv="Ed448")]}, "not an Ed25519"),
        ({"keys": [_jwk(kid=None)]}, "no 'kid'"),
        ({"keys": [_jwk(kid="")]}, "no 'kid'"),
        ({"keys": [_jwk(kid=7)]}, "no 'kid'"),
        ({"keys": [_jwk(x=None)]}, "malformed 'x'"),
        ({"keys": [_jwk(x="short")]}, "malformed 'x'"),
        ({"keys": [_jwk(x=12)]}, "malformed 'x'"),
        ({"keys": [_jwk(use="enc")]}, "use"),
        ({"keys": [_jwk(alg="ES256")]}, "alg"),
        ({"keys": [_jwk(d="AAAA")]}, "private key material"),
        ({"keys": [_jwk(kid="same"), _jwk(kid="same")]}, "more than once"),
    ],
)
def test_bad_jwks_raises_keyset_error(data, message):
    with pytest.raises(KeySetError, match=message):
        KeySet.from_jwks(data)


def test_keyset_from_file(tmp_path):
    key = SigningKey.generate()
    path = tmp_path / "trusted.jwks.json"
    save_jwks(path, key.jwks())
    assert KeySet.from_file(path).kids == (key.kid,)
    with pytest.raises(KeySetError, match="cannot read"):
        KeySet.from_file(tmp_path / "absent.json")
    path.write_text("{not json")
    with pytest.raises(KeySetError, match="not JSON"):
        KeySet.from_file(path)
    path.write_text(json.dumps({"keys": [{"kty": "RSA"}]}))
    with pytest.raises(KeySetError, match=str(path.name)):
        KeySet.from_file(path)


def test_save_jwks_refuses_a_bad_set(tmp_path):
    path = tmp_path / "trusted.jwks.json"
    with pytest.raises(KeySetError):
        save_jwks(path, {"keys": [{"kty": "oct"}]})
    assert not path.exists()
