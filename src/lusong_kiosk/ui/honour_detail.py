"""One honour told in full, over the wall: its emblem, level and when, its title, what it
recognises, and links to its theme and (where there is one) a timeline event on the same matter.

A tap on a card opens it; "返回荣誉榜 / Back to the honours" or a tap beside the panel closes it.
A link asks the wall to navigate (``theme:<id>``, ``event:<event id>``: the shell's targets, as a
home tile or the timeline's detail do).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from ..content.model import Honour
from ..present.honours import level_name, when
from ..present.strings import text
from . import style
from .base import UiContext
from .honour_card import emblem, level_colour
from .overlay import Overlay
from .widgets import TapButton, icon_pixmap, label

log = logging.getLogger(__name__)


class HonourDetail(Overlay):
    """The dimmed wall with the honour's panel in the middle."""

    navigate = Signal(str)  # a shell target: theme:<id> or event:<event id>

    DIM = 0.86
    FADE_MAX_MS = 300
    PANEL_W = (1240, 1240)
    PANEL_MIN_H = 420

    def __init__(self, ctx: UiContext, parent: QWidget):
        super().__init__(ctx, parent, "HonourPanel")
        self.shown: Honour | None = None
        self.emblem = QLabel()
        self.level = label("", None)
        self.when = label("", None)
        self.back_button = TapButton("", kind="ghost")
        self.back_button.clicked.connect(self.close_detail)
        self.title = label("", None)
        self.text = label("", None)
        self.theme_button = TapButton("")
        self.theme_button.clicked.connect(self._to_theme)
        self.event_button = TapButton("", kind="ghost")
        self.event_button.clicked.connect(self._to_event)
        for b in (self.theme_button, self.event_button):
            b.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
            b.setLayoutDirection(Qt.LayoutDirection.RightToLeft)  # the chevron after the words

        words = QVBoxLayout()
        words.setContentsMargins(0, 0, 0, 0)
        words.addWidget(self.level)
        words.addWidget(self.when)
        self.head = QHBoxLayout()
        self.head.addWidget(self.emblem, 0, Qt.AlignmentFlag.AlignTop)
        self.head.addLayout(words, 1)
        self.head.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignTop)
        self.col = QVBoxLayout(self.panel)
        self.col.addLayout(self.head)
        self.col.addWidget(self.title)
        self.col.addWidget(self.text)
        self.col.addStretch(1)
        # the links at the panel's foot, on the right where a reader's eye leaves the text
        self.col.addWidget(self.theme_button, 0, Qt.AlignmentFlag.AlignRight)
        self.col.addWidget(self.event_button, 0, Qt.AlignmentFlag.AlignRight)

    # opening and closing ------------------------------------------------------------
    def show_honour(self, honour: Honour) -> None:
        self.shown = honour
        self.refresh()
        self.open_overlay()
        self.back_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def close_detail(self) -> None:
        self.close_overlay()

    def _to_theme(self) -> None:
        if self.shown is not None and self.shown.theme:
            self.navigate.emit(f"theme:{self.shown.theme}")

    def _to_event(self) -> None:
        if self.shown is not None and self.shown.event:
            self.navigate.emit(f"event:{self.shown.event}")

    # texts and sizes ----------------------------------------------------------------
    def refresh(self) -> None:
        """Texts, colours and sizes for the shown honour, the language and the metrics."""
        h, lang, m, ex = self.shown, self.ctx.lang, self.ctx.metrics, self.ctx.exhibition
        if h is None:
            return
        colour = level_colour(h.level)
        self.panel.setStyleSheet(self.frame_stylesheet(m, colour))
        self.level.setStyleSheet(f"color: {colour}; font-size: {m.fpx(34)}px; font-weight: bold;"
                                 f" background: transparent;")
        self.when.setStyleSheet(f"color: {style.MUTED}; font-size: {m.body}px; background: transparent;")
        self.title.setStyleSheet(f"color: {style.TEXT}; font-size: {m.fpx(48)}px; font-weight: bold;"
                                 f" background: transparent;")
        self.text.setStyleSheet(f"color: {style.TEXT}; font-size: {m.fpx(32)}px; background: transparent;")
        self.col.setContentsMargins(m.px(44), m.px(32), m.px(44), m.px(36))
        self.col.setSpacing(m.px(22))
        self.head.setSpacing(m.px(24))
        self.emblem.setPixmap(icon_pixmap(self.ctx.assets_dir, emblem(h), m.px(112), colour))
        self.level.setText(level_name(h.level, lang))
        said_when = when(h, lang)
        self.when.setText(said_when)
        self.when.setVisible(bool(said_when))
        self.title.setText(h.title(lang))
        self.text.setText(h.text(lang))
        icon = m.px(36)
        for b, rel in ((self.back_button, "icons/back.svg"), (self.theme_button, "icons/chevron-right.svg"),
                       (self.event_button, "icons/timeline.svg")):
            b.apply_metrics(m)
            b.setIcon(QIcon(icon_pixmap(self.ctx.assets_dir, rel, icon * 2)))
            b.setIconSize(QSize(icon, icon))
        self.back_button.setText(text("honours.back", lang))
        theme = next((t for t in ex.themes if t.id == h.theme), None)
        self.theme_button.setVisible(theme is not None)
        if theme is not None:
            self.theme_button.accent = theme.accent
            self.theme_button.apply_metrics(m)
            self.theme_button.setText(text("timeline.view_theme", lang, theme=theme.title(lang)))
        event = next((e for e in ex.events if e.id == h.event), None)
        self.event_button.setVisible(event is not None)
        if event is not None:
            self.event_button.setText(text("honours.view_event", lang, event=event.title(lang)))
        self.setAccessibleName(h.title(lang))
        self.setAccessibleDescription(f"{level_name(h.level, lang)} · {h.text(lang)}")
        self.panel.setAccessibleName(h.title(lang))
        if self.isVisible():
            self.place()

    def edge(self, m: style.Metrics) -> int:
        return m.px(24)  # the wall's own margin is wider than a detail needs

    def content_height(self, width: int) -> int:
        """As tall as the words need at ``width``; a long link wraps its words rather than overflow."""
        m = self.ctx.metrics
        for b in (self.theme_button, self.event_button):
            b.setMaximumWidth(max(1, width - m.px(88)))
        return self.col.totalHeightForWidth(width) if self.col.hasHeightForWidth() else self.panel.sizeHint().height()


__all__ = ["HonourDetail"]
