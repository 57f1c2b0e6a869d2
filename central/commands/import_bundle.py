"""`import-bundle FILE [--receipt OUT]`: ingest a station's bundle exactly as a sync would.

Prints {"accepted", "duplicates", "rejected", "results"} and exits 0 when the bundle was read
(whatever the per-record answers); a bundle that is unsigned, truncated, altered or from a device
not enrolled here is refused whole: exit 1 with {"error"}, nothing applied. With `--receipt`, the
signed answer for the station (central/receipts.py) is written to OUT once the import is committed,
and the output adds "receipt": OUT.
"""

from __future__ import annotations

NAME = "import-bundle"
HELP = "ingest a station's exported bundle (same rules as a sync); --receipt writes the signed answer"


def configure(parser) -> None:
    parser.add_argument("file", metavar="FILE")
    parser.add_argument("--receipt", metavar="OUT", help="write the signed receipt for the station here")


def run(args) -> int:
    from pathlib import Path

    from central.bundles import BundleRefused, import_bundle
    from central.commands import EXIT_OK, EXIT_REFUSED, emit, open_engine, usage_error
    from furusato.bundle_format import MAX_BYTES

    receipt_out = Path(args.receipt) if args.receipt else None
    if receipt_out is not None and not receipt_out.parent.is_dir():
        return usage_error(f"folder {receipt_out.parent} does not exist")
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
            if receipt_out is None:
                summary = import_bundle(conn, raw)
            else:
                from central.receipts import import_with_receipt

                summary, receipt = import_with_receipt(conn, raw)
    except BundleRefused as exc:
        emit({"error": str(exc), "field": "FILE"})
        return EXIT_REFUSED
    if receipt_out is not None:
        from furusato.keys import atomic_write

        try:
            # Only now, after the commit: a receipt must never vouch for records the central did not keep.
            atomic_write(receipt_out, receipt.encode("ascii"), 0o644)
        except OSError as exc:
            emit({"error": f"imported, but the receipt could not be written to {receipt_out}: {exc}; "
                           "import the bundle again to get one (its records are then duplicates)", **summary})
            return EXIT_REFUSED
        summary = {**summary, "receipt": str(receipt_out)}
    emit(summary)
    return EXIT_OK
