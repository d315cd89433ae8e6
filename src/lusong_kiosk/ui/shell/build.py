"""Building the screens other than home: after the first frame, one per turn of the event loop."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer

if TYPE_CHECKING:  # annotations only: the shell imports this module
    from .shell import Shell

log = logging.getLogger(__name__)


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
    its panel ready instead of importing pyqtgraph and building it (a first visit takes
    seconds, a built panel answers within a frame or two). If the home screen is not
    painted (hidden behind an overlay), building starts after ``fallback_ms``. ``first`` runs
    before the building, right after that frame (the visitor analytics start there)."""
    pending = [key for key in shell.factories if key not in shell.screens]
    started, prepared = [], []

    def step() -> None:
        if not prepared:  # first the top bar's parts the home screen hides (Home, Back, the markers)
            prepared.append(True)
            shell.top.prepare()
            QTimer.singleShot(0, shell, step)
            return
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
        from ... import heap

        heap.settle()  # all built: later garbage collections leave the screens alone

    def start() -> None:
        if not started:
            started.append(True)
            if first is not None:
                QTimer.singleShot(0, shell, first)  # after the paint pass that called start()
            QTimer.singleShot(100, shell, step)  # after the first frame has been flushed to the screen

    class FirstPaint(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
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
