"""The watchdog: a loop that stops turning for watchdog_s restarts the app (once, saying why);
a turning one never does; systemd hears READY=1 and WATCHDOG=1 over $NOTIFY_SOCKET."""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import sys
import threading

import pytest

from lusong_kiosk import watchdog
from lusong_kiosk.watchdog import Watchdog, start_watchdog


def test_a_blocked_loop_is_restarted_once_and_a_beating_one_never():
    now = [0.0]
    reasons: list[str] = []
    dog = Watchdog(30, restart=reasons.append, clock=lambda: now[0])
    for _ in range(100):  # a healthy loop: a beat every second
        now[0] += 1
        dog.beat()
        assert not dog.check()
    now[0] += 29.9  # a long stall, but under the limit
    assert not dog.check()
    now[0] += 0.2
    assert dog.check() and len(reasons) == 1 and "30 s" in reasons[0]
    now[0] += 100
    assert not dog.check() and len(reasons) == 1  # one restart, not one per look


def test_the_watcher_thread_restarts_a_hung_event_loop(qtbot, caplog):
    from PySide6.QtWidgets import QApplication

    fired = threading.Event()
    caplog.set_level(logging.CRITICAL, logger="lusong_kiosk.watchdog")
    dog = start_watchdog(QApplication.instance(), 0.3, restart=lambda _why: fired.set(), check_s=0.05)
    try:
        # the screen's thread hangs here (as in a handler that never returns) until the watchdog acts
        assert fired.wait(timeout=30)
        assert "event loop has not turned" in caplog.text
    finally:
        dog.stop()
        dog.timer.stop()


def test_the_watcher_thread_leaves_a_turning_loop_alone(qtbot):
    from PySide6.QtWidgets import QApplication

    fired = threading.Event()
    # 2 s, not 0.3: on a loaded two-core machine the test's own loop was once kept from turning
    # for 0.3 s, and the watchdog rightly fired (a test must not depend on the machine's speed)
    dog = start_watchdog(QApplication.instance(), 2.0, restart=lambda _why: fired.set(), check_s=0.05)
    beats: list[float] = []
    real_beat = dog.beat
    dog.beat = lambda: (beats.append(0), real_beat())  # type: ignore[method-assign] - counts the beats
    try:
        qtbot.waitUntil(lambda: len(beats) >= 8, timeout=60000)  # 8 x 0.5 s: twice the limit
        assert not fired.is_set()
    finally:
        dog.stop()
        dog.timer.stop()


def test_the_restart_runs_the_same_command_line(monkeypatch):
    calls = []
    monkeypatch.setattr(sys, "orig_argv", ["/venv/bin/python", "/venv/bin/lusong-kiosk", "--mode", "kiosk"])
    monkeypatch.setattr(os, "execv", lambda exe, argv: calls.append((exe, argv)))
    watchdog.restart_process("test")
    assert calls == [(sys.executable, [sys.executable, "/venv/bin/lusong-kiosk", "--mode", "kiosk"])]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="an abstract AF_UNIX socket")
def test_systemd_hears_ready_and_the_watchdog_beats(qtbot, monkeypatch):
    from PySide6.QtWidgets import QApplication

    name = f"lusong-kiosk-test-{os.getpid()}"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    server.bind("\0" + name)
    server.setblocking(False)
    monkeypatch.setenv("NOTIFY_SOCKET", "@" + name)
    monkeypatch.setenv("WATCHDOG_USEC", "200000")
    monkeypatch.setenv("WATCHDOG_PID", str(os.getpid()))
    dog = start_watchdog(QApplication.instance(), 0)  # the setting off: systemd's alone
    got: list[bytes] = []

    def heard() -> bool:
        with contextlib.suppress(BlockingIOError):  # nothing yet
            got.append(server.recv(64))
        return got.count(b"WATCHDOG=1") >= 2

    try:
        assert dog is not None and dog.timer.interval() <= 100
        qtbot.waitUntil(heard, timeout=10000)
        assert got[0] == b"READY=1"
    finally:
        dog.timer.stop()
        server.close()
