"""A panel over a dimmed screen: the timeline's event and cluster details and the honours wall's
detail are each one of these.

The overlay covers its parent; its panel (a styled ``QFrame``) sits in the middle, as tall as its
content needs at the panel's width and never taller than the screen. It fades in when it opens
(the configured transition, capped by ``FADE_MAX_MS``; none with reduced motion) and a tap beside
the panel closes it. Subclasses fill ``panel`` (or bring their own frame) and say how tall their
content is.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, Qt, QVariantAnimation, Signal
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QFrame, QGraphicsOpacityEffect, QWidget

from . import style
from .base import UiContext
from .widgets.buttons import raised_card_sheet

log = logging.getLogger(__name__)


class Overlay(QWidget):
    """A dimmed backdrop over the whole parent with a panel in the middle; a tap outside closes."""

    closed = Signal()

    DIM = 0.82  # how much of the screen behind the backdrop hides
    FADE_MAX_MS = 400  # the fade is the transition's length, at most this
    PANEL_W = (1480, 1000)  # design px: the widest panel in landscape, in portrait
    PANEL_MIN_H = 360  # design px

    def __init__(self, ctx: UiContext, parent: QWidget, panel: str | QFrame):
        """``panel``: the object name of a plain frame styled by ``frame_stylesheet``, or a frame
        that styles itself."""
        super().__init__(parent)
        self.ctx = ctx
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, False)
        if isinstance(panel, str):
            frame = QFrame()
            frame.setObjectName(panel)
            frame.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
            panel = frame
        panel.setParent(self)
        self.panel = panel
        self._fade = QVariantAnimation(self)
        self._fade.setStartValue(0.0)
        self._fade.setEndValue(1.0)
        self._fade.valueChanged.connect(self._on_fade)
        self._fade.finished.connect(self._fade_done)
        parent.installEventFilter(self)  # an open overlay follows its screen's size
        self.hide()

    def frame_stylesheet(self, m: style.Metrics, accent: str) -> str:
        """The panel's card: raised background, a border, the accent as a band along the top."""
        return raised_card_sheet(f"#{self.panel.objectName()}", m, accent, 8, 22, pressable=False)

    # opening and closing ------------------------------------------------------------
    def open_overlay(self) -> None:
        was_open = self.isVisible()
        self.place()
        self.show()
        self.raise_()
        self.place_panel()  # again: shown, its words have their style sheet's sizes
        ms = min(self.FADE_MAX_MS, self.ctx.ms("transition_ms"))
        if not was_open and ms > 0:
            self.setGraphicsEffect(QGraphicsOpacityEffect(self))
            self._fade.stop()
            self._fade.setDuration(ms)
            self._fade.start()

    def close_overlay(self) -> None:
        if self.isVisible():
            self.finish()
            self.hide()
            self.closed.emit()

    def finish(self) -> None:
        """End the fade at once (fully shown)."""
        self._fade.stop()
        self._fade_done()

    def is_animating(self) -> bool:
        return self._fade.state() == QVariantAnimation.State.Running

    def _on_fade(self, v: float) -> None:
        eff = self.graphicsEffect()
        if isinstance(eff, QGraphicsOpacityEffect):
            eff.setOpacity(float(v))

    def _fade_done(self) -> None:
        if self.graphicsEffect() is not None:
            self.setGraphicsEffect(None)

    # geometry -----------------------------------------------------------------------
    def content_height(self, width: int) -> int:
        """The panel height its content needs at ``width`` (subclasses know their parts)."""
        return self.panel.sizeHint().height()

    def edge(self, m: style.Metrics) -> int:
        """The least room above and below the panel."""
        return m.margin

    def place(self) -> None:
        """Cover the parent, then place the panel."""
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.place_panel()

    def place_panel(self) -> None:
        m = self.ctx.metrics
        w, h = self.width(), self.height()
        most = self.PANEL_W[1] if h > w else self.PANEL_W[0]
        pw = max(1, min(w - 2 * m.margin, m.px(most)))
        try:
            want = self.content_height(pw)
        except Exception:  # sizing must never take the screen down
            log.exception("overlay sizing failed")
            want = h
        ph = max(1, min(h - 2 * self.edge(m), max(want, m.px(self.PANEL_MIN_H))))
        self.panel.setGeometry((w - pw) // 2, (h - ph) // 2, pw, ph)

    # events -------------------------------------------------------------------------
    def event(self, e: QEvent) -> bool:
        if is_escape_override(e) and self.isVisible():
            e.accept()  # Esc closes the overlay here, before a window's Esc shortcut (demo: quit)
            return True
        return super().event(e)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.isVisible():
            self.close_overlay()
            event.accept()
            return
        super().keyPressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        try:
            p = QPainter(self)
            c = QColor(style.BG)
            c.setAlphaF(self.DIM)
            p.fillRect(self.rect(), c)
            p.end()
        except Exception:  # an exception out of a paint override would abort the app
            log.exception("overlay backdrop paint failed")

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if not self.panel.geometry().contains(event.position().toPoint()):
            self.close_overlay()  # a tap beside the panel closes it
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        event.accept()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.isVisible():  # a hidden overlay is placed when it opens
            self.place_panel()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        # an open overlay (not hidden, though its screen may be) follows its screen's size, also
        # when the screen was resized while hidden and is shown again
        if (obj is self.parentWidget() and event.type() in (QEvent.Type.Resize, QEvent.Type.Show)
                and not self.isHidden()):
            self.place()
        return False


def is_escape_override(e: QEvent) -> bool:
    """Qt asks first whether a key is a shortcut: is this that question for Esc?"""
    return (e.type() == QEvent.Type.ShortcutOverride and isinstance(e, QKeyEvent)
            and e.key() == Qt.Key.Key_Escape)
