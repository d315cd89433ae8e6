"""One application-wide event filter, shared by every part that must see events first.

The swipe recogniser (shell/swipe.py), the kiosk's lock-down, the presenter's keys and the visitor
analytics each watch a few event types anywhere in the app. Installed as separate filters on the
QApplication, each was called from C++ into Python for every event of every widget -- ~1,200 per
tap on a home tile (paints, shows, layouts), a few microseconds each -- and together they were
a large part of a tap's latency. Here one
filter looks up the event's type and calls only the watchers that asked for it, newest first (the
order Qt gives filters installed on one object).

Asking an event its type makes a Python enum member (PySide), which for the many events nobody
watches cost more than the rest of the filter; while every watched type is an input event, the
event's class (which PySide picks from the type in C++) answers first.

Even answered at once, each event still crosses into Python: the call and the Python objects
PySide makes for the object and the event (~3 µs). Building, relabelling and restyling a screen
sends its widgets tens of thousands of events (child added, polish, font, palette, move...), and
no input can arrive meanwhile, as that work runs no event loop: :func:`quiet` takes the filter off
for such a block while every watched type is an input event's.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtGui import QInputEvent

_hub: Hub | None = None
_held = False  # the filter waits for release() to be installed (hold)
_quiet = 0  # the depth of quiet() blocks running

# the types whose events are QInputEvents (mouse, touch, tablet, wheel, keys, context menu, hover)
_T = QEvent.Type
INPUT_TYPES = frozenset({
    _T.MouseButtonPress, _T.MouseButtonRelease, _T.MouseButtonDblClick, _T.MouseMove,
    _T.TouchBegin, _T.TouchUpdate, _T.TouchEnd, _T.TouchCancel,
    _T.TabletPress, _T.TabletMove, _T.TabletRelease, _T.Wheel,
    _T.KeyPress, _T.KeyRelease, _T.ShortcutOverride, _T.ContextMenu,
    _T.HoverEnter, _T.HoverMove, _T.HoverLeave,
})


class Hub(QObject):
    def __init__(self, app: QCoreApplication):
        super().__init__(app)
        self.watchers: list[tuple[QObject, frozenset[QEvent.Type]]] = []  # newest first
        self._by_type: dict[QEvent.Type, tuple[QObject, ...]] = {}
        self._only_input = True  # every watched type is an input event's (INPUT_TYPES)
        self._connected: set[int] = set()
        self._installed = False
        self.sync()

    def sync(self) -> None:
        """The filter on the application, or off it: off with no watcher, while held, or inside
        a quiet() block while only input types are watched."""
        app = self.parent()
        if app is None or not shiboken6.isValid(app):  # the application going
            return
        want = bool(self._by_type) and not _held and not (_quiet and self._only_input)
        if want != self._installed:
            if want:
                app.installEventFilter(self)
            else:
                app.removeEventFilter(self)
            self._installed = want

    def add(self, watcher: QObject, types: Iterable[QEvent.Type]) -> None:
        self.remove(watcher)
        self.watchers.insert(0, (watcher, frozenset(types)))
        if id(watcher) not in self._connected:  # the analytics come and go once per visit
            self._connected.add(id(watcher))
            watcher.destroyed.connect(self._forget)
        self._index()

    def remove(self, watcher: QObject) -> None:
        kept = [(w, t) for w, t in self.watchers if w is not watcher]
        if len(kept) != len(self.watchers):
            self.watchers = kept
            self._index()

    def _forget(self, obj: QObject | None = None) -> None:
        """A watcher's C++ object is gone (Qt drops a deleted object's filters the same way)."""
        self.watchers = [(w, t) for w, t in self.watchers if shiboken6.isValid(w) and w is not obj]
        self._connected = {id(w) for w, _ in self.watchers}
        self._index()

    def _index(self) -> None:
        by_type: dict[QEvent.Type, list[QObject]] = {}
        for watcher, types in self.watchers:
            for t in types:
                by_type.setdefault(t, []).append(watcher)
        self._by_type = {t: tuple(ws) for t, ws in by_type.items()}
        self._only_input = INPUT_TYPES.issuperset(by_type)
        self.sync()  # a watcher of another type (the kiosk's Polish) sees the quiet blocks too

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if self._only_input and not isinstance(event, QInputEvent):
            return False
        watchers = self._by_type.get(event.type())
        if watchers is None:  # paints, layouts, shows: almost every event
            return False
        return any(watcher.eventFilter(obj, event) for watcher in watchers)


def _current() -> Hub | None:
    """The hub, if it is alive and the running application's."""
    app = QCoreApplication.instance()
    if _hub is not None and app is not None and shiboken6.isValid(_hub) and _hub.parent() is app:
        return _hub
    return None


def hub() -> Hub:
    global _hub
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("no QApplication")
    if _current() is None:
        _hub = Hub(app)
    return _hub


def watch(watcher: QObject, types: Iterable[QEvent.Type]) -> None:
    """Call ``watcher.eventFilter(obj, event)`` for every event of these types in the app, before
    the object gets it (True from it: the event stops there)."""
    hub().add(watcher, types)


def hold() -> None:
    """No watcher sees an event from now until :func:`release` (the filter is off). For a start
    whose watchers want only what a visitor does on the screen, held until its first frame is on
    the screen: an application-wide filter in Python has every object an event is sent to handed
    to Python, and PySide makes the Python classes (with their enums) of those the app never
    touches -- at that frame's window activation the style's (the focus event every widget taking
    focus sends it: QStyle's 11 enum classes, ~5 ms), the window's, the event loop's thread's."""
    global _held
    _held = True
    _sync()


def release() -> None:
    """End :func:`hold`: the watchers see events from now on."""
    global _held
    if _held:
        _held = False
        _sync()


@contextmanager
def quiet() -> Iterator[None]:
    """The filter off while the block runs, if every watched type is an input event's: for the
    app's own work that sends widgets many events and runs no event loop (building a screen,
    relabelling, restyling), so no input can arrive in it. Nested blocks: off until the outer
    one ends. A watcher of another type (the kiosk's Polish) keeps the filter on."""
    global _quiet
    _quiet += 1
    if _quiet == 1:
        _sync()
    try:
        yield
    finally:
        _quiet -= 1
        if _quiet == 0:
            _sync()


def _sync() -> None:
    current = _current()
    if current is not None:
        current.sync()


def unwatch(watcher: QObject) -> None:
    if QCoreApplication.instance() is not None and _hub is not None:
        hub().remove(watcher)
