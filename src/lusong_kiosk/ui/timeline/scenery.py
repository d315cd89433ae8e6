"""The timeline's scenery, painted directly (a handful of lines and rectangles): the axis with
its ticks and year labels, the eras as tints behind the cards and as bands beside the axis, and
the stems joining cards to the axis. ``Frame`` says where things are for the current zoom.
"""


from __future__ import annotations

import functools
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen, QPixmap, QStaticText
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from ...content.model import Era
from .. import style
from .axis import Axis, Tick
from .paint import era_rule, exposed_only, font, over_bg


@dataclass
class Frame:
    """Where things are in the scene for the current zoom, size and orientation."""

    vertical: bool  # portrait: time runs downwards
    axis_pos: float  # across coordinate (y in landscape, x in portrait) of the axis line
    lead: float  # along px before 1954
    ppu: float  # px per axis unit
    along_total: float
    across_total: float
    card_side: float  # how far the card side reaches from the axis line
    label_gap: float
    label_size: float  # thickness of the year-label row on the other side
    band_gap: float
    band: float  # thickness of the era band

    def along(self, u: float) -> float:
        return self.lead + u * self.ppu

    def point(self, along: float, across: float) -> QPointF:
        """``across`` > 0 towards the cards, < 0 towards labels and eras."""
        if self.vertical:
            return QPointF(self.axis_pos + across, along)
        return QPointF(along, self.axis_pos - across)

    def rect(self, along: float, length: float, across: float, thickness: float) -> QRectF:
        if self.vertical:
            return QRectF(self.axis_pos + across, along, thickness, length)
        return QRectF(along, self.axis_pos - across - thickness, length, thickness)


class AxisItem(QGraphicsItem):
    """The axis line, a tick and label where each year begins, month ticks where a year is wide,
    and a break mark in the compressed 1954–2009 segment.

    The year being looked at keeps its label: once its own label would leave the view at the
    leading edge, it stays pinned there (brighter, on the background) until the next year's label
    pushes it out, so a visitor who pans always sees which year is in view."""

    def __init__(self, axis: Axis):
        super().__init__()
        self.axis = axis
        self.frame: Frame | None = None
        self.ticks: list[Tick] = []
        self.family = ""
        self.scale = 1.0
        self._labels: dict[int, QStaticText] = {}
        self._font = QFont()
        self._rect = QRectF()
        self._lead = 0.0  # along: where the view begins
        self._sticky: tuple[int, QRectF] | None = None  # the pinned year and where it is drawn
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(5)
        exposed_only(self)

    def configure(self, frame: Frame, ticks: list[Tick], family: str, scale: float, label_px: int) -> None:
        self.prepareGeometryChange()
        if (family, scale, label_px) != (self.family, self.scale, self._font.pixelSize()):
            self._labels.clear()
        self.frame, self.ticks, self.family, self.scale = frame, ticks, family, scale
        self._font = font(family, label_px)
        a0 = frame.along(0)
        a1 = frame.along(self.axis.total)
        pad = 60 * scale
        labels = frame.label_gap + frame.label_size
        r = frame.rect(a0 - pad, a1 - a0 + 2 * pad, -(labels + pad), labels + 2 * pad)
        self._rect = r
        self._sticky = self._pinned(self._lead)
        self.update()

    def set_visible_along(self, a_from: float, a_to: float) -> None:
        """The view now begins at ``a_from``: repaint where the pinned label was and now is
        (the rest of the view is scrolled as it is)."""
        self._lead = a_from
        sticky = self._pinned(a_from)
        if sticky != self._sticky:
            for old_new in (self._sticky, sticky):
                if old_new is not None:
                    self.update(old_new[1].adjusted(-2, -2, 2, 2))
            self._sticky = sticky

    def pinned(self) -> tuple[int, QRectF] | None:
        """The year pinned at the view's leading edge and where (scene), or None."""
        return self._sticky

    def _label_span(self, year: int, a: float) -> tuple[float, float]:
        """(start, length) along the axis of ``year``'s label at its tick ``a``: centred on it."""
        sz = self._label(year).size()
        length = sz.height() if self.frame.vertical else sz.width()
        return a - length / 2, length

    def _pinned(self, lead: float) -> tuple[int, QRectF] | None:
        """The year to pin at ``lead`` and its rectangle, or None when its own label is in view."""
        f = self.frame
        if f is None:
            return None
        ax = self.axis
        edge = lead + 12 * self.scale
        year, nxt, length, nxt_start = None, None, 0.0, 0.0
        for tk in self.ticks:  # the last label that begins before the edge, and the one after
            if not tk.labelled:
                continue
            start, size = self._label_span(tk.year, f.along(ax.u(tk.year)))
            if start < edge:
                year, length = tk.year, size
            else:
                nxt, nxt_start = tk.year, start
                break
        if year is None:
            return None
        at = edge
        if nxt is not None:  # the next year's label pushes it out
            at = min(at, nxt_start - 16 * self.scale - length)
        if at < lead:  # pushed out: gone rather than cut (a lone "1" of 2021 says nothing)
            return None
        sz = self._label(year).size()
        if f.vertical:
            tl = QPointF(f.axis_pos - f.label_gap - sz.width(), at)
        else:
            tl = QPointF(at, f.axis_pos + f.label_gap)
        return year, QRectF(tl, sz)

    def boundingRect(self) -> QRectF:
        return self._rect

    def _label(self, year: int) -> QStaticText:
        st = self._labels.get(year)
        if st is None:
            st = QStaticText(str(year))
            st.setTextFormat(Qt.TextFormat.PlainText)
            st.prepare(font=self._font)
            self._labels[year] = st
        return st

    def paint(self, p: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        f = self.frame
        if f is None:
            return
        ax = self.axis
        s = self.scale
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        a0, ab, a1 = f.along(0), f.along(ax.u(ax.brk)), f.along(ax.total)
        line_w = max(2.0, 3 * s)
        pen = QPen(QColor(style.MUTED), line_w)
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        p.setPen(pen)
        p.drawLine(f.point(a0, 0), f.point(a1, 0))
        # 1954–2009 is one compressed segment: a break mark (two slanted strokes) in its middle
        # instead of year ticks or dashes, which at 4K read as a comb
        d = 9 * s
        mid = (a0 + ab) / 2
        p.setPen(QPen(QColor(style.BG), 4 * s))
        p.drawLine(f.point(mid - d, 0), f.point(mid + d, 0))
        p.setPen(QPen(QColor(style.TEXT), max(1.5, 2.5 * s)))
        for off in (-d * 0.6, d * 0.6):
            c = f.point(mid + off, 0)
            p.drawLine(c + QPointF(-d / 2, d), c + QPointF(d / 2, -d))
        exposed = option.exposedRect if option is not None else self._rect
        lab_pen = QPen(QColor(style.MUTED))
        tick_pen = QPen(QColor(style.MUTED), max(1.0, 2 * s))
        minor_pen = QPen(over_bg(style.MUTED, 0.6), max(1.0, 1.5 * s))
        ex_lo, ex_hi = ((exposed.top(), exposed.bottom()) if f.vertical else (exposed.left(), exposed.right()))
        margin = 80 * s  # a label reaches this far from its tick
        for tk in self.ticks:
            a = f.along(ax.u(tk.year))
            year_end = f.along(ax.u(tk.year + 1))  # a year's month ticks reach this far
            if year_end < ex_lo - margin or a > ex_hi + margin:
                continue
            if tk.labelled:
                p.setPen(tick_pen)
                p.drawLine(f.point(a, 0), f.point(a, -14 * s))
                st = self._label(tk.year)
                sz = st.size()
                if f.vertical:
                    tl = f.point(a, -(f.label_gap + sz.width())) - QPointF(0, sz.height() / 2)
                else:
                    tl = f.point(a, -f.label_gap) - QPointF(sz.width() / 2, 0)
                # a label that would be cut at the leading edge is pinned there instead (below)
                cut = (tl.y() if f.vertical else tl.x()) < self._lead + 12 * s and self._lead > 0
                if not cut and exposed.intersects(QRectF(tl, sz)):
                    p.setPen(lab_pen)
                    p.setFont(self._font)
                    p.drawStaticText(tl, st)
            else:
                p.setPen(minor_pen)
                p.drawLine(f.point(a, 0), f.point(a, -8 * s))
            if tk.year >= ax.brk and tk.year < ax.end and ax.units_per_year(tk.year) * f.ppu / 12 >= 14 * s:
                p.setPen(minor_pen)
                for m in range(1, 12):
                    am = f.along(ax.u(tk.year + m / 12))
                    p.drawLine(f.point(am, 0), f.point(am, -5 * s))
        if self._sticky is not None and exposed.intersects(self._sticky[1]):
            year, r = self._sticky
            p.fillRect(r.adjusted(-6 * s, 0, 6 * s, 0), QColor(style.BG))
            p.setPen(QColor(style.TEXT))
            p.setFont(self._font)
            p.drawStaticText(r.topLeft(), self._label(year))


def era_along(frame: Frame, axis: Axis, era: Era) -> tuple[float, float]:
    """Where an era's wash and band run along the scene: its years, and for the last era on to
    the scene's end -- the room after 2022, where the last cards hang, showed as a dark strip
    at the end of the canvas."""
    a0 = frame.along(axis.u(era.start))
    a1 = frame.along_total if axis.u(era.end) >= axis.total - 1e-9 else frame.along(axis.u(era.end))
    return a0, a1


class EraTintItem(QGraphicsItem):
    """A faint wash of an era's colour behind the cards, with a line where the era begins."""

    def __init__(self, era: Era):
        super().__init__()
        self.era = era
        self._rect = QRectF()
        self._edge = (QPointF(), QPointF())
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(0)
        exposed_only(self)

    def configure(self, frame: Frame, axis: Axis) -> None:
        self.prepareGeometryChange()
        a0, a1 = era_along(frame, axis, self.era)
        self._rect = frame.rect(a0, a1 - a0, 0, frame.card_side)
        self._edge = (frame.point(a0, 0), frame.point(a0, frame.card_side))
        self.update()

    def boundingRect(self) -> QRectF:
        return self._rect.adjusted(-2, -2, 2, 2)

    def paint(self, p: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        p.fillRect(self._rect.intersected(option.exposedRect) if option is not None else self._rect,
                   over_bg(style.accent(self.era.color), 0.07))
        p.setPen(QPen(over_bg(style.accent(self.era.color), 0.35), 1))
        p.drawLine(*self._edge)


class EraBandItem(QGraphicsItem):
    """An era as a band beside the axis, spanning exactly the axis segments it covers: a faint
    wash of the era's colour, a rule in that colour on the axis side and a mark where the era
    begins; its name (bold) and its years in the neutral text colours, not a theme's, so no era
    reads as belonging to one theme. The title stays in view while the band is; where the band
    is too short for the years too, only the name."""

    def __init__(self, era: Era):
        super().__init__()
        self.era = era
        self.frame: Frame | None = None
        self._rect = QRectF()
        self._span = (0.0, 0.0)
        self._visible = (0.0, 0.0)
        self._title = QStaticText()
        self._years = QStaticText()
        self._font = QFont()
        self._years_font = QFont()
        self.scale = 1.0
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(4)

    def configure(self, frame: Frame, axis: Axis, title: str, family: str, scale: float, label_px: int,
                  years: str = "") -> None:
        self.prepareGeometryChange()
        self.frame, self.scale = frame, scale
        a0, a1 = era_along(frame, axis, self.era)
        self._span = (a0, a1)
        across = -(frame.label_gap + frame.label_size + frame.band_gap + frame.band)
        self._rect = frame.rect(a0, a1 - a0, across, frame.band)
        self._font = font(family, label_px, bold=True)
        self._title = QStaticText(title)
        self._title.setTextFormat(Qt.TextFormat.PlainText)
        self._title.prepare(font=self._font)
        self._years = QStaticText(years)
        self._years.setTextFormat(Qt.TextFormat.PlainText)
        self._years_font = font(family, label_px)
        self._years.prepare(font=self._years_font)
        self.update()

    def set_visible_along(self, a_from: float, a_to: float) -> None:
        if (a_from, a_to) != self._visible:
            self._visible = (a_from, a_to)
            self.update()

    def boundingRect(self) -> QRectF:
        return self._rect

    def _gap(self) -> float:
        return 14 * self.scale

    def _lengths(self) -> tuple[float, float]:
        """(the name's length, the name's and the years' length) along the band."""
        name = self._title.size().width()
        years = self._years.size().width()
        return name, (name + self._gap() + years if years > 0 else name)

    def title_rect(self) -> QRectF | None:
        """Where the title is drawn (scene), or None when the visible part of the band is too short."""
        f = self.frame
        if f is None:
            return None
        pad = 16 * self.scale
        lo = max(self._span[0], self._visible[0])
        hi = min(self._span[1], self._visible[1])
        name, both = self._lengths()
        length = both if hi - lo >= both + 2 * pad else name
        if hi - lo < length + 2 * pad:
            return None
        a = lo + pad
        if f.vertical:
            return QRectF(self._rect.left(), a, self._rect.width(), length)
        return QRectF(a, self._rect.top(), length, self._rect.height())

    def paint(self, p: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        f = self.frame
        if f is None:
            return
        s = self.scale
        color = style.accent(self.era.color)
        p.fillRect(self._rect, over_bg(color, 0.16))
        rule = QRectF(self._rect)  # on the axis side, the band's whole length
        start = QRectF(self._rect)  # where the era begins
        w = max(2.0, 3 * s)
        if f.vertical:
            rule.setLeft(rule.right() - w)
            start.setHeight(w)
        else:
            rule.setHeight(w)
            start.setWidth(w)
        bright = era_rule(self.era.color)
        p.fillRect(rule, bright)
        p.fillRect(start, bright)
        tr = self.title_rect()
        if tr is None:
            return
        name, _ = self._lengths()
        with_years = (tr.height() if f.vertical else tr.width()) > name + 0.5
        nsz = self._title.size()
        if f.vertical:
            p.save()  # read upwards, from the band's end nearest the era's start
            p.translate(QPointF(tr.center().x(), tr.bottom()))
            p.rotate(-90)
            origin = QPointF(0, 0)
        else:
            origin = QPointF(tr.left(), tr.center().y())
        p.setPen(QColor(style.TEXT))
        p.setFont(self._font)
        p.drawStaticText(origin + QPointF(0, -nsz.height() / 2), self._title)
        if with_years:
            ysz = self._years.size()
            p.setPen(QColor(style.MUTED))
            p.setFont(self._years_font)
            p.drawStaticText(origin + QPointF(name + self._gap(), -ysz.height() / 2), self._years)
        if f.vertical:
            p.restore()


@dataclass(frozen=True)
class Stem:
    anchor: float  # along: where the stem meets the axis
    span_start: float  # along: the dated period (a day, a month, a year; a cluster's whole span)
    span_end: float
    reach: float  # across: where the card begins
    card_lo: float  # along range of the card, to land the stem on it
    card_hi: float
    color: str
    cluster: bool


class StemsItem(QGraphicsItem):
    """Lines from the axis to every card, a dot at each date and a bar over its period."""

    def __init__(self):
        super().__init__()
        self.frame: Frame | None = None
        self.stems: list[Stem] = []
        self.scale = 1.0
        self._rect = QRectF()
        self._drawn: list[tuple] = []
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(6)
        exposed_only(self)

    def configure(self, frame: Frame, stems: list[Stem], scale: float) -> None:
        self.prepareGeometryChange()
        self.frame, self.stems, self.scale = frame, stems, scale
        self._rect = frame.rect(0, frame.along_total, -20 * scale, frame.card_side + 20 * scale)
        self._drawn = self._geometry(frame, stems, scale)
        self.update()

    @staticmethod
    def _geometry(f: Frame, stems: list[Stem], s: float) -> list[tuple]:
        """Per stem, what paint draws (worked out once per layout, not once per frame): the box
        it covers, its period bar's ends (or None), its pen, the stem's ends, its colour, where
        its dot goes."""
        bar = max(3.0, 8 * s)
        pens: dict[str, QPen] = {}
        d = 7 * s
        out = []
        for st in stems:
            lo_a = min(st.anchor, st.card_lo, st.span_start)
            hi_a = max(st.anchor, st.card_hi, st.span_end)
            box = f.rect(lo_a - bar, hi_a - lo_a + 2 * bar, -bar, st.reach + 2 * bar)
            period = None
            if st.span_end - st.span_start > 2 * s:
                period = (f.point(st.span_start, bar / 2), f.point(st.span_end, bar / 2))
            pen = pens.get(st.color)
            if pen is None:
                pen = pens[st.color] = QPen(over_bg(st.color, 0.8), max(1.5, 2.5 * s))
            end_a = min(max(st.anchor, st.card_lo + 12 * s), st.card_hi - 12 * s)
            c = f.point(st.anchor, 0)
            out.append((box, period, pen, c, f.point(end_a, st.reach), st.color, QPointF(c.x() - d, c.y() - d)))
        return out

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(self, p: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        if self.frame is None:
            return
        s = self.scale
        exposed = option.exposedRect if option is not None else self._rect
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        period_pen = QPen(over_bg(style.TEXT, 0.22), max(3.0, 8 * s))
        period_pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        dpr = p.device().devicePixelRatioF() if p.device() is not None else 1.0
        # opaque colours and pixmap dots: an antialiased line in a translucent colour costs
        # ~25x an opaque one in the raster engine, an antialiased circle ~70x a pixmap
        drawn = [d for d in self._drawn if exposed.intersects(d[0])]
        # in three passes, the periods under every stem and the dots over all: one stem's
        # period drawn after another's dot hid half of that dot (the year-long periods of the
        # year-only events run under most of the axis)
        p.setPen(period_pen)
        for _, period, *_ in drawn:
            if period is not None:
                p.drawLine(*period)
        for _, _, pen, a, b, _, _ in drawn:
            p.setPen(pen)
            p.drawLine(a, b)
        for *_, color, dot_at in drawn:
            p.drawPixmap(dot_at, _dot(color, 14 * s, dpr))


@functools.lru_cache(maxsize=64)
def _dot(color: str, diameter: float, dpr: float) -> QPixmap:
    px = max(2, round(diameter * dpr))
    pm = QPixmap(px, px)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(color))
    p.drawEllipse(QRectF(0, 0, px, px))
    p.end()
    pm.setDevicePixelRatio(dpr)
    return pm
