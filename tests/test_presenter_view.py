"""What the audience sees in presenter mode: the exhibition full screen from the start (as a
slide show does), and only the content -- none of the kiosk's touch controls."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt


@pytest.fixture
def shown_presenter(qtbot, exhibition):
    """shown_presenter(size) -> (shell, mode) started as the app starts it, on one screen."""
    from lusong_kiosk.app import attach_mode, build_shell
    from conftest import ASSETS, CONTENT, fast_settings

    def make(size=None):  # noqa: ANN001
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
    qtbot.keyClick(shell, Qt.Key.Key_F)
    assert not shell.isFullScreen()
    qtbot.keyClick(shell, Qt.Key.Key_F)
    assert shell.isFullScreen()


def test_demo_mode_keeps_its_window(qtbot, exhibition):
    from lusong_kiosk.app import attach_mode, build_shell
    from conftest import ASSETS, CONTENT, fast_settings

    settings = fast_settings(mode="demo")
    shell = build_shell(settings, exhibition, CONTENT, ASSETS)
    qtbot.addWidget(shell)
    attach_mode(shell, settings).show((1280, 720), False)
    qtbot.waitExposed(shell)
    assert not shell.isFullScreen()
