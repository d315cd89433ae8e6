"""The shell: one window, a top bar (Home, Back, where you are, language) and a stage of
screens with eased transitions, swipes between themes and recovery from a failing screen.

Screens other than home are built on first use (theme pages import pyqtgraph), so the first
frame shows the home screen as early as possible. Modes (demo, kiosk) attach policy through
``mode`` (key handling, close guard); the shell knows nothing else about them.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QScrollArea, QVBoxLayout, QWidget

from .. import events, style
from ..base import Screen, UiContext
from ..home import HomeScreen
from ..widgets import ScrollHint
from ..paint_cache import KEPT
from .build import build_later
from .stage import Stage
from .swipe import SwipeFilter
from .top_bar import Dots, TopBar

log = logging.getLogger(__name__)


# Events the window hands on to every widget in it, running no event loop: a frame's paint (a
# paint event each), the window (de)activated, its deletion (events.quiet: not for the filter)
_PASSED_DOWN = frozenset({QEvent.Type.UpdateRequest, QEvent.Type.WindowActivate, QEvent.Type.WindowDeactivate,
                          QEvent.Type.DeferredDelete})


class Shell(QWidget):
    """The exhibition window."""

    screen_changed = Signal(str)
    language_changed = Signal(str)
    accessibility_changed = Signal(str, object)  # "text_scale" | "high_contrast" | "reduce_motion", value

    # building, relabelling and restyling (the methods marked events.quiet) run no event loop, so
    # no input can come in meanwhile: the app-wide filter is off for their ~thousands of events
    @events.quiet()
    def __init__(self, ctx: UiContext, parent: QWidget | None = None, size: tuple[int, int] | None = None):
        """``size``: the size the window will be shown at, when known, so that it is laid out and
        styled once, not first at Qt's default 640x480 and again when shown (a large part of the
        first frame)."""
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("Shell")
        if size:
            self.resize(*size)
        # The background is filled once, by paintEvent (opaque: Qt does not fill it first; a
        # styled background would fill the whole window twice per frame).
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setWindowTitle(ctx.exhibition.title(ctx.lang))
        self.close_guard: Callable[[], bool] | None = None  # a mode may refuse closing
        self.key_handler: Callable[[QKeyEvent], bool] | None = None
        self.factories: dict[str, Callable[[], Screen]] = {}
        self.screens: dict[str, Screen] = {}
        self.history: list[str] = []
        self.current_target = ""
        self.failures: list[str] = []
        self.chrome = True  # the touch controls (set_chrome)

        self.top = TopBar(ctx)
        self.stage = Stage()
        lay = QVBoxLayout(self)
        # the window takes its screen's size and the content adapts (metrics); by default a
        # top-level layout sets the window's minimum size, and the layout of a 4K screen then
        # held the window at 2371 px on a 1366x768 one (found by `lusong-kiosk soak`)
        lay.setSizeConstraint(QVBoxLayout.SizeConstraint.SetNoConstraint)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.top)
        lay.addWidget(self.stage, 1)
        self.top.home.clicked.connect(lambda: self.go("home"))
        self.top.back.clicked.connect(self.back)
        self.top.lang.clicked.connect(self.toggle_language)
        self.top.dots.picked.connect(lambda t: self.go(t))
        self.access_panel = None  # ui.access.AccessPanel, made on first use
        self.top.access.clicked.connect(self.open_accessibility)

        self.swipe = SwipeFilter(self)
        self.swipe.swiped.connect(self.swipe_theme)

        self._register_factories()
        self._metrics_key: tuple | None = None
        self._sync_timer: QTimer | None = None
        style.set_palette(ctx.high_contrast)
        self.apply_metrics(force=True)
        self.top.set_language(ctx.lang)
        self.go("home", push=False)
        # watching from now: building the home screen sends ~1,500 events (child added, polish,
        # layout...): ui/events.py's one filter hands this one only the types it asks for
        events.watch(self.swipe, SwipeFilter.TYPES)

    # screens -----------------------------------------------------------------
    def _register_factories(self) -> None:
        # each screen is made inside the stage: a screen carries the app's style sheet from its
        # first line (Screen.__init__), and moving a built one under the stage made Qt polish it
        # and everything in it again (~38 ms a screen at 1080p)
        ex, stage = self.ctx.exhibition, self.stage
        self.factories["home"] = lambda: HomeScreen(self.ctx, stage)
        for theme in ex.themes:
            def make(theme=theme):  # noqa: ANN001, ANN202 - a screen factory
                from ..theme_page import ThemePage

                return ThemePage(self.ctx, theme, stage)
            self.factories[f"theme:{theme.id}"] = make

        def honours():  # noqa: ANN202 - a screen factory
            from ..honours import HonoursScreen

            return HonoursScreen(self.ctx, stage)

        def timeline():  # noqa: ANN202 - a screen factory
            from ..timeline import TimelineScreen

            return TimelineScreen(self.ctx, stage)

        self.factories["honours"] = honours
        self.factories["timeline"] = timeline

    @events.quiet()
    def screen_for(self, key: str) -> Screen:
        """The screen for ``key`` (home, theme:<id>, timeline, honours), built on first use."""
        if key not in self.screens:
            screen = self.factories[key]()
            screen.synced_lang = self.ctx.lang  # every screen labels itself in ctx.lang when built
            screen.navigate.connect(self.go)
            self.stage.add(screen)
            self.screens[key] = screen
            if not self.chrome:
                self._apply_chrome(screen)
        screen = self.screens[key]
        self.sync_screen(screen)
        return screen

    # the touch controls -------------------------------------------------------
    # controls inside screens (chart_table; timeline/overlays, timeline/chips) and the home
    # screen's tile that starts the self-running tour
    CHROME_NAMES = ("TableToggle", "TimelineArrow", "TimelineChips", "TourTile")

    def set_chrome(self, on: bool) -> None:
        """Show (the default) or hide the touch controls: the top bar (home, back, theme
        markers, accessibility, language), the scroll hints and bars, each chart's table toggle.
        Presenter mode hides them: its audience sees only the content, which takes the top
        bar's height too; a tap on the content still works."""
        self.chrome = on
        self.top.setVisible(on)
        for screen in self.screens.values():
            self._apply_chrome(screen)

    def _apply_chrome(self, screen: Screen) -> None:
        for hint in screen.findChildren(ScrollHint):
            hint.active = self.chrome
            hint.sync()
        for name in self.CHROME_NAMES:
            for w in screen.findChildren(QWidget, name):
                w.setVisible(self.chrome)
        for area in screen.findChildren(QScrollArea):  # the bar goes, scrolling stays (steps, drags)
            if not self.chrome and area.property("chrome_bar") is None:
                area.setProperty("chrome_bar", area.verticalScrollBarPolicy())
                area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            elif self.chrome and area.property("chrome_bar") is not None:
                area.setVerticalScrollBarPolicy(area.property("chrome_bar"))
                area.setProperty("chrome_bar", None)

    def built_screens(self) -> list[Screen]:
        return list(self.screens.values())

    @staticmethod
    def screen_key(target: str) -> str:
        if target.startswith(("timeline:", "event:")):
            return "timeline"
        return target

    def theme_ids(self) -> list[str]:
        return [t.id for t in self.ctx.exhibition.themes]

    # navigation --------------------------------------------------------------
    @events.quiet()
    def go(self, target: str, push: bool = True, direction: int | None = None,
           animate: bool = True) -> bool:
        """Show ``target``; on any failure log it and return home. Returns True on success."""
        key = self.screen_key(target)
        if key not in self.factories:
            log.warning("unknown navigation target %r", target)
            return False
        old = self.stage.current
        try:
            screen = self.screen_for(key)
            if direction is None:
                direction = self._direction(self.current_target, target)
            if old is not None and old is not screen:
                old.leave()
            duration = self.ctx.ms("transition_ms") if animate else 0
            self.stage.show_screen(screen, direction, duration)
            screen.open(target)  # after show_screen: the screen now has its real size to fit a view to
            screen.enter()
        except Exception:
            log.exception("screen %r failed; returning home", target)
            self.failures.append(target)
            if key != "home":
                self.screens.pop(key, None) and None
                self._drop_broken(key)
                self.go("home", push=False, animate=False)
            return False
        if push and self.current_target and self.current_target != target:
            self.history.append(self.current_target)
            del self.history[:-50]
        self.current_target = target
        self._update_top()
        self.screen_changed.emit(target)
        return True

    def _drop_broken(self, key: str) -> None:
        for child in self.stage.findChildren(Screen, options=Qt.FindChildOption.FindDirectChildrenOnly):
            if child.screen_id == key or (key.startswith("theme:") and child.screen_id == key):
                if child is self.stage.current:
                    self.stage.current = None
                child.hide()
                child.deleteLater()

    def _direction(self, old: str, new: str) -> int:
        ids = self.theme_ids()
        if old.startswith("theme:") and new.startswith("theme:"):
            a, b = old[6:], new[6:]
            if a in ids and b in ids:
                return 1 if ids.index(b) > ids.index(a) else -1
        return 0

    def back(self) -> None:
        if self.stage.current is not None and self.stage.current.back():
            return  # it closed an overlay of its own
        while self.history:
            target = self.history.pop()
            if target != self.current_target:
                self.go(target, push=False)
                return
        self.go("home", push=False)

    def swipe_theme(self, step: int) -> None:
        if not self.current_target.startswith("theme:"):
            return
        ids = self.theme_ids()
        i = ids.index(self.current_target[6:]) + step
        if 0 <= i < len(ids):  # stops at the ends, no wrap
            self.go(f"theme:{ids[i]}", direction=step)

    def current_screen(self) -> Screen | None:
        return self.stage.current

    def _update_top(self) -> None:
        screen = self.stage.current
        at_home = self.current_target == "home"
        self.top.show_nav(not at_home)
        self.top.title.setText("" if screen is None else screen.title_text())
        theme = self.current_target[6:] if self.current_target.startswith("theme:") else None
        self.top.dots.set_current(theme)
        self.top.dots.setVisible(theme is not None)
        self.top.fit(self.width())

    # language ----------------------------------------------------------------
    @events.quiet()
    def set_language(self, lang: str) -> None:
        if lang == self.ctx.lang:
            return
        self.ctx.lang = lang
        self.setWindowTitle(self.ctx.exhibition.title(lang))
        self.top.set_language(lang)
        current = self.stage.current
        if current is not None:
            self.sync_screen(current)  # hidden screens: in quiet moments, or when next shown
        self._update_top()
        self.sync_later()
        self.language_changed.emit(lang)

    def toggle_language(self) -> None:
        self.set_language(self.ctx.other_lang())

    # accessibility (ui/access.py) ----------------------------------------------
    def open_accessibility(self) -> None:
        from ..access import AccessPanel

        if self.access_panel is None:
            self.access_panel = AccessPanel(self)
        self.access_panel.open()

    # size --------------------------------------------------------------------
    @events.quiet()
    def apply_metrics(self, force: bool = False) -> None:
        m = style.metrics_for(max(1, self.width()), max(1, self.height()), self.ctx.text_scale)
        key = (m.scale, m.portrait, m.text, style.HIGH_CONTRAST)
        if not force and key == self._metrics_key:
            return
        self._metrics_key = key
        self.ctx.metrics = m
        KEPT.fit_window(self.width(), self.height())
        self.ctx.css = style.stylesheet(m, self.ctx.family)
        for child in self.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
            if child is not self.stage:  # the top bar and the overlays; screens: sync_screen
                style.apply_sheet(child, self.ctx.css)
        self.update()  # the background (paintEvent), in the palette's colour
        self.top.apply_metrics()
        self.top.fit(self.width())
        # only the visible screen now; hidden ones catch up when next shown (sync_screen):
        # relaying out every built screen stalled a tap on the text-size button for seconds at 4K
        current = self.stage.current
        if current is not None:
            self.sync_screen(current)
        self.sync_later()

    SYNC_GAP_MS = 60  # between two hidden screens brought up to date: input is answered in between
    SYNC_QUIET_S = 1.5  # ... and only when nobody has touched the screen for this long

    def sync_later(self) -> None:
        """Bring the hidden screens up to the language and size in quiet moments, one per turn
        of the event loop and never while anything moves (a transition, a panel's entry): after
        a language switch the next tap would find its panel still to relabel and lay out (the
        soak's slowest taps). Not while a visitor is touching the screen either: a screen's
        relayout inside a swipe is a visible stall."""
        if self._sync_timer is None:
            self._sync_timer = QTimer(self)
            self._sync_timer.setSingleShot(True)
            self._sync_timer.timeout.connect(self._sync_step)
        self._sync_timer.start(self.SYNC_GAP_MS)

    def _stale(self, screen: Screen) -> bool:
        return screen.synced_lang != self.ctx.lang or screen.synced_metrics != self._metrics_key

    @events.quiet()
    def _sync_step(self) -> None:
        stale = [s for s in self.screens.values() if s is not self.stage.current and self._stale(s)]
        if not stale:
            return
        current = self.stage.current
        touched = time.monotonic() - self.swipe.last_input < self.SYNC_QUIET_S
        moving = current is not None and current.is_animating()
        if touched or self.stage.in_transition() or moving or not self.isVisible():
            self._sync_timer.start(4 * self.SYNC_GAP_MS)  # later: a frame must not wait for it
            return
        self.sync_screen(stale[0])
        self.stage.prepare(stale[0])
        self._sync_timer.start(self.SYNC_GAP_MS)

    def sync_screen(self, screen: Screen) -> None:
        """Bring a screen up to the current language and metrics (lazily, before it shows)."""
        if screen.synced_lang != self.ctx.lang:
            try:
                screen.set_language(self.ctx.lang)
            except Exception:
                log.exception("relabelling %s failed", screen.screen_id)
            screen.synced_lang = self.ctx.lang
        if screen.synced_metrics != self._metrics_key:
            try:
                rules = screen.own_rules()
                if rules is not None:
                    screen.setProperty("own_css", rules)  # (apply_sheet: the app's sheet, then these)
                style.apply_sheet(screen, self.ctx.css)
                screen.apply_metrics()
            except Exception:
                log.exception("layout of %s failed", screen.screen_id)
            screen.synced_metrics = self._metrics_key

    def resizeEvent(self, event) -> None:  # noqa: ANN001 - a Qt event handler
        super().resizeEvent(event)
        self.apply_metrics()

    def paintEvent(self, event) -> None:  # noqa: ANN001 - a Qt event handler
        from PySide6.QtGui import QColor, QPainter

        p = QPainter(self)
        # a brush, not fillRect: resolving PySide's fillRect overloads (one takes a
        # QGradient.Preset) builds QGradient's enum classes, ~2 ms of the first frame
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(style.BG))
        p.drawRect(event.rect())
        p.end()

    def event(self, e: QEvent) -> bool:
        kind = e.type()
        if kind in _PASSED_DOWN:
            with events.quiet():
                return super().event(e)
        if kind == QEvent.Type.ChildPolished:  # an overlay made later gets the app's sheet
            child = e.child()
            if isinstance(child, QWidget) and child is not self.stage and self.ctx.css:
                style.apply_sheet(child, self.ctx.css)
        return super().event(e)

    # policy hooks ------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        if self.close_guard is not None and not self.close_guard():
            event.ignore()
            return
        events.unwatch(self.swipe)
        super().closeEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.key_handler is not None and self.key_handler(event):
            return
        screen = self.stage.current
        focus = QApplication.focusWidget()
        if screen is not None and not (focus is screen or (focus is not None and screen.isAncestorOf(focus))):
            # keys the screen did not see (focus elsewhere): let it handle them directly
            event.ignore()
            screen.keyPressEvent(event)
            if event.isAccepted():
                return
        super().keyPressEvent(event)

    def finish_all(self) -> None:
        """Jump the current screen and any transition to their final state."""
        self.stage.finish_transition()
        if self.stage.current is not None:
            self.stage.current.finish_animations()

    def reset_all(self) -> None:
        for screen in self.screens.values():
            try:
                screen.reset()
            except Exception:
                log.exception("reset of %s failed", screen.screen_id)
        self.history.clear()

    def replace_exhibition(self, ex) -> None:  # noqa: ANN001 - a content Exhibition
        """New content (a live update, live.py): every built screen is dropped and home is built
        again from ``ex`` and shown; the other screens are built again in the background
        (build_later), or on first use if a visitor is quicker. The top
        bar's dots are made again when the themes (or their colours) changed."""
        old_themes = [(t.id, t.accent) for t in self.ctx.exhibition.themes]
        self.finish_all()
        self.ctx.exhibition = ex
        self.stage.current = None
        for screen in self.screens.values():
            screen.hide()
            screen.deleteLater()
        self.screens.clear()
        self.factories.clear()
        self._register_factories()
        if [(t.id, t.accent) for t in ex.themes] != old_themes:
            old, self.top.dots = self.top.dots, Dots(self.ctx)
            self.top.layout().replaceWidget(old, self.top.dots)
            old.hide()
            old.deleteLater()
            self.top.dots.picked.connect(lambda t: self.go(t))
            self.top.dots.apply_metrics()
            self.top.dots.set_language(self.ctx.lang)
        self.setWindowTitle(ex.title(self.ctx.lang))
        self.history.clear()
        self.current_target = ""
        self.go("home", push=False, animate=False)
        build_later(self)  # the other screens again, once the new home is on screen

    def geometry_for_export(self, w: int, h: int) -> QRect:
        return QRect(0, 0, w, h)
