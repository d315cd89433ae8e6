"""What the timeline scene is made of: event and cluster cards (pre-rendered pixmaps), the axis
with its ticks, era bands and tints, and the stems joining cards to the axis.

Cards are rendered once per language and metrics into a pixmap, so panning and zooming only
move them. The axis, eras and stems are a handful of lines and rectangles painted directly.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPen, QPixmap, QStaticText
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from ..content.model import Era, Event, Theme
from ..present import format as fmt
from ..present.strings import text
from . import style
from .timeline_axis import Axis, Tick
from .widgets import icon_pixmap

log = logging.getLogger(__name__)

# design px (at 1920x1080)
CARD_W = 440  # the least card width in landscape (all cards one size: one layout for both languages)
CARD_MAX_W = 520  # the widest card
CARD_PORTRAIT_W = 420  # the least lane width in portrait, where cards fill their lane
CLUSTER_W = 260
CARD_PAD = 16
CARD_BAR = 8
CARD_ICON = 32
CARD_RADIUS = 14
TITLE_PX = 30  # bold, a little larger than the body size
DATE_PX = 28  # body size: nothing on a card is smaller
LABEL_PX = 28


def font(family: str, px: int, bold: bool = False) -> QFont:
    f = QFont(family)
    f.setPixelSize(max(1, px))
    f.setBold(bold)
    f.setStyleStrategy(QFont.StyleStrategy.PreferAntialias)
    return f


def qcolor(name: str, alpha: float = 1.0) -> QColor:
    c = QColor(name)
    c.setAlphaF(alpha)
    return c


def over_bg(name: str, alpha: float) -> QColor:
    """``name`` at ``alpha`` over the background, as one opaque colour: large fills stay plain
    copies instead of blending every pixel."""
    c, bg = QColor(name), QColor(style.BG)
    return QColor(round(bg.red() + (c.red() - bg.red()) * alpha), round(bg.green() + (c.green() - bg.green()) * alpha),
                  round(bg.blue() + (c.blue() - bg.blue()) * alpha))


def _exposed_only(item: QGraphicsItem) -> None:
    """Paint gets the exposed part in ``option.exposedRect`` (else it is the whole item)."""
    item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption, True)


def year_range_text(first: str, last: str, lang: str) -> str:
    a, b = first[:4], last[:4]
    if a == b:
        return fmt.date(a, lang)
    return fmt.period(f"{a}-{b}", lang)


def count_text(n: int, lang: str) -> str:
    return text("timeline.count", lang, n=n)


@dataclass(frozen=True)
class CardStyle:
    """Everything a card's look depends on besides its event(s)."""

    lang: str
    family: str
    scale: float
    dpr: float
    assets_dir: Path
    text: float = 1.0  # the visitor's text size (accessibility)
    palette: bool = False  # style.HIGH_CONTRAST when rendered: a new palette renders again

    def px(self, design: float) -> int:
        """A length in device px."""
        return max(1, round(design * self.scale))

    def fpx(self, design: float) -> int:
        """A type size (or a width that holds text) in device px."""
        return max(1, round(design * self.scale * self.text))


def _new_pixmap(w: int, h: int, dpr: float) -> QPixmap:
    pm = QPixmap(max(1, round(w * dpr)), max(1, round(h * dpr)))
    pm.setDevicePixelRatio(dpr)
    pm.fill(Qt.GlobalColor.transparent)
    return pm


def _card_shape(p: QPainter, rect: QRectF, radius: float, accent: str, cs: CardStyle, fill: str) -> None:
    path = QPainterPath()
    path.addRoundedRect(rect, radius, radius)
    p.fillPath(path, QColor(fill))
    p.save()
    p.setClipPath(path)
    p.fillRect(QRectF(rect.left(), rect.top(), cs.px(CARD_BAR), rect.height()), QColor(accent))
    p.restore()
    p.setPen(QPen(QColor(style.LINE), cs.px(style.BORDER)))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawPath(path)


def _fit_width(fm: QFontMetrics, text: str, least: int, most: int, lines: int) -> int:
    """The narrowest width in least..most at which ``text`` wraps to at most ``lines`` lines."""
    flags = int(Qt.TextFlag.TextWordWrap)
    limit = lines * fm.lineSpacing() + fm.lineSpacing() // 2

    def fits(w: int) -> bool:
        return fm.boundingRect(QRect(0, 0, w, 100000), flags, text).height() <= limit

    if fits(least):
        return least
    if not fits(most):
        return most
    lo, hi = least, most  # fits(hi), not fits(lo)
    while hi - lo > 4:
        mid = (lo + hi) // 2
        if fits(mid):
            hi = mid
        else:
            lo = mid
    return hi


def card_width(events: list[Event], cs: CardStyle) -> int:
    """The width every card gets in landscape: the narrowest (from ``CARD_W``) at which every
    title, in either language, takes at most two lines; at most ``CARD_MAX_W``."""
    frame_w = cs.px(CARD_BAR) + 2 * cs.px(CARD_PAD)
    fm_t = QFontMetrics(font(cs.family, cs.fpx(TITLE_PX), bold=True))
    least, most = cs.fpx(CARD_W) - frame_w, cs.fpx(CARD_MAX_W) - frame_w
    inner = max((_fit_width(fm_t, e.title(lang), least, most, 2) for e in events for lang in ("zh", "en")),
                default=least)
    return inner + frame_w


def card_height(events: list[Event], cs: CardStyle, width: int) -> int:
    """The height every card gets at ``width``: room for the longest title in either language,
    so the layout does not depend on the language shown."""
    pad, icon = cs.px(CARD_PAD), cs.fpx(CARD_ICON)
    fm_d = QFontMetrics(font(cs.family, cs.fpx(DATE_PX)))
    fm_t = QFontMetrics(font(cs.family, cs.fpx(TITLE_PX), bold=True))
    inner = max(1, width - cs.px(CARD_BAR) - 2 * pad)
    flags = int(Qt.TextFlag.TextWordWrap)
    title_h = max((fm_t.boundingRect(QRect(0, 0, inner, 100000), flags, e.title(lang)).height()
                   for e in events for lang in ("zh", "en")), default=fm_t.lineSpacing())
    return pad + max(icon, fm_d.height()) + cs.px(6) + title_h + pad


def render_event_card(event: Event, theme: Theme | None, cs: CardStyle, width: int | None = None,
                      height: int | None = None) -> QPixmap:
    """Icon and date on one line, the title (bold, wrapped) below; the theme colour as a bar.

    ``width`` None: as narrow as the date line and a title of at most two lines allow;
    ``height`` (at least what the card needs): the title sits at the top of the spare room.
    """
    accent = style.accent(theme.accent) if theme else style.MUTED
    pad, bar, icon, gap = cs.px(CARD_PAD), cs.px(CARD_BAR), cs.fpx(CARD_ICON), cs.px(10)
    f_date, f_title = font(cs.family, cs.fpx(DATE_PX)), font(cs.family, cs.fpx(TITLE_PX), bold=True)
    fm_d, fm_t = QFontMetrics(f_date), QFontMetrics(f_title)
    date = fmt.date(event.date, cs.lang)
    title = event.title(cs.lang)
    frame_w = bar + 2 * pad
    if width is None:
        least = icon + gap + fm_d.horizontalAdvance(date) + cs.px(4)
        inner = _fit_width(fm_t, title, least, max(least, cs.fpx(CARD_MAX_W) - frame_w), 2)
        w = inner + frame_w
    else:
        w = width
        inner = w - frame_w
    row = max(icon, fm_d.height())
    flags = int(Qt.TextFlag.TextWordWrap)
    t_rect = fm_t.boundingRect(QRect(0, 0, inner, 100000), flags, title)
    h = max(pad + row + cs.px(6) + t_rect.height() + pad, height or 0)
    pm = _new_pixmap(w, h, cs.dpr)
    p = QPainter(pm)
    try:
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        _card_shape(p, QRectF(1, 1, w - 2, h - 2), cs.px(CARD_RADIUS), accent, cs, style.BG_RAISED)
        x0 = bar + pad
        ip = icon_pixmap(cs.assets_dir, theme.icon if theme else None, round(icon * cs.dpr), accent)
        ip.setDevicePixelRatio(cs.dpr)
        p.drawPixmap(QPointF(x0, pad + (row - icon) / 2), ip)
        p.setFont(f_date)
        p.setPen(QColor(style.MUTED))
        p.drawText(QRectF(x0 + icon + gap, pad, max(1, inner - icon - gap), row),
                   int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), date)
        p.setFont(f_title)
        p.setPen(QColor(style.TEXT))
        p.drawText(QRectF(x0, pad + row + cs.px(6), inner, t_rect.height()), flags, title)
    finally:
        p.end()
    return pm


def _cluster_geometry(cs: CardStyle, width: int | None) -> dict:
    pad, bar, deck, dot = cs.px(CARD_PAD), cs.px(CARD_BAR), cs.px(8), cs.fpx(16)
    f_date, f_count = font(cs.family, cs.fpx(DATE_PX)), font(cs.family, cs.fpx(TITLE_PX), bold=True)
    fm_d, fm_c = QFontMetrics(f_date), QFontMetrics(f_count)
    hd, hc = fm_d.height(), fm_c.height()
    h = deck + pad + hd + cs.px(4) + hc + cs.px(8) + dot + pad
    if width is None:  # wide enough for the longest range and count texts
        texts = max(fm_d.horizontalAdvance(year_range_text("2020", "2022", cs.lang)),
                    fm_c.horizontalAdvance(count_text(88, cs.lang)))
        width = max(cs.fpx(CLUSTER_W), texts + bar + 2 * pad + deck + cs.px(4))
    return {"pad": pad, "bar": bar, "deck": deck, "dot": dot, "f_date": f_date, "f_count": f_count,
            "hd": hd, "hc": hc, "h": h, "w": width, "inner": width - bar - 2 * pad - deck}


def cluster_card_size(cs: CardStyle, width: int | None = None) -> tuple[int, int]:
    g = _cluster_geometry(cs, width)
    return g["w"], g["h"]


def render_cluster_card(events: list[Event], themes: dict[str, Theme], cs: CardStyle,
                        width: int | None = None, height: int | None = None) -> QPixmap:
    """A stack of cards: the years it covers, the count, a dot per event in its theme colour."""
    g = _cluster_geometry(cs, width)
    w, h = g["w"], max(g["h"], height or 0)
    pad, bar, deck, dot, inner = g["pad"], g["bar"], g["deck"], g["dot"], g["inner"]
    pm = _new_pixmap(w, h, cs.dpr)
    p = QPainter(pm)
    try:
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        radius = cs.px(CARD_RADIUS)
        p.setPen(QPen(QColor(style.LINE), cs.px(style.BORDER)))
        p.setBrush(QColor(style.BG))
        p.drawRoundedRect(QRectF(deck + 1, 1, w - deck - 2, h - deck - 2), radius, radius)
        _card_shape(p, QRectF(1, deck + 1, w - deck - 2, h - deck - 2), radius, style.MUTED, cs, style.BG_PRESSED)
        x0, y = bar + pad, deck + pad
        p.setFont(g["f_date"])
        p.setPen(QColor(style.MUTED))
        p.drawText(QRectF(x0, y, inner, g["hd"]), int(Qt.AlignmentFlag.AlignLeft),
                   year_range_text(events[0].date, events[-1].date, cs.lang))
        y += g["hd"] + cs.px(4)
        p.setFont(g["f_count"])
        p.setPen(QColor(style.TEXT))
        p.drawText(QRectF(x0, y, inner, g["hc"]), int(Qt.AlignmentFlag.AlignLeft), count_text(len(events), cs.lang))
        y += g["hc"] + cs.px(8)
        step = dot + cs.px(8)
        fits = max(1, (inner + cs.px(8)) // step)
        shown = events if len(events) <= fits else events[: fits - 1]
        p.setPen(Qt.PenStyle.NoPen)
        for i, e in enumerate(shown):
            th = themes.get(e.theme)
            p.setBrush(QColor(style.accent(th.accent) if th else style.MUTED))
            p.drawEllipse(QRectF(x0 + i * step, y, dot, dot))
        if len(shown) < len(events):  # an ellipsis for the rest
            p.setBrush(QColor(style.MUTED))
            for k in range(3):
                r = dot / 5
                p.drawEllipse(QRectF(x0 + len(shown) * step + k * 2.5 * r, y + dot / 2 - r / 2, r, r))
    finally:
        p.end()
    return pm


class CardItem(QGraphicsItem):
    """A card in the scene: a pixmap plus the selected and pressed states painted on top."""

    def __init__(self, key: str, members: tuple[str, ...], pixmap: QPixmap, accent: str, scale: float,
                 text: str = ""):
        super().__init__()
        self.key = key
        self.text = text  # what the card says, for tests and screen readers
        self.members = members
        self.accent = accent
        self.anchor = 0.0  # along px of the first member (for the stem)
        self._scale = scale
        self._pm = pixmap
        self._selected = False
        self._pressed = False
        self._rect = QRectF(0, 0, pixmap.width() / pixmap.devicePixelRatio(),
                            pixmap.height() / pixmap.devicePixelRatio())
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(10)

    @property
    def is_cluster(self) -> bool:
        return len(self.members) > 1

    def size(self) -> tuple[float, float]:
        return self._rect.width(), self._rect.height()

    def boundingRect(self) -> QRectF:
        return self._rect

    def set_selected(self, on: bool) -> None:
        if on != self._selected:
            self._selected = on
            self.update()

    def set_pressed(self, on: bool) -> None:
        if on != self._pressed:
            self._pressed = on
            self.update()

    def paint(self, p: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        p.drawPixmap(QPointF(0, 0), self._pm)
        if self._pressed or self._selected:
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            w = max(2.0, 4 * self._scale)
            r = self._rect.adjusted(w / 2, w / 2, -w / 2, -w / 2)
            if self.is_cluster:
                d = max(1.0, 8 * self._scale)
                r = r.adjusted(0, d, -d, 0)
            radius = CARD_RADIUS * self._scale
            if self._pressed:
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(qcolor("#FFFFFF", 0.14))
                p.drawRoundedRect(r, radius, radius)
            if self._selected:
                p.setPen(QPen(QColor(style.TEXT), w))
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawRoundedRect(r, radius, radius)


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
    and a break mark in the compressed 1954–2009 segment."""

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
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(5)
        _exposed_only(self)

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
        self.update()

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
                if exposed.intersects(QRectF(tl, sz)):
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


class EraTintItem(QGraphicsItem):
    """A faint wash of an era's colour behind the cards, with a line where the era begins."""

    def __init__(self, era: Era):
        super().__init__()
        self.era = era
        self._rect = QRectF()
        self._edge = (QPointF(), QPointF())
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(0)
        _exposed_only(self)

    def configure(self, frame: Frame, axis: Axis) -> None:
        self.prepareGeometryChange()
        a0 = frame.along(axis.u(self.era.start))
        a1 = frame.along(axis.u(self.era.end))
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
    """An era as a coloured band beside the axis; its title stays in view while the band is."""

    def __init__(self, era: Era):
        super().__init__()
        self.era = era
        self.frame: Frame | None = None
        self._rect = QRectF()
        self._span = (0.0, 0.0)
        self._visible = (0.0, 0.0)
        self._title = QStaticText()
        self._font = QFont()
        self.scale = 1.0
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(4)

    def configure(self, frame: Frame, axis: Axis, title: str, family: str, scale: float, label_px: int) -> None:
        self.prepareGeometryChange()
        self.frame, self.scale = frame, scale
        a0 = frame.along(axis.u(self.era.start))
        a1 = frame.along(axis.u(self.era.end))
        self._span = (a0, a1)
        across = -(frame.label_gap + frame.label_size + frame.band_gap + frame.band)
        self._rect = frame.rect(a0, a1 - a0, across, frame.band)
        self._font = font(family, label_px, bold=True)
        self._title = QStaticText(title)
        self._title.setTextFormat(Qt.TextFormat.PlainText)
        self._title.prepare(font=self._font)
        self.update()

    def set_visible_along(self, a_from: float, a_to: float) -> None:
        if (a_from, a_to) != self._visible:
            self._visible = (a_from, a_to)
            self.update()

    def boundingRect(self) -> QRectF:
        return self._rect

    def title_rect(self) -> QRectF | None:
        """Where the title is drawn (scene), or None when the visible part of the band is too short."""
        f = self.frame
        if f is None:
            return None
        sz = self._title.size()
        pad = 16 * self.scale
        length = sz.width()  # along the band: the text's width (in portrait it is rotated)
        lo = max(self._span[0], self._visible[0])
        hi = min(self._span[1], self._visible[1])
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
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self._rect, over_bg(style.accent(self.era.color), 0.30))
        edge = QRectF(self._rect)
        if f.vertical:
            edge.setHeight(max(2.0, 4 * self.scale))
        else:
            edge.setWidth(max(2.0, 4 * self.scale))
        p.fillRect(edge, QColor(style.accent(self.era.color)))
        tr = self.title_rect()
        if tr is None:
            return
        p.setPen(QColor(style.TEXT))
        p.setFont(self._font)
        sz = self._title.size()
        if f.vertical:
            p.save()
            p.translate(tr.center())
            p.rotate(-90)
            p.drawStaticText(QPointF(-sz.width() / 2, -sz.height() / 2), self._title)
            p.restore()
        else:
            p.drawStaticText(QPointF(tr.left(), tr.center().y() - sz.height() / 2), self._title)


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
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(6)
        _exposed_only(self)

    def configure(self, frame: Frame, stems: list[Stem], scale: float) -> None:
        self.prepareGeometryChange()
        self.frame, self.stems, self.scale = frame, stems, scale
        self._rect = frame.rect(0, frame.along_total, -20 * scale, frame.card_side + 20 * scale)
        self.update()

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(self, p: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        f = self.frame
        if f is None:
            return
        s = self.scale
        exposed = option.exposedRect if option is not None else self._rect
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        bar = max(3.0, 8 * s)
        period = QPen(over_bg(style.TEXT, 0.22), bar)
        period.setCapStyle(Qt.PenCapStyle.FlatCap)
        dpr = p.device().devicePixelRatioF() if p.device() is not None else 1.0
        # opaque colours and pixmap dots: an antialiased line in a translucent colour costs
        # ~25x an opaque one in the raster engine, an antialiased circle ~70x a pixmap
        for st in self.stems:
            lo_a = min(st.anchor, st.card_lo, st.span_start)
            hi_a = max(st.anchor, st.card_hi, st.span_end)
            box = f.rect(lo_a - bar, hi_a - lo_a + 2 * bar, -bar, st.reach + 2 * bar)
            if not exposed.intersects(box):
                continue
            if st.span_end - st.span_start > 2 * s:
                p.setPen(period)
                p.drawLine(f.point(st.span_start, bar / 2), f.point(st.span_end, bar / 2))
            end_a = min(max(st.anchor, st.card_lo + 12 * s), st.card_hi - 12 * s)
            p.setPen(QPen(over_bg(st.color, 0.8), max(1.5, 2.5 * s)))
            p.drawLine(f.point(st.anchor, 0), f.point(end_a, st.reach))
            dot = _dot(st.color, 14 * s, dpr)
            c = f.point(st.anchor, 0)
            d = 7 * s
            p.drawPixmap(QPointF(c.x() - d, c.y() - d), dot)


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
