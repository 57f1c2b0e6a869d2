"""`enrollment-code --lg CODE [--days N] [--server-url URL] [--qr FILE.png]`: a one-time code binding
a station to a local government.

Prints `{"code", "lg", "expires_at"}`; with the address stations reach this central at
(`--server-url`, or FURUSATO_CENTRAL_PUBLIC_URL) also `server_url` and `qr_text`, the text of
furusato/enrollment_qr.py that the station's first-run screen reads from a camera or a scanner gun,
and with `--qr` a PNG of it (`qr`) to print or show. The address is asked for, not guessed: the
central may sit behind a proxy or a municipal network name that it cannot know itself.
"""

from __future__ import annotations

NAME = "enrollment-code"
HELP = "make a one-time enrollment code (prints {\"code\", \"lg\", \"expires_at\"}; --qr writes its QR as PNG)"
PUBLIC_URL_ENV = "FURUSATO_CENTRAL_PUBLIC_URL"


def configure(parser) -> None:
    parser.add_argument("--lg", required=True)
    parser.add_argument("--days", type=int, default=7)
    parser.add_argument("--server-url", metavar="URL",
                        help=f"the https:// address stations reach this central at (default: ${PUBLIC_URL_ENV})")
    parser.add_argument("--qr", metavar="FILE.png", help="write a QR code carrying the server address and the code")


def _plain_http_elsewhere(url: str) -> bool:
    """Stations speak plain http only to their own machine (docs/SYNC_PROTOCOL.md)."""
    import ipaddress
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.scheme != "http":
        return False
    host = parts.hostname or ""
    if host == "localhost":
        return False
    try:
        return not ipaddress.ip_address(host).is_loopback
    except ValueError:
        return True


def run(args) -> int:
    import os
    from pathlib import Path

    from central.commands import EXIT_OK, EXIT_REFUSED, emit, open_engine
    from central.enrollment import new_code
    from furusato import enrollment_qr
    from furusato.activity_qr import write_qr_png

    if args.days < 1:
        emit({"error": "days must be at least 1", "field": "days"})
        return EXIT_REFUSED
    server_url = (args.server_url or os.environ.get(PUBLIC_URL_ENV) or "").strip() or None
    if args.qr and server_url is None:
        emit({"error": f"the QR code carries the server's address: give --server-url URL or set {PUBLIC_URL_ENV}",
              "field": "server_url"})
        return EXIT_REFUSED
    if server_url is not None:
        try:
            enrollment_qr.make(server_url, "AAAA-AAAA-AAAA-AAAA")  # the address alone, before a code is spent
        except enrollment_qr.NotAnEnrollmentCode as exc:
            emit({"error": str(exc), "field": "server_url"})
            return EXIT_REFUSED
    qr_path = Path(args.qr) if args.qr else None
    if qr_path is not None and (qr_path.suffix.lower() != ".png" or not qr_path.parent.is_dir()):
        emit({"error": "give a .png file name in an existing folder", "field": "qr"})
        return EXIT_REFUSED
    try:
        with open_engine(args).begin() as conn:
            answer = new_code(conn, args.lg, days=args.days)
    except LookupError as exc:
        emit({"error": str(exc), "field": "lg"})
        return EXIT_REFUSED
    if server_url is not None:
        text = enrollment_qr.make(server_url, answer["code"])
        answer.update(server_url=enrollment_qr.parse(text).server, qr_text=text, qr=None)
        if _plain_http_elsewhere(server_url):
            answer["warning"] = "stations refuse plain http except to their own machine: use an https:// address"
        if qr_path is not None:
            try:
                write_qr_png(qr_path, text, scale=10)
            except OSError as exc:
                emit({"error": f"cannot write {args.qr}: {exc.strerror or exc}", "field": "qr"})
                return EXIT_REFUSED
            answer["qr"] = args.qr
    emit(answer)
    return EXIT_OK
