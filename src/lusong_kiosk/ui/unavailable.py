"""The calm screen a kiosk shows when it has no content it may show: "暂停服务 · Temporarily
unavailable" on the exhibition's background, nothing to touch. It paints itself (no style sheet,
no content, no assets but the font): it must draw whatever state the files are in."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QWidget

from ..present.strings import STRINGS
from . import style

ZH, EN = STRINGS["unavailable.title"]  # both at once: the screen shows the two languages


class UnavailableScreen(QWidget):
    def __init__(self, family: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("Unavailable")
        self.family = family
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.setAcceptDrops(False)
        self.setWindowTitle(f"{ZH} · {EN}")

    def texts(self) -> tuple[str, str]:
        return ZH, EN

    def paintEvent(self, event) -> None:  # noqa: ANN001 - a Qt event handler
        p = QPainter(self)
        p.fillRect(event.rect(), QColor(style.BG))
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        m = style.metrics_for(self.width(), self.height())
        half = self.height() // 2
        for text, size, colour, area in (
                (ZH, m.px(style.HEADING), style.TEXT, QRect(0, 0, self.width(), half - m.px(8))),
                (EN, m.px(style.BODY), style.MUTED, QRect(0, half + m.px(8), self.width(), half))):
            font = QFont(self.family)
            font.setPixelSize(max(8, size))
            p.setFont(font)
            p.setPen(QColor(colour))
            align = Qt.AlignmentFlag.AlignHCenter | (Qt.AlignmentFlag.AlignBottom if text == ZH
                                                     else Qt.AlignmentFlag.AlignTop)
            p.drawText(area, int(align), text)
        p.end()
