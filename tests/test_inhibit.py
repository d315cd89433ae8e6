"""Kiosk mode keeps the screen on where the platform allows, and says in the log what it did:
the freedesktop ScreenSaver.Inhibit call over D-Bus (tested against a stand-in service on a
private session bus), SetThreadExecutionState on Windows (a stand-in kernel32), and a warning,
never a failure, when neither is there."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lusong_kiosk.modes import inhibit

FAKE_SERVICE = r'''
from PySide6.QtCore import ClassInfo, QCoreApplication, QObject, Slot
from PySide6.QtDBus import QDBusConnection


@ClassInfo({"D-Bus Interface": "org.freedesktop.ScreenSaver"})
class ScreenSaver(QObject):
    @Slot(str, str, result="uint")
    def Inhibit(self, app, reason):  # noqa: N802 - the D-Bus method's name
        print("INHIBIT", app, "|", reason, flush=True)
        return 4242


app = QCoreApplication([])
bus = QDBusConnection.sessionBus()
saver = ScreenSaver()
assert bus.registerObject("/org/freedesktop/ScreenSaver", saver, QDBusConnection.RegisterOption.ExportAllSlots)
assert bus.registerService("org.freedesktop.ScreenSaver")
print("READY", flush=True)
app.exec()
'''

CLIENT = r'''
import logging, subprocess, sys, time
logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
service = None
if sys.argv[1] == "with-service":
    service = subprocess.Popen([sys.executable, "-c", sys.argv[2]], stdout=subprocess.PIPE, text=True)
    assert service.stdout.readline().strip() == "READY"
from PySide6.QtWidgets import QApplication
app = QApplication([])
from lusong_kiosk.modes.inhibit import inhibit_screen_blanking
t0 = time.monotonic()
print("RESULT", inhibit_screen_blanking(), round(time.monotonic() - t0, 2), flush=True)
if service is not None:
    print("SERVICE", service.stdout.readline().strip(), flush=True)
    service.kill()
'''


class FakeKernel32:
    def __init__(self, answer: int = 0x80000000):
        self.calls: list[int] = []
        self.answer = answer

    def SetThreadExecutionState(self, flags: int) -> int:  # noqa: N802 - the Windows function's name
        self.calls.append(flags)
        return self.answer


def client(mode: str, env: dict[str, str], bus: bool) -> subprocess.CompletedProcess[str]:
    args = [sys.executable, "-c", CLIENT, mode, FAKE_SERVICE]
    if bus:
        args = [shutil.which("dbus-run-session") or "dbus-run-session", "--", *args]
    return subprocess.run(args, env=env, capture_output=True, text=True, timeout=120)


def base_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DBUS_", "DISPLAY", "WAYLAND"))}
    env.update(QT_QPA_PLATFORM="offscreen", LUSONG_KIOSK_DATA=str(tmp_path), PYTHONDONTWRITEBYTECODE="1")
    return env


def test_windows_keeps_display_and_system_on(caplog: pytest.LogCaptureFixture) -> None:
    k = FakeKernel32()
    with caplog.at_level(logging.INFO):
        assert inhibit.inhibit_screen_blanking(k) == "windows"
    assert k.calls == [0x80000000 | 0x2 | 0x1]  # ES_CONTINUOUS | ES_DISPLAY_REQUIRED | ES_SYSTEM_REQUIRED
    assert "SetThreadExecutionState" in caplog.text


def test_windows_failure_is_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        assert inhibit.inhibit_screen_blanking(FakeKernel32(answer=0)).startswith("none")
    assert "failed" in caplog.text


def test_an_error_never_escapes(caplog: pytest.LogCaptureFixture) -> None:
    class Broken:
        def SetThreadExecutionState(self, flags: int) -> int:  # noqa: N802 - the Windows function's name
            raise OSError("access denied")

    with caplog.at_level(logging.WARNING):
        assert inhibit.inhibit_screen_blanking(Broken()) == "none: access denied"
    assert "could not inhibit" in caplog.text


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="freedesktop D-Bus")
def test_without_a_session_bus_it_logs_and_goes_on(tmp_path: Path) -> None:
    env = base_env(tmp_path)
    env["DBUS_SESSION_BUS_ADDRESS"] = f"unix:path={tmp_path / 'no-bus'}"
    result = client("no-service", env, bus=False)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "RESULT none:" in result.stdout
    assert "not inhibited, no D-Bus session bus" in result.stderr and "xset s off -dpms" in result.stderr


needs_bus = pytest.mark.skipif(not sys.platform.startswith("linux") or not shutil.which("dbus-run-session"),
                               reason="needs dbus-run-session (Debian: dbus)")


@needs_bus
def test_on_a_session_bus_it_calls_screensaver_inhibit(tmp_path: Path) -> None:
    result = client("with-service", base_env(tmp_path), bus=True)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "RESULT dbus:4242" in result.stdout
    assert "SERVICE INHIBIT lusong-kiosk | lusong-kiosk: exhibition on show" in result.stdout
    assert "screen blanking: inhibited over D-Bus (org.freedesktop.ScreenSaver.Inhibit, cookie 4242)" in result.stderr


@needs_bus
def test_a_bus_without_a_screensaver_is_a_quick_warning(tmp_path: Path) -> None:
    t0 = time.monotonic()
    result = client("no-service", base_env(tmp_path), bus=True)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "RESULT none:" in result.stdout and "did not accept Inhibit" in result.stderr
    seconds = float(result.stdout.split()[-1])
    # our timeout, not D-Bus's default of 25 s (room above ours for a loaded machine)
    assert seconds < inhibit.DBUS_TIMEOUT_MS / 1000 + 10, (seconds, time.monotonic() - t0)


def test_kiosk_show_inhibits_blanking(qtbot, make_shell, monkeypatch: pytest.MonkeyPatch) -> None:
    from lusong_kiosk.modes.kiosk import KioskMode

    calls = []
    monkeypatch.setattr(inhibit, "inhibit_screen_blanking", lambda: calls.append(1) or "dbus:1")
    shell = make_shell(mode="kiosk", idle_timeout=600)
    mode = KioskMode(shell)
    try:
        mode.show()
        assert calls == [1] and mode.inhibited == "dbus:1"
    finally:
        mode.allow_exit = True
        mode.detach()
        from PySide6.QtGui import QGuiApplication

        QGuiApplication.restoreOverrideCursor()
