"""Kiosk mode with no content it may show: the files have problems and no earlier start left a
last good copy (validated.last_good_content). Rather than exit -- which a service restarts into
the same refusal until it gives up and the desktop shows -- the kiosk shows the calm, locked
"暂停服务 · Temporarily unavailable" screen (ui/unavailable.py), keeps watching the files as
live updates do (live.py: debounced, stable, checked as at start) and hands the first good
version to the start-up (:attr:`UnavailableMode.found`), which opens the exhibition on it.

Locked as the kiosk is: close requests and keys are refused. The technician's chord exits only
when no PIN is configured (there is no keypad here); otherwise `systemctl --user stop`, or fix
the files."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent

from ..content import Exhibition
from ..live import LiveContent
from ..settings import Settings
from ..ui.unavailable import UnavailableScreen
from .kiosk import is_technician_chord

log = logging.getLogger(__name__)


class FirstGoodContent(LiveContent):
    """Live updates with nothing on screen to spare: a good version is handed over at once."""

    found = Signal(object)  # the Exhibition

    def safe_now(self) -> bool:
        return True

    def _take(self, result: tuple) -> None:
        # nothing is on screen: a good first look (the files fixed since the start) opens it too
        snap, ex, problems, reads, _first = result
        super()._take((snap, ex, problems, reads, False))

    def _apply(self) -> None:
        ex, self.pending = self.pending, None
        self.stop()
        self.found.emit(ex)


class UnavailableMode(QObject):
    found = Signal(object)  # the first good Exhibition; the screen is closed by then
    exited = Signal()  # the technician's chord (no PIN configured)

    def __init__(self, settings: Settings, content_dir: Path, assets_dir: Path, family: str,
                 problems: list | None = None, **live_options: int):
        super().__init__()
        self.settings = settings
        self.allow_exit = False
        self.screen = UnavailableScreen(family)
        self.screen.installEventFilter(self)
        self.watch = FirstGoodContent(self.screen, None, content_dir, assets_dir, **live_options)
        self.watch.problems = list(problems or [])
        self.watch.logged_already(self.watch.problems)  # at start: not again for the same files
        self.watch.found.connect(self._found)

    def show(self) -> None:
        w = self.screen
        w.setWindowFlags(Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint)
        screens = QGuiApplication.screens()
        n = self.settings.screen or 0
        screen = screens[n if n < len(screens) else 0]
        w.setScreen(screen)
        w.setGeometry(screen.geometry())
        w.showFullScreen()
        QGuiApplication.setOverrideCursor(Qt.CursorShape.BlankCursor)
        log.warning("kiosk: showing the 'temporarily unavailable' screen until the content is fixed")
        from .inhibit import inhibit_screen_blanking

        self.inhibited = inhibit_screen_blanking()

    def close(self) -> None:
        self.watch.stop()
        self.allow_exit = True
        if self.screen.isVisible():
            QGuiApplication.restoreOverrideCursor()
        self.screen.close()

    def _found(self, exhibition: Exhibition) -> None:
        log.info("kiosk: the content is good now; starting the exhibition (%d themes)", len(exhibition.themes))
        self.close()
        self.found.emit(exhibition)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        t = event.type()
        if t == QEvent.Type.Close and not self.allow_exit:
            event.ignore()
            return True
        if t == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if is_technician_chord(event) and not self.settings.technician_pin_hash:
                log.info("technician exit")
                self.close()
                self.exited.emit()
            return True
        if t in (QEvent.Type.ShortcutOverride, QEvent.Type.ContextMenu):
            event.accept()
            return True
        return False
