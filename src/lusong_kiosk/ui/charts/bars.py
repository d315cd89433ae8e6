"""Bar charts: several things of one kind (bar) and a before/after pair (compare)."""

from __future__ import annotations

import html

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor, QFontMetricsF

from ...present import format as fmt
from ...present.format import TIGHT_UNITS
from .base import Chart
from .labels import (FITS, LABEL_PX, MUTED_COLOR, TEXT_COLOR, VALUE_PX, balanced_width, caption_line, flag_text,
                     make_text, measure_text, qcolor, sentence, set_html, set_text)


# ---------------------------------------------------------------------------------------------
# Bars


class BarChart(Chart):
    """N bars growing from 0, a category label under each and a value label above each."""

    KIND = "bar"
    _BAR_FRACTION = 0.62  # of a slot
    _MAX_BAR_PX = 180  # at scale 1

    def _build(self) -> None:
        self._bars = pg.BarGraphItem(x=np.zeros(1), height=np.zeros(1), width=0.6, pen=None, brush="#FFFFFF")
        self._add(self._bars)
        self._baseline = pg.InfiniteLine(pos=0.0, angle=0, movable=False)
        self._baseline.setZValue(-5)
        self._add(self._baseline)
        self._value_items: list[pg.TextItem] = []
        self._label_items: list[pg.TextItem] = []
        self._caption_item = make_text(MUTED_COLOR, (0.5, 1.0), still=True)
        self._add(self._caption_item)
        self._data_per_px = 1.0
        self._value_gap_px = 6.0
        self._split_units = False
        self._text_fit = 1.0
        self._n = 0

    # Hooks for CompareChart.
    def _brushes(self) -> list[QColor] | None:
        return None

    def _caption_markup(self) -> str:
        line = caption_line(self._spec, self._spec.computed)
        return html.escape(line)

    def _apply_spec(self) -> None:
        spec = self._spec
        n = len(spec.values)
        while len(self._value_items) < n:
            value_item = make_text(TEXT_COLOR, (0.5, 1.0))
            label_item = make_text(TEXT_COLOR, (0.5, 0.0), still=True)
            self._add(value_item)
            self._add(label_item)
            self._value_items.append(value_item)
            self._label_items.append(label_item)
        while len(self._value_items) > n:
            for item in (self._value_items.pop(), self._label_items.pop()):
                self._vb.removeItem(item)
                # out of the scene the item is Python's, and Python's collector would delete it
                # wherever it happens to run, once inside a Qt call holding the lock its
                # destructor waits on (docs/QT-NOTES.md): the event loop deletes it instead
                item.deleteLater()
        self._n = n
        for label_item, label in zip(self._label_items, spec.labels):
            set_text(label_item, label)
        markup = self._caption_markup()
        set_html(self._caption_item, markup)
        self._caption_item.setVisible(bool(markup))
        brushes = self._brushes()
        opts: dict = {"x": np.arange(n, dtype=float), "height": np.zeros(n)}
        if brushes is None:
            opts.update(brush=qcolor(spec.color), brushes=None)
        else:
            opts.update(brushes=brushes)
        self._bars.setOpts(**opts)
        self._baseline.setPen(pg.mkPen(qcolor(MUTED_COLOR, 0.45), width=max(1.0, 1.5 * self._scale)))

    def _layout_extra(self, slot_px: float, bar_data_width: float) -> None:
        """Hook: CompareChart places its arrow."""

    def _value_text(self, i: int, value: float) -> str:
        if self._split_units:
            return f"{fmt.qualified(self._spec.qualifiers[i], self._spec.number(i, value))}\n{self._spec.unit}"
        return self._spec.shown_text(i, value)

    def _relayout(self, *args: object) -> None:
        W, H = self._view_size()
        if W < 4 or H < 4:
            return
        spec, sc, n = self._spec, self._scale, self._n
        pad, label_gap, band_gap = 8 * sc, 10 * sc, 8 * sc
        self._value_gap_px = 6 * sc
        slot = W / n
        text_w = max(slot * 0.94, 1.0)
        caption_w = max(W - 2 * pad, 1.0)
        caption = self._caption_markup()
        unit = spec.unit
        for fit in FITS:
            value_font, label_font = self._font(VALUE_PX * sc * fit), self._font(LABEL_PX * sc * fit)
            # "1015.3 亿元" too wide for its bar: put the unit on a second line.
            metrics = QFontMetricsF(value_font)
            self._split_units = bool(unit) and not unit.startswith(TIGHT_UNITS) and any(
                metrics.horizontalAdvance(self._fmt(i, v)) > text_w for i, v in enumerate(spec.values)
            )
            labels = [measure_text(t, label_font, text_w) for t in spec.labels]
            values = [measure_text(self._value_text(i, v), value_font, text_w) for i, v in enumerate(spec.values)]
            cap_fits, caption_h = measure_text(caption, label_font, caption_w, rich=True)
            label_h = max(h for _, h in labels)
            value_h = max(h for _, h in values)
            bottom_px = pad + label_h + label_gap + (caption_h + band_gap if caption else 0.0)
            top_px = pad + value_h + self._value_gap_px
            words_fit = cap_fits and all(ok for ok, _ in labels + values)
            if words_fit and H - top_px - bottom_px >= 0.3 * H:
                break
        self._text_fit = fit
        bar_px = max(H - top_px - bottom_px, 4 * sc)
        vmin = min(0.0, *spec.values)
        vmax = max(0.0, *spec.values)
        span = (vmax - vmin) or 1.0
        s = span / bar_px
        self._data_per_px = s
        y0, y1 = vmin - bottom_px * s, vmax + top_px * s
        self._vb.setRange(xRange=(-0.5, n - 0.5), yRange=(y0, y1), padding=0)

        for i, (value_item, label_item) in enumerate(zip(self._value_items, self._label_items)):
            value_item.setFont(value_font)
            label_item.setFont(label_font)
            value_item.setTextWidth(text_w)
            label_item.setTextWidth(balanced_width(spec.labels[i], label_font, text_w))
            label_item.setPos(i, vmin - label_gap * s)
        self._caption_item.setFont(label_font)
        self._caption_item.setTextWidth(balanced_width(caption, label_font, caption_w, rich=True))
        self._caption_item.setPos((n - 1) / 2, y0 + pad * s)
        bar_w = min(self._BAR_FRACTION, self._MAX_BAR_PX * sc / slot)
        self._bars.setOpts(width=bar_w)
        self._layout_extra(slot, bar_w)
        self._apply_progress()

    def _shown(self) -> np.ndarray:
        return np.asarray(self._spec.values, dtype=float) * self._progress

    def _apply_progress(self) -> None:
        heights = self._shown()
        self._bars.setOpts(height=heights)
        for i, (item, h) in enumerate(zip(self._value_items, heights)):
            item.setText(self._value_text(i, float(h)))
            item.setVisible(self._progress > 0)
        self._place_values()

    def _place_values(self) -> None:
        heights = self._shown()
        gap = self._value_gap_px * self._data_per_px
        for i, (item, h) in enumerate(zip(self._value_items, heights)):
            item.setPos(i, max(float(h), 0.0) + gap)

    def displayed_values(self) -> tuple[float, ...]:
        heights = self._bars.opts["height"]
        return tuple(float(h) for h in heights)

    def describe(self) -> str:
        spec = self._spec
        body = ", ".join(f"{label} {spec.shown_text(i)}" for i, label in enumerate(spec.labels))
        flag = flag_text(spec, spec.computed)
        return sentence(spec.caption, body, flag)


# ---------------------------------------------------------------------------------------------
# Before -> after


class CompareChart(BarChart):
    """Two bars (before muted, after in the accent), an arrow between, the change as caption."""

    KIND = "compare"
    _BAR_FRACTION = 0.5

    def _build(self) -> None:
        super()._build()
        self._arrow = pg.ArrowItem(angle=180, pxMode=True, pen=None)
        self._arrow.setZValue(5)
        self._add(self._arrow)
        # where the arrow goes, set by the first layout; until then it stays where pyqtgraph put it
        self._arrow_x: float | None = None
        self._arrow_length_px = 0.0

    def _brushes(self) -> list[QColor]:
        return [qcolor(self._spec.color, 0.45), qcolor(self._spec.color)]

    def change(self) -> tuple[float, float | None]:
        """(after - before, percentage change or None when before is 0)."""
        return self._spec.change()

    def _change_text(self) -> str:
        return self._spec.change_text()

    def _caption_markup(self) -> str:
        spec = self._spec
        parts = []
        if spec.caption.strip():
            parts.append(f'<span style="color:{MUTED_COLOR}">{html.escape(spec.caption.strip())}</span>')
        parts.append(f'<span style="color:{TEXT_COLOR}">{html.escape(self._change_text())}</span>')
        flag = flag_text(spec, True)
        if flag:
            parts.append(f'<span style="color:{MUTED_COLOR}">{html.escape(flag)}</span>')
        return "&nbsp;· ".join(parts)

    def _layout_extra(self, slot_px: float, bar_data_width: float) -> None:
        sc = self._scale
        gap_px = (1.0 - bar_data_width) * slot_px
        length = gap_px - 2 * 14 * sc
        self._arrow_length_px = length
        head = min(18 * sc, length * 0.45)
        self._arrow.setStyle(
            headLen=head,
            headWidth=head * 0.9,
            baseAngle=0,
            tailLen=max(length - head, 0.0),
            tailWidth=max(2.0, 4 * sc),
            brush=qcolor(TEXT_COLOR, 0.85),
            pen=None,
        )
        self._arrow_x = 1.0 - bar_data_width / 2 - 14 * sc / slot_px

    def _place_values(self) -> None:
        super()._place_values()
        if self._arrow_x is None:
            return
        before, after = self._spec.values
        low, high = sorted((max(before, 0.0), max(after, 0.0)))
        y = max(0.5 * low, 0.08 * high) * self._progress
        self._arrow.setPos(self._arrow_x, y)
        self._arrow.setVisible(self._progress > 0 and self._arrow_length_px >= 24 * self._scale)
        self._arrow.setOpacity(self._progress)

    def describe(self) -> str:
        spec = self._spec
        (l0, l1), (v0, v1) = spec.labels, spec.values
        body = f"{l0} {self._fmt(0, v0)} → {l1} {self._fmt(1, v1)}, {self._change_text()}"
        return sentence(spec.caption, body, flag_text(spec, True))
