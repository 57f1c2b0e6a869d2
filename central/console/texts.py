"""Words for codes on the console's pages: Japanese first, English second.

Each entry is (日本語, English). Templates show the Japanese and the English beneath or beside it;
codes the core returns (kinds, reasons, flags, statuses) are worded here and nowhere else.
"""

from __future__ import annotations

from furusato import lgcodes

KINDS = {
    "designated_project": ("指定事業", "designated project"),
    "designated_side_job": ("指定副業", "designated side job"),
    "public_interest_body": ("公益的団体での活動", "public-interest body"),
    "public_role": ("公的役割", "public role"),
}

ROLES = {
    "admin": ("管理者", "administrator"),
    "staff": ("職員", "staff"),
    "viewer": ("閲覧", "viewer"),
}

# Where an activity stands with the local government (central/proposed_activities.py).
ACTIVITY_STATUSES = {
    "designated": ("指定済み", "designated"),
    "proposed": ("提案中", "proposed"),
    "refused": ("指定されず", "not designated"),
}

# How an attendance is evidenced (central/console/evidence.py).
EVIDENCE = {
    "card": ("登録証QR", "card QR"),
    "hand": ("手書き入力", "typed by hand"),
    "console": ("管理画面で入力 (システム導入前)", "typed in the console (before the system)"),
    "self": ("本人のスマートフォン", "participant's phone"),
}

FLAGS = {
    "clock_skew": ("端末の時計のずれ", "station clock off"),
    "unknown_activity": ("未登録の活動", "unknown activity"),
    "details_mismatch": ("個人情報の不一致", "details mismatch"),
    "venue_mismatch": ("QRの開催地が活動と違う", "code's venue differs"),
}

RECORD_TYPES = {
    "checkin": ("受付", "check-in"),
    "checkout": ("退出", "check-out"),
    "cancel": ("取消", "cancellation"),
    "correct": ("訂正", "correction"),
}

REASONS = {
    "residence": ("住所地のため対象外", "lives there"),
    "mynumber_not_verified": ("マイナンバーカードの本人確認なし", "My Number card not verified"),
    "guardian_consent_missing": ("保護者の同意なし", "no guardian consent"),
    "not_enough_activities": ("活動回数が足りない", "not enough activities"),
    "premium_cap": ("プレミアム登録の上限 (3団体)", "premium cap (3)"),
}

APPLICATION_STATUSES = {
    "pending_review": ("審査待ち", "pending review"),
    "approved": ("承認", "approved"),
    "refused": ("不承認", "refused"),
}

DEVICE_STATUSES = {
    "active": ("有効", "active"),
    "revoked": ("失効", "revoked"),
}

# Reason codes of furusato.manual_record, for the pre-system form and upload.
FIELD_NAMES = {
    "name": ("氏名", "name"),
    "name_kana": ("フリガナ", "name in kana"),
    "postal_code": ("郵便番号", "postal code"),
    "address": ("住所 (町名以降)", "address"),
    "birth_date": ("生年月日", "date of birth"),
    "email": ("メールアドレス", "e-mail"),
    "phone": ("電話番号", "phone"),
    "gender": ("性別", "gender"),
    "conditions": ("参加条件", "conditions"),
    "accepted_at": ("受付日時", "time of acceptance"),
    "guardian_consent": ("保護者の同意", "guardian consent"),
    "activity": ("活動", "activity"),
    "title": ("活動名", "activity name"),
    "content": ("活動内容", "activity content"),
    "start": ("開始日時", "start"),
    "end": ("終了日時", "end"),
    "place": ("場所", "place"),
    "day": ("活動日", "day"),
    "venue": ("開催地", "venue"),
    "kind": ("活動の種類", "kind"),
    "record": ("行", "row"),
    "file": ("ファイル", "file"),
    "required": ("必要回数", "required count"),
    "long_stay_days": ("長期滞在の日数", "long-stay days"),
    "login": ("ログインID", "login"),
    "password": ("パスワード", "password"),
    "role": ("役割", "role"),
    "note": ("メモ", "note"),
    "reason": ("理由", "reason"),
}

FIELD_REASONS = {
    "required": ("入力してください", "required"),
    "wrong_type": ("形式が正しくありません", "wrong type"),
    "unknown_field": ("この列は使えません", "unknown column"),
    "name_too_long": ("氏名が長すぎます", "name too long"),
    "name_invalid": ("氏名に使えない文字があります", "invalid characters in name"),
    "postal_code_format": ("郵便番号は7桁の数字です", "postal code is 7 digits"),
    "postal_code_unknown": ("この郵便番号はありません", "unknown postal code"),
    "address_too_long": ("住所が長すぎます", "address too long"),
    "address_invalid": ("住所に使えない文字があります", "invalid characters in address"),
    "birth_date_invalid": ("生年月日が読めません (例: 1990-04-01 / 平成2年4月1日)", "unreadable date of birth"),
    "birth_date_future": ("生年月日が未来です", "date of birth in the future"),
    "birth_date_too_old": ("生年月日が古すぎます", "date of birth too long ago"),
    "email_invalid": ("メールアドレスが正しくありません", "invalid e-mail"),
    "phone_invalid": ("電話番号が正しくありません", "invalid phone"),
    "phone_not_japanese": ("日本の電話番号ではありません", "not a Japanese phone number"),
    "name_kana_invalid": ("フリガナはかなで入力してください", "kana only"),
    "name_kana_too_long": ("フリガナが長すぎます", "kana too long"),
    "gender_invalid": ("性別が読めません", "unreadable gender"),
    "conditions_too_long": ("参加条件が長すぎます", "conditions too long"),
    "conditions_invalid": ("参加条件に使えない文字があります", "invalid characters in conditions"),
    "accepted_at_invalid": ("受付日時が読めません", "unreadable time of acceptance"),
    "accepted_at_future": ("受付日時が未来です", "time of acceptance in the future"),
    "before_system_start": ("2026年4月1日より前の活動は記録できません", "before 2026-04-01"),
    "in_future": ("未来の日時です", "in the future"),
    "not_a_time": ("日時が読めません (例: 2026-05-10 09:00)", "unreadable date-time"),
    "end_before_start": ("終了が開始より前です", "end before start"),
    "too_long": ("長すぎます", "too long"),
    "invalid": ("正しくありません", "invalid"),
    "duplicate": ("同じ人・同じ活動・同じ日の記録が既にあります", "already recorded"),
    "duplicate_in_file": ("ファイルの中で同じ人・同じ活動・同じ日が重複しています", "repeated in the file"),
    "outside_activity": ("活動の期間外の日です", "outside the activity's days"),
    "unknown_activity": ("この活動はありません", "no such activity"),
    "not_in_area": ("この団体の区域外です", "outside this local government"),
    "too_many_rows": ("行が多すぎます", "too many rows"),
    "unreadable": ("ファイルが読めません (.xlsx または UTF-8 の CSV)", "unreadable file (.xlsx or UTF-8 CSV)"),
    "too_large": ("ファイルが大きすぎます", "file too large"),
    "missing_columns": ("必要な列がありません", "required columns missing"),
    "empty": ("データの行がありません", "no data rows"),
}


def lg_label(code: str | None) -> str:
    """「新潟県十日町市」 (furusato.lgcodes.full_name); empty for no code."""
    return lgcodes.full_name(code) if code else ""


def ja(table: dict, code: str | None) -> str:
    return table.get(code, (code or "", code or ""))[0]


def en(table: dict, code: str | None) -> str:
    return table.get(code, (code or "", code or ""))[1]
