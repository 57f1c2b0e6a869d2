"""From a decoded card token to a verified, durable outcome (issue 3: under 5 ms beyond decoding).

    python bench/bench_scan_to_outcome.py [--samples 500]

Times `CheckinService.check_in_token` — signature and claims check, revocation list, activity
window, duplicate check and, for new people, the signed ledger commit (fsync'd) — for three
kinds of scan: a new card (recorded), the same card again (duplicate) and a forged one (refused).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import datetime

from desktop.checkin import CheckinService
from desktop.station import Station
from furusato.activity import JST
from furusato.card_token import issue_card
from furusato.keys import KeySet, SigningKey, generate_key, save_jwks

AT = datetime(2026, 11, 22, 10, 0, tzinfo=JST)


def _summary(name: str, timings: list[float]) -> str:
    timings = sorted(timings)
    p95 = timings[int(len(timings) * 0.95) - 1]
    return f"| {name} | {len(timings)} | {statistics.median(timings):.2f} | {p95:.2f} |"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=500)
    args = parser.parse_args()
    platform = generate_key()
    # A forgery claims the platform's key id but is signed by another key.
    forger = SigningKey(generate_key().private_key, platform.kid)
    iat = int(AT.timestamp()) - 3600
    cards = [issue_card(platform, iss="frr", sub=f"bench-card-{n:06d}", name="計測 太郎", mnv=True, iat=iat, days=365)
             for n in range(args.samples)]
    forged = issue_card(forger, iss="frr", sub="bench-forged-01", iat=iat, days=365)
    with tempfile.TemporaryDirectory() as folder:
        save_jwks(f"{folder}/trusted_keys.jwks.json", KeySet.of(platform).to_jwks())
        station = Station.open(folder, now=AT)
        service = CheckinService(station)
        results: dict[str, list[float]] = {"recorded": [], "duplicate": [], "bad_signature": []}
        try:
            for token in cards:
                for kind, scanned in (("recorded", token), ("duplicate", token), ("bad_signature", forged)):
                    started = time.perf_counter()
                    outcome = service.check_in_token("demo-jichikai", scanned, AT).outcome
                    results[kind].append((time.perf_counter() - started) * 1000)
                    assert outcome == kind, (kind, outcome)
        finally:
            station.close()
    print("| scan | samples | median ms | p95 ms |\n|---|---|---|---|")
    for kind, timings in results.items():
        print(_summary(kind, timings))


if __name__ == "__main__":
    main()
