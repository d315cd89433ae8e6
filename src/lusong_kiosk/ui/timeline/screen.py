"""The timeline screen, 1954–2022: chips to jump and filter above a zoomable, fling-able canvas,
and overlays for an event's detail and a cluster's list.

The canvas (``view.TimelineView``) draws a segmented axis — 1954–2009 one short
segment, then each year as long as its number of events (``axis``) — with eras as
coloured bands and every event as a card; cards stack in lanes, and merge into clusters only
where even the reading scale cannot give each its own. It opens on the decade's busiest view;
the overview strip (``overview``) shows the whole of 1954–2022 with that view bracketed, so the
visitor sees where in the story they are (and can tap anywhere on it to go there). Where the
chips, the strip and the canvas go is ``placing``.

Input: drag (touch or mouse) pans and flings; a pinch zooms around its centre; **the mouse wheel
zooms around the cursor** (a horizontal wheel or Shift+wheel pans); a tap or click opens a card.
Keys (``keyPressEvent``): ←/→ previous/next event, +/= and − zoom, Home/End the start/end,
Enter opens the selected event, Esc closes an overlay.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeyEvent, QPainter, QPaintEvent, QRegion, QResizeEvent
from PySide6.QtWidgets import QWidget

from ...content.model import Event
from ...present.strings import text
from .. import style
from ..base import Screen, UiContext
from ..overlay import is_escape_override
from .axis import END, FIRST, MAX_STEP, STEPS_PER_DOUBLING, event_span
from .chips import JUMP_YEARS, ChipBar
from .overlays import ClusterOverlay, DetailOverlay
from .overview import OverviewStrip
from .placing import TimelinePlacing
from .view import TimelineView
from ..widgets import label

log = logging.getLogger(__name__)

__all__ = ["JUMP_YEARS", "TimelineScreen"]


class TimelineScreen(TimelinePlacing, Screen):
    screen_id = "timeline"
    event_opened = Signal(str)  # an event's detail was shown (visitor analytics)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.chips = ChipBar(ctx, self)
        self.view = TimelineView(ctx, self)
        self.overview = OverviewStrip(ctx, self.view, self)
        # placed by hand (``_place``): a layout would make the chips' height at the first,
        # narrow width the window's minimum height
        self.empty_label = label("", "muted", parent=self.view)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.hide()
        self.detail = DetailOverlay(ctx, self)
        self.cluster = ClusterOverlay(ctx, self)
        self._cluster_ids: tuple[str, ...] = ()

        self.chips.jump.connect(self._guard(self.jump_to_year))
        self.chips.theme.connect(self._guard(self.show_theme))
        self.chips.zoom.connect(self._guard(lambda f: self.zoom_by(f)))
        self.chips.shown_changed.connect(self._guard(self._place))
        self.view.tapped.connect(self._guard(self._on_tap))
        self.detail.view_theme.connect(self._guard(lambda tid: self.navigate.emit(f"theme:{tid}")))
        self.detail.step.connect(self._guard(lambda d: self.select_next() if d > 0 else self.select_previous()))
        self.cluster.chosen.connect(self._guard(self._cluster_chosen))
        self.cluster.zoom_here.connect(self._guard(self._zoom_into_cluster))
        self.detail.closed.connect(self._guard(self._overlays_changed))
        self.cluster.closed.connect(self._guard(self._overlays_changed))
        self.apply_metrics()
        self.set_language(ctx.lang)

    @staticmethod
    def _guard(fn: Callable[..., object]) -> Callable[..., object]:
        """Run a slot; log what goes wrong instead of letting it reach the visitor."""
        def run(*args: object) -> object:
            try:
                return fn(*args)
            except Exception:
                log.exception("timeline: %s failed", getattr(fn, "__name__", "action"))
                return None
        return run

    # Screen ---------------------------------------------------------------------------------
    def title_text(self) -> str:
        tl = self.ctx.exhibition.timeline
        return self.ctx.t(tl.title) if tl else text("timeline.title", self.ctx.lang)

    def set_language(self, lang: str) -> None:
        self.chips.set_language(lang)
        self.overview.set_language(lang)
        self._fit_chips(self.width())
        self.empty_label.setText(text("timeline.empty", lang))
        self.view.rebuild()
        if self.detail.shown is not None:
            self.detail.refresh()
        if self.cluster.events:
            self.cluster.refresh()

    def apply_metrics(self) -> None:
        m = self.ctx.metrics
        f = QFont(self.ctx.family)
        f.setPixelSize(m.body)
        self.setFont(f)
        self.chips.apply_metrics(m)
        self._fit_chips(self.width())
        self.empty_label.setStyleSheet(f"font-size: {m.fpx(36)}px;")
        self.view.rebuild()
        self._place()  # the overview's place depends on the cards' size
        self.detail.refresh()
        self.cluster.refresh()

    def enter(self) -> None:
        if self.view.frame is None:
            self.view.rebuild()
            self._place()

    def leave(self) -> None:
        self.view.stop_motion()
        self.detail.finish()
        self.cluster.finish()

    def finish_animations(self) -> None:
        self.view.finish_motion()
        self.detail.finish()
        self.cluster.finish()

    def reset(self) -> None:
        self.view.stop_motion()
        self.detail.close_overlay()
        self.cluster.close_overlay()
        self.detail.shown = None
        self.chips.set_checked_theme(None)
        self.view.select(None)
        self.view.set_filter(None)
        self._update_empty()
        self.view.go_start_view()

    def open(self, target: str) -> None:
        """``timeline``: every event; ``timeline:<theme id>``: that theme's; ``event:<id>``: its detail."""
        kind, _, rest = target.partition(":")
        if kind == "event":
            self.open_event(rest)
        else:
            self.show_theme(rest or None)

    # the presenter's steps: one per key event (modes/steps.py) --------------------------------
    def step_ids(self) -> list[str]:
        return [e.id for e in self.ctx.exhibition.key_events()]

    def show_step(self, i: int, animate: bool = True) -> None:
        ids = self.step_ids()
        if 0 <= i < len(ids):
            self.select_event(ids[i], animate=animate)

    def show_all(self) -> None:
        """Nothing to reveal: the timeline stays as the visitor left it."""

    # navigation -------------------------------------------------------------------------------
    def show_theme(self, theme_id: str | None) -> None:
        """Show only ``theme_id``'s events (None: all), zoomed to fit them, its first in view."""
        self.cluster.close_overlay()
        self.view.stop_motion()
        self.view.set_filter(theme_id)
        self.chips.set_checked_theme(self.view.filter)
        self._update_empty()
        events = self.view.events
        if self.view.filter is None or not events:
            self.view.set_step(self.view.step)
            return
        first, last = event_span(events[0].date)[0], event_span(events[-1].date)[1]
        step = self._fit_step(first, last)
        self.view.set_step(step, anchor_time=(first + last) / 2)
        self.view.scroll_to_time((first + last) / 2, 0.5, animate=False)
        item = self.view.item_for(events[0].id)
        if item is not None and not self._in_view(item.sceneBoundingRect()):
            self._center_item(events[0].id, animate=False)

    def open_event(self, event_id: str) -> None:
        """Show the detail of ``event_id`` (and select and centre it on the timeline)."""
        ev = self._reveal_event(event_id)
        if ev is None:
            return
        self._select(ev.id, animate=False)
        self.detail.show_event(ev, self.view.themes.get(ev.theme))
        self._overlays_changed()
        self.event_opened.emit(ev.id)

    def select_event(self, event_id: str, animate: bool = True) -> None:
        """Select ``event_id`` and centre it, at the least zoom where it has a card of its own
        whatever was shown before (the presenter's timeline steps: the same view going forward or
        back). A theme filter that hides it is cleared."""
        ev = self._reveal_event(event_id)
        if ev is None:
            return
        self.view.set_step(0, anchor_time=event_span(ev.date)[0])
        self._select(ev.id, animate=animate)
        if self.detail.isVisible():
            self.detail.show_event(ev, self.view.themes.get(ev.theme))

    def close_detail(self) -> None:
        self.detail.close_overlay()

    def select_next(self) -> None:
        self._step_selection(+1)

    def select_previous(self) -> None:
        self._step_selection(-1)

    def go_start(self) -> None:
        self.view.scroll_to_along(0)
        if self.view.events:
            self.view.select(self.view.events[0].id)

    def go_end(self) -> None:
        f = self.view.frame
        if f is not None:
            self.view.scroll_to_along(f.along_total)
        if self.view.events:
            self.view.select(self.view.events[-1].id)

    def jump_to_year(self, year: int) -> None:
        """Bring ``year`` to the start of the view (at the reading scale every event there has a
        card already: no zoom needed) and select its first event."""
        v = self.view
        v.stop_motion()
        in_year = [e for e in v.events if e.year == year]
        if in_year:
            self._select(in_year[0].id, animate=False, center=False)
        v.scroll_to_along(v.along_of(float(year)) - self.ctx.metrics.px(48))

    def zoom_by(self, factor: float, anchor_scene_x: float | None = None) -> None:
        """Zoom by ``factor`` (in steps of 2^(1/6)) keeping the moment at ``anchor_scene_x``
        (the scene coordinate along the axis: x in landscape, y in portrait) where it is."""
        anchor_view = None if anchor_scene_x is None else anchor_scene_x - self.view.scroll_value()
        self.view.zoom_by(factor, anchor_view)

    # state for tests and the shell --------------------------------------------------------------
    def visible_range(self) -> tuple[float, float]:
        a, b = self.view.visible_range()
        return max(FIRST, a), min(END, b)

    def selected_event_id(self) -> str | None:
        return self.view.selected

    def detail_event_id(self) -> str | None:
        return self.detail.shown.id if self.detail.isVisible() and self.detail.shown else None

    def zoom_step(self) -> int:
        return self.view.step

    def card_rects(self) -> dict[str, QRectF]:
        """Visible cards (event id or cluster key) -> rectangle in viewport coordinates."""
        vp = QRectF(self.view.viewport().rect())
        out: dict[str, QRectF] = {}
        for item, _ in self.view.placed:
            if not item.isVisible():
                continue
            r = self.view.mapFromScene(item.sceneBoundingRect()).boundingRect()
            r = QRectF(r)
            if r.intersects(vp):
                out[item.key] = r
        return out

    def cluster_members(self) -> dict[str, list[str]]:
        return {item.key: list(item.members) for item, _ in self.view.placed if item.is_cluster}

    def card_texts(self) -> dict[str, str]:
        """Visible cards -> what they say (date and title, or years and count)."""
        keys = self.card_rects()
        return {item.key: item.text for item, _ in self.view.placed if item.key in keys}

    def stem_times(self) -> dict[str, float]:
        """Every card of the current layout -> the moment (decimal year) where its stem meets the axis."""
        return {item.key: self.view.time_at_along(pl.stem) for item, pl in self.view.placed}

    def layout_members(self) -> list[list[str]]:
        """Every card of the current layout, visible or not, in date order, as lists of event ids."""
        return [list(item.members) for item, _ in self.view.placed]

    # keys --------------------------------------------------------------------------------------
    def event(self, e: QEvent) -> bool:
        if is_escape_override(e) and (self.detail.isVisible() or self.cluster.isVisible()):
            e.accept()  # Esc closes the open overlay (``_key``), not the window's Esc shortcut
            return True
        return super().event(e)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        try:
            if self._key(event):
                event.accept()
                return
        except Exception:
            log.exception("timeline: key %s failed", event.key())
            event.accept()
            return
        super().keyPressEvent(event)

    def _key(self, event: QKeyEvent) -> bool:
        k = event.key()
        K = Qt.Key
        if k == K.Key_Escape:
            if self.cluster.isVisible():
                self.cluster.close_overlay()
                return True
            if self.detail.isVisible():
                self.detail.close_overlay()
                return True
            return False
        if self.cluster.isVisible():
            return False
        if k == K.Key_Right:
            self.select_next()
        elif k == K.Key_Left:
            self.select_previous()
        elif k in (K.Key_Plus, K.Key_Equal):
            self.zoom_by(2 ** 0.5)
        elif k in (K.Key_Minus, K.Key_Underscore):
            self.zoom_by(0.5 ** 0.5)
        elif k == K.Key_Home:
            self.go_start()
        elif k == K.Key_End:
            self.go_end()
        elif k in (K.Key_Return, K.Key_Enter) and self.view.selected and not self.detail.isVisible():
            self.open_event(self.view.selected)
        else:
            return False
        return True

    # internals --------------------------------------------------------------------------------
    def _reveal_event(self, event_id: str) -> Event | None:
        """The event, with any filter that hides it cleared and the cluster list closed."""
        ev = self._event(event_id)
        if ev is None:
            log.warning("timeline: no event %r", event_id)
            return None
        if self.view.filter is not None and ev.theme != self.view.filter:
            self.show_theme(None)
        self.cluster.close_overlay()
        return ev

    def _event(self, event_id: str) -> Event | None:
        return next((e for e in self.view.all_events if e.id == event_id), None)

    def _in_view(self, scene_rect: QRectF) -> bool:
        return QRectF(self.view.viewport().rect()).intersects(
            QRectF(self.view.mapFromScene(scene_rect).boundingRect()))

    def _fit_step(self, t0: float, t1: float) -> int:
        """The largest step (up to 2 doublings) at which ``t0``..``t1`` fits in the view."""
        v = self.view
        if v.frame is None:
            return 0
        length = (v.axis.u(t1) - v.axis.u(t0)) * v.frame.ppu / (2.0 ** (v.step / STEPS_PER_DOUBLING))
        room = v.along_len() * 0.7
        best = 0
        for s in range(min(MAX_STEP, 2 * STEPS_PER_DOUBLING) + 1):
            if length * 2.0 ** (s / STEPS_PER_DOUBLING) <= room:
                best = s
        return best

    def _center_item(self, event_id: str, animate: bool) -> None:
        item = self.view.item_for(event_id)
        if item is None:
            return
        c = item.sceneBoundingRect().center()
        along = c.y() if self.view.vertical else c.x()
        self.view.scroll_to_along(along - self.view.along_len() / 2, animate)

    def _select(self, event_id: str, animate: bool = True, center: bool = True) -> None:
        v = self.view
        ev = self._event(event_id)
        if ev is None:
            return
        v.select(event_id)
        step = v.step_to_show_alone(event_id)
        if step != v.step:
            v.set_step(step, anchor_time=event_span(ev.date)[0])
        if center:
            self._center_item(event_id, animate)

    def _step_selection(self, direction: int) -> None:
        v = self.view
        events = v.events
        if not events:
            return
        ids = [e.id for e in events]
        if v.selected in ids:
            i = ids.index(v.selected) + direction
            if not 0 <= i < len(ids):
                return
        else:
            a, b = v.visible_range()
            if direction > 0:
                i = next((k for k, e in enumerate(events) if event_span(e.date)[0] >= a), 0)
            else:
                i = next((k for k in range(len(events) - 1, -1, -1) if event_span(events[k].date)[0] <= b),
                         len(events) - 1)
        self._select(ids[i])
        if self.detail.isVisible():
            self.detail.show_event(events[i], v.themes.get(events[i].theme))
            self.event_opened.emit(events[i].id)

    def _on_tap(self, key: str) -> None:
        item = next((it for it, _ in self.view.placed if it.key == key), None)
        if item is None:
            return
        if item.is_cluster:
            self._cluster_ids = item.members
            evs = [e for e in self.view.events if e.id in set(item.members)]
            self.cluster.show_events(evs)
            self._overlays_changed()
        else:
            self.open_event(item.members[0])

    def _cluster_chosen(self, event_id: str) -> None:
        self.cluster.close_overlay()
        self.open_event(event_id)

    def _zoom_into_cluster(self) -> None:
        ids = self._cluster_ids
        self.cluster.close_overlay()
        if not ids:
            return
        evs = [e for e in self.view.events if e.id in set(ids)]
        if not evs:
            return
        t0, t1 = event_span(evs[0].date)[0], event_span(evs[-1].date)[1]
        step = max(self.view.step + 1, self.view.step_to_show_alone(evs[0].id))
        self.view.set_step(min(step, MAX_STEP), anchor_time=(t0 + t1) / 2)
        self.view.scroll_to_time((t0 + t1) / 2, 0.5)

    def _overlays_changed(self) -> None:
        """The cards are reachable by assistive technology only while no overlay covers them."""
        self.view.access.set_enabled(not (self.detail.isVisible() or self.cluster.isVisible()))
        self.view.sync_access()

    def _update_empty(self) -> None:
        empty = not self.view.events
        self.empty_label.setVisible(empty)
        if empty:
            self.empty_label.setGeometry(self.view.rect())
            self.empty_label.raise_()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place()  # an open detail follows by itself (the Overlay base); its texts here
        if self.detail.isVisible():
            self.detail.refresh()
        if self.empty_label.isVisible():
            self.empty_label.setGeometry(self.view.rect())

    def paintEvent(self, event: QPaintEvent) -> None:
        # its own background (right alone, in an export or mid-transition), where the canvas,
        # which paints every pixel of its own, does not cover it: the chips' strip
        bg = QColor(style.BG)
        p = QPainter(self)
        for r in event.region().subtracted(QRegion(self.view.geometry())):
            p.fillRect(r, bg)
        p.end()

