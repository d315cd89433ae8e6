"""What the presenter lays over a window: the black or white screen, the speaker notes (one
screen only), the list of keys and the "press Esc again to quit" prompt.

Each covers its host window (the audience window or the console) and follows its size. They
hold no state of the presentation: ``modes/presenter.py`` shows, fills and hides them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, QRect, Qt, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QFrame, QGridLayout, QScrollArea, QVBoxLayout, QWidget

from . import style
from .widgets import Opaque, label


class Cover(QWidget):
    """A child widget that covers its host window and swallows the clicks that land on it."""

    def __init__(self, host: QWidget, metrics: Callable[[], style.Metrics]):
        super().__init__(host)
        self.host = host
        self.metrics = metrics
        host.installEventFilter(self)
        self.hide()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.host and event.type() == QEvent.Type.Resize and self.isVisible():
            self.setGeometry(self.cover_rect())
            self.relayout()
        return False

    def cover_rect(self) -> QRect:
        return self.host.rect()

    def open(self) -> None:
        self.setGeometry(self.cover_rect())
        self.relayout()
        self.show()
        self.raise_()

    def relayout(self) -> None:
        """Sizes changed (or first shown): apply the host's metrics."""

    def mousePressEvent(self, event) -> None:  # noqa: ANN001 - a Qt event handler
        event.accept()

    def mouseReleaseEvent(self, event) -> None:  # noqa: ANN001 - a Qt event handler
        event.accept()


class BlankCover(Opaque, Cover):
    """The whole window in one colour (black or white): nothing else shows through."""

    def __init__(self, host: QWidget, metrics: Callable[[], style.Metrics]):
        super().__init__(host, metrics)
        self.setObjectName("BlankCover")
        self.color = "black"

    def set_color(self, color: str) -> None:
        self.color = color
        self.update()

    def paintEvent(self, event) -> None:  # noqa: ANN001 - a Qt event handler
        p = QPainter(self)
        p.fillRect(self.rect(), QColor("#000000" if self.color == "black" else "#FFFFFF"))
        p.end()


class PanelCover(Cover):
    """A dimmed backdrop with a raised panel (filled by subclasses)."""

    def __init__(self, host: QWidget, metrics: Callable[[], style.Metrics], family: str, name: str):
        super().__init__(host, metrics)
        self.family = family
        self.panel = QFrame(self)
        self.panel.setObjectName(name)
        self.panel.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.body = QVBoxLayout(self.panel)

    def panel_css(self, m: style.Metrics) -> str:
        name = self.panel.objectName()
        return (f"#{name} {{ background: {style.BG_RAISED}; border: {m.px(2)}px solid {style.LINE};"
                f" border-radius: {m.px(22)}px; }}"
                f"#{name} QLabel {{ color: {style.TEXT}; font-family: \"{self.family}\"; font-size: {m.body}px;"
                f" background: transparent; }}"
                f"#{name} QLabel[role=\"muted\"] {{ color: {style.MUTED}; }}"
                f"#{name} QLabel[role=\"key\"] {{ color: #7FA7D9; font-weight: bold; }}"
                f"#{name} QLabel[role=\"subheading\"] {{ font-size: {m.px(40)}px; font-weight: bold; }}"
                f"#{name} QScrollArea, #{name} QScrollArea > QWidget > QWidget {{ background: transparent;"
                f" border: none; }}")

    def paintEvent(self, event) -> None:  # noqa: ANN001 - a Qt event handler
        p = QPainter(self)
        c = QColor(style.BG)
        c.setAlphaF(0.86)
        p.fillRect(self.rect(), c)
        p.end()


class HelpCover(PanelCover):
    """Every key of presenter mode, in a two-column table, and how the blank screen behaves."""

    def __init__(self, host: QWidget, metrics: Callable[[], style.Metrics], family: str):
        super().__init__(host, metrics, family, "HelpPanel")
        self.title = label("", "subheading")
        self.grid = QGridLayout()
        self.footer = label("", "muted")
        self.body.addWidget(self.title)
        self.body.addLayout(self.grid)
        self.body.addWidget(self.footer)
        self.rows: list[tuple[QWidget, QWidget]] = []

    def set_rows(self, title: str, rows: Sequence[tuple[str, str]], footer: str) -> None:
        while len(self.rows) < len(rows):
            k, a = label("", "key", wrap=False), label("", None)
            self.grid.addWidget(k, len(self.rows), 0, Qt.AlignmentFlag.AlignTop)
            self.grid.addWidget(a, len(self.rows), 1, Qt.AlignmentFlag.AlignTop)
            self.rows.append((k, a))
        for (k, a), (keys, action) in zip(self.rows, rows):
            k.setText(keys)
            a.setText(action)
        self.title.setText(title)
        self.footer.setText(footer)

    def text(self) -> str:
        """Everything the overlay says (tests, accessibility)."""
        lines = [self.title.text()] + [f"{k.text()}  {a.text()}" for k, a in self.rows] + [self.footer.text()]
        return "\n".join(lines)

    def relayout(self) -> None:
        m = self.metrics()
        self.panel.setStyleSheet(self.panel_css(m))
        self.body.setContentsMargins(m.px(48), m.px(36), m.px(48), m.px(36))
        self.body.setSpacing(m.px(20))
        self.grid.setHorizontalSpacing(m.px(40))
        self.grid.setVerticalSpacing(m.px(8))
        self.grid.setColumnStretch(1, 1)
        w = min(self.width() - 2 * m.margin, m.px(1500))
        self.panel.setFixedWidth(max(100, w))
        self.panel.adjustSize()
        h = min(self.panel.sizeHint().height(), self.height() - 2 * m.px(24))
        self.panel.setGeometry((self.width() - self.panel.width()) // 2, (self.height() - h) // 2,
                               self.panel.width(), h)


class NotesCover(PanelCover):
    """The speaker notes on the audience window (one screen only): a panel along the bottom."""

    def __init__(self, host: QWidget, metrics: Callable[[], style.Metrics], family: str):
        super().__init__(host, metrics, family, "NotesPanel")
        self.title = label("", "subheading")
        self.zh = label("", None)
        self.en = label("", "muted")
        inner = QWidget()
        col = QVBoxLayout(inner)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(self.zh)
        col.addWidget(self.en)
        col.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(inner)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.body.addWidget(self.title)
        self.body.addWidget(self.scroll, 1)
        self._col = col

    def set_notes(self, title: str, zh: str, en: str) -> None:
        self.title.setText(title)
        self.zh.setText(zh)
        self.en.setText(en)

    def paintEvent(self, event) -> None:  # noqa: ANN001 - a Qt event handler
        pass  # no backdrop: the cover is the panel's band along the bottom; the page stays usable

    def cover_rect(self) -> QRect:
        m = self.metrics()
        r = self.host.rect()
        h = int(r.height() * 0.42)
        return QRect(m.margin, r.height() - h - m.px(24), r.width() - 2 * m.margin, h)

    def relayout(self) -> None:
        m = self.metrics()
        self.panel.setStyleSheet(self.panel_css(m) + f"#NotesPanel QLabel {{ font-size: {m.px(32)}px; }}"
                                 f"#NotesPanel QLabel[role=\"subheading\"] {{ font-size: {m.px(36)}px; }}")
        self.body.setContentsMargins(m.px(40), m.px(24), m.px(40), m.px(24))
        self.body.setSpacing(m.px(12))
        self._col.setSpacing(m.px(16))
        self.panel.setGeometry(self.rect())


class QuitPrompt(PanelCover):
    """"Press Esc again to quit": shown after one Esc with nothing to close; a click dismisses it."""

    dismissed = Signal()

    def __init__(self, host: QWidget, metrics: Callable[[], style.Metrics], family: str):
        super().__init__(host, metrics, family, "QuitPanel")
        self.message = label("", "subheading")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint = label("", "muted")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body.addWidget(self.message)
        self.body.addWidget(self.hint)

    def mousePressEvent(self, event) -> None:  # noqa: ANN001 - a Qt event handler
        event.accept()
        self.dismissed.emit()

    def set_text(self, message: str, hint: str) -> None:
        self.message.setText(message)
        self.hint.setText(hint)

    def relayout(self) -> None:
        m = self.metrics()
        self.panel.setStyleSheet(self.panel_css(m) + f"#QuitPanel {{ border: {m.px(3)}px solid #D9735A; }}")
        self.body.setContentsMargins(m.px(56), m.px(40), m.px(56), m.px(40))
        self.body.setSpacing(m.px(16))
        w = min(self.width() - 2 * m.margin, m.px(1100))
        self.panel.setFixedWidth(max(100, w))
        h = self.panel.sizeHint().height()
        self.panel.setGeometry((self.width() - w) // 2, (self.height() - h) // 2, w, h)
