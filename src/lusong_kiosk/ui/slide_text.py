"""The slide card's text parts (ui/slide_card.py): a label the card places itself, its paint kept."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QLabel, QWidget

from . import style
from .glyphs import CountingPaint
from .paint_cache import Opaque, Still


def slide_font(family: str, px: int, bold: bool = False) -> QFont:
    f = QFont(family)
    f.setPixelSize(max(1, px))
    f.setBold(bold)
    return f


class SlideText(Opaque, CountingPaint, Still, QLabel):
    """A label the card places itself: plain text, a font and a colour, no input. Its paint is
    kept (ui/paint_cache.Still): a slide's type is over 64 px at 4K, which Qt fills as paths at
    every paint, and the whole slide is painted again at each frame of its count or chart. The
    picture is the label's own (``still_own``): a slide's states rarely come back, and in the
    shared store they would push out the page's.

    On the card's inside (``set_inside``) it paints the card's colour under its text, every
    pixel (ui/paint_cache.Opaque), so a frame of a figure's count repaints the number alone:
    transparent, each frame painted the page beneath the card, its labels and the card
    first, and the page's labels so painted twice were kept then (at 4K a step's second frame
    took 10-20 ms keeping what the card hides)."""

    still_own = True
    _inside = False

    def __init__(self, parent: QWidget, wrap: bool = True):
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(wrap)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.setContentsMargins(0, 0, 0, 0)
        self.font_ = QFont()
        self.hide()

    def opaque(self) -> bool:
        return self._inside

    def set_inside(self, inside: bool) -> None:
        """Whether the label lies on the card's inside, which is the card's colour everywhere."""
        if inside != self._inside:
            self._inside = inside
            self.mark_opaque()

    def paintEvent(self, event) -> None:  # noqa: ANN001 - a Qt event handler
        if self._inside and not self._still_busy:  # its kept picture holds the text alone, as before
            p = QPainter(self)
            p.fillRect(event.rect(), QColor(style.BG_RAISED))
            p.end()
        super().paintEvent(event)

    def set(self, text: str, font: QFont, color: str) -> None:
        """The text in ``font`` and ``color``. The font goes in the label's own style sheet:
        a sheet on the window around it (the app's label sizes) would override setFont."""
        self.setText(text)
        self.font_ = font
        self.setFont(font)
        css = (f"color: {color}; background: transparent; font-family: \"{font.family()}\";"
               f" font-size: {font.pixelSize()}px; font-weight: {'bold' if font.bold() else 'normal'};"
               " padding: 0; margin: 0; border: none;")
        if self.styleSheet() != css:
            self.setStyleSheet(css)

    def height_for(self, width: int) -> int:
        """The height the text takes at ``width`` (one line when it does not wrap)."""
        if not self.text():
            return 0
        if self.wordWrap():
            r = QFontMetrics(self.font_).boundingRect(QRect(0, 0, width, 100_000),
                                                       int(Qt.TextFlag.TextWordWrap.value), self.text())
            return r.height()
        return QFontMetrics(self.font_).height()

    def one_line_width(self) -> int:
        return QFontMetrics(self.font_).horizontalAdvance(self.text())

    # a figure counting up paints through ``counting`` (its final text kept: SlideCard._on_count)

    def shown_text(self) -> str:
        """What it shows now: a counting number's value, else its text."""
        return self.counting.lead + self.counting.value if self.counting is not None else self.text()

    def still_key(self) -> tuple | None:
        # font and colour come by the label's style sheet: a change of either is a style change
        return (self.text(), self.wordWrap(), int(self.alignment()), self.contentsRect().getRect())
