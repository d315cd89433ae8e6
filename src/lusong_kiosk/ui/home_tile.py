"""A home tile with its illustration: the big figure (a theme's hero, or a count) above the
drawing. A tile keeps a band at its foot for the drawing, at least as high as the home screen
asks (``set_band``) and growing into the room the screen has left, up to ``ART_MAX`` or the
tile's width; a tile across the whole width (the portrait timeline) draws it at its right,
beside the text, so the tile is no taller than its words."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRect
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtWidgets import QSizePolicy, QSpacerItem, QWidget

from . import style
from .illustration import aspect, illustration_pixmap
from .widgets import Tile

ART_MAX = 220  # design px: the most height the drawing at a tile's foot takes
ART_BESIDE = 180  # design px: the width kept for the drawing at the right of a wide tile
PAD = 24  # design px: the tile's own padding (Tile.apply_metrics)
BESIDE, BELOW = "beside", "below"


class IllustratedTile(Tile):
    def __init__(self, assets_dir: Path, icon: str | None, accent: str, art: str,
                 parent: QWidget | None = None, hero: QWidget | None = None):
        self.art = art
        self.ratio = aspect(assets_dir, art)  # 0: the project has no drawing for it: no band
        self.placement = BELOW
        self.m: style.Metrics | None = None
        self.band_px = 0  # the least height kept for the drawing at the foot (set_band)
        self.row: list[QWidget] = []  # the tiles of its row (home): their drawings share one height
        self.band = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)
        super().__init__(assets_dir, icon, accent, parent, hero=hero)
        lay = self.layout()
        lay.takeAt(lay.count() - 1)  # the tile's closing stretch: the band takes the room instead
        lay.addItem(self.band)

    def set_placement(self, placement: str) -> None:
        """BELOW (a band at the foot) or BESIDE (at the right, beside the words)."""
        if placement != self.placement:
            self.placement = placement
            self._reserve()

    def set_band(self, px: int) -> None:
        """The least height kept for the drawing at the foot (it grows into spare room); the
        home screen lowers it where the tiles would not fit the screen otherwise."""
        if px != self.band_px:
            self.band_px = px
            self._reserve()

    def has_band(self) -> bool:
        """Whether its drawing sits at its foot (it shows while the band is not 0)."""
        return bool(self.ratio) and self.placement == BELOW

    def apply_metrics(self, m: style.Metrics) -> None:
        self.m = m
        super().apply_metrics(m)
        self._reserve()

    def _reserve(self) -> None:
        m = self.m
        if m is None:
            return
        beside = bool(self.ratio) and self.placement == BESIDE
        self.band.changeSize(0, self.band_px if self.has_band() else 0,
                             QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)
        # beside: the figure and the line under it wrap before the drawing, never under it; the
        # title above keeps the whole width (one line, where the whole tile's words wrapped it)
        room = m.px(ART_BESIDE + PAD) if beside else 0
        for w in (self.hero, self.tagline):
            if w is not None:
                w.setContentsMargins(0, 0, room, 0)
        self.layout().invalidate()

    def art_rect(self) -> QRect:
        """Where the drawing is painted (empty when there is none)."""
        if not self.ratio:
            return QRect()
        margins = self.layout().contentsMargins()
        inner = self.rect().adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        if self.placement == BESIDE:  # under the title, at the right of the figure and its line
            w = self.m.px(ART_BESIDE) if self.m is not None else 0
            top = self.head.geometry().bottom() + 1 + self.layout().spacing()
            return QRect(inner.right() + 1 - w, top, w, max(0, inner.bottom() + 1 - top))
        # one height across its row: a tile with room to spare (honours beside a theme with a
        # long label) drew a wreath three times its neighbours' drawings
        peers = [t for t in self.row if isinstance(t, IllustratedTile) and t.has_band()] or [self]
        h = min(t.art_room() for t in peers)
        bottom = self.height() - max(1, margins.bottom() // 3)
        return QRect(inner.left(), bottom - h, inner.width(), h)

    def art_room(self) -> int:
        """The height its drawing has at its foot: the band and most of the tile's bottom
        padding, so the drawing sits low in the tile, clear of the words (taking the spacing
        above the band too put a squeezed drawing over the last line's descenders)."""
        margins = self.layout().contentsMargins()
        bottom = self.height() - max(1, margins.bottom() // 3)
        cap = self.m.px(ART_MAX) if self.m is not None else 0
        wide = self.width() - margins.left() - margins.right()
        if self.ratio:
            cap = min(cap, int(wide / self.ratio))  # any taller and its width runs past the tile's
        return max(0, min(bottom - self.band.geometry().top(), cap))

    def art_pixmap(self) -> QPixmap | None:
        r = self.art_rect()
        if r.isEmpty():
            return None
        dpr = self.devicePixelRatioF()
        return illustration_pixmap(self.assets_dir, self.art, int(r.width() * dpr), int(r.height() * dpr),
                                   style.accent(self.accent))

    def paintEvent(self, event) -> None:  # noqa: ANN001 - a Qt event handler
        super().paintEvent(event)
        # guarded: an exception escaping a Python paint override aborts the whole app
        try:
            pm = self.art_pixmap()
            if pm is None or pm.isNull():
                return
            pm.setDevicePixelRatio(self.devicePixelRatioF())
            p = QPainter(self)
            p.drawPixmap(self.art_rect().topLeft(), pm)
            p.end()
        except Exception:  # noqa: BLE001 - a drawing that fails is left out (keep_last_good logs it)
            return
