"""The exhibition's illustrations (assets/illustrations/*.svg): one drawing per theme, one for
the timeline, one for the honours and the title graphic. Flat shapes drawn for the project, in
each theme's colour; never a photo, a map or a real building.

``illustration_path`` says where the drawing for a key lives (other screens look it up there);
``illustration_pixmap`` renders it at any size, kept per version of the file (path, size and
mtime, as the icons are), so a replaced drawing shows and a repeated one costs nothing.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtWidgets import QWidget

from .widgets import keep_last_good, svg_pixmap
from .widgets.icons import svg_size

FOLDER = "illustrations"
TITLE, TIMELINE, HONOURS = "title", "timeline", "honours"  # the keys besides the theme ids


def illustration_path(assets_dir: Path, key: str) -> Path | None:
    """The drawing for ``key`` (a theme id, 'timeline', 'honours' or 'title'), or None when the
    project has none: then nothing is drawn in its place (no empty slot)."""
    path = Path(assets_dir) / FOLDER / f"{key}.svg"
    return path if path.is_file() else None


def aspect(assets_dir: Path, key: str) -> float:
    """Width over height of the drawing (1.6 for the theme drawings); 0 when there is none."""
    path = illustration_path(assets_dir, key)
    if path is None:
        return 0.0
    try:
        w, h = svg_size(path)  # (read by the renderer that draws it)
    except Exception:  # noqa: BLE001 - a broken drawing: the caller's default shape
        return 0.0
    return w / h if h > 0 else 0.0


def illustration_pixmap(assets_dir: Path, key: str, width: int, height: int, tint: str = "") -> QPixmap | None:
    """The drawing for ``key`` fitted into width x height (transparent around it), tinted when
    ``tint`` is a colour; its last good version when the file cannot be drawn now; None when
    the project has no drawing for ``key``."""
    path = illustration_path(assets_dir, key)
    if path is None or width <= 0 or height <= 0:
        return None

    # tinted: the drawing's shapes and opacities kept, in the colour the theme has now (high
    # contrast brightens an accent)
    return keep_last_good((f"{FOLDER}/{key}.svg", width * 100_000 + height, tint),
                          lambda: svg_pixmap(path, width, tint, height=height))


class Illustration(QWidget):
    """A drawing that fills the room it is given, keeping its proportions: a widget, so layouts
    size it; it paints a kept pixmap and never takes a touch."""

    def __init__(self, assets_dir: Path, key: str, tint: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.assets_dir = assets_dir
        self.key = key
        self.tint = tint
        self.ratio = aspect(assets_dir, key) or 1.6
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._height = 120
        self.set_height(self._height)

    def set_tint(self, tint: str) -> None:
        if tint != self.tint:
            self.tint = tint
            self.update()

    def set_height(self, px: int) -> None:
        """The drawing's height; its width follows from its proportions."""
        self._height = max(1, int(px))
        self.setFixedSize(round(self._height * self.ratio), self._height)

    def pixmap(self) -> QPixmap | None:
        """What it shows at its present size (None: nothing to show)."""
        dpr = self.devicePixelRatioF()
        return illustration_pixmap(self.assets_dir, self.key, int(self.width() * dpr), int(self.height() * dpr),
                                   self.tint)

    def paintEvent(self, event) -> None:  # noqa: ANN001 - a Qt event handler
        # guarded: an exception escaping a Python paint override aborts the whole app
        try:
            pm = self.pixmap()
            if pm is None or pm.isNull():
                return
            pm.setDevicePixelRatio(self.devicePixelRatioF())
            p = QPainter(self)
            p.drawPixmap(0, 0, pm)
            p.end()
        except Exception:  # noqa: BLE001 - a drawing that fails is left out, logged once by keep_last_good
            return
