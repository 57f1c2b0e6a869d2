"""Words for the core's codes, in Qt's translation system."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication

from furusato.activity import JST, Activity, ActivityKind, local_day


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


def local_government_name(code: str | None) -> str:
    """十日町市 for 152102: the name people know their local government by; the code if it is unknown."""
    from furusato import lgcodes

    if not code:
        return "-"
    found = lgcodes.lookup(code)
    return found.name if found is not None else code


def _moment(at: datetime, today) -> str:
    at = at.astimezone(JST)
    return f"{at:%H:%M}" if local_day(at) == today else f"{at:%m/%d %H:%M}"


def closed_text(activity: Activity, now: datetime) -> str | None:
    """受付時間外: when the activity's window opens or when it closed; None while it is open."""
    if activity.is_open(now):
        return None
    today = local_day(now)
    if now < activity.starts_at:
        text = QCoreApplication.translate("ActivityWindow", "受付は %1 から %2 までです。始まるまで記録できません。")
        return text.replace("%1", _moment(activity.starts_at, today)).replace("%2", _moment(activity.ends_at, today))
    text = QCoreApplication.translate("ActivityWindow", "受付は %1 に終了しました。この活動にはもう記録できません。")
    return text.replace("%1", _moment(activity.ends_at, today))
