"""Kiosk mode: idle reset, attract loop, the swallowed first touch, the lock and the exit."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication

from lusong_kiosk.pin import hash_pin


PIN_2468 = hash_pin("2468")


@pytest.fixture
def kiosk(make_kiosk):
    def make(**kw):
        kw.setdefault("idle_timeout", 0.3)
        kw.setdefault("attract_delay", 0.2)
        kw.setdefault("attract_interval", 0.2)
        return make_kiosk(**kw)

    return make


def test_idle_returns_home_resets_language_then_attracts(qtbot, kiosk):
    shell, mode = kiosk()
    shell.go("theme:ecology", animate=False)
    shell.set_language("en")
    with qtbot.waitSignal(mode.idle_reset_done, timeout=5000):
        pass
    assert shell.current_target == "home"
    assert shell.ctx.lang == "zh"
    qtbot.waitUntil(mode.attract.running, timeout=5000)
    first = mode.attract.index
    qtbot.waitUntil(lambda: mode.attract.index != first, timeout=5000)  # it cycles


def test_first_touch_ends_attract_and_presses_nothing(qtbot, kiosk):
    shell, mode = kiosk()
    qtbot.waitUntil(mode.attract.running, timeout=5000)
    home = shell.screens["home"]
    tile = home.tiles["theme:industry"]
    opened = []
    tile.clicked.connect(lambda: opened.append(1))
    pos = tile.mapTo(shell, tile.rect().center())
    target = shell.childAt(pos)
    qtbot.mouseClick(target, Qt.MouseButton.LeftButton, pos=target.mapFrom(shell, pos))
    assert not mode.attract.running()
    assert shell.current_target == "home" and opened == []
    # the next tap works as usual
    qtbot.mouseClick(tile, Qt.MouseButton.LeftButton)
    assert shell.current_target == "theme:industry"


def test_the_attract_loop_covers_the_home_screen_which_is_not_painted_under_it(qtbot, kiosk):
    """The overlay paints every pixel (its background first), so a frame of its pulse or its
    counting figure paints none of the home screen beneath it."""
    from PySide6.QtGui import QColor
    from PySide6.QtWidgets import QWidget

    from conftest import Received

    from lusong_kiosk.ui import style

    shell, mode = kiosk(attract_interval=60)
    qtbot.waitUntil(mode.attract.running, timeout=5000)
    home = shell.screens["home"]
    count = Received(QEvent.Type.Paint)
    painted = count.objects
    for w in (home, *home.findChildren(QWidget)):
        w.installEventFilter(count)
    frame = shell.grab().toImage()  # the whole window, as a frame paints it
    assert painted == []
    assert frame.pixelColor(3, 3) == QColor(style.BG)  # the overlay's own background
    mode.attract.stop()
    shell.grab()
    assert home in painted  # (the count sees the home screen when nothing covers it)


def test_the_attract_figure_counts_where_it_ends(qtbot, kiosk):
    """The number counts in the place it ends in, in line with its words (it once counted at
    the left and jumped to the centre at its end)."""
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QApplication

    shell, mode = kiosk(attract_interval=60, counter_ms=5000)  # still counting when looked at
    qtbot.waitUntil(mode.attract.running, timeout=5000)
    for _ in range(2):  # the first figure, shown with the overlay, and the next one
        figure = mode.attract.figure
        assert figure.is_animating()
        number, caption = figure.value_label, figure.caption
        counting = number.mapTo(shell, QPoint(0, 0))
        assert abs(counting.x() - caption.mapTo(shell, QPoint(0, 0)).x()) <= 1
        figure.finish()
        QApplication.processEvents()
        assert number.mapTo(shell, QPoint(0, 0)) == counting
        assert mode.attract.figure_en.mapTo(shell, QPoint(0, 0)).x() == counting.x()  # English beneath
        mode.attract.next()


def test_input_postpones_the_idle_reset(qtbot, kiosk):
    """A tap starts the idle countdown again from the whole timeout. Checked by its effect on the
    timer, not by timing it: the tap below also switches the language, which can take longer than
    any slack on a loaded machine."""
    shell, mode = kiosk(idle_timeout=30)
    shell.go("theme:industry", animate=False)
    assert mode.idle.isActive() and mode.idle.interval() == 30_000
    mode.idle.stop()  # stands for a countdown that has run: only input may start it again
    shell.go("theme:ecology", animate=False)  # a change of screen that is not input starts nothing
    assert not mode.idle.isActive()
    qtbot.mouseClick(shell.top.lang, Qt.MouseButton.LeftButton)
    assert mode.idle.isActive() and mode.idle.interval() == 30_000
    assert shell.ctx.lang == "en"  # the tap itself still did its job


@pytest.mark.parametrize("key,mods", [
    (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
    (Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier),
    (Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_F11, Qt.KeyboardModifier.NoModifier),
])
def test_escape_keys_are_refused(qtbot, kiosk, key, mods):
    shell, mode = kiosk(idle_timeout=60)
    qtbot.keyClick(shell, key, mods)
    assert shell.isVisible()
    assert not mode.allow_exit


def test_window_close_is_refused(qtbot, kiosk):
    shell, mode = kiosk(idle_timeout=60)
    assert not shell.close()
    assert shell.isVisible()
    event = QCloseEvent()
    QApplication.sendEvent(shell, event)
    assert not event.isAccepted()


def test_no_context_menu(qtbot, kiosk):
    shell, mode = kiosk(idle_timeout=60)
    from PySide6.QtGui import QContextMenuEvent

    ev = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, QPoint(50, 50), shell.mapToGlobal(QPoint(50, 50)))
    assert mode.eventFilter(shell, ev) is True


def test_technician_chord_and_pin_exit(qtbot, kiosk):
    shell, mode = kiosk(idle_timeout=60, technician_pin_hash=PIN_2468)
    chord = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(shell, Qt.Key.Key_K, chord)
    assert mode.pinpad.isVisible()
    for k in "1111":
        qtbot.mouseClick(mode.pinpad.buttons[k], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(mode.pinpad.buttons["OK"], Qt.MouseButton.LeftButton)
    assert shell.isVisible() and not mode.allow_exit  # wrong PIN refused
    for k in "2468":
        qtbot.mouseClick(mode.pinpad.buttons[k], Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(mode.exited):
        qtbot.mouseClick(mode.pinpad.buttons["OK"], Qt.MouseButton.LeftButton)
    assert not shell.isVisible()


def test_repeated_wrong_pins_back_off(qtbot, kiosk):
    now = [0]
    shell, mode = kiosk(idle_timeout=60, technician_pin_hash=PIN_2468)
    mode.clock = lambda: now[0]
    mode.technician()
    for _ in range(3):
        for k in "0000":
            mode.pinpad.press(k)
        mode.pinpad.press("OK")
    for k in "2468":
        mode.pinpad.press(k)
    mode.pinpad.press("OK")
    assert not mode.allow_exit  # locked for a while after three failures
    now[0] = 6000
    for k in "2468":
        mode.pinpad.press(k)
    with qtbot.waitSignal(mode.exited):
        mode.pinpad.press("OK")


def test_chord_without_pin_exits(qtbot, kiosk):
    shell, mode = kiosk(idle_timeout=60)
    chord = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier
    with qtbot.waitSignal(mode.exited):
        qtbot.keyClick(shell, Qt.Key.Key_K, chord)


def hold_corner(qtbot, shell, mode) -> None:
    """Press the top-left corner and keep it pressed past the hold time (shortened)."""
    mode.hold.setInterval(50)
    target = shell.childAt(QPoint(5, 5)) or shell
    qtbot.mousePress(target, Qt.MouseButton.LeftButton, pos=target.mapFrom(shell, QPoint(5, 5)))


def test_without_a_pin_the_corner_hold_does_nothing(qtbot, kiosk):
    shell, mode = kiosk(idle_timeout=60)
    exits = []
    mode.exited.connect(lambda: exits.append(1))
    hold_corner(qtbot, shell, mode)
    assert not mode.hold.isActive()  # nothing is counting towards an exit
    QApplication.processEvents()
    assert exits == [] and shell.isVisible() and not mode.allow_exit and not mode.pinpad.isVisible()


def test_with_a_pin_the_corner_hold_opens_the_keypad(qtbot, kiosk):
    shell, mode = kiosk(idle_timeout=60, technician_pin_hash=PIN_2468)
    hold_corner(qtbot, shell, mode)
    qtbot.waitUntil(mode.pinpad.isVisible, timeout=2000)
    assert shell.isVisible() and not mode.allow_exit


def test_the_back_off_is_capped_and_forgotten_after_an_hour(qtbot, kiosk):
    from lusong_kiosk.modes.kiosk import BACKOFF_FORGET_MS, BACKOFF_MAX_MS

    now = [0]
    shell, mode = kiosk(idle_timeout=60, technician_pin_hash=PIN_2468)
    mode.clock = lambda: now[0]
    pad = mode.pinpad
    mode.technician()

    def wrong() -> None:
        now[0] = max(now[0], pad.locked_until)  # each try as soon as the pad takes one
        for k in "0000":
            pad.press(k)
        pad.press("OK")

    for _ in range(30):
        wrong()
    assert pad.locked_until - now[0] == BACKOFF_MAX_MS  # 5 min, not 5 s x 2^27
    now[0] = pad.locked_until + BACKOFF_FORGET_MS  # an hour later
    wrong()
    assert pad.failures == 1 and pad.locked_until <= now[0]  # counted from the start again
    for k in "2468":
        pad.press(k)
    with qtbot.waitSignal(mode.exited):
        pad.press("OK")
    assert pad.failures == 0
