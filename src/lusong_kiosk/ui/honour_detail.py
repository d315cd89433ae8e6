"""One honour told in full, over the wall: its emblem, level and when, its title, what it
recognises, and links to its theme and (where there is one) a timeline event on the same matter.

A tap on a card opens it; "返回荣誉榜 / Back to the honours" or a tap beside the panel closes it.
A link asks the wall to navigate (``theme:<id>``, ``event:<event id>``: the shell's targets, as a
home tile or the timeline's detail do).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QSize, Qt, QVariantAnimation, Signal
from PySide6.QtGui import QColor, QIcon, QPainter
from PySide6.QtWidgets import QFrame, QGraphicsOpacityEffect, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from ..content.model import Honour
from ..present.honours import level_name, when
from ..present.strings import text
from . import style
from .base import UiContext
from .honour_card import emblem, level_colour
from .widgets import TapButton, icon_pixmap, label

log = logging.getLogger(__name__)

FADE_MS = 300  # at most: the transition's own length when shorter


class HonourDetail(QWidget):
    """The dimmed wall with the honour's panel in the middle."""

    navigate = Signal(str)  # a shell target: theme:<id> or event:<event id>
    closed = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget):
        super().__init__(parent)
        self.ctx = ctx
        self.shown: Honour | None = None
        self.panel = QFrame(self)
        self.panel.setObjectName("HonourPanel")
        self.panel.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
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

        self._fade = QVariantAnimation(self)
        self._fade.setStartValue(0.0)
        self._fade.setEndValue(1.0)
        self._fade.valueChanged.connect(self._on_fade)
        self._fade.finished.connect(self._fade_done)
        self.hide()

    # opening and closing ------------------------------------------------------------
    def show_honour(self, honour: Honour) -> None:
        self.shown = honour
        self.refresh()
        was_open = self.isVisible()
        self.show()
        self.raise_()
        self.place()
        ms = min(FADE_MS, self.ctx.ms("transition_ms"))
        if not was_open and ms > 0:
            self.setGraphicsEffect(QGraphicsOpacityEffect(self))
            self._fade.stop()
            self._fade.setDuration(ms)
            self._fade.start()
        self.back_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def close_detail(self) -> None:
        if self.isVisible():
            self.finish()
            self.hide()
            self.closed.emit()

    def finish(self) -> None:
        self._fade.stop()
        self._fade_done()

    def is_animating(self) -> bool:
        return self._fade.state() == QVariantAnimation.State.Running

    def _on_fade(self, v) -> None:  # noqa: ANN001
        effect = self.graphicsEffect()
        if isinstance(effect, QGraphicsOpacityEffect):
            effect.setOpacity(float(v))

    def _fade_done(self) -> None:
        if self.graphicsEffect() is not None:
            self.setGraphicsEffect(None)

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
        self.panel.setStyleSheet(
            f"#HonourPanel {{ background: {style.BG_RAISED}; border: {m.px(style.BORDER)}px solid {style.LINE};"
            f" border-top: {m.px(8)}px solid {colour}; border-radius: {m.px(22)}px; }}")
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

    def place(self) -> None:
        """Cover the wall; the panel centred, as tall as its words need (never taller than the wall)."""
        parent = self.parentWidget()
        if parent is None:
            return
        self.setGeometry(parent.rect())
        m = self.ctx.metrics
        w, h = self.width(), self.height()
        pw = max(1, min(w - 2 * m.margin, m.px(1240)))
        for b in (self.theme_button, self.event_button):  # a long link wraps its words rather than overflow
            b.setMaximumWidth(pw - m.px(88))
        try:
            need = self.col.totalHeightForWidth(pw) if self.col.hasHeightForWidth() else self.panel.sizeHint().height()
        except Exception:  # sizing must never take the wall down
            log.exception("honour detail sizing failed")
            need = h
        ph = max(1, min(h - 2 * m.px(24), max(need, m.px(420))))
        self.panel.setGeometry((w - pw) // 2, (h - ph) // 2, pw, ph)

    # events -----------------------------------------------------------------------
    def paintEvent(self, event) -> None:  # noqa: ANN001, N802
        try:
            p = QPainter(self)
            c = QColor(style.BG)
            c.setAlphaF(0.86)
            p.fillRect(self.rect(), c)
            p.end()
        except Exception:  # an exception out of a paint override would abort the app
            log.exception("honour detail backdrop paint failed")

    def mousePressEvent(self, event) -> None:  # noqa: ANN001, N802
        if not self.panel.geometry().contains(event.position().toPoint()):
            self.close_detail()  # a tap beside the panel closes it
        event.accept()

    def mouseReleaseEvent(self, event) -> None:  # noqa: ANN001, N802
        event.accept()

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802
        super().resizeEvent(event)
        if self.isVisible():
            self.place()


__all__ = ["HonourDetail"]
