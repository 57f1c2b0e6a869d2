"""Decoder benchmark: success, false positives and time per frame on ONE core, per class and resolution.

    python bench/bench_decoders.py            # full run (12 frames per class and resolution)
    python bench/bench_decoders.py --quick    # 4 frames per class, 1280x720 only

Prints a Markdown table and writes it to bench/out/decoders.md. "ok" counts frames whose code was
read with the right text; "fp" counts wrong texts and any read on a no-code frame. Timing includes
the grey conversion each decoder does. The corpus uses shaped (not freshly signed) tokens so every
run times the same pixels.
"""

from __future__ import annotations

import os

# Before numpy/cv2 load: the timings are for one core, as on a busy field laptop.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"
os.environ.setdefault("FURUSATO_CORPUS_SHAPED", "1")

import argparse  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections import defaultdict  # noqa: E402
from pathlib import Path  # noqa: E402

import cv2  # noqa: E402
import numpy as np  # noqa: E402

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

import qr_corpus  # noqa: E402

from desktop.scanner.decode_strategy import decode_frame  # noqa: E402
from desktop.scanner.decoders import DECODERS  # noqa: E402

GOALS = {"rate": 0.97, "fp": 0, "median_ms": 12.0, "p95_ms": 30.0}


def _decoders(names: list[str] | None):
    table = {**DECODERS, "shipped": decode_frame}
    return {name: table[name] for name in (names or table)}


def run(per_class: int, resolutions: list[str], decoders: dict, seed: int = 0):
    # results[decoder][(resolution, cls)] = list of (outcome, ms); outcome in ok / miss / fp / none
    results: dict[str, dict[tuple[str, str], list[tuple[str, float]]]] = defaultdict(lambda: defaultdict(list))
    tokens = qr_corpus.card_tokens(seed=seed)
    for resolution in resolutions:
        for cls in qr_corpus.CLASSES:
            for index in range(per_class):
                sample = qr_corpus.render(cls, resolution, index, seed=seed, tokens=tokens)
                for name, decode in decoders.items():
                    start = time.perf_counter()
                    text = decode(sample.image)
                    ms = (time.perf_counter() - start) * 1000
                    if sample.text is None:
                        outcome = "none" if text is None else "fp"
                    else:
                        outcome = "ok" if text == sample.text else ("miss" if text is None else "fp")
                    results[name][(resolution, cls)].append((outcome, ms))
        print(f"  {resolution} done", file=sys.stderr, flush=True)
    return results


def report(results, resolutions: list[str], per_class: int) -> str:
    lines = [f"# QR decoders — {per_class} frames per class and resolution, one core", ""]
    lines.append(f"OpenCV {cv2.__version__}; cv2.setNumThreads(1). Cell: read/decodable (false positives), median ms.")
    lines.append("")
    names = list(results)
    for resolution in resolutions:
        lines += [f"## {resolution}", "", "| class | " + " | ".join(names) + " |", "|---" * (len(names) + 1) + "|"]
        for cls in qr_corpus.CLASSES:
            cells = []
            for name in names:
                rows = results[name][(resolution, cls)]
                ms = float(np.median([m for _, m in rows]))
                fp = sum(o == "fp" for o, _ in rows)
                if cls == qr_corpus.NOCODE_CLASS:
                    cells.append(f"fp {fp}/{len(rows)}, {ms:.1f}")
                else:
                    ok = sum(o == "ok" for o, _ in rows)
                    cells.append(f"{ok}/{len(rows)}{f' ({fp} fp)' if fp else ''}, {ms:.1f}")
            lines.append(f"| {cls} | " + " | ".join(cells) + " |")
        lines += ["", "| all classes | read % | false pos. | median ms | p95 ms | no-code median ms |", "|---|---|---|---|---|---|"]
        for name in names:
            rows = [r for cls in qr_corpus.CLASSES for r in results[name][(resolution, cls)]]
            coded = [r for cls in qr_corpus.CODE_CLASSES for r in results[name][(resolution, cls)]]
            nocode = results[name][(resolution, qr_corpus.NOCODE_CLASS)]
            rate = sum(o == "ok" for o, _ in coded) / max(len(coded), 1)
            fp = sum(o == "fp" for o, _ in rows)
            ms = np.array([m for _, m in rows])
            lines.append(
                f"| {name} | {rate * 100:.1f} | {fp} | {np.median(ms):.1f} | {np.percentile(ms, 95):.1f} | "
                f"{np.median([m for _, m in nocode]):.1f} |"
            )
        lines.append("")
    if "shipped" in results and "1280x720" in resolutions:
        rows = [r for cls in qr_corpus.CLASSES for r in results["shipped"][("1280x720", cls)]]
        coded = [r for cls in qr_corpus.CODE_CLASSES for r in results["shipped"][("1280x720", cls)]]
        ms = np.array([m for _, m in rows])
        rate = sum(o == "ok" for o, _ in coded) / max(len(coded), 1)
        fp = sum(o == "fp" for o, _ in rows)
        verdict = (rate >= GOALS["rate"] and fp <= GOALS["fp"] and np.median(ms) < GOALS["median_ms"]
                   and np.percentile(ms, 95) < GOALS["p95_ms"])
        lines.append(
            f"Shipped arrangement at 1280x720: {rate * 100:.1f} % read, {fp} false positives, median "
            f"{np.median(ms):.1f} ms, p95 {np.percentile(ms, 95):.1f} ms — goals (≥97 %, 0, <12 ms, <30 ms) "
            f"{'met' if verdict else 'NOT met'}."
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="4 frames per class at 1280x720 only")
    parser.add_argument("--per-class", type=int, default=None)
    parser.add_argument("--resolution", action="append", choices=list(qr_corpus.RESOLUTIONS))
    parser.add_argument("--decoder", action="append", help="decoders to run (default: all)")
    parser.add_argument("--out", default=str(HERE / "out" / "decoders.md"))
    args = parser.parse_args(argv)
    cv2.setNumThreads(1)
    per_class = args.per_class or (4 if args.quick else 12)
    resolutions = args.resolution or (["1280x720"] if args.quick else list(qr_corpus.RESOLUTIONS))
    decoders = _decoders(args.decoder)
    for decode in decoders.values():  # first calls load libraries and build detectors
        decode(np.zeros((64, 64), np.uint8))
    text = report(run(per_class, resolutions, decoders), resolutions, per_class)
    print(text)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
