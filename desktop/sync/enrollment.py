"""Binding this station to a local government with a single-use code from the central."""

from __future__ import annotations

import socket
from dataclasses import dataclass
from datetime import datetime

from desktop.store.station_meta import SERVER_URL as META_SERVER
from desktop.sync import clock, pulls
from desktop.sync.client import CentralClient
from desktop.sync.errors import BadResponse, NotEnrolled
from furusato.activity import JST

META_CA_FILE = "server_ca_file"
META_LG = "local_government"
META_LG_NAME = "local_government_name"
META_ENROLLED_AT = "enrolled_at"


@dataclass(frozen=True)
class Enrollment:
    device_id: str
    local_government: str
    local_government_name: str | None
    activities: int
    server_time: str | None

    def to_json(self) -> dict:
        return {"device_id": self.device_id, "local_government": self.local_government,
                "local_government_name": self.local_government_name, "activities": self.activities}


def enroll(station, server_url: str, code: str, *, ca_file: str | None = None, label: str | None = None,
           client: CentralClient | None = None, now: datetime | None = None) -> Enrollment:
    """POST /v1/enroll; on success store server, local government, keys, revocations, activities.

    Raises InsecureURL before any connection, Refused (code_used, unknown_code, ...) when the
    central says no, TransientError/TLSError when it cannot be reached.
    """
    own = client or CentralClient(server_url, ca_file=ca_file)
    try:
        public_jwk = station.signing_key.public_jwk()
        device_id = station.signer.device_id
        answer = own.post("/v1/enroll", {"code": code, "device_id": device_id, "public_jwk": public_jwk,
                                         "label": label or socket.gethostname()})
    finally:
        if client is None:
            own.close()
    lg = answer.get("local_government")
    if not isinstance(lg, dict) or not isinstance(lg.get("code"), str):
        raise BadResponse("enrol answer has no local_government code")
    if answer.get("device_id") not in (None, device_id):
        raise BadResponse("enrol answer names another device")
    activities = answer.get("activities", [])
    revoked = answer.get("revoked", [])
    if not isinstance(activities, list):
        raise BadResponse("enrol answer: 'activities' is not a list")
    # Keys and revocations first (validated), then facts: a garbled answer leaves the station unenrolled.
    pulls.store_keys(station, answer.get("platform_keys"))
    pulls.store_revocations(station, revoked, answer.get("server_time"))
    count = pulls.store_activities(station, activities)
    station.meta.set(META_SERVER, own.base_url)
    if ca_file:
        station.meta.set(META_CA_FILE, str(ca_file))
    station.meta.set(META_LG, lg["code"])
    if isinstance(lg.get("name"), str):
        station.meta.set(META_LG_NAME, lg["name"])
    station.meta.set(META_ENROLLED_AT, (now or datetime.now(JST)).isoformat())
    clock.remember(station.meta, clock.check(answer.get("server_time")))
    station.reload_trust()
    return Enrollment(device_id, lg["code"], lg.get("name"), count, answer.get("server_time"))


def client_for(station, *, timeout=None) -> CentralClient:
    """A client for the server this station enrolled with; NotEnrolled if it never did."""
    url = station.meta.get(META_SERVER)
    if not url:
        raise NotEnrolled("this station is not enrolled: run `furusato-field enroll --server URL --code CODE`")
    kwargs = {"ca_file": station.meta.get(META_CA_FILE)}
    if timeout is not None:
        kwargs["timeout"] = timeout
    return CentralClient(url, **kwargs)
