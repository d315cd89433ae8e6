"""`lusong-kiosk export --pdf handout.pdf [--lang zh|en|both] [--paper A4|A3]`: a printable handout.

Drawn with ``QPdfWriter`` and ``QPainter``, offscreen, no window:

- a cover (title, subtitle, source, contents with page numbers);
- per theme one or two pages: title, tagline and headline, the highlight figures, the charts as
  vector paths drawn here from the same numbers as the kiosk's charts (``theme_page.chart_spec``;
  pyqtgraph is never rasterised) each with its figures as text (``chart_table.table_rows``,
  computed values marked), the stories, the remaining figures and the source line;
- the timeline as a dated list grouped by era, the honours, and the source and credits.

``both`` is a bilingual cover followed by the complete Chinese handout and then the complete
English one (one after the other, so a reader of either language reads it straight through);
page numbers run on. A3 is the A4 layout enlarged by √2: the same pages, in bigger type.

Text is set with ``QTextDocument`` (wrapping) in the bundled font, which the PDF embeds (as
subsets), so it prints the same anywhere; blocks move to the next page whole, except text too
long for one page, which breaks between lines. Every page but the cover has a running header and
a footer with the page number.
"""

from __future__ import annotations

import argparse
import colorsys
import logging
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)

PAPERS = ("A4", "A3")
DPI = 300
A4_W = 210.0  # layout unit: one millimetre on A4 (A3 scales every length by sqrt 2)
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 16.0, 20.0, 18.0
PT = 25.4 / 72  # one point in mm

INK = "#1A1D23"
MUTED = "#545B68"
FAINT = "#8A909C"
RULE = "#D3D8E0"
PANEL = "#F3F5F8"

T = {
    "contents": {"zh": "目录", "en": "Contents"},
    "highlights": {"zh": "关键数字", "en": "Key figures"},
    "charts": {"zh": "图表", "en": "Charts"},
    "stories": {"zh": "故事", "en": "Stories"},
    "more": {"zh": "更多数字", "en": "More figures"},
    "source": {"zh": "数据来源：", "en": "Source: "},
    "about": {"zh": "资料来源与致谢", "en": "Source and credits"},
    "publisher": {"zh": "出处", "en": "Published in"},
    "year": {"zh": "年份", "en": "Year"},
    "sections": {"zh": "报道各部分", "en": "Parts of the feature"},
    "credits": {"zh": "致谢", "en": "Credits"},
    "font": {"zh": "字体", "en": "Typeface"},
    "font_text": {"zh": "思源黑体（Noto Sans CJK SC）子集，SIL 开放字体许可证 1.1；已嵌入本文件。",
                  "en": "Noto Sans CJK SC (subset), SIL Open Font License 1.1; embedded in this file."},
    "made": {"zh": "由 lusong-kiosk {v} 生成，数字与展项中的完全一致。",
             "en": "Made with lusong-kiosk {v}; every figure is the one the exhibition shows."},
    "page": {"zh": "第 {n} 页，共 {total} 页", "en": "Page {n} of {total}"},
    "key": {"zh": "重点事件", "en": "key event"},
}


def tr(key: str, lang: str, **kw: object) -> str:
    text = T[key][lang]
    return text.format(**kw) if kw else text


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
# the page model: a layout pass places blocks on pages; a paint pass draws them


@dataclass
class Placed:
    x: float
    y: float
    draw: Callable  # draw(painter, x, y) in layout units (mm on A4)


@dataclass
class Page:
    section: str  # "cover", "theme:<id>", "timeline", "honours", "source"
    lang: str  # "zh", "en" or "both" (the cover of a bilingual handout)
    header: str = ""
    items: list[Placed] = field(default_factory=list)


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


class Typesetter:
    """Fonts and wrapped text in layout units (mm on A4); ``k`` device px per unit."""

    def __init__(self, family: str, k: float, device):  # noqa: ANN001
        self.family, self.k, self.device = family, k, device

    def font(self, pt: float, bold: bool = False):  # noqa: ANN202 - a QFont, imported when used
        from PySide6.QtGui import QFont

        f = QFont(self.family)
        f.setPixelSize(max(1, round(pt * PT * self.k)))
        f.setBold(bold)
        # The font's 'locl' feature swaps digits for glyphs without a character map entry in Latin
        # runs, and Qt then writes no text for them: off, so every number stays extractable.
        f.setFeature(QFont.Tag("locl"), 0)
        f.setFeature(QFont.Tag("liga"), 0)  # "fi" as two letters: searchable as typed
        f.setKerning(True)
        return f

    def doc(self, html: str, width: float, pt: float,  # noqa: ANN202 - a QTextDocument, imported when used
            color: str = INK, align: str = "left", line: int = 135):
        """A QTextDocument of ``html`` wrapped at ``width`` (layout units)."""
        from PySide6.QtGui import QTextDocument, QTextOption

        d = QTextDocument()
        d.documentLayout().setPaintDevice(self.device)
        d.setDocumentMargin(0)
        d.setDefaultFont(self.font(pt))
        opt = QTextOption()
        opt.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        d.setDefaultTextOption(opt)
        d.setDefaultStyleSheet(f"body, p, div {{ color: {color}; }}")
        d.setHtml(f'<div style="line-height:{line}%; text-align:{align}; color:{color}">{html}</div>')
        d.setTextWidth(max(1.0, width * self.k))
        return d

    def height(self, d) -> float:  # noqa: ANN001
        return d.size().height() / self.k

    def px(self, pt: float) -> int:
        return max(1, round(pt * PT * self.k))


def esc(text: str) -> str:
    import html

    return html.escape(text, quote=False)


def span(text: str, pt: float, ts: Typesetter, color: str | None = None, bold: bool = False) -> str:
    style = f"font-size:{ts.px(pt)}px;"
    if color:
        style += f" color:{color};"
    if bold:
        style += " font-weight:bold;"
    return f'<span style="{style}">{esc(text)}</span>'


class Flow:
    """Places blocks top to bottom on pages of ``height`` layout units."""

    def __init__(self, width: float, height: float):
        self.width, self.height = width, height
        self.left, self.top = MARGIN_X, MARGIN_TOP
        self.content_w = width - 2 * MARGIN_X
        self.bottom = height - MARGIN_BOTTOM
        self.pages: list[Page] = []
        self.y = self.top

    @property
    def page(self) -> Page:
        return self.pages[-1]

    def new_page(self, section: str, lang: str, header: str = "") -> Page:
        self.pages.append(Page(section, lang, header))
        self.y = self.top
        return self.page

    def continue_page(self) -> None:
        p = self.page
        self.new_page(p.section, p.lang, p.header)

    def room(self) -> float:
        return self.bottom - self.y

    def need(self, h: float) -> None:
        """Start a new page unless ``h`` fits below (a block taller than a page starts at the top)."""
        if h > self.room() and self.y > self.top + 0.01:
            self.continue_page()

    def place(self, h: float, draw: Callable, x: float = 0.0, keep: float = 0.0) -> None:
        """A block of height ``h``; ``keep``: also keep that much of what follows on this page."""
        self.need(h + keep)
        self.page.items.append(Placed(self.left + x, self.y, draw))
        self.y += h

    def space(self, dy: float) -> None:
        self.y = min(self.y + dy, self.bottom)

    def text(self, ts: Typesetter, d, x: float = 0.0, keep: float = 0.0) -> None:  # noqa: ANN001
        """A text document: whole on this page or the next, or, when it is longer than a page,
        broken between lines."""
        h = ts.height(d)
        page_h = self.bottom - self.top
        if h <= page_h:
            self.place(h, draw_doc(ts, d, 0.0, h), x, keep=min(keep, page_h - h))
            return
        bottoms = [b / ts.k for b in line_bottoms(d)]
        start = 0.0
        while start < h - 0.01:
            fit = [b for b in bottoms if start < b <= start + self.room()]
            if not fit:
                if self.y > self.top + 0.01:
                    self.continue_page()
                    continue
                fit = [min(b for b in bottoms if b > start)]
            end = fit[-1]
            self.page.items.append(Placed(self.left + x, self.y, draw_doc(ts, d, start, end)))
            self.y += end - start
            start = end
            if start < h - 0.01:
                self.continue_page()


def line_bottoms(d) -> list[float]:  # noqa: ANN001
    lay = d.documentLayout()
    out = []
    block = d.begin()
    while block.isValid():
        top = lay.blockBoundingRect(block).top()
        tl = block.layout()
        for i in range(tl.lineCount()):
            line = tl.lineAt(i)
            out.append(top + line.y() + line.height())
        block = block.next()
    return out


def draw_doc(ts: Typesetter, d, start: float, end: float) -> Callable:  # noqa: ANN001
    def draw(p, x: float, y: float) -> None:  # noqa: ANN001
        from PySide6.QtCore import QRectF

        p.save()
        p.translate(x * ts.k, (y - start) * ts.k)
        clip = QRectF(0, start * ts.k, d.textWidth() + 2, (end - start) * ts.k + 0.5)
        d.drawContents(p, clip)
        p.restore()
    return draw


# ---------------------------------------------------------------------------------------------
# vector charts (drawn from the same ChartSpec as the kiosk's pyqtgraph charts)


def _pen(color: str, width: float):  # noqa: ANN202 - a QPen, imported when used
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor, QPen

    pen = QPen(QColor(color))
    pen.setWidthF(width)
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    return pen


def _text(p, ts: Typesetter, rect, text: str, pt: float, color: str = INK, bold: bool = False,  # noqa: ANN001
          align=None, balance: bool = False) -> None:  # noqa: ANN001
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QColor

    if align is None:
        align = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
    k = ts.k
    r = QRectF(rect.x() * k, rect.y() * k, rect.width() * k, rect.height() * k)
    size = pt
    flags = int(align) | int(Qt.TextFlag.TextWordWrap)
    while True:  # shrink (to 70 %) rather than clip
        p.setFont(ts.font(size, bold))
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
    return {"bar": 44.0, "compare": 44.0, "donut": 40.0, "gauge": 36.0}[kind]


def draw_chart(p, ts: Typesetter, spec, x: float, y: float, w: float, h: float) -> None:  # noqa: ANN001
    """Bars, a donut, a gauge or a before/after pair in the box (layout units), as paths."""
    from PySide6.QtCore import QPointF, QRectF, Qt
    from PySide6.QtGui import QBrush, QColor, QPainterPath

    from .ui.chart_table import change_text, share_text
    from .ui.charts import format_number, with_unit

    k = ts.k
    accent = spec.color
    p.save()
    p.setRenderHint(p.RenderHint.Antialiasing)
    if spec.kind in ("bar", "compare"):
        n = len(spec.values)
        value_h, label_h = 6.0, 9.5
        cap_h = 6.5 if spec.kind == "compare" else 0.0
        top, base = y + value_h, y + h - label_h - cap_h
        vmax = max(max(spec.values), 0.0) or 1.0
        slot = w / n
        bar_w = min(slot * 0.6, 16.0)
        for i, v in enumerate(spec.values):
            cx = x + slot * (i + 0.5)
            bh = max(0.0, v) / vmax * (base - top)
            color = tint_of(accent, 0.45) if spec.kind == "compare" and i == 0 else accent
            path = QPainterPath()
            path.addRect(QRectF((cx - bar_w / 2) * k, (base - bh) * k, bar_w * k, bh * k))
            p.fillPath(path, QBrush(QColor(color)))
            _text(p, ts, QRectF(cx - slot / 2, base - bh - value_h, slot, value_h),
                  with_unit(format_number(v, spec.decimals[i]), spec.unit), 7.0, INK, True,
                  Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom)
            _text(p, ts, QRectF(cx - slot / 2 + 0.4, base + 1.2, slot - 0.8, label_h - 1.2), spec.labels[i], 6.2,
                  MUTED, balance=True)
        p.setPen(_pen(FAINT, 0.25 * k))
        p.drawLine(QPointF(x * k, base * k), QPointF((x + w) * k, base * k))
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
            _text(p, ts, QRectF(x, y + h - cap_h + 0.8, w, cap_h - 0.8), change_text(spec), 7.0, ink_of(accent), True)
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
            frac = min(max(spec.values[0] / 100.0, 0.0), 1.0)
            centre = with_unit(format_number(spec.values[0], spec.decimals[0]), spec.unit)
        else:
            start, total = 90.0, 360.0
            part, whole = spec.values
            frac = min(max(part / whole, 0.0), 1.0)
            centre = share_text(spec)
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
        _text(p, ts, QRectF(cx - inner / 2, cy - 4.5, inner, 9.0), centre, 11.0, INK, True,
              Qt.AlignmentFlag.AlignCenter)
        bottom = cy + r * (0.5 if gauge else 1.0) + stroke / 2 + 1.5
        if gauge:
            legend = spec.labels[0]
        else:
            legend = "  ".join(f"{m} {lab} {with_unit(format_number(v, spec.decimals[i]), spec.unit)}"
                               for i, (m, lab, v) in enumerate(zip("●○", spec.labels, spec.values)))
        _text(p, ts, QRectF(x, bottom, w, y + h - bottom), legend, 6.2, MUTED, balance=True)
    p.restore()


# ---------------------------------------------------------------------------------------------
# the handout


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
        self.scale = mm.width() / A4_W  # A3: sqrt 2
        k = DPI / 25.4 * self.scale  # device px per layout unit
        self.ts = Typesetter(family, k, self.pdf)
        self.flow = Flow(A4_W, mm.height() / self.scale)
        self.section_pages: dict[tuple[str, str], int] = {}

    # helpers --------------------------------------------------------------------------------
    def heading(self, text: str, pt: float, color: str = INK, keep: float = 30.0, gap: float = 2.5) -> None:
        ts = self.ts
        d = ts.doc(span(text, pt, ts, color, True), self.flow.content_w, pt, color, line=120)
        self.flow.text(ts, d, keep=keep)
        self.flow.space(gap)

    def para(self, html: str, pt: float = 9.5, color: str = INK, x: float = 0.0, width: float | None = None,
             keep: float = 0.0, gap: float = 2.0) -> None:
        ts = self.ts
        d = ts.doc(html, width if width is not None else self.flow.content_w - x, pt, color)
        self.flow.text(ts, d, x=x, keep=keep)
        self.flow.space(gap)

    def rule(self, color: str = RULE, weight: float = 0.3, gap: float = 3.0) -> None:
        ts, w = self.ts, self.flow.content_w

        def draw(p, x, y):  # noqa: ANN001, ANN202
            from PySide6.QtCore import QPointF

            p.setPen(_pen(color, weight * ts.k))
            p.drawLine(QPointF(x * ts.k, y * ts.k), QPointF((x + w) * ts.k, y * ts.k))
        self.flow.place(weight, draw)
        self.flow.space(gap)

    def start(self, section: str, lang: str, header: str) -> None:
        self.flow.new_page(section, lang, header)
        self.section_pages.setdefault((section, lang), len(self.flow.pages))

    def cells(self, blocks: list[tuple[float, Callable]], cols: int, gap_x: float = 5.0,
              gap_y: float = 4.0) -> None:
        """Blocks (height, draw(p, x, y, width)) in rows of ``cols`` columns; a row moves whole."""
        w = (self.flow.content_w - gap_x * (cols - 1)) / cols
        for r in range(0, len(blocks), cols):
            row = blocks[r:r + cols]
            h = max(b[0] for b in row)
            self.flow.need(h)
            for c, (_bh, draw) in enumerate(row):
                self.flow.page.items.append(Placed(self.flow.left + c * (w + gap_x), self.flow.y,
                                                   lambda p, x, y, d=draw: d(p, x, y, w)))
            self.flow.y += h
            self.flow.space(gap_y)

    def cell_width(self, cols: int, gap_x: float = 5.0) -> float:
        return (self.flow.content_w - gap_x * (cols - 1)) / cols

    def doc_block(self, d) -> tuple[float, Callable]:  # noqa: ANN001
        h = self.ts.height(d)
        draw = draw_doc(self.ts, d, 0.0, h)
        return h, lambda p, x, y, _w: draw(p, x, y)

    # sections -------------------------------------------------------------------------------
    def cover(self, langs: tuple[str, ...]) -> None:
        ex, ts, flow = self.ex, self.ts, self.flow
        lang0 = "both" if len(langs) > 1 else langs[0]
        self.start("cover", lang0, "")
        themes = ex.themes

        def stripes(p, x, y):  # noqa: ANN001, ANN202
            from PySide6.QtCore import QRectF
            from PySide6.QtGui import QColor

            n = max(1, len(themes))
            w = flow.content_w / n
            for i, t in enumerate(themes):
                p.fillRect(QRectF((x + i * w) * ts.k, y * ts.k, (w - 1.2) * ts.k, 4.0 * ts.k), QColor(t.accent))
        flow.space(18)
        flow.place(4.0, stripes)
        flow.space(16)
        for i, lang in enumerate(langs):
            big = 30 if i == 0 else 20
            self.heading(ex.title(lang), big, INK, keep=0, gap=3)
            self.para(esc(ex.subtitle(lang)), 12.5 if i == 0 else 11, MUTED, gap=6)
        flow.space(4)
        for lang in langs:
            src = ex.source
            self.para(f"{span(tr('source', lang), 9.5, ts, MUTED)}{esc(src.title(lang))} · {esc(src.publisher(lang))}"
                      f" · {src.year}", 9.5, INK, gap=1.5)
        flow.space(10)
        # contents (one list; both languages side by side), page numbers filled in when painting
        def names(make) -> str:  # noqa: ANN001
            return "  /  ".join(make(lang) for lang in langs)

        self.heading(names(lambda lang: tr("contents", lang)), 13, INK, keep=40, gap=2)
        entries = [(f"theme:{t.id}", f"{t.order:02d}  " + names(t.title), t.accent) for t in themes]
        if ex.timeline:
            entries.append(("timeline", names(ex.timeline.title), FAINT))
        if ex.honours:
            entries.append(("honours", names(ex.honours.title), FAINT))
        entries.append(("source", names(lambda lang: tr("about", lang)), FAINT))
        for key, name, accent in entries:
            self.contents_line(key, langs, name, accent)

    def contents_line(self, key: str, langs: tuple[str, ...], name: str, accent: str) -> None:
        ts, w = self.ts, self.flow.content_w
        h = 6.2

        def draw(p, x, y):  # noqa: ANN001, ANN202
            from PySide6.QtCore import QRectF, Qt
            from PySide6.QtGui import QColor

            p.fillRect(QRectF(x * ts.k, (y + 1.3) * ts.k, 1.4 * ts.k, 3.6 * ts.k), QColor(accent))
            _text(p, ts, QRectF(x + 4, y, w - 36, h), name, 10.5, INK, False,
                  Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            page = "  /  ".join(str(self.section_pages.get((key, lang), "")) for lang in langs)
            _text(p, ts, QRectF(x + w - 30, y, 30, h), page, 10.5, MUTED, False,
                  Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            p.setPen(_pen(RULE, 0.2 * ts.k))
            from PySide6.QtCore import QPointF

            p.drawLine(QPointF((x + 4) * ts.k, (y + h) * ts.k), QPointF((x + w) * ts.k, (y + h) * ts.k))
        self.flow.place(h + 0.8, draw)

    def theme(self, theme, lang: str) -> None:  # noqa: ANN001
        from .ui.chart_table import table_rows
        from .ui.theme_page import chart_spec
        from .ui.widgets import QUALIFIERS, format_number, period_text

        ts, flow = self.ts, self.flow
        accent, ink = theme.accent, ink_of(theme.accent)
        self.start(f"theme:{theme.id}", lang, theme.title(lang))

        def band(p, x, y):  # noqa: ANN001, ANN202
            from PySide6.QtCore import QRectF
            from PySide6.QtGui import QColor

            p.fillRect(QRectF(x * ts.k, y * ts.k, flow.content_w * ts.k, 2.2 * ts.k), QColor(accent))
        flow.place(2.2, band)
        flow.space(4)
        self.para(span(f"{theme.order:02d}", 11, ts, ink, True), 11, ink, gap=0.5)
        self.heading(theme.title(lang), 22, INK, keep=40, gap=1.5)
        self.para(esc(theme.tagline(lang)), 11.5, ink, gap=1.2)
        self.para(esc(theme.headline(lang)), 10.5, MUTED, gap=5)

        def figure_html(f, big: bool) -> str:  # noqa: ANN001
            value = format_number(f.display_value(lang), f.display_precision(lang), lang)
            small = 9.0 if big else 8.0
            parts = []
            if f.qualifier:
                parts.append(span(QUALIFIERS[f.qualifier][lang] + " ", small, ts, MUTED))
            if f.prefix:
                parts.append(span(f.prefix(lang) + " ", small, ts, INK))
            parts.append(span(value, 20 if big else 12.5, ts, ink, True))
            if f.unit:  # "95.9%" but "712.7 亿元", as the charts write them
                unit = f.unit(lang)
                parts.append(span(("" if unit.startswith(("%", "％", "‰")) else " ") + unit, small, ts, INK))
            label = esc(f.label(lang))
            period = period_text(f.period, lang)
            meta = f' <span style="color:{FAINT}">· {esc(period)}</span>' if period else ""
            return (f'{"".join(parts)}<br><span style="font-size:{ts.px(small)}px; color:{MUTED}">'
                    f"{label}{meta}</span>")

        # highlights
        self.heading(tr("highlights", lang), 11, ink, keep=25, gap=1.5)
        cols = 3
        w = self.cell_width(cols)
        blocks = [self.doc_block(ts.doc(figure_html(theme.figure(fid), True), w, 9, INK, line=115))
                  for fid in theme.highlights]
        self.cells(blocks, cols, gap_y=3)
        self.para(span(self.source_line(theme.highlights, theme, lang), 7.5, ts, FAINT), 7.5, FAINT, gap=4)

        # charts: drawn as paths, each with its figures as text
        self.heading(tr("charts", lang), 11, ink, keep=60, gap=2)
        n = len(theme.charts)
        cols = 3 if n >= 3 else max(1, n)
        w = self.cell_width(cols, 6.0)
        blocks = []
        titles = [ts.doc(span(c.title(lang), 8.8, ts, INK, True), w, 8.8, INK, line=118) for c in theme.charts]
        title_h = max(ts.height(t) for t in titles)  # the drawings of a row start on one line
        for chart, title in zip(theme.charts, titles):
            figs = theme.chart_figures(chart)
            spec = chart_spec(chart, figs, accent, lang)
            rows = table_rows(spec, figs, lang)
            table_html = "".join(
                f'<tr><td style="color:{MUTED if r.computed else INK}; padding-right:{ts.px(3)}px">{esc(r.label)}'
                + (f'<br><span style="color:{FAINT}; font-size:{ts.px(6.5)}px">{esc(r.note)}</span>' if r.note
                   else "")
                + f'</td><td align="right" style="font-weight:bold; color:{MUTED if r.computed else ink}">'
                f"{esc(r.value_text())}</td></tr>"
                for r in rows)
            table = ts.doc(f'<table width="100%" cellspacing="0" cellpadding="{ts.px(0.6)}">{table_html}</table>',
                           w, 7.2, INK, line=115)
            note = ts.doc(span(chart.note(lang), 6.8, ts, FAINT), w, 6.8, FAINT, line=118) if chart.note else None
            ch = chart_height(chart.kind)
            th, tb = title_h, ts.height(table)
            nh = ts.height(note) + 1.5 if note is not None else 0.0
            height = th + 2.5 + ch + 3 + tb + nh

            def draw(p, x, y, cw, title=title, table=table, note=note, spec=spec, th=th, ch=ch, tb=tb):  # noqa: ANN001, ANN202
                draw_doc(ts, title, 0, ts.height(title))(p, x, y)
                draw_chart(p, ts, spec, x, y + th + 2.5, cw, ch)
                yy = y + th + 2.5 + ch + 3
                draw_doc(ts, table, 0, tb)(p, x, yy)
                if note is not None:
                    draw_doc(ts, note, 0, ts.height(note))(p, x, yy + tb + 1.5)
            blocks.append((height, draw))
        self.cells(blocks, cols, 6.0, 3)
        chart_figs = [fid for c in theme.charts for fid in c.figures]
        self.para(span(self.source_line(chart_figs, theme, lang), 7.5, ts, FAINT), 7.5, FAINT, gap=4)

        # stories
        self.heading(tr("stories", lang), 11, ink, keep=30, gap=1.5)
        for story in theme.stories:
            meta = period_text(story.period, lang)
            head = span(story.title(lang), 10, ts, INK, True)
            if meta:
                head += " " + span("· " + meta, 8, ts, FAINT)
            self.para(head, 10, INK, keep=12, gap=0.8)
            self.para(esc(story.text(lang)), 9.2, INK, gap=3.5)

        # the remaining figures
        rest = [f for f in theme.figures if f.id not in theme.highlights]
        if rest:
            self.heading(tr("more", lang), 11, ink, keep=20, gap=1.5)
            cols = 4
            w = self.cell_width(cols, 4.0)
            blocks = [self.doc_block(ts.doc(figure_html(f, False), w, 8, INK, line=112)) for f in rest]
            self.cells(blocks, cols, 4.0, 2.5)
            self.para(span(self.source_line([f.id for f in rest], theme, lang), 7.5, ts, FAINT), 7.5, FAINT, gap=0)

    def source_line(self, figure_ids, theme, lang: str) -> str:  # noqa: ANN001
        ex = self.ex
        names: list[str] = []
        for fid in figure_ids:
            title = ex.section(theme.figure(fid).section).title(lang)
            if title not in names:
                names.append(title)
        sep = "、" if lang == "zh" else ", "
        return f"{tr('source', lang)}{ex.source.title(lang)} · {sep.join(names)}"

    def timeline(self, lang: str) -> None:
        from .ui.widgets import date_text

        ex, ts, flow = self.ex, self.ts, self.flow
        tl = ex.timeline
        self.start("timeline", lang, tl.title(lang))
        self.heading(tl.title(lang), 22, INK, keep=30, gap=1.5)
        self.para(esc(tl.intro(lang)), 10.5, MUTED, gap=5)
        date_w = 32.0
        events = sorted(ex.events, key=lambda e: e.sort_key)
        for era in tl.eras:
            inside = [e for e in events if era.start <= e.year < era.end]
            if not inside:
                continue
            self.heading(f"{era.title(lang)}  {era.start}–{era.end - 1}", 12, ink_of(era.color), keep=20, gap=2)
            for e in inside:
                theme = next((t for t in ex.themes if t.id == e.theme), None)
                accent = theme.accent if theme else FAINT
                body = ts.doc(span(e.title(lang), 9.6, ts, INK, True) + "<br>" + esc(e.text(lang)),
                              flow.content_w - date_w, 9, INK, line=130)
                date = date_text(e.date, lang)
                key = e.key
                h = ts.height(body)

                def draw_date(p, x, y, date=date, accent=accent, key=key):  # noqa: ANN001, ANN202
                    from PySide6.QtCore import QRectF, Qt
                    from PySide6.QtGui import QColor

                    p.setRenderHint(p.RenderHint.Antialiasing)
                    p.setPen(Qt.PenStyle.NoPen)
                    p.setBrush(QColor(accent))
                    r = 1.3 if key else 0.9
                    p.drawEllipse(QRectF((x + 1.2 - r) * ts.k, (y + 2.6 - r) * ts.k, 2 * r * ts.k, 2 * r * ts.k))
                    _text(p, ts, QRectF(x + 4, y, date_w - 5, 12), date, 8.8, INK if key else MUTED, key,
                          Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
                body_draw = draw_doc(ts, body, 0, h)
                if h > flow.bottom - flow.top:  # an event longer than a page: just break it
                    flow.place(0, draw_date)
                    flow.text(ts, body, x=date_w)
                else:
                    flow.place(h, lambda p, x, y, d=draw_date, b=body_draw: (d(p, x, y), b(p, x + date_w, y)))
                flow.space(2.6)
            flow.space(2)

    def honours(self, lang: str) -> None:
        ex, ts, flow = self.ex, self.ts, self.flow
        h = ex.honours
        self.start("honours", lang, h.title(lang))
        self.heading(h.title(lang), 22, INK, keep=30, gap=1.5)
        self.para(esc(h.intro(lang)), 10.5, MUTED, gap=6)
        for i, item in enumerate(h.honours, 1):
            theme = next((t for t in ex.themes if t.id == item.theme), None)
            accent = theme.accent if theme else "#D9B45A"
            text = (span(item.title(lang), 10.5, ts, INK, True) + "<br>" + span(item.text(lang), 9.2, ts, MUTED))
            d = ts.doc(text, flow.content_w - 12, 9.2, INK, line=130)
            dh = ts.height(d)
            body = draw_doc(ts, d, 0, dh)

            def draw(p, x, y, i=i, accent=accent, body=body):  # noqa: ANN001, ANN202
                from PySide6.QtCore import QRectF, Qt

                p.setRenderHint(p.RenderHint.Antialiasing)
                from PySide6.QtGui import QColor

                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(QColor(accent))
                p.drawEllipse(QRectF(x * ts.k, y * ts.k, 7.5 * ts.k, 7.5 * ts.k))
                _text(p, ts, QRectF(x, y + 0.6, 7.5, 6.3), str(i), 9.5, "#FFFFFF", True,
                      Qt.AlignmentFlag.AlignCenter)
                body(p, x + 12, y)
            flow.place(max(dh, 7.5), draw)
            flow.space(4)

    def about(self, lang: str) -> None:
        from . import __version__

        ex, ts = self.ex, self.ts
        src = ex.source
        self.start("source", lang, tr("about", lang))
        self.heading(tr("about", lang), 22, INK, keep=30, gap=4)
        self.para(span(src.title(lang), 12, ts, INK, True), 12, INK, gap=1.5)
        colon = "：" if lang == "zh" else ": "
        self.para(f"{span(tr('publisher', lang) + colon, 9.5, ts, MUTED)}{esc(src.publisher(lang))} · {src.year}",
                  9.5, INK, gap=3)
        self.para(esc(src.note(lang)), 9.5, INK, gap=6)
        self.heading(tr("sections", lang), 11, INK, keep=20, gap=1.5)
        sep = "、" if lang == "zh" else " · "
        self.para(esc(sep.join(s.title(lang) for s in src.sections)), 9.5, INK, gap=6)
        self.heading(tr("credits", lang), 11, INK, keep=20, gap=1.5)
        self.para(esc(ex.credits(lang)), 9.5, INK, gap=6)
        self.heading(tr("font", lang), 11, INK, keep=20, gap=1.5)
        self.para(esc(tr("font_text", lang)), 9.5, INK, gap=6)
        self.rule()
        self.para(esc(tr("made", lang, v=__version__)), 8.5, FAINT, gap=0)

    # painting -------------------------------------------------------------------------------
    def paint(self) -> None:
        from PySide6.QtCore import QPointF, QRectF, Qt
        from PySide6.QtGui import QPainter

        ts, flow = self.ts, self.flow
        total = len(flow.pages)
        p = QPainter(self.pdf)
        if not p.isActive():
            raise OSError(f"cannot write {self.path}")
        try:
            for n, page in enumerate(flow.pages, 1):
                if n > 1:
                    self.pdf.newPage()
                for item in page.items:
                    item.draw(p, item.x, item.y)
                if page.section == "cover":
                    continue
                lang = page.lang if page.lang in ("zh", "en") else "zh"
                x0, x1 = flow.left, flow.left + flow.content_w
                # running header: where you are, and the exhibition
                _text(p, ts, QRectF(x0, 9.0, flow.content_w * 0.6, 6), page.header, 8, MUTED, False,
                      Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
                _text(p, ts, QRectF(x0 + flow.content_w * 0.4, 9.0, flow.content_w * 0.6, 6), self.ex.title(lang),
                      8, FAINT, False, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                p.setPen(_pen(RULE, 0.25 * ts.k))
                p.drawLine(QPointF(x0 * ts.k, 15.6 * ts.k), QPointF(x1 * ts.k, 15.6 * ts.k))
                fy = flow.height - 11.5
                p.drawLine(QPointF(x0 * ts.k, fy * ts.k), QPointF(x1 * ts.k, fy * ts.k))
                _text(p, ts, QRectF(x0, fy + 1.5, flow.content_w * 0.7, 6),
                      f"{self.ex.source.title(lang)} · {self.ex.source.year}", 7, FAINT, False,
                      Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
                _text(p, ts, QRectF(x0 + flow.content_w * 0.5, fy + 1.5, flow.content_w * 0.5, 6),
                      tr("page", lang, n=n, total=total), 8, MUTED, False,
                      Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        finally:
            p.end()


# ---------------------------------------------------------------------------------------------
# searchable text: Qt's ToUnicode maps for CJK


# Radical -> the ideograph Noto Sans CJK SC draws with the same glyph, as character pairs (from the
# font's own character map, CJK Radicals Supplement and Kangxi Radicals, BMP ideographs only).
RADICALS = dict(zip(*[iter(
    '⺂乛⺃乚⺅亻⺉刂⺋㔾⺏尣⺐尢⺒巳⺓幺⺔彑⺕彐⺖忄⺘扌⺙攵⺛旡⺞歺⺟母⺠民⺡氵⺣灬⺤爫⺦丬⺨犭⺭礻⺯糹⺰纟⺱罓⺳㓁⺹耂⺺肀⺾艹⺿艹⻀艹⻂衤⻅见⻆角⻈讠⻉贝⻋车⻌辶'
    '⻐钅⻑長⻒镸⻓长⻔门⻖阝⻘青⻙韦⻚页⻛风⻜飞⻝食⻟飠⻠饣⻢马⻣骨⻤鬼⻥鱼⻦鸟⻧卤⻨麦⻩黄⻪黾⻫斉⻬齐⻮齿⻯竜⻰龙⻱龜⻲亀⻳龟⼀一⼁丨⼂丶⼃丿⼄乙⼅亅⼆二⼇亠⼈人'
    '⼉儿⼊入⼋八⼌冂⼍冖⼎冫⼏几⼐凵⼑刀⼒力⼓勹⼔匕⼕匚⼖匸⼗十⼘卜⼙卩⼚厂⼛厶⼜又⼝口⼞囗⼟土⼠士⼡夂⼢夊⼣夕⼤大⼥女⼦子⼧宀⼨寸⼩小⼪尢⼫尸⼬屮⼭山⼮巛⼯工⼰己'
    '⼱巾⼲干⼳幺⼴广⼵廴⼶廾⼷弋⼸弓⼺彡⼻彳⼼心⼽戈⼾户⼿手⽀支⽁攴⽂文⽃斗⽄斤⽅方⽆无⽇日⽈曰⽉月⽊木⽋欠⽌止⽍歹⽎殳⽏毋⽐比⽑毛⽒氏⽓气⽔水⽕火⽖爪⽗父⽘爻⽙爿'
    '⽚片⽛牙⽜牛⽝犬⽞玄⽟玉⽠瓜⽡瓦⽢甘⽣生⽤用⽥田⽦疋⽧疒⽨癶⽩白⽪皮⽫皿⽬目⽭矛⽮矢⽯石⽰示⽱禸⽲禾⽳穴⽴立⽵竹⽶米⽷糸⽸缶⽹网⽺羊⽻羽⽼老⽽而⽿耳⾀聿⾁肉⾂臣'
    '⾃自⾄至⾅臼⾆舌⾇舛⾈舟⾉艮⾊色⾋艸⾌虍⾍虫⾎血⾏行⾐衣⾑襾⾒見⾔言⾕谷⾖豆⾗豕⾘豸⾙貝⾚赤⾛走⾜足⾝身⾞車⾟辛⾠辰⾡辵⾢邑⾣酉⾤釆⾥里⾦金⾧長⾨門⾩阜⾪隶⾫隹'
    '⾬雨⾭靑⾮非⾯面⾰革⾱韋⾲韭⾳音⾴頁⾵風⾶飛⾷食⾸首⾹香⾺馬⾼高⾽髟⾾鬥⾿鬯⿀鬲⿁鬼⿂魚⿃鳥⿄鹵⿅鹿⿆麥⿇麻⿈黃⿉黍⿊黑⿋黹⿌黽⿍鼎⿎鼓⿏鼠⿑齊⿒齒⿓龍⿕龠'
)] * 2))


def fix_to_unicode(path: Path) -> int:
    """Make the PDF's CJK text searchable and copyable as written; returns the codes fixed.

    Qt writes each embedded glyph's character as the lowest code point the font maps to it; this
    font also maps CJK radicals (U+2E80-U+2FDF) to the glyphs of common ideographs, so 高 would
    extract as the radical ⾼ and 飞 as ⻜. The ToUnicode maps are plain text in Qt's PDFs: swap
    those radicals for the ideographs, in place (same length, so every offset stays valid)."""
    import re

    data = Path(path).read_bytes()
    cmaps = list(re.finditer(rb"begincmap.*?endcmap", data, re.S))
    if not any(re.search(rb"<2[EeFf][0-9A-Fa-f]{2}>", m.group(0)) for m in cmaps):
        return 0
    table = {ord(r): ord(u) for r, u in RADICALS.items()}
    fixed = 0

    def fix_section(section: bytes, first_dest: int) -> bytes:
        nonlocal fixed
        lines = []
        for line in section.split(b"\n"):
            tokens = list(re.finditer(rb"<([0-9A-Fa-f]{4})>", line))
            dests = tokens[first_dest:] if b"[" not in line else [t for t in tokens if t.start() > line.index(b"[")]
            for t in reversed(dests):
                new = table.get(int(t.group(1), 16))
                if new is not None:
                    line = line[:t.start()] + b"<%04X>" % new + line[t.end():]
                    fixed += 1
            lines.append(line)
        return b"\n".join(lines)

    def fix_cmap(m: re.Match) -> bytes:
        text = re.sub(rb"beginbfrange.*?endbfrange", lambda s: fix_section(s.group(0), 2), m.group(0), flags=re.S)
        return re.sub(rb"beginbfchar.*?endbfchar", lambda s: fix_section(s.group(0), 1), text, flags=re.S)

    out = re.sub(rb"begincmap.*?endcmap", fix_cmap, data, flags=re.S)
    assert len(out) == len(data)
    Path(path).write_bytes(out)
    return fixed


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
    w.cover(langs)
    for one in langs:
        for theme in exhibition.themes:
            w.theme(theme, one)
        if exhibition.timeline is not None:
            w.timeline(one)
        if exhibition.honours is not None:
            w.honours(one)
        w.about(one)
    w.paint()
    del w.pdf  # the file is complete once the writer is gone
    fixed = fix_to_unicode(path)
    log.info("handout %s: %d pages (%s, %s); %d ToUnicode entries fixed", path, len(w.flow.pages), paper, lang,
             fixed)
    return Handout(path, paper, langs, w.flow.pages)


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

