"""The timeline's geometry for a zoom step (a mixin of ``view.TimelineView``): the frame (axis,
labels and the cards' side of it), the lanes, the cards rendered at their one size, and the
layout of the events into lanes and clusters.

Every card has one size whatever the language, so the layout, and so the clusters, are the
same in Chinese and English.
"""

from __future__ import annotations

import logging
from typing import NamedTuple

from PySide6.QtGui import QFontMetrics

from ...content.model import Event
from ...present import format as fmt
from .axis import MAX_STEP, Placed, event_span, layout, zoom_factor
from .cards import (CARD_MAX_W, CARD_PORTRAIT_W, LABEL_PX, CardItem, card_height, card_width,
                    render_event_card)
from .paint import font, theme_color
from .scenery import Frame

log = logging.getLogger(__name__)


class LayoutBounds(NamedTuple):
    gap: float
    lo: float
    hi: float
    inset: float
    stem_gap: float

LANE_FIRST = 20  # design px between the axis and the first lane of cards
LANE_GAP = 16  # between lanes, and between cards in a lane (UX.md: 16 px between targets)
STEM_GAP = 28  # design px at least between two stems on the axis: two of their 14 px dots


class TimelineGeometry:
    """Frames, lanes, cards and layout for ``TimelineView`` (which owns the state)."""

    _card_w: tuple | None = None  # (the style, card_width for it) in landscape

    def _ensure_cards(self, frame: Frame) -> None:
        """Cards for the current style; in portrait they fill the lane width, so that too."""
        cs = self._cs
        if frame.vertical:
            width = self._portrait_lanes(frame)[1]
        else:
            # measured once a style (every title in both languages, ~2 ms), not at each of the
            # dozens of layouts the search for the reading scale and every relayout make
            if self._card_w is None or self._card_w[0] != cs:
                self._card_w = (cs, card_width(self.all_events, cs))
            width = self._card_w[1]
        key = (cs, width)
        if key == self._render_key:
            return
        for it in (*self._cards.values(), *self._clusters.values()):
            self._scene.removeItem(it)
        self._cards.clear()
        self._clusters.clear()
        height = card_height(self.all_events, cs, width)
        pixmaps = self._pixmaps.pop(key, None)
        if pixmaps is None:  # render once per style; keep the last few (both languages)
            pixmaps = {}
            for e in self.all_events:
                try:
                    pixmaps[e.id] = render_event_card(e, self.themes.get(e.theme), cs, width, height)
                except Exception:  # a bad event must not take the timeline down
                    log.exception("cannot draw the card of event %s", e.id)
        self._pixmaps[key] = pixmaps
        while len(self._pixmaps) > 3:
            self._pixmaps.pop(next(iter(self._pixmaps)))
        for e in self.all_events:
            pm = pixmaps.get(e.id)
            if pm is None:
                continue
            item = CardItem(e.id, (e.id,), pm, theme_color(self.themes.get(e.theme)), cs.scale,
                            f"{fmt.date(e.date, cs.lang)} {e.title(cs.lang)}")
            item.setVisible(False)
            self._scene.addItem(item)
            self._cards[e.id] = item
        self._card_size = (width, height)
        self._render_key = key

    def _portrait_lanes(self, frame: Frame) -> tuple[int, int]:
        """(lanes, card width) in portrait: as many lanes of at least CARD_PORTRAIT_W as fit."""
        m = self.ctx.metrics
        first, gap = m.px(LANE_FIRST), m.px(LANE_GAP)
        room = max(1.0, frame.card_side - first)
        lanes = max(1, int((room + gap) // (m.px(CARD_PORTRAIT_W) + gap)))
        width = int((room - gap * (lanes - 1)) // lanes)
        return lanes, max(m.px(200), min(width, m.px(CARD_MAX_W * 1.3)))

    def _frame_for(self, step: int, ppu: float | None = None, across: float | None = None) -> Frame:
        """The frame at ``step`` (or ``ppu``) for the viewport, or for one ``across`` px across."""
        m = self.ctx.metrics
        vp = self.viewport().size()
        vertical = self.vertical
        across_len = float(vp.width() if vertical else vp.height()) if across is None else float(across)
        lead = m.px(64)
        if ppu is None:
            ppu = self._reading_ppu() * zoom_factor(step)
        fm = QFontMetrics(font(self.ctx.family, m.fpx(LABEL_PX)))
        label_size = float(fm.horizontalAdvance("0000") if vertical else fm.height())
        band = max(m.px(46), round(QFontMetrics(font(self.ctx.family, m.fpx(LABEL_PX), bold=True)).height() * 1.15))
        label_gap, band_gap, edge = m.px(16), m.px(8), m.px(12)
        other = label_gap + label_size + band_gap + band + edge
        if vertical:
            axis_pos = other
            card_side = across_len - other - edge
        else:
            axis_pos = across_len - other
            card_side = axis_pos - edge
        # room after the end of 2022 for a card's length: the last cards may hang their stems at
        # the very end of the year (the year-only events of 2022 spread over all of it)
        tail = max(lead, self._card_size[1 if vertical else 0] - m.px(28))
        return Frame(vertical, axis_pos, lead, ppu, lead + self.axis.total * ppu + tail, across_len,
                     max(1.0, card_side), label_gap, label_size, band_gap, band)

    def _lane_geometry(self, frame: Frame) -> tuple[float, float, float, int]:
        """(first lane offset from the axis, lane thickness, gap, number of lanes)."""
        m = self.ctx.metrics
        first, gap = float(m.px(LANE_FIRST)), float(m.px(LANE_GAP))
        if frame.vertical:
            lanes, width = self._portrait_lanes(frame)
            return first, float(width), gap, lanes
        thick = float(self._card_size[1])
        lanes = max(1, int((frame.card_side - first + gap) // (thick + gap)))
        return first, thick, gap, lanes

    def spare_across(self, across: float | None = None) -> float:
        """Landscape: the room (px) the lanes of cards leave between the view's top and the top
        lane -- now, or with a viewport ``across`` px tall; 0 in portrait (the lanes fill the
        width)."""
        f = self.frame
        if f is None or f.vertical:
            return 0.0
        if across is not None:
            f = self._frame_for(self.step, f.ppu, across)
        first, thick, gap, lanes = self._lane_geometry(f)
        return max(0.0, f.card_side - (first + lanes * thick + (lanes - 1) * gap))

    def _compute(self, step: int, ppu: float | None = None,
                 events: list[Event] | None = None) -> tuple[Frame, list[Placed], list[Event],
                                                             tuple[float, float, float, int]]:
        frame = self._frame_for(step, ppu)
        self._ensure_cards(frame)
        lg = self._lane_geometry(frame)
        events = [e for e in (self.events if events is None else events) if e.id in self._cards]
        windows = [self._window(frame, e) for e in events]
        # every card has one size (``_card_size``), whatever the language: the layout, and so
        # the clusters, are the same in Chinese and English
        ext = float(self._card_size[1] if frame.vertical else self._card_size[0])
        b = self.layout_bounds(frame)
        placed = layout(windows, [ext] * len(events), ext, lg[3], b.gap, b.lo, b.hi, inset=b.inset,
                        years=[e.year for e in events], stem_gap=b.stem_gap)
        return frame, placed, events, lg

    def layout_bounds(self, frame: Frame) -> LayoutBounds:
        """What the layout keeps to: the gap between cards in a lane, the along range the cards
        stay in, how far a stem sits inside its card, the least distance between stems."""
        m = self.ctx.metrics
        return LayoutBounds(float(m.px(LANE_GAP)), frame.along(0), frame.along_total - m.px(12),
                            float(m.px(28)), float(m.px(STEM_GAP)))

    def _window(self, frame: Frame, e: Event) -> tuple[float, float]:
        """Where the stem of ``e`` may meet the axis: inside its dated period."""
        t0, t1 = event_span(e.date)
        return frame.along(self.axis.u(t0)), frame.along(self.axis.u(t0 + 0.92 * (t1 - t0)))

    def step_to_show_alone(self, event_id: str) -> int:
        """The least zoom step (from the current one) at which ``event_id`` has a card of its own."""
        for step in range(self.step, MAX_STEP + 1):
            _, placed, events, _ = self._compute(step)
            for pl in placed:
                if any(events[i].id == event_id for i in pl.members):
                    if not pl.is_cluster:
                        return step
                    break
        return self.step

