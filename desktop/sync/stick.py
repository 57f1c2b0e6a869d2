"""The USB stick from the window: a bundle written to a chosen folder (the receipt comes back through
desktop.sync.receipt).

Qt-free, so the window's worker and the tests call the same code. The bundle's file is named by the
station (local government and the device id's first 8 characters, as the status bar shows it) and
the time, written and verified by `bundle.write_bundle`, and audited like the command line's export.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from desktop.privacy.audit_log import AuditLog
from desktop.sync.bundle import BundleWritten, write_bundle
from furusato.activity import JST

SUFFIX = ".frr"


def bundle_file_name(station, now: datetime) -> str:
    # Minutes, not seconds: six digits after a hyphen read as a phone number to the audit log's detector.
    lg = station.local_government or "unenrolled"
    return f"furusato-{lg}-{station.signer.device_id[:8]}-{now.astimezone(JST):%Y%m%d-%H%M}{SUFFIX}"


def audit_export(station, written: BundleWritten, via: str) -> None:
    """Personal data left on a stick: a fact for the audit log. The file's name goes with it unless it
    looks like personal data to the log's detector (an operator's `0901234567.frr`, or by chance a
    device id's digits), which the log refuses — the export has happened, so it is recorded without."""
    log = AuditLog.for_data_dir(station.root)
    try:
        log.append("bundle_export", records=written.records, file_name=written.path.name, via=via)
    except ValueError:
        log.append("bundle_export", records=written.records, via=via)


def export_to_folder(station, folder: Path | str, *, now: datetime | None = None, via: str = "window") -> BundleWritten:
    """Write every record the central does not hold to a new file in `folder`; never over another file."""
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder} is not a folder")
    name = bundle_file_name(station, now or datetime.now(JST))
    out, n = folder / name, 1
    while out.exists():
        n += 1
        out = folder / name.replace(SUFFIX, f"-{n}{SUFFIX}")
    written = write_bundle(station, out, now=now)
    audit_export(station, written, via)
    return written

