"""The handout's parts -- cover with contents, each theme, the timeline, the honours, the source
and credits -- written through :class:`document.Builder`, and the pages painted on the PDF with
their running header and number."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..present import format as fmt
from ..present.charts import chart_spec, table_rows
from ..present.strings import text

from .sheet import A4_W, DPI, FAINT, INK, MARGIN_X, MUTED, RULE, Page, Sheet, esc, ink_of, span
from .drawing import chart_height, draw_chart, line_pen, paint_text
from .document import Builder

if TYPE_CHECKING:
    from PySide6.QtGui import QPainter, QTextCursor

    from ..content.model import Chart, Event, Exhibition, Figure, Honour, Theme


class Writer:
    def __init__(self, exhibition: Exhibition, family: str, paper: str, path: Path) -> None:
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

        def stripes(p: QPainter, x: float, y: float) -> None:
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
            def mark(p: QPainter, x: float, y: float, accent: str = accent) -> None:
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

    def figure_html(self, f: Figure, lang: str, ink: str, big: bool) -> str:
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

    def theme(self, theme: Theme, lang: str) -> None:
        b, sheet = self.b, self.sheet
        accent, ink = theme.accent, ink_of(theme.accent)
        b.start(f"theme:{theme.id}", lang, theme.title(lang))

        def band(p: QPainter, x: float, y: float) -> None:
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

    def chart_cell(self, cursor: QTextCursor, w: float, theme: Theme, chart: Chart, lang: str, ink: str) -> None:
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

    def opening(self, section: str, part, lang: str, intro_gap: float) -> None:  # noqa: ANN001 - Timeline or Honours
        """A part's first page: its title (also the running header) and its introduction."""
        b, sheet = self.b, self.sheet
        b.start(section, lang, part.title(lang))
        b.para(span(part.title(lang), 22, sheet, INK, True), 22, INK, gap=1.5, line=120)
        b.para(esc(part.intro(lang)), 10.5, MUTED, gap=intro_gap)

    def timeline(self, lang: str) -> None:
        ex, b, sheet = self.ex, self.b, self.sheet
        tl = ex.timeline
        self.opening("timeline", tl, lang, intro_gap=5)
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

                def date_cell(c: QTextCursor, w: float, e: Event = e, accent: str = accent) -> None:
                    b.cell_html(c, span("● ", 8, sheet, accent) + span(fmt.date(e.date, lang), 8.8, sheet,
                                                                        INK if e.key else MUTED, e.key), 8.8,
                                first=True)

                def body_cell(c: QTextCursor, w: float, e: Event = e) -> None:
                    b.cell_html(c, span(e.title(lang), 9.6, sheet, INK, True) + "<br>" + esc(e.text(lang)), 9,
                                line=130, first=True)
                b.event_row(date_cell, body_cell, date_w)

    def honours(self, lang: str) -> None:
        ex, b, sheet = self.ex, self.b, self.sheet
        h = ex.honours
        self.opening("honours", h, lang, intro_gap=6)
        for i, item in enumerate(h.honours, 1):
            theme = next((t for t in ex.themes if t.id == item.theme), None)
            accent = ink_of(theme.accent) if theme else "#8A6D1F"

            def number_cell(c: QTextCursor, w: float, i: int = i, accent: str = accent) -> None:
                b.cell_html(c, span(str(i), 12, sheet, accent, True), 12, first=True)

            def body_cell(c: QTextCursor, w: float, item: Honour = item) -> None:
                b.cell_html(c, span(item.title(lang), 10.5, sheet, INK, True) + "<br>"
                            + span(item.text(lang), 9.2, sheet, MUTED), 9.2, line=130, first=True)
            b.event_row(number_cell, body_cell, 12.0, gap=4)

    def about(self, lang: str) -> None:
        from .. import __version__

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
                paint_text(p, sheet, QRectF(x0, 9.0, w * 0.6, 6), page.header, 8, MUTED, False, left)
                paint_text(p, sheet, QRectF(x0 + w * 0.4, 9.0, w * 0.6, 6), self.ex.title(lang), 8, FAINT, False, right)
                p.setPen(line_pen(RULE, 0.25 * k))
                p.drawLine(QPointF(x0 * k, 15.6 * k), QPointF((x0 + w) * k, 15.6 * k))
                fy = self.page_h_units - 11.5
                p.drawLine(QPointF(x0 * k, fy * k), QPointF((x0 + w) * k, fy * k))
                source = f"{self.ex.source.title(lang)} · {self.ex.source.year}"
                paint_text(p, sheet, QRectF(x0, fy + 1.5, w * 0.7, 6), source, 7, FAINT, False, left)
                paint_text(p, sheet, QRectF(x0 + w * 0.5, fy + 1.5, w * 0.5, 6),
                           text("handout.page", lang, n=n, total=total), 8, MUTED, False, right)
        finally:
            p.end()
