"""A central from before signed answers (the revision before `answer_signing`, a station already enrolled)
is brought to the head at start: its first answer key is made then, and the station it knew gets signed
answers from then on."""

from __future__ import annotations

import time

import httpx
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect

from central import admin, enrollment
from central.store.db import _alembic_config, current_revision, head_revision, open_engine
from furusato import answer_signing as fmt
from furusato.answer_signing import AnswerKeyChain
from tests.central.server import RunningCentral
from tests.central.station_sim import StationSim

ANSWER_SIGNING = "0005_answer_signing"


def test_upgrade_makes_an_answer_key_for_stations_enrolled_before(tmp_path):
    url = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    old = create_engine(url)
    config = _alembic_config()
    station = StationSim()
    with old.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, ScriptDirectory.from_config(config).get_revision(ANSWER_SIGNING).down_revision)
        admin.upsert_lg(conn, "011002")
        code = enrollment.new_code(conn, "011002")["code"]
        enrollment.enroll(conn, code, station.device_id, station.public_jwk())
    old.dispose()
    engine = open_engine(url)
    assert current_revision(engine) == head_revision()
    with engine.connect() as conn:
        assert "answer_keys" in inspect(conn).get_table_names()
    engine.dispose()
    running = RunningCentral(url)
    try:
        with httpx.Client(base_url=running.url, timeout=10) as http:
            chain = AnswerKeyChain.first_use(http.get("/v1/answer-keys").json()["chain"])
            answer = http.post("/v1/records", json={"device_id": station.device_id, "records": [
                station.record(activity="a", day="2026-12-01", person="card:person0001")]}).json()
    finally:
        running.close()
    _, payload = fmt.verify_detached(answer["answer"], fmt.ANSWER_TYP, chain.trusted(time.time()))
    assert fmt.load_document(payload, fmt.ANSWER_FORMAT)["results"][0]["status"] == "accepted"
