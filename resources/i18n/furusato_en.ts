<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="ja_JP">
    <context>
        <name>ActivityKind</name>
        <message>
            <location filename="../../desktop/ui/activity_labels.py" line="14" />
            <source>指定事業</source>
            <translation>Designated project</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/activity_labels.py" line="15" />
            <source>指定副業</source>
            <translation>Designated side job</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/activity_labels.py" line="16" />
            <source>公益的団体での活動</source>
            <translation>Public-interest body activity</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/activity_labels.py" line="17" />
            <source>公的役割</source>
            <translation>Public role</translation>
        </message>
    </context>
    <context>
        <name>ActivityPickerPage</name>
        <message>
            <location filename="../../desktop/ui/activity_picker_page.py" line="113" />
            <source>活動を選んでください</source>
            <translation>Choose an activity</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/activity_picker_page.py" line="114" />
            <source>活動名・場所で検索（Enterで開く）</source>
            <translation>Search by title or place (Enter opens)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/activity_picker_page.py" line="115" />
            <source>受付を開始（Enter）</source>
            <translation>Start check-in (Enter)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/activity_picker_page.py" line="116" />
            <source>設定 (F9)</source>
            <translation>Settings (F9)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/activity_picker_page.py" line="117" />
            <source>新しい活動 (F8)</source>
            <translation>New activity (F8)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/activity_picker_page.py" line="118" />
            <source>USB・受領書 (F10)</source>
            <translation>USB and receipts (F10)</translation>
        </message>
    </context>
    <context>
        <name>ActivityQrPage</name>
        <message>
            <location filename="../../desktop/ui/activity_qr_page.py" line="126" />
            <source>ふるさと住民アプリでこのQRコードを読み取ると、参加が記録されます。</source>
            <translation>Scan this QR code with the Furusato resident app to record your participation.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/activity_qr_page.py" line="169" />
            <source>ポスターを印刷…</source>
            <translation>Print poster…</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/activity_qr_page.py" line="170" />
            <source>A4ポスターをPDFで保存…</source>
            <translation>Save A4 poster as PDF…</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/activity_qr_page.py" line="171" />
            <source>戻る (Esc)</source>
            <translation>Back (Esc)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/activity_qr_page.py" line="199" />
            <source>ポスターの印刷</source>
            <translation>Print poster</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/activity_qr_page.py" line="207" />
            <source>ポスターを保存</source>
            <translation>Save poster</translation>
        </message>
    </context>
    <context>
        <name>ActivityStatus</name>
        <message>
            <location filename="../../desktop/ui/activity_labels.py" line="25" />
            <source>［提案中］</source>
            <translation>[Proposed]</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/activity_labels.py" line="26" />
            <source>［指定されず］</source>
            <translation>[Not designated]</translation>
        </message>
    </context>
    <context>
        <name>ActivityStatusNote</name>
        <message>
            <location filename="../../desktop/ui/activity_status_note.py" line="34" />
            <source>提案中: この活動は自治体の指定を待っています。受付は記録され、指定されると数えられます。</source>
            <translation>Proposed: this activity awaits designation by the local government. Check-ins are recorded and count once it is designated.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/activity_status_note.py" line="38" />
            <source>指定されず: この活動は自治体に指定されませんでした。記録は残りますが数えられません。</source>
            <translation>Not designated: the local government did not designate this activity. Records are kept but do not count.</translation>
        </message>
    </context>
    <context>
        <name>ActivityTableModel</name>
        <message>
            <location filename="../../desktop/ui/activity_table.py" line="52" />
            <source>活動</source>
            <translation>Activity</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/activity_table.py" line="52" />
            <source>種類</source>
            <translation>Kind</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/activity_table.py" line="52" />
            <source>場所</source>
            <translation>Place</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/activity_table.py" line="52" />
            <source>日時</source>
            <translation>Date and time</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/activity_table.py" line="52" />
            <source>受付済み</source>
            <translation>Checked in</translation>
        </message>
    </context>
    <context>
        <name>ActivityWindow</name>
        <message>
            <location filename="../../desktop/ui/activity_labels.py" line="58" />
            <source>受付は %1 から %2 までです。始まるまで記録できません。</source>
            <translation>Check-in is open from %1 to %2. Nothing can be recorded before it opens.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/activity_labels.py" line="60" />
            <source>受付は %1 に終了しました。この活動にはもう記録できません。</source>
            <translation>Check-in closed at %1. Nothing more can be recorded for this activity.</translation>
        </message>
    </context>
    <context>
        <name>AttendancePage</name>
        <message>
            <location filename="../../desktop/ui/attendance_page.py" line="142" />
            <source>出席一覧</source>
            <translation>Attendance</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/attendance_page.py" line="143" />
            <source>氏名・フリガナ・メール・電話で検索</source>
            <translation>Search by name, kana, e-mail or phone</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/attendance_page.py" line="145" />
            <source>訂正…</source>
            <translation>Correct…</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/attendance_page.py" line="146" />
            <source>CSV出力…</source>
            <translation>Export CSV…</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/attendance_page.py" line="147" />
            <source>Excelで出力…</source>
            <translation>Export to Excel…</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/attendance_page.py" line="148" />
            <source>名簿を印刷…</source>
            <translation>Print participant list…</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/attendance_page.py" line="149" />
            <source>戻る (Esc)</source>
            <translation>Back (Esc)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/attendance_page.py" line="150" />
            <source>（ロック中）</source>
            <translation>(locked)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/attendance_page.py" line="152" />
            <location filename="../../desktop/ui/attendance_page.py" line="204" />
            <source>すべての日</source>
            <translation>All days</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/attendance_page.py" line="301" />
            <location filename="../../desktop/ui/attendance_page.py" line="313" />
            <source>有効な記録を選んでください</source>
            <translation>Select an active record</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/attendance_page.py" line="292" />
            <source>記録の取消</source>
            <translation>Cancel record</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/attendance_page.py" line="144" />
            <source>記録を取り消す…</source>
            <translation>Void record…</translation>
        </message>
        <message numerus="yes">
            <location filename="../../desktop/ui/attendance_page.py" line="174" />
            <source>%n 件</source>
            <translation>
                <numerusform>%n record</numerusform>
                <numerusform>%n records</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../desktop/ui/attendance_page.py" line="176" />
            <source>（古い記録は検索の準備中）</source>
            <translation>(older records are still being indexed for search)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/attendance_page.py" line="293" />
            <source>%1 さんの記録を取り消します。理由:</source>
            <translation>Cancelling the record of %1. Reason:</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/attendance_page.py" line="294" />
            <source>記録を取り消す</source>
            <translation>Void the record</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/attendance_page.py" line="295" />
            <source>やめる（記録は残す）</source>
            <translation>Keep the record</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/attendance_page.py" line="315" />
            <location filename="../../desktop/ui/attendance_page.py" line="318" />
            <source>記録の訂正</source>
            <translation>Correct record</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/attendance_page.py" line="315" />
            <source>正しい氏名:</source>
            <translation>Correct name:</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/attendance_page.py" line="318" />
            <source>訂正の理由:</source>
            <translation>Reason for the correction:</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/attendance_page.py" line="324" />
            <source>取り消しました</source>
            <translation>Cancelled</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/attendance_page.py" line="324" />
            <source>訂正しました</source>
            <translation>Corrected</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/attendance_page.py" line="331" />
            <source>変更できませんでした: %1</source>
            <translation>Could not change the record: %1</translation>
        </message>
    </context>
    <context>
        <name>AttendancePaperwork</name>
        <message>
            <location filename="../../desktop/ui/attendance_paperwork.py" line="54" />
            <source>書き出し中…</source>
            <translation>Exporting…</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/attendance_paperwork.py" line="61" />
            <source>Excelで出力</source>
            <translation>Export to Excel</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/attendance_paperwork.py" line="61" />
            <location filename="../../desktop/ui/attendance_paperwork.py" line="73" />
            <source>CSV出力</source>
            <translation>Export CSV</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/attendance_paperwork.py" line="74" />
            <source>このファイルには氏名・住所・連絡先などの個人情報が含まれます。持ち出しや保管は自治体の規程に従ってください。出力しますか？</source>
            <translation>This file contains personal data (names, addresses, contact details). Carry and store it only as your municipality's rules allow. Export now?</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/attendance_paperwork.py" line="101" />
            <source>名簿を準備中…</source>
            <translation>Preparing the participant list…</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/attendance_paperwork.py" line="78" />
            <source>名簿を印刷</source>
            <translation>Print participant list</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/attendance_paperwork.py" line="79" />
            <source>受付名簿には氏名・住所・連絡先などの個人情報が含まれます。印刷した名簿の保管・廃棄は自治体の規程に従ってください。印刷しますか？</source>
            <translation>The participant list contains personal data: names, addresses, contact details. Keep and dispose of printed lists as your local government's rules require. Print it?</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/attendance_paperwork.py" line="123" />
            <source>受付名簿の印刷</source>
            <translation>Print participant list</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/attendance_paperwork.py" line="132" />
            <source>名簿を印刷しました（%1 件）</source>
            <translation>Participant list printed (%1 records)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/attendance_paperwork.py" line="136" />
            <source>書き出し中… %1 件</source>
            <translation>Exporting… %1 records</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/attendance_paperwork.py" line="140" />
            <source>%1 件を書き出しました: %2</source>
            <translation>Wrote %1 records: %2</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/attendance_paperwork.py" line="147" />
            <source>書き出せませんでした: %1</source>
            <translation>Could not export: %1</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/attendance_paperwork.py" line="149" />
            <source>名簿を準備できませんでした: %1</source>
            <translation>Could not prepare the participant list: %1</translation>
        </message>
    </context>
    <context>
        <name>AttendanceStatus</name>
        <message>
            <location filename="../../desktop/ui/attendance_table.py" line="24" />
            <source>有効</source>
            <translation>Active</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/attendance_table.py" line="25" />
            <source>取消</source>
            <translation>Cancelled</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/attendance_table.py" line="26" />
            <source>訂正済</source>
            <translation>Corrected</translation>
        </message>
    </context>
    <context>
        <name>AttendanceTableModel</name>
        <message>
            <location filename="../../desktop/ui/attendance_table.py" line="132" />
            <source>活動日</source>
            <translation>Day</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/attendance_table.py" line="132" />
            <source>受付</source>
            <translation>Checked in</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/attendance_table.py" line="132" />
            <source>退出</source>
            <translation>Checked out</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/attendance_table.py" line="132" />
            <source>氏名</source>
            <translation>Name</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/attendance_table.py" line="132" />
            <source>区分</source>
            <translation>Type</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/attendance_table.py" line="133" />
            <source>状態</source>
            <translation>Status</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/attendance_table.py" line="133" />
            <source>理由</source>
            <translation>Reason</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/attendance_table.py" line="152" />
            <source>登録証</source>
            <translation>Card</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/attendance_table.py" line="152" />
            <source>手書き</source>
            <translation>By hand</translation>
        </message>
    </context>
    <context>
        <name>CheckinPage</name>
        <message>
            <location filename="../../desktop/ui/checkin_page.py" line="189" />
            <source>手書き受付</source>
            <translation>Manual entry</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/checkin_page.py" line="190" />
            <source>出席一覧</source>
            <translation>Attendance</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/checkin_page.py" line="191" />
            <source>活動QR</source>
            <translation>Activity QR</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/checkin_page.py" line="192" />
            <source>カメラ 開始／停止</source>
            <translation>Camera on/off</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/checkin_page.py" line="193" />
            <source>活動選択に戻る</source>
            <translation>Activity list</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/checkin_page.py" line="194" />
            <source>退出を記録 (F6)</source>
            <translation>Check out (F6)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/checkin_page.py" line="195" />
            <source>最近の受付で選んだ人の退出を記録します</source>
            <translation>Records the exit of the person selected under Recent check-ins</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/checkin_page.py" line="196" />
            <source>最近の受付</source>
            <translation>Recent check-ins</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/checkin_page.py" line="198" />
            <source>カメラ停止中</source>
            <translation>Camera off</translation>
        </message>
        <message numerus="yes">
            <location filename="../../desktop/ui/checkin_page.py" line="211" />
            <source>本日の受付: %n 人</source>
            <translation>
                <numerusform>Today: %n person</numerusform>
                <numerusform>Today: %n people</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../desktop/ui/checkin_page.py" line="261" />
            <source>（ロック中）</source>
            <translation>(locked)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/checkin_page.py" line="263" />
            <source>（退出済）</source>
            <translation>(checked out)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/checkin_page.py" line="357" />
            <source>退出を記録しました</source>
            <translation>Check-out recorded</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/checkin_page.py" line="366" />
            <source>記録できませんでした。もう一度お試しください。</source>
            <translation>Could not record. Please try again.</translation>
        </message>
    </context>
    <context>
        <name>DemoCardView</name>
        <message>
            <location filename="../../desktop/ui/demo_card_view.py" line="65" />
            <source>デモ用の登録証（%1）</source>
            <translation>Demo card (%1)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/demo_card_view.py" line="66" />
            <source>スマートフォンで撮影するか、PNGで保存してスマートフォンに送り、受付画面でカメラかスキャナーに見せてください。</source>
            <translation>Take a photo with a smartphone, or save it as PNG and send it to one; then show it to the camera or the scanner on the check-in screen.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/demo_card_view.py" line="68" />
            <source>PNGで保存…</source>
            <translation>Save as PNG…</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/demo_card_view.py" line="69" />
            <source>別の人の登録証</source>
            <translation>Card for someone else</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/demo_card_view.py" line="70" />
            <source>デモで始める</source>
            <translation>Start the demo</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/demo_card_view.py" line="71" />
            <source>戻る (Esc)</source>
            <translation>Back (Esc)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/demo_card_view.py" line="90" />
            <source>保存しました: %1</source>
            <translation>Saved: %1</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/demo_card_view.py" line="94" />
            <source>デモ用の登録証を保存</source>
            <translation>Save the demo card</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/demo_card_view.py" line="102" />
            <source>保存できませんでした: %1</source>
            <translation>Could not save: %1</translation>
        </message>
    </context>
    <context>
        <name>Field</name>
        <message>
            <location filename="../../desktop/ui/outcome_texts.py" line="71" />
            <source>氏名</source>
            <translation>Name</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/outcome_texts.py" line="72" />
            <source>郵便番号</source>
            <translation>Postal code</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/outcome_texts.py" line="73" />
            <source>住所（番地以降）</source>
            <translation>Address (after the town)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/outcome_texts.py" line="74" />
            <source>生年月日</source>
            <translation>Date of birth</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/outcome_texts.py" line="75" />
            <source>メール</source>
            <translation>E-mail</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/outcome_texts.py" line="76" />
            <source>電話</source>
            <translation>Phone</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/outcome_texts.py" line="77" />
            <source>フリガナ</source>
            <translation>Name in kana</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/outcome_texts.py" line="78" />
            <source>性別</source>
            <translation>Gender</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/outcome_texts.py" line="79" />
            <source>参加条件</source>
            <translation>Participation conditions</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/outcome_texts.py" line="80" />
            <source>受付時刻</source>
            <translation>Time of acceptance</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/outcome_texts.py" line="81" />
            <source>保護者の同意</source>
            <translation>Guardian consent</translation>
        </message>
    </context>
    <context>
        <name>FirstRun</name>
        <message>
            <location filename="../../desktop/ui/first_run_texts.py" line="16" />
            <source>サーバーのアドレスを入力してください。</source>
            <translation>Enter the server's address.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/first_run_texts.py" line="17" />
            <source>サーバーのアドレスは https:// で始まるものを入力してください。</source>
            <translation>Enter a server address that starts with https://.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/first_run_texts.py" line="18" />
            <source>暗号化されない接続（http://）は、この端末の中のサーバーにしか使えません。https:// で始まるアドレスを入力してください。</source>
            <translation>Unencrypted connections (http://) work only with a server on this laptop. Enter an address that starts with https://.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/first_run_texts.py" line="21" />
            <source>サーバーのアドレスの形が正しくありません。https://サーバー名 の形で入力してください。</source>
            <translation>That is not a valid server address. Enter it as https://server-name.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/first_run_texts.py" line="23" />
            <source>登録コードを入力してください。</source>
            <translation>Enter the enrolment code.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/first_run_texts.py" line="24" />
            <source>登録コードの形が違います。英数字16文字（XXXX-XXXX-XXXX-XXXX）です。</source>
            <translation>That is not an enrolment code. It has 16 letters and digits (XXXX-XXXX-XXXX-XXXX).</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/first_run_texts.py" line="25" />
            <source>このQRコードは端末登録用ではありません。登録用のQRコードを読み取ってください。</source>
            <translation>This QR code is not for enrolling a station. Scan the enrolment QR code.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/first_run_texts.py" line="28" />
            <source>この登録コードはサーバーにありません。入力を確かめるか、新しいコードをもらってください。</source>
            <translation>The server does not know this enrolment code. Check what you typed, or ask for a new code.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/first_run_texts.py" line="31" />
            <source>この登録コードはすでに使われています。新しいコードをもらってください。</source>
            <translation>This enrolment code has already been used. Ask for a new code.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/first_run_texts.py" line="32" />
            <source>この登録コードは有効期限が切れています。新しいコードをもらってください。</source>
            <translation>This enrolment code has expired. Ask for a new code.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/first_run_texts.py" line="33" />
            <source>この端末はすでに別のコードで登録されています。管理者に連絡してください。</source>
            <translation>This station is already enrolled with another code. Contact your administrator.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/first_run_texts.py" line="34" />
            <source>サーバーが登録を受け付けませんでした。管理者に連絡してください。</source>
            <translation>The server refused the enrolment. Contact your administrator.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/first_run_texts.py" line="35" />
            <source>このアドレスはふるさと住民登録のサーバーではないようです。アドレスを確かめてください。</source>
            <translation>This address does not seem to be a Furusato registration server. Check the address.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/first_run_texts.py" line="38" />
            <source>サーバーに接続できません。ネットワークとアドレスを確かめてください。</source>
            <translation>Cannot connect to the server. Check the network and the address.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/first_run_texts.py" line="39" />
            <source>サーバー側でエラーが起きました。しばらくしてからもう一度お試しください。</source>
            <translation>The server had an error. Try again in a while.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/first_run_texts.py" line="40" />
            <source>サーバーの証明書を確認できません。アドレスを確かめてください。自治体のネットワーク独自の証明書なら、「証明書ファイル」で選んでください。</source>
            <translation>The server's certificate cannot be verified. Check the address. If your municipal network uses its own certificates, choose them with "Certificate file".</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/first_run_texts.py" line="44" />
            <source>この端末はすでに登録されています。</source>
            <translation>This station is already enrolled.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/first_run_texts.py" line="45" />
            <source>登録できませんでした。もう一度お試しください。</source>
            <translation>Enrolment failed. Please try again.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/first_run_texts.py" line="48" />
            <source>登録できませんでした（%1）。</source>
            <translation>Enrolment failed (%1).</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/first_run_texts.py" line="52" />
            <source>登録しました: %1（活動 %2 件）。同期を始めます。</source>
            <translation>Enrolled: %1 (%2 activities). Starting to sync.</translation>
        </message>
    </context>
    <context>
        <name>FirstRunPage</name>
        <message>
            <location filename="../../desktop/ui/first_run_page.py" line="185" />
            <source>はじめに: この端末の使い方を選んでください</source>
            <translation>Getting started: choose how to use this station</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/first_run_page.py" line="186" />
            <source>この端末はまだ市区町村に登録されていません。デモで試すか、市区町村から受け取った登録コードで登録してください。</source>
            <translation>This station is not enrolled with a municipality yet. Try the demo, or enrol it with the code your municipality gave you.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/first_run_page.py" line="188" />
            <source>デモで試す</source>
            <translation>Try the demo</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/first_run_page.py" line="189" />
            <source>デモの活動（新潟県十日町市）で受付を試せます。デモ用の登録証は、この端末を登録すると使えなくなります。</source>
            <translation>Try check-in with the demo activities (Tokamachi, Niigata). Demo cards stop working once this station is enrolled.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/first_run_page.py" line="191" />
            <source>デモ用の登録証を表示</source>
            <translation>Show a demo card</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/first_run_page.py" line="192" />
            <source>コマンドでも作れます:</source>
            <translation>Or make one on the command line:</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/first_run_page.py" line="193" />
            <source>市区町村に登録する</source>
            <translation>Enrol with a municipality</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/first_run_page.py" line="194" />
            <source>サーバーのアドレス:</source>
            <translation>Server address:</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/first_run_page.py" line="195" />
            <source>登録コード:</source>
            <translation>Enrolment code:</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/first_run_page.py" line="198" />
            <source>登録する (Enter)</source>
            <translation>Enrol (Enter)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/first_run_page.py" line="199" />
            <source>証明書ファイル…</source>
            <translation>Certificate file…</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/first_run_page.py" line="200" />
            <source>登録用のQRコードをスキャナーで読み取るか、カメラに見せても登録できます。</source>
            <translation>You can also enrol by scanning the enrolment QR code with the scanner or showing it to the camera.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/first_run_page.py" line="224" />
            <source>デモで始める</source>
            <translation>Start the demo</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/first_run_page.py" line="202" />
            <source>証明書ファイル: %1</source>
            <translation>Certificate file: %1</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/first_run_page.py" line="224" />
            <source>デモに戻る</source>
            <translation>Back to the demo</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/first_run_page.py" line="225" />
            <source>カメラを止める</source>
            <translation>Stop the camera</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/first_run_page.py" line="225" />
            <source>カメラで読み取る</source>
            <translation>Read with the camera</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/first_run_page.py" line="284" />
            <source>ロック中は登録できません。ロックを解除してください。</source>
            <translation>The station cannot be enrolled while locked. Unlock it first.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/first_run_page.py" line="300" />
            <source>登録しています… %1</source>
            <translation>Enrolling… %1</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/first_run_page.py" line="329" />
            <source>証明書ファイルを選ぶ</source>
            <translation>Choose a certificate file</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/first_run_page.py" line="330" />
            <source>証明書 (*.pem *.crt *.cer);;すべてのファイル (*)</source>
            <translation>Certificates (*.pem *.crt *.cer);;All files (*)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/first_run_page.py" line="350" />
            <source>カメラが使えません。スキャナーで読み取るか、アドレスとコードを入力してください。</source>
            <translation>No camera available. Scan with the scanner, or type the address and the code.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/first_run_page.py" line="355" />
            <source>カメラ準備中…</source>
            <translation>Starting the camera…</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/first_run_page.py" line="261" />
            <source>デモ用の登録証を作れません（インストールが不完全です）。</source>
            <translation>Cannot make a demo card (the installation is incomplete).</translation>
        </message>
    </context>
    <context>
        <name>LockBar</name>
        <message>
            <location filename="../../desktop/ui/lock_bar.py" line="52" />
            <source>個人情報を隠しています。受付はこのまま続けられます。</source>
            <translation>Personal details are hidden. Check-in continues as usual.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/lock_bar.py" line="53" />
            <source>ロック中 — 解除 (Ctrl+L)</source>
            <translation>Locked — unlock (Ctrl+L)</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <location filename="../../desktop/ui/main_window.py" line="260" />
            <source>ふるさと住民登録 活動受付</source>
            <translation>Furusato Resident Registration — Activity Check-in</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/main_window.py" line="261" />
            <source>USBで書き出す (F10)</source>
            <translation>Write to USB (F10)</translation>
        </message>
    </context>
    <context>
        <name>ManualEntryForm</name>
        <message>
            <location filename="../../desktop/ui/manual_entry_form.py" line="163" />
            <source>手書き受付（登録証のない方）</source>
            <translation>Manual entry (no card)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/manual_entry_form.py" line="164" />
            <source>（必須）</source>
            <translation> (required)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/manual_entry_form.py" line="166" />
            <source>氏名</source>
            <translation>Name</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/manual_entry_form.py" line="166" />
            <source>フリガナ</source>
            <translation>Name in kana</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/manual_entry_form.py" line="166" />
            <source>郵便番号</source>
            <translation>Postal code</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/manual_entry_form.py" line="167" />
            <source>住所（番地以降）</source>
            <translation>Address (after the town)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/manual_entry_form.py" line="167" />
            <source>生年月日</source>
            <translation>Date of birth</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/manual_entry_form.py" line="167" />
            <source>メール</source>
            <translation>E-mail</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/manual_entry_form.py" line="168" />
            <source>電話</source>
            <translation>Phone</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/manual_entry_form.py" line="168" />
            <source>性別</source>
            <translation>Gender</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/manual_entry_form.py" line="168" />
            <source>参加条件</source>
            <translation>Participation conditions</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/manual_entry_form.py" line="169" />
            <source>受付時刻</source>
            <translation>Time of acceptance</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/manual_entry_form.py" line="169" />
            <source>保護者の同意</source>
            <translation>Guardian consent</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/manual_entry_form.py" line="173" />
            <source>保護者の同意（未成年の方は必須）:</source>
            <translation>Guardian consent (required for minors):</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/manual_entry_form.py" line="174" />
            <source>受付時刻（空欄なら今）:</source>
            <translation>Time of acceptance (empty: now):</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/manual_entry_form.py" line="176" />
            <source>例: 942-1432</source>
            <translation>e.g. 942-1432</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/manual_entry_form.py" line="177" />
            <source>例: 1980-04-01 / 昭和55年4月1日</source>
            <translation>e.g. 1980-04-01 / 昭和55年4月1日</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/manual_entry_form.py" line="178" />
            <source>例: 2026-11-22 09:30</source>
            <translation>e.g. 2026-11-22 09:30</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/manual_entry_form.py" line="180" />
            <source>同意を確認しました</source>
            <translation>Consent confirmed</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/manual_entry_form.py" line="179" />
            <source>例: 025-597-0000</source>
            <translation>e.g. 025-597-0000</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/manual_entry_form.py" line="184" />
            <source>（未選択）</source>
            <translation>(not chosen)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/manual_entry_form.py" line="184" />
            <source>女性</source>
            <translation>Female</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/manual_entry_form.py" line="184" />
            <source>男性</source>
            <translation>Male</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/manual_entry_form.py" line="184" />
            <source>その他</source>
            <translation>Other</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/manual_entry_form.py" line="185" />
            <source>回答しない</source>
            <translation>Prefer not to say</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/manual_entry_form.py" line="188" />
            <source>記録する（Enter）</source>
            <translation>Record (Enter)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/manual_entry_form.py" line="189" />
            <source>戻る（Esc）</source>
            <translation>Back (Esc)</translation>
        </message>
    </context>
    <context>
        <name>NewActivityDialog</name>
        <message>
            <location filename="../../desktop/ui/new_activity_dialog.py" line="127" />
            <source>新しい活動</source>
            <translation>New activity</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/new_activity_dialog.py" line="129" />
            <source>この場で活動を作り、すぐに受付できます。活動は自治体に「提案」として送られ、指定されると参加記録が数えられます。</source>
            <translation>Create an activity here and start checking people in at once. It is sent to the local government as a proposal; attendance counts once it is designated.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/new_activity_dialog.py" line="131" />
            <source>活動名</source>
            <translation>Title</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/new_activity_dialog.py" line="131" />
            <source>種類</source>
            <translation>Kind</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/new_activity_dialog.py" line="131" />
            <source>内容</source>
            <translation>Content</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/new_activity_dialog.py" line="132" />
            <source>場所</source>
            <translation>Place</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/new_activity_dialog.py" line="132" />
            <source>開催地（団体コード）</source>
            <translation>Venue (local-government code)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/new_activity_dialog.py" line="132" />
            <source>開始</source>
            <translation>Start</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/new_activity_dialog.py" line="133" />
            <source>終了</source>
            <translation>End</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/new_activity_dialog.py" line="138" />
            <source>作成して受付を開始</source>
            <translation>Create and start check-in</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/new_activity_dialog.py" line="139" />
            <source>やめる (Esc)</source>
            <translation>Cancel (Esc)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/new_activity_dialog.py" line="150" />
            <source>（6桁の団体コード）</source>
            <translation>(6-digit code)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/new_activity_dialog.py" line="180" />
            <source>入力してください</source>
            <translation>Please fill this in</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/new_activity_dialog.py" line="181" />
            <source>長すぎます</source>
            <translation>Too long</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/new_activity_dialog.py" line="182" />
            <source>使えない文字が含まれています</source>
            <translation>Contains characters that cannot be used</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/new_activity_dialog.py" line="183" />
            <source>団体コードが正しくありません（6桁）</source>
            <translation>Not a valid local-government code (6 digits)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/new_activity_dialog.py" line="184" />
            <source>種類を選んでください</source>
            <translation>Choose a kind</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/new_activity_dialog.py" line="185" />
            <source>日時が正しくありません</source>
            <translation>Not a valid date and time</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/new_activity_dialog.py" line="186" />
            <source>終了は開始より後にしてください</source>
            <translation>The end must be after the start</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/new_activity_dialog.py" line="187" />
            <source>2026年4月1日より前の活動は記録の対象外です</source>
            <translation>Activities before 1 April 2026 are not recorded</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/new_activity_dialog.py" line="188" />
            <source>活動の期間は1年以内にしてください</source>
            <translation>An activity lasts at most one year</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/new_activity_dialog.py" line="189" />
            <source>保存できませんでした。もう一度お試しください。</source>
            <translation>Could not be saved. Please try again.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/new_activity_dialog.py" line="191" />
            <source>入力内容を確認してください</source>
            <translation>Please check what you entered</translation>
        </message>
    </context>
    <context>
        <name>Outcome</name>
        <message>
            <location filename="../../desktop/ui/outcome_texts.py" line="34" />
            <source>記録しました</source>
            <translation>Recorded</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/outcome_texts.py" line="36" />
            <source>本日は記録済みです</source>
            <translation>Already recorded today</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/outcome_texts.py" line="37" />
            <source>受付できません</source>
            <translation>Cannot check in</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/outcome_texts.py" line="43" />
            <source>参加を記録しました。</source>
            <translation>Participation recorded.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/outcome_texts.py" line="44" />
            <source>この方は本日この活動に記録済みです。もう一度記録する必要はありません。</source>
            <translation>This person is already recorded for this activity today. No need to record again.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/outcome_texts.py" line="45" />
            <source>ふるさと住民登録証のQRコードではありません。登録証の画面をもう一度見せてもらってください。</source>
            <translation>This is not a Furusato resident card QR code. Ask to see the card screen again.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/outcome_texts.py" line="46" />
            <source>登録証の署名が正しくありません。偽造または改変の可能性があります。手書き受付で記録してください。</source>
            <translation>The card's signature is not valid; it may be forged or altered. Record the person by manual entry.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/outcome_texts.py" line="47" />
            <source>この端末が知らない鍵で発行された登録証です。同期してから再度読み取るか、手書き受付で記録してください。</source>
            <translation>The card was issued with a key this station does not know. Sync and scan again, or use manual entry.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/outcome_texts.py" line="48" />
            <source>登録証の有効期限が切れています。アプリで登録証を更新してもらってください。</source>
            <translation>The card has expired. Ask the person to renew it in the app.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/outcome_texts.py" line="49" />
            <source>登録証の有効期間がまだ始まっていません。端末の時計を確認してください。</source>
            <translation>The card is not valid yet. Check this station's clock.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/outcome_texts.py" line="50" />
            <source>この登録証は失効しています。受付できません。</source>
            <translation>This card has been revoked and cannot be accepted.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/outcome_texts.py" line="51" />
            <source>登録証ではないQRコードです（活動QRなど）。登録証を見せてもらってください。</source>
            <translation>This QR code is not a resident card (perhaps an activity QR). Ask for the card.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/outcome_texts.py" line="52" />
            <source>この活動は今は受付時間外です。活動の日時を確認してください。</source>
            <translation>This activity is not open for check-in now. Check the activity's dates and times.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/outcome_texts.py" line="53" />
            <source>入力内容に誤りがあります。赤く表示された項目を直してください。</source>
            <translation>Some entries are wrong. Fix the fields shown in red.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/outcome_texts.py" line="61" />
            <source>たった今</source>
            <translation>just now</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/outcome_texts.py" line="64" />
            <source>%n秒前</source>
            <translation>%n s ago</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/outcome_texts.py" line="66" />
            <source>%n分前</source>
            <translation>%n min ago</translation>
        </message>
    </context>
    <context>
        <name>PassphraseSetupDialog</name>
        <message>
            <location filename="../../desktop/ui/sign_in.py" line="162" />
            <source>パスフレーズの設定</source>
            <translation>Set a passphrase</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/sign_in.py" line="163" />
            <source>この端末のパスフレーズを決めてください</source>
            <translation>Choose a passphrase for this station</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/sign_in.py" line="165" />
            <source>参加者の個人情報はこのパスフレーズで保護されます。%1文字以上で、担当者だけが知るものにしてください。忘れると記録を読めなくなります。</source>
            <translation>Participants' personal data is protected by this passphrase. Use at least %1 characters, known only to the designated staff. If it is forgotten, the records cannot be read.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/sign_in.py" line="168" />
            <source>パスフレーズ:</source>
            <translation>Passphrase:</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/sign_in.py" line="169" />
            <source>もう一度入力:</source>
            <translation>Enter it again:</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/sign_in.py" line="170" />
            <source>設定する（Enter）</source>
            <translation>Set (Enter)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/sign_in.py" line="185" />
            <location filename="../../desktop/ui/sign_in.py" line="197" />
            <source>パスフレーズが短すぎます。%1文字以上にしてください。</source>
            <translation>The passphrase is too short. Use at least %1 characters.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/sign_in.py" line="190" />
            <source>2回の入力が一致しません。もう一度入力してください。</source>
            <translation>The two entries do not match. Please enter it again.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/sign_in.py" line="201" />
            <source>設定できませんでした: %1</source>
            <translation>Could not set the passphrase: %1</translation>
        </message>
    </context>
    <context>
        <name>Reason</name>
        <message>
            <location filename="../../desktop/ui/outcome_texts.py" line="90" />
            <source>入力してください</source>
            <translation>Required</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/outcome_texts.py" line="91" />
            <source>形式が正しくありません</source>
            <translation>Wrong format</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/outcome_texts.py" line="92" />
            <source>不明な項目です</source>
            <translation>Unknown field</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/outcome_texts.py" line="93" />
            <source>氏名が長すぎます（100文字まで）</source>
            <translation>Name too long (max. 100 characters)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/outcome_texts.py" line="94" />
            <source>氏名に使えない文字が含まれています</source>
            <translation>Name contains characters that cannot be used</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/outcome_texts.py" line="95" />
            <source>郵便番号は7桁の数字で入力してください</source>
            <translation>Enter a 7-digit postal code</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/outcome_texts.py" line="96" />
            <source>この郵便番号は見つかりません</source>
            <translation>Postal code not found</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/outcome_texts.py" line="97" />
            <source>住所が長すぎます（200文字まで）</source>
            <translation>Address too long (max. 200 characters)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/outcome_texts.py" line="98" />
            <source>住所に使えない文字が含まれています</source>
            <translation>Address contains characters that cannot be used</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/outcome_texts.py" line="99" />
            <source>日付として読めません（例: 1980-04-01、昭和55年4月1日）</source>
            <translation>Not a date (e.g. 1980-04-01, 昭和55年4月1日)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/outcome_texts.py" line="100" />
            <source>未来の日付です</source>
            <translation>Date is in the future</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/outcome_texts.py" line="101" />
            <source>130年以上前の日付です</source>
            <translation>Date is more than 130 years ago</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/outcome_texts.py" line="102" />
            <source>メールアドレスの形式が正しくありません</source>
            <translation>Not a valid e-mail address</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/outcome_texts.py" line="103" />
            <source>電話番号として正しくありません</source>
            <translation>Not a valid phone number</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/outcome_texts.py" line="104" />
            <source>日本の電話番号を入力してください</source>
            <translation>Enter a Japanese phone number</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/outcome_texts.py" line="105" />
            <source>ひらがな・カタカナで入力してください</source>
            <translation>Use hiragana or katakana</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/outcome_texts.py" line="106" />
            <source>フリガナが長すぎます</source>
            <translation>Kana name too long</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/outcome_texts.py" line="107" />
            <source>選択肢から選んでください</source>
            <translation>Choose one of the options</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/outcome_texts.py" line="108" />
            <source>参加条件が長すぎます（1000文字まで）</source>
            <translation>Conditions too long (max. 1000 characters)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/outcome_texts.py" line="109" />
            <source>参加条件に使えない文字が含まれています</source>
            <translation>Conditions contain characters that cannot be used</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/outcome_texts.py" line="110" />
            <source>時刻として読めません（例: 2026-11-22 09:30）</source>
            <translation>Not a time (e.g. 2026-11-22 09:30)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/outcome_texts.py" line="111" />
            <source>未来の時刻です</source>
            <translation>Time is in the future</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/outcome_texts.py" line="112" />
            <source>未成年の方は保護者の同意が必要です</source>
            <translation>Minors need guardian consent</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/outcome_texts.py" line="114" />
            <source>入力内容を確認してください</source>
            <translation>Check this entry</translation>
        </message>
    </context>
    <context>
        <name>ResultPanel</name>
        <message>
            <location filename="../../desktop/ui/result_panel.py" line="176" />
            <source>エラー</source>
            <translation>Error</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/result_panel.py" line="180" />
            <source>受付時間外</source>
            <translation>Not open for check-in</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/result_panel.py" line="184" />
            <source>登録証をかざしてください</source>
            <translation>Show your card to the camera</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/result_panel.py" line="186" />
            <source>カメラ・スキャナー・手書き受付のどれでも受け付けます</source>
            <translation>Camera, scanner or manual entry all work</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/result_panel.py" line="299" />
            <source>必要回数は全国基準の3回で表示しています。自治体がこれより多く定めている場合は中央の記録で確認できます。</source>
            <translation>The number needed is shown as the national minimum of 3. If the local government asks for more, the central records show it.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/result_panel.py" line="308" />
            <source>この自治体での活動（直近1年）: %1回（必要%2回）</source>
            <translation>Activities here, last 12 months: %1 (%2 needed)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/result_panel.py" line="310" />
            <source>この自治体での活動（直近1年）: %1/%2回</source>
            <translation>Activities here, last 12 months: %1 of %2</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/result_panel.py" line="312" />
            <source>（中央の記録）</source>
            <translation> (central records)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/result_panel.py" line="312" />
            <source>（この端末の記録）</source>
            <translation> (this station's records)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/result_panel.py" line="315" />
            <source>　ほか%1回は活動の指定待ち</source>
            <translation> (%1 more await designation of the activity)</translation>
        </message>
    </context>
    <context>
        <name>Scanner</name>
        <message>
            <location filename="../../desktop/ui/outcome_texts.py" line="121" />
            <source>カメラを起動しています…</source>
            <translation>Starting camera…</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/outcome_texts.py" line="122" />
            <source>カメラ作動中</source>
            <translation>Camera on</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/outcome_texts.py" line="123" />
            <source>カメラが見つかりません。接続を確認してください（再試行中）</source>
            <translation>No camera found. Check the connection (retrying)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/outcome_texts.py" line="124" />
            <source>カメラとの接続が切れました（再接続中）</source>
            <translation>Camera disconnected (reconnecting)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/outcome_texts.py" line="125" />
            <source>録画映像を再生中</source>
            <translation>Replaying recorded video</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/outcome_texts.py" line="126" />
            <source>録画映像の再生が終わりました</source>
            <translation>Replay finished</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/outcome_texts.py" line="127" />
            <source>再生する映像がありません</source>
            <translation>Nothing to replay</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/outcome_texts.py" line="128" />
            <source>映像ファイルを読めません</source>
            <translation>Cannot read the video file</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/outcome_texts.py" line="129" />
            <source>カメラでエラーが起きました</source>
            <translation>Camera error</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/outcome_texts.py" line="130" />
            <source>読み取り処理でエラーが起きました</source>
            <translation>QR reading error</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/outcome_texts.py" line="131" />
            <source>カメラ停止</source>
            <translation>Camera stopped</translation>
        </message>
    </context>
    <context>
        <name>SettingsPage</name>
        <message>
            <location filename="../../desktop/ui/settings_page.py" line="186" />
            <source>設定</source>
            <translation>Settings</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/settings_page.py" line="188" />
            <source>カメラを使う</source>
            <translation>Use camera</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/settings_page.py" line="188" />
            <source>カメラ番号</source>
            <translation>Camera number</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/settings_page.py" line="189" />
            <source>カメラ解像度</source>
            <translation>Camera resolution</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/settings_page.py" line="189" />
            <source>音を鳴らす</source>
            <translation>Play sounds</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/settings_page.py" line="190" />
            <source>音量</source>
            <translation>Volume</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/settings_page.py" line="190" />
            <source>表示言語</source>
            <translation>Language</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/settings_page.py" line="191" />
            <source>屋外モード（高コントラスト・大きな文字）</source>
            <translation>Outdoor mode (high contrast, large type)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/settings_page.py" line="192" />
            <source>自動ロックまでの時間（分）</source>
            <translation>Minutes until automatic lock</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/settings_page.py" line="193" />
            <source>データフォルダ</source>
            <translation>Data folder</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/settings_page.py" line="194" />
            <source>個人情報の保存期間（中央への送信確認後の日数）</source>
            <translation>Keep personal details (days after the central confirmed receipt)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/settings_page.py" line="195" />
            <source>日付の表示</source>
            <translation>Dates shown as</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/settings_page.py" line="197" />
            <source>ロックしない</source>
            <translation>Never lock</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/settings_page.py" line="198" />
            <source> 日</source>
            <translation> days</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/settings_page.py" line="199" />
            <source>確認後すぐに削除</source>
            <translation>Delete right after confirmation</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/settings_page.py" line="201" />
            <source>ガイドライン IV-4：参加者の個人情報は自治体の領域（中央システム）で保管されます。この端末の控えは、中央システムが受け取りを確認してからこの日数が過ぎると、次の同期で自動的に削除されます。短いほど、端末の紛失・盗難による漏えい（個人情報保護委員会への報告の対象）の危険が小さくなります。未送信・差し戻しの記録は削除されません。</source>
            <translation>Guideline IV-4: participants' personal details are kept in the local government's area (the central system). This laptop's copy is deleted automatically at the first sync after this many days have passed since the central confirmed receipt. The shorter, the smaller the risk of a leak if the laptop is lost or stolen (a leak must be reported to the Personal Information Protection Commission). Records not yet sent, or sent back, are never deleted.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/settings_page.py" line="205" />
            <source>西暦（2026-04-01）</source>
            <translation>Western (2026-04-01)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/settings_page.py" line="206" />
            <source>和暦（令和8年4月1日）</source>
            <translation>Japanese era (令和8年4月1日)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/settings_page.py" line="209" />
            <source>戻る (Esc)</source>
            <translation>Back (Esc)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/settings_page.py" line="210" />
            <source>この端末を市区町村に登録する…</source>
            <translation>Enrol this station with a municipality…</translation>
        </message>
    </context>
    <context>
        <name>SignIn</name>
        <message>
            <location filename="../../desktop/ui/sign_in.py" line="392" />
            <source>データ鍵の異常</source>
            <translation>Data key problem</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/sign_in.py" line="393" />
            <source>この端末はパスフレーズで保護されていましたが、鍵ファイルが保護されていません。バックアップから鍵ファイルを戻してください。</source>
            <translation>This station was protected by a passphrase, but its key file is not. Restore the key file from a backup.</translation>
        </message>
    </context>
    <context>
        <name>StationStatusBar</name>
        <message>
            <location filename="../../desktop/ui/status_bar.py" line="129" />
            <source>端末ID: %1  団体: %2</source>
            <translation>Station ID: %1  Municipality: %2</translation>
        </message>
        <message numerus="yes">
            <location filename="../../desktop/ui/status_bar.py" line="95" />
            <source>未送信: %n 件</source>
            <translation>
                <numerusform>Not sent: %n record</numerusform>
                <numerusform>Not sent: %n records</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../desktop/ui/status_bar.py" line="94" />
            <source>未送信: 確認中</source>
            <translation>Not sent: counting…</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/status_bar.py" line="134" />
            <source>通信: 未確認</source>
            <translation>Network: unknown</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/status_bar.py" line="134" />
            <source>通信: 準備中</source>
            <translation>Network: starting</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/status_bar.py" line="135" />
            <source>通信: 接続中</source>
            <translation>Network: online</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/status_bar.py" line="135" />
            <source>通信: 未登録の端末</source>
            <translation>Network: station not enrolled</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/status_bar.py" line="136" />
            <source>通信: オフライン</source>
            <translation>Network: offline</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/status_bar.py" line="136" />
            <source>通信: 同期中</source>
            <translation>Network: syncing</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/status_bar.py" line="137" />
            <source>通信: エラー</source>
            <translation>Network: error</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/status_bar.py" line="137" />
            <source>通信: 送信停止中</source>
            <translation>Network: sending stopped</translation>
        </message>
    </context>
    <context>
        <name>StickDialog</name>
        <message>
            <location filename="../../desktop/ui/stick_dialog.py" line="124" />
            <source>USB（書き出し・受領書）</source>
            <translation>USB (export and receipts)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/stick_dialog.py" line="125" />
            <source>USBで中央とやりとりする</source>
            <translation>Exchange records with the central system by USB</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/stick_dialog.py" line="127" />
            <source>USBメモリを選んで書き出します（氏名・連絡先などの個人情報を含みます）。中央が取り込んだ後の受領書を読み込むと、記録は送信済みになります。</source>
            <translation>Write to a USB stick (it holds personal details); read the central's receipt here later to mark the records sent.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/stick_dialog.py" line="129" />
            <source>USBを探し直す</source>
            <translation>Look for USB sticks again</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/stick_dialog.py" line="130" />
            <source>フォルダを選ぶ…</source>
            <translation>Choose a folder…</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/stick_dialog.py" line="131" />
            <source>USBに書き出す</source>
            <translation>Write to USB</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/stick_dialog.py" line="132" />
            <source>受領書を読み込む…</source>
            <translation>Read a receipt…</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/stick_dialog.py" line="133" />
            <source>閉じる (Esc)</source>
            <translation>Close (Esc)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/stick_dialog.py" line="135" />
            <source>USBメモリが見つかりません。差し込んで「USBを探し直す」を押すか、「フォルダを選ぶ…」から書き出す先を選んでください。</source>
            <translation>No USB stick found. Plug one in and press “Look for USB sticks again”, or pick where to write with “Choose a folder…”.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/stick_dialog.py" line="187" />
            <source>書き出す先のフォルダ</source>
            <translation>Folder to write to</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/stick_dialog.py" line="212" />
            <source>書き出しています…（読み戻して確認するまでUSBを抜かないでください）</source>
            <translation>Writing… (do not pull out the USB stick until it has been read back and checked)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/stick_dialog.py" line="218" />
            <source>書き出して確認しました: %1（%2 件）。中央で取り込んだら、受け取った受領書を「受領書を読み込む…」で読み込んでください。</source>
            <translation>Written and checked: %1 (%2 records). Once the central system has imported it, read the receipt you get back with “Read a receipt…”.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/stick_dialog.py" line="225" />
            <source>記録が多すぎて1つのファイルに書き出せません。担当者に連絡してください。</source>
            <translation>Too many records to write into one file. Contact the person in charge.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/stick_dialog.py" line="226" />
            <source>書き出したファイルを読み戻して確認できませんでした（USBの不具合の可能性）。ファイルは消しました。別のUSBで書き出してください。</source>
            <translation>The written file could not be read back and checked (the USB stick may be faulty). The file was removed. Write to another USB stick.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/stick_dialog.py" line="228" />
            <source>書き出せませんでした（%1）。空き容量と書き込み禁止を確認してください。</source>
            <translation>Could not write (%1). Check the free space and that the stick is not write-protected.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/stick_dialog.py" line="236" />
            <source>受領書を選ぶ</source>
            <translation>Choose a receipt</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/stick_dialog.py" line="237" />
            <source>受領書 (*.frr *.jws *.txt);;すべてのファイル (*)</source>
            <translation>Receipts (*.frr *.jws *.txt);;All files (*)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/stick_dialog.py" line="246" />
            <source>受領書を確認しています…</source>
            <translation>Checking the receipt…</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/stick_dialog.py" line="254" />
            <source>受領書を読み込みました: %1 件を送信済みにしました。未送信は残り %2 件です。</source>
            <translation>Receipt read: %1 records are now sent. %2 records still wait.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/stick_dialog.py" line="257" />
            <source>中央が受け付けなかった記録が %1 件あります。</source>
            <translation>The central system refused %1 records.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/stick_dialog.py" line="279" />
            <source>予期しないエラーで完了できませんでした。記録はこの端末に残っています。</source>
            <translation>An unexpected error stopped this. The records remain on this station.</translation>
        </message>
    </context>
    <context>
        <name>Sync</name>
        <message>
            <location filename="../../desktop/ui/sync_texts.py" line="22" />
            <source>同期できませんでした。しばらくして自動で再試行します。</source>
            <translation>Sync did not complete. It will retry automatically shortly.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/sync_texts.py" line="23" />
            <source>サーバーのURLが安全ではありません（httpsが必要です）。登録をやり直してください。</source>
            <translation>The server URL is not secure (https is required). Please enrol the station again.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/sync_texts.py" line="24" />
            <source>この端末はまだ登録されていません。記録は端末内に保存されます。</source>
            <translation>This station is not enrolled yet. Records are kept on this computer.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/sync_texts.py" line="25" />
            <source>サーバーに接続できません。記録は端末内に保存され、つながったら送信します。</source>
            <translation>Server unreachable. Records are kept here and sent once connected.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/sync_texts.py" line="26" />
            <source>サーバーの証明書を確認できません。担当者に連絡してください。</source>
            <translation>The server's certificate could not be verified. Please contact the coordinator.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/sync_texts.py" line="27" />
            <source>サーバーから想定外の応答がありました。担当者に連絡してください。</source>
            <translation>The server sent an unexpected answer. Please contact the coordinator.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/sync_texts.py" line="28" />
            <source>サーバーが受け付けませんでした。担当者に連絡してください。</source>
            <translation>The server refused the request. Please contact the coordinator.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/sync_texts.py" line="30" />
            <source>サーバーの応答がありません（時間切れ）。自動で再試行します。</source>
            <translation>The server did not answer in time. It will retry automatically.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/sync_texts.py" line="31" />
            <source>サーバーが混み合っています。少し待って自動で再試行します。</source>
            <translation>The server is busy. It will retry automatically in a moment.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/sync_texts.py" line="32" />
            <source>サーバー側でエラーが起きました。自動で再試行します。</source>
            <translation>The server had an error. It will retry automatically.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/sync_texts.py" line="33" />
            <source>同期中に予期しないエラーが起きました。記録は端末内に残っています。</source>
            <translation>An unexpected error occurred while syncing. Records are safe on this computer.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/sync_texts.py" line="35" />
            <source>サーバーがこの端末を知りません。登録をやり直してください。</source>
            <translation>The server does not know this station. Please enrol it again.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/sync_texts.py" line="36" />
            <source>この端末の登録は取り消されています。担当者に連絡してください。</source>
            <translation>This station's enrolment has been revoked. Please contact the coordinator.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/sync_texts.py" line="37" />
            <source>端末の鍵がサーバーの登録と一致しません。担当者に連絡してください。</source>
            <translation>This station's key does not match the server's record. Please contact the coordinator.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/sync_texts.py" line="38" />
            <source>一度に送る記録が多すぎます。自動で分けて再送します。</source>
            <translation>Too many records in one batch. They will be resent in smaller parts automatically.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/sync_texts.py" line="39" />
            <source>端末の時計がずれているため、サーバーが受け付けませんでした。時計を合わせてください。</source>
            <translation>The server refused the records because this computer's clock is wrong. Please set the clock.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/sync_texts.py" line="49" />
            <source>サーバーが受け付けませんでした（%1）。担当者に連絡してください。</source>
            <translation>The server refused the request (%1). Please contact the coordinator.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/sync_texts.py" line="81" />
            <source>注意: 端末の時計が約 %1 分進んでいます。受付時刻が正しく記録されません。時計を合わせてください。</source>
            <translation>Warning: this computer's clock is about %1 minutes ahead. Check-in times will be wrong. Please set the clock.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/sync_texts.py" line="83" />
            <source>注意: 端末の時計が約 %1 分遅れています。受付時刻が正しく記録されません。時計を合わせてください。</source>
            <translation>Warning: this computer's clock is about %1 minutes behind. Check-in times will be wrong. Please set the clock.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/sync_texts.py" line="89" />
            <location filename="../../desktop/ui/sync_texts.py" line="93" />
            <source>最終同期: まだありません</source>
            <translation>Last sync: not yet</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/sync_texts.py" line="94" />
            <source>最終同期: %1</source>
            <translation>Last sync: %1</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/sync_texts.py" line="57" />
            <source>この端末が中央に登録されていません</source>
            <translation>this station is not enrolled with the central system</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/sync_texts.py" line="58" />
            <source>この端末の登録が取り消されています</source>
            <translation>this station's enrolment has been revoked</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/sync_texts.py" line="59" />
            <source>記録の形式が正しくありません</source>
            <translation>the record is not in the expected format</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/sync_texts.py" line="60" />
            <source>署名が一致しません</source>
            <translation>the signature does not match</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/sync_texts.py" line="61" />
            <source>記録の端末IDが一致しません</source>
            <translation>the record names another station</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/sync_texts.py" line="62" />
            <source>同じIDの別の記録が中央にあります</source>
            <translation>the central system holds another record with the same ID</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/sync_texts.py" line="63" />
            <source>それより前の記録が中央に届いていません</source>
            <translation>earlier records have not reached the central system</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/sync_texts.py" line="64" />
            <source>同じ番号の別の記録が中央にあります</source>
            <translation>the central system holds another record with the same number</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/sync_texts.py" line="71" />
            <source>中央が記録 #%1 を受け付けませんでした（理由: %2）。記録はこの端末に残っています。USBで書き出すか管理者に連絡してください。</source>
            <translation>The central system did not accept record #%1 (reason: %2). The records remain on this station. Export them to USB or contact the administrator.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/sync_texts.py" line="41" />
            <source>中央の応答に署名がないため、記録を送信済みにしていません。記録は端末に残り、自動で再送します。</source>
            <translation>The central's answer is not signed, so no record was marked as sent. The records remain on this station and will be sent again.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/sync_texts.py" line="42" />
            <source>中央の応答がこの端末の知らない鍵で署名されているため、記録を送信済みにしていません。担当者に連絡してください。</source>
            <translation>The central's answer is signed with a key this station does not know, so no record was marked as sent. Contact the person in charge.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/sync_texts.py" line="43" />
            <source>中央の応答の署名が正しくないため、記録を送信済みにしていません。通信が改ざんされている可能性があります。担当者に連絡してください。</source>
            <translation>The central's answer has a signature that does not match, so no record was marked as sent. Someone may be altering the connection. Contact the person in charge.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/sync_texts.py" line="44" />
            <source>中央の応答の形式がこの端末の版と合わないため、記録を送信済みにしていません。端末を更新してください。</source>
            <translation>The central's answer is in a form this version of the station cannot read, so no record was marked as sent. Update the station.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/sync_texts.py" line="45" />
            <source>中央の応答が送った記録と一致しないため、記録を送信済みにしていません。記録は端末に残り、自動で再送します。</source>
            <translation>The central's answer does not match the records sent, so they were not marked as sent. The records remain on this station and will be sent again.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/sync_texts.py" line="100" />
            <source>ファイルを読み込めませんでした。</source>
            <translation>The file could not be read.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/sync_texts.py" line="101" />
            <source>このファイルは受領書ではありません（壊れているか、別のファイルです）。</source>
            <translation>This file is not a receipt (it is damaged, or another file).</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/sync_texts.py" line="102" />
            <source>この端末は中央の署名鍵をまだ持っていないため、受領書を確認できません。一度オンラインで同期してください。</source>
            <translation>This station does not hold the central's signing key yet, so it cannot check a receipt. Sync online once.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/sync_texts.py" line="103" />
            <source>受領書がこの端末の知らない鍵で署名されています。</source>
            <translation>The receipt is signed with a key this station does not know.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/sync_texts.py" line="104" />
            <source>受領書の署名が一致しません（ファイルが壊れているか、書き換えられています）。</source>
            <translation>The receipt's signature does not match (the file is damaged or has been altered).</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/sync_texts.py" line="105" />
            <source>受領書の形式がこの端末の版と合いません。端末を更新してください。</source>
            <translation>The receipt is in a form this version of the station cannot read. Update the station.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/sync_texts.py" line="106" />
            <source>この受領書は別の端末（または別の団体）のものです。</source>
            <translation>This receipt is for another station (or another local government).</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/sync_texts.py" line="107" />
            <source>この受領書はすでに読み込み済みです。</source>
            <translation>This receipt has already been read.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/sync_texts.py" line="108" />
            <source>この受領書は、読み込み済みの受領書より古いものです。</source>
            <translation>This receipt is older than one already read.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/sync_texts.py" line="109" />
            <source>受領書の内容が正しくありません。</source>
            <translation>The receipt's contents are not valid.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/sync_texts.py" line="111" />
            <source>受領書を読み込めませんでした（%1）。</source>
            <translation>The receipt could not be read (%1).</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/sync_texts.py" line="113" />
            <source>%1何も変更していません。</source>
            <translation>%1 Nothing was changed.</translation>
        </message>
    </context>
    <context>
        <name>UnlockDialog</name>
        <message>
            <location filename="../../desktop/ui/sign_in.py" line="376" />
            <source>ふるさと住民登録 活動受付 — サインイン</source>
            <translation>Furusato Resident Registration Check-in — Sign in</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/sign_in.py" line="377" />
            <source>担当者のパスフレーズで開きます</source>
            <translation>Enter the designated staff passphrase to open</translation>
        </message>
    </context>
    <context>
        <name>UnlockForm</name>
        <message>
            <location filename="../../desktop/ui/sign_in.py" line="264" />
            <source>パスフレーズを入力してください:</source>
            <translation>Enter the passphrase:</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/sign_in.py" line="265" />
            <source>解除（Enter）</source>
            <translation>Unlock (Enter)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/sign_in.py" line="295" />
            <source>パスフレーズを入力してください。</source>
            <translation>Please enter the passphrase.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/sign_in.py" line="300" />
            <source>確認しています…</source>
            <translation>Checking…</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/sign_in.py" line="333" />
            <location filename="../../desktop/ui/sign_in.py" line="341" />
            <source>パスフレーズが違います。</source>
            <translation>Wrong passphrase.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/sign_in.py" line="335" />
            <source>解除できませんでした: %1</source>
            <translation>Could not unlock: %1</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/sign_in.py" line="349" />
            <source>もう一度入力できます。</source>
            <translation>You can try again now.</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/sign_in.py" line="354" />
            <source>入力の誤りが続いたため、あと %1 秒待ってからお試しください。</source>
            <translation>Too many wrong attempts: wait %1 more seconds, then try again.</translation>
        </message>
    </context>
</TS>
