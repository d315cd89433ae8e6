"""Ring charts: the donut (a part of a whole) and the gauge (a percentage), on one arc item."""

from __future__ import annotations

import html
import math

import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen, QTransform

from ..paint_cache import KeptItem
from .base import Chart
from .labels import (CENTRE_PX, FITS, LABEL_PX, MUTED_COLOR, TEXT_COLOR, balanced_width, caption_line, flag_text,
                     make_text, measure_text, one_line_width, qcolor, rgba_css, sentence, set_html, set_text)


# The ring item (donut and gauge)


class ArcItem(pg.GraphicsObject):
    """A stroked circular arc centred on (0, 0) in data coordinates (keep the view 1:1).

    Angles are visual degrees, counter-clockwise from 3 o'clock; the arc runs clockwise from
    ``start`` for ``sweep`` degrees.
    """

    def __init__(self, radius: float, width: float, start: float, cap: Qt.PenCapStyle):
        super().__init__()
        self._radius = radius
        self._width = width
        self._start = start
        self._cap = cap
        self._sweep = 0.0
        self._color = QColor("#FFFFFF")

    def set_sweep(self, sweep: float) -> None:
        if sweep != self._sweep:
            self._sweep = sweep
            self.update()

    def sweep(self) -> float:
        return self._sweep

    def set_color(self, color: QColor) -> None:
        if color != self._color:
            self._color = QColor(color)
            self.update()

    def boundingRect(self) -> QRectF:
        r = self._radius + self._width / 2
        return QRectF(-r, -r, 2 * r, 2 * r)

    def paint(self, painter: QPainter, *args: object) -> None:
        if self._sweep <= 0.01:
            return
        # Drawn in the device's pixels, not in data units under the view's scale: Qt strokes a
        # thick arc several times faster there (docs/QT-NOTES.md), and the arcs are the largest
        # single cost of a theme's entry frames. The view is 1:1, so the scale is one.
        world = painter.worldTransform()
        r = self._radius
        rect = world.mapRect(QRectF(-r, -r, 2 * r, 2 * r))
        scale = math.sqrt(abs(world.determinant()))
        # In data units the arc runs clockwise from ``start``; on a y-down device (the view
        # flips y) Qt's angles are counter-clockwise, in 1/16 degree.
        flip = 1 if world.m22() < 0 else -1
        pen = QPen(self._color)
        pen.setWidthF(self._width * scale)
        pen.setCapStyle(self._cap)
        painter.setWorldTransform(QTransform())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawArc(rect, round(flip * self._start * 16), round(-flip * min(self._sweep, 360.0) * 16))
        painter.setWorldTransform(world)


class KeptArc(KeptItem, ArcItem):
    """An arc painted from a pixmap kept under its geometry and colour (a ring's full track)."""

    def kept_key(self) -> tuple:
        return (self._radius, self._width, self._start, self._cap, self._sweep, self._color.rgba())


# ---------------------------------------------------------------------------------------------
# Base class


# ---------------------------------------------------------------------------------------------
# Rings


class RingChart(Chart):
    """Shared layout of the donut and the gauge: ring on top, legend and caption below."""

    # Ring geometry in data units, outer radius 1. Subclasses set these.
    _STROKE_R = 0.87
    _STROKE_W = 0.26
    _START = 90.0
    _TOTAL = 360.0
    _CAP = Qt.PenCapStyle.FlatCap
    _BOX = (-1.0, 1.0, -1.0, 1.0)  # x0, x1, y0, y1 of everything drawn by the rings
    _CENTRE_Y = 0.0

    def _build(self) -> None:
        # the full ring never changes as the chart grows: kept, not stroked again each frame
        self._track = KeptArc(self._STROKE_R, self._STROKE_W, self._START, self._CAP)
        self._arc = ArcItem(self._STROKE_R, self._STROKE_W, self._START, self._CAP)
        self._track.set_sweep(self._TOTAL)
        self._add(self._track)
        self._add(self._arc)
        self._centre = make_text(TEXT_COLOR, (0.5, 0.5), counting=True)
        self._legend = make_text(TEXT_COLOR, (0.5, 0.0), still=True)
        self._caption = make_text(MUTED_COLOR, (0.5, 0.0), still=True)
        for item in (self._centre, self._legend, self._caption):
            self._add(item)
        self._centre_px = CENTRE_PX
        self._text_fit = 1.0
        self._legend_stacked = False

    def _fraction(self) -> float:
        raise NotImplementedError

    def _centre_text(self, p: float) -> str:
        raise NotImplementedError

    def _legend_markup(self, stacked: bool = False) -> str:
        """The figures under the ring; ``stacked`` puts each on its own line."""
        raise NotImplementedError

    def _flagged(self) -> bool:
        return self._spec.computed

    def _caption_text(self) -> str:
        return caption_line(self._spec, self._flagged())

    def _apply_spec(self) -> None:
        self._arc.set_color(qcolor(self._spec.color))
        self._track.set_color(qcolor(self._spec.color, 0.2))
        set_html(self._legend, self._legend_markup(self._legend_stacked))
        caption = self._caption_text()
        set_text(self._caption, caption)
        self._caption.setVisible(bool(caption))

    def _relayout(self, *args: object) -> None:
        W, H = self._view_size()
        if W < 4 or H < 4:
            return
        sc = self._scale
        pad, gap = 8 * sc, 6 * sc
        text_w = max(W - 2 * pad, 1.0)
        caption = self._caption_text()
        for fit in FITS:
            label_font = self._font(LABEL_PX * sc * fit)
            # Several figures that do not fit on one line get a line each.
            legend = self._legend_markup()
            self._legend_stacked = one_line_width(legend, label_font, rich=True) > text_w
            legend = self._legend_markup(self._legend_stacked)
            legend_fits, legend_h = measure_text(legend, label_font, text_w, rich=True)
            caption_fits, caption_h = measure_text(caption, label_font, text_w)
            bands = (gap + legend_h if legend else 0.0) + (gap + caption_h if caption else 0.0)
            ring_h_avail = H - 2 * pad - bands
            if legend_fits and caption_fits and ring_h_avail >= 0.5 * (H - 2 * pad):
                break
        self._text_fit = fit
        ring_h_avail = max(ring_h_avail, 8 * sc)

        x0, x1, y0, y1 = self._BOX
        k = max(min((W - 2 * pad) / (x1 - x0), ring_h_avail / (y1 - y0)), 1.0)  # px per unit
        block = (y1 - y0) * k + bands
        top_px = max((H - block) / 2, pad)
        view_top = y1 + top_px / k
        view_bottom = view_top - H / k
        cx = (x0 + x1) / 2
        self._vb.setRange(xRange=(cx - W / 2 / k, cx + W / 2 / k), yRange=(view_bottom, view_top), padding=0)

        y = y0 - gap / k
        set_html(self._legend, legend)
        for item, text, rich in ((self._legend, legend, True), (self._caption, caption, False)):
            item.setFont(label_font)
            item.setTextWidth(balanced_width(text, label_font, text_w, rich))
        self._legend.setPos(cx, y)
        if legend:
            y -= (legend_h + gap) / k
        self._caption.setPos(cx, y)

        # The centre number: 56 px at scale 1, smaller when the hole is too small for it.
        inner_px = 2 * (self._STROKE_R - self._STROKE_W / 2) * k * 0.84
        want = CENTRE_PX * sc
        width = QFontMetricsF(self._font(want)).horizontalAdvance(self._centre_text(1.0))
        self._centre_px = want if width <= inner_px or width == 0 else max(10.0, want * inner_px / width)
        self._centre.setFont(self._font(self._centre_px))
        self._centre.setPos(0.0, self._CENTRE_Y)

    def _apply_progress(self) -> None:
        p = self._progress
        self._arc.set_sweep(self._TOTAL * self._fraction() * p)
        self._centre.setText(self._centre_text(p))
        self._centre.setVisible(p > 0)


class DonutChart(RingChart):
    """Part of a whole: a ring slice sweeping to part/whole, the share in the centre."""

    KIND = "donut"

    def share(self) -> float:
        """part / whole (not clamped)."""
        return self._spec.share()

    def _fraction(self) -> float:
        return self._spec.ring_fraction()

    def _centre_text(self, p: float) -> str:
        return self._spec.centre_text(p)

    def _legend_markup(self, stacked: bool = False) -> str:
        spec = self._spec
        accent = rgba_css(qcolor(spec.color))
        items = []
        for i, (mark, label, value) in enumerate(zip("●○", spec.labels, spec.values)):
            text = html.escape(f"{label} {self._fmt(i, value)}")
            items.append(f'<span style="color:{accent}">{mark}</span>&nbsp;{text}')
        return ("<br>" if stacked else "&nbsp;&nbsp;&nbsp; ").join(items)

    def displayed_values(self) -> tuple[float, ...]:
        part, whole = self._spec.values
        return (part * self._progress, whole)

    def describe(self) -> str:
        spec = self._spec
        body = ", ".join(f"{label} {self._fmt(i, v)}" for i, (label, v) in enumerate(zip(spec.labels, spec.values)))
        body += f", {self._centre_text(1.0)}"
        return sentence(spec.caption, body, flag_text(spec, spec.computed))


class GaugeChart(RingChart):
    """A rate 0-100 %: a 240° track with a filled arc growing to the rate, value in the centre."""

    KIND = "gauge"
    _STROKE_R = 0.92
    _STROKE_W = 0.16
    _START = 210.0
    _TOTAL = 240.0
    _CAP = Qt.PenCapStyle.RoundCap
    # The arc ends at ±30° below the horizontal: lowest point is the round cap there.
    _BOX = (-1.0, 1.0, -(0.92 * 0.5 + 0.08) - 0.02, 1.0)
    _CENTRE_Y = 0.05

    def _fraction(self) -> float:
        return self._spec.ring_fraction()

    def _centre_text(self, p: float) -> str:
        return self._spec.centre_text(p)

    def _legend_markup(self, stacked: bool = False) -> str:
        return html.escape(self._spec.labels[0])

    def displayed_values(self) -> tuple[float, ...]:
        return (self._spec.values[0] * self._progress,)

    def describe(self) -> str:
        spec = self._spec
        body = f"{spec.labels[0]} {spec.centre_text()}"
        return sentence(spec.caption, body, flag_text(spec, spec.computed))
