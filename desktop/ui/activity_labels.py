"""Words for the core's codes, in Qt's translation system."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from furusato.activity import ActivityKind


def kind_label(kind: ActivityKind) -> str:
    labels = {
        ActivityKind.DESIGNATED_PROJECT: QCoreApplication.translate("ActivityKind", "指定事業"),
        ActivityKind.DESIGNATED_SIDE_JOB: QCoreApplication.translate("ActivityKind", "指定副業"),
        ActivityKind.PUBLIC_INTEREST_BODY: QCoreApplication.translate("ActivityKind", "公益的団体での活動"),
        ActivityKind.PUBLIC_ROLE: QCoreApplication.translate("ActivityKind", "公的役割"),
    }
    return labels[kind]


def status_badge(status: str) -> str:
    """Marks an activity that does not count (yet); a designated one needs no mark."""
    badges = {
        "proposed": QCoreApplication.translate("ActivityStatus", "［提案中］"),
        "refused": QCoreApplication.translate("ActivityStatus", "［指定されず］"),
    }
    return badges.get(status, "")


def venue_label(code: str) -> str:
    from furusato import lgcodes

    return lgcodes.full_name(code)
