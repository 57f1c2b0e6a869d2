"""`furusato-field demo-card [--name NAME] [--out FILE.png]`: a card a station in demo mode accepts.

Prints `{"token": ..., "png": FILE or null}` (CONTRACTS §3). The card is signed by the demo key
(desktop/demo_card.py), which a station trusts only until it is enrolled; the PNG is its QR code,
to show on a phone or a screen in front of the webcam or a scanner gun.
"""

from __future__ import annotations

NAME = "demo-card"
HELP = "print a demo registration card (trusted only by a station not yet enrolled); --out writes its QR as PNG"


def configure(parser) -> None:
    parser.add_argument("--name", help="the name shown when the card is scanned (default: デモ 花子)")
    parser.add_argument("--out", metavar="FILE.png", help="write the card's QR code to this PNG file")


def run(args) -> int:
    import sys
    from pathlib import Path

    from desktop import demo_card
    from desktop.commands.output import EXIT_OK, EXIT_REFUSED, emit
    from desktop.station import enrolled_at_rest
    from furusato.activity_qr import write_qr_png
    from furusato.keys import KeyFileError

    out = Path(args.out) if args.out else None
    if out is not None and out.suffix.lower() != ".png":
        emit({"error": "the QR code is written as PNG: give a file name ending in .png", "field": "out"})
        return EXIT_REFUSED
    try:
        token = demo_card.issue(args.name)
    except demo_card.BadDemoName as exc:
        emit({"error": str(exc), "field": "name"})
        return EXIT_REFUSED
    except (OSError, KeyFileError) as exc:  # an incomplete installation (self-test says so too)
        emit({"error": f"the demo key cannot be read: {exc}", "field": None})
        return EXIT_REFUSED
    if out is not None:
        try:
            # Scale 8: about 5 cm on a phone held to the webcam, and a gun reads it off a screen.
            write_qr_png(out, token, scale=8)
        except OSError as exc:
            emit({"error": f"cannot write {args.out}: {exc.strerror or exc}", "field": "out"})
            return EXIT_REFUSED
    if enrolled_at_rest(args.data_dir):
        sys.stderr.write("furusato-field: note: this station is enrolled; it refuses demo cards (unknown_key)\n")
    emit({"token": token, "png": args.out if out is not None else None})
    return EXIT_OK
