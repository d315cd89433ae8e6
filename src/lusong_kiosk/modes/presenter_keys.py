"""The presenter's keys: which key asks for what (:data:`KEYMAP`, listed by the ? / F1 overlay
from :data:`HELP_ROWS`), and :class:`PresenterKeys`, which reads them and does what they ask.

Keys are read by an application-wide event filter (``KeyPress``, and ``ShortcutOverride`` so no
shortcut takes them first), so a clicker works whichever widget has focus, in either window:

- → ↓ Page Down, Space, Enter: next step; after a screen's last step, the next screen.
- ← ↑ Page Up, Backspace: previous step, shown exactly as it was (final, no animation).
- Home / End: the first / last screen (its first step). 1 … 5: theme 1 … 5. T / H / 0: the
  timeline / the honours / home.
- B or .: black screen; W: white screen; the same key again returns. **While the screen is
  black or white, a step key only returns to the same step; it does not advance.** Jump keys
  (Home, End, 1–5, T, H, 0) return and jump.
- Z (held): a laser pointer over the audience window, following the mouse (or the console's
  picture of the audience window, or a touch on the audience window) while the key is down.
- L: language. N: the speaker notes over the audience window (one screen only; with a console
  the notes are on the console). F: full screen on or off. P: pause / resume the timer,
  R: reset it. ? or F1: the list of keys.
- Esc: closes the topmost overlay (keys, notes, blank screen); with none open it asks "press
  Esc again to quit" — a second Esc quits, any other key stays. Ctrl+Q quits at once.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QTouchEvent, QWindow
from PySide6.QtWidgets import QWidget

from ..present.strings import text
from ..ui import events

if TYPE_CHECKING:
    from .presenter import PresenterMode

log = logging.getLogger(__name__)

K = Qt.Key
KEYMAP: dict[Qt.Key, str] = {
    K.Key_Right: "next", K.Key_Down: "next", K.Key_PageDown: "next", K.Key_Space: "next",
    K.Key_Return: "next", K.Key_Enter: "next",
    K.Key_Left: "previous", K.Key_Up: "previous", K.Key_PageUp: "previous", K.Key_Backspace: "previous",
    K.Key_Home: "first", K.Key_End: "last",
    K.Key_1: "theme:1", K.Key_2: "theme:2", K.Key_3: "theme:3", K.Key_4: "theme:4", K.Key_5: "theme:5",
    K.Key_T: "timeline", K.Key_H: "honours", K.Key_0: "home",
    K.Key_B: "black", K.Key_Period: "black", K.Key_W: "white",
    K.Key_L: "language", K.Key_N: "notes", K.Key_F: "fullscreen",
    K.Key_Question: "help", K.Key_F1: "help", K.Key_Escape: "escape",
    K.Key_P: "timer", K.Key_R: "reset_timer", K.Key_Z: "pointer",
}
STEP_ACTIONS = {"next", "previous"}
JUMP_ACTIONS = {"first", "last", "timeline", "honours", "home", "theme:1", "theme:2", "theme:3", "theme:4",
                "theme:5"}

HELP_ROWS: list[tuple[str, str]] = [  # (keys, the strings key of what they do)
    ("→  ↓  Page Down  Space  Enter", "presenter.help.next"),
    ("←  ↑  Page Up  Backspace", "presenter.help.previous"),
    ("Home / End", "presenter.help.first_last"),
    ("1 … 5", "presenter.help.themes"),
    ("T / H / 0", "presenter.help.jumps"),
    ("B  /  .", "presenter.help.black"),
    ("W", "presenter.help.white"),
    ("L", "presenter.help.lang"),
    ("N", "presenter.help.notes"),
    ("F", "presenter.help.full_screen"),
    ("P / R", "presenter.help.timer"),
    ("Z", "presenter.help.pointer"),
    ("?  /  F1", "presenter.help.help"),
    ("Esc", "presenter.help.escape"),
    ("Ctrl+Q", "presenter.help.quit"),
]
MODIFIER_KEYS = {K.Key_Shift, K.Key_Control, K.Key_Alt, K.Key_Meta, K.Key_AltGr, K.Key_CapsLock}
KEY_EVENTS = frozenset({QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride, QEvent.Type.KeyRelease})
TOUCH_EVENTS = frozenset({QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate})  # the held pointer follows a touch


def help_texts(lang: str) -> tuple[str, list[tuple[str, str]], str]:
    """The ? / F1 overlay's title, rows (keys, what they do) and footer in ``lang``."""
    return (text("presenter.help_title", lang), [(keys, text(key, lang)) for keys, key in HELP_ROWS],
            text("presenter.help_footer", lang))


def action_for(event: QKeyEvent) -> str | None:
    """The presenter action of a key press, or None."""
    mods = event.modifiers()
    ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
    if ctrl and event.key() == K.Key_Q:
        return "quit"
    if mods & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
               | Qt.KeyboardModifier.MetaModifier):
        return None
    try:
        key = K(event.key())
    except ValueError:
        return None
    if key == K.Key_Slash and mods & Qt.KeyboardModifier.ShiftModifier:
        return "help"
    return KEYMAP.get(key)


class PresenterKeys(QObject):
    """Reads the keys, in the audience window and the console, and the touches the held pointer
    follows; does what each key asks of ``mode``."""

    def __init__(self, mode: PresenterMode):
        super().__init__(mode)
        self.mode = mode
        events.watch(self, KEY_EVENTS | TOUCH_EVENTS)

    def stop(self) -> None:
        events.unwatch(self)

    def perform(self, action: str) -> None:
        """Do what a key asks (see the module docstring)."""
        m = self.mode
        if m.quit_pending():
            if action in ("escape", "quit"):
                m.quit()
            else:
                m.cancel_quit()  # any other key keeps presenting (and does only that)
            return
        if action == "quit":
            m.quit()
        elif action in STEP_ACTIONS:
            if m.blank:
                m.set_blank("")  # back to the same step
            elif action == "next":
                m.next()
            else:
                m.previous()
        elif action in JUMP_ACTIONS:
            m.set_blank("")
            if action == "first":
                m.first()
            elif action == "last":
                m.last()
            elif action.startswith("theme:"):
                n = int(action[6:]) - 1
                if n < len(m.ex.themes):
                    m.jump(f"theme:{m.ex.themes[n].id}")
            else:
                m.jump(action)
        elif action in ("black", "white"):
            m.toggle_blank(action)
        elif action == "pointer":
            m.set_pointer(True)  # until the key is let go (eventFilter) or the button released
        else:
            simple = {"language": m.toggle_language, "notes": m.toggle_notes, "fullscreen": m.toggle_fullscreen,
                      "help": m.toggle_help, "escape": m.escape, "timer": m.toggle_timer,
                      "reset_timer": m.reset_timer}
            do = simple.get(action)
            if do is not None:
                do()

    def _ours(self, obj: QObject) -> bool:
        m = self.mode
        if isinstance(obj, QWidget):
            win = obj.window()
        elif isinstance(obj, QWindow):
            win = next((w for w in (m.shell, m.console) if w is not None and w.windowHandle() is obj), None)
        else:
            return False
        return win is m.shell or (m.console is not None and win is m.console)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        m = self.mode
        t = event.type()  # one of KEY_EVENTS or TOUCH_EVENTS: ui/events.py calls this for those only
        if t in TOUCH_EVENTS:
            return isinstance(event, QTouchEvent) and m.follow_touch(obj, event)
        if not self._ours(obj):
            return False
        assert isinstance(event, QKeyEvent)
        action = action_for(event)
        if action is None:
            if t == QEvent.Type.KeyPress and m.quit_pending() and event.key() not in MODIFIER_KEYS:
                m.cancel_quit()
                return True
            return False
        if t == QEvent.Type.ShortcutOverride:
            event.accept()  # ours: no shortcut may take it; the KeyPress follows
            return True
        if t == QEvent.Type.KeyRelease and action == "pointer" and not event.isAutoRepeat():
            m.set_pointer(False)
            return True
        if t == QEvent.Type.KeyPress and not (event.isAutoRepeat() and action not in STEP_ACTIONS):
            try:
                self.perform(action)
            except Exception:
                log.exception("presenter: %s failed", action)
        return True
