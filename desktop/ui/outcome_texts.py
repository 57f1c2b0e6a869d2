"""Words for the core's codes: scan outcomes (CONTRACTS §2), manual-entry reasons, scanner states.

Looked up at call time, so a language switch changes them. Every call is spelled out as
QCoreApplication.translate("Context", "literal"): that is the form lupdate extracts.
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QCoreApplication

from furusato.outcomes import Outcome


class OutcomeClass(StrEnum):
    RECORDED = "recorded"  # green
    DUPLICATE = "duplicate"  # amber
    REFUSED = "refused"  # red


def outcome_class(outcome: Outcome) -> OutcomeClass:
    if outcome is Outcome.RECORDED:
        return OutcomeClass.RECORDED
    if outcome is Outcome.DUPLICATE:
        return OutcomeClass.DUPLICATE
    return OutcomeClass.REFUSED



def headline(outcome: Outcome) -> str:
    """The big line of the result panel."""
    if outcome is Outcome.RECORDED:
        return QCoreApplication.translate("Outcome", "記録しました")
    if outcome is Outcome.DUPLICATE:
        return QCoreApplication.translate("Outcome", "本日は記録済みです")
    return QCoreApplication.translate("Outcome", "受付できません")


def explanation(outcome: Outcome) -> str:
    """What happened and what to do, in plain words, for every outcome."""
    texts = {
        Outcome.RECORDED: QCoreApplication.translate("Outcome", "参加を記録しました。"),
        Outcome.DUPLICATE: QCoreApplication.translate("Outcome", "この方は本日この活動に記録済みです。もう一度記録する必要はありません。"),
        Outcome.UNREADABLE: QCoreApplication.translate("Outcome", "ふるさと住民登録証のQRコードではありません。登録証の画面をもう一度見せてもらってください。"),
        Outcome.BAD_SIGNATURE: QCoreApplication.translate("Outcome", "登録証の署名が正しくありません。偽造または改変の可能性があります。手書き受付で記録してください。"),
        Outcome.UNKNOWN_KEY: QCoreApplication.translate("Outcome", "この端末が知らない鍵で発行された登録証です。同期してから再度読み取るか、手書き受付で記録してください。"),
        Outcome.EXPIRED: QCoreApplication.translate("Outcome", "登録証の有効期限が切れています。アプリで登録証を更新してもらってください。"),
        Outcome.NOT_YET_VALID: QCoreApplication.translate("Outcome", "登録証の有効期間がまだ始まっていません。端末の時計を確認してください。"),
        Outcome.REVOKED: QCoreApplication.translate("Outcome", "この登録証は失効しています。受付できません。"),
        Outcome.WRONG_TYPE: QCoreApplication.translate("Outcome", "登録証ではないQRコードです（活動QRなど）。登録証を見せてもらってください。"),
        Outcome.ACTIVITY_NOT_OPEN: QCoreApplication.translate("Outcome", "この活動は今は受付時間外です。活動の日時を確認してください。"),
        Outcome.INVALID_INPUT: QCoreApplication.translate("Outcome", "入力内容に誤りがあります。赤く表示された項目を直してください。"),
    }
    return texts[outcome]


def age_text(seconds: float) -> str:
    """How long ago an answer appeared, under it: 「たった今」, 「3秒前」, 「2分前」."""
    if seconds < 2:
        return QCoreApplication.translate("Outcome", "たった今")
    if seconds < 60:
        count = int(seconds)
        return QCoreApplication.translate("Outcome", "%n秒前", "", count)
    count = int(seconds // 60)
    return QCoreApplication.translate("Outcome", "%n分前", "", count)


def field_label(field: str) -> str:
    labels = {
        "name": QCoreApplication.translate("Field", "氏名"),
        "postal_code": QCoreApplication.translate("Field", "郵便番号"),
        "address": QCoreApplication.translate("Field", "住所（番地以降）"),
        "birth_date": QCoreApplication.translate("Field", "生年月日"),
        "email": QCoreApplication.translate("Field", "メール"),
        "phone": QCoreApplication.translate("Field", "電話"),
        "name_kana": QCoreApplication.translate("Field", "フリガナ"),
        "gender": QCoreApplication.translate("Field", "性別"),
        "conditions": QCoreApplication.translate("Field", "参加条件"),
        "accepted_at": QCoreApplication.translate("Field", "受付時刻"),
        "guardian_consent": QCoreApplication.translate("Field", "保護者の同意"),
    }
    return labels.get(field, field)



def reason_text(reason: str) -> str:
    """A manual-entry reason code (furusato.manual_record) in plain words."""
    texts = {
        "required": QCoreApplication.translate("Reason", "入力してください"),
        "wrong_type": QCoreApplication.translate("Reason", "形式が正しくありません"),
        "unknown_field": QCoreApplication.translate("Reason", "不明な項目です"),
        "name_too_long": QCoreApplication.translate("Reason", "氏名が長すぎます（100文字まで）"),
        "name_invalid": QCoreApplication.translate("Reason", "氏名に使えない文字が含まれています"),
        "postal_code_format": QCoreApplication.translate("Reason", "郵便番号は7桁の数字で入力してください"),
        "postal_code_unknown": QCoreApplication.translate("Reason", "この郵便番号は見つかりません"),
        "address_too_long": QCoreApplication.translate("Reason", "住所が長すぎます（200文字まで）"),
        "address_invalid": QCoreApplication.translate("Reason", "住所に使えない文字が含まれています"),
        "birth_date_invalid": QCoreApplication.translate("Reason", "日付として読めません（例: 1980-04-01、昭和55年4月1日）"),
        "birth_date_future": QCoreApplication.translate("Reason", "未来の日付です"),
        "birth_date_too_old": QCoreApplication.translate("Reason", "130年以上前の日付です"),
        "email_invalid": QCoreApplication.translate("Reason", "メールアドレスの形式が正しくありません"),
        "phone_invalid": QCoreApplication.translate("Reason", "電話番号として正しくありません"),
        "phone_not_japanese": QCoreApplication.translate("Reason", "日本の電話番号を入力してください"),
        "name_kana_invalid": QCoreApplication.translate("Reason", "ひらがな・カタカナで入力してください"),
        "name_kana_too_long": QCoreApplication.translate("Reason", "フリガナが長すぎます"),
        "gender_invalid": QCoreApplication.translate("Reason", "選択肢から選んでください"),
        "conditions_too_long": QCoreApplication.translate("Reason", "参加条件が長すぎます（1000文字まで）"),
        "conditions_invalid": QCoreApplication.translate("Reason", "参加条件に使えない文字が含まれています"),
        "accepted_at_invalid": QCoreApplication.translate("Reason", "時刻として読めません（例: 2026-11-22 09:30）"),
        "accepted_at_future": QCoreApplication.translate("Reason", "未来の時刻です"),
        "guardian_consent_missing": QCoreApplication.translate("Reason", "未成年の方は保護者の同意が必要です"),
    }
    return texts.get(reason, QCoreApplication.translate("Reason", "入力内容を確認してください"))



def scanner_status_text(code: str) -> str:
    """desktop.scanner message codes."""
    texts = {
        "camera_opening": QCoreApplication.translate("Scanner", "カメラを起動しています…"),
        "camera_live": QCoreApplication.translate("Scanner", "カメラ作動中"),
        "camera_unavailable": QCoreApplication.translate("Scanner", "カメラが見つかりません。接続を確認してください（再試行中）"),
        "camera_lost": QCoreApplication.translate("Scanner", "カメラとの接続が切れました（再接続中）"),
        "replay_started": QCoreApplication.translate("Scanner", "録画映像を再生中"),
        "replay_ended": QCoreApplication.translate("Scanner", "録画映像の再生が終わりました"),
        "replay_empty": QCoreApplication.translate("Scanner", "再生する映像がありません"),
        "replay_unreadable": QCoreApplication.translate("Scanner", "映像ファイルを読めません"),
        "source_error": QCoreApplication.translate("Scanner", "カメラでエラーが起きました"),
        "decoder_error": QCoreApplication.translate("Scanner", "読み取り処理でエラーが起きました"),
        "capture_stopped": QCoreApplication.translate("Scanner", "カメラ停止"),
    }
    return texts.get(code, code)


