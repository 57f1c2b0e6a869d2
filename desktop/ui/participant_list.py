"""The participant list (受付名簿) of one activity, laid out in pages and painted on any paged device.

The same `paint_participant_list(device, sheet)` draws on a QPrinter for a real printer, on the
print preview, and on a QPrinter in PDF mode (tests and "save as PDF"), so what is checked in a
PDF is what comes out of the printer. Layout: the activity's particulars the guideline asks of a
hand-kept record (III-3-2: name, content, date and time, place) and the local government's name
at the top; one row per check-in with the participant's name, address, birth date, e-mail and
phone, the kind of record, its status and time; the column header repeated on every page; a row
is never cut across pages (a row too tall for a whole page is clipped, never split); page numbers
"n / N" in the footer beside a personal-data notice.

The paper is Japanese whatever the window's language: it is handed to a Japanese town hall.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from PySide6.QtCore import QLineF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPagedPaintDevice, QPainter, QPen

from desktop.store.attendance_view import AttendanceRow
from desktop.ui.printing import paper_font
from furusato import lgcodes
from furusato import record_format as fmt
from furusato.activity import Activity

MARGIN_MM = 12.0
NOTICE = "個人情報を含む書類です。自治体の規程に従って保管・廃棄してください。"


@dataclass(frozen=True)
class ListColumn:
    header: str
    share: float  # of the table's width
    anywhere: bool = False  # break inside a word: an e-mail address has no spaces to break at

    @property
    def flags(self) -> int:
        return int(Qt.AlignLeft | Qt.AlignTop | (Qt.TextWrapAnywhere if self.anywhere else Qt.TextWordWrap))


COLUMNS: tuple[ListColumn, ...] = (
    ListColumn("No.", 0.04),
    ListColumn("受付日時", 0.11),
    ListColumn("氏名（フリガナ）", 0.14),
    ListColumn("住所", 0.24),
    ListColumn("生年月日", 0.09),
    ListColumn("メールアドレス", 0.15, anywhere=True),
    ListColumn("電話番号", 0.10),
    ListColumn("区分", 0.05),
    ListColumn("状態", 0.08),
)


@dataclass(frozen=True)
class ParticipantSheet:
    """What one participant list shows: the activity, whose list it is, which days, and the rows."""

    activity: Activity
    local_government: str  # a 6-digit code: the local government the list is kept for
    rows: Sequence[AttendanceRow]
    printed_at: datetime
    day: date | None = None  # None: every day of the activity
    date_style: str = fmt.WESTERN

    def info(self) -> list[tuple[str, str]]:
        a, style = self.activity, self.date_style
        place = " ".join(part for part in (lgcodes.full_name(a.venue_lg), a.place) if part)
        active = sum(1 for r in self.rows if r.status == "active")
        return [
            ("活動名", a.title),
            ("活動内容", a.content or "—"),
            ("活動日時", f"{fmt.minute_text(a.starts_at, style)} ～ {fmt.minute_text(a.ends_at, style)}"),
            ("活動場所", place),
            ("対象日", fmt.date_text(self.day, style) if self.day else "全日程"),
            ("受付件数", f"{len(self.rows)} 件（うち有効 {active} 件）"),
            ("作成日時", fmt.minute_text(self.printed_at, style)),
        ]

    def cells(self, number: int, row: AttendanceRow) -> list[str]:
        style, d = self.date_style, row.details
        entry = fmt.minute_text(row.entry_at, style).replace(" ", "\n", 1)
        status = fmt.status_text(row.status) + (f"\n{row.reason}" if row.reason else "")
        if d is None:  # purged after the central acknowledged it, or never readable
            return [str(number), entry, "", "（保存期間経過のため削除済み）", "", "", "", fmt.kind_text(row.is_card), status]
        name = d.get("name") or ""
        if d.get("name_kana"):
            name += f"\n（{d['name_kana']}）"
        if row.is_card:
            # The person registered in the app: the platform holds the details, the card only a name.
            address = "ふるさと住民アプリに登録（登録証）"
            return [str(number), entry, name, address, "", "", "", fmt.kind_text(True), status]
        postal = fmt.postal_display(d.get("postal_code"))
        address = (f"〒{postal}\n" if postal else "") + "".join(
            part for part in (d.get("address_prefix"), d.get("address")) if part)
        return [
            str(number), entry, name, address, fmt.date_text(d.get("birth_date"), style),
            d.get("email") or "", fmt.phone_national(d.get("phone_display") or d.get("phone")),
            fmt.kind_text(False), status,
        ]


@dataclass
class _Page:
    rows: list[tuple[int, float]] = field(default_factory=list)  # (index into sheet.rows, height)


class _Layout:
    """Sizes in device units of one device; pagination first, so the footer can say "of N"."""

    def __init__(self, device: QPagedPaintDevice, sheet: ParticipantSheet):
        self.device, self.sheet = device, sheet
        self.mm = device.logicalDpiX() / 25.4
        self.width, self.height = float(device.width()), float(device.height())
        self.pad = 1.2 * self.mm
        self.title_font, self.info_font = paper_font(16, True), paper_font(10)
        self.header_font, self.cell_font, self.small_font = paper_font(9, True), paper_font(9), paper_font(8)
        self.edges = [0.0]
        for column in COLUMNS:
            self.edges.append(self.edges[-1] + column.share * self.width)
        self.edges[-1] = self.width
        self.footer_height = self._metrics(self.small_font).height() + 3 * self.mm
        self.header_height = max(self._text_height(self.header_font, c.header, i) for i, c in enumerate(COLUMNS))
        self.header_height += 2 * self.pad

    def _metrics(self, font: QFont) -> QFontMetricsF:
        return QFontMetricsF(font, self.device)

    def cell_width(self, index: int) -> float:
        return self.edges[index + 1] - self.edges[index] - 2 * self.pad

    def _text_height(self, font: QFont, text: str, column: int) -> float:
        bounds = self._metrics(font).boundingRect(
            QRectF(0, 0, self.cell_width(column), 1e7), COLUMNS[column].flags, text or " ")
        return bounds.height()

    def row_height(self, cells: list[str]) -> float:
        return max(self._text_height(self.cell_font, text, i) for i, text in enumerate(cells)) + 2 * self.pad

    def first_top(self) -> float:
        line = self._metrics(self.info_font).height() * 1.25
        return self._metrics(self.title_font).height() * 1.6 + line * len(self.sheet.info()) + 3 * self.mm

    def next_top(self) -> float:
        return self._metrics(self.info_font).height() * 1.6 + 2 * self.mm

    def body_bottom(self) -> float:
        return self.height - self.footer_height

    def paginate(self) -> list[_Page]:
        pages, page = [], _Page()
        top = self.first_top() + self.header_height
        limit = self.body_bottom()
        y = top
        for index, row in enumerate(self.sheet.rows):
            height = min(self.row_height(self.sheet.cells(index + 1, row)), limit - (self.next_top() + self.header_height))
            if page.rows and y + height > limit:
                pages.append(page)
                page = _Page()
                y = self.next_top() + self.header_height
            page.rows.append((index, height))
            y += height
        pages.append(page)
        return pages


def page_count(device: QPagedPaintDevice, sheet: ParticipantSheet) -> int:
    return len(_Layout(device, sheet).paginate())


def paint_participant_list(device: QPagedPaintDevice, sheet: ParticipantSheet) -> int:
    """Paints every page on `device` (begins and ends its own painter); returns the page count."""
    layout = _Layout(device, sheet)
    pages = layout.paginate()
    painter = QPainter()
    if not painter.begin(device):
        raise OSError("the printer or PDF file could not be opened for painting")
    try:
        painter.setRenderHint(QPainter.TextAntialiasing)
        for number, page in enumerate(pages, start=1):
            if number > 1:
                device.newPage()
            y = _paint_top(painter, layout, first=number == 1)
            y = _paint_header(painter, layout, y)
            for index, height in page.rows:
                _paint_row(painter, layout, y, height, layout.sheet.cells(index + 1, layout.sheet.rows[index]),
                           layout.sheet.rows[index].status != "active")
                y += height
            _paint_footer(painter, layout, number, len(pages))
    finally:
        painter.end()
    return len(pages)


def _paint_top(painter: QPainter, layout: _Layout, *, first: bool) -> float:
    sheet = layout.sheet
    lg_name = lgcodes.full_name(sheet.local_government)
    painter.setPen(Qt.black)
    if not first:
        painter.setFont(layout.info_font)
        height = layout.next_top() - 2 * layout.mm
        painter.drawText(QRectF(0, 0, layout.width * 0.7, height), int(Qt.AlignLeft | Qt.AlignVCenter),
                         f"受付名簿（続き） — {sheet.activity.title}")
        painter.drawText(QRectF(0, 0, layout.width, height), int(Qt.AlignRight | Qt.AlignVCenter), lg_name)
        return layout.next_top()
    title_height = QFontMetricsF(layout.title_font, layout.device).height() * 1.6
    painter.setFont(layout.title_font)
    painter.drawText(QRectF(0, 0, layout.width * 0.6, title_height), int(Qt.AlignLeft | Qt.AlignVCenter), "受付名簿")
    painter.drawText(QRectF(0, 0, layout.width, title_height), int(Qt.AlignRight | Qt.AlignVCenter), lg_name)
    painter.setFont(layout.info_font)
    line = QFontMetricsF(layout.info_font, layout.device).height() * 1.25
    label_width = 22 * layout.mm
    y = title_height
    for label, value in sheet.info():
        painter.drawText(QRectF(0, y, label_width, line), int(Qt.AlignLeft | Qt.AlignVCenter), label)
        painter.drawText(QRectF(label_width, y, layout.width - label_width, line),
                         int(Qt.AlignLeft | Qt.AlignVCenter | Qt.TextSingleLine), value)
        y += line
    return layout.first_top()


def _grid_pen(layout: _Layout) -> QPen:
    pen = QPen(QColor("#555555"))
    pen.setWidthF(0.2 * layout.mm)
    return pen


def _paint_header(painter: QPainter, layout: _Layout, y: float) -> float:
    height = layout.header_height
    painter.fillRect(QRectF(0, y, layout.width, height), QColor("#e3e3e3"))
    painter.setFont(layout.header_font)
    for index, column in enumerate(COLUMNS):
        painter.setPen(Qt.black)
        painter.drawText(_cell_rect(layout, index, y, height), int(Qt.AlignLeft | Qt.AlignVCenter | Qt.TextWordWrap),
                         column.header)
    _paint_grid(painter, layout, y, height)
    return y + height


def _cell_rect(layout: _Layout, index: int, y: float, height: float) -> QRectF:
    return QRectF(layout.edges[index] + layout.pad, y + layout.pad, layout.cell_width(index), height - 2 * layout.pad)


def _paint_row(painter: QPainter, layout: _Layout, y: float, height: float, cells: list[str], inactive: bool) -> None:
    painter.setFont(layout.cell_font)
    painter.setPen(QColor("#666666") if inactive else Qt.black)
    for index, text in enumerate(cells):
        rect = _cell_rect(layout, index, y, height)
        painter.save()
        painter.setClipRect(rect)  # a row clipped to one page is cut off here, never continued
        painter.drawText(rect, COLUMNS[index].flags, text)
        painter.restore()
    _paint_grid(painter, layout, y, height)


def _paint_grid(painter: QPainter, layout: _Layout, y: float, height: float) -> None:
    painter.setPen(_grid_pen(layout))
    painter.setBrush(Qt.NoBrush)
    painter.drawRect(QRectF(0, y, layout.width, height))
    for edge in layout.edges[1:-1]:
        painter.drawLine(QLineF(edge, y, edge, y + height))


def _paint_footer(painter: QPainter, layout: _Layout, number: int, total: int) -> None:
    painter.setFont(layout.small_font)
    painter.setPen(Qt.black)
    rect = QRectF(0, layout.height - layout.footer_height + layout.mm, layout.width, layout.footer_height - layout.mm)
    painter.drawText(rect, int(Qt.AlignLeft | Qt.AlignBottom), NOTICE)
    painter.drawText(rect, int(Qt.AlignRight | Qt.AlignBottom), f"{number} / {total} ページ")
