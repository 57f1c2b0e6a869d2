"""How long premium eligibility takes for a person with 10,000 attendances (goal: well under 50 ms).

    python bench/bench_eligibility.py [--rows 10000] [--repeat 200]

Prints median and p95 of `evaluate` alone, and of parse + evaluate (what the CLI and API pay).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from datetime import date, timedelta

from furusato.eligibility import evaluate, evaluate_json, parse_case

# Venues in and around the target (函館市), its prefecture, a designated city's ward, elsewhere.
VENUES = ["012025", "012025", "012025", "010006", "011011", "012033", "022012", "131016"]


def make_case(rows: int, seed: int = 1) -> dict:
    rng = random.Random(seed)
    as_of = date(2028, 3, 31)
    attendance = [
        {
            "activity": f"act-{rng.randrange(60)}",
            "venue": rng.choice(VENUES),
            "date": (as_of - timedelta(days=rng.randrange(-10, 800))).isoformat(),
        }
        for _ in range(rows)
    ]
    return {
        "as_of": as_of.isoformat(),
        "person": {
            "residence": "131016",
            "mynumber_verified": True,
            "minor": False,
            "guardian_consent": False,
        },
        "premium": [{"lg": "011002", "expires": "2028-05-31"}, {"lg": "012025", "expires": "2028-04-30"}],
        "attendance": attendance,
        "settings": {"012025": {"required": 3, "consecutive_days_each_count": False, "long_stay_days": 10}},
        "target": "012025",
    }


def timed(fn, repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def summary(samples: list[float]) -> dict:
    ordered = sorted(samples)
    return {
        "median_ms": round(statistics.median(ordered), 3),
        "p95_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))], 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    data = make_case(args.rows)
    case = parse_case(data)  # also warms the master's cache, as a running server would be
    result = evaluate(case).to_json()
    report = {
        "rows": args.rows,
        "repeat": args.repeat,
        "evaluate": summary(timed(lambda: evaluate(case), args.repeat)),
        "parse_and_evaluate": summary(timed(lambda: evaluate_json(data), args.repeat)),
        "result": result,
    }
    print(json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    main()
