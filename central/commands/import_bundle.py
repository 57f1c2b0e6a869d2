"""`import-bundle FILE`: ingest a station's bundle exactly as a sync would.

Prints {"accepted", "duplicates", "rejected", "results"} and exits 0 when the bundle was read
(whatever the per-record answers); a bundle that is unsigned, truncated, altered or from a device
not enrolled here is refused whole: exit 1 with {"error"}, nothing applied.
"""

from __future__ import annotations

NAME = "import-bundle"
HELP = "ingest a station's exported bundle (same rules as a sync)"


def configure(parser) -> None:
    parser.add_argument("file", metavar="FILE")


def run(args) -> int:
    from central.bundles import BundleRefused, import_bundle
    from central.commands import EXIT_OK, EXIT_REFUSED, emit, open_engine
    from furusato.bundle_format import MAX_BYTES

    try:
        with open(args.file, "rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:
            emit({"error": f"{args.file} is larger than {MAX_BYTES} bytes: not a bundle of ours", "field": "FILE"})
            return EXIT_REFUSED
    except OSError as exc:
        emit({"error": f"cannot read {args.file}: {exc.strerror}", "field": "FILE"})
        return EXIT_REFUSED
    try:
        with open_engine(args).begin() as conn:
            summary = import_bundle(conn, raw)
    except BundleRefused as exc:
        emit({"error": str(exc), "field": "FILE"})
        return EXIT_REFUSED
    emit(summary)
    return EXIT_OK
