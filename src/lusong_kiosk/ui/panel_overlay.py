"""What a theme panel opens over itself: a story's whole text ("read more") or the theme's
other figures ("more figures"). One calm sheet over the page, closed by its Close button, by a
tap beside it (the shared ``Overlay``), or by the top bar's Back (ThemePage.back)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QScrollArea, QWidget

from ..present.strings import text
from . import style
from .overlay import Overlay
from .widgets import Card, TapButton, label

if TYPE_CHECKING:
    from .base import Screen

QWIDGETSIZE_MAX = (1 << 24) - 1  # Qt's "no maximum" size
UNBOUNDED = 1 << 20  # px: taller than any sheet's content


class PanelOverlay(Overlay):
    """A sheet over its parent (the page). ``show_content`` puts a body widget in it and opens
    it; ``close_overlay`` closes it (``closed`` is emitted)."""

    DIM = 1.0  # the page behind is hidden: the sheet is read alone
    FADE_MAX_MS = 0  # it opens at once, as a page's own part
    # design px: a line a reader's eye can follow in landscape; in portrait the whole width
    # less the margins (no cap)
    PANEL_W = (1280, 100_000)
    PANEL_MIN_H = 0  # as tall as what it holds: a short story in a tall sheet read as a page left empty

    def __init__(self, parent: Screen, accent: str):
        self.sheet = Card(accent)
        super().__init__(parent.ctx, parent, self.sheet)
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
        self._content: QWidget | None = None

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
        self.open_overlay()

    def fit(self) -> None:
        """The sheet to its content again (the page calls it when the text changes)."""
        if self.isVisible():
            self.place_panel()

    def content_height(self, width: int) -> int:
        """The sheet's heading, Close button and margins, and its content whole at ``width``;
        where the page is shorter, the content scrolls in what is left."""
        content = self._content
        if content is None:
            return 0
        sheet, body = self.sheet, self.sheet.body
        # measured in a scroll area taller than any content, so that no scroll bar narrows it:
        # a wrapped label keeps the height it needed at its last width as its least
        # (labels.WrapLabel), and a narrower width would leave the sheet an empty foot
        self.scroll.setFixedHeight(UNBOUNDED)
        sheet.resize(width, max(1, sheet.height()))
        body.activate()
        width_in = self.scroll.maximumViewportSize().width()  # its width without a scroll bar
        lay = content.layout()
        need = lay.totalHeightForWidth(width_in) if lay is not None and lay.hasHeightForWidth() \
            else content.sizeHint().height()
        self.scroll.setFixedHeight(need)
        whole = body.totalHeightForWidth(width) if body.hasHeightForWidth() else body.totalSizeHint().height()
        self.scroll.setMinimumHeight(1)  # the sheet's height decides: what does not fit scrolls
        self.scroll.setMaximumHeight(QWIDGETSIZE_MAX)
        return whole

    def edge(self, m: style.Metrics) -> int:
        return m.px(32)

    def set_texts(self, heading: str, lang: str) -> None:
        self.heading.setText(heading)
        self.close_button.setText(text("theme.close", lang))

    def apply_metrics(self, m: style.Metrics) -> None:
        self.sheet.apply_metrics(m)
        self.close_button.apply_metrics(m)
        if self.isVisible():
            self.place()
