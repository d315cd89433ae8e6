"""Swipes between themes, told apart from a vertical drag (which goes to the page's QScroller)."""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QAbstractButton, QScrollArea, QWidget

from ..kinetic import KineticDrag

if TYPE_CHECKING:  # annotations only: the shell imports this module
    from .shell import Shell

log = logging.getLogger(__name__)


INPUT = frozenset({QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.MouseButtonRelease,
                   QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd, QEvent.Type.Wheel,
                   QEvent.Type.KeyPress, QEvent.Type.TabletPress})


class SwipeFilter(QObject):
    """Recognises a one-finger (or mouse) horizontal swipe anywhere on a theme page, and lets
    a vertical drag scroll the page, kinetically (``kinetic.KineticDrag``: Qt's QScroller).
    Touches arrive as mouse events synthesized by Qt; a swipe or a scroll cancels the press on
    the button where it started, so it never clicks."""

    swiped = Signal(int)  # +1: finger moved left (next), -1: moved right (previous)
    TYPES = INPUT | {QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.MouseButtonRelease}

    def __init__(self, shell: Shell):
        super().__init__(shell)
        self.shell = shell
        self.start: QPoint | None = None
        self.target: QWidget | None = None
        self.mode = ""  # "", "swipe", "scroll"
        self.kinetic = KineticDrag()
        self._last_seen: tuple | None = None
        self.last_input = 0.0  # time.monotonic() of the last touch, mouse, wheel or key event

    def _threshold(self) -> int:
        return self.shell.ctx.metrics.px(40)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        t = event.type()
        if t in INPUT:
            self.last_input = time.monotonic()  # background work waits for quiet (Shell.sync_later)
        if t not in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.MouseButtonRelease):
            return False
        if not isinstance(obj, QWidget) or obj.window() is not self.shell.window():
            return False
        assert isinstance(event, QMouseEvent)
        # an ignored event climbs the parent chain and passes this filter once per widget
        stamp = (t, event.timestamp(), event.globalPosition().toPoint())
        if stamp == self._last_seen:
            return False
        self._last_seen = stamp
        stage = self.shell.stage
        if t == QEvent.Type.MouseButtonPress and stage.in_transition():
            stage.finish_transition()  # a touch during a transition completes it at once
        screen = stage.current
        inside = obj is stage or (screen is not None and screen.isAncestorOf(obj))
        scrolls = screen is not None and (screen.screen_id.startswith("theme:")
                                          or screen.screen_id in ("home", "honours"))
        if screen is None or not scrolls or not inside:
            if t == QEvent.Type.MouseButtonPress:
                self.start = None
            return False
        pos = event.globalPosition().toPoint()
        if t == QEvent.Type.MouseButtonPress and event.button() == Qt.MouseButton.LeftButton:
            self.start, self.target, self.mode = pos, obj, ""
            return self.kinetic.touch(self._scroll_area(obj), pos)  # a touch that stops a glide is no tap
        if self.start is None:
            return False
        if t == QEvent.Type.MouseMove:
            d = pos - self.start
            if not self.mode and max(abs(d.x()), abs(d.y())) > self._threshold():
                self.mode = "swipe" if abs(d.x()) > 1.3 * abs(d.y()) else "scroll"
                if isinstance(self.target, QAbstractButton):
                    self.target.setDown(False)  # a drag is never a tap
                if self.mode == "scroll":
                    self.kinetic.start(self._scroll_area(self.target))
            if self.mode == "scroll":
                self.kinetic.move(pos)
            return self.mode != ""
        # release
        mode, start = self.mode, self.start
        self.start, self.mode = None, ""
        if mode == "swipe":
            dx = pos.x() - start.x()
            if abs(dx) > self._threshold():
                self.swiped.emit(1 if dx < 0 else -1)
            return True
        if mode == "scroll":
            self.kinetic.release(pos)
        return mode == "scroll"

    @staticmethod
    def _scroll_area(w: QWidget | None) -> QScrollArea | None:
        while w is not None:
            if isinstance(w, QScrollArea):
                return w
            w = w.parentWidget()
        return None
