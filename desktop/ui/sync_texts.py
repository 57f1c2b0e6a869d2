"""Words for the sync worker's codes (desktop/sync/errors.py, the central's refusals, the clock check).

Looked up at call time, so a language switch changes them; spelled out as
QCoreApplication.translate("Sync", "literal") so lupdate extracts them.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication

from furusato.activity import JST


def sync_error_text(code: str | None) -> str:
    """A SyncError code (or a central refusal code) as one plain sentence; "" for None."""
    if not code:
        return ""
    texts = {
        # desktop/sync/errors.py
        "sync_failed": QCoreApplication.translate("Sync", "同期できませんでした。しばらくして自動で再試行します。"),
        "insecure_url": QCoreApplication.translate("Sync", "サーバーのURLが安全ではありません（httpsが必要です）。登録をやり直してください。"),
        "not_enrolled": QCoreApplication.translate("Sync", "この端末はまだ登録されていません。記録は端末内に保存されます。"),
        "unreachable": QCoreApplication.translate("Sync", "サーバーに接続できません。記録は端末内に保存され、つながったら送信します。"),
        "tls_error": QCoreApplication.translate("Sync", "サーバーの証明書を確認できません。担当者に連絡してください。"),
        "bad_response": QCoreApplication.translate("Sync", "サーバーから想定外の応答がありました。担当者に連絡してください。"),
        "refused": QCoreApplication.translate("Sync", "サーバーが受け付けませんでした。担当者に連絡してください。"),
        # desktop/sync/client.py and worker.py
        "timeout": QCoreApplication.translate("Sync", "サーバーの応答がありません（時間切れ）。自動で再試行します。"),
        "rate_limited": QCoreApplication.translate("Sync", "サーバーが混み合っています。少し待って自動で再試行します。"),
        "server_error": QCoreApplication.translate("Sync", "サーバー側でエラーが起きました。自動で再試行します。"),
        "internal_error": QCoreApplication.translate("Sync", "同期中に予期しないエラーが起きました。記録は端末内に残っています。"),
        # the central's refusals (central/api.py)
        "unknown_device": QCoreApplication.translate("Sync", "サーバーがこの端末を知りません。登録をやり直してください。"),
        "device_revoked": QCoreApplication.translate("Sync", "この端末の登録は取り消されています。担当者に連絡してください。"),
        "device_mismatch": QCoreApplication.translate("Sync", "端末の鍵がサーバーの登録と一致しません。担当者に連絡してください。"),
        "batch_too_large": QCoreApplication.translate("Sync", "一度に送る記録が多すぎます。自動で分けて再送します。"),
        "clock_skew": QCoreApplication.translate("Sync", "端末の時計がずれているため、サーバーが受け付けませんでした。時計を合わせてください。"),
        # answers this station would not settle records on (desktop/sync/answer_trust.py)
        "unsigned_answer": QCoreApplication.translate("Sync", "中央の応答に署名がないため、記録を送信済みにしていません。記録は端末に残り、自動で再送します。"),
        "unknown_answer_key": QCoreApplication.translate("Sync", "中央の応答がこの端末の知らない鍵で署名されているため、記録を送信済みにしていません。担当者に連絡してください。"),
        "bad_answer_signature": QCoreApplication.translate("Sync", "中央の応答の署名が正しくないため、記録を送信済みにしていません。通信が改ざんされている可能性があります。担当者に連絡してください。"),
        "answer_version": QCoreApplication.translate("Sync", "中央の応答の形式がこの端末の版と合わないため、記録を送信済みにしていません。端末を更新してください。"),
        "answer_mismatch": QCoreApplication.translate("Sync", "中央の応答が送った記録と一致しないため、記録を送信済みにしていません。記録は端末に残り、自動で再送します。"),
    }
    text = texts.get(code)
    if text is None:
        text = QCoreApplication.translate("Sync", "サーバーが受け付けませんでした（%1）。担当者に連絡してください。")
        text = text.replace("%1", code)
    return text


def rejection_reason_text(reason: str | None) -> str:
    """The central's code for a record it would not take (desktop.sync.outbox.REJECTION_REASONS), in words."""
    texts = {
        "unknown_device": QCoreApplication.translate("Sync", "この端末が中央に登録されていません"),
        "device_revoked": QCoreApplication.translate("Sync", "この端末の登録が取り消されています"),
        "malformed": QCoreApplication.translate("Sync", "記録の形式が正しくありません"),
        "bad_signature": QCoreApplication.translate("Sync", "署名が一致しません"),
        "device_mismatch": QCoreApplication.translate("Sync", "記録の端末IDが一致しません"),
        "conflict": QCoreApplication.translate("Sync", "同じIDの別の記録が中央にあります"),
        "gap": QCoreApplication.translate("Sync", "それより前の記録が中央に届いていません"),
        "fork": QCoreApplication.translate("Sync", "同じ番号の別の記録が中央にあります"),
    }
    return texts.get(reason or "") or (reason or "?")


def blocked_text(seq: int | None, reason: str | None) -> str:
    """The worker's "blocked" state: the central will not take record #seq, so nothing after it goes."""
    text = QCoreApplication.translate(
        "Sync", "中央が記録 #%1 を受け付けませんでした（理由: %2）。記録はこの端末に残っています。"
                "USBで書き出すか管理者に連絡してください。")
    return text.replace("%1", str(seq if seq is not None else "?")).replace("%2", rejection_reason_text(reason))


def clock_warning_text(skew_seconds: float | None) -> str:
    """The banner shown when this laptop's clock is more than 5 minutes off the central's."""
    minutes = round(abs(skew_seconds or 0.0) / 60)
    if skew_seconds is not None and skew_seconds > 0:
        text = QCoreApplication.translate("Sync", "注意: 端末の時計が約 %1 分進んでいます。受付時刻が正しく記録されません。時計を合わせてください。")
    else:
        text = QCoreApplication.translate("Sync", "注意: 端末の時計が約 %1 分遅れています。受付時刻が正しく記録されません。時計を合わせてください。")
    return text.replace("%1", str(minutes))


def last_success_text(iso: str | None) -> str:
    if not iso:
        return QCoreApplication.translate("Sync", "最終同期: まだありません")
    try:
        at = datetime.fromisoformat(iso).astimezone(JST)
    except ValueError:
        return QCoreApplication.translate("Sync", "最終同期: まだありません")
    return QCoreApplication.translate("Sync", "最終同期: %1").replace("%1", f"{at:%m-%d %H:%M}")


def receipt_refusal_text(code: str | None) -> str:
    """Why a receipt was not applied (desktop.sync.receipt.ReceiptRefused codes): nothing was changed."""
    texts = {
        "unreadable": QCoreApplication.translate("Sync", "ファイルを読み込めませんでした。"),
        "not_a_receipt": QCoreApplication.translate("Sync", "このファイルは受領書ではありません（壊れているか、別のファイルです）。"),
        "no_answer_key": QCoreApplication.translate("Sync", "この端末は中央の署名鍵をまだ持っていないため、受領書を確認できません。一度オンラインで同期してください。"),
        "unknown_answer_key": QCoreApplication.translate("Sync", "受領書がこの端末の知らない鍵で署名されています。"),
        "bad_answer_signature": QCoreApplication.translate("Sync", "受領書の署名が一致しません（ファイルが壊れているか、書き換えられています）。"),
        "answer_version": QCoreApplication.translate("Sync", "受領書の形式がこの端末の版と合いません。端末を更新してください。"),
        "other_station": QCoreApplication.translate("Sync", "この受領書は別の端末（または別の団体）のものです。"),
        "already_applied": QCoreApplication.translate("Sync", "この受領書はすでに読み込み済みです。"),
        "stale": QCoreApplication.translate("Sync", "この受領書は、読み込み済みの受領書より古いものです。"),
        "malformed": QCoreApplication.translate("Sync", "受領書の内容が正しくありません。"),
    }
    text = texts.get(code or "") or QCoreApplication.translate("Sync", "受領書を読み込めませんでした（%1）。").replace(
        "%1", code or "?")
    return QCoreApplication.translate("Sync", "%1何も変更していません。").replace("%1", text)
