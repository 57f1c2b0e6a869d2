import datetime as dt
import ipaddress

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from desktop.sync.backoff import Backoff
from desktop.sync.client import CentralClient, check_server_url
from desktop.sync.enrollment import client_for, enroll
from desktop.sync.errors import InsecureURL, TLSError, TransientError
from desktop.sync.sync_round import sync_once
from tests.central.server import RunningCentral
from tests.sync.conftest import check_in, fast_backoff, seed

CODE = "ABCD-EFGH-JKLM-NPQR"  # never sent: these tests refuse before connecting


def _name(cn):
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _make_pki(folder):
    """A private CA (as a municipal network would run) and a server certificate for 127.0.0.1."""
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (x509.CertificateBuilder().subject_name(_name("Test Municipal CA")).issuer_name(_name("Test Municipal CA"))
          .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
          .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=30))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                                       data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                       crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
          .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder().subject_name(_name("127.0.0.1")).issuer_name(ca.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=30))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))
    pem = serialization.Encoding.PEM
    (folder / "ca.pem").write_bytes(ca.public_bytes(pem))
    (folder / "server.pem").write_bytes(cert.public_bytes(pem))
    (folder / "server.key").write_bytes(key.private_bytes(pem, serialization.PrivateFormat.PKCS8,
                                                          serialization.NoEncryption()))
    return folder / "ca.pem", folder / "server.pem", folder / "server.key"


@pytest.fixture
def tls_central(tmp_path):
    """The real central served over https by uvicorn, with a certificate from a private test CA."""
    ca_file, cert_file, key_file = _make_pki(tmp_path)
    running = RunningCentral(f"sqlite:///{(tmp_path / 'central.sqlite3').as_posix()}",
                             ssl_keyfile=key_file, ssl_certfile=cert_file)
    try:
        yield seed(running), ca_file
    finally:
        running.close()


def test_an_unknown_certificate_is_refused_by_default(tls_central):
    server, _ = tls_central
    assert server.url.startswith("https://")
    with pytest.raises(TLSError) as refused:
        CentralClient(server.url, timeout=(1, 2)).get("/v1/keys")
    assert refused.value.code == "tls_error" and not refused.value.retryable


def test_the_configured_municipal_ca_is_trusted(tls_central, station):
    server, ca_file = tls_central
    assert "keys" in CentralClient(server.url, ca_file=str(ca_file), timeout=(1, 2)).get("/v1/keys")
    result = enroll(station, server.url, server.code, ca_file=str(ca_file))
    assert result.local_government == "152102"
    assert station.meta.get("server_ca_file") == str(ca_file)
    # ...and a sync over https with that CA reaches the central.
    check_in(station, 2)
    report = sync_once(station, client_for(station, timeout=(1, 5)), fast_backoff())
    assert report.error is None and report.tally.accepted == 2
    assert len(server.record_ids()) == 2


class _NoNetwork:
    headers: dict = {}
    verify = True

    def request(self, *a, **kw):
        raise AssertionError("must not connect")

    def close(self):
        pass


@pytest.mark.parametrize("url", ["http://central.example.jp", "http://192.168.1.10:8765", "ftp://127.0.0.1",
                                 "http://user:pw@127.0.0.1", "central.example.jp", "http://[::ffff:10.0.0.1]"])
def test_plain_http_off_loopback_and_odd_urls_are_refused_without_connecting(url, station):
    with pytest.raises(InsecureURL):
        CentralClient(url, session=_NoNetwork())
    with pytest.raises(InsecureURL):
        enroll(station, url, CODE)
    assert station.meta.get("server_url") is None


@pytest.mark.parametrize("url", ["http://127.0.0.1:8765", "http://localhost", "http://[::1]:80/", "https://x.example.jp"])
def test_loopback_http_and_any_https_are_allowed(url):
    assert check_server_url(url) == url.rstrip("/")


def test_backoff_grows_with_jitter_and_respects_the_cap():
    waits = []
    backoff = Backoff(attempts=6, base=0.5, cap=4.0, sleep=waits.append)
    calls = []

    def always_down():
        calls.append(1)
        raise TransientError("down")

    with pytest.raises(TransientError):
        backoff.run(always_down)
    assert len(calls) == 6 and len(waits) == 5
    for n, wait in enumerate(waits, start=1):
        assert 0 <= wait <= min(4.0, 0.5 * 2 ** (n - 1))
    assert Backoff(base=0.1, cap=10).delay(1, retry_after=3.0) >= 3.0


def test_backoff_does_not_retry_what_will_not_change():
    calls = []

    def refused():
        calls.append(1)
        raise TLSError("bad cert")

    with pytest.raises(TLSError):
        Backoff(attempts=5, sleep=lambda s: None).run(refused)
    assert len(calls) == 1
