"""The timeline's canvas: a QGraphicsView that lays out the cards for the current zoom and size;
its input (drag, fling, pinch, wheel, tap) is ``input``, its reading scale (step 0)
and start view ``reading``, its frame, lanes, cards and layout for a step ``geometry``.
The start view holds through resizes until the view moves.

The scroller (a QScroller on the viewport, overshoot off) is fed by ``input``
(``QScroller.handleInput``) instead of ``QScroller.grabGesture``: a target keeps only one
grabbed gesture type, so touch and mouse drags cannot both be grabbed, and a pinch needs the
raw touch points anyway.

Zoom moves in discrete steps (``axis.STEPS_PER_DOUBLING`` per doubling); cards are
re-laid out only when the step, the size, the language or the filter changes.
"""

from __future__ import annotations

import logging
import math
import time

from PySide6.QtCore import QElapsedTimer, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPixmap, QResizeEvent
from PySide6.QtWidgets import QFrame, QGraphicsScene, QGraphicsView, QScroller, QScrollerProperties, QWidget

from ...content.model import Event, Exhibition, Theme
from .. import style
from ..base import UiContext
from .access import CardAccess, TimelineAccess
from .geometry import TimelineGeometry
from .input import TimelineInput
from .reading import TimelineReading
from .axis import MAX_STEP, Axis, Placed, clamp_step, event_span, step_for_factor, ticks
from .cards import LABEL_PX, CardItem, CardStyle, count_text, render_cluster_card, year_range_text
from .paint import font
from .scenery import AxisItem, EraBandItem, EraTintItem, Frame, Stem, StemsItem

log = logging.getLogger(__name__)


def cluster_key(ids: tuple[str, ...]) -> str:
    return f"cluster:{ids[0]}..{ids[-1]}"


class TimelineView(TimelineInput, TimelineReading, TimelineGeometry, TimelineAccess, QGraphicsView):
    tapped = Signal(str)  # an event id or a cluster key
    zoomChanged = Signal(int)  # the zoom step
    scrolled = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.axis = Axis(e.date for e in ctx.exhibition.events)
        self._scene = QGraphicsScene(self)
        self._scene.setBackgroundBrush(QColor(style.BG))
        # a few dozen items that all move on every zoom step: a BSP index costs more than it saves
        self._scene.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self.setScene(self._scene)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.SmoothPixmapTransform
                            | QPainter.RenderHint.TextAntialiasing)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontSavePainterState, True)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.MinimalViewportUpdate)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.setInteractive(False)
        self.viewport().setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        # the scene's background brush paints every pixel: no fill before it, nor under it
        self.viewport().setAutoFillBackground(False)
        self.viewport().setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        # QAbstractScrollArea grabs the two-finger pan gesture on its viewport; pinch and
        # two-finger pan are handled here from the touch points (and the gesture, undeliverable
        # through a graphics view, only logs warnings).
        self.viewport().ungrabGesture(Qt.GestureType.PanGesture)

        self.scroller = QScroller.scroller(self.viewport())
        props = self.scroller.scrollerProperties()
        off = QScrollerProperties.OvershootPolicy.OvershootAlwaysOff
        props.setScrollMetric(QScrollerProperties.ScrollMetric.HorizontalOvershootPolicy, off)
        props.setScrollMetric(QScrollerProperties.ScrollMetric.VerticalOvershootPolicy, off)
        self.scroller.setScrollerProperties(props)
        self.scroller.stateChanged.connect(self._on_scroller_state)
        self._clock = QElapsedTimer()
        self._clock.start()
        self._last_ms = 0

        ex: Exhibition = ctx.exhibition
        self.themes: dict[str, Theme] = {t.id: t for t in ex.themes}
        self.all_events: list[Event] = list(ex.events)
        self.events: list[Event] = list(self.all_events)  # after the theme filter
        self.filter: str | None = None
        self.step = 0
        self.frame: Frame | None = None
        self.placed: list[tuple[CardItem, Placed]] = []
        self.selected: str | None = None
        self._cards: dict[str, CardItem] = {}
        self._clusters: dict[tuple[str, ...], CardItem] = {}
        self._card_size = (1, 1)  # every card, event or cluster, in both languages: one size
        self._reading: tuple[tuple, float] | None = None  # (geometry key, pixels per unit at step 0)
        self._cs: CardStyle | None = None
        self._render_key: tuple | None = None
        self._pixmaps: dict[tuple, dict[str, QPixmap]] = {}  # card pixmaps per (style, width)

        self.axis_item = AxisItem(self.axis)
        self._scene.addItem(self.axis_item)
        self.stems_item = StemsItem()
        self._scene.addItem(self.stems_item)
        eras = ex.timeline.eras if ex.timeline else []
        self.tints = [EraTintItem(e) for e in eras]
        self.bands = [EraBandItem(e) for e in eras]
        for it in (*self.tints, *self.bands):
            self._scene.addItem(it)

        # input state
        self._press_pos: QPointF | None = None
        self._pressed: CardItem | None = None
        self._dragged = False
        self._stopped_fling = False
        self._pinch: tuple[float, float, float] | None = None  # start distance, start zoom, anchor time
        self._swallow = False  # fingers left after a pinch: ignore until all are up
        self._wheel_acc = 0.0
        self._built = False
        self._laying_out = False
        self.at_start = True  # the start view holds (through resizes) until the view is moved
        self.access = CardAccess(self.viewport(), self.tapped.emit)
        self.frame_times: list[float] | None = None  # set to a list to time paints (bench)

    # geometry ----------------------------------------------------------------------------
    @property
    def vertical(self) -> bool:
        vp = self.viewport().size()
        return vp.height() > vp.width()

    def along_len(self) -> float:
        vp = self.viewport().size()
        return float(vp.height() if self.vertical else vp.width())

    def scroll_value(self) -> float:
        bar = self.verticalScrollBar() if self.vertical else self.horizontalScrollBar()
        return float(bar.value())

    def _set_scroll(self, value: float) -> None:
        bar = self.verticalScrollBar() if self.vertical else self.horizontalScrollBar()
        bar.setValue(round(value))

    def along_of(self, t: float) -> float:
        f = self.frame
        return f.along(self.axis.u(t)) if f else 0.0

    def time_at_along(self, along: float) -> float:
        f = self.frame
        if f is None or f.ppu <= 0:
            return self.axis.first
        return self.axis.t((along - f.lead) / f.ppu)

    def time_at_view(self, v: float) -> float:
        return self.time_at_along(self.scroll_value() + v)

    def visible_range(self) -> tuple[float, float]:
        s = self.scroll_value()
        return self.time_at_along(s), self.time_at_along(s + self.along_len())

    def view_along(self, pos: QPointF) -> float:
        return pos.y() if self.vertical else pos.x()

    # building ----------------------------------------------------------------------------
    def rebuild(self) -> None:
        """Render every card again (language, metrics or pixel ratio changed) and lay out."""
        m = self.ctx.metrics
        self._cs = CardStyle(self.ctx.lang, self.ctx.family, m.scale, self.devicePixelRatioF(),
                             self.ctx.assets_dir, m.text, style.HIGH_CONTRAST)
        self._render_key = None
        self._scene.setBackgroundBrush(QColor(style.BG))
        self._built = True
        self.relayout()

    def set_filter(self, theme_id: str | None) -> None:
        wanted = theme_id if theme_id in self.themes else None
        if wanted == self.filter and self.frame is not None:
            return  # laid out for it already: entering the timeline again costs no layout
        self.filter = wanted
        self.events = [e for e in self.all_events if self.filter is None or e.theme == self.filter]
        if self.selected and self.selected not in {e.id for e in self.events}:
            self.selected = None
        self.relayout()

    def relayout(self, anchor_time: float | None = None, anchor_view: float | None = None) -> None:
        """Lay the cards out for the current step and size; keep ``anchor_time`` at ``anchor_view``."""
        if not self._built or self._cs is None:
            return
        try:
            self._relayout(anchor_time, anchor_view)
        except Exception:
            log.exception("timeline layout failed")

    def _relayout(self, anchor_time: float | None, anchor_view: float | None) -> None:
        if anchor_view is None:
            anchor_view = self.along_len() / 2
        if anchor_time is None:
            anchor_time = self.time_at_view(anchor_view) if self.frame else self.axis.first
        frame, placed, events, (first, thick, gap, _) = self._compute(self.step)
        self.frame = frame
        if self.step == 0:
            placed = self.start_layout(frame, placed, events)
        s = self.ctx.metrics.scale
        shown: set[int] = set()
        stems: list[Stem] = []
        self.placed = []
        used_clusters: set[tuple[str, ...]] = set()
        for pl in placed:
            ids = tuple(events[i].id for i in pl.members)
            if pl.is_cluster:
                item = self._clusters.get(ids)
                if item is None:
                    pm = render_cluster_card([events[i] for i in pl.members], self.themes, self._cs,
                                             *self._card_size)
                    e0, e1 = events[pl.members[0]], events[pl.members[-1]]
                    text = f"{year_range_text(e0.date, e1.date, self.ctx.lang)} {count_text(len(ids), self.ctx.lang)}"
                    item = CardItem(cluster_key(ids), ids, pm, style.MUTED, s, text)
                    self._scene.addItem(item)
                    self._clusters[ids] = item
                used_clusters.add(ids)
            else:
                item = self._cards[ids[0]]
            w, h = item.size()
            reach = first + pl.lane * (thick + gap)
            if frame.vertical:
                rect = frame.rect(pl.start, h, reach, w)
            else:
                rect = frame.rect(pl.start, w, reach, h)
            item.setPos(rect.topLeft())
            item.anchor = pl.stem
            item.setVisible(True)
            item.set_pressed(False)
            shown.add(id(item))
            self.placed.append((item, pl))
            t0 = event_span(events[pl.members[0]].date)[0]
            t1 = max(event_span(events[i].date)[1] for i in pl.members)
            stems.append(Stem(pl.stem, frame.along(self.axis.u(t0)), frame.along(self.axis.u(t1)), reach,
                              pl.start, pl.start + pl.extent, item.accent, pl.is_cluster))
        for it in (*self._cards.values(), *self._clusters.values()):
            if id(it) not in shown:
                it.setVisible(False)
                it.set_pressed(False)
        for ids in [k for k in self._clusters if k not in used_clusters]:
            if len(self._clusters) > 64:  # keep the cache small
                self._scene.removeItem(self._clusters.pop(ids))
        self._apply_selection()
        font_px = self.ctx.metrics.fpx(LABEL_PX)
        fm = QFontMetrics(font(self.ctx.family, font_px))
        spacing = fm.height() * 1.6 if frame.vertical else fm.horizontalAdvance("0000") + self.ctx.metrics.px(28)
        self.axis_item.configure(frame, ticks(self.axis, frame.ppu, spacing), self.ctx.family, s, font_px)
        self.stems_item.configure(frame, stems, s)
        lang = self.ctx.lang
        for tint, band in zip(self.tints, self.bands, strict=True):
            tint.configure(frame, self.axis)
            band.configure(frame, self.axis, band.era.title(lang), self.ctx.family, s, font_px,
                           year_range_text(str(band.era.start), str(band.era.end - 1), lang))
        rect = (QRectF(0, 0, frame.across_total, frame.along_total) if frame.vertical
                else QRectF(0, 0, frame.along_total, frame.across_total))
        self._scene.setSceneRect(rect)
        self.setSceneRect(rect)
        self._laying_out = True  # the bands, stand-ins and overview follow once, below, not also on the scroll
        try:
            self._set_scroll(self.start_along() if self.at_start and self.step == 0
                             else self.along_of(anchor_time) - anchor_view)
        finally:
            self._laying_out = False
        self._update_bands()
        self.sync_access()
        self.viewport().update()
        self.scrolled.emit()  # the overview's bracket follows a zoom too

    def _apply_selection(self) -> None:
        for item, _ in self.placed:
            item.set_selected(self.selected is not None and self.selected in item.members)

    def select(self, event_id: str | None) -> None:
        self.selected = event_id
        self._apply_selection()

    def item_for(self, event_id: str) -> CardItem | None:
        for item, _ in self.placed:
            if event_id in item.members:
                return item
        return None

    # zoom and scroll ------------------------------------------------------------------------
    def nearest_event_time(self, view_pos: float) -> float:
        """The moment where the stem nearest to ``view_pos`` (along, viewport coordinates) meets
        the axis: zooming in holds an event, never an empty stretch, where it was."""
        at = self.scroll_value() + view_pos
        if not self.placed:
            return self.time_at_along(at)
        stem = min((pl.stem for _, pl in self.placed), key=lambda a: abs(a - at))
        return self.time_at_along(stem)

    def set_step(self, step: int, anchor_view: float | None = None, anchor_time: float | None = None) -> None:
        """Zoom to ``step`` keeping ``anchor_time`` (default: the moment at ``anchor_view``) at
        ``anchor_view``, or the nearest event where that moment has none in view."""
        step = clamp_step(step)
        if anchor_view is None:
            anchor_view = self.along_len() / 2
        if anchor_time is None:
            anchor_time = self.time_at_view(anchor_view)
        if step == self.step:
            return
        self.stop_motion()
        self.at_start = False
        self.step = step
        self.relayout_towards_events(anchor_time, anchor_view)
        self.zoomChanged.emit(step)

    def relayout_towards_events(self, anchor_time: float, anchor_view: float) -> float:
        """Lay out keeping ``anchor_time`` at ``anchor_view``; if that leaves no card in view (a
        zoom into an empty stretch), hold the nearest event there instead. Returns the anchor."""
        self.relayout(anchor_time, anchor_view)
        if self.placed and not self._card_in_view():
            anchor_time = self.nearest_event_time(anchor_view)
            self.relayout(anchor_time, anchor_view)
        return anchor_time

    def _card_in_view(self) -> bool:
        vp = QRectF(self.viewport().rect())
        return any(item.isVisible()
                   and vp.intersects(QRectF(self.mapFromScene(item.sceneBoundingRect()).boundingRect()))
                   for item, _ in self.placed)

    def zoom_by(self, factor: float, anchor_view: float | None = None) -> None:
        if not factor > 0 or math.isnan(factor):
            return
        delta = max(-4.0 * MAX_STEP, min(4.0 * MAX_STEP, step_for_factor(factor)))
        if abs(delta) < 1e-9:
            return
        steps = round(delta) or (1 if delta > 0 else -1)
        self.set_step(self.step + steps, anchor_view)

    def scroll_to_time(self, t: float, where: float = 0.5, animate: bool = True) -> None:
        """Scroll so that time ``t`` sits at ``where`` (0 = start, 1 = end) of the viewport."""
        target = self.along_of(t) - where * self.along_len()
        self.scroll_to_along(target, animate)

    def scroll_to_along(self, target: float, animate: bool = True) -> None:
        f = self.frame
        if f is None:
            return
        self.at_start = False
        target = max(0.0, min(target, f.along_total - self.along_len()))
        ms = self.ctx.ms("transition_ms") if animate else 0
        self.scroller.stop()
        if ms <= 0 or not self.isVisible():
            self._set_scroll(target)
            return
        other = float((self.horizontalScrollBar() if self.vertical else self.verticalScrollBar()).value())
        pos = QPointF(other, target) if self.vertical else QPointF(target, other)
        self.scroller.scrollTo(pos, ms)

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        super().scrollContentsBy(dx, dy)
        if self._laying_out:  # a relayout's own scroll: _relayout follows with all of this, once
            return
        self._update_bands()
        if not self.is_moving():  # a fling: once it stops (``_on_scroller_state``)
            self.sync_access()
        self.scrolled.emit()

    def _update_bands(self) -> None:
        s = self.scroll_value()
        for band in self.bands:
            band.set_visible_along(s, s + self.along_len())
        self.axis_item.set_visible_along(s, s + self.along_len())

    def resizeEvent(self, event: QResizeEvent) -> None:
        t = self.time_at_view(self.along_len() / 2) if self.frame else None
        was_vertical = self.frame.vertical if self.frame else None
        super().resizeEvent(event)
        if self.frame is not None:
            if was_vertical != self.vertical:
                self.rebuild()
            else:
                self.relayout(t)

    def paintEvent(self, event: QPaintEvent) -> None:
        """Paint; with ``frame_times`` set to a list, append each paint's duration (ms)."""
        if self.frame_times is None:
            super().paintEvent(event)
            return
        t0 = time.perf_counter()
        super().paintEvent(event)
        self.frame_times.append((time.perf_counter() - t0) * 1000.0)
