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
from PySide6.QtWidgets import QAbstractButton, QWidget


class CardButton(QAbstractButton):
    """An invisible, accessible stand-in for one card (an event or a cluster)."""

    def __init__(self, key: str, parent: QWidget):
        super().__init__(parent)
        self.key = key
        self.setObjectName("TimelineCard")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def paintEvent(self, event) -> None:  # noqa: ANN001, N802 - the card itself is drawn by the scene
        pass


class CardAccess:
    """Keeps one ``CardButton`` per card in view, in axis order, over its card."""

    def __init__(self, viewport: QWidget, open_card: Callable[[str], None]):
        self.viewport = viewport
        self.open_card = open_card
        self.buttons: dict[str, CardButton] = {}
        self.enabled = True

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
            b.setAccessibleName(name)
            b.setAccessibleDescription(description)
            b.setGeometry(QRect(part.toAlignedRect()).intersected(self.viewport.rect()))
            shown.append(b)
        keep = {id(b) for b in shown}
        for b in self.buttons.values():
            if id(b) not in keep:
                b.hide()
        for b in shown:  # raise in axis order: the children's order is what a screen reader walks
            b.show()
            b.raise_()

    def set_enabled(self, on: bool) -> None:
        """Off while an overlay covers the canvas: what lies under it cannot be reached."""
        self.enabled = on
        if not on:
            for b in self.buttons.values():
                b.hide()
