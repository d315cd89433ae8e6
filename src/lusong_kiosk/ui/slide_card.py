"""One slide laid out on a raised card (see ui/slides.py, the layer that shows it).

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

from PySide6.QtCore import QCoreApplication, QEvent, QRect, QRectF, Qt, QVariantAnimation
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QLabel, QWidget

from ..present.slides import Slide
from . import style
from .base import UiContext
from .glyphs import CountingLine
from .paint_cache import Opaque
from .slide_text import SlideText, slide_font
from .widgets.figure import counting
from .widgets.icons import icon_pixmap

log = logging.getLogger(__name__)

MAIN_MIN = 1 / 20  # the main text's least size, as a share of the window's height (or shorter width)
DEFAULT_ACCENT = "#7FA7D9"  # an item of no theme (an honour of the whole district)


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
        self.mark = SlideText(self, wrap=False)
        self.kicker = SlideText(self)  # wraps: a long one ran out of a portrait card, cut off
        self.main = SlideText(self)  # the step's main text: a figure's number, else the title
        self.unit = SlideText(self, wrap=False)
        self.title = SlideText(self)  # a figure's label (main is its number)
        self.meta = SlideText(self)
        self.body = SlideText(self)
        self.note = SlideText(self)
        self.source = SlideText(self)
        self.chart = None  # a ui.charts.Chart, made for each chart slide
        self._unit_beside = True
        # a figure's number counts up as the panel's does (the same count, over counter_ms,
        # none when motion is reduced); the layout is the final value's
        self.count = counting(self, self._on_count)
        self._progress = 1.0
        self._count_plain = False  # the count's line was tried for this layout (_on_count)
        self._laid: tuple | None = None  # what the parts were placed for (_layout_key)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    # --- what it shows ---------------------------------------------------------------------
    def set_slide(self, slide: Slide, animate: bool = False) -> None:
        """Show ``slide``; its chart grows and its figure counts up when ``animate``."""
        self.load(slide)
        self.play(animate)

    def load(self, slide: Slide) -> None:
        """Lay ``slide`` out, at rest (its chart complete): a card out of sight is made ready so."""
        self.count.stop()
        self._progress = 1.0  # the count's line goes with the layout below (_lay_out)
        self.slide = slide
        if self.chart is not None:
            old, self.chart = self.chart, None
            old.hide()
            old.deleteLater()
            if not self.isVisible():
                # out of sight (a slide made ready): gone now, while nothing moves. Left to the
                # event loop, a card shown meanwhile had the old chart's place painted again
                # at its next frame, the page beneath it included
                QCoreApplication.sendPostedEvents(old, QEvent.Type.DeferredDelete)
        if slide.chart is not None:
            from .charts import make_chart  # pyqtgraph: only once a chart is shown

            spec = dataclasses.replace(slide.chart, color=style.accent(slide.chart.color))
            self.chart = make_chart(spec, self)
            self.chart.set_font_family(self.ctx.family)
            self.chart.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            # on the card's inside, the chart paints the card's colour under it, every pixel,
            # so a frame of its growth repaints the chart alone (as a text's: SlideText)
            viewport = self.chart.plot_viewport()
            viewport.parentWidget().setBackground(QColor(style.BG_RAISED))
            viewport.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.lay_out()
        if self.chart is not None:
            self.chart.show()
            self.chart.finish()

    def play(self, animate: bool) -> None:
        """The loaded slide's motion from its start: the chart grows in, the figure counts up
        (none when not ``animate`` or when motion is reduced)."""
        slide = self.slide
        if slide is None:
            return
        duration = self.ctx.ms("chart_ms")
        if self.chart is not None and animate and duration > 0:
            self.chart.animate(duration)
        counting = self.ctx.ms("counter_ms")
        if animate and counting > 0 and slide.figure is not None:
            self.count.setDuration(counting)
            self._on_count(0.0)
            self.count.start()
        self.update()

    def keep_texts(self) -> None:
        """Each text's picture made now (ui/paint_cache.Still.keep_now), so the first frames
        blit it: a slide's type at 4K is filled as paths, up to ~20 ms a line of big CJK
        type, and a text kept the ordinary way is painted three times on the way."""
        self.ensurePolished()  # the card first: polishing it sends its parts' style and font again
        for part in self._texts():
            if not part.isHidden() and part.text():
                part.keep_now()

    def drop(self) -> None:
        """No slide: its texts' pictures let go (the card is out of sight until loaded again)."""
        self.slide = None
        for part in self._texts():
            part.still_drop()

    def _texts(self) -> tuple[SlideText, ...]:
        return (self.mark, self.kicker, self.main, self.unit, self.title, self.meta, self.body, self.note, self.source)

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
        if self._laid != self._layout_key():  # a card made ready out of sight is laid out already
            self.lay_out()

    def _layout_key(self) -> tuple:
        return (self.size(), self.window_height(), self.slide)

    def lay_out(self) -> None:
        """Place every part for the card's size. Guarded: a slide that cannot be laid out is
        logged, never raised into Qt's event loop."""
        try:
            self._lay_out()
        except Exception:
            log.exception("slide: layout of %s failed", self.slide and self.slide.kind)

    def _lay_out(self) -> None:
        # clear of the rounded corners, the border and the accent bar (see paintEvent), which
        # are antialiased over the page
        edge = math.ceil(max(self.window_height() * 0.018, self.window_height() * 0.008, 4.0)) + 2
        self.interior.setGeometry(self.rect().adjusted(edge, edge, -edge, -edge))
        self._laid = self._layout_key()
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

        self.kicker.set(s.kicker, slide_font(fam, round(h / 30), True), accent)
        self.source.set(s.source, slide_font(fam, round(h / 40)), style.MUTED)
        self.meta.set(s.meta, slide_font(fam, round(h / 30)), style.MUTED)
        self.note.set(s.note, slide_font(fam, round(h / 36)), style.MUTED)
        # the source sits at the card's foot, the rest in a column centred above it
        if s.source:
            sh = self.source.height_for(w)
            bottom -= sh
            self.source.setGeometry(x, bottom, w, sh)
            self.source.show()
            bottom -= gap
        top = pad + self._place_mark(x, pad, w, h, accent)
        rows: list[tuple[SlideText | QWidget, int, int]] = []  # (part, height, gap after)
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
                    self.body.set(s.body, slide_font(fam, px), style.TEXT)
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
        inside = self.interior.geometry()
        for part in self._texts():
            part.set_inside(inside.contains(part.geometry()))
        if s.kind == "figure" and self._progress < 1.0:  # laid out for the final value, showing the count
            self._on_count(self._progress)

    def _place_mark(self, x: int, y: int, w: int, h: int, accent: str) -> int:
        """The header at the card's top: the icon and the theme's (or screen's) name in its
        colour, small; the height it takes with the gap under it (0 without one)."""
        s = self.slide
        if s is None or not (s.mark or s.mark_icon):
            return 0
        self.mark.set(s.mark, slide_font(self.ctx.family, round(h / 30), True), accent)
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
        self.unit.set(s.unit, slide_font(fam, round(h / 16), True), style.TEXT)
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
            f = slide_font(self.ctx.family, px, bold)
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
