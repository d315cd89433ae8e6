"""Step-by-step reveal of a screen's items, for the presenter.

A :class:`Reveal` knows a screen's items by id and the order the presenter reveals them in.
``show(i)`` puts the screen in the exact state of step ``i``: the items of steps 0..i shown
(at their final state, or step ``i`` animating in), the later ones hidden *keeping their
layout space* (so the page never jumps), and items that are not steps always shown. Headings
and source lines of a group are shown while any item of the group is. The scroll position is a
function of the step alone (the revealed item in view, as near the top of the page as it can
be), so stepping back lands exactly where stepping forward did.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from PySide6.QtCore import QEasingCurve, QObject, QVariantAnimation
from PySide6.QtWidgets import QGraphicsOpacityEffect, QScrollArea, QWidget

log = logging.getLogger(__name__)


def retain_space(widget: QWidget) -> None:
    """A hidden ``widget`` keeps its place in its layout."""
    sp = widget.sizePolicy()
    if not sp.retainSizeWhenHidden():
        sp.setRetainSizeWhenHidden(True)
        widget.setSizePolicy(sp)


def scroll_target(area: QScrollArea, widget: QWidget | None, margin: int) -> int:
    """Where ``area`` should scroll so ``widget`` is in view, as near the top as possible."""
    body = area.widget()
    if widget is None or body is None or not body.isAncestorOf(widget):
        return 0
    if body.layout() is not None:
        body.layout().activate()
    top = widget.mapTo(body, widget.rect().topLeft()).y()
    bottom = top + widget.height()
    view = area.viewport().height()
    value = max(0, bottom + margin - view)  # the whole item in view ...
    value = min(value, max(0, top - margin))  # ... but never its top cut off
    return max(0, min(value, body.height() - view))


class Reveal(QObject):
    """The reveal state of one screen (see the module docstring).

    ``play(widget, animate)`` starts (or, with ``animate`` False, finishes) the item's own
    animation and returns True when it has one; other items fade in.
    """

    def __init__(self, owner: QWidget, items: dict[str, QWidget], steps: Sequence[str],
                 groups: Sequence[tuple[Sequence[QWidget], Sequence[QWidget]]],
                 play: Callable[[QWidget, bool], bool], duration: Callable[[], int],
                 area: QScrollArea | None = None, margin: Callable[[], int] = lambda: 24):
        super().__init__(owner)
        self.items = items
        self.steps = [s for s in steps if s in items]
        for s in steps:
            if s not in items:
                log.warning("presenter step %r names nothing on this screen; skipped", s)
        self.groups = groups
        self.play = play
        self.duration = duration
        self.area = area
        self.margin = margin
        self.current: int | None = None
        self._fading: QWidget | None = None
        self._fade = QVariantAnimation(self)
        self._fade.setStartValue(0.0)
        self._fade.setEndValue(1.0)
        self._fade.setEasingCurve(QEasingCurve.Type.OutCubic)
        self._fade.valueChanged.connect(self._on_fade)
        self._fade.finished.connect(self._end_fade)
        self._scroll = QVariantAnimation(self)
        self._scroll.setEasingCurve(QEasingCurve.Type.OutCubic)
        self._scroll.valueChanged.connect(self._on_scroll)
        self._scroll_to = 0

    def count(self) -> int:
        return len(self.steps)

    def widget(self, i: int) -> QWidget:
        return self.items[self.steps[i]]

    def show(self, i: int, animate: bool) -> None:
        self.finish()
        if not self.steps:
            return
        i = max(0, min(i, len(self.steps) - 1))
        self.current = i
        for w in self.items.values():
            retain_space(w)
        for k in range(len(self.steps)):
            w = self.widget(k)
            w.setVisible(k <= i)
        for deco, members in self.groups:
            on = any(not m.isHidden() for m in members)
            for d in deco:
                retain_space(d)
                d.setVisible(on)
        for k in range(len(self.steps)):
            w = self.widget(k)
            if k == i and animate:
                if not self.play(w, True) and self.duration() > 0:
                    self._start_fade(w)
            else:
                self.play(w, False)
        self._scroll_into_view(self.widget(i), animate)

    def finish(self) -> None:
        """Jump a running fade and scroll to their end."""
        if self._fade.state() == QVariantAnimation.State.Running:
            self._fade.stop()
        self._end_fade()
        if self._scroll.state() == QVariantAnimation.State.Running:
            self._scroll.stop()
            self._on_scroll(self._scroll_to)

    def is_animating(self) -> bool:
        return QVariantAnimation.State.Running in (self._fade.state(), self._scroll.state())

    # internals ---------------------------------------------------------------------------
    def _start_fade(self, w: QWidget) -> None:
        if w.graphicsEffect() is not None:
            return  # the item draws its own effect: no fade
        effect = QGraphicsOpacityEffect(w)
        effect.setOpacity(0.0)
        w.setGraphicsEffect(effect)
        self._fading = w
        self._fade.setDuration(self.duration())
        self._fade.start()

    def _on_fade(self, v) -> None:  # noqa: ANN001 - an animation's value (a float)
        if self._fading is not None and self._fading.graphicsEffect() is not None:
            self._fading.graphicsEffect().setOpacity(float(v))

    def _end_fade(self) -> None:
        if self._fading is not None:
            self._fading.setGraphicsEffect(None)  # fully shown: drawn directly again
            self._fading = None

    def _scroll_into_view(self, w: QWidget, animate: bool) -> None:
        if self.area is None:
            return
        target = scroll_target(self.area, w, self.margin())
        self._scroll_to = target
        bar = self.area.verticalScrollBar()
        ms = self.duration()
        if not animate or ms <= 0 or bar.value() == target:
            self._on_scroll(target)
            return
        self._scroll.setStartValue(bar.value())
        self._scroll.setEndValue(target)
        self._scroll.setDuration(ms)
        self._scroll.start()

    def _on_scroll(self, v) -> None:  # noqa: ANN001 - an animation's value (a float)
        if self.area is None:
            return
        bar = self.area.verticalScrollBar()
        value = int(round(float(v)))
        if bar.maximum() < value:  # the page grew since the bar last looked
            bar.setRange(0, value)
        bar.setValue(value)
