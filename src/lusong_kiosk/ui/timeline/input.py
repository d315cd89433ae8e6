"""The timeline canvas's input: touch, mouse and wheel turned into panning, flinging, zooming
and taps (a mixin of ``view.TimelineView``, which owns the state it uses).

- one finger or the left mouse button drags; on release the content flings on with kinetic
  deceleration (the view's QScroller, fed here with ``handleInput``);
- two fingers pinch to zoom around the pinch centre (and pan while pinching);
- the mouse wheel zooms around the cursor; a horizontal wheel (touchpad) or Shift+wheel pans;
- a tap or click (no drag) on a card, or on its dot on the axis, emits ``tapped(key)``; a press
  that stops a fling is not a tap.
"""

from __future__ import annotations

import logging
import math

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QEventPoint, QInputDevice, QMouseEvent, QTouchEvent, QWheelEvent
from PySide6.QtWidgets import QScroller

from .axis import clamp_step, step_for_factor
from .cards import CardItem

log = logging.getLogger(__name__)

DOT_REACH = 28  # design px: how far from an event's dot on the axis a tap still opens it

TOUCH_EVENTS = (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd, QEvent.Type.TouchCancel)
MOUSE_EVENTS = (QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.MouseButtonRelease,
                QEvent.Type.MouseButtonDblClick)


class TimelineInput:
    """Input handling for ``TimelineView`` (the attributes it uses are set up there)."""

    def viewportEvent(self, event: QEvent) -> bool:
        t = event.type()
        try:
            if t in TOUCH_EVENTS:
                self._touch(event)
                event.accept()
                return True
            if t in MOUSE_EVENTS:
                self._mouse(event)
                event.accept()
                return True
            if t == QEvent.Type.Wheel:
                self._wheel(event)
                event.accept()
                return True
        except Exception:
            log.exception("timeline input failed (%s)", t)
            self.stop_motion()
            return True
        return super().viewportEvent(event)

    def _now(self) -> int:
        """Milliseconds for the scroller, strictly increasing: events that arrive within one
        millisecond (synthesized, or a burst after a stall) would otherwise be dropped by it."""
        self._last_ms = max(int(self._clock.elapsed()), self._last_ms + 1)
        return self._last_ms

    def _card_at(self, pos: QPointF) -> CardItem | None:
        """The card at ``pos`` (viewport), or the card whose dot on the axis is nearest to it."""
        for it in self.items(pos.toPoint()):
            if isinstance(it, CardItem) and it.isVisible():
                return it
        return self._card_of_dot_at(pos)

    def _card_of_dot_at(self, pos: QPointF) -> CardItem | None:
        """A dot on the axis opens its card as the card does: the nearest dot to ``pos`` (within
        ``DOT_REACH`` along, and across from the year labels to the first lane); dots are at
        least ``geometry.STEM_GAP`` apart, so each has its own stretch of the axis."""
        f = self.frame
        if f is None or not self.placed:
            return None
        m = self.ctx.metrics
        sp = self.mapToScene(pos.toPoint())
        along, across = (sp.y(), sp.x() - f.axis_pos) if f.vertical else (sp.x(), f.axis_pos - sp.y())
        if not -f.label_gap <= across <= m.px(DOT_REACH):
            return None
        shown = [(abs(pl.stem - along), item) for item, pl in self.placed if item.isVisible()]
        if not shown:
            return None
        dist, item = min(shown, key=lambda di: di[0])
        return item if dist <= m.px(DOT_REACH) else None

    def _press(self, pos: QPointF) -> None:
        self._stopped_fling = self.scroller.state() == QScroller.State.Scrolling
        self._dragged = False
        self._press_pos = QPointF(pos)
        self.scroller.handleInput(QScroller.Input.InputPress, pos, self._now())
        self._clear_press()
        if not self._stopped_fling:
            self._pressed = self._card_at(pos)
            if self._pressed is not None:
                self._pressed.set_pressed(True)

    def _move(self, pos: QPointF) -> None:
        if self._press_pos is None:
            return
        self.scroller.handleInput(QScroller.Input.InputMove, pos, self._now())
        slop = self.ctx.metrics.px(14)
        if (pos - self._press_pos).manhattanLength() > slop or self.scroller.state() == QScroller.State.Dragging:
            self._dragged = True
            self.at_start = False
            self._clear_press()

    def _release(self, pos: QPointF) -> None:
        if self._press_pos is None:
            return
        self.scroller.handleInput(QScroller.Input.InputRelease, pos, self._now())
        tap = not self._dragged and not self._stopped_fling
        pressed = self._pressed
        self._clear_press()
        self._press_pos = None
        if tap and pressed is not None and self._card_at(pos) is pressed:
            self.tapped.emit(pressed.key)

    def _clear_press(self) -> None:
        if self._pressed is not None:
            self._pressed.set_pressed(False)
            self._pressed = None

    def _touch(self, e: QTouchEvent) -> None:
        t = e.type()
        if t == QEvent.Type.TouchCancel:
            self.stop_motion()
            self._press_pos = None
            self._swallow = False
            return
        down = [p for p in e.points() if p.state() != QEventPoint.State.Released]
        if self._pinch is not None or len(down) >= 2:
            if len(down) >= 2:
                self._pinch_update(down[0].position(), down[1].position())
            else:
                self._pinch = None
                self._swallow = bool(down)
            return
        if self._swallow:
            if not down:
                self._swallow = False
            return
        pts = e.points()
        if not pts:
            return
        pos = pts[0].position()
        if t == QEvent.Type.TouchBegin:
            self._press(pos)
        elif t == QEvent.Type.TouchUpdate:
            self._move(pos)
        elif t == QEvent.Type.TouchEnd:
            self._release(pos)

    def _pinch_update(self, p1: QPointF, p2: QPointF) -> None:
        centre = (p1 + p2) / 2
        d = max(1.0, math.hypot(p1.x() - p2.x(), p1.y() - p2.y()))
        v = self.view_along(centre)
        if self._pinch is None:  # a second finger came down: this is a pinch, not a drag or tap
            self.scroller.stop()
            self._clear_press()
            self._press_pos = None
            self._pinch = (d, float(self.step), self.time_at_view(v))
            return
        d0, step0, t_anchor = self._pinch
        step = clamp_step(step0 + step_for_factor(d / d0))
        if step != self.step:
            self.step = step
            self.at_start = False
            self._pinch = (d0, step0, self.relayout_towards_events(t_anchor, v))
            self.zoomChanged.emit(step)
        else:  # two-finger pan: keep the anchored moment under the fingers
            f = self.frame
            if f is not None:
                self._set_scroll(self.along_of(t_anchor) - v)

    def _mouse(self, e: QMouseEvent) -> None:
        dev = e.pointingDevice()
        if dev is not None and dev.type() == QInputDevice.DeviceType.TouchScreen:
            return  # synthesized from touch: already handled as touch
        t = e.type()
        pos = e.position()
        if t in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick):
            if e.button() == Qt.MouseButton.LeftButton:
                self._press(pos)
        elif t == QEvent.Type.MouseMove:
            if e.buttons() & Qt.MouseButton.LeftButton:
                self._move(pos)
        elif t == QEvent.Type.MouseButtonRelease and e.button() == Qt.MouseButton.LeftButton:
            self._release(pos)

    def _wheel(self, e: QWheelEvent) -> None:
        delta = e.angleDelta()
        horizontal = delta.x() if delta.x() else (delta.y() if e.modifiers() & Qt.KeyboardModifier.ShiftModifier else 0)
        if horizontal:
            px = e.pixelDelta()
            amount = (px.x() or px.y()) if not px.isNull() else horizontal / 120 * self.ctx.metrics.px(120)
            self.scroller.stop()
            self.at_start = False
            self._set_scroll(self.scroll_value() - amount)
            return
        self._wheel_acc += delta.y()
        steps = int(self._wheel_acc / 120)
        if steps:
            self._wheel_acc -= steps * 120
            self.set_step(self.step + steps, self.view_along(e.position()))

    def _on_scroller_state(self, state: QScroller.State) -> None:
        if state == QScroller.State.Dragging:
            self._dragged = True
            self._clear_press()
        elif state == QScroller.State.Inactive:
            self.sync_access()

    # motion: the scroller, fed here, also runs the animated scrolls -------------------------
    def is_moving(self) -> bool:
        return self.scroller.state() != QScroller.State.Inactive

    def finish_motion(self) -> None:
        """Jump a fling or an animated scroll to where it would end."""
        if self.scroller.state() in (QScroller.State.Scrolling, QScroller.State.Dragging):
            final = self.scroller.finalPosition()
            self.scroller.stop()
            self._set_scroll(final.y() if self.vertical else final.x())
        else:
            self.scroller.stop()

    def stop_motion(self) -> None:
        self.scroller.stop()
        self._clear_press()
        self._pinch = None
