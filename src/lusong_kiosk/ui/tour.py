"""The self-running tour's widgets: its tile on the home screen, the caption bar under each
step and the offer shown when a visitor touches the screen (continue / explore from here /
leave). Widgets only: what the tour plays, when it moves on and what a choice does is the
policy in modes/tour.py."""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, QRect, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ..present.format import number
from ..present.strings import both, text
from . import style
from .base import UiContext
from .home_tile import IllustratedTile
from .paint_cache import Still
from .widgets import TapButton, label

log = logging.getLogger(__name__)

ACCENT = "#E98BB8"  # the tour's own colour: none of the themes', the timeline's or the honours'
ICON = "icons/tour.svg"
# design px: the start line's type, a size below the hero figures; "▶ 3 分钟看懂芦淞" keeps one line
# beside the tile's drawing in landscape (at 40 it broke its last character onto a line of its own)
START_PX = 36
ART = "tour"  # assets/illustrations/tour.svg: a route past its stops, drawn for the project


class StartLine(QLabel):
    """The tile's large line, "▶ 3 分钟看懂芦淞", in the tour's colour (as a theme tile's hero figure)."""

    def __init__(self) -> None:
        super().__init__()
        self.words = ""
        self.m = style.Metrics(1.0, False)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setWordWrap(True)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def set_words(self, words: str) -> None:
        self.words = words
        self._show()

    def apply_metrics(self, m: style.Metrics) -> None:
        self.m = m
        self._show()

    def _show(self) -> None:
        self.setText(f'<span style="font-size:{self.m.fpx(START_PX)}px; font-weight:bold; '
                     f'color:{style.accent(ACCENT)}">{self.words}</span>')
        self.setAccessibleName(self.words)


def tour_length(ctx: UiContext) -> tuple[int, int]:
    """(minutes, stops) from the tour's plan, (0, 0) when the app gives no length."""
    if ctx.tour_length is None:
        return 0, 0
    seconds, steps = ctx.tour_length()
    return (max(1, round(seconds / 60)), steps) if steps > 0 else (0, 0)


def tour_title(ctx: UiContext, lang: str) -> str:
    """The tour's name with its computed length ("3 分钟看懂芦淞"), as the home tile and the
    attract loop's offer say it."""
    minutes, _steps = tour_length(ctx)
    return text("tour.title", lang, minutes=number(minutes, 0, lang)) if minutes else text("tour.title_untimed", lang)


class TourTile(IllustratedTile):
    """The home screen's entry to the tour ("3 分钟看懂芦淞"), with its drawing, its length and
    its stops as computed from its plan ("18 站 · 自动播放…"); its ``clicked`` asks for it."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        self.start_line = StartLine()
        self.ctx = ctx
        super().__init__(ctx.assets_dir, ICON, ACCENT, ART, parent, hero=self.start_line)
        self.setObjectName("TourTile")
        self.set_language(ctx.lang)

    def set_language(self, lang: str) -> None:
        # the length said once, in the start line (computed: the settings change it); under it
        # what else a visitor wants before a tap: how many stops, and that it plays by itself
        _minutes, steps = tour_length(self.ctx)
        self.start_line.set_words("▶ " + tour_title(self.ctx, lang))
        stops = text("tour.stops", lang, steps=number(steps, 0, lang)) if steps else ""
        heard = " · ".join(t for t in (stops, text("tour.touch_to_pause", lang)) if t)
        self.set_texts(text("tour.tile", lang), stops, heard=heard)


class _FollowsWindow(QWidget):
    """An overlay on the window that keeps its place when the window is resized (a filter on
    the window alone, and only while shown)."""

    def __init__(self, shell: QWidget):
        super().__init__(shell)
        self.shell = shell
        self.hide()

    def place(self) -> None:
        """Set the geometry from the window's (overridden)."""

    def open(self) -> None:
        self.show()  # shown first: its labels are polished (their style's font) when it is measured
        self.raise_()
        self.place()
        self.shell.installEventFilter(self)

    def close_overlay(self) -> None:
        self.shell.removeEventFilter(self)
        self.hide()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.shell and event.type() == QEvent.Type.Resize:
            self.place()
        return False


class CaptionBar(_FollowsWindow):
    """Along the bottom of the window while the tour plays: the step's caption in the visitor's
    language, large, and in the other one beneath; the step count and "touch to pause"; a line
    across the top that fills as the tour goes on. ``height_changed``: the room it takes."""

    height_changed = Signal(int)

    def __init__(self, shell: QWidget, ctx: UiContext):
        super().__init__(shell)
        self.ctx = ctx
        self.setObjectName("TourCaption")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)  # a touch reaches the tour's filter
        self.fraction = 0.0
        self.primary = label("", "subheading")
        self.secondary = label("", "muted")
        self.count = label("", "subheading", wrap=False)
        self.hint = label("", "small", wrap=False)
        for w in (self.count, self.hint):
            w.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        words = self.words = QVBoxLayout()
        words.addWidget(self.primary)
        words.addWidget(self.secondary)
        side = self.side = QVBoxLayout()
        side.addWidget(self.count)
        side.addWidget(self.hint)
        self.row = QHBoxLayout(self)
        # its height is set from its text (place), never held at the layout's minimum
        self.row.setSizeConstraint(QHBoxLayout.SizeConstraint.SetNoConstraint)
        self.row.addLayout(words, 1)
        self.row.addLayout(side)

    def set_step(self, n: int, total: int, caption: tuple[str, str]) -> None:
        """Step ``n`` (0-based) of ``total``; ``caption``: (zh, en)."""
        lang = self.ctx.lang
        zh, en = caption
        first, second = (zh, en) if lang == "zh" else (en, zh)
        self.primary.setText(first)
        self.secondary.setText(second)
        self.count.setText(text("tour.progress", lang, n=n + 1, total=total))
        self.hint.setText(both("tour.touch_to_pause", lang))
        self.fraction = (n + 1) / total if total else 0.0
        self.setAccessibleName(f"{first} · {self.count.text()}")
        if self.isVisible():
            self.place()
        self.update()

    def place(self) -> None:
        m = self.ctx.metrics
        style.own_sheet(self, self.ctx, f"#TourCaption {{ background: {style.BG_RAISED};"
                                        f" border-top: {m.px(style.BORDER)}px solid {style.LINE}; }}")
        self.row.setContentsMargins(m.margin, m.px(20), m.margin, m.px(24))
        self.row.setSpacing(m.gap)
        self.words.setSpacing(m.px(6))
        self.side.setSpacing(m.px(6))
        w = self.shell.width()
        for lab in (self.primary, self.secondary, self.count, self.hint):
            lab.ensurePolished()  # its font from the style sheet, before it is measured
        side = max(self.count.sizeHint().width(), self.hint.sizeHint().width())
        words = max(1, w - 2 * m.margin - m.gap - side)
        for lab in (self.primary, self.secondary):
            # at its width first: a wrapping label keeps the minimum height of its last width
            # (ui/widgets.WrapLabel), one character wide before its first layout (1,467 px)
            lab.resize(words, lab.height())
        spacing = m.px(6)
        text_h = self.primary.heightForWidth(words) + spacing + self.secondary.heightForWidth(words)
        side_h = self.count.sizeHint().height() + spacing + self.hint.sizeHint().height()
        h = m.px(20) + max(text_h, side_h) + m.px(24)
        old = self.height()
        self.setGeometry(QRect(0, self.shell.height() - h, w, h))
        if h != old:
            self.height_changed.emit(h)
        if self.isVisible():
            # the caption's pictures made now, once: kept the ordinary way (painted twice, then
            # kept) its type cost each step's first frames ~3 ms a paint at 4K
            self.row.activate()
            for lab in (self.primary, self.secondary):
                if isinstance(lab, Still):
                    lab.keep_now()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        try:  # an exception escaping a paint override would abort the app
            p = QPainter(self)
            p.fillRect(QRect(0, 0, round(self.width() * self.fraction), self.ctx.metrics.px(6)),
                       QColor(style.accent(ACCENT)))
            p.end()
        except Exception:
            log.exception("tour: caption bar paint failed")


class PauseOffer(_FollowsWindow):
    """Over the paused step: what the visitor may do now. The step stays visible, dimmed."""

    resume = Signal()
    explore = Signal()
    leave = Signal()

    def __init__(self, shell: QWidget, ctx: UiContext):
        super().__init__(shell)
        self.ctx = ctx
        self.setObjectName("TourOffer")
        self.card = QWidget(self)
        self.card.setObjectName("TourOfferCard")
        self.card.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.title = label("", "heading")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption = label("", "muted")
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.buttons: dict[str, TapButton] = {}
        col = self.col = QVBoxLayout(self.card)
        col.addWidget(self.title)
        col.addWidget(self.caption)
        for key, signal, accent in (("continue", self.resume, ACCENT), ("explore", self.explore, style.LINE),
                                    ("leave", self.leave, style.LINE)):
            b = self.buttons[key] = TapButton("", accent=accent)
            b.setObjectName(f"TourOffer-{key}")
            b.clicked.connect(signal)
            col.addWidget(b)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(self.card, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(1)

    def open_for(self, caption: tuple[str, str]) -> None:
        lang = self.ctx.lang
        self.title.setText(both("tour.paused", lang))
        self.caption.setText(caption[0] if lang == "zh" else caption[1])
        for key, b in self.buttons.items():
            b.setText(both(f"tour.{key}", lang))
        self.open()

    def place(self) -> None:
        m = self.ctx.metrics
        style.own_sheet(self, self.ctx, f"#TourOfferCard {{ background: {style.BG_RAISED};"
                                        f" border: {m.px(style.BORDER)}px solid {style.LINE};"
                                        f" border-top: {m.px(8)}px solid {style.accent(ACCENT)};"
                                        f" border-radius: {m.px(22)}px; }}")
        self.col.setContentsMargins(m.px(48), m.px(40), m.px(48), m.px(40))
        self.col.setSpacing(m.px(20))
        # continue, the choice most visitors want, stands out in the tour's colour
        self.buttons["continue"].setProperty(
            "own_css", f"QPushButton {{ border: {m.px(3)}px solid {style.accent(ACCENT)}; }}")
        for b in self.buttons.values():
            b.apply_metrics(m)
        self.card.setMaximumWidth(max(m.px(400), self.shell.width() - 2 * m.margin))
        self.card.setMinimumWidth(min(m.px(900), self.shell.width() - 2 * m.margin))
        self.setGeometry(self.shell.rect())

    def paintEvent(self, event: QPaintEvent) -> None:
        try:  # the paused step shows through, dimmed, so the card's text stands clear of it
            p = QPainter(self)
            dim = QColor(style.BG)
            dim.setAlpha(215)
            p.fillRect(self.rect(), dim)
            p.end()
        except Exception:
            log.exception("tour: pause offer paint failed")

    def mousePressEvent(self, event: QMouseEvent) -> None:
        event.accept()  # a tap beside the card presses nothing under it
