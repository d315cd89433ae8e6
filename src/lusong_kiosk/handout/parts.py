"""`lusong-kiosk export --pdf handout.pdf [--lang zh|en|both] [--paper A4|A3]`: a printable handout.

Laid out and paginated by Qt, offscreen, no window. The whole handout is one ``QTextDocument`` with
its page size set, so Qt's text layout wraps every line and carries text and tables over to the next
page; each part (cover, theme, timeline, honours, source) starts a page (``PageBreak_AlwaysBefore``):

- a cover (title, subtitle, source, contents with page numbers);
- per theme: title, tagline and headline, the highlight figures, the charts with their figures as
  text (``present.charts.table_rows``, computed values marked), the stories, the remaining figures
  and the source lines;
- the timeline as a dated list grouped by era, the honours, and the source and credits.

The charts are text objects (``QTextObjectInterface``) drawn as vector paths from the same
``present.charts.ChartSpec`` as the kiosk's charts (pyqtgraph is never rasterised). After a layout
pass, a heading that would end a page, or a block of cells that would be cut by a page's end,
starts the next page instead (Qt has no keep-with-next), and the document is laid out again.

``both`` is a bilingual cover followed by the complete Chinese handout and then the complete
English one; page numbers run on. A3 is the A4 layout enlarged by √2: the same pages, bigger type.
The document is painted page by page with ``QPainter`` on a ``QPdfWriter`` -- with the running
header and the page number, which a text document has no notion of -- in the bundled font, which
the PDF embeds (as subsets), so it prints the same anywhere and its text can be searched and copied.
"""

from __future__ import annotations

import argparse
import colorsys
import contextlib
import html
import logging
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .present import format as fmt
from .present.charts import chart_spec, table_rows
from .present.strings import text

log = logging.getLogger(__name__)

PAPERS = ("A4", "A3")
DPI = 300
A4_W = 210.0  # layout unit: one millimetre on A4 (A3 scales every length by sqrt 2)
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 16.0, 20.0, 18.0
PT = 25.4 / 72  # one point in mm
KEEP_PASSES = 12  # layout passes at most for the keep-together rules

INK = "#1A1D23"
MUTED = "#545B68"
FAINT = "#8A909C"
RULE = "#D3D8E0"


# ---------------------------------------------------------------------------------------------
# colours


def ink_of(accent: str) -> str:
    """A theme accent dark enough to set text in on white paper (same hue)."""
    r, g, b = (int(accent[i:i + 2], 16) / 255 for i in (1, 3, 5))
    h, lum, s = colorsys.rgb_to_hls(r, g, b)
    r, g, b = colorsys.hls_to_rgb(h, min(lum, 0.36), min(1.0, s * 1.1))
    return "#" + "".join(f"{round(v * 255):02X}" for v in (r, g, b))


def tint_of(accent: str, amount: float = 0.78) -> str:
    """The accent mixed with white (a track, a panel)."""
    r, g, b = (int(accent[i:i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(v + (255 - v) * amount):02X}" for v in (r, g, b))


# ---------------------------------------------------------------------------------------------
# what was written


@dataclass
class Page:
    section: str  # "cover", "theme:<id>", "timeline", "honours", "source"
    lang: str  # "zh", "en" or "both" (the cover of a bilingual handout)
    header: str = ""


@dataclass
class Handout:
    """What was written: the pages in order (their section and language) and the file."""

    path: Path
    paper: str
    langs: tuple[str, ...]
    pages: list[Page]

    def page_count(self) -> int:
        return len(self.pages)

    def sections(self) -> dict[tuple[str, str], list[int]]:
        """(section, lang) -> the 1-based page numbers it covers."""
        out: dict[tuple[str, str], list[int]] = {}
        for n, page in enumerate(self.pages, 1):
            out.setdefault((page.section, page.lang), []).append(n)
        return out


class Sheet:
    """Lengths and fonts of one paper size: layout units are millimetres on A4 (A3 enlarges them);
    ``k`` device pixels per unit. Qt reads a text format's lengths (margins, paddings, column
    widths) in 1/96 inch of the device, its font pixel sizes and objects in device pixels."""

    def __init__(self, family: str, k: float):
        self.family, self.k = family, k

    def px(self, mm: float) -> float:
        """``mm`` in device pixels (fonts, objects, painting)."""
        return mm * self.k

    def lu(self, mm: float) -> float:
        """``mm`` in a text format's length units (1/96 inch of the device)."""
        return mm * self.k * 96 / DPI

    def font_px(self, pt: float) -> int:
        return max(1, round(pt * PT * self.k))

    def font(self, pt: float, bold: bool = False):  # noqa: ANN202 - a QFont, imported when used
        from PySide6.QtGui import QFont

        f = QFont(self.family)
        f.setPixelSize(self.font_px(pt))
        f.setBold(bold)
        # The font's 'locl' feature swaps digits for glyphs without a character map entry in Latin
        # runs, and Qt then writes no text for them: off, so every number stays extractable.
        f.setFeature(QFont.Tag("locl"), 0)
        f.setFeature(QFont.Tag("liga"), 0)  # "fi" as two letters: searchable as typed
        f.setKerning(True)
        return f


def esc(s: str) -> str:
    return html.escape(s, quote=False)


def span(s: str, pt: float, sheet: Sheet, color: str | None = None, bold: bool = False) -> str:
    style = f"font-size:{sheet.font_px(pt)}px;"
    if color:
        style += f" color:{color};"
    if bold:
        style += " font-weight:bold;"
    return f'<span style="{style}">{esc(s)}</span>'


# ---------------------------------------------------------------------------------------------
# vector charts (drawn from the same ChartSpec as the kiosk's pyqtgraph charts), and painted text


def _pen(color: str, width: float):  # noqa: ANN202 - a QPen, imported when used
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor, QPen

    pen = QPen(QColor(color))
    pen.setWidthF(width)
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    return pen


def _text(p, sheet: Sheet, rect, text: str, pt: float, color: str = INK, bold: bool = False,  # noqa: ANN001
          align=None, balance: bool = False) -> None:  # noqa: ANN001
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QColor

    if align is None:
        align = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
    k = sheet.k
    r = QRectF(rect.x() * k, rect.y() * k, rect.width() * k, rect.height() * k)
    size = pt
    flags = int(align) | int(Qt.TextFlag.TextWordWrap)
    while True:  # shrink (to 70 %) rather than clip
        p.setFont(sheet.font(size, bold))
        need = p.boundingRect(r, flags, text)
        if (need.width() <= r.width() + 0.5 and need.height() <= r.height() + 0.5) or size <= pt * 0.7:
            break
        size *= 0.92
    if balance and need.height() > p.fontMetrics().height() * 1.5:
        # as few lines as now, but as even as possible ("整机制造 / 企业", not "整机制造企 / 业")
        lo, hi = r.width() * 0.3, r.width()
        for _ in range(8):
            mid = (lo + hi) / 2
            trial = p.boundingRect(QRectF(r.x(), r.y(), mid, r.height()), flags, text)
            if trial.height() <= need.height() + 0.5 and trial.width() <= mid + 0.5:
                hi = mid
            else:
                lo = mid
        r = QRectF(r.center().x() - hi / 2, r.y(), hi, r.height())
    p.setPen(QColor(color))
    p.drawText(r, flags, text)


def chart_height(kind: str) -> float:
    return {"bar": 44.0, "compare": 44.0, "bullet": 44.0, "donut": 40.0, "gauge": 36.0}[kind]


def draw_chart(p, sheet: Sheet, spec, x: float, y: float, w: float, h: float) -> None:  # noqa: ANN001
    """Bars, a donut, a gauge or a before/after pair in the box (layout units), as paths."""
    from PySide6.QtCore import QPointF, QRectF, Qt
    from PySide6.QtGui import QBrush, QColor, QPainterPath

    k = sheet.k
    accent = spec.color
    p.save()
    p.setRenderHint(p.RenderHint.Antialiasing)
    if spec.kind in ("bar", "compare", "bullet"):
        bullet = spec.kind == "bullet"  # one bar, the result; the target a line across
        n = 1 if bullet else len(spec.values)
        value_h, label_h = 6.0, 9.5
        cap_h = 6.5 if spec.kind == "compare" else 0.0
        top, base = y + value_h, y + h - label_h - cap_h
        vmax = max(max(spec.values), 0.0) or 1.0
        slot = w / (3 if bullet else n)
        bar_w = min(slot * 0.6, 16.0)
        for i, v in enumerate(spec.values[:n]):
            cx = x + (w / 2 if bullet else slot * (i + 0.5))
            bh = max(0.0, v) / vmax * (base - top)
            color = tint_of(accent, 0.45) if spec.kind == "compare" and i == 0 else accent
            path = QPainterPath()
            path.addRect(QRectF((cx - bar_w / 2) * k, (base - bh) * k, bar_w * k, bh * k))
            p.fillPath(path, QBrush(QColor(color)))
            _text(p, sheet, QRectF(cx - slot / 2, base - bh - value_h, slot, value_h),
                  spec.shown_text(i), 7.0, INK, True,
                  Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom)
            _text(p, sheet, QRectF(cx - slot / 2 + 0.4, base + 1.2, slot - 0.8, label_h - 1.2), spec.labels[i], 6.2,
                  MUTED, balance=True)
        p.setPen(_pen(FAINT, 0.25 * k))
        p.drawLine(QPointF(x * k, base * k), QPointF((x + w) * k, base * k))
        if bullet:
            ty = base - max(0.0, spec.values[1]) / vmax * (base - top)
            p.setPen(_pen(INK, 0.6 * k))
            p.drawLine(QPointF((x + w / 2 - bar_w) * k, ty * k), QPointF((x + w) * k, ty * k))
            _text(p, sheet, QRectF(x + w / 2 + bar_w / 2 + 1.0, ty - value_h - 0.5, w / 2 - bar_w / 2 - 1.0, value_h),
                  f"{spec.labels[1]} {spec.value_text(1)}", 6.2, INK,
                  align=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom)
        if spec.kind == "compare":
            # an arrow from the first bar to the second
            ax0, ax1 = x + slot * 0.5 + bar_w / 2 + 1.5, x + slot * 1.5 - bar_w / 2 - 1.5
            ay = base - (base - top) * 0.25
            if ax1 - ax0 > 4:
                head = 2.2
                arrow = QPainterPath()
                arrow.moveTo(ax0 * k, ay * k)
                arrow.lineTo((ax1 - head) * k, ay * k)
                p.setPen(_pen(MUTED, 0.6 * k))
                p.drawPath(arrow)
                tip = QPainterPath()
                tip.moveTo(ax1 * k, ay * k)
                tip.lineTo((ax1 - head) * k, (ay - head * 0.6) * k)
                tip.lineTo((ax1 - head) * k, (ay + head * 0.6) * k)
                tip.closeSubpath()
                p.fillPath(tip, QBrush(QColor(MUTED)))
            _text(p, sheet, QRectF(x, y + h - cap_h + 0.8, w, cap_h - 0.8), spec.change_text(), 7.0,
                  ink_of(accent), True)
    else:
        gauge = spec.kind == "gauge"
        legend_h = 6.0 if gauge else 10.0
        size = min(w, (h - legend_h) * (1.25 if gauge else 1.0))
        stroke = size * (0.12 if gauge else 0.17)
        r = size / 2 - stroke / 2
        cx, cy = x + w / 2, y + r + stroke / 2
        rect = QRectF((cx - r) * k, (cy - r) * k, 2 * r * k, 2 * r * k)
        if gauge:
            start, total = 210.0, 240.0
        else:
            start, total = 90.0, 360.0
        frac, centre = spec.ring_fraction(), spec.centre_text()
        for color, sweep in ((tint_of(accent, 0.75), total), (accent, total * frac)):
            if sweep <= 0.01:
                continue
            arc = QPainterPath()
            arc.arcMoveTo(rect, start)
            arc.arcTo(rect, start, -sweep)  # clockwise on paper
            pen = _pen(color, stroke * k)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap if gauge else Qt.PenCapStyle.FlatCap)
            p.setPen(pen)
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawPath(arc)
        inner = 2 * (r - stroke / 2) * 0.86
        _text(p, sheet, QRectF(cx - inner / 2, cy - 4.5, inner, 9.0), centre, 11.0, INK, True,
              Qt.AlignmentFlag.AlignCenter)
        bottom = cy + r * (0.5 if gauge else 1.0) + stroke / 2 + 1.5
        if gauge:
            legend = spec.labels[0]
        else:
            legend = "  ".join(f"{m} {lab} {spec.value_text(i)}" for i, (m, lab) in enumerate(zip("●○", spec.labels)))
        _text(p, sheet, QRectF(x, bottom, w, y + h - bottom), legend, 6.2, MUTED, balance=True)
    p.restore()


# ---------------------------------------------------------------------------------------------
# the document


def _drawings_class():  # noqa: ANN202 - PySide's QPyTextObject, imported with Qt
    from PySide6.QtCore import QSizeF
    from PySide6.QtGui import QPyTextObject

    class Drawings(QPyTextObject):
        """The document's drawn objects (charts, colour bands, markers): each one a size in
        device pixels and a function that paints it into the rectangle Qt lays out for it."""

        def __init__(self, parent) -> None:  # noqa: ANN001
            super().__init__(parent)
            self.items: list[tuple[float, float, Callable]] = []

        def intrinsicSize(self, doc, pos, format):  # noqa: ANN001, ANN202, N802, A002 - Qt's signature
            w, h, _draw = self.items[format.property(ITEM)]
            return QSizeF(w, h)

        def drawObject(self, painter, rect, doc, pos, format) -> None:  # noqa: ANN001, N802, A002
            self.items[format.property(ITEM)][2](painter, rect)

    return Drawings


OBJECT = 0x1000 + 1  # QTextFormat.UserObject + 1: a drawing
ITEM = 0x100000 + 1  # QTextFormat.UserProperty + 1: its index in Drawings.items


def _set_break(unit, on: bool) -> None:  # noqa: ANN001 - a QTextTable or a QTextCursor at a block
    """A page break before ``unit`` (a row of cells or a heading), or none; unchanged formats are
    left alone (each change lays the document out again)."""
    from PySide6.QtGui import QTextFormat

    flag = QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore if on else QTextFormat.PageBreakFlag.PageBreak_Auto
    f = unit.format() if hasattr(unit, "firstPosition") else unit.blockFormat()
    if f.pageBreakPolicy() == flag:
        return
    f.setPageBreakPolicy(flag)
    if hasattr(unit, "firstPosition"):
        unit.setFormat(f)
    else:
        unit.setBlockFormat(f)


def _next_content(block):  # noqa: ANN001, ANN202
    """The first block after ``block`` with something in it (text, or a drawing), or None."""
    block = block.next()
    while block.isValid() and not block.text().strip():
        block = block.next()
    return block if block.isValid() else None


def _first_line_top(lay, block) -> float:  # noqa: ANN001
    top = lay.blockBoundingRect(block).top()
    return top + block.layout().lineAt(0).y() if block.layout().lineCount() else top


class Builder:
    """Writes the handout into one paginated QTextDocument and remembers where each part starts
    and what should stay together on a page."""

    def __init__(self, exhibition, sheet: Sheet, page_w: float, page_h: float, device):  # noqa: ANN001
        from PySide6.QtCore import QSizeF
        from PySide6.QtGui import QTextCursor, QTextDocument, QTextOption

        self.ex, self.sheet = exhibition, sheet
        self.page_w, self.page_h = page_w, page_h  # device px
        self.content_w = A4_W - 2 * MARGIN_X  # layout units
        doc = self.doc = QTextDocument()
        doc.documentLayout().setPaintDevice(device)
        doc.setDocumentMargin(0)
        doc.setDefaultFont(sheet.font(9.5))
        opt = QTextOption()
        opt.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        doc.setDefaultTextOption(opt)
        doc.setPageSize(QSizeF(page_w, page_h))
        frame = doc.rootFrame().frameFormat()
        frame.setLeftMargin(sheet.lu(MARGIN_X))
        frame.setRightMargin(sheet.lu(MARGIN_X))
        frame.setTopMargin(sheet.lu(MARGIN_TOP))
        frame.setBottomMargin(sheet.lu(MARGIN_BOTTOM))
        doc.rootFrame().setFrameFormat(frame)
        self.drawings = _drawings_class()(doc)
        doc.documentLayout().registerHandler(OBJECT, self.drawings)
        self.cursor = QTextCursor(doc)
        self.fresh = True  # the document's first block is still empty
        self.parts: list[tuple[str, str, str, QTextCursor]] = []  # (section, lang, header, at its start)
        self.headings: list[QTextCursor] = []  # blocks to keep with what follows
        self.groups: list = []  # tables to keep on one page (QTextTable)
        self.contents: list[tuple[str, object]] = []  # (section key, QTextTableCell) of the cover's list
        self.part_break = False  # the next block starts a page

    # blocks ---------------------------------------------------------------------------------
    def _block_format(self, align: str = "left", line: int = 135, gap: float = 2.0, before: float = 0.0):  # noqa: ANN202
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QTextBlockFormat, QTextFormat

        f = QTextBlockFormat()
        f.setLineHeight(line, 1)  # QTextBlockFormat.ProportionalHeight
        f.setBottomMargin(self.sheet.lu(gap))
        f.setTopMargin(self.sheet.lu(before))
        f.setAlignment({"left": Qt.AlignmentFlag.AlignLeft, "center": Qt.AlignmentFlag.AlignHCenter,
                        "right": Qt.AlignmentFlag.AlignRight}[align])
        if self.part_break:
            f.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
            self.part_break = False
        return f

    def _new_block(self, f) -> None:  # noqa: ANN001
        from PySide6.QtGui import QTextCharFormat

        if self.fresh:
            self.cursor.setBlockFormat(f)
            self.fresh = False
        else:
            self.cursor.insertBlock(f, QTextCharFormat())

    def para(self, markup: str, pt: float = 9.5, color: str = INK, gap: float = 2.0, align: str = "left",
             line: int = 135, before: float = 0.0) -> None:
        """A paragraph of ``markup`` (inline HTML) in ``pt`` points."""
        self._new_block(self._block_format(align, line, gap, before))
        self.cursor.insertHtml(f'<span style="font-size:{self.sheet.font_px(pt)}px; color:{color}">{markup}</span>')

    def heading(self, s: str, pt: float, color: str = INK, gap: float = 2.5, before: float = 0.0) -> None:
        """A bold heading, kept on the page of what follows it."""
        self.para(span(s, pt, self.sheet, color, True), pt, color, gap, line=120, before=before)
        self.headings.append(self._mark())

    def heading_markup(self, markup: str, pt: float, gap: float = 0.8) -> None:
        """A paragraph of ``markup`` kept on the page of what follows it (a story's title)."""
        self.para(markup, pt, INK, gap)
        self.headings.append(self._mark())

    def drawing(self, w: float, h: float, draw: Callable, gap: float = 0.0, before: float = 0.0,
                cursor=None) -> None:  # noqa: ANN001
        """A drawn object ``w`` x ``h`` layout units; ``draw(painter, x, y)`` in layout units; in a
        block of its own, or at ``cursor`` (in a table cell)."""
        from PySide6.QtGui import QTextCharFormat

        k = self.sheet.k
        self.drawings.items.append((w * k, h * k, lambda p, rect: draw(p, rect.x() / k, rect.y() / k)))
        f = QTextCharFormat()
        f.setObjectType(OBJECT)
        f.setProperty(ITEM, len(self.drawings.items) - 1)
        if cursor is None:
            self._new_block(self._block_format(line=100, gap=gap, before=before))
            cursor = self.cursor
        cursor.insertText("\ufffc", f)

    def _mark(self):  # noqa: ANN202
        """A cursor at the current block's start that stays there as text is added after it."""
        from PySide6.QtGui import QTextCursor

        mark = QTextCursor(self.cursor.block())
        mark.setKeepPositionOnInsert(True)
        return mark

    def start(self, section: str, lang: str, header: str) -> None:
        """A part of the handout: from a new page on."""
        self.part_break = not self.fresh
        self._new_block(self._block_format(line=100, gap=0))
        self.parts.append((section, lang, header, self._mark()))

    def cells(self, fills: list[Callable], cols: int, gap_x: float = 5.0, gap_y: float = 4.0) -> None:
        """``fills`` (each ``fill(cursor, width)``, width in layout units) in rows of ``cols``
        columns; each row a table of its own, moved whole to the next page when cut."""
        sheet = self.sheet
        w = (self.content_w - gap_x * (cols - 1)) / cols
        for r in range(0, len(fills), cols):
            row = fills[r:r + cols]
            table = self.table(1, [w + gap_x] * (cols - 1) + [w], gap=gap_y)
            for c, fill in enumerate(row):
                cell = table.cellAt(0, c)
                if c < cols - 1:
                    cf = cell.format().toTableCellFormat()
                    cf.setRightPadding(sheet.lu(gap_x))
                    cell.setFormat(cf)
                fill(cell.firstCursorPosition(), w)
            self.groups.append(table)
            self.after_table()

    def table(self, rows: int, widths: list[float], padding: float = 0.0,  # noqa: ANN202 - a QTextTable
              gap: float = 0.0):
        """A borderless table of ``rows`` rows and columns of ``widths`` (layout units), in a
        block of its own; ``gap`` below it."""
        from PySide6.QtGui import QTextLength, QTextTableFormat

        f = QTextTableFormat()
        f.setBorder(0)
        f.setCellSpacing(0)
        f.setCellPadding(self.sheet.lu(padding))
        f.setBottomMargin(self.sheet.lu(gap))
        f.setColumnWidthConstraints([QTextLength(QTextLength.Type.FixedLength, self.sheet.lu(w)) for w in widths])
        self._new_block(self._block_format(line=100, gap=0))
        return self.cursor.insertTable(rows, len(widths), f)

    def after_table(self) -> None:
        """Go on writing after the table just filled, in the document's plain format."""
        from PySide6.QtGui import QTextCharFormat

        self.cursor.movePosition(self.cursor.MoveOperation.End)
        self.cursor.setCharFormat(QTextCharFormat())

    def event_row(self, left: Callable, right: Callable, left_w: float, gap: float = 2.6) -> None:
        """Two cells side by side (a date or number, then the text), kept on one page."""
        table = self.table(1, [left_w, self.content_w - left_w], gap=gap)
        left(table.cellAt(0, 0).firstCursorPosition(), left_w)
        right(table.cellAt(0, 1).firstCursorPosition(), self.content_w - left_w)
        self.groups.append(table)
        self.after_table()

    def cell_html(self, cursor, markup: str, pt: float, color: str = INK, line: int = 115, gap: float = 0.0,  # noqa: ANN001
                  first: bool = False) -> None:
        """A paragraph in a table cell (``first``: its first, which is already there)."""
        from PySide6.QtGui import QTextBlockFormat, QTextCharFormat

        f = QTextBlockFormat()
        f.setLineHeight(line, 1)
        f.setBottomMargin(self.sheet.lu(gap))
        if first:
            cursor.setBlockFormat(f)
        else:
            cursor.insertBlock(f, QTextCharFormat())
        cursor.insertHtml(f'<span style="font-size:{self.sheet.font_px(pt)}px; color:{color}">{markup}</span>')

    # pagination -----------------------------------------------------------------------------
    @contextlib.contextmanager
    def editing(self):  # noqa: ANN202 - a context manager
        """Changes made inside are laid out once, at the end (Qt lays a paged document out again
        after every change otherwise)."""
        from PySide6.QtGui import QTextCursor

        cursor = QTextCursor(self.doc)
        cursor.beginEditBlock()
        try:
            yield
        finally:
            cursor.endEditBlock()

    def page_of(self, y: float) -> int:
        return int(y // self.page_h)

    def keep_together(self) -> int:
        """Lay out, then move to the next page the first thing (in reading order) of each part that
        should not be cut there: a row of cells that a page's end cuts, or a heading whose text
        starts on the next page (what followed the heading then goes over with it and needs no
        break of its own); again until nothing moves. Parts start on pages of their own, so a move
        in one never changes another: each pass settles one thing in every part. The passes made."""
        lay = self.doc.documentLayout()
        usable = self.page_h - self.sheet.px(MARGIN_TOP + MARGIN_BOTTOM)
        units = sorted([(t.firstPosition(), t) for t in self.groups] + [(h.position(), h) for h in self.headings],
                       key=lambda u: u[0])
        part_starts = [c.position() for *_rest, c in self.parts]
        forced: set[int] = set()
        for n in range(1, KEEP_PASSES + 1):
            with self.editing():  # one layout after all the changes, not one for each
                for i, (_pos, unit) in enumerate(units):
                    _set_break(unit, i in forced)
            moved: dict[int, int] = {}  # part -> the unit to move
            for i, (pos, unit) in enumerate(units):
                part = sum(1 for start in part_starts if start <= pos)
                if i in forced or part in moved:
                    continue
                if hasattr(unit, "firstPosition"):  # a row of cells
                    box = lay.frameBoundingRect(unit)
                    if box.height() < usable and self.page_of(box.top()) != self.page_of(box.bottom() - 1):
                        moved[part] = i
                else:  # a heading
                    after = _next_content(unit.block())
                    if after is not None and self.page_of(lay.blockBoundingRect(unit.block()).top() + 1) != \
                            self.page_of(_first_line_top(lay, after) + 1):
                        moved[part] = i
            if not moved:
                return n
            for i in moved.values():
                forced.add(i)
                if not hasattr(units[i][1], "firstPosition") and i + 1 < len(units):
                    after = _next_content(units[i][1].block())
                    if after is not None and units[i + 1][0] <= after.position():
                        forced.discard(i + 1)  # it follows the heading over
        log.warning("handout: pages still cut after %d layout passes", KEEP_PASSES)
        return KEEP_PASSES

    def pages(self) -> list[Page]:
        """Each page's part, from where the parts start in the laid-out document."""
        lay = self.doc.documentLayout()
        starts = [(self.page_of(lay.blockBoundingRect(c.block()).top() + 1), section, lang, header)
                  for section, lang, header, c in self.parts]
        out = []
        for n in range(self.doc.pageCount()):
            _first, section, lang, header = [s for s in starts if s[0] <= n][-1]
            out.append(Page(section, lang, header))
        return out


# ---------------------------------------------------------------------------------------------
# the handout's parts


class Writer:
    def __init__(self, exhibition, family: str, paper: str, path: Path):  # noqa: ANN001
        from PySide6.QtCore import QMarginsF
        from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter

        self.ex = exhibition
        self.paper = paper
        self.path = Path(path)
        self.pdf = QPdfWriter(str(self.path))
        self.pdf.setResolution(DPI)
        size = QPageSize(QPageSize.PageSizeId.A3 if paper == "A3" else QPageSize.PageSizeId.A4)
        self.pdf.setPageLayout(QPageLayout(size, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
        self.pdf.setTitle(f"{exhibition.title('zh')} / {exhibition.title('en')}")
        self.pdf.setCreator("lusong-kiosk")
        mm = size.size(QPageSize.Unit.Millimeter)
        # A3 is the A4 layout painted larger (sqrt 2): laid out once at A4's size, so the pages,
        # their lines and breaks are the same on both papers
        self.scale = mm.width() / A4_W
        self.sheet = Sheet(family, DPI / 25.4)
        self.page_h_units = mm.height() / self.scale
        self.b = Builder(exhibition, self.sheet, self.sheet.px(A4_W), self.sheet.px(self.page_h_units), self.pdf)

    # sections -------------------------------------------------------------------------------
    def cover(self, langs: tuple[str, ...]) -> None:
        ex, sheet, b = self.ex, self.sheet, self.b
        both = len(langs) > 1
        b.start("cover", "both" if both else langs[0], "")
        themes = ex.themes

        def stripes(p, x, y):  # noqa: ANN001, ANN202
            from PySide6.QtCore import QRectF
            from PySide6.QtGui import QColor

            w = b.content_w / max(1, len(themes))
            for i, t in enumerate(themes):
                p.fillRect(QRectF(sheet.px(x + i * w), sheet.px(y), sheet.px(w - 1.2), sheet.px(4.0)), QColor(t.accent))
        b.drawing(b.content_w, 4.0, stripes, gap=16, before=18)
        for i, lang in enumerate(langs):
            big = 30 if i == 0 else 20
            b.para(span(ex.title(lang), big, sheet, INK, True), big, INK, gap=3, line=120)
            b.para(esc(ex.subtitle(lang)), 12.5 if i == 0 else 11, MUTED, gap=6)
        for i, lang in enumerate(langs):
            src = ex.source
            b.para(f"{span(text('figures.source', lang), 9.5, sheet, MUTED)}{esc(src.title(lang))} · "
                   f"{esc(src.publisher(lang))} · {src.year}", 9.5, INK, gap=1.5, before=4 if i == 0 else 0)
        # contents (one list; both languages side by side), page numbers filled in once laid out
        b.heading("  /  ".join(text("handout.contents", lang) for lang in langs), 13, INK, gap=2, before=10)
        entries = [(f"theme:{t.id}", f"{t.order:02d}  " + "  /  ".join(t.title(lang) for lang in langs), t.accent)
                   for t in themes]
        if ex.timeline:
            entries.append(("timeline", "  /  ".join(ex.timeline.title(lang) for lang in langs), FAINT))
        if ex.honours:
            entries.append(("honours", "  /  ".join(ex.honours.title(lang) for lang in langs), FAINT))
        entries.append(("source", "  /  ".join(text("handout.about", lang) for lang in langs), FAINT))
        self.contents(entries)

    def contents(self, entries: list[tuple[str, str, str]]) -> None:
        """The cover's list: a mark in the part's colour, its name, and its page (filled later)."""

        b, sheet = self.b, self.sheet
        table = b.table(len(entries), [4, b.content_w - 34, 30], padding=0.9)
        for r, (key, name, accent) in enumerate(entries):
            def mark(p, x, y, accent=accent):  # noqa: ANN001, ANN202
                from PySide6.QtCore import QRectF
                from PySide6.QtGui import QColor

                p.fillRect(QRectF(sheet.px(x), sheet.px(y + 0.6), sheet.px(1.4), sheet.px(3.6)), QColor(accent))
            b.drawing(1.4, 4.2, mark, cursor=table.cellAt(r, 0).firstCursorPosition())
            b.cell_html(table.cellAt(r, 1).firstCursorPosition(), esc(name), 10.5, INK, first=True)
            b.contents.append((key, table.cellAt(r, 2)))
        b.after_table()

    def fill_contents(self, langs: tuple[str, ...], pages: list[Page]) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QTextBlockFormat

        first: dict[tuple[str, str], int] = {}
        for n, page in enumerate(pages, 1):
            first.setdefault((page.section, page.lang), n)
        for key, cell in self.b.contents:
            cursor = cell.firstCursorPosition()
            f = QTextBlockFormat()
            f.setAlignment(Qt.AlignmentFlag.AlignRight)
            cursor.setBlockFormat(f)
            numbers = "  /  ".join(str(first.get((key, lang), "")) for lang in langs)
            cursor.insertHtml(span(numbers, 10.5, self.sheet, MUTED))

    def figure_html(self, f, lang: str, ink: str, big: bool) -> str:  # noqa: ANN001
        sheet = self.sheet
        small = 9.0 if big else 8.0
        parts = []
        if f.qualifier:
            parts.append(span(fmt.qualifier(f.qualifier, lang) + " ", small, sheet, MUTED))
        if f.prefix:
            parts.append(span(f.prefix(lang) + " ", small, sheet, INK))
        parts.append(span(fmt.figure_number(f, lang), 20 if big else 12.5, sheet, ink, True))
        if f.unit:  # "95.9%" but "712.7 亿元", as the charts write them
            unit = f.unit(lang)
            parts.append(span(("" if unit.startswith(fmt.TIGHT_UNITS) else " ") + unit, small, sheet, INK))
        period = fmt.period(f.period, lang)
        meta = f' <span style="color:{FAINT}">· {esc(period)}</span>' if period else ""
        return (f'{"".join(parts)}<br><span style="font-size:{sheet.font_px(small)}px; color:{MUTED}">'
                f"{esc(f.label(lang))}{meta}</span>")

    def theme(self, theme, lang: str) -> None:  # noqa: ANN001
        b, sheet = self.b, self.sheet
        accent, ink = theme.accent, ink_of(theme.accent)
        b.start(f"theme:{theme.id}", lang, theme.title(lang))

        def band(p, x, y):  # noqa: ANN001, ANN202
            from PySide6.QtCore import QRectF
            from PySide6.QtGui import QColor

            p.fillRect(QRectF(sheet.px(x), sheet.px(y), sheet.px(b.content_w), sheet.px(2.2)), QColor(accent))
        b.drawing(b.content_w, 2.2, band, gap=4)
        b.para(span(f"{theme.order:02d}", 11, sheet, ink, True), 11, ink, gap=0.5)
        b.para(span(theme.title(lang), 22, sheet, INK, True), 22, INK, gap=1.5, line=120)
        b.para(esc(theme.tagline(lang)), 11.5, ink, gap=1.2)
        b.para(esc(theme.headline(lang)), 10.5, MUTED, gap=5)

        # highlights
        b.heading(text("handout.highlights", lang), 11, ink, gap=1.5)
        b.cells([lambda c, w, f=theme.figure(fid): b.cell_html(c, self.figure_html(f, lang, ink, True), 9,  # noqa: B008 - binds this figure
                                                               first=True)
                 for fid in theme.highlights], 3, gap_y=3)
        highlights = [theme.figure(fid) for fid in theme.highlights]
        b.para(span(fmt.source_line(self.ex, highlights, lang), 7.5, sheet, FAINT), 7.5, FAINT, gap=4)

        # charts: drawn as paths, each with its figures as text
        b.heading(text("handout.charts", lang), 11, ink, gap=2)
        n = len(theme.charts)
        b.cells([lambda c, w, chart=chart: self.chart_cell(c, w, theme, chart, lang, ink) for chart in theme.charts],
                3 if n >= 3 else max(1, n), gap_x=6.0, gap_y=3)
        chart_figs = [f for c in theme.charts for f in theme.chart_figures(c)]
        b.para(span(fmt.source_line(self.ex, chart_figs, lang), 7.5, sheet, FAINT), 7.5, FAINT, gap=4)

        # stories
        b.heading(text("handout.stories", lang), 11, ink, gap=1.5)
        for story in theme.stories:
            meta = fmt.period(story.period, lang)
            head = span(story.title(lang), 10, sheet, INK, True)
            if meta:
                head += " " + span("· " + meta, 8, sheet, FAINT)
            b.heading_markup(head, 10, gap=0.8)
            b.para(esc(story.text(lang)), 9.2, INK, gap=3.5)

        # the remaining figures
        rest = [f for f in theme.figures if f.id not in theme.highlights]
        if rest:
            b.heading(text("handout.more", lang), 11, ink, gap=1.5)
            b.cells([lambda c, w, f=f: b.cell_html(c, self.figure_html(f, lang, ink, False), 8, line=112, first=True)
                     for f in rest], 4, gap_x=4.0, gap_y=2.5)
            b.para(span(fmt.source_line(self.ex, rest, lang), 7.5, sheet, FAINT), 7.5, FAINT, gap=0)

    def chart_cell(self, cursor, w: float, theme, chart, lang: str, ink: str) -> None:  # noqa: ANN001
        """A chart's title, its drawing and its figures as a table of text, in one cell."""
        b, sheet = self.b, self.sheet
        figs = theme.chart_figures(chart)
        spec = chart_spec(chart, figs, theme.accent, lang, theme.chart_share(chart))
        b.cell_html(cursor, span(chart.title(lang), 8.8, sheet, INK, True), 8.8, line=118, gap=2.5, first=True)
        from PySide6.QtGui import QTextBlockFormat, QTextCharFormat

        cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
        b.drawing(w, chart_height(chart.kind), lambda p, x, y: draw_chart(p, sheet, spec, x, y, w,
                                                                          chart_height(chart.kind)), cursor=cursor)
        rows = "".join(
            f'<tr><td style="color:{MUTED if r.computed else INK}; padding-right:{sheet.font_px(8)}px">{esc(r.label)}'
            + (f'<br><span style="color:{FAINT}; font-size:{sheet.font_px(6.5)}px">{esc(r.note)}</span>' if r.note
               else "")
            + f'</td><td align="right" style="font-weight:bold; color:{MUTED if r.computed else ink}">'
            f"{esc(r.value_text())}</td></tr>"
            for r in table_rows(spec, figs, lang))
        cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
        cursor.insertHtml(f'<table width="100%" cellspacing="0" cellpadding="1" '
                          f'style="font-size:{sheet.font_px(7.2)}px">{rows}</table>')
        if chart.note:
            b.cell_html(cursor, span(chart.note(lang), 6.8, sheet, FAINT), 6.8, FAINT, line=118)

    def timeline(self, lang: str) -> None:
        ex, b, sheet = self.ex, self.b, self.sheet
        tl = ex.timeline
        b.start("timeline", lang, tl.title(lang))
        b.para(span(tl.title(lang), 22, sheet, INK, True), 22, INK, gap=1.5, line=120)
        b.para(esc(tl.intro(lang)), 10.5, MUTED, gap=5)
        date_w = 32.0
        events = sorted(ex.events, key=lambda e: e.sort_key)
        for era in tl.eras:
            inside = [e for e in events if era.start <= e.year < era.end]
            if not inside:
                continue
            b.heading(f"{era.title(lang)}  {era.start}–{era.end - 1}", 12, ink_of(era.color), gap=2)
            for e in inside:
                theme = next((t for t in ex.themes if t.id == e.theme), None)
                accent = theme.accent if theme else FAINT

                def date_cell(c, w, e=e, accent=accent):  # noqa: ANN001, ANN202
                    b.cell_html(c, span("● ", 8, sheet, accent) + span(fmt.date(e.date, lang), 8.8, sheet,
                                                                        INK if e.key else MUTED, e.key), 8.8,
                                first=True)

                def body_cell(c, w, e=e):  # noqa: ANN001, ANN202
                    b.cell_html(c, span(e.title(lang), 9.6, sheet, INK, True) + "<br>" + esc(e.text(lang)), 9,
                                line=130, first=True)
                b.event_row(date_cell, body_cell, date_w)

    def honours(self, lang: str) -> None:
        ex, b, sheet = self.ex, self.b, self.sheet
        h = ex.honours
        b.start("honours", lang, h.title(lang))
        b.para(span(h.title(lang), 22, sheet, INK, True), 22, INK, gap=1.5, line=120)
        b.para(esc(h.intro(lang)), 10.5, MUTED, gap=6)
        for i, item in enumerate(h.honours, 1):
            theme = next((t for t in ex.themes if t.id == item.theme), None)
            accent = ink_of(theme.accent) if theme else "#8A6D1F"

            def number_cell(c, w, i=i, accent=accent):  # noqa: ANN001, ANN202
                b.cell_html(c, span(str(i), 12, sheet, accent, True), 12, first=True)

            def body_cell(c, w, item=item):  # noqa: ANN001, ANN202
                b.cell_html(c, span(item.title(lang), 10.5, sheet, INK, True) + "<br>"
                            + span(item.text(lang), 9.2, sheet, MUTED), 9.2, line=130, first=True)
            b.event_row(number_cell, body_cell, 12.0, gap=4)

    def about(self, lang: str) -> None:
        from . import __version__

        ex, b, sheet = self.ex, self.b, self.sheet
        src = ex.source
        b.start("source", lang, text("handout.about", lang))
        b.para(span(text("handout.about", lang), 22, sheet, INK, True), 22, INK, gap=4, line=120)
        b.para(span(src.title(lang), 12, sheet, INK, True), 12, INK, gap=1.5)
        b.para(f"{span(text('handout.publisher', lang), 9.5, sheet, MUTED)}{esc(src.publisher(lang))} · {src.year}",
               9.5, INK, gap=3)
        b.para(esc(src.note(lang)), 9.5, INK, gap=6)
        b.heading(text("handout.sections", lang), 11, INK, gap=1.5)
        b.para(esc(fmt.series([s.title(lang) for s in src.sections], lang)), 9.5, INK, gap=6)
        b.heading(text("handout.credits", lang), 11, INK, gap=1.5)
        b.para(esc(ex.credits(lang)), 9.5, INK, gap=6)
        b.heading(text("handout.font", lang), 11, INK, gap=1.5)
        b.para(esc(text("handout.font_text", lang)), 9.5, INK, gap=6)
        b.para(span(text("handout.made", lang, v=__version__), 8.5, sheet, FAINT), 8.5, FAINT, gap=0, before=3)

    # painting -------------------------------------------------------------------------------
    def paint(self, pages: list[Page]) -> None:
        """Every page: its part of the document, then (but on the cover) the running header and
        the footer with the page number."""
        from PySide6.QtCore import QPointF, QRectF, Qt
        from PySide6.QtGui import QPainter

        b, sheet = self.b, self.sheet
        total = len(pages)
        p = QPainter(self.pdf)
        if not p.isActive():
            raise OSError(f"cannot write {self.path}")
        k = sheet.k
        x0, w = MARGIN_X, b.content_w
        try:
            for n, page in enumerate(pages, 1):
                if n > 1:
                    self.pdf.newPage()
                p.resetTransform()
                p.scale(self.scale, self.scale)
                p.save()
                p.translate(0, -(n - 1) * b.page_h)
                b.doc.drawContents(p, QRectF(0, (n - 1) * b.page_h, b.page_w, b.page_h))
                p.restore()
                if page.section == "cover":
                    continue
                lang = page.lang if page.lang in ("zh", "en") else "zh"
                left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
                right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                _text(p, sheet, QRectF(x0, 9.0, w * 0.6, 6), page.header, 8, MUTED, False, left)
                _text(p, sheet, QRectF(x0 + w * 0.4, 9.0, w * 0.6, 6), self.ex.title(lang), 8, FAINT, False, right)
                p.setPen(_pen(RULE, 0.25 * k))
                p.drawLine(QPointF(x0 * k, 15.6 * k), QPointF((x0 + w) * k, 15.6 * k))
                fy = self.page_h_units - 11.5
                p.drawLine(QPointF(x0 * k, fy * k), QPointF((x0 + w) * k, fy * k))
                source = f"{self.ex.source.title(lang)} · {self.ex.source.year}"
                _text(p, sheet, QRectF(x0, fy + 1.5, w * 0.7, 6), source, 7, FAINT, False, left)
                _text(p, sheet, QRectF(x0 + w * 0.5, fy + 1.5, w * 0.5, 6),
                      text("handout.page", lang, n=n, total=total), 8, MUTED, False, right)
        finally:
            p.end()


def write_handout(exhibition, path: Path, lang: str = "both", paper: str = "A4",  # noqa: ANN001
                  family: str | None = None, assets_dir: Path | None = None) -> Handout:
    """Write the handout PDF to ``path``; a QGuiApplication must exist. ``lang``: zh, en or both."""
    if paper not in PAPERS:
        raise ValueError(f"--paper: expected A4 or A3, got {paper!r}")
    if lang not in ("zh", "en", "both"):
        raise ValueError(f"--lang: expected zh, en or both, got {lang!r}")
    if family is None:
        from .content import default_dirs
        from .fonts import register_fonts

        family = register_fonts(assets_dir or default_dirs()[1])
    langs = ("zh", "en") if lang == "both" else (lang,)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    w = Writer(exhibition, family, paper, path)
    with w.b.editing():
        w.cover(langs)
        for one in langs:
            for theme in exhibition.themes:
                w.theme(theme, one)
            if exhibition.timeline is not None:
                w.timeline(one)
            if exhibition.honours is not None:
                w.honours(one)
            w.about(one)
    passes = w.b.keep_together()
    with w.b.editing():
        w.fill_contents(langs, w.b.pages())
    passes += w.b.keep_together()
    pages = w.b.pages()
    w.paint(pages)
    del w.pdf  # the file is complete once the writer is gone
    log.info("handout %s: %d pages (%s, %s), %d layout passes", path, len(pages), paper, lang, passes)
    return Handout(path, paper, langs, pages)


def run_handout(args: argparse.Namespace) -> int:
    """The CLI: ``export --pdf FILE [--lang zh|en|both] [--paper A4|A3]``."""
    from .app import resolve_dirs
    from .content import ContentError, load
    from .logs import setup_logging
    from .settings import load_settings

    setup_logging()
    lang = {"all": "both", None: "both"}.get(args.lang, args.lang)
    try:
        settings = load_settings(None, {"content": getattr(args, "content", None),
                                        "assets": getattr(args, "assets", None)})
        content_dir, assets_dir = resolve_dirs(settings)
        exhibition = load(content_dir, assets_dir, check_font=False)
    except ContentError as err:
        for p in err.problems:
            print(p, file=sys.stderr)
        return 1
    if "PySide6.QtWidgets" not in sys.modules or _app() is None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # never shows a window, needs no display
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    try:
        from .fonts import register_fonts

        handout = write_handout(exhibition, args.pdf, lang, args.paper, register_fonts(assets_dir))
    except (ValueError, OSError) as exc:
        print(exc, file=sys.stderr)
        return 2
    finally:
        del app
    print(f"{handout.path} ({handout.page_count()} pages, {args.paper}, {lang})")
    return 0


def _app():  # noqa: ANN202
    from PySide6.QtWidgets import QApplication

    return QApplication.instance()


__all__ = ["Handout", "PAPERS", "draw_chart", "run_handout", "write_handout"]

