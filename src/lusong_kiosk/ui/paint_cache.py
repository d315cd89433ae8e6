"""Paint kept as pixels: every paint cache of the screens, under one contract.

What is kept here (each measured by ``lusong-kiosk bench``; the README's performance section has
the gain of each):
- ``Still`` (a widget mixin): a label's, button's or scroll hint's own paint, kept in ``KEPT``;
  a chart at rest holds its one picture itself (``still_own``).
- ``KeptItem`` (a QGraphicsItem mixin): a chart's still text and a ring's track.
- ``CountingLine`` and ``draw_glyphs``: a counting figure's line laid out once, its number blitted
  from per-character pixmaps (``_GLYPHS``).
- ``Opaque`` is no cache, but the same kind of promise to Qt: the widget paints every pixel.

The contract:
1. **A key holds everything the paint depends on.** ``still_key()`` / ``kept_key()`` return what
   the widget or item shows: its text or HTML, pixmap keys, alignment, wrapping, colours, checked
   or pressed state, progress. The cache adds what is the same for every widget: size, device
   pixel ratio, enabled and active state, and a generation bumped by every style, font, palette
   and layout-direction change (their events; the font's and palette's keys are not hashed on
   every paint); for an item, the painter's scale, sub-pixel offset and render hints. A glyph's
   key is its character, font key, colour, pixel ratio and half-pixel position. Anything left
   out of a key is a stale picture waiting to happen (issue 17: a caption lost after a language
   switch). Return None while the paint changes every frame (a figure counting, a chart
   growing): nothing is kept then.
2. **When a picture is dropped.** A widget's picture is taken only after it painted twice in the
   same state, so a screen shown once keeps nothing. ``KEPT`` drops the least recently used
   beyond its budget (``Kept.fit_window``: two window-fuls, set by the shell on every resize and
   metrics change); a state that comes back (the other language) finds its picture again. A
   ``still_own`` widget (a chart's view) lets its picture and its items' pictures go when hidden;
   an item's picture is replaced when its key changes. ``_GLYPHS`` empties itself past 2,048
   glyphs (text sizes and palettes come and go). ``KEPT.clear()`` drops everything.
3. **On an exception.** An exception escaping a Python paint override aborts the whole app
   (docs/QT-NOTES.md): a kept item whose keeping fails is logged and painted directly from then
   on; a widget's keeping runs after its paint, from the event loop, and a failure there is
   logged and leaves the widget painting directly.
"""

from __future__ import annotations

import itertools
import logging
import math

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPixmap, QRawFont, QRegion, QTransform
from PySide6.QtWidgets import QLabel, QStyleOptionGraphicsItem, QWidget

log = logging.getLogger(__name__)


class Still:
    """A widget's own paint kept as a pixmap (a mixin, before the Qt class: ``class X(Still,
    QLabel)``). Once the widget has painted twice in the same state (``still_key()``), its paint
    -- not its children's -- is rendered into a pixmap after that paint and blitted from then on.

    Text is most of a panel's paint: every frame of a slide, a scroll or an entry animation
    (bench, whole-window render) redrew each label's glyphs -- CJK runs of distinct glyphs, and
    over 64 px filled as paths (Qt caches glyph images only up to 64 px; raising that limit
    blanks big text on X11: docs/QT-NOTES.md) -- and each styled button through the style
    sheet; a blit costs a small part of that paint. A widget painted once (a screen
    shown and left standing) keeps no pixmap, and nothing is kept while ``still_key()`` is
    None (a figure counting up). The pixmaps live in KEPT under one name per widget and state
    (a language switch finds the other language's pixmap again instead of making a new one),
    within a budget the shell sets for the window's size (``Kept.fit_window``), least recently used first.
    A pixmap holds the ink's box only (``still_rect``), and widgets that look alike share one
    (``still_shared``): a theme panel's text at 4K, ~5 MB. A widget whose states never come back
    (a chart: each change is a new state) holds its one pixmap itself instead (``still_own``).
    """

    _still_seen: tuple | None = None
    _still_busy = False
    _still_name = ""
    _still_gen = 0  # bumped by style, font and palette changes: they are not in the key (a
    # font's key() and a palette's cacheKey() cost more than the blit they would guard, a button's style sheet more;
    # Qt sends the widget these events whenever its own or an inherited one changes)
    still_shared = False  # True: widgets of this class in the same state share one pixmap
    still_own = False  # True: the widget holds its one pixmap itself, not in KEPT (see still_drop)
    _still_own: tuple | None = None  # (state, pixmap, where) of a still_own widget

    def still_key(self) -> tuple | None:
        """Everything the widget's own paint depends on, or None to paint it every time."""
        return None

    def still_rect(self) -> QRect:
        """The part of the widget its paint inks (the pixmap holds that alone)."""
        return self.rect()

    def still_surface(self) -> QWidget:
        """The widget its paint draws on: itself, or a scroll area's viewport (a chart's view)."""
        return self  # type: ignore[return-value] - a mixin, always on a QWidget

    def _still_state(self) -> tuple | None:
        key = self.still_key()
        if key is None:
            return None
        return (*key, self.size(), self.devicePixelRatioF(), self.isEnabled(), self.isActiveWindow(),
                self._still_gen)

    def paint_now(self, event) -> None:  # noqa: ANN001 - a Qt paint event
        """The widget's own paint (default: its Qt class's); a pure Python widget overrides this
        rather than paintEvent."""
        super().paintEvent(event)  # type: ignore[misc] - a mixin: the Qt class after it in the MRO has it

    def kept(self) -> QPixmap | None:
        """The pixmap its next paint would blit, if any."""
        state = self._still_state()
        kept = None if state is None else self._still_get(state)
        return None if kept is None else kept[0]

    def still_drop(self) -> None:
        """Let go of a still_own widget's pixmap (it paints and keeps again when next at rest)."""
        self._still_own = None

    def _still_get(self, state: tuple) -> tuple[QPixmap, QPoint] | None:
        if self.still_own:
            own = self._still_own
            return (own[1], own[2]) if own is not None and own[0] == state else None
        return KEPT.get(self._still_pixmap_name(state))

    def _still_pixmap_name(self, state: tuple) -> str:
        if not self._still_name:
            self._still_name = f"lk-still-{type(self).__name__ if self.still_shared else next(_STILL_IDS)}:"
        return f"{self._still_name}{hash(state):x}"

    def paintEvent(self, event) -> None:  # noqa: ANN001 - a Qt event handler
        state = None if self._still_busy else self._still_state()
        if state is not None:
            kept = self._still_get(state)
            if kept is not None:
                p = QPainter(self.still_surface())
                p.drawPixmap(kept[1], kept[0])
                p.end()
                return
        self.paint_now(event)
        if state is not None:
            if state == self._still_seen:  # the same paint a second time: keep it, after this paint
                QTimer.singleShot(0, self, self._still_keep)  # (cancelled if the widget goes)
            self._still_seen = state

    def _still_keep(self) -> None:
        try:
            self._still_keep_now()
        except Exception:
            log.exception("keeping the paint of %s failed; painting it directly", type(self).__name__)
            self.still_key = lambda: None  # type: ignore[method-assign] - this widget only

    def _still_keep_now(self) -> None:
        state = self._still_state()
        if state is None or state != self._still_seen or self.width() <= 0 or self.height() <= 0:
            return
        dpr = self.devicePixelRatioF()
        surface = self.still_surface()
        rect = self.still_rect() & surface.rect()
        if rect.isEmpty():
            return
        pm = QPixmap(round(rect.width() * dpr), round(rect.height() * dpr))
        pm.setDevicePixelRatio(dpr)
        pm.fill(Qt.GlobalColor.transparent)
        self._still_busy = True
        try:  # its own paint, no background; rect's corner at the pixmap's
            QWidget.render(surface, pm, QPoint(), QRegion(rect), QWidget.RenderFlag(0))
        finally:
            self._still_busy = False
        if self.still_own:
            self._still_own = (state, pm, rect.topLeft())
        else:
            KEPT.put(self._still_pixmap_name(state), pm, rect.topLeft())

    def changeEvent(self, event) -> None:  # noqa: ANN001 - a Qt event handler
        if event.type() in _STILL_CHANGES:
            self._still_gen += 1
        super().changeEvent(event)


_STILL_IDS = itertools.count(1)


class Kept:
    """The kept paints: name -> (pixmap, where it goes in its widget), least recently used
    dropped first beyond ``budget`` bytes. Not Qt's QPixmapCache: that one drains itself on a
    30 s timer (a quarter of it whenever nothing was added meanwhile), so a panel's text was
    painted and kept again on most visits."""

    WINDOWFULS = 2

    def __init__(self, budget: int = 24 << 20):
        from collections import OrderedDict

        self.budget = budget
        self.used = 0
        self._items: OrderedDict[str, tuple[QPixmap, QPoint]] = OrderedDict()

    def get(self, name: str) -> tuple[QPixmap, QPoint] | None:
        item = self._items.get(name)
        if item is not None:
            self._items.move_to_end(name)
        return item

    def put(self, name: str, pm: QPixmap, at: QPoint) -> None:
        old = self._items.pop(name, None)
        if old is not None:
            self.used -= self._cost(old[0])
        self._items[name] = (pm, at)
        self.used += self._cost(pm)
        while self.used > self.budget and len(self._items) > 1:
            _, (gone, _) = self._items.popitem(last=False)
            self.used -= self._cost(gone)

    def fit_window(self, width: int, height: int) -> None:
        """The budget for a window of this size: ``WINDOWFULS`` window-fuls of 32-bit pixels (16.6 MB
        at 1920x1080, 66 MB at 3840x2160; a screen's text is ~1.3 MB at 1080p, ~5 MB at 4K). With
        three, the memory cycles at 1080p peaked near the 300 MB target. Qt's own QPixmapCache stays
        at its 10 MB: raised, it cached the style sheets' big card backgrounds and evicted them at
        every visit (docs/QT-NOTES.md)."""
        self.budget = self.WINDOWFULS * width * height * 4

    def clear(self) -> None:
        self._items.clear()
        self.used = 0

    @staticmethod
    def _cost(pm: QPixmap) -> int:
        return pm.width() * pm.height() * pm.depth() // 8


KEPT = Kept()
_STILL_CHANGES = (QEvent.Type.StyleChange, QEvent.Type.FontChange, QEvent.Type.PaletteChange,
                  QEvent.Type.LayoutDirectionChange)


class KeptItem:
    """A QGraphicsItem's paint kept as one pixmap in device pixels (a mixin, before the Qt
    class), under a key made of everything that paint depends on: ``kept_key()`` -- what the item
    shows, which each class states in full -- and the painter's scale and sub-pixel offset (a
    move by whole pixels reuses it, as Qt's own item cache does).

    This replaces Qt's DeviceCoordinateCache, which is invalidated by the rectangles passed to
    update(), not by what the item shows: a QGraphicsTextItem reports only the rectangles its
    document says changed, so after a new text was laid out at another width the cache repainted
    the old rectangles and kept the rest -- a chart's caption and category names vanished after a
    language switch and stayed gone (issue 17). A key that holds what is drawn cannot miss a
    change that way; an item that cannot say what it shows returns None and is painted directly.
    """

    _kept_paint: tuple | None = None  # (state, pixmap)

    def kept_key(self) -> tuple | None:
        """Everything this item's own paint depends on, besides the painter's transform."""
        return None

    def kept_drop(self) -> None:
        """Let go of the kept picture (it is made again at the next paint)."""
        self._kept_paint = None

    def paint(self, painter: QPainter, option, widget=None) -> None:  # noqa: ANN001 - QGraphicsItem.paint's arguments
        # an exception escaping a Python paint override aborts the whole app (docs/QT-NOTES.md)
        try:
            self._kept_paint_now(painter, option, widget)
        except Exception:
            log.exception("kept paint of %s failed; painting it directly", type(self).__name__)
            self.kept_key = lambda: None  # type: ignore[method-assign] - for this one object
            super().paint(painter, option, widget)  # type: ignore[misc] - a mixin: the Qt class after it in the MRO has it

    def _kept_paint_now(self, painter: QPainter, option, widget) -> None:  # noqa: ANN001 - QGraphicsItem.paint's arguments
        key = self.kept_key()
        world = painter.worldTransform()
        if key is None or world.type().value > QTransform.TransformationType.TxScale.value:
            super().paint(painter, option, widget)  # type: ignore[misc] - a mixin: the Qt class after it in the MRO has it
            return
        device = world.mapRect(self.boundingRect()).toAlignedRect().adjusted(-1, -1, 1, 1)  # type: ignore[attr-defined] - a mixin: the Qt class defines it
        if device.isEmpty():
            return
        dpr = painter.device().devicePixelRatioF()
        # the item's origin within its pixmap: the same for any whole-pixel move
        state = (key, world.m11(), world.m22(), round((world.dx() - device.left()) * 256),
                 round((world.dy() - device.top()) * 256), device.size(), dpr, painter.renderHints())
        kept = self._kept_paint
        if kept is None or kept[0] != state:
            pm = QPixmap(round(device.width() * dpr), round(device.height() * dpr))
            pm.setDevicePixelRatio(dpr)
            pm.fill(Qt.GlobalColor.transparent)
            p = QPainter(pm)
            p.setRenderHints(painter.renderHints())
            p.setWorldTransform(world * QTransform.fromTranslate(-device.left(), -device.top()))
            whole = QStyleOptionGraphicsItem(option)
            whole.exposedRect = self.boundingRect()  # type: ignore[attr-defined] - a mixin: the Qt class defines it
            super().paint(p, whole, widget)  # type: ignore[misc] - a mixin: the Qt class after it in the MRO has it
            p.end()
            kept = self._kept_paint = (state, pm)
        painter.save()
        painter.setWorldTransform(QTransform())
        painter.drawPixmap(device.topLeft(), kept[1])
        painter.restore()


class Opaque:
    """A widget that paints every pixel of itself (a mixin, before the Qt class): Qt then paints
    nothing under it -- a full-window overlay no longer costs the whole screen beneath at every
    frame. The flag (WA_OpaquePaintEvent) is set again after each polish and style change: the
    style sheet's polish clears it on any widget a rule gives a background, and the app's sheet
    gives every widget one (``background: transparent``)."""

    def opaque(self) -> bool:
        """Whether it paints every pixel now (call ``mark_opaque`` when that changes)."""
        return True

    def mark_opaque(self) -> None:
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, self.opaque())  # type: ignore[attr-defined] - a mixin: the Qt class defines it

    def event(self, e: QEvent) -> bool:
        done = super().event(e)  # type: ignore[misc] - a mixin: the Qt class after it in the MRO has it
        if e.type() in (QEvent.Type.Polish, QEvent.Type.StyleChange):
            self.mark_opaque()
        return done


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
Shaping = tuple[QRawFont, dict[str, int]]
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
