"""Small building blocks of the screens: labels, buttons, tiles, cards, icons, counting figures
and the scroll hint, one module each. The names other modules import are re-exported here."""

from ..paint_cache import KEPT, Opaque, Still
from .buttons import TapButton, raised_card_sheet, touch_button
from .card import Card
from .figure import FigureView
from .icons import icon_pixmap, keep_last_good, svg_pixmap
from .labels import WrapLabel, label
from .scroll_hint import ScrollHint
from .tile import Hero, Tile, card_rules_for

__all__ = ["KEPT", "Card", "FigureView", "Opaque", "ScrollHint", "Still", "TapButton", "Tile", "WrapLabel", "Hero",
           "icon_pixmap", "keep_last_good", "label", "raised_card_sheet", "svg_pixmap", "touch_button",
           "card_rules_for"]
