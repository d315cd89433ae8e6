"""ui/events.py: one application-wide filter that calls each watcher only for the event types
it asked for, newest first, and forgets a watcher that is deleted."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget

from lusong_kiosk.ui import events


class Recorder(QObject):
    def __init__(self, name: str, log: list[str], stop: bool = False):
        super().__init__()
        self.name, self.log, self.stop = name, log, stop

    def eventFilter(self, obj, event) -> bool:
        self.log.append(f"{self.name}:{event.type().name}")
        return self.stop


def test_watchers_see_only_their_types_newest_first(qtbot) -> None:
    log: list[str] = []
    w = QWidget()
    qtbot.addWidget(w)
    older = Recorder("older", log)
    newer = Recorder("newer", log, stop=True)
    events.watch(older, {QEvent.Type.MouseButtonPress, QEvent.Type.KeyPress})
    events.watch(newer, {QEvent.Type.KeyPress})
    try:
        QApplication.sendEvent(w, QEvent(QEvent.Type.Polish))  # nobody asked for it
        assert log == []
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        QTest.keyClick(w, Qt.Key.Key_A)
        assert log[0] == "newer:KeyPress" and "older:KeyPress" not in log  # stopped by the newer one
        log.clear()
        QTest.mousePress(w, Qt.MouseButton.LeftButton)
        assert log == ["older:MouseButtonPress"]
    finally:
        events.unwatch(older)
        events.unwatch(newer)


def test_a_deleted_watcher_is_forgotten(qtbot) -> None:
    from shiboken6 import delete

    log: list[str] = []
    w = QWidget()
    qtbot.addWidget(w)
    gone = Recorder("gone", log)
    events.watch(gone, {QEvent.Type.KeyPress})
    delete(gone)
    assert all(watcher is not gone for watcher, _ in events.hub().watchers)
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    QTest.keyClick(w, Qt.Key.Key_B)  # no call into a deleted object
    assert log == []


def test_a_watcher_of_a_non_input_type_gets_it_beside_input_watchers(qtbot) -> None:
    """While only input types are watched, the filter answers other events by their class; a
    watcher of Polish (the kiosk locks widgets made later) still gets every Polish, and the input
    watchers still get theirs: touches included."""
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QPointingDevice
    from PySide6.QtTest import QTest

    log: list[str] = []
    w = QWidget()
    qtbot.addWidget(w)
    w.resize(100, 100)
    w.show()
    qtbot.waitExposed(w)
    touch = Recorder("touch", log)
    polish = Recorder("polish", log)
    events.watch(touch, {QEvent.Type.TouchBegin, QEvent.Type.TouchEnd})
    try:
        QApplication.sendEvent(w, QEvent(QEvent.Type.Polish))
        assert log == []
        events.watch(polish, {QEvent.Type.Polish})
        QApplication.sendEvent(w, QEvent(QEvent.Type.Polish))
        assert log == ["polish:Polish"]
        log.clear()
        device = QPointingDevice("finger", 1, QPointingDevice.DeviceType.TouchScreen,
                                 QPointingDevice.PointerType.Finger, QPointingDevice.Capability.Position, 10, 0)
        QTest.touchEvent(w, device).press(0, QPoint(10, 10)).commit()
        QTest.touchEvent(w, device).release(0, QPoint(10, 10)).commit()
        assert "touch:TouchBegin" in log and "touch:TouchEnd" in log
        events.unwatch(polish)
        log.clear()
        QApplication.sendEvent(w, QEvent(QEvent.Type.Polish))
        assert log == []
    finally:
        events.unwatch(touch)
        events.unwatch(polish)


def test_a_held_hub_passes_nothing_on_until_released(qtbot) -> None:
    """The start's hold (app.py, demo mode): watchers added while it lasts see events from its end."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    log: list[str] = []
    w = QWidget()
    qtbot.addWidget(w)
    held = Recorder("held", log)
    events.hold()
    try:
        events.watch(held, {QEvent.Type.KeyPress})
        QTest.keyClick(w, Qt.Key.Key_A)
        assert log == []
    finally:
        events.release()
    try:
        QTest.keyClick(w, Qt.Key.Key_A)
        assert log == ["held:KeyPress"]
    finally:
        events.unwatch(held)


def test_a_quiet_block_is_not_watched_for_input_but_is_for_other_types(qtbot) -> None:
    """events.quiet (the shell's building, relabelling and restyling, which run no event loop):
    the input watchers see nothing sent inside it, and everything from its end; a watcher of
    another type (the kiosk's Polish, which locks widgets built later) sees the block too, and
    with it the input watchers."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    log: list[str] = []
    w = QWidget()
    qtbot.addWidget(w)
    keys = Recorder("keys", log)
    polish = Recorder("polish", log)
    events.watch(keys, {QEvent.Type.KeyPress})
    try:
        with events.quiet():
            QTest.keyClick(w, Qt.Key.Key_A)
            with events.quiet():  # nested: still off
                QTest.keyClick(w, Qt.Key.Key_A)
            QTest.keyClick(w, Qt.Key.Key_A)
        assert log == []
        QTest.keyClick(w, Qt.Key.Key_A)
        assert log == ["keys:KeyPress"]
        log.clear()
        with events.quiet():
            events.watch(polish, {QEvent.Type.Polish})  # (the kiosk attached inside a block)
            QApplication.sendEvent(w, QEvent(QEvent.Type.Polish))
            QTest.keyClick(w, Qt.Key.Key_A)
            assert log == ["polish:Polish", "keys:KeyPress"]
            events.unwatch(polish)
            QTest.keyClick(w, Qt.Key.Key_A)
            assert log == ["polish:Polish", "keys:KeyPress"]
        QTest.keyClick(w, Qt.Key.Key_A)
        assert log[-1] == "keys:KeyPress" and len(log) == 3
    finally:
        events.unwatch(keys)
        events.unwatch(polish)
