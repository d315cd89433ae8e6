"""The counters of a theme panel: the hero at about twice a figure's size, and rows of figures
that share one type size (a row whose numbers came in three sizes read as three kinds of fact).
"""

from __future__ import annotations

from ..content.model import Figure
from .widgets import FigureView

HERO_FACTOR = 2.0  # UX.md: the hero is twice the size of anything else
HERO_CAPTION = 36  # design px: the hero's words, read from a metre beside a number twice the size


class PanelFigure(FigureView):
    """A FigureView whose number is ``factor`` times a figure's size, shrunk to fit its column,
    and no larger than the smallest of its ``row`` would be at the same width."""

    def __init__(self, figure: Figure, accent: str, factor: float = 1.0):
        # the hero's caption says what its number counts: in the text's colour, larger
        super().__init__(figure, accent, big=True, caption=HERO_CAPTION if factor > 1 else None)
        self.factor = factor
        self.row: list[PanelFigure] = [self]
        self._natural: dict[tuple, int] = {}

    def natural_size(self, width: int) -> int:
        """This figure's type size in a column ``width`` px wide: ``factor`` times the figure size,
        shrunk until the final value, its qualifier and a short unit fit on one line."""
        m = self._m
        size = round(m.figure * self.factor)
        key = (width, size, self.lang, m, self.font().key())
        if key in self._natural:  # asked on every frame of the count
            return self._natural[key]
        fitted = self.fit_number(size, width)
        if len(self._natural) > 64:
            self._natural.clear()
        self._natural[key] = fitted
        return fitted

    def number_px(self) -> int:
        """The number's type size now (the row's shared size, the hero's double one)."""
        return self.number_size()

    def number_size(self) -> int:  # FigureView's hook: the row's shared size, times the factor
        if self.width() <= 0:
            return round(self._m.figure * self.factor)
        return min(f.natural_size(f.width()) for f in self.row if f.width() > 0)

    def resizeEvent(self, event) -> None:  # noqa: ANN001 - a Qt event handler
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            for f in self.row:  # the row's size may have changed with this column's width
                if f is not self and f.width() > 0:
                    f.set_language(f.lang)


def share_row(figures: list[PanelFigure]) -> None:
    """Make ``figures`` (one row, equal columns) share one type size."""
    for f in figures:
        f.row = list(figures)


def refresh_row(figures: list[PanelFigure]) -> None:
    """Draw a row again once each of its figures knows its language and metrics: the first
    ones were drawn while the later still had the old ones (and so another natural size)."""
    for f in figures:
        f.set_language(f.lang)
