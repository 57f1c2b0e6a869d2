"""Time the postal index and the local-government master: first lookup (load included), then warm.

    python bench/bench_postal.py

Each cold figure runs in a fresh interpreter, since the loaders are cached for the process.
Targets: first postal lookup < 300 ms, warm lookups in microseconds.
"""

from __future__ import annotations

import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

COLD = """
import time
t0 = time.perf_counter()
from furusato import {module}
t1 = time.perf_counter()
{module}.{call}
t2 = time.perf_counter()
print(t1 - t0, t2 - t1)
"""


def cold(module: str, call: str, runs: int = 5) -> tuple[float, float]:
    imports, firsts = [], []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", COLD.format(module=module, call=call)],
            cwd=REPO,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()
        imports.append(float(out[0]))
        firsts.append(float(out[1]))
    return statistics.median(imports), statistics.median(firsts)


def warm(fn, args: list, repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        for a in args:
            fn(a)
        best = min(best, (time.perf_counter() - t) / len(args))
    return best


def main() -> None:
    from furusato import lgcodes, postal

    imp, first = cold("postal", 'lookup("100-0001")')
    print(f"postal: import {imp * 1e3:.1f} ms, first lookup incl. load {first * 1e3:.1f} ms (median of 5)")
    imp, first = cold("lgcodes", 'lookup("131016")')
    print(f"lgcodes: import {imp * 1e3:.1f} ms, first lookup incl. load {first * 1e3:.1f} ms (median of 5)")

    postal.lookup("1000001")
    codes = sorted(set(postal._index().postal_code))
    rng = random.Random(0)
    sample = rng.sample(codes, 10_000)
    print(f"postal.lookup, known code:    {warm(postal.lookup, sample) * 1e6:.2f} µs")
    print(
        f"postal.lookup, formatted:     {warm(postal.lookup, [f'〒{c[:3]}-{c[3:]}' for c in sample]) * 1e6:.2f} µs"
    )
    print(f"postal.lookup, unknown code:  {warm(postal.lookup, ['9999999'] * 10_000) * 1e6:.2f} µs")
    print(f"postal.lookup, 66 areas:      {warm(postal.lookup, ['4520961'] * 1_000) * 1e6:.2f} µs")

    lg_codes = [lg.code for lg in lgcodes.all_local_governments()]
    print(f"lgcodes.lookup:               {warm(lgcodes.lookup, lg_codes) * 1e6:.2f} µs")
    print(f"lgcodes.counting_code:        {warm(lgcodes.counting_code, lg_codes) * 1e6:.2f} µs")
    lgcodes.search("x")
    print(f"lgcodes.search('北区'):        {warm(lgcodes.search, ['北区'] * 200) * 1e3:.3f} ms")


if __name__ == "__main__":
    main()
