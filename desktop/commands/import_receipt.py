"""`furusato-field import-receipt FILE`: apply the receipt `furusato-central import-bundle --receipt` wrote.

Prints {"settled", "accepted", "duplicates", "rejected", "pending", ...} (CONTRACTS §3). A receipt that
does not verify, is not for this station, was already imported or is older than the one imported
exits 1 with {"error", "code"} and changes nothing.
"""

from __future__ import annotations

NAME = "import-receipt"
HELP = "apply the central's signed receipt for a bundle: settle records, take catalogue/keys/revocations"


def configure(parser) -> None:
    parser.add_argument("file", metavar="FILE")


def run(args) -> int:
    from pathlib import Path

    from desktop.commands.output import EXIT_OK, EXIT_REFUSED, emit, usage_error

    if not Path(args.file).is_file():
        return usage_error(f"{args.file} is not a file")

    from desktop.station import Station
    from desktop.sync.receipt import ReceiptRefused, import_receipt

    station = Station.open(args.data_dir)
    try:
        try:
            applied = import_receipt(station, args.file, via="cli")
        except ReceiptRefused as exc:
            emit(exc.to_json())
            return EXIT_REFUSED
    finally:
        station.close()
    emit(applied.to_json())
    return EXIT_OK
