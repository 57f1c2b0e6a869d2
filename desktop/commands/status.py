"""`furusato-field status`: the station's state as one JSON object (CONTRACTS §3), no passphrase needed.

{"enrolled", "local_government", "local_government_name", "pending", "rejected", "sent", "last_sync",
"last_error", "unverified_answers", "blocked", "last_receipt", "retention_days", "details_held",
"details_purged", "device_id", "server", "answer_keys", "clock_skew_seconds", "protected",
"ledger_records", "database_bytes", "schema_version", "initialized", "version"} — never personal data.
"""

from __future__ import annotations

NAME = "status"
HELP = "the station's state as JSON: enrolment, records waiting, last sync, retention (no personal data)"


def configure(parser) -> None:
    pass


def run(args) -> int:
    from desktop import paths
    from desktop.commands.output import EXIT_OK, EXIT_REFUSED, emit
    from desktop.station_status import status
    from desktop.store.migrate import SchemaTooNew

    try:
        emit(status(paths.data_dir(args.data_dir)))
    except SchemaTooNew as exc:
        emit({"error": str(exc), "schema_version": exc.revision})
        return EXIT_REFUSED
    return EXIT_OK
