"""Shared fixtures: the real content, fast settings and a shell factory at a given size."""

from __future__ import annotations

import gc
import os
from pathlib import Path

import pytest


# Python's garbage collector finalizes Qt objects wherever it happens to run. Once (a CI
# rehearsal, 6 December 2026) it ran inside a PySide disconnect, which holds Qt's signal-slot
# lock, and deleted a chart's text item whose QObject destructor then waited on that same lock:
# the test process hung for good. Here the collector runs between tests only: the young
# generation after each, the middle one every COLLECT_MIDDLE tests (what outlived a test: a
# module's windows, released at its end) and everything every COLLECT_ALL tests (a test that
# starts the app turns automatic collection back on for itself, as the app does after its first
# frame). A full collection walks every object the process holds, ~135 ms here.
COLLECT_MIDDLE, COLLECT_ALL = 25, 100
_tests_run = 0


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    global _tests_run
    gc.disable()
    yield
    _tests_run += 1
    gc.collect(2 if _tests_run % COLLECT_ALL == 0 else 1 if _tests_run % COLLECT_MIDDLE == 0 else 0)


os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QObject  # noqa: E402 - after the platform is chosen

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
ASSETS = ROOT / "assets"

SIZES = [(1920, 1080), (3840, 2160), (1080, 1920), (1366, 768)]


class Received(QObject):
    """An event filter listing, in ``objects``, what it sees receive an event of ``kind`` (with
    ``when``, only the objects it holds for). Install it on objects or on the application."""

    def __init__(self, kind: QEvent.Type, when=None):
        super().__init__()
        self.kind, self.when = kind, when
        self.objects: list[QObject] = []

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == self.kind and (self.when is None or self.when(obj)):
            self.objects.append(obj)
        return False


@pytest.fixture(autouse=True)
def _data_dir(tmp_path_factory, monkeypatch):
    """Logs and data of the app under test go to a temporary folder, never the user's."""
    monkeypatch.setenv("LUSONG_KIOSK_DATA", str(tmp_path_factory.getbasetemp() / "data"))
    yield
    import gc

    gc.unfreeze()  # the app freezes its heap once built (heap.py); a test leaves it as it found it


@pytest.fixture(scope="session")
def exhibition():
    from lusong_kiosk.content import load

    return load(CONTENT, ASSETS, check_font=False)


def fast_settings(**kw):
    from lusong_kiosk.settings import Settings

    base = dict(transition_ms=60, chart_ms=120, counter_ms=120, stagger_ms=10)
    base.update(kw)
    return Settings(**base)


def problems_on_every_screen(qtbot, shell, targets, check) -> list[str]:
    """``check(shell)``'s problems on each of ``targets`` in both languages, one line each."""
    problems = []
    for lang in ("zh", "en"):
        shell.set_language(lang)
        for target in targets:
            shell.go(target, animate=False)
            shell.finish_all()
            qtbot.waitUntil(lambda: shell.stage.current.isVisible())
            problems += [f"{target} {lang}: {p}" for p in check(shell)]
    return problems


class Windows:
    """Windows kept by size for a module's tests that only read them or put back what they
    change (a module fixture yields one and calls ``close`` at the end): a window and its screens
    are built once rather than for each test."""

    def __init__(self, exhibition, **settings):
        self.exhibition, self.settings, self.made = exhibition, settings, {}

    def __call__(self, w: int = 1920, h: int = 1080):
        """The window at that size, shown (built at the first call)."""
        from PySide6.QtTest import QTest

        from lusong_kiosk.app import build_shell

        if (w, h) not in self.made:
            # built at its size, as the app builds it: else its home is laid out and styled
            # once for Qt's default size, then again when shown
            shell = build_shell(fast_settings(**self.settings), self.exhibition, CONTENT, ASSETS, size=(w, h))
            shell.resize(w, h)
            shell.show()
            assert QTest.qWaitForWindowExposed(shell)
            self.made[(w, h)] = shell
        return self.made[(w, h)]

    def at(self, w: int, h: int, text_scale: float = 1.0, high_contrast: bool = False):
        """The window at that size, shown, in Chinese, in that look (set as the access panel
        sets it): whatever an earlier test left, a failed one too."""
        from PySide6.QtTest import QTest

        from lusong_kiosk.ui import access

        shell = self(w, h)
        if not shell.isVisible():  # closed by a test that closes every window (test_lockdown)
            shell.show()
            assert QTest.qWaitForWindowExposed(shell)
        shell.resize(w, h)
        access.apply(shell, text_scale=text_scale, high_contrast=high_contrast)
        shell.set_language("zh")
        return shell

    def close(self) -> None:
        for shell in self.made.values():
            shell.close()
            shell.deleteLater()


@pytest.fixture(scope="session")
def reading_windows(qapp, exhibition):
    """reading_windows(w, h, text_scale=1.0, high_contrast=False) -> one window at that size for
    all of a test process's tests that only read the screens (the audits of contrast and layout,
    the theme panels' measurements), on the home screen, in Chinese, in that look (set as the
    access panel sets it). A window's screens are built and laid out at their first visit; the
    modules reading the same sizes share that work. A test may change what this call sets (the
    language, the screen, the look) and nothing else: no taps, scrolls, overlays or counts."""
    windows = Windows(exhibition, reduce_motion=True)

    def get(w: int = 1920, h: int = 1080, text_scale: float = 1.0, high_contrast: bool = False):
        shell = windows.at(w, h, text_scale, high_contrast)
        shell.go("home", animate=False)
        shell.finish_all()
        return shell

    yield get
    windows.close()


@pytest.fixture
def make_shell(qtbot, exhibition):
    """make_shell(w=1920, h=1080, **settings) -> a shown Shell on the home screen."""
    from lusong_kiosk.app import build_shell

    def make(w: int = 1920, h: int = 1080, **kw):
        shell = build_shell(fast_settings(**kw), exhibition, CONTENT, ASSETS, size=(w, h))  # (see Windows)
        qtbot.addWidget(shell)
        shell.resize(w, h)
        shell.show()
        qtbot.waitExposed(shell)
        return shell

    return make


@pytest.fixture
def make_kiosk(make_shell):
    """make_kiosk(**settings) -> (shell, KioskMode); the locked windows are let go at teardown."""
    from lusong_kiosk.modes.kiosk import KioskMode

    made = []

    def make(**kw):
        shell = make_shell(mode="kiosk", **kw)
        mode = KioskMode(shell)
        made.append(mode)
        return shell, mode

    yield make
    for mode in made:
        mode.allow_exit = True
        mode.detach()
