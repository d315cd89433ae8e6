"""Labels: a style role, no input, and a wrapped label as tall as its text."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from ..glyphs import CountingPaint
from ..paint_cache import Still


class WrapLabel(CountingPaint, Still, QLabel):
    """A word-wrapping label that asks its layout for the height its text needs at its
    current width (Qt's box layouts do not always honour height-for-width inside widgets)."""

    def _fit(self) -> None:
        if self.width() <= 0:
            return
        old = self.minimumHeight()
        # QLabel's height-for-width never drops below the minimum height: measure without it
        self.setMinimumHeight(0)
        need = self.heightForWidth(self.width())
        self.setMinimumHeight(need if need > 0 else old)

    def resizeEvent(self, event) -> None:  # noqa: ANN001 - a Qt event handler
        super().resizeEvent(event)
        self._fit()

    def setText(self, text: str) -> None:
        super().setText(text)
        self._fit()

    def changeEvent(self, event) -> None:  # noqa: ANN001 - a Qt event handler
        super().changeEvent(event)
        # before its window is first shown, a label is restyled many times while the screen is
        # built and has no width of its own yet: it is fitted once, when shown (showEvent)
        if event.type() in (event.Type.FontChange, event.Type.StyleChange) and self.window().isVisible():
            self._fit()

    def showEvent(self, event) -> None:  # noqa: ANN001 - a Qt event handler
        super().showEvent(event)
        self._fit()

    # a figure counting up paints through ``counting`` (FigureView): nothing kept meanwhile
    def still_key(self) -> tuple | None:
        if self.counting is not None:
            return None
        pm = self.pixmap()
        return (self.text(), self.textFormat(), int(self.alignment()), self.wordWrap(), self.indent(), self.margin(),
                self.contentsRect().getRect(), 0 if pm.isNull() else pm.cacheKey())

    def still_rect(self) -> QRect:
        """Plain text: the lines' box, not the label's (a wrapped label is a column wide; its
        last line, a heading, a centred title are not), so the kept pixmaps hold only ink."""
        from PySide6 import QtGui

        fmt = self.textFormat()
        if fmt == Qt.TextFormat.RichText or not self.text() or (
                fmt == Qt.TextFormat.AutoText and QtGui.Qt.mightBeRichText(self.text())):
            return self.rect()
        flags = int(self.alignment()) | (int(Qt.TextFlag.TextWordWrap) if self.wordWrap() else 0)
        box = self.fontMetrics().boundingRect(self.contentsRect(), flags, self.text())
        pad = 2 + self.font().pixelSize() // 8  # glyphs may ink past their advance
        return box.adjusted(-pad, -pad, pad, pad)


def label(text: str = "", role: str | None = None, wrap: bool = True,
          parent: QWidget | None = None) -> QLabel:
    """A QLabel with a style role (title, heading, muted, small, source) that never eats input."""
    lab = WrapLabel(text, parent) if wrap else QLabel(text, parent)
    if role:
        lab.setProperty("role", role)
    lab.setWordWrap(wrap)
    lab.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    lab.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    lab.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
    if wrap:
        lab.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    return lab
