"""Lockdown in kiosk mode, on every screen: no text to select or copy, nothing to drag in or out,
no context menu anywhere (charts included). The refused keys (Esc, Alt+F4, Ctrl+Q, Ctrl+W, F11),
window close and the technician's exit are in test_kiosk.py."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDrag, QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (QAbstractSpinBox, QApplication, QGraphicsTextItem, QGraphicsView, QLabel,
                               QLineEdit, QMenu, QPlainTextEdit, QTextEdit, QWidget)

SENTINEL = "clipboard before the test"


AWAKE = dict(idle_timeout=600, attract_delay=600)  # no idle reset, no attract loop during a test


@pytest.fixture
def kiosk(make_kiosk):
    """A kiosk of its own, awake for the whole test."""
    return lambda: make_kiosk(**AWAKE)


@pytest.fixture(scope="module")
def shared_kiosk(qapp, exhibition, tmp_path_factory):
    """One kiosk for the audits of this module, awake throughout: they read its widgets or send
    it input it refuses, and each visits every screen again, so they can share it (building the
    window and its eight screens was most of each audit's time). Made as conftest's make_kiosk
    makes one, with the data folder the tests use."""
    from conftest import ASSETS, CONTENT, fast_settings

    from lusong_kiosk.app import build_shell
    from lusong_kiosk.modes.kiosk import KioskMode

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("LUSONG_KIOSK_DATA", str(tmp_path_factory.getbasetemp() / "data"))
        shell = build_shell(fast_settings(mode="kiosk", **AWAKE), exhibition, CONTENT, ASSETS)
        shell.resize(1920, 1080)
        shell.show()
        assert QTest.qWaitForWindowExposed(shell)
        mode = KioskMode(shell)
        yield shell, mode
        mode.allow_exit = True
        mode.detach()
        shell.close()
        shell.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # gone before the next module


def targets(shell) -> list[str]:
    return list(shell.factories)


def visit(qtbot, shell, target: str) -> None:
    assert shell.go(target, animate=False), target
    qtbot.wait(50)  # charts and lazy parts are built once shown
    shell.finish_all()


def our_widgets(shell) -> list[QWidget]:
    return [shell, *shell.findChildren(QWidget)]


def no_popup() -> bool:
    return QApplication.activePopupWidget() is None and not any(
        isinstance(w, QMenu) and w.isVisible() for w in QApplication.topLevelWidgets())


def test_no_text_can_be_selected_or_edited_on_any_screen(qtbot, shared_kiosk) -> None:
    shell, mode = shared_kiosk
    for target in targets(shell):
        visit(qtbot, shell, target)
    mode.pinpad.open_pad()  # the overlays are part of the window too
    mode.pinpad.close_pad()
    widgets = our_widgets(shell)
    labels = [w for w in widgets if isinstance(w, QLabel)]
    assert len(labels) > 100
    selectable = [(type(w).__name__, w.objectName(), type(w.parent()).__name__, w.text()[:30]) for w in labels
                  if w.textInteractionFlags() != Qt.TextInteractionFlag.NoTextInteraction]
    assert selectable == [], selectable
    editors = [type(w).__name__ for w in widgets
               if isinstance(w, (QLineEdit, QTextEdit, QPlainTextEdit, QAbstractSpinBox))]
    assert editors == []  # no text field of any kind
    scene_text = [item for view in widgets if isinstance(view, QGraphicsView) and view.scene() is not None
                  for item in view.scene().items() if isinstance(item, QGraphicsTextItem)
                  and item.textInteractionFlags() != Qt.TextInteractionFlag.NoTextInteraction]
    assert scene_text == []


def test_select_all_and_copy_put_nothing_on_the_clipboard(qtbot, shared_kiosk) -> None:
    shell, mode = shared_kiosk
    clipboard = QGuiApplication.clipboard()
    clipboard.setText(SENTINEL)
    for target in targets(shell):
        visit(qtbot, shell, target)
        screen = shell.current_screen()
        for w in (shell, screen, QApplication.focusWidget() or shell):
            qtbot.keyClick(w, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
            qtbot.keyClick(w, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
            qtbot.keyClick(w, Qt.Key.Key_Insert, Qt.KeyboardModifier.ControlModifier)
        # a press-and-drag over text, the mouse way of selecting it
        qtbot.mousePress(screen, Qt.MouseButton.LeftButton, pos=QPoint(40, 40))
        qtbot.mouseMove(screen, QPoint(400, 300))
        qtbot.mouseRelease(screen, Qt.MouseButton.LeftButton, pos=QPoint(400, 300))
        qtbot.keyClick(shell, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert clipboard.text() == SENTINEL


def test_no_widget_accepts_drops_and_a_file_dragged_onto_the_window_is_refused(qtbot, shared_kiosk) -> None:
    shell, mode = shared_kiosk
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile("/etc/passwd")])
    mime.setText("dropped text")
    for target in targets(shell):
        visit(qtbot, shell, target)
        for w in (shell, shell.current_screen(), shell.childAt(QPoint(shell.width() // 2, shell.height() // 2))):
            enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction | Qt.DropAction.MoveAction
                                    | Qt.DropAction.LinkAction, mime, Qt.MouseButton.LeftButton,
                                    Qt.KeyboardModifier.NoModifier)
            enter.ignore()
            QApplication.sendEvent(w, enter)
            assert not enter.isAccepted(), (target, type(w).__name__)
            drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                              Qt.KeyboardModifier.NoModifier)
            drop.ignore()
            QApplication.sendEvent(w, drop)
            assert not drop.isAccepted(), (target, type(w).__name__)
    # (a QGraphicsView, as every chart is, accepts drops unless told not to)
    accepting = [f"{type(w).__name__} {w.objectName()}" for w in our_widgets(shell) if w.acceptDrops()]
    assert accepting == []
    assert shell.isVisible()


def test_dragging_from_the_window_starts_no_drag(qtbot, shared_kiosk) -> None:
    shell, mode = shared_kiosk
    started = []
    for target in targets(shell):
        visit(qtbot, shell, target)
        screen = shell.current_screen()
        for start in (QPoint(60, 60), screen.rect().center()):
            w = screen.childAt(start) or screen
            p = w.mapFrom(screen, start)
            qtbot.mousePress(w, Qt.MouseButton.LeftButton, pos=p)
            for step in range(1, 8):  # well past the start-drag distance, slowly
                qtbot.mouseMove(w, p + QPoint(0, 12 * step))
            qtbot.mouseRelease(w, Qt.MouseButton.LeftButton, pos=p + QPoint(0, 84))
            started += [d for x in QApplication.allWidgets() for d in x.findChildren(QDrag)]
            shell.go(target, push=False, animate=False)  # a tap may have opened something
    assert started == []
    assert shell.isVisible()


def test_right_click_and_the_menu_key_open_no_menu_anywhere(qtbot, shared_kiosk) -> None:
    shell, mode = shared_kiosk
    for target in targets(shell):
        visit(qtbot, shell, target)
        screen = shell.current_screen()
        points = [QPoint(screen.width() * i // 4, screen.height() * j // 4) for i in (1, 2, 3) for j in (1, 2, 3)]
        # and the middle of every chart (pyqtgraph opens its own menu on a right click)
        points += [v.mapTo(screen, v.rect().center()) for v in screen.findChildren(QGraphicsView) if v.isVisible()]
        for pos in points:
            w = screen.childAt(pos) or screen
            local = w.mapFrom(screen, pos)
            qtbot.mouseClick(w, Qt.MouseButton.RightButton, pos=local)
            assert no_popup(), (target, type(w).__name__)
            qtbot.keyClick(w, Qt.Key.Key_Menu)
            assert no_popup(), (target, type(w).__name__)
        if shell.current_target != target:
            shell.go(target, push=False, animate=False)
    assert shell.isVisible() and not mode.allow_exit


def test_closing_all_windows_leaves_the_kiosk_up(qtbot, kiosk) -> None:
    shell, mode = kiosk()
    QApplication.closeAllWindows()
    assert shell.isVisible() and not mode.allow_exit
