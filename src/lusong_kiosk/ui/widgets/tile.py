"""The home screen's big entries."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from .. import style
from .buttons import raised_card_sheet, touch_button
from .icons import icon_pixmap
from .labels import label


class Hero(Protocol):
    """The large line of a tile: a theme's hero figure (FigureView) or a count (home.CountLine),
    a widget that sizes itself to the metrics and names its words for screen readers."""

    def apply_metrics(self, m: style.Metrics) -> None: ...

    def accessibleName(self) -> str: ...  # noqa: N802 - Qt's name


class Tile(QPushButton):
    """A big home-screen entry: icon and title, the theme's hero figure (or another large line),
    its tagline, with an accent bar; tap to open. As tall as what it holds."""

    def __init__(self, assets_dir: Path, icon: str | None, accent: str, parent: QWidget | None = None,
                 hero: Hero | None = None):  # a QWidget too (added to the tile's layout)
        super().__init__(parent)
        self.assets_dir = assets_dir
        self.icon_rel = icon
        self.accent = accent
        self.hero = hero
        touch_button(self, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        # its accent set before it has children and is polished: its screen's sheet picks its
        # rules by it (card_rules)
        self._style(style.Metrics(1.0, False))
        lay = QVBoxLayout(self)
        self.icon_label = QLabel()
        self.icon_label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.title = label("", "subheading")
        self.tagline = label("", "muted")
        self.head = QHBoxLayout()
        self.head.setContentsMargins(0, 0, 0, 0)
        self.head.addWidget(self.icon_label, 0, Qt.AlignmentFlag.AlignTop)
        self.head.addWidget(self.title, 1)
        lay.addLayout(self.head)
        if hero is not None:
            lay.addWidget(hero)
        lay.addWidget(self.tagline)
        lay.addStretch(1)
        self.apply_metrics(style.Metrics(1.0, False))

    def set_texts(self, title: str, tagline: str, heard: str = "") -> None:
        """``tagline`` empty: no line for it (a theme's tile shows its hero's label instead).
        ``heard``: what the description says after the hero's words, when not the tagline."""
        self.title.setText(title)
        self.tagline.setText(tagline)
        self.tagline.setVisible(bool(tagline))
        self.setAccessibleName(title)
        # the hero's words (final value, unit, label) come first: what the tile says out loud
        words = self.hero.accessibleName() if self.hero is not None else ""
        self.setAccessibleDescription(" · ".join(t for t in (words, heard or tagline) if t))

    def apply_metrics(self, m: style.Metrics) -> None:
        lay = self.layout()
        lay.setContentsMargins(m.px(24), m.px(24), m.px(24), m.px(20))
        lay.setSpacing(m.px(12))
        self.head.setSpacing(m.px(16))
        accent = style.accent(self.accent)
        self.icon_label.setPixmap(icon_pixmap(self.assets_dir, self.icon_rel, m.px(64), accent))
        self.setMinimumHeight(m.target * 2)
        self._style(m)
        if self.hero is not None:
            self.hero.apply_metrics(m)

    def _style(self, m: style.Metrics) -> None:
        self.setProperty("accent", style.accent(self.accent))

    def card_rules(self, m: style.Metrics) -> str:
        """The rules that draw it (a raised card, the bar along its top in its accent), for its
        screen's sheet (``Screen.own_rules``), picked by its accent: a sheet of its own made a
        style for each tile, and polishing the home's eight was ~11 ms of the first frame."""
        self._style(m)
        return card_rules_for(self.property("accent"), m)


def card_rules_for(accent: str, m: style.Metrics) -> str:
    """A tile's rules (``Tile.card_rules``) by its accent as drawn (``style.accent``): known
    before the tile is made, so its screen can have them in its sheet before it has widgets."""
    return raised_card_sheet(f'Tile[accent="{accent}"]', m, accent, 8, 22)
