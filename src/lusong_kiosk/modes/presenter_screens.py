"""Where the presenter's windows go: the audience on a projector and the console on the
presenter's screen when there are two, and full screen on a window's own screen."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)


def pick_screens(count: int, primary: int, wanted: int | None) -> tuple[int, int | None]:
    """(audience screen, console screen or None) among ``count`` screens: the audience on
    ``wanted`` when it exists, else on the first screen that is not the primary one (a
    projector, usually); the console on the primary screen, or the first other one."""
    if wanted is not None and wanted >= count:
        log.warning("screen %d not found (%d screens); choosing one", wanted, count)
        wanted = None
    if count < 2:
        return 0, None
    audience = wanted if wanted is not None else next(i for i in range(count) if i != primary)
    console = primary if primary != audience else next(i for i in range(count) if i != audience)
    return audience, console


def fill(window: QWidget) -> None:
    """Full screen on the window's screen. The geometry first: without a window manager
    (a bare X session, as kiosks and Xvfb run) the full-screen state alone leaves the window
    at its size in the corner."""
    window.setGeometry(window.screen().geometry())
    window.showFullScreen()
