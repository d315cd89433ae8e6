"""Small building blocks: labels, tap targets, tiles, icons, cards and counting figures."""

from __future__ import annotations

import functools
import itertools
import logging
import math
from pathlib import Path

from PySide6.QtCore import QEasingCurve, QEvent, QPoint, QPointF, QRect, QRectF, QSize, Qt, QTimer, QVariantAnimation
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QIcon, QImage, QPainter, QPixmap, QRegion, QTransform
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStyleOptionGraphicsItem,
    QVBoxLayout,
    QWidget,
)

from ..content.model import Figure
from ..present.format import figure_number, figure_words, period, qualifier
from . import style

log = logging.getLogger(__name__)

PLACEHOLDER = "images/placeholder.svg"


class Still:
    """A widget's own paint kept as a pixmap (a mixin, before the Qt class: ``class X(Still,
    QLabel)``). Once the widget has painted twice in the same state (``still_key()``), its paint
    -- not its children's -- is rendered into a pixmap after that paint and blitted from then on.

    Text is most of a panel's paint: every frame of a slide, a scroll or an entry animation
    (bench, whole-window render) redrew each label's glyphs -- CJK runs of distinct glyphs, and
    over 64 px filled as paths (Qt caches glyph images only up to 64 px; raising that limit
    blanks big text on X11: docs/QT-NOTES.md) -- and each styled button through the style
    sheet. A 28 px paragraph: 0.34 ms painted, 0.02 ms blitted. A widget painted once (a screen
    shown and left standing) keeps no pixmap, and nothing is kept while ``still_key()`` is
    None (a figure counting up). The pixmaps live in KEPT under one name per widget and state
    (a language switch finds the other language's pixmap again instead of making a new one),
    within a budget the window sets for its size (ui/window.py), least recently used first.
    A pixmap holds the ink's box only (``still_rect``), and widgets that look alike share one
    (``still_shared``): a theme panel's text at 4K, ~5 MB. A widget whose states never come back
    (a chart: each change is a new state) holds its one pixmap itself instead (``still_own``).
    """

    _still_seen: tuple | None = None
    _still_busy = False
    _still_name = ""
    _still_gen = 0  # bumped by style, font and palette changes: they are not in the key (a
    # font's key() and a palette's cacheKey() cost ~8 us a paint, a button's style sheet more;
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
        return self  # type: ignore[return-value]

    def _still_state(self) -> tuple | None:
        key = self.still_key()
        if key is None:
            return None
        return (*key, self.size(), self.devicePixelRatioF(), self.isEnabled(), self.isActiveWindow(),
                self._still_gen)

    def paint_now(self, event) -> None:  # noqa: ANN001
        """The widget's own paint (default: its Qt class's); a pure Python widget overrides this
        rather than paintEvent."""
        super().paintEvent(event)  # type: ignore[misc]

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

    def paintEvent(self, event) -> None:  # noqa: ANN001, N802
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

    def changeEvent(self, event) -> None:  # noqa: ANN001, N802
        if event.type() in _STILL_CHANGES:
            self._still_gen += 1
        super().changeEvent(event)


_STILL_IDS = itertools.count(1)


class Kept:
    """The kept paints: name -> (pixmap, where it goes in its widget), least recently used
    dropped first beyond ``budget`` bytes. Not Qt's QPixmapCache: that one drains itself on a
    30 s timer (a quarter of it whenever nothing was added meanwhile), so a panel's text was
    painted and kept again on most visits."""

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

    def paint(self, painter: QPainter, option, widget=None) -> None:  # noqa: ANN001
        # an exception escaping a Python paint override aborts the whole app (docs/QT-NOTES.md)
        try:
            self._kept_paint_now(painter, option, widget)
        except Exception:  # noqa: BLE001 - logged; the item is painted directly from now on
            log.exception("kept paint of %s failed; painting it directly", type(self).__name__)
            self.kept_key = lambda: None  # type: ignore[method-assign]
            super().paint(painter, option, widget)  # type: ignore[misc]

    def _kept_paint_now(self, painter: QPainter, option, widget) -> None:  # noqa: ANN001
        key = self.kept_key()
        world = painter.worldTransform()
        if key is None or world.type().value > QTransform.TransformationType.TxScale.value:
            super().paint(painter, option, widget)  # type: ignore[misc]
            return
        device = world.mapRect(self.boundingRect()).toAlignedRect().adjusted(-1, -1, 1, 1)  # type: ignore[attr-defined]
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
            whole.exposedRect = self.boundingRect()  # type: ignore[attr-defined]
            super().paint(p, whole, widget)  # type: ignore[misc]
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
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, self.opaque())  # type: ignore[attr-defined]

    def event(self, e: QEvent) -> bool:
        done = super().event(e)  # type: ignore[misc]
        if e.type() in (QEvent.Type.Polish, QEvent.Type.StyleChange):
            self.mark_opaque()
        return done


class WrapLabel(Still, QLabel):
    """A word-wrapping label that asks its layout for the height its text needs at its
    current width (Qt's box layouts do not always honour height-for-width inside widgets)."""

    def _fit(self) -> None:
        if self.width() <= 0:
            return
        old = self.minimumHeight()
        # QLabel's height-for-width never drops below the minimum height: measure without it
        self.setMinimumHeight(0)
        need = self.heightForWidth(self.width())
        self.setMinimumHeight(need if need > 0 else old)

    def resizeEvent(self, event) -> None:  # noqa: ANN001
        super().resizeEvent(event)
        self._fit()

    def setText(self, text: str) -> None:  # noqa: N802
        super().setText(text)
        self._fit()

    def changeEvent(self, event) -> None:  # noqa: ANN001
        super().changeEvent(event)
        if event.type() in (event.Type.FontChange, event.Type.StyleChange):
            self._fit()

    counting: CountingLine | None = None  # a figure counting up paints through this (FigureView)

    def still_key(self) -> tuple | None:
        if self.counting is not None:
            return None
        pm = self.pixmap()
        return (self.text(), self.textFormat(), int(self.alignment()), self.wordWrap(), self.indent(), self.margin(),
                self.contentsRect().getRect(), 0 if pm.isNull() else pm.cacheKey())

    def still_rect(self) -> QRect:
        """Plain text: the lines' box, not the label's (a wrapped label is a column wide; its
        last line, a heading, a centred title are not): at 4K the kept pixmaps of a theme panel
        went from ~10 to ~6 MB."""
        from PySide6 import QtGui

        fmt = self.textFormat()
        if fmt == Qt.TextFormat.RichText or not self.text() or (
                fmt == Qt.TextFormat.AutoText and QtGui.Qt.mightBeRichText(self.text())):
            return self.rect()
        flags = int(self.alignment()) | (int(Qt.TextFlag.TextWordWrap) if self.wordWrap() else 0)
        box = self.fontMetrics().boundingRect(self.contentsRect(), flags, self.text())
        pad = 2 + self.font().pixelSize() // 8  # glyphs may ink past their advance
        return box.adjusted(-pad, -pad, pad, pad)

    def paintEvent(self, event) -> None:  # noqa: ANN001
        if self.counting is not None:
            self.counting.paint(self)
            return
        super().paintEvent(event)


class CountingLine:
    """A figure's value line while it counts: the final rich text laid out once, as QLabel lays
    it out (the same document), then painted per frame as plain runs with the number replaced.
    Setting a new rich text on the label each frame (HTML parsed, document laid out) cost
    0.8-1.2 ms per figure per frame; this, 0.4 (six figures count at once on a panel)."""

    def __init__(self, parts: list[tuple[str, QFont, QColor, QPointF]], number: int, align: Qt.AlignmentFlag):
        self.parts, self.number, self.align = parts, number, align
        self.value = parts[number][0]
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
        return cls(parts, number, align) if number >= 0 else None

    def paint(self, lab: QLabel) -> None:
        delta = self._metrics.horizontalAdvance(self.value) - self._final_width
        before = 0.0 if self.align & Qt.AlignmentFlag.AlignLeft or not self.align else \
            -delta / 2 if self.align & Qt.AlignmentFlag.AlignHCenter else -delta
        p = QPainter(lab)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        for i, (text, font, color, at) in enumerate(self.parts):
            if i == self.number:
                # its type is over 64 px: six counting figures at 4K 6.1 -> 3.2 ms a frame (1080p 3.4 -> 2.9)
                draw_glyphs(p, self.value, at + QPointF(before, 0), font, color, lab.devicePixelRatioF(), self._metrics)
                continue
            p.setFont(font)
            p.setPen(color)
            p.drawText(at + QPointF(before if i < self.number else before + delta, 0), text)
        p.end()


def draw_glyphs(p: QPainter, text: str, at: QPointF, font: QFont, color: QColor, dpr: float,
                metrics: QFontMetricsF) -> None:
    """``text`` on the baseline from ``at`` (in the painter's pixels, unscaled), one character
    pixmap after another, for numbers that change every frame in big type: over 64 px Qt fills
    every glyph as a path on each paint (its glyph cache stops at 64 px: docs/QT-NOTES.md),
    ~0.25 ms per figure per frame at 1080p. Each character is drawn once per font, colour,
    pixel ratio and half-pixel position (_GLYPHS) and blitted from then on, at the advances
    ``metrics`` (of ``font``) gives: digits are not kerned."""
    x, y = at.x(), math.floor(at.y())
    y_frac = round(at.y() - y, 3)  # one baseline per line: its exact fraction
    look = (font.key(), color.rgba(), dpr)  # once a call: a font's key costs ~6 us
    for ch in text:
        x0 = math.floor(x)
        key = (ch, look, (round((x - x0) * 2) / 2, y_frac))
        glyph = _GLYPHS.get(key, _UNMADE)
        if glyph is _UNMADE:
            glyph = _glyph(key, font, color, dpr)
        if glyph is None:  # a character that draws nothing (a space)
            x += metrics.horizontalAdvance(ch)
            continue
        pm, left, top, advance = glyph
        p.drawPixmap(QPointF(x0 + left, y + top), pm)
        x += advance


_GLYPHS: dict[tuple, tuple[QPixmap, float, float, float] | None] = {}
_UNMADE = object()


def _glyph(key: tuple, font: QFont, color: QColor, dpr: float) -> tuple[QPixmap, float, float, float] | None:
    """Made and kept in _GLYPHS under ``key`` = (ch, (font key, colour, pixel ratio), offset):
    (pixmap, left, top, advance) of ``ch`` drawn as drawText draws it with its pen at ``offset``
    (the pen's fraction of a pixel: whole or half across, the line's own down; the outline's
    antialiasing follows it) on the baseline; None for a space. At 4K the five themes' figures
    hold ~6 MB of these (a digit at 192 px: ~60 KB)."""
    ch, _, offset = key
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
        gp.drawText(QPointF(offset[0] - left, offset[1] - top), ch)
        gp.end()
        glyph = (pm, float(left), float(top), advance)
    _GLYPHS[key] = glyph
    return glyph


def label(text: str = "", role: str | None = None, wrap: bool = True,
          parent: QWidget | None = None) -> QLabel:
    """A QLabel with a style role (title, heading, muted, small, source) that never eats input."""
    lab = WrapLabel(text, parent) if wrap else QLabel(text, parent)
    if role:
        lab.setProperty("role", role)
    lab.setWordWrap(wrap)
    lab.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    lab.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    lab.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
    if wrap:
        lab.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    return lab


@functools.lru_cache(maxsize=256)
def _render_svg(path: str, nbytes: int, mtime_ns: int, px: int, color: str) -> QPixmap:
    """One version of a file (path, size and mtime: a replaced icon is drawn again), at one size.

    The bytes are read once, checked (content/limits.py: no named pipe, no <use> bomb, no
    entity, no outside file) and the same bytes rendered: what passed ``check`` is what is drawn.
    """
    from PySide6.QtCore import QByteArray

    from ..content.limits import MAX_SVG_BYTES, read_regular, svg_data_problem

    raw = read_regular(path, MAX_SVG_BYTES)  # Refused (an Exception) for a pipe or a huge file
    why = svg_data_problem(raw)
    if why:
        raise ValueError(why)
    renderer = QSvgRenderer(QByteArray(raw))
    if not renderer.isValid():
        raise ValueError(f"not a valid SVG: {path}")
    img = QImage(px, px, QImage.Format.Format_ARGB32_Premultiplied)
    img.fill(Qt.GlobalColor.transparent)
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    size = renderer.defaultSize()
    w, h = max(1, size.width()), max(1, size.height())
    k = min(px / w, px / h)
    renderer.render(p, QRectF((px - w * k) / 2, (px - h * k) / 2, w * k, h * k))
    if color:
        p.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
        p.fillRect(img.rect(), QColor(color))
    p.end()
    return QPixmap.fromImage(img)


def svg_pixmap(path: Path, px: int, color: str) -> QPixmap:
    """The SVG at ``path`` rendered (cached per version of the file), or an exception saying why not."""
    st = path.stat()  # FileNotFoundError for a deleted file
    return _render_svg(str(path), st.st_size, st.st_mtime_ns, px, color)


# The last picture drawn for each (file, size, tint): the last good state of the assets. A file
# deleted or broken while the kiosk runs keeps showing this instead of a placeholder.
_last_good: dict[tuple[str, int, str], QPixmap] = {}
LAST_GOOD_MAX = 256


def keep_last_good(key: tuple[str, int, str], draw) -> QPixmap | None:  # noqa: ANN001
    """``draw()``'s pixmap, remembered under ``key``; when it fails (logged), the one remembered."""
    try:
        pm = draw()
    except Exception as exc:  # noqa: BLE001 - a broken or missing file must not take a screen down
        kept = _last_good.get(key)
        log.warning("picture %s unavailable (%s); showing %s", key[0], exc,
                    "its last good version" if kept is not None else "a placeholder")
        return kept
    _last_good.pop(key, None)
    _last_good[key] = pm  # newest last: the oldest go first
    while len(_last_good) > LAST_GOOD_MAX:
        del _last_good[next(iter(_last_good))]
    return pm


def icon_pixmap(assets_dir: Path, rel: str | None, px: int, color: str = style.TEXT) -> QPixmap:
    """An SVG from assets/ as a tinted pixmap; its last good version, or a neutral placeholder
    (and a log line), if it cannot be drawn now."""
    if rel:
        pm = keep_last_good((rel, px, color), lambda: svg_pixmap(Path(assets_dir) / rel, px, color))
        if pm is not None:
            return pm
    try:
        return svg_pixmap(Path(assets_dir) / PLACEHOLDER, px, "")
    except Exception:  # noqa: BLE001 - no placeholder either: a plain square
        pm = QPixmap(px, px)
        pm.fill(QColor(style.LINE))
        return pm


class TapButton(Still, QPushButton):
    """A touch target: at least ``style.TARGET`` design px high, visible pressed state."""

    def __init__(self, text: str = "", parent: QWidget | None = None, accent: str = style.LINE,
                 kind: str = "plain"):
        super().__init__(text, parent)
        self.setAccessibleName(text)  # follows the text (setText), unless set to something else
        self.accent = accent
        self.kind = kind
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAutoDefault(False)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        self.apply_metrics(style.Metrics(1.0, False))

    def apply_metrics(self, m: style.Metrics) -> None:
        self._m = m
        self.setMinimumHeight(m.target)
        if self.sizePolicy().verticalPolicy() == QSizePolicy.Policy.Fixed:
            self.setFixedHeight(m.target)
        radius = m.px(14)
        pad = m.px(24)
        border = m.px(style.BORDER)
        if self.kind == "ghost":
            bg, bgp = "transparent", style.BG_PRESSED
        else:
            bg, bgp = style.BG_RAISED, style.BG_PRESSED
        css = (f"QPushButton {{ background: {bg}; color: {style.TEXT}; border: {border}px solid {style.LINE};"
               f" border-radius: {radius}px; padding: 0 {pad}px; font-size: {m.body}px; outline: none; }}"
               f"QPushButton:pressed, QPushButton:checked {{ background: {bgp};"
               f" border-color: {style.accent(self.accent)}; }}")
        style.apply_sheet(self, css)  # only when it changes: the same sheet again re-polishes (~1 ms)
        if not self.icon().isNull():
            self.setIconSize(QSize(m.px(36), m.px(36)))

    def still_key(self) -> tuple | None:
        return (self.text(), self.icon().cacheKey(), self.iconSize(), self.isDown(), self.isChecked(),
                self.hasFocus())

    def setText(self, text: str) -> None:  # noqa: N802
        """The accessible name follows the text, unless it was set to something else."""
        if not self.accessibleName() or self.accessibleName() == self.text():
            self.setAccessibleName(text)
        super().setText(text)


class Tile(QPushButton):
    """A big home-screen entry: icon and title, the theme's hero figure (or another large line),
    its tagline, with an accent bar; tap to open. As tall as what it holds."""

    def __init__(self, assets_dir: Path, icon: str | None, accent: str, parent: QWidget | None = None,
                 hero: QWidget | None = None):
        super().__init__(parent)
        self.assets_dir = assets_dir
        self.icon_rel = icon
        self.accent = accent
        self.hero = hero
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAutoDefault(False)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        # its style set before it has children: set after, it re-polished each of them (a hero
        # figure's rich-text lines laid out again: ~4 ms a tile of the first frame)
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
        if self.hero is not None and hasattr(self.hero, "apply_metrics"):
            self.hero.apply_metrics(m)

    def _style(self, m: style.Metrics) -> None:
        accent = style.accent(self.accent)
        css = (f"Tile {{ background: {style.BG_RAISED}; border: {m.px(style.BORDER)}px solid {style.LINE};"
               f" border-top: {m.px(8)}px solid {accent}; border-radius: {m.px(22)}px; outline: none; }}"
               f"Tile:pressed {{ background: {style.BG_PRESSED}; border-color: {accent}; }}")
        style.apply_sheet(self, css)


class Card(QFrame):
    """A raised panel for stories and other text blocks."""

    def __init__(self, accent: str = style.LINE, parent: QWidget | None = None):
        super().__init__(parent)
        self.accent = accent
        self.setObjectName("Card")
        self.body = QVBoxLayout(self)
        self.apply_metrics(style.Metrics(1.0, False))

    def apply_metrics(self, m: style.Metrics) -> None:
        self.body.setContentsMargins(m.px(28), m.px(24), m.px(28), m.px(24))
        self.body.setSpacing(m.px(12))
        edge = f"{m.px(style.BORDER)}px solid {style.LINE}" if style.HIGH_CONTRAST else "none"
        css = (f"#Card {{ background: {style.BG_RAISED}; border: {edge};"
               f" border-left: {m.px(6)}px solid {style.accent(self.accent)};"
               f" border-radius: {m.px(14)}px; }}")
        style.apply_sheet(self, css)


class FigureView(QWidget):
    """One big figure: qualifier, counting value with unit small beside it, label below."""

    def __init__(self, figure: Figure, accent: str, parent: QWidget | None = None, big: bool = True):
        super().__init__(parent)
        self.figure = figure
        self.accent = accent
        self.big = big
        self.lang = "zh"
        self._shown = 0.0
        self._m = style.Metrics(1.0, False)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.value_label = label("", None)
        self.value_label.setTextFormat(Qt.TextFormat.RichText)
        self.caption = label("", "muted")
        lay.addWidget(self.value_label)
        lay.addWidget(self.caption)
        lay.addStretch(1)
        self._anim = QVariantAnimation(self)
        self._anim.setEasingCurve(QEasingCurve.Type.OutCubic)
        self._anim.setStartValue(0.0)
        self._anim.setEndValue(1.0)
        self._anim.valueChanged.connect(self._on_progress)
        self._progress = 1.0
        self._frozen = False  # the value label's size is pinned while the figure counts
        self._size_cache: tuple = ((), 0)
        self._line: tuple = ((), None)  # (key, CountingLine or None) of the last count

    # state ------------------------------------------------------------
    def target_value(self) -> float:
        return self.figure.display_value(self.lang)

    def shown_value(self) -> float:
        return self._shown

    def text(self) -> str:
        """The full text a visitor reads (qualifier, value, unit, label)."""
        return self.value_label.text() + " " + self.caption.text()

    def value_text(self) -> str:
        return figure_number(self.figure, self.lang, self._shown)

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.caption.setText(self.figure.label(lang))
        self._thaw()
        self._on_progress(self._progress)

    def apply_metrics(self, m: style.Metrics) -> None:
        self._m = m
        self.layout().setSpacing(m.px(4))
        self._thaw()
        self._on_progress(self._progress)

    def animate(self, duration_ms: int, delay_ms: int = 0) -> None:
        self._anim.stop()
        if duration_ms <= 0:
            self.finish()
            return
        self._anim.setDuration(duration_ms)
        # its lines placed first: counting pins the value line's width, and a figure just added
        # to a layout and not shown yet still has its lines at their default width (its own
        # layout ran when it was 100 px wide, and a hidden widget gets no resize event)
        self.layout().invalidate()
        self.layout().activate()
        self._on_progress(0.0)
        self._anim.start()

    def finish(self) -> None:
        if self._progress >= 1.0 and not self.is_animating() and not self._frozen:
            return  # already showing its final value (leaving a panel finishes every figure)
        self._anim.stop()
        self._on_progress(1.0)

    def is_animating(self) -> bool:
        return self._anim.state() == QVariantAnimation.State.Running

    def hideEvent(self, event) -> None:  # noqa: ANN001
        if self.is_animating():
            self.finish()
        super().hideEvent(event)

    def _number_size(self) -> int:
        """The figure's type size, shrunk if its final value would not fit the column."""
        from PySide6.QtGui import QFont, QFontMetrics

        size = self._m.figure if self.big else self._m.fpx(56)
        width = self.width()
        if width <= 0:
            return size
        key = (width, size, self.lang, self._m, self.font().key())
        if self._size_cache[0] == key:  # asked on every frame of the count
            return self._size_cache[1]
        font = QFont(self.font())
        font.setPixelSize(size)
        font.setBold(True)
        final = figure_number(self.figure, self.lang)
        adv = QFontMetrics(font).horizontalAdvance(final)
        # the qualifier ("超过", "over") and a short unit ("户", "%", "beds") stay on the number's
        # line: wrapped, a lone "户" under "20000" read as a broken line (portrait); long units wrap
        small = QFont(self.font())
        small.setPixelSize(self._m.body if self.big else self._m.small)
        f, beside = self.figure, ""
        if f.unit and len(f.unit(self.lang)) <= 4:
            beside += " " + f.unit(self.lang)
        if f.qualifier:
            beside += qualifier(f.qualifier, self.lang) + " "
        room = width - QFontMetrics(small).horizontalAdvance(beside) - 2
        fitted = size if adv <= room else max(self._m.px(40), int(size * max(room, 1) / adv))
        self._size_cache = (key, fitted)
        return fitted

    def resizeEvent(self, event) -> None:  # noqa: ANN001
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self._thaw()
            self._on_progress(self._progress)

    def _freeze(self, final_markup: str) -> None:
        """Pin the value label to its size, high enough for the final (widest) figure, while it
        counts: a label whose text may change its size makes Qt lay the whole panel out again
        on every frame (`lusong-kiosk bench`: a theme's entry frame, 16 -> 4 ms of updates)."""
        lab = self.value_label
        QLabel.setText(lab, final_markup)
        need = lab.heightForWidth(lab.width())
        lab.setFixedSize(lab.width(), max(lab.height(), need))
        self._frozen = True
        final = figure_number(self.figure, self.lang)
        # the same line at each visit: built once (its document's layout was ~0.5 ms of a tap at
        # 4K for each of a panel's twelve figures)
        key = (final_markup, final, lab.size(), lab.font().key(), int(lab.alignment()), lab.palette().cacheKey())
        if self._line[0] != key:
            self._line = (key, CountingLine.build(lab, final))
        lab.counting = self._line[1]  # None: QLabel lays each frame out

    def _thaw(self) -> None:
        if self._frozen:
            self._frozen = False
            self.value_label.counting = None
            self.value_label.setMinimumSize(0, 0)
            self.value_label.setMaximumSize(16777215, 16777215)  # QWIDGETSIZE_MAX

    def _on_progress(self, p) -> None:  # noqa: ANN001
        self._progress = float(p)
        target = self.target_value()
        self._shown = target if self._progress >= 1.0 else target * self._progress
        f, m, lang = self.figure, self._m, self.lang
        size = self._number_size()
        unit_size = m.body if self.big else m.small

        def markup(value_text: str) -> str:
            parts = []
            if f.qualifier:
                parts.append(f'<span style="font-size:{unit_size}px; color:{style.MUTED}">'
                             f'{qualifier(f.qualifier, lang)}</span> ')
            if f.prefix:
                parts.append(f'<span style="font-size:{unit_size}px">{f.prefix(lang)}</span> ')
            parts.append(f'<span style="font-size:{size}px; font-weight:bold; color:{style.accent(self.accent)}">'
                         f'{value_text}</span>')
            if f.unit:
                parts.append(f' <span style="font-size:{unit_size}px">{f.unit(lang)}</span>')
            return "".join(parts)

        final = figure_number(f, lang)
        if self._progress < 1.0 and self.value_label.width() > 0:  # counting (or about to)
            if not self._frozen:
                self._freeze(markup(final))
            line = self.value_label.counting
            if line is not None:
                line.value = self.value_text()
                self.value_label.update()
            else:
                QLabel.setText(self.value_label, markup(self.value_text()))  # pinned: nothing to lay out
        else:
            self._thaw()
            self.value_label.setText(markup(self.value_text()))
        # screen readers get the final figure (not a counting one), with its period
        name = figure_words(f, lang)
        if name != self.accessibleName():
            self.setAccessibleName(name)
            self.value_label.setAccessibleName(name)
            self.setAccessibleDescription(period(f.period, lang))


class ScrollHint(Still, QWidget):
    """A soft fade with a chevron at the bottom of a scroll area while more lies below, so a
    visitor sees the page goes on. Never takes input. ``active`` False keeps it hidden (the
    shell's ``set_chrome``: an audience watching a presenter scrolls nothing)."""

    def __init__(self, area) -> None:  # noqa: ANN001 - a QScrollArea
        super().__init__(area)
        self.area = area
        self.active = True
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        bar = area.verticalScrollBar()
        bar.valueChanged.connect(self.sync)
        bar.rangeChanged.connect(self.sync)
        area.installEventFilter(self)
        self.sync()

    def eventFilter(self, obj, event) -> bool:  # noqa: ANN001, N802
        if event.type() == event.Type.Resize:
            self.sync()
        return False

    def sync(self, *_args) -> None:  # noqa: ANN002
        bar = self.area.verticalScrollBar()
        h = max(24, self.area.height() // 10)
        self.setGeometry(0, self.area.height() - h, self.area.width(), h)
        self.setVisible(self.active and bar.maximum() > 0 and bar.value() < bar.maximum() - 4)
        self.raise_()

    still_shared = True  # every panel's hint looks the same at one size: one pixmap

    def still_key(self) -> tuple | None:
        return (style.BG, style.MUTED)

    def paint_now(self, event) -> None:  # noqa: ANN001
        from PySide6.QtGui import QLinearGradient, QPen

        p = QPainter(self)
        g = QLinearGradient(0, 0, 0, self.height())
        c = QColor(style.BG)
        c.setAlpha(0)
        g.setColorAt(0, c)
        c.setAlpha(235)
        g.setColorAt(1, c)
        p.fillRect(self.rect(), g)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(QColor(style.MUTED))
        pen.setWidthF(max(2.0, self.height() / 20))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        p.setPen(pen)
        cx, cy, d = self.width() / 2, self.height() * 0.62, self.height() * 0.16
        p.drawLine(int(cx - 2 * d), int(cy - d), int(cx), int(cy + d))
        p.drawLine(int(cx), int(cy + d), int(cx + 2 * d), int(cy - d))
        p.end()


def row(*widgets: QWidget, spacing: int = 0) -> QHBoxLayout:
    lay = QHBoxLayout()
    lay.setContentsMargins(0, 0, 0, 0)
    lay.setSpacing(spacing)
    for w in widgets:
        lay.addWidget(w)
    return lay


def ease_in_out(t: float) -> float:
    return 0.5 - 0.5 * math.cos(math.pi * max(0.0, min(1.0, t)))


__all__ = ["Card", "FigureView", "QIcon", "TapButton", "Tile", "icon_pixmap", "label", "row"]
