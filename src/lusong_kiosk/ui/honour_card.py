"""The pieces of the honours wall: one honour's card and the heading of a level's group.

Each level has its colour and its emblem (``assets/emblems/<level>.svg``, drawn for the project:
a rosette, a laurel wreath, a seal in a wreath, a round seal; white shapes tinted here). An
honour's own ``icon`` replaces its level's emblem.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (QGraphicsOpacityEffect, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout,
                               QWidget)

from ..content.model import Honour
from ..present.honours import level_name, when
from ..present.strings import text
from . import style
from .base import UiContext
from .widgets import icon_pixmap, label, raised_card_sheet, touch_button

# gold, silver, pale blue and bronze on the dark page: each >= 7:1 against it, and apart from
# the five theme accents so a level never reads as a theme
LEVEL_COLOURS = {
    "national": "#E2BE62",
    "provincial": "#C9D3E2",
    "provincial-and-city": "#9FC3EC",
    "city": "#DDA678",
}


def level_colour(level: str) -> str:
    return style.accent(LEVEL_COLOURS.get(level, style.MUTED))


def emblem(honour_or_level: Honour | str) -> str:
    """The path inside assets/ of an honour's emblem (its own icon, else its level's)."""
    if isinstance(honour_or_level, str):
        return f"emblems/{honour_or_level}.svg"
    return honour_or_level.icon or f"emblems/{honour_or_level.level}.svg"


def _no_lone_last(title: str) -> str:
    """A title whose last two characters stay on one line (a word joiner between them): at the
    large sizes that fill the Chinese wall, "国家健康促进" came out over a lone "区". Latin
    text breaks at spaces only, so an English title is left as it is."""
    if len(title) < 3 or " " in title:
        return title
    return f"{title[:-1]}\u2060{title[-1]}"


class LevelHeading(QWidget):
    """A level's emblem and name above its cards: 国家级 / National."""

    def __init__(self, ctx: UiContext, level: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.level = level
        self.emblem = QLabel()
        self.emblem.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.name = label("", None, wrap=False)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.emblem, 0, Qt.AlignmentFlag.AlignVCenter)
        lay.addWidget(self.name, 1, Qt.AlignmentFlag.AlignVCenter)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def set_language(self, lang: str) -> None:
        self.name.setText(level_name(self.level, lang))
        self.setAccessibleName(self.name.text())

    def apply_metrics(self, m: style.Metrics) -> None:
        colour = level_colour(self.level)
        self.layout().setSpacing(m.px(14))
        self.emblem.setPixmap(icon_pixmap(self.ctx.assets_dir, emblem(self.level), m.px(56), colour))
        style.apply_sheet(self.name, f"color: {colour}; font-size: {m.fpx(34)}px; font-weight: bold;"
                                     f" background: transparent;")


class HonourCard(QPushButton):
    """One honour: its year or period (when the article gives one), its title, and a hint that a
    tap tells more. A button: tapped, pressed with the accessibility action, or by Enter."""

    def __init__(self, ctx: UiContext, honour: Honour, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.honour = honour
        touch_button(self, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        lay = QVBoxLayout(self)
        self.when = label("", None)
        self.title = label("", None)
        self.more = label("", None, wrap=False)
        self.emblem = QLabel()  # its level's sign, small, in the corner: the card's own mark
        self.emblem.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        foot = QHBoxLayout()
        foot.setContentsMargins(0, 0, 0, 0)
        foot.addWidget(self.more, 1, Qt.AlignmentFlag.AlignBottom)
        foot.addWidget(self.emblem, 0, Qt.AlignmentFlag.AlignBottom)
        lay.addWidget(self.when)
        lay.addWidget(self.title)
        lay.addStretch(1)
        lay.addLayout(foot)
        effect = QGraphicsOpacityEffect(self)
        effect.setEnabled(False)  # a fully visible card is drawn directly
        self.setGraphicsEffect(effect)

    def set_opacity(self, a: float) -> None:
        effect = self.graphicsEffect()
        effect.setEnabled(a < 1.0)
        effect.setOpacity(a)

    def opacity(self) -> float:
        effect = self.graphicsEffect()
        return effect.opacity() if effect.isEnabled() else 1.0

    def set_language(self, lang: str) -> None:
        h = self.honour
        said_when = when(h, lang)
        self.when.setText(said_when)
        self.when.setVisible(bool(said_when))
        self.title.setText(_no_lone_last(h.title(lang)))
        self.more.setText(text("honours.more", lang) + " ›")
        self.setAccessibleName(h.title(lang))
        self.setAccessibleDescription(" · ".join(
            t for t in (level_name(h.level, lang), said_when, text("honours.card_hint", lang)) if t))

    def apply_metrics(self, m: style.Metrics, title_px: int) -> None:
        colour = level_colour(self.honour.level)
        lay = self.layout()
        lay.setContentsMargins(m.px(26), m.px(20), m.px(26), m.px(18))
        lay.setSpacing(m.px(10))
        # only what changed: the wall tries several title sizes in a row (HonoursScreen._fit), and
        # each sheet set, even the same one, re-polishes its label
        style.apply_sheet(self.when, f"color: {colour}; font-size: {m.small}px; font-weight: bold;"
                                     f" background: transparent;")
        style.apply_sheet(self.title, f"color: {style.TEXT}; font-size: {title_px}px; font-weight: bold;"
                                      f" background: transparent;")
        style.apply_sheet(self.more, f"color: {style.MUTED}; font-size: {m.small}px; background: transparent;")
        self.emblem.setPixmap(icon_pixmap(self.ctx.assets_dir, emblem(self.honour), m.px(40), colour))
        self.setMinimumHeight(m.target * 2)
        style.apply_sheet(self, raised_card_sheet("HonourCard", m, colour, 6, 18))

    # a button sizes itself by its text, which it has none of: ask the layout of its labels
    def sizeHint(self) -> QSize:
        return self.layout().sizeHint()

    def minimumSizeHint(self) -> QSize:
        return self.layout().minimumSize()

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt's name
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt's name
        return self.layout().totalHeightForWidth(width)


__all__ = ["LEVEL_COLOURS", "HonourCard", "LevelHeading", "emblem", "level_colour"]
