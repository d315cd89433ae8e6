"""Kinetic drag scrolling of a screen's scroll area (the theme panels, home), through Qt's QScroller.

The shell's swipe recogniser (``window.SwipeFilter``) decides whether a drag is a swipe between
themes or a scroll; a scroll's press, moves and release are handed to the area's QScroller here.
It follows the finger and, after a quick release, glides on and slows down, stopping at the ends
(overshoot off), as the timeline does (``timeline/view.py``). A touch during a glide stops it.

Fed with ``QScroller.handleInput`` rather than ``QScroller.grabGesture``: the gesture holds a
press back until it knows a drag from a tap, and the recogniser already knows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QElapsedTimer, QPoint, QPointF

if TYPE_CHECKING:
    from PySide6.QtWidgets import QScrollArea, QScroller

# QScroller and its properties are imported where used: importing them has PySide make their
# classes and eight enum classes, and no drag happens before the first frame


def scroller_for(area: QScrollArea) -> QScroller:
    """The area's scroller (one per viewport, made and set up on first use)."""
    from PySide6.QtWidgets import QScroller, QScrollerProperties

    viewport = area.viewport()
    made = QScroller.hasScroller(viewport)
    scroller = QScroller.scroller(viewport)
    if not made:
        props = scroller.scrollerProperties()
        off = QScrollerProperties.OvershootPolicy.OvershootAlwaysOff
        props.setScrollMetric(QScrollerProperties.ScrollMetric.HorizontalOvershootPolicy, off)
        props.setScrollMetric(QScrollerProperties.ScrollMetric.VerticalOvershootPolicy, off)
        scroller.setScrollerProperties(props)
    return scroller


def gliding(area: QScrollArea | None) -> bool:
    """The area moves on after a drag's release."""
    from PySide6.QtWidgets import QScroller

    return (area is not None and QScroller.hasScroller(area.viewport())
            and QScroller.scroller(area.viewport()).state() == QScroller.State.Scrolling)


def stop(area: QScrollArea) -> None:
    """Stop a glide where it is (the screen is left or reset)."""
    from PySide6.QtWidgets import QScroller

    if QScroller.hasScroller(area.viewport()):
        QScroller.scroller(area.viewport()).stop()


def finish(area: QScrollArea) -> None:
    """Jump a glide to where it would stop."""
    if gliding(area):
        end = scroller_for(area).finalPosition()
        stop(area)
        area.verticalScrollBar().setValue(round(end.y()))


class KineticDrag:
    """One drag at a time, fed by the recogniser in global coordinates.

    ``clock``: milliseconds, from which the scroller measures the finger's speed (tests pass
    their own; by default a monotonic timer). Kept strictly increasing: events that arrive within
    one millisecond (synthesized, or a burst after a stall) would otherwise be dropped by it."""

    def __init__(self, clock: Callable[[], int] | None = None):
        if clock is None:
            timer = QElapsedTimer()
            timer.start()
            clock = timer.elapsed
        self.clock = clock
        self._last_ms = -1
        self._down = (QPoint(), 0)  # where and when the last touch began
        self.area: QScrollArea | None = None  # the area being scrolled

    def _now(self) -> int:
        self._last_ms = max(int(self.clock()), self._last_ms + 1)
        return self._last_ms

    def _feed(self, kind: str, pos: QPoint, ms: int | None = None) -> None:
        """Hand the area's scroller the ``QScroller.Input`` named ``kind`` ("InputPress"...)."""
        if self.area is not None:
            from PySide6.QtWidgets import QScroller

            local = QPointF(self.area.viewport().mapFromGlobal(pos))
            scroller_for(self.area).handleInput(QScroller.Input[kind], local, self._now() if ms is None else ms)

    def touch(self, area: QScrollArea | None, pos: QPoint) -> bool:
        """A finger (or the mouse) went down at ``pos`` over ``area``: remember where and when,
        and stop the area's glide. True when it stopped one (that touch is not a tap)."""
        self._down = (QPoint(pos), self._now())
        self.area = None
        if not gliding(area):
            return False
        stop(area)
        return True

    def start(self, area: QScrollArea | None) -> None:
        """The drag that began at the last touch scrolls ``area`` (None: nothing to scroll)."""
        self.area = area
        self._feed("InputPress", *self._down)

    def move(self, pos: QPoint) -> None:
        self._feed("InputMove", pos)

    def release(self, pos: QPoint) -> None:
        self._feed("InputRelease", pos)
        self.area = None
