"""Where the timeline screen's parts go (a mixin of ``screen.TimelineScreen``): the chips on
top at the height they need, the overview strip where it costs the cards no lane, the canvas
below. Placed by hand: a layout would make the chips' height at the first, narrow width the
window's minimum height.
"""

from __future__ import annotations

from PySide6.QtCore import QRect

from .overview import LEAST_W as OVERVIEW_LEAST_W


class TimelinePlacing:
    """The placing of the chips, the overview strip and the canvas for ``TimelineScreen``."""

    def _fit_chips(self, width: int | None = None) -> None:
        self._place()

    def _place(self) -> None:
        """Chips on top at the height they need, the canvas below; done at once, so the cards
        have their final places when this returns. The canvas is given its final place once:
        each change of its size lays the cards out again (when hidden, at its next show)."""
        w, h = self.width(), self.height()
        ch = 0
        if not self.chips.isHidden():  # hidden for an audience: the canvas takes its room
            self.chips.fit(w)
            ch = min(self.chips.height(), h)
            self.chips.setGeometry(0, 0, w, ch)
        canvas = self._place_overview(ch)
        if self.view.geometry() != canvas:
            self.view.setGeometry(canvas)
        self.overview.follow()

    def _place_overview(self, ch: int) -> QRect:
        """The overview strip where it costs the cards no lane: in landscape, in the room the
        lanes leave above them, else beside the chips' first line; in portrait (where the lanes
        run across the width) and where neither has room, a band above the canvas. Returns the
        canvas's place.

        The room is the lanes' with the canvas as tall as it can be: measured at the canvas's
        size of the moment, a strip above it took that room away, so the next placing found
        none and moved the strip beside the chips, and the one after back again -- the strip
        changed place at every visit, and the cards were laid out again twice each time."""
        m = self.ctx.metrics
        w, h = self.width(), self.height()
        want = self.overview.sizeHint().height()
        # (its viewport has no scroll bars; while hidden it keeps its old size until shown)
        across = float(max(1, h - ch - 2 * self.view.frameWidth()))
        spare = round(self.view.spare_across(across)) - m.px(16)
        if not self.view.vertical and spare < want and not self.chips.isHidden():
            room = self.chips.free_first_line()
            if room.width() >= m.px(OVERVIEW_LEAST_W):
                self.overview.setGeometry(room.translated(self.chips.pos()))
                self.overview.raise_()
                return QRect(0, ch, w, max(1, h - ch))
        oh = min(h - ch - 1, max(want, min(spare, want + m.px(72))))
        self.overview.setGeometry(0, ch, w, max(0, oh))
        return QRect(0, ch + oh, w, max(1, h - ch - oh))
