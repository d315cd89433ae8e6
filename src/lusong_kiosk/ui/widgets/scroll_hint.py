"""The fade and chevron that say a page goes on below."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QWidget

from .. import style
from ..paint_cache import Still


class ScrollHint(Still, QWidget):
    """A soft fade with a chevron at the bottom of a scroll area while more lies below, so a
    visitor sees the page goes on. Never takes input. ``active`` False keeps it hidden (the
    shell's ``set_chrome``: an audience watching a presenter scrolls nothing)."""

    def __init__(self, area) -> None:  # noqa: ANN001 - a QScrollArea
        super().__init__(area)
        self.area = area
        self.active = True
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        bar = area.verticalScrollBar()
        bar.valueChanged.connect(self.sync)
        bar.rangeChanged.connect(self.sync)
        area.installEventFilter(self)
        self.sync()

    def eventFilter(self, obj, event) -> bool:  # noqa: ANN001 - a Qt event handler
        if event.type() == event.Type.Resize:
            self.sync()
        return False

    def sync(self, *_args) -> None:  # noqa: ANN002 - a signal's values, unused
        bar = self.area.verticalScrollBar()
        h = max(24, self.area.height() // 10)
        self.setGeometry(0, self.area.height() - h, self.area.width(), h)
        self.setVisible(self.active and bar.maximum() > 0 and bar.value() < bar.maximum() - 4)
        self.raise_()

    still_shared = True  # every panel's hint looks the same at one size: one pixmap

    def still_key(self) -> tuple | None:
        return (style.BG, style.MUTED)

    def paint_now(self, event) -> None:  # noqa: ANN001 - a Qt paint event
        from PySide6.QtGui import QLinearGradient, QPen

        p = QPainter(self)
        g = QLinearGradient(0, 0, 0, self.height())
        c = QColor(style.BG)
        c.setAlpha(0)
        g.setColorAt(0, c)
        c.setAlpha(235)
        g.setColorAt(1, c)
        p.fillRect(self.rect(), g)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(QColor(style.MUTED))
        pen.setWidthF(max(2.0, self.height() / 20))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        p.setPen(pen)
        cx, cy, d = self.width() / 2, self.height() * 0.62, self.height() * 0.16
        p.drawLine(int(cx - 2 * d), int(cy - d), int(cx), int(cy + d))
        p.drawLine(int(cx), int(cy + d), int(cx + 2 * d), int(cy - d))
        p.end()
