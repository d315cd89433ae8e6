"""The analytics recorder (GUI thread): follows one exhibition window through the shell's and the
kiosk's signals and appends small tuples to a list; a timer hands them to the writer thread.

Kiosk mode: a visit runs from the first touch after an idle reset (or the start) to the idle reset.
Demo mode: one visit from the start to quit. Presenter mode records nothing (a talk is not a visit).
"""

from __future__ import annotations

import functools
import itertools
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtGui import QWindow
from PySide6.QtWidgets import QWidget

from ..ui import events
from .store import ACCESSIBILITY, BUSY_TIMEOUT, HOME_TAP, LANGUAGE, RETENTION_DAYS, TIMELINE_EVENT, Record
from .writer import MAX_PENDING, Writer

if TYPE_CHECKING:  # annotations only: a running app loads the module of its own mode alone
    from PySide6.QtCore import SignalInstance

    from ..modes.demo import DemoMode
    from ..modes.kiosk import KioskMode
    from ..modes.presenter import PresenterMode
    from ..settings import Settings
    from ..ui.shell import Shell

log = logging.getLogger(__name__)

FLUSH_MS = 5000  # the recorder hands its records to the writer this often
PRUNE_MS = 24 * 3600 * 1000  # and asks it to prune once a day


def _safe(fn: Callable[..., Any]) -> Callable[..., Any]:
    """A slot that logs instead of raising: analytics never break the exhibition."""
    @functools.wraps(fn)
    def run(*args: Any) -> Any:
        try:
            return fn(*args)
        except Exception:
            log.exception("analytics: %s failed (ignored)", fn.__name__)
            return None
    return run


TOUCH_EVENTS = {QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin, QEvent.Type.TabletPress}


class _Visit:
    __slots__ = ("token", "wall", "mono", "a11y")

    def __init__(self, token: int, wall: float, mono: float):
        self.token, self.wall, self.mono, self.a11y = token, wall, mono, False


class Recorder(QObject):
    """Records one exhibition window's visits. Build it after the mode (kiosk: pass it).

    ``clock`` (tests) replaces both the wall clock (timestamps) and the monotonic clock
    (durations). Call :meth:`close` at quit (``attach`` connects it to aboutToQuit).
    """

    def __init__(self, shell: Shell, kiosk: KioskMode | None = None, *, path: Path | str | None = None,
                 flush_ms: int = FLUSH_MS, prune_ms: int = PRUNE_MS,
                 retention_days: int = RETENTION_DAYS, clock: Callable[[], float] | None = None,
                 busy_timeout: float = BUSY_TIMEOUT):
        super().__init__(shell)
        self.shell = shell
        self.kiosk = kiosk
        self.mode = "kiosk" if kiosk is not None else "demo"
        self._wall = clock or time.time
        self._mono = clock or time.monotonic
        self.writer = Writer(path, retention_days, busy_timeout)
        self.pending: list[Record] = []
        self.visit: _Visit | None = None
        self._view: tuple[str, float, float] | None = None  # screen, entered (mono), entered (wall)
        self._tokens = itertools.count(1)
        self._hooked: dict[str, QObject] = {}
        self._filtering = False
        self._closed = False
        self._connections: list[tuple[Any, Any]] = []

        self.flush_timer = QTimer(self)
        self.flush_timer.setInterval(flush_ms)
        self.flush_timer.timeout.connect(self.flush)
        self.flush_timer.start()
        self.prune_timer = QTimer(self)
        self.prune_timer.setInterval(prune_ms)
        self.prune_timer.timeout.connect(self._prune)
        self.prune_timer.start()

        self._connect(shell.screen_changed, self._on_screen)
        self._connect(shell.language_changed, self._on_language)
        self._connect(shell.accessibility_changed, self._on_accessibility)
        self._hook_screens()
        if kiosk is not None:
            self._connect(kiosk.idle_reset_started, self._on_idle_reset)
            self._wait_for_touch()
        else:
            self.start_visit()

    def _connect(self, signal: SignalInstance, slot: Callable[..., Any]) -> None:
        signal.connect(slot)
        self._connections.append((signal, slot))

    # visits ----------------------------------------------------------------------------------
    @_safe
    def start_visit(self) -> None:
        if self._closed or self.visit is not None:
            return
        self._stop_waiting()
        wall, mono = self._wall(), self._mono()
        self.visit = _Visit(next(self._tokens), wall, mono)
        self._add(("visit", self.visit.token, wall, self.shell.ctx.lang, self.mode))
        self._enter(self.shell.screen_key(self.shell.current_target or "home"), mono)

    @_safe
    def end_visit(self, idle_s: float = 0.0) -> None:
        """End the running visit; ``idle_s``: seconds since the last touch (not counted)."""
        v = self.visit
        if v is None:
            return
        end = self._mono() - max(0.0, idle_s)
        end = max(end, v.mono, self._view[1] if self._view else v.mono)
        self._leave(end)
        self._add(("end", v.token, v.wall + (end - v.mono), self.shell.ctx.lang, v.a11y))
        self.visit = None
        self.flush()
        if self.kiosk is not None and not self._closed:
            self._wait_for_touch()

    @_safe
    def _on_idle_reset(self) -> None:
        idle = self.kiosk.idle
        # the idle timer fired: the last touch was one timeout ago (a direct call: now)
        idle_s = idle.interval() / 1000 if not idle.isActive() else 0.0
        self.end_visit(idle_s)

    # the first touch (kiosk) ---------------------------------------------------------------
    def _wait_for_touch(self) -> None:
        if not self._filtering:
            events.watch(self, TOUCH_EVENTS)
            self._filtering = True

    def _stop_waiting(self) -> None:
        if self._filtering:
            events.unwatch(self)
            self._filtering = False

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        # watched between visits, for TOUCH_EVENTS only (ui/events.py); never consumes the event
        try:
            if self._ours(obj):
                self.start_visit()
        except Exception:
            log.exception("analytics: touch filter failed (ignored)")
        return False

    def _ours(self, obj: QObject) -> bool:
        if isinstance(obj, QWidget):
            return obj.window() is self.shell
        return isinstance(obj, QWindow) and obj is self.shell.windowHandle()

    # screens -----------------------------------------------------------------------------------
    def _enter(self, screen: str, mono: float) -> None:
        v = self.visit
        assert v is not None
        self._view = (screen, mono, v.wall + (mono - v.mono))

    def _leave(self, mono: float) -> None:
        if self._view is None or self.visit is None:
            self._view = None
            return
        screen, entered, entered_wall = self._view
        self._add(("view", self.visit.token, screen, entered_wall, max(0.0, mono - entered)))
        self._view = None

    @_safe
    def _on_screen(self, target: str) -> None:
        new = self._hook_screens()
        if self.visit is None:
            return
        if target.startswith("event:") and "timeline" in new:
            # the timeline was built by this very navigation: its first event_opened came
            # before we could listen
            self._event(TIMELINE_EVENT, target.split(":", 1)[1])
        key = self.shell.screen_key(target)
        if self._view is not None and self._view[0] == key:
            return
        now = self._mono()
        self._leave(now)
        self._enter(key, now)

    def _hook_screens(self) -> set[str]:
        """Listen to screens built since the last call; return their keys."""
        new = set()
        for key, screen in list(self.shell.screens.items()):
            if self._hooked.get(key) is screen:
                continue
            self._hooked[key] = screen
            new.add(key)
            if key == "home":
                self._connect(screen.navigate, self._on_home_tap)
            self._connect(screen.event_opened, self._on_event_opened)  # (ui/base.Screen: only the timeline emits it)
        return new

    # events ------------------------------------------------------------------------------------
    def _event(self, kind: str, value: str) -> None:
        if self.visit is not None:
            self._add(("event", self.visit.token, kind, value, self.visit.wall + (self._mono() - self.visit.mono)))

    @_safe
    def note_event(self, kind: str, value: str = "") -> None:
        """Record an event of the running visit (none between visits): the tour's (modes/tour.py). Not
        named `event`: that would override QObject.event."""
        self._event(kind, value)

    @_safe
    def _on_home_tap(self, target: str) -> None:
        self._event(HOME_TAP, target)

    @_safe
    def _on_event_opened(self, event_id: str) -> None:
        self._event(TIMELINE_EVENT, event_id)

    @_safe
    def _on_language(self, lang: str) -> None:
        self._event(LANGUAGE, lang)

    @_safe
    def _on_accessibility(self, *args: Any) -> None:
        choice, *value = (str(a) for a in args) if args else ("?",)
        self.accessibility(choice, value[0] if value else "")

    @_safe
    def accessibility(self, choice: str, value: str = "") -> None:
        """An accessibility option was chosen (the panel calls this or emits
        ``accessibility_changed(choice, value)`` on the shell)."""
        if self.visit is None:
            return
        self.visit.a11y = True
        self._event(ACCESSIBILITY, f"{choice}={value}" if value else choice)

    # writing -----------------------------------------------------------------------------------
    def _add(self, record: Record) -> None:
        self.pending.append(record)
        if len(self.pending) > MAX_PENDING:
            drop = len(self.pending) - MAX_PENDING
            del self.pending[:drop]
            self.writer.dropped += drop

    @_safe
    def flush(self) -> None:
        """Hand the pending records to the writer thread (one transaction there)."""
        if self.pending:
            batch, self.pending = self.pending, []
            self.writer.submit(batch)

    @_safe
    def _prune(self) -> None:
        self.writer.request_prune()

    def close(self) -> None:
        """End the running visit, write everything and stop the writer. Idempotent, never raises."""
        if self._closed:
            return
        self.end_visit()
        self._closed = True
        steps = [self._stop_waiting, self.flush_timer.stop, self.prune_timer.stop]
        steps += [lambda s=signal, f=slot: s.disconnect(f) for signal, slot in self._connections]
        for step in steps:
            try:
                step()
            except Exception:
                log.debug("analytics: a step of closing failed", exc_info=True)
        self._connections.clear()
        self.flush()
        self.writer.close()


def attach(shell: Shell, mode: KioskMode | PresenterMode | DemoMode, settings: Settings) -> Recorder | None:
    """Start recording for the running app (``app.run_app``); None when off or failing.

    Kiosk mode: visits from the first touch to the idle reset. Demo mode: one visit from start to
    quit. Presenter mode and ``analytics = false``: nothing is recorded.
    """
    if not settings.analytics:
        log.info("analytics: off (analytics = false)")
        return None
    if settings.mode == "presenter":
        log.info("analytics: not recorded in presenter mode")
        return None
    try:
        recorder = Recorder(shell, mode if settings.mode == "kiosk" else None)
        QCoreApplication.instance().aboutToQuit.connect(recorder.close)
    except Exception:
        log.exception("analytics: could not start (the exhibition runs without them)")
        return None
    log.info("analytics: recording to %s", recorder.writer.path)
    return recorder
