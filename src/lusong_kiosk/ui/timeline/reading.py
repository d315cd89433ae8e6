"""The timeline's reading scale and start view (a mixin of ``view.TimelineView``).

Step 0 is the least scale at which every event has a card of its own: searched with the layout
itself (bisection on pixels per axis unit), with every event so that a theme filter keeps the
scale, capped at ``READING_MAX_SCREENS`` views for content too dense to avoid clusters. The
eras then get room for their titles on the axis. The start view opens on the year (from 2010)
whose start shows the most whole cards.
"""

from __future__ import annotations

import logging
import math

from PySide6.QtGui import QFontMetrics

from ...content.model import Event
from .axis import Placed, clear_edge
from .cards import LABEL_PX
from .paint import font
from .scenery import Frame

log = logging.getLogger(__name__)


class TimelineReading:
    """The reading scale and the start view for ``TimelineView`` (which owns the state)."""

    READING_MAX_SCREENS = 12.0  # the axis at step 0 is never longer than this many views
    START_LEAST = 12  # whole cards the start view shows where it can (issue 22: a dozen, readable)
    _start_at = 0.0  # the start view's scroll position, found with the step 0 layout
    _start_cache: tuple | None = None  # (what it depends on, _start_at, the layout)

    def _reading_ppu(self) -> float:
        """Pixels per axis unit at step 0: the least at which no card is a cluster (searched,
        with every event, so a theme filter keeps the scale); capped at ``READING_MAX_SCREENS``
        views. Cached per view size and card size."""
        vp = self.viewport().size()
        if self._cs is not None:
            self._ensure_cards(self._frame_for(0, 1.0))  # the card size, before it keys the cache
        m = self.ctx.metrics
        # what the layout depends on: not the language (every card has one size in both)
        key = (vp.width(), vp.height(), self._card_size, m.scale, m.text, self.ctx.family)
        if self._reading is not None and self._reading[0] == key:
            return self._reading[1]
        along = float(vp.height() if self.vertical else vp.width())
        # the search starts from the plain axis, not from the era room of the last search:
        # the same key must find the same scale, or a round trip (a language and back, the
        # chips hidden and shown) would leave the view somewhere else
        self.axis.set_least({})
        fit = max(1.0, along - 2 * m.px(64)) / self.axis.total
        self._reading = (key, fit)  # while searching, and if the cards cannot be drawn
        if self._cs is None:
            return fit
        try:
            ppu = self._search_reading(fit, along)
            self.axis.set_least(self._era_room(ppu))
        except Exception:
            log.exception("timeline: cannot find the reading scale")
            ppu = fit
        self._reading = (key, ppu)
        return ppu

    def _era_room(self, ppu: float) -> dict[tuple[float, float], float]:
        """Axis units each era needs for its title on its band, in the wider of the two
        languages (so both share one axis): the short eras 1954–2009 and 2010–2011 grow."""
        m = self.ctx.metrics
        fm = QFontMetrics(font(self.ctx.family, m.fpx(LABEL_PX), bold=True))
        eras = self.ctx.exhibition.timeline.eras if self.ctx.exhibition.timeline else []
        need = {}
        for era in eras:
            px = max(fm.horizontalAdvance(era.title(lang)) for lang in ("zh", "en")) + m.px(48)
            need[(float(era.start), float(era.end))] = px / ppu
        return need

    def _search_reading(self, fit: float, along: float) -> float:
        def clusters(ppu: float) -> tuple[bool, int]:
            _, placed, events, _ = self._compute(0, ppu, self.all_events)
            multi = [pl for pl in placed if pl.is_cluster
                     and events[pl.members[0]].year != events[pl.members[-1]].year]
            return bool(multi), sum(1 for pl in placed if pl.is_cluster)

        # the cap in the whole screen's length, not the canvas's: the chips above it wrap
        # differently in each language, and the cap must not (the clusters must not differ)
        screen = self.parentWidget() or self
        whole = float(screen.height() if self.vertical else screen.width())
        cap = max(1.0, self.READING_MAX_SCREENS * whole / (fit * self.axis.total))
        if clusters(fit) == (False, 0):
            return fit
        if clusters(fit * cap)[1] > 0:  # the content is too dense to avoid clusters: the cap
            return fit * cap
        lo, hi = 1.0, cap  # clusters at lo, none at hi
        while hi / lo > 1.02:
            mid = math.sqrt(lo * hi)
            if clusters(fit * mid)[1] == 0:
                hi = mid
            else:
                lo = mid
        return fit * hi

    def go_start_view(self) -> None:
        """Back to the start view: the reading scale, scrolled by ``start_along``."""
        self.stop_motion()
        self.at_start = True
        self.step = 0
        self.relayout()

    def start_along(self) -> float:
        """The scroll position of the start view (``start_layout``)."""
        return self._start_at

    def start_layout(self, frame: Frame, placed: list[Placed], events: list[Event]) -> list[Placed]:
        """The layout at step 0, with the start view's leading edge clear of cards, and where
        that view begins (``start_along``): the start of the month (from 2010) after which the
        view shows the most whole cards (``START_LEAST`` at least, where the content allows),
        the earliest of equals; so it opens on the decade, full of cards. Of those, one where no
        card is cut at the leading edge: each card that would be is moved clear of it, on into
        the view or back out of it, where its dated period and its lane allow (at 1920 x 1080
        the 2017 card hung half out of the view)."""
        b = self.layout_bounds(frame)
        length = self.along_len()
        depends = (length, frame.along_total, b, tuple(placed))
        if self._start_cache is not None and self._start_cache[0] == depends:  # a zoom back to step 0
            self._start_at = self._start_cache[1]
            return self._start_cache[2]
        wins, spans = [], []
        for pl in placed:
            a_lo, _ = self._window(frame, events[pl.members[0]])
            a_hi = max(self._window(frame, events[i])[1] for i in pl.members)
            s_min = min(max(a_lo - b.inset, b.lo), b.hi - pl.extent)
            wins.append((s_min, s_min if pl.is_cluster else max(s_min, min(a_hi - b.inset, b.hi - pl.extent))))
            spans.append((a_lo, a_hi))
        edges = [(pl.start, pl.start + pl.extent) for pl in placed]
        pad = float(self.ctx.metrics.px(48))
        best, best_key, best_placed = 0.0, None, placed
        months = [y + k / 12 for y in range(int(self.axis.brk), int(math.ceil(self.axis.end))) for k in range(12)]
        for t in months:
            s0 = frame.along(self.axis.u(t)) - pad
            for s in (s0, self._uncut(s0, edges, -1, pad / 3), self._uncut(s0, edges, 1, pad / 3)):
                s = float(round(max(0.0, min(s, frame.along_total - length))))  # the scroll bar's whole px
                cards, clean = clear_edge(placed, wins, spans, s, b.gap, b.gap, b.inset, b.stem_gap)
                # whole with a px to spare: the view maps a card's edges to whole px
                n = sum(1 for pl in cards if pl.start >= s - 0.5 and pl.start + pl.extent <= s + length - 1.0)
                key = (min(n, self.START_LEAST), clean, n)
                if best_key is None or key > best_key:
                    best, best_key, best_placed = s, key, cards
        self._start_at = best
        self._start_cache = (depends, best, best_placed)
        return best_placed

    @staticmethod
    def _uncut(s: float, spans: list[tuple[float, float]], direction: int, gap: float) -> float:
        """``s`` moved back (``direction`` -1) or on (+1) until no card is cut there."""
        for _ in range(len(spans)):  # each move may meet another card
            cut = [(a, b) for a, b in spans if a < s - 0.5 < b - 1.0]
            if not cut:
                break
            s = min(a for a, _ in cut) - gap if direction < 0 else max(b for _, b in cut) + gap
        return s
