"""Median and p95 of `verify_card` on a valid card: the station judges every scan with it, and a
check-in should feel instant (goal: well under 5 ms). Run: python bench/bench_verify.py [N]"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from furusato.card_token import issue_card, verify_card  # noqa: E402
from furusato.keys import KeySet, SigningKey  # noqa: E402


def main(rounds: int = 5000) -> dict[str, float]:
    key = SigningKey.generate()
    # Two trusted keys and a realistic revocation list, as a station would hold after rotation.
    trusted = KeySet.of(key, SigningKey.generate())
    revoked = frozenset(f"revoked_{i:08d}" for i in range(10_000))
    token = issue_card(key, iss="frr-platform", sub="bench_subject_01", name="山田 太郎", mnv=True)
    for _ in range(200):  # warm-up
        assert verify_card(token, trusted, revoked).ok
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        verify_card(token, trusted, revoked)
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    figures = {
        "rounds": rounds,
        "median_ms": statistics.median(samples),
        "p95_ms": samples[int(0.95 * (len(samples) - 1))],
        "max_ms": samples[-1],
    }
    print(
        f"verify_card: median {figures['median_ms']:.3f} ms, p95 {figures['p95_ms']:.3f} ms, "
        f"max {figures['max_ms']:.3f} ms over {rounds} rounds"
    )
    return figures


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)
