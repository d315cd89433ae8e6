"""Start-up, in order: settings and content are read before the QApplication exists (their
problems are printed, never shown as a traceback); then Qt, the bundled font, the shell on the
home screen, and the mode's policy. Everything after the first frame (theme pages, charts,
pyqtgraph) is built on first use."""

from __future__ import annotations

import argparse
import gc
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .content import ContentError, default_dirs
from .settings import FLAG_KEYS, Settings

if TYPE_CHECKING:  # annotations only: Qt is imported once settings and content are read
    from types import TracebackType
    from typing import TypeAlias

    from .content import Exhibition, Problem
    from .modes.demo import DemoMode
    from .modes.kiosk import KioskMode
    from .modes.presenter import PresenterMode
    from .ui.shell import Shell

    Mode: TypeAlias = KioskMode | PresenterMode | DemoMode

log = logging.getLogger(__name__)


def settings_from_args(args: argparse.Namespace) -> Settings:
    """Flags over --config, or over kiosk.toml in the data folder when there is no --config."""
    from .settings import default_config
    from .validated import load_settings

    overrides = {k: getattr(args, k, None) for k in FLAG_KEYS}
    config = getattr(args, "config", None)
    if config is None and default_config().is_file():
        config = default_config()
    return load_settings(config, overrides)  # checked, or as checked at an earlier start


def resolve_dirs(settings: Settings) -> tuple[Path, Path]:
    content, assets = default_dirs()
    return (Path(settings.content) if settings.content else content,
            Path(settings.assets) if settings.assets else assets)


def qt_environment() -> None:
    """Process-wide Qt switches, set before the QApplication exists.

    QT_NO_GUI_THREADPOOL: Qt's raster engine hands every large fill (a chart's ring, a big
    gradient) to a thread pool and waits for it; on a 2-core kiosk PC the hand-off costs more
    than the fill, so a ring's paint waits on the hand-off, not on its pixels.

    Not QT_MAX_CACHED_GLYPH_SIZE: raising Qt's 64 px limit on cached glyph images made painting
    big text cheaper in the benchmark's renders, but with it glyphs over 64 px were not drawn at
    all in the real window (X11) nor in grab() offscreen -- the title and every big figure were
    blank on the glass while exports looked right (seen with tools/xshot; guarded by
    tests/test_rendering.py)."""
    os.environ.setdefault("QT_NO_GUI_THREADPOOL", "1")
    # numpy's OpenBLAS starts a thread per core that spins while waiting for work; the charts'
    # arrays are tiny, and on a 2-core PC the spinning took CPU from painting (perf: 1% of a
    # 4K frame's samples in blas_thread_server). Set before pyqtgraph imports numpy.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def pyside_reads_less() -> None:
    """PySide reads the source of every module an import statement names after PySide is
    imported (``inspect.getsource``, looking for the word PySide6: a module that may use its
    ``from __feature__ import`` switches) unless the module is in its table already: ~90 before
    the first frame, this app's and the standard library's it had imported before, 10-20 ms.
    Nothing here uses such a switch: the table gets what PySide's reading would give, unread --
    the app's modules as modules that use PySide (0: no switch), the others already imported as
    modules that do not (-1). Skipped if this PySide keeps no such table."""
    feature = sys.modules.get("shibokensupport.feature")
    table = getattr(feature, "pyside_feature_dict", None)
    if not isinstance(table, dict):
        return
    for name in list(sys.modules):
        if not name.startswith(("PySide6", "shiboken6", "shibokensupport", __package__)):
            table.setdefault(name, -1)
    root = os.path.dirname(os.path.abspath(__file__))
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith("__")]  # not __pycache__
        package = __package__ + folder[len(root):].replace(os.sep, ".")
        for name in files:
            if name.endswith(".py"):
                table.setdefault(package if name == "__init__.py" else f"{package}.{name[:-3]}", 0)


def build_shell(settings: Settings, exhibition: Exhibition | None = None, content_dir: Path | None = None,
                assets_dir: Path | None = None, size: tuple[int, int] | None = None) -> Shell:
    """The shell on the home screen, with fonts registered (a QApplication must exist);
    ``size``: the size it will be shown at, when known (see :func:`initial_size`)."""
    from .fonts import register_fonts
    from .ui.base import UiContext
    from .ui.shell import Shell

    c_dir, a_dir = resolve_dirs(settings)
    content_dir = content_dir or c_dir
    assets_dir = assets_dir or a_dir
    if exhibition is None:
        from .validated import load_content

        exhibition = load_content(content_dir, assets_dir)
    family = register_fonts(assets_dir)
    ctx = UiContext(exhibition=exhibition, assets_dir=assets_dir, settings=settings, family=family,
                    lang=settings.lang or exhibition.default_language, reduce_motion=settings.reduce_motion)
    known: list = []  # [exhibition, settings, their length]: the tour tile asks once per language

    def length() -> tuple[float, int]:
        if not known or known[0] is not ctx.exhibition or known[1] is not ctx.settings:
            known[:] = [ctx.exhibition, ctx.settings, tour_length(ctx.exhibition, ctx.settings)]
        return known[2]
    ctx.tour_length = length
    return Shell(ctx, size=size)


def tour_length(exhibition: Exhibition, settings: Settings) -> tuple[float, int]:
    """The self-running tour's length in seconds and its number of steps (the home's tour tile
    says "about 3 minutes" from it), computed from its plan and the settings."""
    from .modes.tour_plan import length_s, tour_plan

    plan = tour_plan(exhibition)
    return length_s(plan, settings), len(plan)


def initial_size(settings: Settings) -> tuple[int, int] | None:
    """The window's size when the mode will show it, if known before it is built: the kiosk's
    screen (a QApplication must exist; the kiosk fills it whatever --size says: built at --size,
    its home was laid out and styled a second time when shown), or --size."""
    if settings.size and settings.mode != "kiosk":
        w, h = (int(v) for v in settings.size.split("x"))
        return w, h
    if settings.mode == "kiosk":
        from PySide6.QtGui import QGuiApplication

        screens = QGuiApplication.screens()
        if screens:
            n = settings.screen or 0
            size = screens[n if n < len(screens) else 0].geometry().size()
            return size.width(), size.height()
    return None


def attach_mode(shell: Shell, settings: Settings) -> Mode:
    if settings.mode == "kiosk":
        from .modes.kiosk import KioskMode

        return KioskMode(shell)
    if settings.mode == "presenter":
        from .modes.presenter import PresenterMode

        return PresenterMode(shell)
    from .modes.demo import DemoMode

    return DemoMode(shell)


def run_app(args: argparse.Namespace) -> int:
    """Count the start in state.json, run; returning (not a kill or a crash) is a clean exit,
    a start that showed nothing is logged as refused."""
    from . import state
    from .firstframe import mark
    from .logs import setup_logging

    setup_logging(rotate_later=True)  # rotating from the first frame on (logs.start_rotation)
    state.record_start(later=True)  # logs "start #N", and whether the previous run exited cleanly
    mark("logging")  # the log file and the start counter
    try:
        code, shown = _run_app(args)
    finally:
        gc.enable()  # (collections resume at the first frame: cli.main; here on every other way out)
    if shown:
        state.record_clean_exit()
    else:
        state.record_refused()
    return code


def content_for_start(settings: Settings, content_dir: Path,
                      assets_dir: Path) -> tuple[Exhibition | None, list[Problem]]:
    """(the exhibition to start on, the problems of the files on disk).

    Good files: (their content, []). Bad ones raise ContentError, except in kiosk mode, which
    never refuses: it logs every problem and starts on the last good content (the one an earlier
    start or live update checked, kept by validated.py), or on None when there is none -- the
    kiosk then shows its "temporarily unavailable" screen until the files are fixed."""
    from .validated import last_good_content, load_content

    try:
        return load_content(content_dir, assets_dir), []  # checked, or as checked at an earlier start
    except ContentError as err:
        if settings.mode != "kiosk":
            raise
        problems = list(err.problems)
    for p in problems:
        log.error("%s", p)
    last = last_good_content()
    if last is not None:
        log.warning("kiosk: the content has %d problem(s); showing the last good content until they are "
                    "fixed (lusong-kiosk check lists them)", len(problems))
    else:
        log.warning("kiosk: the content has %d problem(s) and there is no last good content to show",
                    len(problems))
    return last, problems


def _run_app(args: argparse.Namespace) -> tuple[int, bool]:
    """(exit status, whether anything was shown)."""
    from .firstframe import mark
    from .logs import setup_logging

    log_path = setup_logging()
    try:
        settings = settings_from_args(args)
        content_dir, assets_dir = resolve_dirs(settings)
        exhibition, problems = content_for_start(settings, content_dir, assets_dir)
        mark("content")
    except ContentError as err:
        for p in err.problems:
            print(p, file=sys.stderr)
            log.error("%s", p)
        print(f"{len(err.problems)} problem(s); nothing started. Fix them (lusong-kiosk check) and start again.",
              file=sys.stderr)
        return 1, False

    if sys.platform.startswith("linux") and not os.environ.get("QT_QPA_PLATFORM"):
        from .preflight import diagnose

        message = diagnose()
        if message:
            print(message, file=sys.stderr)
            return 1, False

    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    pyside_reads_less()
    qt_environment()
    QApplication.setAttribute(Qt.ApplicationAttribute.AA_SynthesizeMouseForUnhandledTouchEvents, True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("lusong-kiosk")
    mark("qt")  # Qt's modules and the application
    from .stopsignals import stop_on_signals

    restore_signals = stop_on_signals(app)
    run = Running(settings, content_dir, assets_dir, log_path, getattr(args, "smoke_ms", None))
    if exhibition is None:
        run.wait_for_content(problems)
    else:
        run.open(exhibition, problems)
    rc = app.exec()
    run.close()
    restore_signals()
    return rc, True


class Running:
    """What a run shows: the exhibition (shell, mode, live updates, analytics), or first the
    kiosk's "temporarily unavailable" screen until the content is good."""

    def __init__(self, settings: Settings, content_dir: Path, assets_dir: Path, log_path: Path,
                 smoke_ms: int | None = None):
        self.settings, self.content_dir, self.assets_dir = settings, content_dir, assets_dir
        self.log_path, self.smoke_ms = log_path, smoke_ms
        self.shell = self.mode = self.unavailable = self.recorder = self.watchdog = self.tour = None

    def wait_for_content(self, problems: list) -> None:
        from PySide6.QtWidgets import QApplication

        from .fonts import register_fonts
        from .logs import start_rotation
        from .modes.unavailable import UnavailableMode

        gc.enable()  # (paused for the exhibition's first frame: cli.main)
        self.unavailable = UnavailableMode(self.settings, self.content_dir, self.assets_dir,
                                           register_fonts(self.assets_dir), problems)
        self.unavailable.found.connect(lambda ex: self.open(ex, []))
        self.unavailable.exited.connect(lambda: QApplication.instance().exit(0))
        self.unavailable.show()
        start_rotation()
        self.start_watchdog()

    def open(self, exhibition: Exhibition, problems: list[Problem]) -> None:
        """The shell on ``exhibition``, its mode, live updates and analytics; ``problems``: those
        of the files on disk when this is the last good content (the technician's marker)."""
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication

        from .firstframe import mark
        from .ui import events
        from .ui.widgets.kept_pictures import PICTURES
        from .validated import cache_dir

        settings, app = self.settings, QApplication.instance()
        PICTURES.open(cache_dir() / "pictures.bin")  # the home's pictures as an earlier start drew them
        if settings.mode == "demo":
            # its one watcher before the first frame is the swipe, a visitor's drag on a screen
            # not on the glass yet; the kiosk's lock-down and the presenter's keys watch from the start
            events.hold()
        shell = self.shell = build_shell(settings, exhibition, self.content_dir, self.assets_dir,
                                         initial_size(settings))
        mark("shell")  # fonts, the top bar and the home screen

        def on_error(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
            log.error("uncaught exception", exc_info=(exc_type, exc, tb))
            QTimer.singleShot(0, lambda: shell.go("home", push=False, animate=False))

        sys.excepthook = on_error
        mode = self.mode = attach_mode(shell, settings)

        def after_first_frame() -> None:
            # not before it: the rotating log's imports (socket's enums), sqlite3 and the analytics'
            # recorder would each delay it, and nobody can have touched the screen before it is on the glass
            from .logs import start_rotation
            from .analytics.recorder import attach as attach_analytics
            from .modes.tour import attach as attach_tour

            gc.enable()  # (paused for the first frame: cli.main)
            events.release()
            # QStyle's enum classes, made here rather than in a visitor's first tap: the style
            # receives the focus event of every widget that takes focus, and the filter hands it
            # to Python (events.hold)
            from PySide6.QtWidgets import QStyle  # noqa: F401
            start_rotation()
            PICTURES.save()  # (if the home screen was not painted: save_after_paint below)
            # the self-running tour (kiosk, demo): its slide layer, caption bar and their modules
            # wait too, as only a tap (home's tour tile, the attract loop's offer) starts it
            tour = self.tour = attach_tour(shell, mode, settings)
            self.recorder = attach_analytics(shell, mode, settings)  # lives until quit
            if tour is not None:
                tour.record_to(self.recorder)
            self.start_watchdog()  # not before: starting its thread would delay the first frame
        if settings.mode == "kiosk" and settings.live_reload:  # edits of content/ and assets/ applied live
            from .live import LiveContent

            live = LiveContent(shell, mode, self.content_dir, self.assets_dir)  # a child of the shell
            if problems:
                live.started_with_problems(problems)
        if settings.mode == "kiosk":
            mode.show()
        else:
            size = tuple(int(v) for v in settings.size.split("x")) if settings.size else None
            mode.show(size, settings.fullscreen)
        mark("show")
        log.info("started in %s mode%s; log file %s", settings.mode,
                 " on the last good content" if problems else "", self.log_path)
        from .ui.shell import build_later

        build_later(shell, first=after_first_frame)  # the other screens, once the first frame is on screen
        if os.environ.get("LUSONG_KIOSK_FIRST_FRAME"):  # `lusong-kiosk bench` times the first frame
            from .firstframe import watch

            # watched after build_later: Qt calls the newest event filter first, so the frame is
            # reported as its paint pass ends, not after the analytics that start there
            watch(shell.screens["home"])
        # after watch(): kept as that paint pass ends, before the frame is reported -- what the
        # first frame drew is kept even by a start that ends there (the bench's), and the bench
        # counts the writing (only when the pictures changed)
        PICTURES.save_after_paint(shell.screens["home"])
        if self.smoke_ms:  # the smoke test: run the real start-up, visit a theme, then leave
            QTimer.singleShot(self.smoke_ms // 2, lambda: shell.go(f"theme:{exhibition.themes[0].id}"))
            QTimer.singleShot(self.smoke_ms, lambda: app.exit(0))

    def start_watchdog(self) -> None:
        if self.watchdog is None:
            from PySide6.QtWidgets import QApplication

            from .watchdog import start_watchdog

            self.watchdog = start_watchdog(QApplication.instance(), self.settings.watchdog_s)

    def close(self) -> None:
        from .watchdog import sd_notify

        if self.watchdog is not None:
            self.watchdog.stop()
        sd_notify("STOPPING=1")
        if self.unavailable is not None:  # kept until now: open() runs inside its signal
            self.unavailable.close()
            self.unavailable.screen.deleteLater()
        if self.shell is not None:
            shutdown(self.shell, self.mode)
        else:
            log.info("stopped")


def shutdown(shell: Shell, mode: Mode) -> None:
    """Tear down in order while the QApplication still exists (PySide segfaults at interpreter
    exit when application-wide event filters and top-level widgets outlive it)."""
    from PySide6.QtCore import QCoreApplication, QEvent

    from .modes.kiosk import KioskMode

    if isinstance(mode, KioskMode):  # the one mode with application-wide filters of its own
        mode.detach()
    from .ui import events

    events.unwatch(shell.swipe)
    shell.close_guard = None
    shell.hide()
    shell.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    log.info("stopped")
