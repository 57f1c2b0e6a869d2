"""`furusato-field sync`: send the outbox to the central and pull its catalogue, keys and revocations."""

from __future__ import annotations

NAME = "sync"
HELP = "synchronise with the central system now (JSON counts)"


def configure(parser) -> None:
    parser.add_argument("--timeout", type=float, default=None, metavar="SECONDS",
                        help="per-request read timeout (default 30)")
    parser.add_argument("--resend-rejected", action="store_true",
                        help="first put the records the central refused back in the outbox (after the cause "
                             "was fixed on the central); adds \"requeued\" to the output")


def run(args) -> int:
    from desktop.commands.output import EXIT_OK, EXIT_REFUSED, emit
    from desktop.privacy.audit_log import AuditLog
    from desktop.station import Station
    from desktop.sync import outbox
    from desktop.sync.backoff import Backoff
    from desktop.sync.enrollment import client_for
    from desktop.sync.errors import SyncError
    from desktop.sync.sync_round import sync_once

    station = Station.open(args.data_dir)
    try:
        try:
            client = client_for(station, timeout=(5.0, args.timeout) if args.timeout else None)
        except SyncError as exc:
            emit({"error": exc.code, "message": str(exc)})
            return EXIT_REFUSED
        requeued = None
        try:
            if args.resend_rejected:  # the operator's decision: the cause was fixed on the central
                requeued = outbox.requeue_rejected(station.engine)
                if requeued:
                    AuditLog.for_data_dir(station.root).append("records_requeued", count=requeued, via="cli")
            report = sync_once(station, client, Backoff(attempts=4, base=0.5, cap=8.0))
        finally:
            client.close()
    finally:
        station.close()
    out = report.to_json()
    if requeued is not None:
        out["requeued"] = requeued
    if report.error is not None:
        emit({"error": report.error.code, "message": str(report.error), **out})
        return EXIT_REFUSED
    emit(out)
    return EXIT_OK
