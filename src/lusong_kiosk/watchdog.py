"""A hung screen restarts itself: the event loop's heartbeat, watched from another thread, and
systemd's watchdog where the service runs under one.

- The heartbeat: a QTimer on the screen's thread calls :meth:`Watchdog.beat` every second or so.
  It only runs when the event loop turns, so a loop stuck in one handler (a file that takes
  minutes to parse, a deadlock) stops it.
- The watcher: a daemon thread checks every ``check_s`` whether the last beat is older than
  ``timeout_s`` (setting ``watchdog_s``, 30 s). If so it logs why and calls ``restart`` once --
  by default :func:`restart_process`, which replaces the process by a new run of the same
  command line (``os.execv``): a fresh start, on the home screen, which the state file counts
  as following an unclean exit. Tests inject the clock and the restart.
- systemd: with ``Type=notify`` and ``WatchdogSec=`` (deploy/lusong-kiosk.service) the first
  beat sends ``READY=1`` and the beats send ``WATCHDOG=1`` at half of ``$WATCHDOG_USEC``; a hang
  that stops the watcher thread too (one holding the interpreter's lock in C code) is killed and
  restarted by systemd. :func:`sd_notify` is the protocol's one datagram to ``$NOTIFY_SOCKET``
  (sd_notify(3)), written with the standard library. Elsewhere it does nothing.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # annotations only: Qt is imported when the watchdog starts
    from PySide6.QtCore import QObject

log = logging.getLogger(__name__)


def sd_notify(message: str) -> bool:
    """Send ``message`` (e.g. ``READY=1``) to systemd; False when not run by systemd or it fails."""
    address = os.environ.get("NOTIFY_SOCKET")
    if not address:
        return False
    import socket  # here: making its enums would delay the first frame, and only a service needs it

    if address.startswith("@"):  # an abstract socket
        address = "\0" + address[1:]
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as s:
            s.connect(address)
            s.sendall(message.encode("utf-8"))
    except (OSError, AttributeError) as exc:  # AttributeError: no AF_UNIX here
        log.warning("cannot notify systemd (%s): %s", address.lstrip("\0"), exc)
        return False
    return True


def systemd_watchdog_s() -> float | None:
    """systemd's watchdog period for this process (``WatchdogSec=``), or None."""
    usec, pid = os.environ.get("WATCHDOG_USEC"), os.environ.get("WATCHDOG_PID")
    if not usec or not usec.isdigit() or int(usec) == 0:
        return None
    if pid and pid.isdigit() and int(pid) != os.getpid():
        return None  # meant for another process
    return int(usec) / 1_000_000


def restart_process(reason: str) -> None:
    """Replace this process with a new run of the same command line (never returns)."""
    for handler in logging.getLogger().handlers:
        with contextlib.suppress(Exception):  # nothing may stop the restart
            handler.flush()
    argv = list(getattr(sys, "orig_argv", None) or [sys.executable, *sys.argv])
    os.execv(sys.executable, [sys.executable, *argv[1:]])


class Watchdog:
    """The watcher; :meth:`beat` is the heartbeat, :meth:`check` one look (the thread's)."""

    def __init__(self, timeout_s: float, restart: Callable[[str], None] = restart_process,
                 clock: Callable[[], float] = time.monotonic, check_s: float | None = None):
        self.timeout_s = float(timeout_s)
        self.restart = restart
        self.clock = clock
        self.check_s = check_s if check_s is not None else min(1.0, self.timeout_s / 4)
        self.last_beat = clock()
        self.fired = False
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.timer: object | None = None  # the Qt timer that beats it (attach_watchdog), kept alive with it

    def beat(self) -> None:
        self.last_beat = self.clock()

    def check(self) -> bool:
        """Restart (once) when the loop has not turned for ``timeout_s``; True if it did."""
        stalled = self.clock() - self.last_beat
        if self.fired or stalled < self.timeout_s:
            return False
        self.fired = True
        reason = f"the event loop has not turned for {stalled:.0f} s (watchdog_s = {self.timeout_s:g})"
        log.critical("watchdog: %s; restarting", reason)
        self.restart(reason)
        return True

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="watchdog", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self.check_s):
            if self.check():
                return

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=5)


def start_watchdog(parent: QObject, timeout_s: float, **options: Any) -> Watchdog | None:
    """The heartbeat on ``parent``'s thread (a QObject) and the watcher; None when both the
    setting and systemd's are off. Sends READY=1 to systemd at the first beat."""
    from PySide6.QtCore import QTimer

    systemd_s = systemd_watchdog_s()
    if timeout_s <= 0 and systemd_s is None:
        log.info("watchdog: off")
        return None
    dog = Watchdog(timeout_s if timeout_s > 0 else float("inf"), **options)
    beats_s = min(1.0, dog.timeout_s / 4, systemd_s / 2 if systemd_s else 1.0)
    timer = QTimer(parent)
    timer.setInterval(max(10, int(beats_s * 1000)))
    ready = [False]

    def beat() -> None:
        dog.beat()
        if not ready[0]:
            ready[0] = True
            sd_notify("READY=1")
        if systemd_s is not None:
            sd_notify("WATCHDOG=1")

    timer.timeout.connect(beat)
    timer.start()
    dog.timer = timer
    if timeout_s > 0:
        dog.start()
    log.info("watchdog: a loop stalled for %g s restarts the app%s", timeout_s,
             f"; systemd's every {systemd_s:g} s" if systemd_s else "")
    return dog
