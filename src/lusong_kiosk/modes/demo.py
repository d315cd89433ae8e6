"""Demo mode (the default): a normal resizable window; F11 full screen; Esc or Ctrl+Q quits (Esc
closes an open detail first)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut

from ..ui.shell import Shell


class DemoMode(QObject):
    def __init__(self, shell: Shell):
        super().__init__(shell)
        self.shell = shell
        self.shortcuts = []
        for seq, slot in ((QKeySequence(Qt.Key.Key_F11), self.toggle_fullscreen),
                          (QKeySequence(Qt.Key.Key_Escape), self.escape),
                          (QKeySequence("Ctrl+Q"), shell.close)):
            sc = QShortcut(seq, shell)
            sc.setContext(Qt.ShortcutContext.ApplicationShortcut)
            sc.activated.connect(slot)
            self.shortcuts.append(sc)

    def escape(self) -> None:
        # an open detail or sheet takes Esc itself when it has the focus; with the focus
        # elsewhere (a top-bar button just tapped) the window's Esc reaches here: close it first
        screen = self.shell.current_screen()
        if screen is not None and screen.back():
            return
        self.shell.close()

    def toggle_fullscreen(self) -> None:
        if self.shell.isFullScreen():
            self.shell.showNormal()
        else:
            self.shell.showFullScreen()

    def show(self, size: tuple[int, int] | None = None, fullscreen: bool = False) -> None:
        w, h = size or (1600, 900)
        screen = self.shell.screen().availableGeometry() if self.shell.screen() else None
        if size is None and screen is not None:
            w, h = min(w, screen.width()), min(h, screen.height())
        self.shell.resize(w, h)
        if fullscreen:
            self.shell.showFullScreen()
        else:
            self.shell.show()
