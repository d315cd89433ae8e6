"""Start-up, in order: settings and content are read before the QApplication exists (their
problems are printed, never shown as a traceback); then Qt, the bundled font, the shell on the
home screen, and the mode's policy. Everything after the first frame (theme pages, charts,
pyqtgraph) is built on first use."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .content import ContentError, default_dirs
from .settings import FLAG_KEYS, Settings

if TYPE_CHECKING:  # annotations only: Qt is imported once settings and content are read
    from .content import Exhibition
    from .ui.window import Shell

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
    than the fill (`lusong-kiosk bench`: a donut chart's paint 7.9 -> 1.5 ms).

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


def build_shell(settings: Settings, exhibition: Exhibition | None = None, content_dir: Path | None = None,
                assets_dir: Path | None = None, size: tuple[int, int] | None = None) -> Shell:
    """The shell on the home screen, with fonts registered (a QApplication must exist);
    ``size``: the size it will be shown at, when known (see :func:`initial_size`)."""
    from .fonts import register_fonts
    from .ui.base import UiContext
    from .ui.window import Shell

    c_dir, a_dir = resolve_dirs(settings)
    content_dir = content_dir or c_dir
    assets_dir = assets_dir or a_dir
    if exhibition is None:
        from .validated import load_content

        exhibition = load_content(content_dir, assets_dir)
    family = register_fonts(assets_dir)
    ctx = UiContext(exhibition=exhibition, assets_dir=assets_dir, settings=settings, family=family,
                    lang=settings.lang or exhibition.default_language, reduce_motion=settings.reduce_motion)
    return Shell(ctx, size=size)


def initial_size(settings: Settings) -> tuple[int, int] | None:
    """The window's size when the mode will show it, if known before it is built: --size, or
    the kiosk's screen (a QApplication must exist)."""
    if settings.size:
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


def attach_mode(shell, settings: Settings):  # noqa: ANN001, ANN201
    if settings.mode == "kiosk":
        from .modes.kiosk import KioskMode

        return KioskMode(shell)
    if settings.mode == "presenter":
        from .modes.presenter import PresenterMode

        return PresenterMode(shell)
    from .modes.demo import DemoMode

    return DemoMode(shell)


def run_app(args: argparse.Namespace) -> int:
    """Count the start in state.json, run; returning (not a kill or a crash) is a clean exit."""
    from . import state
    from .firstframe import mark
    from .logs import setup_logging

    setup_logging(rotate_later=True)  # rotating from the first frame on (logs.start_rotation)
    state.record_start()  # logs "start #N", and whether the previous run exited cleanly
    mark("logging")  # the log file and the start counter
    code = _run_app(args)
    state.record_clean_exit()
    return code


def _run_app(args: argparse.Namespace) -> int:
    from .firstframe import mark
    from .logs import setup_logging

    log_path = setup_logging()
    try:
        from .validated import load_content

        settings = settings_from_args(args)
        content_dir, assets_dir = resolve_dirs(settings)
        exhibition = load_content(content_dir, assets_dir)  # checked, or as checked at an earlier start
        mark("content")
    except ContentError as err:
        for p in err.problems:
            print(p, file=sys.stderr)
            log.error("%s", p)
        print(f"{len(err.problems)} problem(s); nothing started. Fix them (lusong-kiosk check) and start again.",
              file=sys.stderr)
        return 1

    if sys.platform.startswith("linux") and not os.environ.get("QT_QPA_PLATFORM"):
        from .preflight import diagnose

        message = diagnose()
        if message:
            print(message, file=sys.stderr)
            return 1

    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtWidgets import QApplication

    qt_environment()
    QApplication.setAttribute(Qt.ApplicationAttribute.AA_SynthesizeMouseForUnhandledTouchEvents, True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("lusong-kiosk")
    mark("qt")  # Qt's modules and the application
    shell = build_shell(settings, exhibition, content_dir, assets_dir, initial_size(settings))
    mark("shell")  # fonts, the top bar and the home screen

    def on_error(exc_type, exc, tb) -> None:  # noqa: ANN001
        log.error("uncaught exception", exc_info=(exc_type, exc, tb))
        QTimer.singleShot(0, lambda: shell.go("home", push=False, animate=False))

    sys.excepthook = on_error
    mode = attach_mode(shell, settings)
    recorder = []  # the visitor analytics, once started; lives until quit

    def after_first_frame() -> None:
        # not before it: the rotating log's imports were 10-15 ms of it, sqlite3 and the
        # analytics' recorder ~8, and nobody can have touched the screen before it is on the glass
        from .logs import start_rotation
        from .telemetry import attach as attach_analytics

        start_rotation()
        recorder.append(attach_analytics(shell, mode, settings))
    if settings.mode == "kiosk" and settings.live_reload:  # edits of content/ and assets/ applied live
        from .live import LiveContent

        live = LiveContent(shell, mode, content_dir, assets_dir)  # noqa: F841 - a child of the shell
    if settings.mode == "kiosk":
        mode.show()
    else:
        size = tuple(int(v) for v in settings.size.split("x")) if settings.size else None
        mode.show(size, settings.fullscreen)
    mark("show")
    log.info("started in %s mode; log file %s", settings.mode, log_path)
    from .ui.window import build_later

    build_later(shell, first=after_first_frame)  # the other screens, once the first frame is on screen
    if os.environ.get("LUSONG_KIOSK_FIRST_FRAME"):  # `lusong-kiosk bench` times the first frame
        from .firstframe import watch

        # watched after build_later: Qt calls the newest event filter first, so the frame is
        # reported as its paint pass ends, not after the analytics that start there
        watch(shell.screens["home"])
    smoke = getattr(args, "smoke_ms", None)
    if smoke:  # the smoke test: run the real start-up, visit a theme, then leave
        QTimer.singleShot(smoke // 2, lambda: shell.go(f"theme:{exhibition.themes[0].id}"))
        QTimer.singleShot(smoke, lambda: app.exit(0))
    rc = app.exec()
    shutdown(shell, mode)
    return rc


def shutdown(shell, mode) -> None:  # noqa: ANN001
    """Tear down in order while the QApplication still exists (PySide segfaults at interpreter
    exit when application-wide event filters and top-level widgets outlive it)."""
    from PySide6.QtCore import QCoreApplication, QEvent

    detach = getattr(mode, "detach", None)
    if detach is not None:
        detach()
    from .ui import events

    events.unwatch(shell.swipe)
    shell.close_guard = None
    shell.hide()
    shell.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    log.info("stopped")
