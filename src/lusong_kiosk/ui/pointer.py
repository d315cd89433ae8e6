"""The presenter's pointer: a laser dot with a soft glow over the audience window, shown only
while the presenter holds it (the Z key, or the console's pointer button).

A small widget moved to the point, not a cover of the whole window: moving it repaints only
the dot's square. It takes no input, so a touch under it reaches the page. Only presenter mode
makes one; the kiosk never has it.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QPointF, QRect, Qt
from PySide6.QtGui import QColor, QPainter, QRadialGradient
from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)

DOT = 1 / 90  # the dot's radius, as a share of the window's height
GLOW = 1 / 28  # the glow's radius
COLOR = "#FF3B30"


class PointerDot(QWidget):
    """The dot over ``host`` (see the module docstring)."""

    def __init__(self, host: QWidget):
        super().__init__(host)
        self.host = host
        self.setObjectName("PointerDot")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.point = QPointF(host.width() / 2, host.height() / 2)
        self.hide()

    def radius(self) -> int:
        return max(6, round(self.host.height() * GLOW))

    def set_held(self, held: bool) -> None:
        """Show the dot (at its last point) or hide it."""
        if held:
            self.move_to(self.point)
            self.show()
            self.raise_()
        else:
            self.hide()

    def move_to(self, point: QPointF) -> None:
        """Centre the dot on ``point`` (host coordinates), kept inside the host."""
        x = min(max(point.x(), 0.0), float(self.host.width() - 1))
        y = min(max(point.y(), 0.0), float(self.host.height() - 1))
        self.point = QPointF(x, y)
        r = self.radius()
        self.setGeometry(QRect(round(x) - r, round(y) - r, 2 * r, 2 * r))

    def centre(self) -> QPointF:
        """Where the dot points, in host coordinates."""
        return QPointF(self.point)

    def paintEvent(self, event) -> None:  # noqa: ANN001 - a Qt event handler
        p = QPainter(self)
        try:
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            r = self.radius()
            c = QPointF(r, r)
            glow = QRadialGradient(c, r)
            base = QColor(COLOR)
            for stop, alpha in ((0.0, 0.55), (0.35, 0.3), (1.0, 0.0)):
                col = QColor(base)
                col.setAlphaF(alpha)
                glow.setColorAt(stop, col)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(glow)
            p.drawEllipse(c, r, r)
            dot = max(3.0, self.host.height() * DOT)
            p.setBrush(base)
            p.setPen(QColor("#FFFFFF"))
            p.drawEllipse(c, dot, dot)
        except Exception:
            log.exception("pointer: paint failed")
        finally:
            p.end()
