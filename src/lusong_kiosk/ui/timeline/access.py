"""The timeline's cards for assistive technology.

The cards are items of a graphics scene, which Qt's accessibility tree does not see: the view
would be one unnamed element. So each card in view gets an invisible button over it (a child
of the view's viewport, transparent to touch and mouse, which the canvas handles itself),
named with the card's date and title and described with its theme, in axis order; its press
action opens the card as a tap does. Hidden while the card is mostly out of view.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QAbstractButton, QWidget

from ...present import format as fmt
from .. import events
from .cards import count_text, year_range_text


class CardButton(QAbstractButton):
    """An invisible, accessible stand-in for one card (an event or a cluster)."""

    def __init__(self, key: str, parent: QWidget):
        super().__init__(parent)
        self.key = key
        self.setObjectName("TimelineCard")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        # never painted: the view under it repaints as if it were not there (zoom and fling speed)
        self.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def paintEvent(self, event: QPaintEvent) -> None:  # the card itself is drawn by the scene
        pass


class CardAccess:
    """Keeps one ``CardButton`` per card in view, in axis order, over its card."""

    def __init__(self, viewport: QWidget, open_card: Callable[[str], None]):
        self.viewport = viewport
        self.open_card = open_card
        self.buttons: dict[str, CardButton] = {}
        self.enabled = True
        self._order: list[CardButton] = []

    def sync(self, cards: list[tuple[str, QRectF, str, str]], vertical: bool) -> None:
        """``cards``: (key, rectangle in viewport coordinates, name, description), in axis order."""
        vp = QRectF(self.viewport.rect())
        shown: list[CardButton] = []
        for key, rect, name, description in cards:
            part = rect.intersected(vp)
            along, whole = (part.height(), rect.height()) if vertical else (part.width(), rect.width())
            if not self.enabled or part.isEmpty() or along < whole / 2:
                continue
            b = self.buttons.get(key)
            if b is None:
                b = CardButton(key, self.viewport)
                b.clicked.connect(lambda _=False, k=key: self.open_card(k))
                self.buttons[key] = b
            if b.accessibleName() != name:
                b.setAccessibleName(name)
            if b.accessibleDescription() != description:
                b.setAccessibleDescription(description)
            geo = QRect(part.toAlignedRect()).intersected(self.viewport.rect())
            if b.geometry() != geo:
                b.setGeometry(geo)
            shown.append(b)
        keep = {id(b) for b in shown}
        for b in self.buttons.values():
            if id(b) not in keep and not b.isHidden():
                b.hide()
        if shown != self._order:  # raise in axis order: the children's order is what a screen reader walks
            for b in shown:
                b.raise_()
            self._order = shown
        for b in shown:
            if b.isHidden():
                b.show()

    def set_enabled(self, on: bool) -> None:
        """Off while an overlay covers the canvas: what lies under it cannot be reached."""
        self.enabled = on
        if not on:
            for b in self.buttons.values():
                b.hide()


class TimelineAccess:
    """Keeps the view's ``CardAccess`` in step with the cards in view (a mixin of
    ``view.TimelineView``, which owns the state it uses)."""

    @events.quiet()  # stand-ins made, moved and shown as the view scrolls: no input meanwhile
    def sync_access(self) -> None:
        """The accessible stand-ins of the cards in view (``access``), in axis order."""
        lang = self.ctx.lang
        by_id = {e.id: e for e in self.all_events}
        cards = []
        for item, _ in sorted(self.placed, key=lambda ip: ip[1].stem):
            if not item.isVisible():
                continue
            evs = [by_id[i] for i in item.members if i in by_id]
            if not evs:
                continue
            rect = QRectF(self.mapFromScene(item.sceneBoundingRect()).boundingRect())
            if item.is_cluster:
                name = f"{year_range_text(evs[0].date, evs[-1].date, lang)} · {count_text(len(evs), lang)}"
                desc = " · ".join(e.title(lang) for e in evs)
            else:
                e = evs[0]
                th = self.themes.get(e.theme)
                name = f"{fmt.date(e.date, lang)} · {e.title(lang)}"
                desc = th.title(lang) if th else ""
            cards.append((item.key, rect, name, desc))
        self.access.sync(cards, self.frame.vertical if self.frame else False)
