"""What signed answers cost: the central signing one batch's answer, the station checking it, and a
receipt for a bundle imported end to end.

    python bench/bench_answers.py [--rounds 200] [--records 2000]

1. `central.answer_signing.sign_answer` for a batch of 500 answered records (hashes, canonical JSON,
   one Ed25519 signature), on a real SQLite central database;
2. `desktop.sync.answer_trust.signed_entries` on that answer for the 500 records sent (canonical
   base64 check, one verification, parsing, matching id, seq and hash);
3. `desktop.sync.receipt.import_receipt` on a real station holding `--records` hand-recorded
   check-ins, with the receipt the real central wrote for their bundle (verification, settling,
   catalogue, keys, revocations, purge) — once, since it settles.
Medians and p95 of the repeated ones; no test asserts a time.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from central import admin, answer_signing, enrollment  # noqa: E402
from central.api import create_app  # noqa: E402
from central.ingest import ingest_batch  # noqa: E402
from central.receipts import import_with_receipt  # noqa: E402
from desktop.checkin import CheckinService  # noqa: E402
from desktop.station import Station  # noqa: E402
from desktop.sync import answer_trust, outbox  # noqa: E402
from desktop.sync.bundle import write_bundle  # noqa: E402
from desktop.sync.receipt import import_receipt  # noqa: E402
from furusato.activity import JST  # noqa: E402
from tests.central.server import RunningCentral  # noqa: E402
from tests.central.station_sim import StationSim  # noqa: E402

LG = "152102"
AT = datetime(2026, 11, 22, 10, 0, tzinfo=JST)


def _stats(samples: list[float]) -> str:
    samples = sorted(samples)
    return f"median {statistics.median(samples):.2f} ms, p95 {samples[int(0.95 * (len(samples) - 1))]:.2f} ms"


def bench_batch(folder: Path, rounds: int) -> None:
    app = create_app(f"sqlite:///{folder / 'sign.sqlite3'}")
    engine = app.state.engine
    sim = StationSim()
    with engine.begin() as conn:
        admin.upsert_lg(conn, LG)
        enrollment.enroll(conn, enrollment.new_code(conn, LG)["code"], sim.device_id, sim.public_jwk())
        wire = [sim.record(activity="a", day="2026-11-22", person=f"card:person{i:04d}") for i in range(500)]
        results = ingest_batch(conn, sim.device_id, wire)
        chain = answer_signing.chain(conn)
    signing, checking = [], []
    station = Station.open(folder / "checking-station", now=AT)
    meta = station.meta
    meta.set(answer_trust.META_CHAIN, json.dumps(chain))
    batch = [outbox.Pending(r["seq"], r["id"], w, answer_signing.record_hash(w))
             for r, w in zip(results, wire, strict=True)]
    for _ in range(rounds):
        with engine.connect() as conn:
            start = time.perf_counter()
            token = answer_signing.sign_answer(conn, sim.device_id, wire, results, "bench-nonce")
            signing.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        entries, foreign = answer_trust.signed_entries(meta, {"answer": token}, batch, sim.device_id, "bench-nonce")
        checking.append((time.perf_counter() - start) * 1000)
        assert len(entries) == 500 and not foreign
    print(f"central signs a 500-record answer: {_stats(signing)} ({rounds} rounds)")
    print(f"station checks it (verify + match 500): {_stats(checking)}")
    station.close()
    engine.dispose()


def bench_receipt(folder: Path, n: int) -> None:
    running = RunningCentral(f"sqlite:///{folder / 'central.sqlite3'}")
    try:
        with running.engine.begin() as conn:
            admin.upsert_lg(conn, LG)
            code = enrollment.new_code(conn, LG)["code"]
        station = Station.open(folder / "station", now=AT)
        from desktop.sync.enrollment import enroll

        enroll(station, running.url, code, label="bench")
        service = CheckinService(station)
        for i in range(n):
            birth = (date(1940, 1, 1) + timedelta(days=i)).isoformat()
            service.check_in_manual("demo-jichikai", {
                "name": "山田 太郎", "postal_code": "942-1526", "address": "1-2-3", "birth_date": birth,
                "email": "taro@example.jp", "phone": "090-1234-5678"}, AT)
        bundle = folder / "bundle.frr"
        write_bundle(station, bundle)
        with running.engine.begin() as conn:
            _, token = import_with_receipt(conn, bundle.read_text("ascii"))
        receipt = folder / "receipt.frr"
        receipt.write_text(token, "ascii")
        start = time.perf_counter()
        applied = import_receipt(station, receipt)
        elapsed = (time.perf_counter() - start) * 1000
        assert applied.settled == n and applied.pending == 0
        print(f"import-receipt of {n} records ({receipt.stat().st_size // 1024} KB): {elapsed:.0f} ms "
              f"({n / elapsed * 1000:.0f} records/s)")
        station.close()
    finally:
        running.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--records", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bench_batch(Path(tmp), args.rounds)
        bench_receipt(Path(tmp), args.records)


if __name__ == "__main__":
    main()
