"""What encrypting personal details costs on the check-in path (docs/SECURITY.md, "Measured costs").

    python bench/bench_encryption.py [--samples 500]

Two `Ledger`s on one real station in a temporary folder — the plain codec and the AES-256-GCM
`DetailsCipher` codec — each commit `--samples` check-ins with a realistic hand-recorded person's
details (durable WAL commit, synchronous=FULL), interleaved in blocks so disk noise hits both alike.
Also: seal/unseal alone, scrypt unwrap at the default cost, device-key load.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from desktop.privacy import key_store  # noqa: E402
from desktop.privacy.station_setup import load_device_key, protect_device_key  # noqa: E402
from desktop.station import Station  # noqa: E402
from desktop.store.ledger import PLAIN, Ledger  # noqa: E402
from furusato.activity import JST  # noqa: E402

AT = datetime(2026, 11, 22, 10, 0, tzinfo=JST)
DETAILS = {
    "name": "山田 太郎", "name_kana": "ヤマダ タロウ", "birth_date": "1990-04-01", "postal_code": "9421526",
    "lg_code": "152226", "address_prefix": "新潟県十日町市", "address": "松之山1-2-3",
    "email": "taro.yamada@example.jp", "phone": "+819012345678", "gender": None, "conditions": "",
    "accepted_at": None, "guardian_consent": None, "minor": False,
}


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def summary(label: str, values: list[float], unit: str = "ms") -> str:
    return (f"{label:<34} n={len(values):<5} median {statistics.median(values):8.3f} {unit}   "
            f"p95 {pct(values, 0.95):8.3f} {unit}   max {max(values):8.3f} {unit}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-encryption-") as folder:
        root = Path(folder)
        station = Station.open(root, now=AT)
        try:
            # Station.open made the folder's data key; its cipher is the one check-ins use.
            data_key = station.data_key
            cipher = data_key.details_cipher()
            ledgers = {"plain": Ledger(station.engine, station.signer, PLAIN),
                       "aes-256-gcm": Ledger(station.engine, station.signer, cipher.codec())}
            timings: dict[str, list[float]] = {name: [] for name in ledgers}
            for warm in range(20):  # warm caches, statement compilation, WAL
                for name, ledger in ledgers.items():
                    ledger.check_in(activity_id="demo-jichikai", day=AT.date(), at=AT,
                                    person_key=f"manual:warm-{name}-{warm}", details=DETAILS)
            block = 25
            n = 0
            while n < args.samples:
                for name, ledger in ledgers.items():
                    for k in range(n, min(n + block, args.samples)):
                        started = time.perf_counter()
                        ledger.check_in(activity_id="demo-jichikai", day=AT.date(), at=AT,
                                        person_key=f"manual:{name}-{k}", details=DETAILS)
                        timings[name].append((time.perf_counter() - started) * 1000)
                n += block
            print(f"check-in commit, {args.samples} samples each, real station in a temp folder (synchronous=FULL):")
            for name, values in timings.items():
                print("  " + summary(name, values))
            delta = pct(timings["aes-256-gcm"], 0.95) - pct(timings["plain"], 0.95)
            print(f"  p95 difference (encrypted - plain): {delta:+.3f} ms")

            blob_input = b'{"name":"' + "山田 太郎".encode() + b'"' + b"x" * 300 + b"}"
            seal, unseal = [], []
            for i in range(5000):
                t = time.perf_counter()
                stored = cipher.seal(blob_input, f"rid-{i}")
                seal.append((time.perf_counter() - t) * 1e6)
                t = time.perf_counter()
                cipher.unseal(stored, f"rid-{i}")
                unseal.append((time.perf_counter() - t) * 1e6)
            print("sealing alone (~330-byte details):")
            print("  " + summary("seal", seal, "µs"))
            print("  " + summary("unseal", unseal, "µs"))
            print(f"  stored size: plain {len(blob_input)} chars, sealed {len(stored)} chars")

            protect_device_key(root, data_key)
            loads = []
            for _ in range(20):
                t = time.perf_counter()
                load_device_key(root, data_key)
                loads.append((time.perf_counter() - t) * 1000)
            print("  " + summary("device key load (PKCS#8, wrapped)", loads))
        finally:
            station.close()

        unlocks = []
        key_store.set_passphrase(root, "bench passphrase 123")
        for _ in range(5):
            t = time.perf_counter()
            key_store.unlock(root, "bench passphrase 123")
            unlocks.append((time.perf_counter() - t) * 1000)
        params = key_store.DEFAULT_SCRYPT
        print(f"passphrase unlock, scrypt N=2^{params['n'].bit_length() - 1} r={params['r']} p={params['p']} "
              f"({128 * params['r'] * params['n'] // 2**20} MiB):")
        print("  " + summary("unlock", unlocks))


if __name__ == "__main__":
    main()
