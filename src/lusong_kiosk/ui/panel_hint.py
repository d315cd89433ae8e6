"""The theme panel's scroll hint, in a strip of its own under the page.

``widgets.ScrollHint`` fades the bottom of a scroll area and draws a chevron there while more
lies below; drawn over the page it covered story text and bar labels. Here the area keeps its
viewport clear of that strip (a bottom viewport margin as high as the hint), so the hint lies
under no content at any scroll position.
"""

from __future__ import annotations

from .widgets import ScrollHint


class PanelHint(ScrollHint):
    # False: no strip (a page laid out to fit its view, as the honours wall in landscape; a
    # strip there would itself make the page overflow)
    strip = True

    def sync(self, *args) -> None:  # noqa: ANN002 - a signal's values, unused
        super().sync(*args)
        margin = self.height() if self.active and self.strip else 0
        if self.area.viewportMargins().bottom() != margin:
            self.area.setViewportMargins(0, 0, 0, margin)
