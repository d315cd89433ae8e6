"""What the audience sees in presenter mode: the exhibition full screen from the start (as a
slide show does), and only the content -- none of the kiosk's touch controls; and the README
counts the steps the console counts."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize, Qt


@pytest.fixture
def shown_presenter(qtbot, exhibition):
    """shown_presenter(size) -> (shell, mode) started as the app starts it, on one screen."""
    from lusong_kiosk.app import attach_mode, build_shell
    from conftest import ASSETS, CONTENT, fast_settings

    def make(size=None):
        settings = fast_settings(mode="presenter")
        shell = build_shell(settings, exhibition, CONTENT, ASSETS)
        qtbot.addWidget(shell)
        mode = attach_mode(shell, settings)
        mode.show(size, settings.fullscreen)
        qtbot.waitExposed(shell)
        return shell, mode

    return make


@pytest.mark.parametrize("size", [None, (1366, 768)])
def test_presenter_on_one_screen_starts_full_screen_and_f_leaves_it(qtbot, shown_presenter, size):
    shell, mode = shown_presenter(size)
    assert shell.isFullScreen() and shell.windowState() & Qt.WindowState.WindowFullScreen
    assert shell.screen() is shell.windowHandle().screen()
    # the whole screen by its geometry too: without a window manager the state alone did not fill it
    assert shell.geometry() == shell.screen().geometry()
    qtbot.keyClick(shell, Qt.Key.Key_F)
    assert not shell.isFullScreen()
    avail = shell.screen().availableGeometry()  # (the default window is kept within the screen)
    window = QSize(*size) if size else QSize(min(1600, avail.width()), min(900, avail.height()))
    assert shell.size() == window  # the window it opened as
    qtbot.keyClick(shell, Qt.Key.Key_F)
    assert shell.isFullScreen() and shell.geometry() == shell.screen().geometry()


def test_demo_mode_keeps_its_window(qtbot, exhibition):
    from lusong_kiosk.app import attach_mode, build_shell
    from conftest import ASSETS, CONTENT, fast_settings

    settings = fast_settings(mode="demo")
    shell = build_shell(settings, exhibition, CONTENT, ASSETS)
    qtbot.addWidget(shell)
    attach_mode(shell, settings).show((1280, 720), False)
    qtbot.waitExposed(shell)
    assert not shell.isFullScreen()


def touch_controls(shell):
    """Every touch control of the audience window: the top bar's buttons, the scroll hints
    and bars, the charts' table toggles (of every screen built so far)."""
    from PySide6.QtWidgets import QAbstractButton, QScrollArea, QWidget

    from lusong_kiosk.ui.widgets import ScrollHint

    controls = [*shell.top.findChildren(QAbstractButton), shell.top.dots]
    for screen in shell.screens.values():
        controls += screen.findChildren(ScrollHint)
        controls += screen.findChildren(QAbstractButton, "TableToggle")
        controls += screen.findChildren(QWidget, "TourTile")  # the kiosk's self-running tour: not a guide's
        controls += [area.verticalScrollBar() for area in screen.findChildren(QScrollArea)]
    return controls


def test_the_audience_sees_no_touch_control_at_any_step(qtbot, make_shell):
    from lusong_kiosk.modes.presenter import PresenterMode

    shell = make_shell(mode="presenter")
    mode = PresenterMode(shell)
    seen = set()
    while True:
        shell.stage.current.finish_animations()
        visible = [w for w in touch_controls(shell) if w.isVisibleTo(shell)]
        assert not visible, (mode.index, mode.step.screen, [type(w).__name__ + w.objectName() for w in visible])
        seen.add(mode.step.screen)
        if mode.index == len(mode.plan) - 1:
            break
        mode.next()
    assert seen == {s.screen for s in mode.plan}
    assert any(w.objectName() == "TableToggle" for w in touch_controls(shell))  # they exist, hidden
    qtbot.waitUntil(lambda: shell.stage.geometry() == shell.rect())  # the content takes the top bar's height
    # a guide's tap on the content still works
    qtbot.keyClick(shell, Qt.Key.Key_Home)
    qtbot.mouseClick(shell.screens["home"].tiles["theme:innovation"], Qt.MouseButton.LeftButton)
    assert shell.current_target == "theme:innovation"


def test_the_kiosk_keeps_its_touch_controls(make_shell):
    shell = make_shell(mode="demo")
    shell.go("theme:industry", animate=False)
    assert shell.top.isVisibleTo(shell) and shell.top.home.isVisibleTo(shell)
    assert not shell.screens["home"].tour_tile.isHidden()
    assert any(w.objectName() == "TableToggle" and w.isVisibleTo(shell) for w in touch_controls(shell))


def test_the_readme_counts_the_steps_the_app_counts(exhibition):
    """The console counts the steps ("7 / 85"); the README says how many there are."""
    import re
    from pathlib import Path

    from lusong_kiosk.modes.steps import build_plan

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    said = re.search(r"(\d+) steps with the shipped content", readme)
    assert said and int(said.group(1)) == len(build_plan(exhibition))
    assert all(int(total) == len(build_plan(exhibition)) for total in re.findall(r'"\d+ / (\d+)"', readme))
