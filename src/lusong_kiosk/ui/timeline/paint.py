"""Small painting helpers shared by the timeline's cards and scenery."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QGraphicsItem

from .. import style

if TYPE_CHECKING:  # annotations only
    from ...content.model import Theme


def font(family: str, px: int, bold: bool = False) -> QFont:
    f = QFont(family)
    f.setPixelSize(max(1, px))
    f.setBold(bold)
    f.setStyleStrategy(QFont.StyleStrategy.PreferAntialias)
    return f


def qcolor(name: str, alpha: float = 1.0) -> QColor:
    c = QColor(name)
    c.setAlphaF(alpha)
    return c


def over_bg(name: str, alpha: float) -> QColor:
    """``name`` at ``alpha`` over the background, as one opaque colour: large fills stay plain
    copies instead of blending every pixel."""
    c, bg = QColor(name), QColor(style.BG)
    return QColor(round(bg.red() + (c.red() - bg.red()) * alpha), round(bg.green() + (c.green() - bg.green()) * alpha),
                  round(bg.blue() + (c.blue() - bg.blue()) * alpha))


def theme_color(theme: Theme | None) -> str:
    """An event's colour: its theme's (as the current palette draws it), or the muted one for an
    event of no theme."""
    return style.accent(theme.accent) if theme else style.MUTED


def era_rule(color: str) -> QColor:
    """The bright rule an era is drawn with (on the canvas's axis and under the overview's
    years): its colour, lightened so it stands out on the dark background."""
    return over_bg(style.accent(color), 1.0).lighter(135)


def exposed_only(item: QGraphicsItem) -> None:
    """Paint gets the exposed part in ``option.exposedRect`` (else it is the whole item)."""
    item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption, True)
