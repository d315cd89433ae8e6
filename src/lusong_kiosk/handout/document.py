"""The handout as one paginated ``QTextDocument``: :class:`Builder` writes paragraphs, tables and
drawn objects into it, remembers where each part starts, and keeps a heading with what follows it
and a row of cells whole on a page (Qt has no keep-with-next)."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING


from .sheet import A4_W, INK, KEEP_PASSES, MARGIN_BOTTOM, MARGIN_TOP, MARGIN_X, Page, Sheet, span

if TYPE_CHECKING:
    from PySide6.QtCore import QObject, QRectF
    from PySide6.QtGui import (QAbstractTextDocumentLayout, QPagedPaintDevice, QPainter, QTextBlock,
                               QTextBlockFormat, QTextCursor, QTextDocument, QTextFormat, QTextTable)

    from ..content import Exhibition

log = logging.getLogger(__name__)


def _drawings_class():  # noqa: ANN202 - PySide's QPyTextObject, imported with Qt
    from PySide6.QtCore import QSizeF
    from PySide6.QtGui import QPyTextObject

    class Drawings(QPyTextObject):
        """The document's drawn objects (charts, colour bands, markers): each one a size in
        device pixels and a function that paints it into the rectangle Qt lays out for it."""

        def __init__(self, parent: QObject) -> None:
            super().__init__(parent)
            self.items: list[tuple[float, float, Callable]] = []

        def intrinsicSize(self, doc, pos, format):  # noqa: ANN001, ANN202, N802 - Qt's signature
            w, h, _draw = self.items[format.property(ITEM)]
            return QSizeF(w, h)

        def drawObject(self, painter: QPainter, rect: QRectF, doc: QTextDocument, pos: int,  # noqa: N802 - Qt's name
                       format: QTextFormat) -> None:
            self.items[format.property(ITEM)][2](painter, rect)

    return Drawings


OBJECT = 0x1000 + 1  # QTextFormat.UserObject + 1: a drawing
ITEM = 0x100000 + 1  # QTextFormat.UserProperty + 1: its index in Drawings.items


def _set_break(unit, on: bool) -> None:  # noqa: ANN001 - a QTextTable or a QTextCursor at a block
    """A page break before ``unit`` (a row of cells or a heading), or none; unchanged formats are
    left alone (each change lays the document out again)."""
    from PySide6.QtGui import QTextFormat, QTextTable

    flag = QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore if on else QTextFormat.PageBreakFlag.PageBreak_Auto
    table = isinstance(unit, QTextTable)
    f = unit.format() if table else unit.blockFormat()
    if f.pageBreakPolicy() == flag:
        return
    f.setPageBreakPolicy(flag)
    if table:
        unit.setFormat(f)
    else:
        unit.setBlockFormat(f)


def _next_content(block: QTextBlock) -> QTextBlock | None:
    """The first block after ``block`` with something in it (text, or a drawing), or None."""
    block = block.next()
    while block.isValid() and not block.text().strip():
        block = block.next()
    return block if block.isValid() else None


def _first_line_top(lay: QAbstractTextDocumentLayout, block: QTextBlock) -> float:
    top = lay.blockBoundingRect(block).top()
    return top + block.layout().lineAt(0).y() if block.layout().lineCount() else top


class Builder:
    """Writes the handout into one paginated QTextDocument and remembers where each part starts
    and what should stay together on a page."""

    def __init__(self, exhibition: Exhibition, sheet: Sheet, page_w: float, page_h: float,
                 device: QPagedPaintDevice) -> None:
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
    def _block_format(self, align: str = "left", line: int = 135, gap: float = 2.0,
                      before: float = 0.0) -> QTextBlockFormat:
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

    def _new_block(self, f: QTextBlockFormat) -> None:
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
                cursor: QTextCursor | None = None) -> None:
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

    def _mark(self) -> QTextCursor:
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

    def table(self, rows: int, widths: list[float], padding: float = 0.0, gap: float = 0.0) -> QTextTable:
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

    def cell_html(self, cursor: QTextCursor, markup: str, pt: float, color: str = INK, line: int = 115,
                  gap: float = 0.0, first: bool = False) -> None:
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
    def editing(self) -> Iterator[None]:
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
