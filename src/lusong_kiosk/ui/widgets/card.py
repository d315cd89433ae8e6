"""A raised panel for stories and other text blocks."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from .. import style


class Card(QFrame):
    """A raised panel for stories and other text blocks."""

    def __init__(self, accent: str = style.LINE, parent: QWidget | None = None):
        super().__init__(parent)
        self.accent = accent
        self.setObjectName("Card")
        self.body = QVBoxLayout(self)
        self.apply_metrics(style.Metrics(1.0, False))

    def apply_metrics(self, m: style.Metrics) -> None:
        self.body.setContentsMargins(m.px(28), m.px(24), m.px(28), m.px(24))
        self.body.setSpacing(m.px(12))
        edge = f"{m.px(style.BORDER)}px solid {style.LINE}" if style.HIGH_CONTRAST else "none"
        css = (f"#Card {{ background: {style.BG_RAISED}; border: {edge};"
               f" border-left: {m.px(6)}px solid {style.accent(self.accent)};"
               f" border-radius: {m.px(14)}px; }}")
        style.apply_sheet(self, css)
