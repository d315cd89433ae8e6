"""SIGTERM (``systemctl stop``, a shutdown) and SIGINT (Ctrl+C) end the app as its own exit does:
the event loop quits, the visit is closed, "stopped" is logged and the state file marks a clean
exit, so the next start does not count an unclean one. The exit status is 128 + the signal's
number, as a shell reports a process the signal ended (the service counts 143 as success).

A Python signal handler runs only when the interpreter has control, and Qt's event loop, in C++,
may wait for minutes with nothing to do. So the signal also writes a byte to a pipe
(``signal.set_wakeup_fd``) that a QSocketNotifier watches: the loop wakes, the handler runs
(the usual way: qutebrowser's misc/crashsignal.py does the same, fbs_runtime's _signal.py with a
socket pair). Windows has no such pipe for signals: a short timer gives the interpreter a turn
instead, as qutebrowser does there too.

It uses ``_signal``, the C module under :mod:`signal`: importing ``signal`` builds its enums, which
would delay the first frame, and nothing else before the first frame imports it."""

from __future__ import annotations

import _signal
import contextlib
import logging
import os
from collections.abc import Callable
from types import FrameType

log = logging.getLogger(__name__)

STOP_SIGNALS = {_signal.SIGTERM: "SIGTERM", _signal.SIGINT: "SIGINT"}


def stop_on_signals(app) -> Callable[[], None]:  # noqa: ANN001 - a QCoreApplication
    """Quit ``app`` with 128 + N on SIGTERM or SIGINT; returns the function that undoes it."""
    from PySide6.QtCore import QSocketNotifier, QTimer

    def handler(signum: int, _frame: FrameType | None) -> None:
        log.info("%s received: stopping", STOP_SIGNALS.get(signum, signum))
        # posted, not app.exit() at once: a signal that comes before the event loop runs (the
        # window is being built) would be lost, as exit() does nothing without a running loop
        QTimer.singleShot(0, lambda: app.exit(128 + signum))

    previous = {s: _signal.signal(s, handler) for s in STOP_SIGNALS}
    stops: list[Callable[[], None]] = []  # each keeps its Qt object alive until undo
    if os.name == "posix":
        r, w = os.pipe()
        os.set_blocking(r, False)
        os.set_blocking(w, False)
        old_fd = _signal.set_wakeup_fd(w)
        notifier = QSocketNotifier(r, QSocketNotifier.Type.Read, app)

        def drain() -> None:
            with contextlib.suppress(OSError):
                os.read(r, 512)

        notifier.activated.connect(drain)
        stops.append(lambda: notifier.setEnabled(False))
    else:
        timer = QTimer(app)
        timer.timeout.connect(lambda: None)
        timer.start(250)
        stops.append(timer.stop)

    def undo() -> None:
        for s, h in previous.items():
            _signal.signal(s, h)
        for stop in stops:
            stop()
        if os.name == "posix":
            _signal.set_wakeup_fd(old_fd)
            os.close(r)
            os.close(w)

    return undo
