"""`furusato-field activity-qr --activity ID [--out FILE.png|FILE.pdf]`: the activity code of CONTRACTS §1
as the window shows it, and its QR as a PNG or its A4 poster as a PDF."""

from __future__ import annotations

NAME = "activity-qr"
HELP = "the activity's QR code for participants' phones: prints {\"token\", \"out\"}; --out FILE.png or FILE.pdf"


def configure(parser) -> None:
    parser.add_argument("--activity", required=True, metavar="ID")
    parser.add_argument("--out", metavar="FILE", help="FILE.png (the QR code) or FILE.pdf (the A4 poster)")


def run(args) -> int:
    from pathlib import Path

    from desktop.activity_code import activity_code
    from desktop.commands.output import EXIT_OK, EXIT_REFUSED, emit, usage_error
    from desktop.record_settings import RecordSettings
    from desktop.station import Station

    out = Path(args.out) if args.out else None
    if out is not None and out.suffix.lower() not in (".png", ".pdf"):
        return usage_error("--out must name a .png or a .pdf file")
    station = Station.open(args.data_dir)
    try:
        activity = station.activities.get(args.activity)
        if activity is None:
            emit({"error": f"unknown activity {args.activity!r}", "field": "activity"})
            return EXIT_REFUSED
        token = activity_code(station, activity)
        date_style = RecordSettings(station.meta).date_style
    finally:
        station.close()
    if out is not None:
        try:
            _write(out, activity, token, date_style)
        except OSError as exc:
            emit({"error": f"cannot write {out}: {exc.strerror or exc}", "field": "out"})
            return EXIT_REFUSED
    emit({"token": token, "out": str(out) if out else None, "activity": activity.id})
    return EXIT_OK


def _write(out, activity, token: str, date_style: str) -> None:
    if out.suffix.lower() == ".png":
        from furusato.activity_qr import qr_png_bytes

        out.write_bytes(qr_png_bytes(token))
        return
    # The poster is painted by Qt (fonts, layout); a command line needs no screen for it.
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from desktop.ui.poster_export import write_poster_pdf

    write_poster_pdf(out, activity, token, date_style)
