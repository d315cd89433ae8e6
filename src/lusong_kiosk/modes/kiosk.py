"""Kiosk mode: locked full screen, idle reset, attract loop and the technician's exit.

Policy only: it attaches to a Shell through an application event filter, the shell's
close guard and an overlay widget; the shell does not know it is a kiosk.

- Idle: no input for ``idle_timeout`` s -> home, default language, every screen reset; after a
  further ``attract_delay`` s at home the attract loop starts. The first touch (or click or key)
  ends the loop and goes home; that touch is swallowed, so it never presses what lay under it.
- Lock: Esc, Alt+F4, Ctrl+Q, Ctrl+W, F11 and window-close requests are refused; no context
  menus, no text selection (labels are not selectable), no focus rectangles.
- Technician exit: Ctrl+Alt+Shift+K (or press and hold the top-left corner for 3 s), then the
  PIN on an on-screen keypad (the configuration holds its salted hash: ``lusong-kiosk set-pin``).
  Three wrong PINs lock the keypad for 5 s, doubling each time up to 5 min; a correct PIN or an
  hour without a wrong one starts the count again.
  No PIN configured: the chord alone exits -- it needs a physical keyboard -- and the corner does
  nothing (any visitor can hold a corner); start-up logs a warning saying so.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent, QMouseEvent, QTouchEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ..present.strings import text
from ..ui import events, style
from ..ui.attract import AttractOverlay
from ..ui.shell import INPUT as INPUT_EVENTS
from ..ui.shell import Shell
from ..ui.widgets import TapButton, label

log = logging.getLogger(__name__)

PRESS_EVENTS = {QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin, QEvent.Type.KeyPress,
                QEvent.Type.MouseButtonDblClick, QEvent.Type.TabletPress}
HOLD_MS = 3000


def press_point(event: QEvent) -> QPoint | None:
    """Where on the screen a mouse or touch press landed (None for a key)."""
    if isinstance(event, QMouseEvent):
        return event.globalPosition().toPoint()
    if isinstance(event, QTouchEvent) and event.points():
        return event.points()[0].globalPosition().toPoint()
    return None
BACKOFF_FIRST_MS = 5000  # the keypad's lock after the third wrong PIN, doubled each further one
BACKOFF_MAX_MS = 5 * 60_000  # ... up to this: a technician is never locked out for longer
BACKOFF_FORGET_MS = 60 * 60_000  # an hour without a wrong PIN: the count starts again
# every event type the kiosk's filter acts on
WATCHED = INPUT_EVENTS | PRESS_EVENTS | {QEvent.Type.Polish, QEvent.Type.ShortcutOverride,
                                        QEvent.Type.ContextMenu}


def blocked_key(event: QKeyEvent) -> bool:
    """Keys a visitor could use to leave or disturb the kiosk."""
    key, mods = event.key(), event.modifiers()
    ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
    alt = bool(mods & Qt.KeyboardModifier.AltModifier)
    if key in (Qt.Key.Key_Escape, Qt.Key.Key_F11, Qt.Key.Key_Close, Qt.Key.Key_Exit):
        return True
    if alt and key in (Qt.Key.Key_F4, Qt.Key.Key_Tab):
        return True
    if ctrl and key in (Qt.Key.Key_Q, Qt.Key.Key_W):
        return True
    return key == Qt.Key.Key_Tab or key == Qt.Key.Key_Backtab or key == Qt.Key.Key_Menu


def lock_widget(w: QWidget) -> None:
    """No focus rectangle, no drop target (a QGraphicsView accepts drops by default), no
    selectable text (a QLabel made without ui.widgets.label may allow it)."""
    if w.focusPolicy() != Qt.FocusPolicy.NoFocus:
        w.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    if w.acceptDrops():
        w.setAcceptDrops(False)
    if isinstance(w, QLabel) and w.textInteractionFlags() != Qt.TextInteractionFlag.NoTextInteraction:
        w.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)


def is_technician_chord(event: QKeyEvent) -> bool:
    mods = event.modifiers()
    want = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier
    return event.key() == Qt.Key.Key_K and (mods & want) == want


class PinPad(QWidget):
    """On-screen keypad for the technician's PIN (touch friendly, no keyboard needed)."""

    def __init__(self, kiosk: KioskMode):
        super().__init__(kiosk.shell)
        self.kiosk = kiosk
        self.setObjectName("PinPad")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.entered = ""
        self.failures = 0
        self.locked_until = 0
        self.last_failure = 0
        self.prompt = label("", "heading")
        self.prompt.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.dots = label("", "heading")
        self.dots.setAlignment(Qt.AlignmentFlag.AlignCenter)
        grid = QGridLayout()
        self.buttons: dict[str, TapButton] = {}
        keys = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "⌫", "0", "OK"]
        for i, k in enumerate(keys):
            b = TapButton(k)
            b.clicked.connect(lambda _=False, k=k: self.press(k))
            grid.addWidget(b, i // 3, i % 3)
            self.buttons[k] = b
        self.cancel = TapButton("")
        self.cancel.clicked.connect(self.close_pad)
        lay = QVBoxLayout(self)
        lay.addStretch(1)
        lay.addWidget(self.prompt)
        lay.addWidget(self.dots)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addLayout(grid)
        row.addStretch(1)
        lay.addLayout(row)
        lay.addWidget(self.cancel, 0, Qt.AlignmentFlag.AlignHCenter)
        lay.addStretch(1)
        self.hide()

    def open_pad(self) -> None:
        m = self.kiosk.shell.ctx.metrics
        style.own_sheet(self, self.kiosk.shell.ctx, f"#PinPad {{ background: {style.BG}; }}")
        for b in list(self.buttons.values()) + [self.cancel]:
            b.apply_metrics(m)
            b.setMinimumWidth(m.px(140))
        self.entered = ""
        self._refresh()
        self.setGeometry(self.kiosk.shell.rect())
        self.show()
        self.raise_()

    def close_pad(self) -> None:
        self.entered = ""
        self.hide()

    def _refresh(self, message: str = "") -> None:
        lang = self.kiosk.shell.ctx.lang
        self.prompt.setText(message or text("kiosk.pin", lang))
        self.dots.setText("●" * len(self.entered) or " ")
        self.cancel.setText(text("kiosk.cancel", lang))

    def press(self, key: str) -> None:
        now = self.kiosk.clock()
        if now < self.locked_until:
            self._refresh(text("kiosk.wait", self.kiosk.shell.ctx.lang))
            return
        if key == "⌫":
            self.entered = self.entered[:-1]
        elif key == "OK":
            if self.kiosk.pin_ok(self.entered):
                self.failures = 0
                self.kiosk.exit_now()
                return
            if self.failures and now - self.last_failure >= BACKOFF_FORGET_MS:
                self.failures = 0  # old failures: a technician's slip of last week counts no more
            self.failures += 1
            self.last_failure = now
            if self.failures >= 3:
                self.locked_until = now + self.backoff_ms(self.failures)
            log.warning("wrong technician PIN (%d failures)", self.failures)
            self.entered = ""
            self._refresh(text("kiosk.wrong_pin", self.kiosk.shell.ctx.lang))
            return
        elif len(self.entered) < 12:
            self.entered += key
        self._refresh()

    @staticmethod
    def backoff_ms(failures: int) -> int:
        """How long the keypad stays locked after ``failures`` wrong PINs in a row (3 or more)."""
        return min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** min(failures - 3, 20))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        typed = event.text()
        if typed.isdigit():
            self.press(typed)
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.press("OK")
        elif event.key() == Qt.Key.Key_Backspace:
            self.press("⌫")
        event.accept()


class KioskMode(QObject):
    """Attach kiosk policy to a shell."""

    idle_reset_started = Signal()  # before anything is reset (analytics end the visit here)
    idle_reset_done = Signal()
    exited = Signal()

    def __init__(self, shell: Shell, clock: Callable[[], int] | None = None):
        super().__init__(shell)
        self.shell = shell
        s = shell.ctx.settings
        self.settings = s
        self.allow_exit = False
        from PySide6.QtCore import QElapsedTimer

        self._elapsed = QElapsedTimer()
        self._elapsed.start()
        self.clock = clock or self._elapsed.elapsed
        self.idle = QTimer(self)
        self.idle.setSingleShot(True)
        self.idle.setInterval(int(s.idle_timeout * 1000))
        self.idle.timeout.connect(self.idle_reset)
        self.attract_timer = QTimer(self)
        self.attract_timer.setSingleShot(True)
        self.attract_timer.setInterval(int(s.attract_delay * 1000))
        self.attract_timer.timeout.connect(self.start_attract)
        self.attract = AttractOverlay(shell, s.attract_interval)
        self.attract.touched.connect(self.end_attract)
        self.attract.tour_requested.connect(self.end_attract)  # then the tour (modes/tour.attach)
        self.pinpad = PinPad(self)
        self.hold = QTimer(self)
        self.hold.setSingleShot(True)
        self.hold.setInterval(HOLD_MS)
        self.hold.timeout.connect(self.technician)
        self._swallow_release = False
        self._locked: weakref.WeakSet[QWidget] = weakref.WeakSet()  # screens already locked down
        shell.close_guard = lambda: self.allow_exit
        shell.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        shell.setAcceptDrops(False)
        for w in shell.findChildren(QWidget):
            lock_widget(w)
        shell.screen_changed.connect(self._screen_changed)
        events.watch(self, WATCHED)
        if not s.technician_pin_hash:
            log.warning("kiosk: no technician PIN set (lusong-kiosk set-pin): the corner hold does nothing, "
                        "and the chord Ctrl+Alt+Shift+K on a physical keyboard exits without one")
        self.idle.start()

    # window --------------------------------------------------------------------
    def show(self) -> None:
        shell = self.shell
        shell.setWindowFlags(Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint)
        screens = QGuiApplication.screens()
        n = self.settings.screen or 0
        if n >= len(screens):
            log.warning("screen %d not found (%d screens); using the first", n, len(screens))
            n = 0
        shell.setScreen(screens[n])
        shell.setGeometry(screens[n].geometry())
        shell.showFullScreen()
        QGuiApplication.setOverrideCursor(Qt.CursorShape.BlankCursor)
        log.info("kiosk mode on screen %d (%s)", n, screens[n].name())
        from .inhibit import inhibit_screen_blanking

        self.inhibited = inhibit_screen_blanking()  # the screen stays on (logged either way)

    def _screen_changed(self, _target: str) -> None:
        """A screen shown for the first time is locked down, once (walking every widget of the
        window on each navigation would slow every swipe; later widgets are locked as they are
        polished, see eventFilter)."""
        screen = self.shell.stage.current
        if screen is None or screen in self._locked:
            return
        for w in screen.findChildren(QWidget):
            lock_widget(w)
        self._locked.add(screen)

    # idle ----------------------------------------------------------------------
    def idle_reset(self) -> None:
        """Home, default language, every screen back to its start."""
        shell = self.shell
        log.info("idle reset")
        self.idle_reset_started.emit()
        self.pinpad.close_pad()
        from ..ui import access

        access.reset(shell)  # normal text size and palette, the configured motion; panel closed
        shell.set_language(shell.ctx.exhibition.default_language if shell.ctx.settings.lang is None
                           else shell.ctx.settings.lang)
        shell.reset_all()
        if shell.current_target != "home":
            shell.go("home", push=False, animate=False)
        shell.history.clear()
        from .. import heap

        heap.settle()  # nobody is watching: the one full garbage collection of this visit
        self.attract_timer.start()
        self.idle_reset_done.emit()

    def start_attract(self) -> None:
        if self.shell.current_target == "home":
            self.shell.finish_all()
            self.attract.start()

    def end_attract(self) -> None:
        self.attract.stop()
        self._swallow_release = True
        if self.shell.current_target != "home":
            self.shell.go("home", push=False, animate=False)
        self.idle.start()

    # exit ----------------------------------------------------------------------
    def technician(self) -> None:
        if not self.settings.technician_pin_hash:
            self.exit_now()
        else:
            self.pinpad.open_pad()

    def pin_ok(self, pin: str) -> bool:
        from ..pin import verify_pin

        return bool(self.settings.technician_pin_hash) and verify_pin(pin, self.settings.technician_pin_hash or "")

    def exit_now(self) -> None:
        log.info("technician exit")
        self.allow_exit = True
        self.detach()
        QGuiApplication.restoreOverrideCursor()
        self.exited.emit()
        self.shell.close()

    # the filter ----------------------------------------------------------------
    def _ours(self, obj: QObject) -> bool:
        """Only events for this kiosk's window (an application filter sees every window's)."""
        try:
            shell_handle = self.shell.windowHandle()
        except RuntimeError:  # the shell is gone (deleted without detach): nothing is ours
            return False
        if isinstance(obj, QWidget):
            return obj.window() is self.shell
        from PySide6.QtGui import QWindow

        if isinstance(obj, QWindow):
            return obj is shell_handle
        return False

    def detach(self) -> None:
        """Remove the kiosk's policy (tests, technician exit)."""
        events.unwatch(self)
        for timer in (self.idle, self.attract_timer, self.hold):
            timer.stop()
        self.attract.stop()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        t = event.type()  # one of WATCHED: ui/events.py calls this for those types only
        if not self._ours(obj):
            return False
        if t == QEvent.Type.Polish:  # a widget built later (a screen's parts, a chart) is locked too
            if isinstance(obj, QWidget):  # Qt polishes widgets only
                lock_widget(obj)
            return False
        if t in INPUT_EVENTS:
            if self.attract.running() and t in PRESS_EVENTS:
                # the touch that ends the loop presses nothing else; on the tour offer it asks
                # for the tour (attract.tour_requested), anywhere else it just ends the loop
                point = press_point(event)
                if point is not None and self.attract.offer_at(point):
                    self.attract.tour_requested.emit()  # ends the loop too (connected below)
                else:
                    self.end_attract()
                return True
            if self._swallow_release and t in (QEvent.Type.MouseButtonRelease, QEvent.Type.TouchEnd,
                                               QEvent.Type.TouchUpdate, QEvent.Type.MouseMove):
                if t in (QEvent.Type.MouseButtonRelease, QEvent.Type.TouchEnd):
                    self._swallow_release = False
                return True
            self.idle.start()
            self.attract_timer.stop()
        if t == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if is_technician_chord(event):
                self.technician()
                return True
            if self.pinpad.isVisible():
                if obj is not self.pinpad:
                    self.pinpad.keyPressEvent(event)
                return True
            if blocked_key(event):
                log.info("kiosk: refused key %s", event.key())
                return True
        if t == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) and blocked_key(event):
            event.accept()
            return True
        if t == QEvent.Type.ContextMenu:
            return True
        if t in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease) and isinstance(obj, QWidget) \
                and obj.window() is self.shell:
            pos = event.globalPosition().toPoint()  # type: ignore[attr-defined] - a press or release is a QMouseEvent
            corner = QRect(self.shell.mapToGlobal(QPoint(0, 0)), self.shell.mapToGlobal(
                QPoint(self.shell.ctx.metrics.px(80), self.shell.ctx.metrics.px(80))))
            if t == QEvent.Type.MouseButtonPress and corner.contains(pos) and self.settings.technician_pin_hash:
                self.hold.start()  # without a PIN the hold would let any visitor out: it does nothing
            elif t == QEvent.Type.MouseButtonRelease:
                self.hold.stop()
        return t == QEvent.Type.MouseButtonDblClick

