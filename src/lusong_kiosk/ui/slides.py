"""A step at presentation scale: one item of the exhibition laid out as a slide over the page.

:class:`SlideLayer` is the one entry point: ``SlideLayer(host, ctx)`` covers its host window
(the shell); ``show_slide(slide, animate)`` brings a :class:`~lusong_kiosk.present.slides.Slide`
into focus on a raised card over the page, which stays where it is, dimmed behind;
``clear()`` takes it away. The presenter shows each step's slide with it; the self-running
tour can do the same. :func:`render_slide` draws a slide into a pixmap the size of the window
(the presenter console's "next step").

Sizes follow the window's height (its width when that is shorter: a portrait screen), not the
kiosk's metrics: a slide is read from the back of a room, so its main text (a figure's number,
else the title) is at least 1/20 of that length (:data:`MAIN_MIN`), and everything is placed
by hand from those sizes, so the same slide at the same size always gives the same picture
(the presenter's previous step is pixel-identical).
"""

from __future__ import annotations

import dataclasses
import logging
import math

from PySide6.QtCore import QEasingCurve, QEvent, QPoint, QRect, QRectF, QSize, Qt, QVariantAnimation, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPixmap, QRegion
from PySide6.QtWidgets import QLabel, QWidget

from ..present.slides import Slide
from . import style
from .base import UiContext
from .glyphs import CountingLine, CountingPaint
from .paint_cache import Opaque, Still
from .widgets.icons import icon_pixmap

log = logging.getLogger(__name__)

MAIN_MIN = 1 / 20  # the main text's least size, as a share of the window's height (or shorter width)
DIM = 0.84  # how much of the page the backdrop hides
DEFAULT_ACCENT = "#7FA7D9"  # an item of no theme (an honour of the whole district)


def _font(family: str, px: int, bold: bool = False) -> QFont:
    f = QFont(family)
    f.setPixelSize(max(1, px))
    f.setBold(bold)
    return f


class _Text(CountingPaint, Still, QLabel):
    """A label the card places itself: plain text, a font and a colour, no input. Its paint is
    kept (ui/paint_cache.Still): a slide's type is over 64 px at 4K, which Qt fills as paths at
    every paint, and the whole slide is painted again at each frame of its count or chart."""

    def __init__(self, parent: QWidget, wrap: bool = True):
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(wrap)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.setContentsMargins(0, 0, 0, 0)
        self.font_ = QFont()
        self.hide()

    def set(self, text: str, font: QFont, color: str) -> None:
        """The text in ``font`` and ``color``. The font goes in the label's own style sheet:
        a sheet on the window around it (the app's label sizes) would override setFont."""
        self.setText(text)
        self.font_ = font
        self.setFont(font)
        css = (f"color: {color}; background: transparent; font-family: \"{font.family()}\";"
               f" font-size: {font.pixelSize()}px; font-weight: {'bold' if font.bold() else 'normal'};"
               " padding: 0; margin: 0; border: none;")
        if self.styleSheet() != css:
            self.setStyleSheet(css)

    def height_for(self, width: int) -> int:
        """The height the text takes at ``width`` (one line when it does not wrap)."""
        if not self.text():
            return 0
        if self.wordWrap():
            r = QFontMetrics(self.font_).boundingRect(QRect(0, 0, width, 100_000),
                                                       int(Qt.TextFlag.TextWordWrap.value), self.text())
            return r.height()
        return QFontMetrics(self.font_).height()

    def one_line_width(self) -> int:
        return QFontMetrics(self.font_).horizontalAdvance(self.text())

    # a figure counting up paints through ``counting`` (its final text kept: SlideCard._on_count)

    def shown_text(self) -> str:
        """What it shows now: a counting number's value, else its text."""
        return self.counting.lead + self.counting.value if self.counting is not None else self.text()

    def still_key(self) -> tuple | None:
        # font and colour come by the label's style sheet: a change of either is a style change
        return (self.text(), self.wordWrap(), int(self.alignment()), self.contentsRect().getRect())


class _Interior(Opaque, QWidget):
    """The card's inside, away from its rounded edge and accent bar: the card's colour, every
    pixel of it. Being opaque (ui/paint_cache.Opaque), Qt paints nothing under it -- neither the
    dimmed page nor the card's own fill -- at each frame of a slide's count or chart growth."""

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def paintEvent(self, event) -> None:  # noqa: ANN001 - a Qt event handler
        p = QPainter(self)
        try:
            p.fillRect(self.rect(), QColor(style.BG_RAISED))
        finally:
            p.end()


class SlideCard(QWidget):
    """The raised card that holds one slide, laid out for its own size (see the module)."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.slide: Slide | None = None
        self.interior = _Interior(self)  # first: under every part
        self.mark_icon = QLabel(self)  # the header: where the step belongs (the theme's icon and name)
        self.mark_icon.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.mark_icon.setStyleSheet("background: transparent; border: none; padding: 0; margin: 0;")
        self.mark_icon.hide()
        self.mark = _Text(self, wrap=False)
        self.kicker = _Text(self)  # wraps: a long one ran out of a portrait card, cut off
        self.main = _Text(self)  # the step's main text: a figure's number, else the title
        self.unit = _Text(self, wrap=False)
        self.title = _Text(self)  # a figure's label (main is its number)
        self.meta = _Text(self)
        self.body = _Text(self)
        self.note = _Text(self)
        self.source = _Text(self)
        self.chart = None  # a ui.charts.Chart, made for each chart slide
        self._unit_beside = True
        # a figure's number counts up as the panel's does (ui/widgets/figure.py: the same
        # easing over counter_ms, none when motion is reduced); the layout is the final value's
        self.count = QVariantAnimation(self)
        self.count.setEasingCurve(QEasingCurve.Type.OutCubic)
        self.count.setStartValue(0.0)
        self.count.setEndValue(1.0)
        self.count.valueChanged.connect(self._on_count)
        self._progress = 1.0
        self._count_plain = False  # the count's line was tried for this layout (_on_count)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    # --- what it shows ---------------------------------------------------------------------
    def set_slide(self, slide: Slide, animate: bool = False) -> None:
        self.count.stop()
        self._progress = 1.0  # the count's line goes with the layout below (_lay_out)
        self.slide = slide
        if self.chart is not None:
            self.chart.hide()
            self.chart.deleteLater()
            self.chart = None
        if slide.chart is not None:
            from .charts import make_chart  # pyqtgraph: only once a chart is shown

            spec = dataclasses.replace(slide.chart, color=style.accent(slide.chart.color))
            self.chart = make_chart(spec, self)
            self.chart.set_font_family(self.ctx.family)
            self.chart.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.lay_out()
        if self.chart is not None:
            self.chart.show()
            duration = self.ctx.ms("chart_ms")
            if animate and duration > 0:
                self.chart.animate(duration)
            else:
                self.chart.finish()
        counting = self.ctx.ms("counter_ms")
        if animate and counting > 0 and slide.figure is not None:
            self.count.setDuration(counting)
            self._on_count(0.0)
            self.count.start()
        self.update()

    def _on_count(self, progress) -> None:  # noqa: ANN001 - an animation's value (a float)
        self._progress = float(progress)
        if self.slide is None or self.slide.kind != "figure":
            return
        main, final = self.main, self.slide.value
        if self._progress >= 1.0:
            main.counting = None
            main.setText(final)
            main.update()
            return
        # the label keeps its final text, laid out once; the count draws its number from kept
        # glyph pixmaps (big type: Qt would re-lay-out the label and fill its glyphs as paths)
        if main.counting is None and not self._count_plain:
            self._count_plain = True  # tried once a layout: a number that wraps is set as text
            if main.text() != final:
                main.setText(final)
            main.ensurePolished()  # its colour comes by its style sheet
            main.counting = CountingLine.plain(main, final)
        if main.counting is not None:
            main.counting.value = self.slide.value_at(self._progress)[len(main.counting.lead):]
            main.update()
        else:
            main.setText(self.slide.value_at(self._progress))

    def accent(self) -> str:
        return style.accent(self.slide.accent if self.slide and self.slide.accent else DEFAULT_ACCENT)

    def finish(self) -> None:
        """Every animation at its end (the presenter's previous step, a thumbnail)."""
        if self.chart is not None:
            self.chart.finish()
        if self._progress < 1.0 or self.count.state() == QVariantAnimation.State.Running:
            self.count.stop()
            self._on_count(1.0)

    def is_animating(self) -> bool:
        counting = self.count.state() == QVariantAnimation.State.Running
        return counting or (self.chart is not None and self.chart.is_animating())

    def hideEvent(self, event) -> None:  # noqa: ANN001 - a Qt event handler
        self.finish()  # a slide put away mid-count is at rest when it comes back
        super().hideEvent(event)

    # --- layout -----------------------------------------------------------------------------
    def resizeEvent(self, event) -> None:  # noqa: ANN001 - a Qt event handler
        super().resizeEvent(event)
        # clear of the rounded corners, the border and the accent bar (see paintEvent), which
        # are antialiased over the page
        edge = math.ceil(max(self.window_height() * 0.018, self.window_height() * 0.008, 4.0)) + 2
        self.interior.setGeometry(self.rect().adjusted(edge, edge, -edge, -edge))
        self.lay_out()

    def lay_out(self) -> None:
        """Place every part for the card's size. Guarded: a slide that cannot be laid out is
        logged, never raised into Qt's event loop."""
        try:
            self._lay_out()
        except Exception:
            log.exception("slide: layout of %s failed", self.slide and self.slide.kind)

    def _lay_out(self) -> None:
        s = self.slide
        self.main.counting = None  # a count's line is of the last layout: made again below
        self._count_plain = False
        parts = (self.mark_icon, self.mark, self.kicker, self.main, self.unit, self.title, self.meta, self.body,
                 self.note, self.source)
        for p in parts:
            p.hide()
        if s is None or self.width() < 10:
            return
        h = self.window_height()
        fam = self.ctx.family
        accent = self.accent()
        pad = round(h * 0.05)
        x, w = pad + round(h * 0.012), self.width() - 2 * pad - round(h * 0.012)
        bottom = self.height() - pad
        gap = round(h * 0.02)

        self.kicker.set(s.kicker, _font(fam, round(h / 30), True), accent)
        self.source.set(s.source, _font(fam, round(h / 40)), style.MUTED)
        self.meta.set(s.meta, _font(fam, round(h / 30)), style.MUTED)
        self.note.set(s.note, _font(fam, round(h / 36)), style.MUTED)
        # the source sits at the card's foot, the rest in a column centred above it
        if s.source:
            sh = self.source.height_for(w)
            bottom -= sh
            self.source.setGeometry(x, bottom, w, sh)
            self.source.show()
            bottom -= gap
        top = pad + self._place_mark(x, pad, w, h, accent)
        rows: list[tuple[_Text | QWidget, int, int]] = []  # (part, height, gap after)
        if s.kicker:
            rows.append((self.kicker, self.kicker.height_for(w), gap))

        if s.kind == "figure":
            self._figure_rows(s, rows, w, h, accent)
        elif s.kind == "chart":
            self.main.set(s.title, self._fit(s.title, w, round(h / 18), 2, True), style.TEXT)
            rows.append((self.main, self.main.height_for(w), gap))
            note_h = self.note.height_for(w) if s.note else 0
            used = sum(r[1] + r[2] for r in rows) + (note_h + gap if note_h else 0)
            chart_h = max(round(h * 0.2), bottom - top - used - gap)
            if self.chart is not None:
                scale = h / 1080 * 1.6
                self.chart.set_scale(scale)
                rows.append((self.chart, chart_h, gap))
            if s.note:
                rows.append((self.note, note_h, 0))
        else:
            big = round(h / 9) if s.kind == "headline" else round(h / 15)
            self.main.set(s.title, self._title_font(s.title, w, big, 2 if s.kind == "headline" else 3),
                          accent if s.kind == "headline" else style.TEXT)
            rows.append((self.main, self.main.height_for(w), gap))
            if s.meta:
                rows.append((self.meta, self.meta.height_for(w), gap))
            if s.body:
                room = bottom - top - sum(r[1] + r[2] for r in rows)
                px = round(h / (18 if s.kind == "headline" else 26))
                while px > h / 44:
                    self.body.set(s.body, _font(fam, px), style.TEXT)
                    if self.body.height_for(w) <= room:
                        break
                    px -= 1
                rows.append((self.body, self.body.height_for(w), 0))

        total = sum(r[1] + r[2] for r in rows)
        y = top + max(0, (bottom - top - total) // 2)
        for part, ph, after in rows:
            if part is self.main and s.kind == "figure" and self.unit.text():
                self._place_value(x, y, w, ph)
            else:
                part.setGeometry(x, y, w, ph)
            part.show()
            y += ph + after
        if s.kind == "figure" and self._progress < 1.0:  # laid out for the final value, showing the count
            self._on_count(self._progress)

    def _place_mark(self, x: int, y: int, w: int, h: int, accent: str) -> int:
        """The header at the card's top: the icon and the theme's (or screen's) name in its
        colour, small; the height it takes with the gap under it (0 without one)."""
        s = self.slide
        if s is None or not (s.mark or s.mark_icon):
            return 0
        self.mark.set(s.mark, _font(self.ctx.family, round(h / 30), True), accent)
        line = self.mark.height_for(w)
        side = round(h / 22)
        text_x = x
        if s.mark_icon:
            self.mark_icon.setPixmap(icon_pixmap(self.ctx.assets_dir, s.mark_icon, side, accent))
            self.mark_icon.setGeometry(x, y, side, side)
            self.mark_icon.show()
            text_x = x + side + round(h * 0.012)
        band = max(side if s.mark_icon else 0, line)
        if s.mark:
            self.mark.setGeometry(text_x, y + (band - line) // 2, w - (text_x - x), line)
            self.mark.show()
        return band + round(h * 0.02)

    def _figure_rows(self, s: Slide, rows: list, w: int, h: int, accent: str) -> None:
        fam = self.ctx.family
        self.main.set(s.value, self._fit(s.value, w, round(h / 6), 1, True), accent)
        self.unit.set(s.unit, _font(fam, round(h / 16), True), style.TEXT)
        line = QFontMetrics(self.main.font_).height()
        beside = self.main.one_line_width() + round(h * 0.02) + self.unit.one_line_width() <= w
        self._unit_beside = beside
        value_h = line if beside or not s.unit else line + self.unit.height_for(w)
        rows.append((self.main, value_h, round(h * 0.015)))
        self.title.set(s.title, self._fit(s.title, w, round(h / 17), 2, False), style.TEXT)
        rows.append((self.title, self.title.height_for(w), round(h * 0.015)))
        if s.meta:
            rows.append((self.meta, self.meta.height_for(w), 0))

    def _place_value(self, x: int, y: int, w: int, height: int) -> None:
        """A figure's number with its unit small beside it on the same baseline (or under it
        when the two do not fit one line)."""
        vm = QFontMetrics(self.main.font_)
        um = QFontMetrics(self.unit.font_)
        vw = self.main.one_line_width()
        self.main.setGeometry(x, y, min(w, vw + 4), vm.height())
        if self._unit_beside:
            ux = x + vw + round(self.window_height() * 0.02)
            self.unit.setGeometry(ux, y + vm.ascent() - um.ascent(), w - (ux - x), um.height())
        else:
            self.unit.setGeometry(x, y + vm.height(), w, height - vm.height())
        self.unit.show()

    def _title_font(self, text: str, width: int, px: int, lines: int) -> QFont:
        """A title's font: on one line when that keeps 7/10 of its size, else in up to ``lines``.
        A short Chinese title breaks anywhere: on a portrait screen "开放提速" came out as "开放提"
        over a lone "速"."""
        one = self._fit(text, width, px, 1, True)
        return one if one.pixelSize() >= px * 0.7 else self._fit(text, width, px, lines, True)

    def _fit(self, text: str, width: int, px: int, lines: int, bold: bool) -> QFont:
        """The font at ``px`` or smaller (down to :data:`MAIN_MIN` of the height) that sets
        ``text`` in at most ``lines`` lines of ``width``."""
        least = max(1, int(self.window_height() * MAIN_MIN + 0.999))
        while True:
            f = _font(self.ctx.family, px, bold)
            fm = QFontMetrics(f)
            if lines == 1:
                fits = fm.horizontalAdvance(text) <= width
            else:
                r = fm.boundingRect(QRect(0, 0, width, 100_000), int(Qt.TextFlag.TextWordWrap.value), text)
                fits = r.height() <= lines * fm.lineSpacing() + 1 and r.width() <= width
            if fits or px <= least:
                return f
            px = max(least, px - max(1, px // 20))

    def window_height(self) -> int:
        """The length the sizes follow: the window's height (the card is part of it), or its
        width when that is shorter. A portrait screen reads as a landscape one turned: sized by
        its 1920 px height, the tour's English chart slides overflowed their 950 px wide card
        (a title of five lines at the least main size, the note over the chart)."""
        return max(1, min(self.window().height(), self.window().width()))

    # --- paint ------------------------------------------------------------------------------
    def paintEvent(self, event) -> None:  # noqa: ANN001 - a Qt event handler
        p = QPainter(self)
        try:
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            h = self.window_height()
            r = QRectF(self.rect()).adjusted(1, 1, -1, -1)
            radius = h * 0.018
            p.setPen(QColor(style.LINE))
            p.setBrush(QColor(style.BG_RAISED))
            p.drawRoundedRect(r, radius, radius)
            bar = QRectF(r.left(), r.top() + radius, max(4.0, h * 0.008), r.height() - 2 * radius)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(self.accent()))
            p.drawRect(bar)
        except Exception:
            log.exception("slide: paint failed")
        finally:
            p.end()


CARD_W, CARD_H = 0.88, 0.86  # the card's share of the window


def card_rect(size: QSize) -> QRect:
    """Where the card sits in a window of ``size``: centred, most of it."""
    w, h = round(size.width() * CARD_W), round(size.height() * CARD_H)
    return QRect((size.width() - w) // 2, (size.height() - h) // 2, w, h)


class SlideLayer(QWidget):
    """The slide over the page (see the module docstring). A tap on it puts it away
    (``dismissed``), so a guide can touch the page again."""

    dismissed = Signal()

    def __init__(self, host: QWidget, ctx: UiContext):
        super().__init__(host)
        self.host = host
        self.setObjectName("SlideLayer")
        self.card = SlideCard(ctx, self)
        host.installEventFilter(self)
        self.hide()

    def show_slide(self, slide: Slide | None, animate: bool = False) -> None:
        """Bring ``slide`` into focus over the page (None: :meth:`clear`); its chart grows in
        when ``animate``, else it is shown complete."""
        if slide is None:
            self.clear()
            return
        self.setGeometry(self.host.rect())
        self.card.setGeometry(card_rect(self.size()))
        self.show()
        self.raise_()
        self.card.set_slide(slide, animate)

    def clear(self) -> None:
        self.card.finish()
        self.hide()
        self.card.slide = None

    def slide(self) -> Slide | None:
        """The slide on show, or None."""
        return self.card.slide if self.isVisible() else None

    def main_label(self) -> QLabel:
        """The label of the slide's main text (a figure's number, else the title)."""
        return self.card.main

    def finish(self) -> None:
        self.card.finish()

    def is_animating(self) -> bool:
        return self.isVisible() and self.card.is_animating()

    def eventFilter(self, obj, event) -> bool:  # noqa: ANN001 - a Qt event handler
        if obj is self.host and event.type() == QEvent.Type.Resize and self.isVisible():
            self.setGeometry(self.host.rect())
            self.card.setGeometry(card_rect(self.size()))
        return False

    def mousePressEvent(self, event) -> None:  # noqa: ANN001 - a Qt event handler
        event.accept()

    def mouseReleaseEvent(self, event) -> None:  # noqa: ANN001 - a Qt event handler
        event.accept()
        self.clear()
        self.dismissed.emit()

    def paintEvent(self, event) -> None:  # noqa: ANN001 - a Qt event handler
        p = QPainter(self)
        try:
            c = QColor(style.BG)
            c.setAlphaF(DIM)
            p.fillRect(self.rect(), c)
        finally:
            p.end()


def render_slide(slide: Slide, size: QSize, ctx: UiContext) -> QPixmap:
    """``slide`` as the audience would see it in a window of ``size``, complete, on the page's
    colour (the page itself is not drawn)."""
    frame = QWidget()
    frame.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    frame.resize(size)
    card = SlideCard(ctx, frame)
    card.setGeometry(card_rect(size))
    frame.show()  # not on the screen: it gets its resize and polish events like a shown widget
    try:
        card.set_slide(slide, animate=False)
        pm = QPixmap(size)
        pm.fill(QColor(style.BG))
        frame.render(pm, QPoint(), QRegion(), QWidget.RenderFlag.DrawChildren)  # on the page's colour
        return pm
    finally:
        frame.hide()
        frame.deleteLater()
