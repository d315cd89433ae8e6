"""What every chart's text shares: colours, sizes, measuring, and the text items (still text
kept as pixmaps, counting text drawn from glyph pixmaps)."""

from __future__ import annotations

import math
import re

import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import (QColor, QFont, QFontMetricsF, QGuiApplication, QPainter, QTextDocument, QTextOption,
                           QTransform)
from PySide6.QtWidgets import QGraphicsTextItem

from ...present.charts import ChartSpec
from .. import glyphs
from ..paint_cache import KeptItem


TEXT_COLOR = "#E8ECF4"
MUTED_COLOR = "#9AA6BD"

# Pixel sizes at scale 1.0 (1920x1080).
LABEL_PX = 26  # category labels, legends, captions: readable from a metre (body text is 28)
CJK = re.compile("[\u3400-\u9fff\uf900-\ufaff]")
VALUE_PX = 30  # value labels above bars: a size above the labels
CENTRE_PX = 56  # the big number inside a donut or gauge


def flag_text(spec: ChartSpec, flagged: bool) -> str:
    """The computed flag to add to the caption, or "" (also when the caption already says it)."""
    label = spec.computed_label.strip()
    if not flagged or not label or label in spec.caption:
        return ""
    return label


def caption_line(spec: ChartSpec, flagged: bool) -> str:
    parts = [p for p in (spec.caption.strip(), flag_text(spec, flagged)) if p]
    return " · ".join(parts)


def qcolor(spec_color: str, alpha: float = 1.0) -> QColor:
    c = QColor(spec_color)
    c.setAlphaF(alpha)
    return c


def rgba_css(color: QColor) -> str:
    return f"rgba({color.red()},{color.green()},{color.blue()},{color.alphaF():.3f})"


def sentence(caption: str, body: str, flag: str) -> str:
    text = f"{caption.strip()}: {body}" if caption.strip() else body
    return f"{text} ({flag})" if flag else text


# ---------------------------------------------------------------------------------------------
# Text helpers


# Text may shrink to 80 % of its nominal size (step by step) when a chart is too small for it.
FITS = (1.0, 0.9, 0.8)


def text_option(anywhere: bool = True) -> QTextOption:
    opt = QTextOption(Qt.AlignmentFlag.AlignHCenter)
    # Drawn text breaks inside a word rather than spill past its width; WordWrap is only used
    # to find out whether a word is too wide.
    mode = QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere if anywhere else QTextOption.WrapMode.WordWrap
    opt.setWrapMode(mode)
    return opt


def text_document(text: str, font: QFont, width: float, rich: bool, anywhere: bool) -> QTextDocument:
    doc = QTextDocument()
    doc.setDocumentMargin(0)
    doc.setDefaultFont(font)
    doc.setDefaultTextOption(text_option(anywhere))
    if rich:
        doc.setHtml(text)
    else:
        doc.setPlainText(text)
    doc.setTextWidth(max(width, 1.0))
    return doc


# Measurements by (what, text, font, width, rich): a chart lays its text out again at every
# resize, language and text size, and balanced_width tries nine widths a label; the same text in
# the same font at the same width measures the same until the fonts change (new fonts cleared it).
_MEASURED: dict[tuple, object] = {}
_MEASURED_MAX = 8192
_font_watcher = None  # the application whose fontDatabaseChanged clears them


def _measured(key: tuple, measure):  # noqa: ANN001, ANN202 - a key and a function computing its value
    global _font_watcher
    app = QGuiApplication.instance()
    if app is None:  # no application: no fonts to watch, nothing kept
        return measure()
    if app is not _font_watcher:
        _MEASURED.clear()
        app.fontDatabaseChanged.connect(_MEASURED.clear)
        _font_watcher = app
    value = _MEASURED.get(key)
    if value is None:
        if len(_MEASURED) >= _MEASURED_MAX:  # the oldest first: a bound on what is kept
            del _MEASURED[next(iter(_MEASURED))]
        value = _MEASURED[key] = measure()
    return value


def measure_text(text: str, font: QFont, width: float, rich: bool = False) -> tuple[bool, float]:
    """(every word fits in ``width`` px, height in px of the text as drawn at that width)."""
    if not text:
        return True, 0.0

    def measure() -> tuple[bool, float]:
        fits = text_document(text, font, width, rich, anywhere=False).idealWidth() <= width + 0.5
        return fits, text_document(text, font, width, rich, anywhere=True).size().height()
    return _measured(("measure", text, font.key(), width, rich), measure)


def one_line_width(text: str, font: QFont, rich: bool = False) -> float:
    """Width in px of ``text`` set on one line."""
    if not text:
        return 0.0

    def measure() -> float:
        doc = text_document(text, font, 1.0, rich, anywhere=False)
        doc.setTextWidth(-1)
        return doc.idealWidth()
    return _measured(("one line", text, font.key(), rich), measure)


def balanced_width(text: str, font: QFont, width: float, rich: bool = False) -> float:
    """The narrowest width <= ``width`` that wraps ``text`` into as few lines as ``width`` does,
    without breaking a word: "整机制 / 造企业" rather than "整机制造企 / 业"."""
    if not text or one_line_width(text, font, rich) <= width:
        return width
    fits, height = measure_text(text, font, width, rich)
    if not fits:
        return width
    lo, hi = width * 0.3, width
    for _ in range(9):
        mid = (lo + hi) / 2
        ok, h = measure_text(text, font, mid, rich)
        if ok and h <= height + 0.5:
            hi = mid
        else:
            lo = mid
    return min(width, hi + 1.0)


class GlyphText(QGraphicsTextItem):
    """The text of a figure that counts up in a chart (a ring's centre): its one plain line is
    drawn straight, not through its document (which lays it out and paints it again each frame).
    Type over 64 device pixels (4K: ~110 px), which Qt fills as paths at every paint (its glyph
    cache stops at 64 px), is blitted from glyph pixmaps (glyphs.draw_glyphs) in device
    pixels; smaller type (1080p: 56 px) is one drawText from Qt's glyph cache, the same pixels as
    the document's without its layout. Several lines or fonts are painted by the document."""

    glyphs = True  # False: the document's own paint (tests compare the two)

    def paint(self, painter: QPainter, option, widget=None) -> None:  # noqa: ANN001 - QGraphicsItem.paint's arguments
        font = self.font()
        dpr = painter.device().devicePixelRatioF()
        layout = self.document().firstBlock().layout()
        one_line = self.glyphs and self.document().blockCount() == 1 and layout.lineCount() == 1
        runs = layout.lineAt(0).glyphRuns() if one_line else []  # (the layout's own has no runs in PySide)
        if len(runs) != 1 or not runs[0].positions():
            super().paint(painter, option, widget)
            return
        world = painter.worldTransform()
        at = world.map(layout.position() + runs[0].positions()[0])  # in device pixels
        painter.setWorldTransform(QTransform())
        if font.pixelSize() * dpr <= 64:
            # on a whole pixel's baseline, decided here: the view's transform put it at x.5 less
            # a rounding error, which Qt rounded one way on the window and the other on a kept
            # pixmap of the chart (ChartView) -- the number moved 1 px as the chart came to rest
            painter.setFont(font)
            painter.setPen(self.defaultTextColor())
            painter.drawText(QPointF(at.x(), math.floor(at.y() + 0.5 + 1e-6)), self.toPlainText())
        else:
            glyphs.draw_glyphs(painter, self.toPlainText(), at, font, self.defaultTextColor(), dpr,
                                    QFontMetricsF(font))
        painter.setWorldTransform(world)


class StillText(KeptItem, QGraphicsTextItem):
    """Text that stays put while its chart grows (labels, captions, legends), painted from a
    pixmap kept under what it shows: a QTextDocument drawn on every frame of an entry is a
    large part of a chart's paint, for text that does not change."""

    def kept_key(self) -> tuple:
        # the document's HTML holds its text, fonts and colours; the width decides the wrapping
        return (self.document().toHtml(), self.textWidth(), self.defaultTextColor().rgba())


class ChartText(pg.TextItem):
    """A chart's text item, remembering the markup it was last given (``markup``; None until
    set_html): pyqtgraph's setHtml compares with toHtml(), which never equals our fragment, and
    the layout audit reads the colours the markup names."""

    def __init__(self, color: str, anchor: tuple[float, float]) -> None:
        super().__init__(color=color, anchor=anchor)
        self.markup: str | None = None


def make_text(color: str, anchor: tuple[float, float], still: bool = False, counting: bool = False) -> ChartText:
    """A text item. ``still``: its text stays put while the chart animates (StillText).
    Values that count up are drawn each frame; ``counting``: from glyph pixmaps (GlyphText)."""
    item = ChartText(color, anchor)
    if counting or still:
        plain, item.textItem = item.textItem, (GlyphText() if counting else StillText())
        plain.setParentItem(None)
        item.textItem.setParentItem(item)
        item.textItem.setDefaultTextColor(plain.defaultTextColor())
    doc = item.textItem.document()
    doc.setDocumentMargin(0)
    doc.setDefaultTextOption(text_option())
    item.setZValue(10)
    return item


def set_text(item: pg.TextItem, text: str) -> None:
    item.setText(text)  # a no-op when unchanged


def set_html(item: ChartText, markup: str) -> None:
    # TextItem.setHtml compares with toHtml(), which never equals our fragment: compare ourselves.
    if item.markup != markup:
        item.markup = markup
        item.setHtml(markup)
