"""The touch button every screen uses: a target at least ``style.TARGET`` high, visibly pressed;
and what every pressable thing of the screens shares (a button, a home tile, an honour's card)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QPushButton, QSizePolicy, QWidget

from .. import style
from ..paint_cache import Still


def touch_button(button: QPushButton, horizontal: QSizePolicy.Policy, vertical: QSizePolicy.Policy) -> None:
    """What every button of the screens is: a pointing hand, never a default button (Enter would
    press it from anywhere on its screen), no context menu, and the size policy given."""
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    button.setAutoDefault(False)
    button.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
    button.setSizePolicy(horizontal, vertical)


def raised_card_sheet(selector: str, m: style.Metrics, accent: str, top_px: int, radius_px: int,
                      pressable: bool = True) -> str:
    """The style sheet of a card: raised, a bar of ``accent`` along its top; a pressable one (a
    home tile, an honour's card) pressed darker with its border in the accent."""
    sheet = (f"{selector} {{ background: {style.BG_RAISED}; border: {m.px(style.BORDER)}px solid {style.LINE};"
             f" border-top: {m.px(top_px)}px solid {accent}; border-radius: {m.px(radius_px)}px; outline: none; }}")
    return sheet + (f"{selector}:pressed {{ background: {style.BG_PRESSED}; border-color: {accent}; }}"
                    if pressable else "")


class TapButton(Still, QPushButton):
    """A touch target: at least ``style.TARGET`` design px high, visible pressed state."""

    def __init__(self, text: str = "", parent: QWidget | None = None, accent: str = style.LINE,
                 kind: str = "plain"):
        super().__init__(text, parent)
        self.setAccessibleName(text)  # follows the text (setText), unless set to something else
        self.accent = accent
        self.kind = kind
        touch_button(self, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        self.apply_metrics(style.Metrics(1.0, False))

    def apply_metrics(self, m: style.Metrics) -> None:
        self._m = m
        self.setMinimumHeight(m.target)
        if self.sizePolicy().verticalPolicy() == QSizePolicy.Policy.Fixed:
            self.setFixedHeight(m.target)
        radius = m.px(14)
        pad = m.px(24)
        border = m.px(style.BORDER)
        if self.kind == "ghost":
            bg, bgp = "transparent", style.BG_PRESSED
        else:
            bg, bgp = style.BG_RAISED, style.BG_PRESSED
        css = (f"QPushButton {{ background: {bg}; color: {style.TEXT}; border: {border}px solid {style.LINE};"
               f" border-radius: {radius}px; padding: 0 {pad}px; font-size: {m.body}px; outline: none; }}"
               f"QPushButton:pressed, QPushButton:checked {{ background: {bgp};"
               f" border-color: {style.accent(self.accent)}; }}")
        style.apply_sheet(self, css)  # only when it changes: the same sheet again re-polishes
        if not self.icon().isNull():
            self.setIconSize(QSize(m.px(36), m.px(36)))

    def still_key(self) -> tuple | None:
        return (self.text(), self.icon().cacheKey(), self.iconSize(), self.isDown(), self.isChecked(),
                self.hasFocus())

    def setText(self, text: str) -> None:
        """The accessible name follows the text, unless it was set to something else."""
        if not self.accessibleName() or self.accessibleName() == self.text():
            self.setAccessibleName(text)
        super().setText(text)
