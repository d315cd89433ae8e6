"""The timeline's cards: an event card and a cluster card (a stack standing for several events),
each rendered once per language and metrics into a pixmap, so panning and zooming only move them;
``CardItem`` places one in the scene with its selected and pressed states painted on top.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from ...content.model import Event, Theme
from ...present import format as fmt
from ...present.strings import text
from .. import style
from ..widgets import icon_pixmap
from .paint import font, qcolor, theme_color

log = logging.getLogger(__name__)

# design px (at 1920x1080)
CARD_W = 440  # the least card width in landscape (all cards one size: one layout for both languages)
CARD_MAX_W = 520  # the widest card
CARD_PORTRAIT_W = 420  # the least lane width in portrait, where cards fill their lane
CLUSTER_W = 260
CARD_PAD = 16
# above the date and below the title: less than at the sides, since the type's own line spacing
# already leaves air there; it keeps the cards low enough for four lanes under the app's top bar
CARD_PAD_Y = 10
TITLE_GAP = 2  # between the date line and the title
CARD_BAR = 8
CARD_ICON = 32
CARD_RADIUS = 14
TITLE_PX = 30  # bold, a little larger than the body size
DATE_PX = 28  # body size: nothing on a card is smaller
LABEL_PX = 28



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


def _date_row(fm_d: QFontMetrics, icon: int) -> tuple[int, float]:
    """(height, baseline) of a card's date line: as tall as the icon or the figures' and
    characters' ink, not the font's whole line (Noto Sans SC keeps ~13 px of a 40 px line
    empty above and below its ink at 28 px); the ink centred on the icon. One reference text
    for both languages, so the card's height does not depend on the language."""
    ink = fm_d.tightBoundingRect("0年")
    row = max(icon, ink.height())
    return row, (row - ink.height()) / 2 - ink.top()


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
    vpad = cs.px(CARD_PAD_Y)
    return vpad + _date_row(fm_d, icon)[0] + cs.px(TITLE_GAP) + title_h + vpad


def render_event_card(event: Event, theme: Theme | None, cs: CardStyle, width: int | None = None,
                      height: int | None = None) -> QPixmap:
    """Icon and date on one line, the title (bold, wrapped) below; the theme colour as a bar.

    ``width`` None: as narrow as the date line and a title of at most two lines allow;
    ``height`` (at least what the card needs): the title sits at the top of the spare room.
    """
    accent = theme_color(theme)
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
    row, baseline = _date_row(fm_d, icon)
    flags = int(Qt.TextFlag.TextWordWrap)
    t_rect = fm_t.boundingRect(QRect(0, 0, inner, 100000), flags, title)
    vpad = cs.px(CARD_PAD_Y)
    h = max(vpad + row + cs.px(TITLE_GAP) + t_rect.height() + vpad, height or 0)
    pm = _new_pixmap(w, h, cs.dpr)
    p = QPainter(pm)
    try:
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        _card_shape(p, QRectF(1, 1, w - 2, h - 2), cs.px(CARD_RADIUS), accent, cs, style.BG_RAISED)
        x0 = bar + pad
        ip = icon_pixmap(cs.assets_dir, theme.icon if theme else None, round(icon * cs.dpr), accent)
        ip.setDevicePixelRatio(cs.dpr)
        p.drawPixmap(QPointF(x0, vpad + (row - icon) / 2), ip)
        p.setFont(f_date)
        p.setPen(QColor(style.MUTED))
        p.drawText(QRectF(x0 + icon + gap, vpad + baseline - fm_d.ascent(), max(1, inner - icon - gap),
                          fm_d.height()), int(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft), date)
        p.setFont(f_title)
        p.setPen(QColor(style.TEXT))
        p.drawText(QRectF(x0, vpad + row + cs.px(TITLE_GAP), inner, t_rect.height()), flags, title)
    finally:
        p.end()
    return pm


def _cluster_geometry(cs: CardStyle, width: int | None) -> dict:
    pad, bar, deck, dot = cs.px(CARD_PAD), cs.px(CARD_BAR), cs.px(8), cs.fpx(16)
    f_date, f_count = font(cs.family, cs.fpx(DATE_PX)), font(cs.family, cs.fpx(TITLE_PX), bold=True)
    fm_d, fm_c = QFontMetrics(f_date), QFontMetrics(f_count)
    hd, hc = fm_d.height(), fm_c.height()
    # padded as an event card is, so a stack is never taller than the lane it sits in
    vpad = cs.px(CARD_PAD_Y)
    h = deck + vpad + hd + cs.px(4) + hc + cs.px(8) + dot + vpad
    if width is None:  # wide enough for the longest range and count texts
        texts = max(fm_d.horizontalAdvance(year_range_text("2020", "2022", cs.lang)),
                    fm_c.horizontalAdvance(count_text(88, cs.lang)))
        width = max(cs.fpx(CLUSTER_W), texts + bar + 2 * pad + deck + cs.px(4))
    return {"pad": pad, "vpad": vpad, "bar": bar, "deck": deck, "dot": dot, "f_date": f_date, "f_count": f_count,
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
        x0, y = bar + pad, deck + g["vpad"]
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
            p.setBrush(QColor(theme_color(themes.get(e.theme))))
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
