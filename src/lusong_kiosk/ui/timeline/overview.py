"""The timeline's overview strip: the whole axis, 1954–2022, on the same segmented scale as the
canvas (``axis.Axis``: 1954 | 2010 | 2017–2019 | 2020 | 2021 | 2022), a dot per event in its
theme's colour, the segment years labelled, and a bracket over the stretch the canvas shows.

A tap or a drag on the strip brings that moment to the middle of the canvas (a tap animates,
unless motion is reduced; a drag follows the finger).

Cheap per frame: everything but the bracket is drawn once into a pixmap, kept under a key of
everything it depends on (ui/paint_cache.py's contract, rule 1) and rebuilt only when that key
changes (``builds`` counts them); a pan repaints only the strips of the old and the new bracket.

It stays on view for a presenter's audience (it is not in ``Shell.CHROME_NAMES``): it shows
where in 1954–2022 the canvas is, which is content; and it is drawn as a map, not as a button
(no raised face, no border), so it does not read as a touch control on the audience's screen.
"""

from __future__ import annotations

import functools
import logging

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QMouseEvent, QPainter, QPaintEvent, QPen, QPixmap
from PySide6.QtWidgets import QWidget

from ...present.strings import text
from .. import style
from ..base import UiContext
from .axis import event_span, ticks
from .paint import era_rule, font, over_bg, theme_color

log = logging.getLogger(__name__)

HEIGHT = 91  # design px
DOT = 10  # design px: an event's dot
DOT_ROWS = 3  # dots that would overlap stack upwards, this many high (then they overlap)
LEAST_W = 480  # design px: beside the chips, the strip needs at least this width
LABEL = style.BODY  # design px: the segment years, as large as the chips' text beside them (at 20
# they came out 14 px at 1366 x 768, too small to read from where a visitor stands)


class OverviewStrip(QWidget):
    """The whole axis in one line, with the canvas's visible stretch bracketed; see the module."""

    def __init__(self, ctx: UiContext, view: QWidget, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.view = view  # a TimelineView: its axis, events, themes, filter and visible range
        self.builds = 0  # how often the still picture was drawn (tests: not once per frame)
        self._static: QPixmap | None = None
        self._static_key: tuple | None = None
        self._bracket = QRect()
        self._years: tuple[int, int] | None = None
        self._seen_frame: object = None  # the canvas's layout last looked at (``follow``)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        view.scrolled.connect(self.follow)

    # geometry --------------------------------------------------------------------------------
    def sizeHint(self) -> QSize:
        # HEIGHT was made for a 29 px line of 20 px labels: the rest grows with the labels' line
        m = self.ctx.metrics
        return QSize(self.width(), m.px(HEIGHT - 29) + max(m.px(29), self._label_h()))

    def _rows(self) -> int:
        """Rows of dots that fit in the strip's height (1 to DOT_ROWS)."""
        m = self.ctx.metrics
        room = self.height() - m.px(4 + 8 + 7) - self._label_h()
        return max(1, min(DOT_ROWS, room // m.px(DOT + 3)))

    def _era_row(self) -> bool:
        """Room under the years for a row of the eras' names (a band across the screen, not the
        strip beside the chips)."""
        m = self.ctx.metrics
        need = m.px(4) + self._rows() * m.px(DOT + 3) + m.px(8 + 7) + 2 * self._label_h() + m.px(6)
        return self.x() == 0 and self.height() >= need and bool(self._eras())

    def _eras(self) -> list:
        tl = self.ctx.exhibition.timeline
        return list(tl.eras) if tl else []

    def _label_h(self) -> int:
        return _label_size(self.ctx.family, self.ctx.metrics.fpx(LABEL))[0]

    def _track(self) -> tuple[float, float, float]:
        """(left, right, y) of the axis line in widget px: the drawing is centred in whatever
        height the screen gives the strip; across the screen it keeps the page's margins, beside
        the chips just room for the end years' labels."""
        m = self.ctx.metrics
        rows = self._rows()
        content = m.px(4) + rows * m.px(DOT + 3) + m.px(8) + self._label_h() + m.px(7)
        if self._era_row():
            content += self._label_h() + m.px(6)
        y = max(0, (self.height() - content) // 2) + m.px(4) + rows * m.px(DOT + 3) + m.px(2)
        if self.x() == 0:
            pad = float(m.margin)
        else:
            pad = _label_size(self.ctx.family, m.fpx(LABEL))[1] / 2 + m.px(4)
        return pad, float(max(pad + 1, self.width() - pad)), float(y)

    def x_of(self, t: float) -> float:
        left, right, _ = self._track()
        ax = self.view.axis
        return left + ax.u(t) / ax.total * (right - left)

    def time_at(self, x: float) -> float:
        left, right, _ = self._track()
        ax = self.view.axis
        return ax.t((x - left) / max(1.0, right - left) * ax.total)

    def bracket_rect(self) -> QRect:
        """Where the bracket is drawn: the canvas's visible stretch, at least a finger's edge wide."""
        a, b = self.view.visible_range()
        x0, x1 = self.x_of(a), self.x_of(b)
        m = self.ctx.metrics
        least = m.px(10)
        if x1 - x0 < least:
            c = (x0 + x1) / 2
            x0, x1 = c - least / 2, c + least / 2
        _, _, y = self._track()
        top = round(y) - self._rows() * m.px(DOT + 3) - m.px(4)
        return QRect(round(x0), top, max(1, round(x1 - x0)), round(y + m.px(8)) - top)

    # following the canvas -----------------------------------------------------------------------
    def follow(self) -> None:
        """The canvas moved or was laid out again: move the bracket (repaint the old and the new
        place only) and keep the accessible description on the years in view."""
        if self.view.frame is None or not self.isVisible():
            return
        if self.view.frame is not self._seen_frame:  # laid out again (not a mere scroll)
            self._seen_frame = self.view.frame
            if self._static_key is not None and self.static_key() != self._static_key:
                self.update()  # a filter, a size or the eras' room changed the still picture
        r = self.bracket_rect()
        if r != self._bracket:
            pad = self.ctx.metrics.px(4)
            self.update(self._bracket.adjusted(-pad, -pad, pad, pad))
            self.update(r.adjusted(-pad, -pad, pad, pad))
            self._bracket = r
        a, b = self.view.visible_range()
        years = (int(max(a, self.view.axis.first)), int(min(b, self.view.axis.end - 1e-6)))
        if years != self._years:
            self._years = years
            self._describe()

    def set_language(self, lang: str) -> None:
        self.setAccessibleName(text("timeline.overview", lang))
        self._years = None
        self._describe()
        self.update()

    def _describe(self) -> None:
        lang = self.ctx.lang
        y0, y1 = self._years or (int(self.view.axis.first), int(self.view.axis.end) - 1)
        shown = str(y0) if y0 == y1 else f"{y0}–{y1}"
        self.setAccessibleDescription(text("timeline.overview_shows", lang, years=shown))

    # input ---------------------------------------------------------------------------------------
    def mousePressEvent(self, e: QMouseEvent) -> None:
        if e.button() == Qt.MouseButton.LeftButton:
            self._go(e.position().x(), animate=True)
        e.accept()

    def mouseMoveEvent(self, e: QMouseEvent) -> None:
        if e.buttons() & Qt.MouseButton.LeftButton:
            self._go(e.position().x(), animate=False)
        e.accept()

    def _go(self, x: float, animate: bool) -> None:
        try:
            self.view.scroll_to_time(self.time_at(x), 0.5, animate=animate)
        except Exception:
            log.exception("timeline overview: cannot move the view")

    # painting ------------------------------------------------------------------------------------
    def static_key(self) -> tuple:
        """Everything the still picture depends on (paint_cache.py, rule 1)."""
        m = self.ctx.metrics
        v = self.view
        return (self.width(), self.height(), self.x() == 0, self.ctx.lang, self.devicePixelRatioF(), self.ctx.family,
                m.scale,
                m.margin, m.fpx(LABEL), tuple(v.axis.weights), v.filter, tuple(e.id for e in v.all_events),
                style.HIGH_CONTRAST, style.BG, style.TEXT, style.MUTED)

    def _still(self) -> QPixmap:
        key = self.static_key()
        if self._static is None or key != self._static_key:
            self._static = self._draw_still()
            self._static_key = key
            self.builds += 1
        return self._static

    def _draw_still(self) -> QPixmap:
        dpr = self.devicePixelRatioF()
        pm = QPixmap(max(1, round(self.width() * dpr)), max(1, round(self.height() * dpr)))
        pm.setDevicePixelRatio(dpr)
        pm.fill(QColor(style.BG))
        p = QPainter(pm)
        try:
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
            self._paint_still(p)
        finally:
            p.end()
        return pm

    def _paint_still(self, p: QPainter) -> None:
        m = self.ctx.metrics
        v = self.view
        ax = v.axis
        left, right, y = self._track()
        # the segments: alternate washes, so the scale reads as chapters of unequal length
        rows_n = self._rows()
        seg_top = y - rows_n * m.px(DOT + 3) - m.px(2)
        for i in range(len(ax.weights)):
            x0, x1 = self.x_of(ax.bounds[i]), self.x_of(ax.bounds[i + 1])
            if i % 2 == 0 or ax.base[i] <= 1.0:
                continue
            p.fillRect(QRectF(x0, seg_top, x1 - x0, y - seg_top), over_bg(style.MUTED, 0.06))
        p.setPen(QPen(QColor(style.MUTED), max(1.5, 2 * m.scale)))
        p.drawLine(QPointF(left, y), QPointF(right, y))
        # the labelled segment years (the canvas's own choice of labels, at this scale)
        f = font(self.ctx.family, m.fpx(LABEL))
        p.setFont(f)
        fm = p.fontMetrics()
        spacing = fm.horizontalAdvance("0000") + m.px(14)
        tick_pen = QPen(QColor(style.MUTED), max(1.0, 1.5 * m.scale))
        # 1954 is where the story begins: always labelled here, any label crowding it left out
        for tk in ticks(ax, (right - left) / ax.total, spacing, keep_first=True):
            x = self.x_of(float(tk.year))
            p.setPen(tick_pen)
            p.drawLine(QPointF(x, y), QPointF(x, y + (m.px(6) if tk.labelled else m.px(3))))
            if tk.labelled:
                w = fm.horizontalAdvance(str(tk.year))
                lx = min(max(x - w / 2, 0.0), self.width() - w)
                p.setPen(QColor(style.MUTED))
                p.drawText(QPointF(lx, y + m.px(8) + fm.ascent()), str(tk.year))
        # the eras: a rule in each era's colour under the axis line and, where there is room,
        # its name at its start (the name only where it fits inside the era's stretch)
        ey = y + m.px(8) + fm.height() + m.px(2)  # the eras' rules, under the years
        era_row = self._era_row()
        for era in self._eras():
            x0, x1 = self.x_of(float(era.start)), self.x_of(float(era.end))
            rule = QRectF(x0 + m.px(2), ey, max(1.0, x1 - x0 - m.px(4)), max(2.0, 3 * m.scale))
            p.fillRect(rule, era_rule(era.color))
            name = era.title(self.ctx.lang)
            if era_row and fm.horizontalAdvance(name) <= x1 - x0 - m.px(4):
                p.setPen(QColor(style.TEXT))
                p.drawText(QPointF(x0 + m.px(2), ey + m.px(5) + fm.ascent()), name)
        # the events: a dot each at its date, stacked where they would overlap
        d = float(m.px(DOT))
        step = float(m.px(DOT + 3))
        rows: list[float] = [-1e9] * rows_n
        p.setPen(Qt.PenStyle.NoPen)
        for t, e in sorted(zip(_dot_times(v.all_events), v.all_events, strict=True), key=lambda te: te[0]):
            x = self.x_of(t)
            row = next((r for r in range(rows_n) if rows[r] <= x - d - m.px(1)), None)
            if row is None:
                row = min(range(rows_n), key=lambda r: rows[r])
            rows[row] = x
            color = theme_color(v.themes.get(e.theme))
            dim = v.filter is not None and e.theme != v.filter
            p.setBrush(over_bg(color, 0.3) if dim else QColor(color))
            cy = y - m.px(5) - row * step
            p.drawEllipse(QPointF(x + d / 2, cy - d / 2), d / 2, d / 2)

    def paintEvent(self, event: QPaintEvent) -> None:
        # an exception escaping a paint override aborts the app (docs/QT-NOTES.md)
        p = QPainter(self)
        try:
            r = event.rect()
            dpr = self.devicePixelRatioF()
            p.drawPixmap(r, self._still(), QRectF(r.x() * dpr, r.y() * dpr, r.width() * dpr, r.height() * dpr).toRect())
            if self.view.frame is not None:
                self._bracket = self.bracket_rect()
                self._paint_bracket(p, self._bracket)
        except Exception:
            log.exception("timeline overview: paint failed")
        finally:
            p.end()

    def _paint_bracket(self, p: QPainter, r: QRect) -> None:
        m = self.ctx.metrics
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(QPen(QColor(style.TEXT), max(2.0, 2.5 * m.scale)))
        p.setBrush(QColor(255, 255, 255, 28))
        rad = m.px(6)
        p.drawRoundedRect(QRectF(r), rad, rad)


def _dot_times(events: list) -> list[float]:
    """Where each event's dot goes, in decimal years: its date, and the events of one year with
    no month (a dozen of 2022's) spread evenly over that year, in their order, as the canvas
    spreads their cards: at the year's start they stacked into one pile of dots."""
    spans = [event_span(e.date) for e in events]
    whole_years: dict[tuple[float, float], list[int]] = {}
    for i, (a, b) in enumerate(spans):
        if b - a >= 1.0:
            whole_years.setdefault((a, b), []).append(i)
    times = [a for a, _ in spans]
    for (a, b), members in whole_years.items():
        for k, i in enumerate(members):
            times[i] = a + (k + 0.5) / len(members) * (b - a)
    return times


@functools.lru_cache(maxsize=8)
def _label_size(family: str, px: int) -> tuple[int, int]:
    """(line height, width of a year) of the strip's labels: asked several times for every
    scroll step (the bracket's place), where a font and its metrics made each time cost more
    than the rest of the step."""
    fm = QFontMetrics(font(family, px))
    return fm.height(), fm.horizontalAdvance("0000")
