"""Paint kept as pixels: every paint cache of the screens, under one contract.

What is kept here (each measured by ``lusong-kiosk bench``; the README's performance section has
the gain of each):
- ``Still`` (a widget mixin): a label's, button's or scroll hint's own paint, kept in ``KEPT``;
  a chart at rest holds its one picture itself (``still_own``).
- ``KeptItem`` (a QGraphicsItem mixin): a chart's still text and a ring's track.
- ``CountingLine`` and ``draw_glyphs`` (in ``ui/glyphs.py``): a counting figure's line laid out
  once, its number blitted from per-character pixmaps (``_GLYPHS``).
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
   same state, so a screen shown once keeps nothing (or at once by ``keep_now``, for a widget made
   ready out of sight whose state will not change: a tour step's slide). ``KEPT`` drops the least recently used
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

from PySide6.QtCore import QEvent, QPoint, QRect, Qt, QTimer
from PySide6.QtGui import QPainter, QPixmap, QRegion
from PySide6.QtWidgets import QWidget

from . import events

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

    def keep_now(self) -> None:
        """Keep the paint of its present state at once, not after it was painted twice: for a
        widget whose state is known not to change while shown (a slide's text, made ready
        before its first frame). Hidden or not; a failure is logged, as a keep's."""
        self.ensurePolished()  # type: ignore[attr-defined] - a mixin: the Qt class defines it
        for _ in range(2):  # a hidden widget's first render polishes it again (a new state): once more then
            self._still_seen = self._still_state()
            self._still_keep()
            if self._still_state() == self._still_seen:
                return

    def _still_keep(self) -> None:
        try:
            self._still_keep_now()
        except Exception:
            log.exception("keeping the paint of %s failed; painting it directly", type(self).__name__)
            self.still_key = lambda: None  # type: ignore[method-assign] - this widget only

    @events.quiet()  # a render sends each widget in it a paint event, and takes no input
    def _still_keep_now(self) -> None:
        state = self._still_state()
        if state is None or state != self._still_seen or self.width() <= 0 or self.height() <= 0:
            return
        if self._still_get(state) is not None:  # painted a third time before the first keep ran: kept already
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
        # asked once for the class and its subclass (still_changed): each event.type() makes
        # PySide look its enum member up anew, and a style cascade sends many change events
        kind = event.type()
        if kind in _STILL_CHANGES:
            self._still_gen += 1
        super().changeEvent(event)
        self.still_changed(kind)

    def still_changed(self, kind: QEvent.Type) -> None:
        """After a change event of this kind was handled (a subclass's reaction)."""


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
        # imported here: a graphics item's classes (and their enums) are no part of the first frame
        from PySide6.QtGui import QTransform
        from PySide6.QtWidgets import QStyleOptionGraphicsItem

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
