"""What a theme panel opens over itself: a story's whole text ("read more") or the theme's
other figures ("more figures"). One calm sheet over the dimmed page, closed by its Close
button, by a tap beside it, or by the top bar's Back (ThemePage.back)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QScrollArea, QVBoxLayout, QWidget

from ..present.strings import text
from . import style
from .widgets import Card, TapButton, label


class PanelOverlay(QWidget):
    """A sheet over its parent (the page). ``show_content`` puts a body widget in it and opens
    it; ``close_overlay`` closes it (``closed`` is emitted)."""

    closed = Signal()

    def __init__(self, parent: QWidget, accent: str):
        super().__init__(parent)
        self.setObjectName("PanelOverlay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.sheet = Card(accent)
        self.sheet.setObjectName("Card")
        self.heading = label("", "subheading")
        self.close_button = TapButton("", accent=accent)
        self.close_button.clicked.connect(self.close_overlay)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1, Qt.AlignmentFlag.AlignVCenter)
        top.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.sheet.body.addLayout(top)
        self.sheet.body.addWidget(self.scroll, 1)
        # the sheet as tall as what it holds (``fit``), centred: a short story in a full-height
        # sheet read as a page left mostly empty
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(self.sheet)
        outer.addStretch(1)
        self._content: QWidget | None = None
        self.hide()

    def is_open(self) -> bool:
        return self.isVisible()

    def content(self) -> QWidget | None:
        return self._content

    def show_content(self, heading: str, content: QWidget) -> None:
        """Open with ``heading`` and ``content`` (kept by the caller; taken back on close)."""
        old = self.scroll.takeWidget()
        if old is not None and old is not content:
            old.hide()
            old.setParent(self.parentWidget())
        self._content = content
        self.heading.setText(heading)
        self.scroll.setWidget(content)
        content.show()
        self.scroll.verticalScrollBar().setValue(0)
        self.setGeometry(self.parentWidget().rect())
        self.show()
        self.raise_()
        self.fit()

    def fit(self) -> None:
        """The sheet's height to its content at the sheet's width, up to the whole page (then
        the content scrolls). Called on opening, on a resize and when the text changes."""
        content = self._content
        if content is None or not self.isVisible():
            return
        outer = self.layout()
        outer.activate()  # the sheet's width, and so the content's, for this page
        lay = content.layout()
        width = self.scroll.viewport().width()
        need = lay.totalHeightForWidth(width) if lay is not None and lay.hasHeightForWidth() \
            else content.sizeHint().height()
        body = self.sheet.body

        def sheet_height() -> int:  # what the sheet's layout asks, the scroll at its fixed height
            w = self.sheet.width()
            return body.totalHeightForWidth(w) if body.hasHeightForWidth() else body.totalSizeHint().height()

        self.scroll.setFixedHeight(need)
        chrome = sheet_height() - need  # heading, close button, margins
        margins = outer.contentsMargins()
        room = self.height() - margins.top() - margins.bottom() - chrome
        self.scroll.setFixedHeight(max(1, min(need, room)))
        self.sheet.setFixedHeight(sheet_height())
        outer.activate()

    def set_texts(self, heading: str, lang: str) -> None:
        self.heading.setText(heading)
        self.close_button.setText(text("theme.close", lang))

    def close_overlay(self) -> None:
        if self.isVisible():
            self.hide()
            self.closed.emit()

    def apply_metrics(self, m: style.Metrics) -> None:
        side = m.margin if m.portrait else max(m.margin, (self.parentWidget().width() - m.px(1280)) // 2)
        self.layout().setContentsMargins(side, m.px(32), side, m.px(32))
        self.sheet.apply_metrics(m)
        self.close_button.apply_metrics(m)
        css = (f"#PanelOverlay {{ background: {style.BG}; }}")
        style.apply_sheet(self, css)
        self.fit()

    # a tap beside the sheet closes it (the sheet and its buttons take their own taps)
    def mousePressEvent(self, event) -> None:  # noqa: ANN001 - a Qt event handler
        if not self.sheet.geometry().contains(event.position().toPoint()):
            self.close_overlay()
        event.accept()
