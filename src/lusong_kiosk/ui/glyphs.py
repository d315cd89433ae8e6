"""A counting figure's number drawn fast: its line laid out once (``CountingLine``), its
characters blitted from glyph pixmaps kept per font, colour, pixel ratio and half-pixel position
(``draw_glyphs``, ``_GLYPHS``). Over 64 px Qt fills every glyph as a path on every paint (its
glyph cache stops there: docs/QT-NOTES.md), and a counting number repaints every frame.

This is one of the paint caches: the contract at the top of ``paint_cache`` holds for it (a
glyph's key; ``_GLYPHS`` empties itself past 2,048 glyphs)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPixmap
from PySide6.QtWidgets import QLabel

if TYPE_CHECKING:  # typing only: importing it has PySide make the class and its enums
    from PySide6.QtGui import QRawFont


class CountingPaint:
    """A label mixin (before ``Still`` and the Qt class): while ``counting`` is set, the label
    paints through that line (its number changing, its text kept final) and nothing is kept."""

    counting: CountingLine | None = None

    def paintEvent(self, event) -> None:  # noqa: ANN001 - a Qt event handler
        if self.counting is not None:
            self.counting.paint(self)  # type: ignore[arg-type] - a mixin, always on a QLabel
            return
        super().paintEvent(event)  # type: ignore[misc] - a mixin: the classes after it in the MRO have it


class CountingLine:
    """A figure's value line while it counts: the final rich text laid out once, as QLabel lays
    it out (the same document), then painted per frame as plain runs with the number replaced.
    Setting a new rich text on the label each frame would parse the HTML and lay the document
    out again, for six figures counting at once on a panel.

    The number's characters are drawn as the glyphs the label's line gives them (``shaping``),
    not as the font gives them alone: a digit has no script of its own and takes its
    neighbours', and the bundled font draws Latin-script digits (beside "over ... people")
    shorter than its default ones (a 192 px "0" ~4 px lower at the top) -- shaped alone, the
    number jumped when the count ended."""

    def __init__(self, parts: list[tuple[str, QFont, QColor, QPointF]], number: int, align: Qt.AlignmentFlag,
                 shaping: Shaping | None = None):
        self.parts, self.number, self.align, self.shaping = parts, number, align, shaping
        self.value = parts[number][0]
        self.lead = ""  # plain(): the line's text before the number, in a part of its own
        self._metrics = QFontMetricsF(parts[number][1])
        self._final_width = self._metrics.horizontalAdvance(self.value)

    @classmethod
    def build(cls, lab: QLabel, final_text: str) -> CountingLine | None:
        """For ``lab`` showing its final rich text; None when it is not one line holding
        ``final_text`` as a run of its own (QLabel then paints every frame, as before)."""
        from PySide6.QtGui import QTextDocument, QTextOption

        rect = lab.contentsRect()
        if lab.textFormat() != Qt.TextFormat.RichText or lab.indent() > 0 or lab.margin() > 0 or rect.width() <= 0:
            return None
        doc = QTextDocument()
        doc.setDocumentMargin(0)  # as QLabel's own document
        doc.setDefaultFont(lab.font())
        align = lab.alignment() & Qt.AlignmentFlag.AlignHorizontal_Mask
        option = QTextOption(align)
        option.setWrapMode(QTextOption.WrapMode.WordWrap if lab.wordWrap() else QTextOption.WrapMode.NoWrap)
        doc.setDefaultTextOption(option)
        doc.setHtml(lab.text())
        doc.setTextWidth(rect.width())
        height = doc.size().height()  # lays the document out (it is lazy)
        block = doc.begin()
        if doc.blockCount() != 1 or block.layout().lineCount() != 1:
            return None
        v = lab.alignment() & Qt.AlignmentFlag.AlignVertical_Mask
        free = rect.height() - height
        top = rect.top() + (0 if v == Qt.AlignmentFlag.AlignTop else free if v == Qt.AlignmentFlag.AlignBottom
                            else free / 2)
        origin = block.layout().position() + QPointF(rect.left(), top)
        ink = lab.palette().color(lab.foregroundRole())
        parts: list[tuple[str, QFont, QColor, QPointF]] = []
        number = -1
        it = block.begin()
        while not it.atEnd():
            frag = it.fragment()
            it += 1
            runs = frag.glyphRuns()
            if not runs or not frag.text().strip():
                continue
            fmt = frag.charFormat()
            brush = fmt.foreground()
            color = brush.color() if brush.style() != Qt.BrushStyle.NoBrush else ink
            if frag.text() == final_text:
                number = len(parts)
            parts.append((frag.text(), fmt.font().resolve(doc.defaultFont()), color, origin + runs[0].positions()[0]))
        if number < 0:
            return None
        return cls(parts, number, align, _shaping(lab, doc.defaultFont(), final_text, rect.width()))

    @classmethod
    def plain(cls, lab: QLabel, final_text: str) -> CountingLine | None:
        """For ``lab`` showing ``final_text`` as plain text on one line, left-aligned (a slide's
        number, qualifier and all): the whole line is the number; None otherwise."""
        from PySide6.QtGui import QTextLayout

        rect = lab.contentsRect()
        if (lab.textFormat() != Qt.TextFormat.PlainText or lab.text() != final_text or not final_text
                or lab.indent() > 0 or lab.margin() > 0 or rect.width() <= 0
                or not lab.alignment() & Qt.AlignmentFlag.AlignLeft):
            return None
        font = lab.font()
        fm = QFontMetricsF(font)
        if fm.horizontalAdvance(final_text) > rect.width():
            return None  # wrapped or cut: the label draws each value
        v = lab.alignment() & Qt.AlignmentFlag.AlignVertical_Mask
        free = rect.height() - fm.height()
        top = rect.top() + (0 if v == Qt.AlignmentFlag.AlignTop else free if v == Qt.AlignmentFlag.AlignBottom
                            else free / 2)
        ink = lab.palette().color(lab.foregroundRole())
        # the glyphs the line gives the characters a count may show, shaped beside the final text's
        chars = final_text + "".join(c for c in _COUNT_CHARS if c not in final_text)
        layout = QTextLayout(chars, font)
        layout.beginLayout()
        layout.createLine()
        layout.endLayout()
        runs = layout.glyphRuns()
        shaping = None
        if len(runs) == 1 and len(runs[0].glyphIndexes()) == len(chars):
            shaping = runs[0].rawFont(), dict(zip(chars, runs[0].glyphIndexes(), strict=True))
        at = QPointF(rect.left(), top + fm.ascent())
        # words before the number ("over") may be kerned, which glyphs blitted one by one are
        # not: then they are a part of their own, drawn as text, and the number starts where
        # the line puts it
        k = next((i for i, c in enumerate(final_text) if c.isdigit()), 0)
        layout = QTextLayout(final_text, font)
        layout.beginLayout()
        line = layout.createLine()
        layout.endLayout()
        lead_x = line.cursorToX(k)[0]
        if k == 0 or abs(lead_x - sum(fm.horizontalAdvance(c) for c in final_text[:k])) < 0.01:
            return cls([(final_text, font, ink, at)], 0, Qt.AlignmentFlag.AlignLeft, shaping)
        made = cls([(final_text[:k], font, ink, at), (final_text[k:], font, ink, at + QPointF(lead_x, 0))], 1,
                   Qt.AlignmentFlag.AlignLeft, shaping)
        made.lead = final_text[:k]
        return made

    def paint(self, lab: QLabel) -> None:
        delta = self._metrics.horizontalAdvance(self.value) - self._final_width
        before = 0.0 if self.align & Qt.AlignmentFlag.AlignLeft or not self.align else \
            -delta / 2 if self.align & Qt.AlignmentFlag.AlignHCenter else -delta
        p = QPainter(lab)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        for i, (text, font, color, at) in enumerate(self.parts):
            if i == self.number:
                # big type, which Qt would fill as paths on every frame: blitted glyphs instead
                draw_glyphs(p, self.value, at + QPointF(before, 0), font, color, lab.devicePixelRatioF(), self._metrics,
                            self.shaping)
                continue
            p.setFont(font)
            p.setPen(color)
            p.drawText(at + QPointF(before if i < self.number else before + delta, 0), text)
        p.end()


# a line's glyphs for the characters a counting number may show: the font they are drawn in
# and character -> glyph index, as shaped in that line (CountingLine)
Shaping = tuple["QRawFont", dict[str, int]]
_COUNT_CHARS = "0123456789.,+-%"  # what a number shows on its way to its final text


def _shaping(lab: QLabel, font: QFont, final_text: str, width: float) -> Shaping | None:
    """The glyphs ``lab``'s line gives the characters a count may show: its rich text laid
    out again with the number's run holding them all (digits and signs take the script of the
    text around them, so they shape as the final number's would); None where that is not one
    run of one glyph per character (then they are drawn as the font gives them alone)."""
    from PySide6.QtGui import QTextDocument

    chars = final_text + "".join(c for c in _COUNT_CHARS if c not in final_text)
    html = lab.text()
    if html.count(f">{final_text}<") != 1:
        return None
    doc = QTextDocument()
    doc.setDocumentMargin(0)
    doc.setDefaultFont(font)
    doc.setHtml(html.replace(f">{final_text}<", f">{chars}<"))
    doc.setTextWidth(max(width, 1.0) * 4)  # one line, whatever the longer run's width
    doc.size()
    it = doc.begin().begin()
    while not it.atEnd():
        frag = it.fragment()
        it += 1
        if frag.text() != chars:
            continue
        runs = frag.glyphRuns()
        if len(runs) != 1 or len(runs[0].glyphIndexes()) != len(chars):
            return None
        return runs[0].rawFont(), dict(zip(chars, runs[0].glyphIndexes(), strict=True))
    return None


def draw_glyphs(p: QPainter, text: str, at: QPointF, font: QFont, color: QColor, dpr: float,
                metrics: QFontMetricsF, shaping: Shaping | None = None) -> None:
    """``text`` on the baseline from ``at`` (in the painter's pixels, unscaled), one character
    pixmap after another, for numbers that change every frame in big type: over 64 px Qt fills
    every glyph as a path on each paint (its glyph cache stops at 64 px: docs/QT-NOTES.md),
    for every figure on every frame. Each character is drawn once per font, colour,
    pixel ratio and half-pixel position (_GLYPHS) and blitted from then on, at the advances
    ``metrics`` (of ``font``) gives: digits are not kerned. With ``shaping``, a character it
    holds is drawn as that glyph of its font (as its line shaped it) instead."""
    x, y = at.x(), math.floor(at.y())
    y_frac = round(at.y() - y, 3)  # one baseline per line: its exact fraction
    look = (font.key(), color.rgba(), dpr)  # once a call: a font's key is not cheap
    raw, gids = shaping if shaping is not None else (None, {})
    for ch in text:
        x0 = math.floor(x)
        key = (ch, gids.get(ch), look, (round((x - x0) * 2) / 2, y_frac))
        glyph = _GLYPHS.get(key, _UNMADE)
        if glyph is _UNMADE:
            glyph = _glyph(key, font, color, dpr, raw)
        if glyph is None:  # a character that draws nothing (a space)
            x += metrics.horizontalAdvance(ch)
            continue
        pm, left, top, advance = glyph
        p.drawPixmap(QPointF(x0 + left, y + top), pm)
        x += advance


_GLYPHS: dict[tuple, tuple[QPixmap, float, float, float] | None] = {}
_UNMADE = object()


def _glyph(key: tuple, font: QFont, color: QColor, dpr: float,
           raw: QRawFont | None = None) -> tuple[QPixmap, float, float, float] | None:
    """Made and kept in _GLYPHS under ``key`` = (ch, glyph index or None, (font key, colour,
    pixel ratio), offset): (pixmap, left, top, advance) of ``ch`` -- or of that glyph of ``raw``
    -- drawn as drawText draws it with its pen at ``offset``
    (the pen's fraction of a pixel: whole or half across, the line's own down; the outline's
    antialiasing follows it) on the baseline; None for a space. At 4K the five themes' figures
    hold ~6 MB of these (a digit at 192 px: ~60 KB)."""
    ch, gid, _, offset = key
    if len(_GLYPHS) > 2048:  # text sizes and palettes come and go: never a heap of stale glyphs
        _GLYPHS.clear()
    # every attribute set, so that a painter on a pixmap does not take the family from the
    # application's font (the document's fonts leave it unset: a label's painter fills it in)
    font = QFont(font)
    font.setFamilies(font.families() or [font.family()])
    font.setPixelSize(font.pixelSize())
    font.setWeight(font.weight())
    font.setItalic(font.italic())
    fm = QFontMetricsF(font)
    glyph = None
    if not ch.isspace():
        from PySide6.QtGui import QPainterPath

        run = None
        if gid is not None and raw is not None:
            from PySide6.QtGui import QGlyphRun

            run = QGlyphRun()
            run.setRawFont(raw)
            run.setGlyphIndexes([gid])
            run.setPositions([QPointF()])
            advance = raw.advancesForGlyphIndexes([gid])[0].x()
            outline = raw.pathForGlyph(gid).translated(offset[0], offset[1])
        else:
            advance = fm.horizontalAdvance(ch)
            outline = QPainterPath()
            outline.addText(offset[0], offset[1], font, ch)
        ink = outline.boundingRect()  # the pixmap holds the ink alone, a pixel around it
        left, top = math.floor(ink.left()) - 1, math.floor(ink.top()) - 1
        w, h = math.ceil(ink.right()) + 1 - left, math.ceil(ink.bottom()) + 1 - top
        pm = QPixmap(round(w * dpr), round(h * dpr))
        pm.setDevicePixelRatio(dpr)
        pm.fill(Qt.GlobalColor.transparent)
        gp = QPainter(pm)
        gp.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        gp.setFont(font)
        gp.setPen(color)
        if run is not None:
            gp.drawGlyphRun(QPointF(offset[0] - left, offset[1] - top), run)
        else:
            gp.drawText(QPointF(offset[0] - left, offset[1] - top), ch)
        gp.end()
        glyph = (pm, float(left), float(top), advance)
    _GLYPHS[key] = glyph
    return glyph
