"""Words for desktop.first_run's reason codes: why an enrolment did not happen, in plain Japanese.

Looked up at call time, so a language switch changes them; spelled out as
QCoreApplication.translate("FirstRun", "literal") so lupdate extracts them.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop import first_run


def reason_text(reason: str) -> str:
    texts = {
        first_run.MISSING_SERVER: QCoreApplication.translate("FirstRun", "サーバーのアドレスを入力してください。"),
        first_run.NOT_HTTP: QCoreApplication.translate("FirstRun", "サーバーのアドレスは https:// で始まるものを入力してください。"),
        first_run.INSECURE_URL: QCoreApplication.translate(
            "FirstRun",
            "暗号化されない接続（http://）は、この端末の中のサーバーにしか使えません。https:// で始まるアドレスを入力してください。"),
        first_run.BAD_SERVER: QCoreApplication.translate(
            "FirstRun", "サーバーのアドレスの形が正しくありません。https://サーバー名 の形で入力してください。"),
        first_run.MISSING_CODE: QCoreApplication.translate("FirstRun", "登録コードを入力してください。"),
        first_run.BAD_CODE: QCoreApplication.translate("FirstRun", "登録コードの形が違います。英数字16文字（XXXX-XXXX-XXXX-XXXX）です。"),
        first_run.NOT_ENROLLMENT_QR: QCoreApplication.translate(
            "FirstRun",
            "このQRコードは端末登録用ではありません。登録用のQRコードを読み取ってください。"),
        first_run.UNKNOWN_CODE: QCoreApplication.translate(
            "FirstRun",
            "この登録コードはサーバーにありません。入力を確かめるか、新しいコードをもらってください。"),
        first_run.CODE_USED: QCoreApplication.translate("FirstRun", "この登録コードはすでに使われています。新しいコードをもらってください。"),
        first_run.CODE_EXPIRED: QCoreApplication.translate("FirstRun", "この登録コードは有効期限が切れています。新しいコードをもらってください。"),
        first_run.DEVICE_EXISTS: QCoreApplication.translate("FirstRun", "この端末はすでに別のコードで登録されています。管理者に連絡してください。"),
        first_run.REFUSED: QCoreApplication.translate("FirstRun", "サーバーが登録を受け付けませんでした。管理者に連絡してください。"),
        first_run.NOT_A_CENTRAL: QCoreApplication.translate(
            "FirstRun",
            "このアドレスはふるさと住民登録のサーバーではないようです。アドレスを確かめてください。"),
        first_run.UNREACHABLE: QCoreApplication.translate("FirstRun", "サーバーに接続できません。ネットワークとアドレスを確かめてください。"),
        first_run.SERVER_ERROR: QCoreApplication.translate("FirstRun", "サーバー側でエラーが起きました。しばらくしてからもう一度お試しください。"),
        first_run.TLS_ERROR: QCoreApplication.translate(
            "FirstRun",
            "サーバーの証明書を確認できません。アドレスを確かめてください。自治体のネットワーク独自の証明書なら、"
            "「証明書ファイル」で選んでください。"),
        first_run.ALREADY_ENROLLED: QCoreApplication.translate("FirstRun", "この端末はすでに登録されています。"),
        first_run.FAILED: QCoreApplication.translate("FirstRun", "登録できませんでした。もう一度お試しください。"),
    }
    text = texts.get(reason)
    return text if text is not None else QCoreApplication.translate("FirstRun", "登録できませんでした（%1）。").replace("%1", reason)


def enrolled_text(local_government_name: str | None, code: str, activities: int) -> str:
    text = QCoreApplication.translate("FirstRun", "登録しました: %1（活動 %2 件）。同期を始めます。")
    return text.replace("%1", local_government_name or code).replace("%2", str(activities))
