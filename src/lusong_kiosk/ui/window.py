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

from PySide6.QtCore import (QEasingCurve, QEvent, QObject, QPoint, QPropertyAnimation, QRect, Qt, QTimer,
                            Signal)
from PySide6.QtGui import QCloseEvent, QImage, QKeyEvent, QMouseEvent, QPixmap
from PySide6.QtWidgets import (QAbstractButton, QApplication, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout,
                               QWidget)

from ..present.strings import text
from . import events, style
from .base import Screen, UiContext
from .home import HomeScreen
from .kinetic import KineticDrag
from .widgets import Opaque, ScrollHint, TapButton, icon_pixmap, label

log = logging.getLogger(__name__)



class Dots(QWidget):
    """Where you are among the themes: one tappable marker per theme that names it (its short
    title beside a dot in its colour, the colour of its home tile); the current one outlined
    in that colour, its dot larger, its name bright."""

    picked = Signal(str)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.buttons: dict[str, TapButton] = {}
        self._icons: dict = {}  # (size, colour) -> QIcon
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        for theme in ctx.exhibition.themes:
            b = TapButton("", accent=theme.accent, kind="ghost")
            b.setCheckable(True)
            b.setAutoExclusive(False)
            b.clicked.connect(lambda _=False, t=theme.id: self.picked.emit(f"theme:{t}"))
            b.setProperty("theme", theme.id)
            self.buttons[theme.id] = b
            lay.addWidget(b)

    def set_current(self, theme_id: str | None) -> None:
        for tid, b in self.buttons.items():
            on = tid == theme_id
            if on != b.isChecked() or b.icon().isNull():  # redraw only the markers that change
                b.setChecked(on)
                self._paint(b, on)

    def _paint(self, b: TapButton, on: bool) -> None:
        m = self.ctx.metrics
        d = m.px(18 if on else 12)  # (sizes: apply_metrics)
        theme = self.ctx.exhibition.theme(b.property("theme"))
        color = style.accent(theme.accent)
        border = m.px(style.BORDER) * (2 if on else 1)
        css = (f"QPushButton {{ background: transparent; color: {style.MUTED}; border: {border}px solid transparent;"
               f" border-radius: {m.px(14)}px; padding: 0 {m.px(12)}px; font-size: {m.body}px;"
               f"{'' if self.named else f' min-width: {m.target}px;'} outline: none; }}"
               f"QPushButton:checked {{ color: {style.TEXT}; border-color: {color}; }}"
               f"QPushButton:pressed {{ background: {style.BG_PRESSED}; }}")
        style.apply_sheet(b, css)  # (set only when it changes: a style sheet costs a re-polish)
        from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

        # one icon per size and colour, reused: every new QIcon leaves its pixmap in Qt's
        # pixmap cache, which grew by a few KB per visit to a theme until the cache was full
        icon = self._icons.get((d, color))
        if icon is None:
            pm = QPixmap(d + 4, d + 4)
            pm.fill(Qt.GlobalColor.transparent)
            p = QPainter(pm)
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            p.setBrush(QColor(color))
            p.setPen(Qt.PenStyle.NoPen)
            p.drawEllipse(2, 2, d, d)
            p.end()
            icon = self._icons[(d, color)] = QIcon(pm)
        b.setIcon(icon)
        from PySide6.QtCore import QSize

        b.setIconSize(QSize(d + 4, d + 4))

    def apply_metrics(self) -> None:
        m = self.ctx.metrics
        self.layout().setSpacing(m.px(20))  # touch targets apart (ui/audit.py)
        sizes = (m.px(18), m.px(12))  # the dots of the sizes no longer used go
        self._icons = {k: v for k, v in self._icons.items() if k[0] in sizes}
        for b in self.buttons.values():
            b.apply_metrics(m)
            self._paint(b, b.isChecked())

    named = True  # False: the dots alone, when no row can hold the names (see TopBar.fit)

    def set_language(self, lang: str) -> None:
        for tid, b in self.buttons.items():
            theme = self.ctx.exhibition.theme(tid)
            b.setText(theme.short_title(lang) if self.named else "")
            b.setAccessibleName(theme.title(lang))  # the full title, heard
            # a style's min-width pins the widget's minimum (its name then squeezed): only the
            # dots alone need it, to stay a touch target
            self._paint(b, b.isChecked())


class TopBar(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("TopBar")
        self.home = TapButton("")
        self.back = TapButton("")
        self.title = label("", "subheading", wrap=False)
        self.dots = Dots(ctx)
        self.lang = TapButton("")
        self.lang.setObjectName("LangButton")
        self.access = TapButton("")  # the accessibility panel (ui/access.py), on every screen
        self.access.setObjectName("AccessButton")
        outer = QVBoxLayout(self)
        self.row = lay = QHBoxLayout()
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.home)
        lay.addWidget(self.back)
        lay.addWidget(self.title, 1)
        lay.addWidget(self.dots)
        lay.addWidget(self.access)
        lay.addWidget(self.lang)
        outer.addLayout(lay)
        # the theme markers' own row under the buttons, when one row cannot hold them (see fit)
        self.row2 = QHBoxLayout()
        self.row2.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(self.row2)

    compact = False  # Home and Back show their icons alone (a narrow screen: see fit)
    stacked = False  # the theme markers on a row of their own (see fit)

    def set_language(self, lang: str) -> None:
        self.home.setText("" if self.compact else text("shell.home", lang))
        self.back.setText("" if self.compact else text("shell.back", lang))
        self.home.setAccessibleName(text("shell.home", lang))
        self.back.setAccessibleName(text("shell.back", lang))
        self.lang.setText(text("shell.lang_button", lang))
        self.lang.setAccessibleName(text("shell.switch_lang", lang))
        self.access.setAccessibleName(text("shell.access", lang))
        self.access.setAccessibleDescription(text("shell.access_hint", lang))
        self.dots.set_language(lang)

    def apply_metrics(self) -> None:
        m = self.ctx.metrics  # margins and spacing: fit()
        for b, icon in ((self.home, "icons/home.svg"), (self.back, "icons/back.svg"),
                        (self.lang, "icons/language.svg"), (self.access, "icons/accessibility.svg")):
            from PySide6.QtGui import QIcon

            b.setIcon(QIcon(icon_pixmap(self.ctx.assets_dir, icon, m.px(36), style.TEXT)))
            b.apply_metrics(m)
        self.access.setMinimumWidth(m.target)
        self.dots.apply_metrics()

    def fit(self, width: int) -> None:
        """Home and Back lose their words when the bar would not fit ``width`` with them (a
        portrait 1080 px screen on a theme panel, or large text): otherwise the bar's minimum
        width pushed the whole window off the glass (1227 px on a 1080 px screen). If it still
        does not fit, the theme markers take a row of their own under the buttons; if even that
        row is too narrow (the largest text in portrait), they are dots alone, named when heard."""
        lay = self.layout()
        for compact, stacked, named in ((False, False, True), (True, False, True), (True, True, True),
                                        (True, True, False)):
            if compact != self.compact or named != self.dots.named:
                self.compact = compact
                self.dots.named = named
                self.set_language(self.ctx.lang)
            if stacked != self.stacked:
                self.stacked = stacked
                (self.row if stacked else self.row2).removeWidget(self.dots)
                if stacked:
                    self.row2.addWidget(self.dots, 0, Qt.AlignmentFlag.AlignHCenter)
                else:
                    self.row.insertWidget(self.row.indexOf(self.access), self.dots)
            m = self.ctx.metrics
            side = m.margin if not compact else min(m.margin, m.px(24))
            lay.setContentsMargins(side, m.px(16), side, m.px(12))
            lay.setSpacing(m.px(20))  # touch targets apart (ui/audit.py)
            self.row.setSpacing(m.px(20) if not compact else m.px(16))
            lay.invalidate()
            if lay.minimumSize().width() <= width:
                return


class Snapshot(Opaque, QLabel):
    """The old screen's picture while a transition moves it away. A copy of the window's
    backing store has every pixel opaque: then so is the label to Qt, which paints neither the
    window's background nor the new screen where it lies (a slide at 4K: ~1.5 ms a frame of
    background alone)."""

    def opaque(self) -> bool:
        pm = self.pixmap()
        return not pm.isNull() and not pm.hasAlphaChannel() and pm.deviceIndependentSize().toSize() == self.size()

    def setPixmap(self, pm: QPixmap) -> None:  # noqa: N802
        super().setPixmap(pm)
        self.mark_opaque()

    def resizeEvent(self, event) -> None:  # noqa: ANN001
        super().resizeEvent(event)
        self.mark_opaque()


class Stage(QWidget):
    """Holds the screens; only the current one is visible. Transitions slide or fade a
    snapshot of the old screen over the new one."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.current: Screen | None = None
        self.snapshot = Snapshot(self)
        self.snapshot.hide()
        self.snapshot.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.anim_old = QPropertyAnimation(self.snapshot, b"pos", self)
        # made once and retargeted: one per navigation piled up for as long as the kiosk ran
        self.anim_new = QPropertyAnimation(self)
        self.anim_new.setPropertyName(b"pos")
        for anim in (self.anim_old, self.anim_new):
            anim.setEasingCurve(QEasingCurve.Type.OutCubic)
        self.anim_old.finished.connect(self._done)

    def resizeEvent(self, event) -> None:  # noqa: ANN001
        for child in self.findChildren(Screen, options=Qt.FindChildOption.FindDirectChildrenOnly):
            child.setGeometry(self.rect())
        super().resizeEvent(event)

    def add(self, screen: Screen) -> None:
        screen.setParent(self)
        screen.setGeometry(self.rect())
        screen.hide()

    def show_screen(self, screen: Screen, direction: int, duration: int) -> None:
        """direction: +1 slide left (next), -1 slide right (previous), 0 fade/cut."""
        old = self.current
        self.current = screen
        self._stop()
        if old is None or old is screen or duration <= 0 or not self.isVisible():
            if old is not None and old is not screen:
                old.hide()
            screen.setGeometry(self.rect())
            screen.show()
            screen.raise_()
            return
        # A snapshot slides away rather than the old screen itself: painting the live screen on
        # every frame of the slide cost more than this one grab (`lusong-kiosk bench`).
        pm = self.snapshot_of(old)
        old.hide()
        self.snapshot.setPixmap(pm)
        self.snapshot.setGeometry(self.rect())
        screen.setGeometry(self.rect())
        screen.show()
        w = self.width()
        if direction == 0:
            # the new screen rises a little while the old one slides away below it
            start_new, end_old = QPoint(0, self.height() // 12), QPoint(0, self.height())
        else:
            start_new, end_old = QPoint(direction * w, 0), QPoint(-direction * w, 0)
        self.snapshot.show()
        self.snapshot.raise_()
        if direction == 0:
            screen.raise_()
        self.anim_old.setDuration(duration)
        self.anim_old.setStartValue(QPoint(0, 0))
        self.anim_old.setEndValue(end_old)
        self.anim_new.setTargetObject(screen)
        self.anim_new.setDuration(duration)
        self.anim_new.setStartValue(start_new)
        self.anim_new.setEndValue(QPoint(0, 0))
        self.anim_old.start()
        self.anim_new.start()
        # one frame in at once: a slide starts with the new screen wholly outside the stage, so
        # nothing of it showed until the animation timer's first tick, a frame later (bench:
        # swipe median 38 -> 20 ms at 1080p); now the next paint already shows it moving
        first = min(self.FIRST_STEP_MS, duration)
        self.anim_old.setCurrentTime(first)
        self.anim_new.setCurrentTime(first)

    FIRST_STEP_MS = 16  # one frame at 60 Hz

    def prepare(self, screen: Screen) -> None:
        """Lay a hidden screen out now, while nobody waits: it is shown for an instant outside
        the stage (where nothing is painted) and hidden again, so the resize events and layouts
        Qt keeps for hidden widgets run here and not when a visitor taps (charts measured their
        labels again on show: 60 of the 165 ms of a tap after a language switch at 4K)."""
        if screen is self.current or screen.isVisible() or not self.isVisible():
            return
        here = self.rect()
        screen.setGeometry(here.translated(2 * here.width() + 64, 0))
        screen.show()
        screen.hide()
        screen.setGeometry(here)

    def snapshot_of(self, old: QWidget) -> QPixmap:
        """The old screen as the visitor last saw it: a copy of its pixels from the window's
        backing store (what was painted last), or, where that is not an image in memory, a
        fresh render. The copy is ~2 ms at 1080p; rendering a theme panel again took 11 ms of
        every swipe, 30 ms at 4K (`lusong-kiosk bench`, navigation)."""
        top = self.window()
        handle = top.windowHandle()
        painted = handle is not None and handle.isExposed() and old.isVisible()
        store = top.backingStore() if painted else None
        device = store.paintDevice() if store is not None else None
        if isinstance(device, QImage) and not device.isNull():
            dpr = device.devicePixelRatio() or 1.0
            origin = old.mapTo(top, QPoint(0, 0))
            r = QRect(round(origin.x() * dpr), round(origin.y() * dpr), round(old.width() * dpr),
                      round(old.height() * dpr))
            if device.rect().contains(r):
                pm = QPixmap.fromImage(device.copy(r))
                pm.setDevicePixelRatio(dpr)
                return pm
        return old.grab()

    def in_transition(self) -> bool:
        return self.anim_old.state() == QPropertyAnimation.State.Running

    def _stop(self) -> None:
        if self.in_transition():
            self.anim_old.stop()
            self.anim_new.stop()
            self._done()

    def _done(self) -> None:
        self.snapshot.hide()
        self.snapshot.clear()
        self.anim_new.stop()  # it may still be in its last tick: the screen is placed below
        self.anim_new.setTargetObject(None)
        if self.current is not None:
            self.current.move(0, 0)


# a visitor's (or a presenter's) input: it postpones background work here and, in kiosk mode,
# the idle reset (modes/kiosk.py)
INPUT = frozenset({QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.MouseButtonRelease,
                   QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd, QEvent.Type.Wheel,
                   QEvent.Type.KeyPress, QEvent.Type.TabletPress})


class SwipeFilter(QObject):
    """Recognises a one-finger (or mouse) horizontal swipe anywhere on a theme page, and lets
    a vertical drag scroll the page, kinetically (``kinetic.KineticDrag``: Qt's QScroller).
    Touches arrive as mouse events synthesized by Qt; a swipe or a scroll cancels the press on
    the button where it started, so it never clicks."""

    swiped = Signal(int)  # +1: finger moved left (next), -1: moved right (previous)
    TYPES = INPUT | {QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.MouseButtonRelease}

    def __init__(self, shell: Shell):
        super().__init__(shell)
        self.shell = shell
        self.start: QPoint | None = None
        self.target: QWidget | None = None
        self.mode = ""  # "", "swipe", "scroll"
        self.kinetic = KineticDrag()
        self._last_seen: tuple | None = None
        self.last_input = 0.0  # time.monotonic() of the last touch, mouse, wheel or key event

    def _threshold(self) -> int:
        return self.shell.ctx.metrics.px(40)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        t = event.type()
        if t in INPUT:
            self.last_input = time.monotonic()  # background work waits for quiet (Shell.sync_later)
        if t not in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.MouseButtonRelease):
            return False
        if not isinstance(obj, QWidget) or obj.window() is not self.shell.window():
            return False
        assert isinstance(event, QMouseEvent)
        # an ignored event climbs the parent chain and passes this filter once per widget
        stamp = (t, event.timestamp(), event.globalPosition().toPoint())
        if stamp == self._last_seen:
            return False
        self._last_seen = stamp
        stage = self.shell.stage
        if t == QEvent.Type.MouseButtonPress and stage.in_transition():
            stage._stop()  # a touch during a transition completes it at once
        screen = stage.current
        inside = obj is stage or (screen is not None and screen.isAncestorOf(obj))
        scrolls = screen is not None and (screen.screen_id.startswith("theme:")
                                          or screen.screen_id in ("home", "honours"))
        if screen is None or not scrolls or not inside:
            if t == QEvent.Type.MouseButtonPress:
                self.start = None
            return False
        pos = event.globalPosition().toPoint()
        if t == QEvent.Type.MouseButtonPress and event.button() == Qt.MouseButton.LeftButton:
            self.start, self.target, self.mode = pos, obj, ""
            return self.kinetic.touch(self._scroll_area(obj), pos)  # a touch that stops a glide is no tap
        if self.start is None:
            return False
        if t == QEvent.Type.MouseMove:
            d = pos - self.start
            if not self.mode and max(abs(d.x()), abs(d.y())) > self._threshold():
                self.mode = "swipe" if abs(d.x()) > 1.3 * abs(d.y()) else "scroll"
                if isinstance(self.target, QAbstractButton):
                    self.target.setDown(False)  # a drag is never a tap
                if self.mode == "scroll":
                    self.kinetic.start(self._scroll_area(self.target))
            if self.mode == "scroll":
                self.kinetic.move(pos)
            return self.mode != ""
        # release
        mode, start = self.mode, self.start
        self.start, self.mode = None, ""
        if mode == "swipe":
            dx = pos.x() - start.x()
            if abs(dx) > self._threshold():
                self.swiped.emit(1 if dx < 0 else -1)
            return True
        if mode == "scroll":
            self.kinetic.release(pos)
        return mode == "scroll"

    @staticmethod
    def _scroll_area(w: QWidget | None) -> QScrollArea | None:
        while w is not None:
            if isinstance(w, QScrollArea):
                return w
            w = w.parentWidget()
        return None


class Shell(QWidget):
    """The exhibition window."""

    screen_changed = Signal(str)
    language_changed = Signal(str)
    accessibility_changed = Signal(str, object)  # "text_scale" | "high_contrast" | "reduce_motion", value

    def __init__(self, ctx: UiContext, parent: QWidget | None = None, size: tuple[int, int] | None = None):
        """``size``: the size the window will be shown at, when known, so that it is laid out and
        styled once, not first at Qt's default 640x480 and again when shown (bench: ~70 ms of
        the first frame)."""
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("Shell")
        if size:
            self.resize(*size)
        # The background is filled once, by paintEvent (opaque: Qt does not fill it first; a
        # styled background filled the whole window twice per frame, 1.4 ms of a 4K frame).
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
        # layout...); before ui/events.py each went through this filter in Python (~70 ms in all)
        events.watch(self.swipe, SwipeFilter.TYPES)

    # screens -----------------------------------------------------------------
    def _register_factories(self) -> None:
        ex = self.ctx.exhibition
        self.factories["home"] = lambda: HomeScreen(self.ctx)
        for theme in ex.themes:
            def make(theme=theme):  # noqa: ANN001, ANN202
                from .theme_page import ThemePage

                return ThemePage(self.ctx, theme)
            self.factories[f"theme:{theme.id}"] = make

        def honours():  # noqa: ANN202
            from .honours import HonoursScreen

            return HonoursScreen(self.ctx)

        def timeline():  # noqa: ANN202
            from .timeline import TimelineScreen

            return TimelineScreen(self.ctx)

        self.factories["honours"] = honours
        self.factories["timeline"] = timeline

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
    CHROME_NAMES = ("TableToggle",)  # object names of the controls inside screens (ui/chart_table.py)

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
        self.top.home.setVisible(not at_home)
        self.top.back.setVisible(not at_home)
        self.top.title.setText("" if screen is None else screen.title_text())
        theme = self.current_target[6:] if self.current_target.startswith("theme:") else None
        self.top.dots.set_current(theme)
        self.top.dots.setVisible(theme is not None)
        self.top.fit(self.width())

    # language ----------------------------------------------------------------
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
        from .access import AccessPanel

        if self.access_panel is None:
            self.access_panel = AccessPanel(self)
        self.access_panel.open()

    # size --------------------------------------------------------------------
    def apply_metrics(self, force: bool = False) -> None:
        m = style.metrics_for(max(1, self.width()), max(1, self.height()), self.ctx.text_scale)
        key = (m.scale, m.portrait, m.text, style.HIGH_CONTRAST)
        if not force and key == self._metrics_key:
            return
        self._metrics_key = key
        self.ctx.metrics = m
        set_pixmap_budget(self.width(), self.height())
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
        a language switch the next tap found its panel still to relabel and lay out (the soak's
        slowest taps, 350-500 ms at 4K). Not while a visitor is touching the screen either: a
        screen's relayout inside a swipe made the 100,000-event soak's slowest stalls (1-1.9 s)."""
        if self._sync_timer is None:
            self._sync_timer = QTimer(self)
            self._sync_timer.setSingleShot(True)
            self._sync_timer.timeout.connect(self._sync_step)
        self._sync_timer.start(self.SYNC_GAP_MS)

    def _stale(self, screen: Screen) -> bool:
        return screen.synced_lang != self.ctx.lang or screen.synced_metrics != self._metrics_key

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
                style.apply_sheet(screen, self.ctx.css)
                screen.apply_metrics()
            except Exception:
                log.exception("layout of %s failed", screen.screen_id)
            screen.synced_metrics = self._metrics_key

    def resizeEvent(self, event) -> None:  # noqa: ANN001
        super().resizeEvent(event)
        self.apply_metrics()

    def paintEvent(self, event) -> None:  # noqa: ANN001, N802
        from PySide6.QtGui import QColor, QPainter

        p = QPainter(self)
        p.fillRect(event.rect(), QColor(style.BG))
        p.end()

    def event(self, e: QEvent) -> bool:
        if e.type() == QEvent.Type.ChildPolished:  # an overlay made later gets the app's sheet
            child = e.child()
            if isinstance(child, QWidget) and child is not self.stage and self.ctx.css:
                style.apply_sheet(child, self.ctx.css)
        return super().event(e)

    # policy hooks ------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.close_guard is not None and not self.close_guard():
            event.ignore()
            return
        events.unwatch(self.swipe)
        super().closeEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
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
        self.stage._stop()
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


PIXMAP_SCREENS = 2  # window-fuls of kept paint (widgets.KEPT)


def set_pixmap_budget(width: int, height: int) -> None:
    """Size the kept paint of labels and buttons (widgets.KEPT) to the window: two window-fuls of
    32-bit pixels (16.6 MB at 1920x1080, 66 MB at 3840x2160); a screen's text is ~1.3 MB at 1080p,
    ~5 MB at 4K; beyond the budget the least recently used go first. With three window-fuls the
    1,000 memory cycles at 1080p peaked at 291 MB (target 300).

    Qt's own QPixmapCache stays at its 10 MB: raised to a window-ful or two at 4K it cached the
    style sheets' big card backgrounds and evicted them again at every visit (4K taps p95 ~70 ms
    and swipes ~60, against ~55 and ~44 at 10 MB; docs/QT-NOTES.md)."""
    from .widgets import KEPT

    KEPT.budget = PIXMAP_SCREENS * width * height * 4


def build_all(shell: Shell) -> None:
    """Build every screen now (export, tests); failures are logged, never raised."""
    for key in list(shell.factories):
        try:
            shell.screen_for(key)
        except Exception:
            log.exception("building %s failed", key)


def build_later(shell: Shell, fallback_ms: int = 3000, first: Callable[[], None] | None = None) -> None:
    """Once the home screen's first frame is painted, build the other screens, one per turn of
    the event loop (a touch in between is answered first). The first tap on a theme then finds
    its panel ready instead of importing pyqtgraph and building it (`lusong-kiosk bench`: a
    first visit took 0.3-2 s, a built panel answers in tens of ms). If the home screen is not
    painted (hidden behind an overlay), building starts after ``fallback_ms``. ``first`` runs
    before the building, right after that frame (the visitor analytics start there)."""
    pending = [key for key in shell.factories if key not in shell.screens]
    started = []

    def step() -> None:
        while pending:
            key = pending.pop(0)
            if key in shell.screens or key not in shell.factories:  # (content replaced since)
                continue
            try:
                shell.stage.prepare(shell.screen_for(key))
            except Exception:
                log.exception("building %s failed", key)
            QTimer.singleShot(0, shell, step)  # (with the shell as context: cancelled if it goes)
            return
        from .. import heap

        heap.settle()  # all built: later garbage collections leave the screens alone

    def start() -> None:
        if not started:
            started.append(True)
            if first is not None:
                QTimer.singleShot(0, shell, first)  # after the paint pass that called start()
            QTimer.singleShot(100, shell, step)  # after the first frame has been flushed to the screen

    class FirstPaint(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
            if event.type() == QEvent.Type.Paint:
                obj.removeEventFilter(self)
                start()
            return False

    home = shell.screens.get("home")
    if home is not None:
        home.installEventFilter(FirstPaint(home))
    QTimer.singleShot(fallback_ms, shell, start)


def deferred(fn: Callable[[], None], ms: int = 0) -> None:
    QTimer.singleShot(ms, fn)
