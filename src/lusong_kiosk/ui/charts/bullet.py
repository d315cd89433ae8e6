"""The bullet chart: a result as a growing bar, its target as a named line across it."""

from __future__ import annotations

import pyqtgraph as pg

from .base import Chart
from .labels import (FITS, LABEL_PX, MUTED_COLOR, TEXT_COLOR, VALUE_PX, balanced_width, caption_line, flag_text,
                     make_text, measure_text, qcolor, sentence, set_text)


# ---------------------------------------------------------------------------------------------
# A result against its target


class BulletChart(Chart):
    """A result and its target (a bullet chart): the result is the one bar, growing; the target
    is a line across at its height, named at its end. Two equal bars read as two results."""

    KIND = "bullet"
    _MAX_BAR_PX = 180  # at scale 1

    def _build(self) -> None:
        self._bars = pg.BarGraphItem(x=[0.0], height=[0.0], width=1.0, pen=None, brush="#FFFFFF")
        self._add(self._bars)
        self._baseline = pg.InfiniteLine(pos=0.0, angle=0, movable=False)
        self._baseline.setZValue(-5)
        self._add(self._baseline)
        self._target = pg.PlotCurveItem()  # the reference line; drawn over the bar
        self._target.setZValue(6)
        self._add(self._target)
        self._value_item = make_text(TEXT_COLOR, (0.5, 1.0))
        self._label_item = make_text(TEXT_COLOR, (0.5, 0.0), still=True)
        self._target_item = make_text(TEXT_COLOR, (1.0, 1.0), still=True)
        self._caption_item = make_text(MUTED_COLOR, (0.5, 1.0), still=True)
        for item in (self._value_item, self._label_item, self._target_item, self._caption_item):
            self._add(item)
        self._data_per_px = 1.0
        self._value_gap_px = 6.0
        self._text_fit = 1.0
        self._bar_x = 0.0

    def _target_text(self) -> str:
        return f"{self._spec.labels[1]} {self._fmt(1, self._spec.values[1])}"

    def _apply_spec(self) -> None:
        spec = self._spec
        set_text(self._label_item, spec.labels[0])
        set_text(self._target_item, self._target_text())
        caption = caption_line(spec, spec.computed)
        set_text(self._caption_item, caption)
        self._caption_item.setVisible(bool(caption))
        self._bars.setOpts(brush=qcolor(spec.color))
        self._baseline.setPen(pg.mkPen(qcolor(MUTED_COLOR, 0.45), width=max(1.0, 1.5 * self._scale)))
        self._target.setPen(pg.mkPen(qcolor(TEXT_COLOR), width=max(2.0, 3 * self._scale)))

    def _relayout(self, *args: object) -> None:
        W, H = self._view_size()
        if W < 4 or H < 4:
            return
        spec, sc = self._spec, self._scale
        pad, label_gap, band_gap = 8 * sc, 10 * sc, 8 * sc
        self._value_gap_px = 6 * sc
        bar_px = min(self._MAX_BAR_PX * sc, 0.34 * W)
        # the bar stands left of centre, its value over it; the target's name sits on its line
        # right of the bar, in the wider part: side by side, their boxes must not meet
        cx = -0.2 * W
        self._bar_x = cx
        side_w = max(W / 2 - pad - (cx + bar_px / 2) - 8 * sc, 1.0)
        label_w = max(2 * (cx + W / 2 - pad), 1.0)  # the result's name, centred under its bar
        text_w = max(W - 2 * pad, 1.0)
        caption = caption_line(spec, spec.computed)
        for fit in FITS:
            value_font, label_font = self._font(VALUE_PX * sc * fit), self._font(LABEL_PX * sc * fit)
            label_ok, label_h = measure_text(spec.labels[0], label_font, label_w)
            target_ok, target_h = measure_text(self._target_text(), label_font, side_w)
            value_ok, value_h = measure_text(self._value_text(1.0), value_font, bar_px)
            cap_ok, caption_h = measure_text(caption, label_font, text_w)
            bottom_px = pad + label_h + label_gap + (caption_h + band_gap if caption else 0.0)
            top_px = pad + max(value_h + self._value_gap_px, target_h + 4 * sc)
            if label_ok and target_ok and value_ok and cap_ok and H - top_px - bottom_px >= 0.3 * H:
                break
        self._text_fit = fit
        bar_h = max(H - top_px - bottom_px, 4 * sc)
        vmax = max(max(spec.values), 0.0) or 1.0
        s = vmax / bar_h  # data per px (y); x is in px, centred on the bar
        self._data_per_px = s
        y0, y1 = -bottom_px * s, vmax + top_px * s
        self._vb.setRange(xRange=(-W / 2, W / 2), yRange=(y0, y1), padding=0)
        self._bars.setOpts(x=[cx], width=bar_px)
        self._value_item.setFont(value_font)
        self._value_item.setTextWidth(bar_px)
        self._label_item.setFont(label_font)
        self._label_item.setTextWidth(balanced_width(spec.labels[0], label_font, label_w))
        self._label_item.setPos(cx, -label_gap * s)
        target = max(spec.values[1], 0.0)
        line_x0, line_x1 = cx - bar_px / 2 - 24 * sc, W / 2 - pad
        self._target.setData([line_x0, line_x1], [target, target])
        self._target_item.setFont(label_font)
        self._target_item.setTextWidth(balanced_width(self._target_text(), label_font, side_w))
        self._target_item.setPos(line_x1, target + 4 * sc * s)
        self._caption_item.setFont(label_font)
        self._caption_item.setTextWidth(balanced_width(caption, label_font, text_w))
        self._caption_item.setPos(0.0, y0 + pad * s)
        self._apply_progress()

    def _value_text(self, p: float) -> str:
        return self._spec.value_text(0, self._spec.values[0] * p)

    def _apply_progress(self) -> None:
        p = self._progress
        h = max(self._spec.values[0], 0.0) * p
        self._bars.setOpts(height=[h])
        self._value_item.setText(self._value_text(p))
        self._value_item.setVisible(p > 0)
        self._value_item.setPos(self._bar_x, h + self._value_gap_px * self._data_per_px)

    def displayed_values(self) -> tuple[float, ...]:
        return (float(self._bars.opts["height"][0]), self._spec.values[1])

    def describe(self) -> str:
        spec = self._spec
        body = f"{spec.labels[0]} {self._fmt(0, spec.values[0])}, {self._target_text()}"
        return sentence(spec.caption, body, flag_text(spec, spec.computed))
