"""Keep the screen on while the kiosk runs, where the platform lets an application ask.

- Linux: the freedesktop ``org.freedesktop.ScreenSaver.Inhibit`` call on the D-Bus session bus
  (GNOME, KDE, Xfce and most screen savers answer it); the inhibition lasts as long as the
  process. No session bus or no such service: logged, and the kiosk runs on (set the OS up as
  in deploy/KIOSK-SETUP.md: ``xset s off -dpms``).
- Windows: ``SetThreadExecutionState(ES_CONTINUOUS | ES_DISPLAY_REQUIRED | ES_SYSTEM_REQUIRED)``
  on the GUI thread: neither the display nor the system sleeps while the app runs.
- Elsewhere: logged as not done.

Every outcome is one line in the log. Never raises.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

log = logging.getLogger(__name__)

REASON = "lusong-kiosk: exhibition on show"
SERVICE = "org.freedesktop.ScreenSaver"
PATH = "/org/freedesktop/ScreenSaver"
DBUS_TIMEOUT_MS = 2000  # a bus that does not answer must not hold up the first frame

ES_CONTINUOUS = 0x80000000
ES_SYSTEM_REQUIRED = 0x00000001
ES_DISPLAY_REQUIRED = 0x00000002


def inhibit_screen_blanking(kernel32: Any = None) -> str:
    """Ask the platform to keep the screen on; return what was done ("dbus:<cookie>",
    "windows", or "none: <why>"). ``kernel32``: a stand-in for tests."""
    try:
        if sys.platform.startswith("win") or kernel32 is not None:
            return _windows(kernel32)
        if sys.platform.startswith("linux") or "bsd" in sys.platform:
            return _freedesktop()
        log.info("screen blanking: not inhibited on %s (set the OS not to sleep; deploy/KIOSK-SETUP.md)",
                 sys.platform)
        return f"none: {sys.platform}"
    except Exception as exc:  # noqa: BLE001 - a kiosk runs on whatever this does
        log.warning("screen blanking: could not inhibit (%s)", exc)
        return f"none: {exc}"


def _windows(kernel32: Any) -> str:
    if kernel32 is None:
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined] - windll exists on Windows only
        kernel32.SetThreadExecutionState.argtypes = [ctypes.c_uint32]
        kernel32.SetThreadExecutionState.restype = ctypes.c_uint32
    previous = kernel32.SetThreadExecutionState(ES_CONTINUOUS | ES_DISPLAY_REQUIRED | ES_SYSTEM_REQUIRED)
    if not previous:
        log.warning("screen blanking: SetThreadExecutionState failed; set the power plan to never "
                    "turn off the display (deploy/WINDOWS.md)")
        return "none: SetThreadExecutionState failed"
    log.info("screen blanking: display and sleep kept on (SetThreadExecutionState)")
    return "windows"


def _freedesktop() -> str:
    from PySide6.QtDBus import QDBus, QDBusConnection, QDBusMessage

    bus = QDBusConnection.sessionBus()
    if not bus.isConnected():
        why = bus.lastError().message() or "no session bus"
        log.warning("screen blanking: not inhibited, no D-Bus session bus (%s); run `xset s off -dpms` "
                    "(deploy/KIOSK-SETUP.md)", why)
        return f"none: {why}"
    call = QDBusMessage.createMethodCall(SERVICE, PATH, SERVICE, "Inhibit")
    call.setArguments(["lusong-kiosk", REASON])
    reply = bus.call(call, QDBus.CallMode.Block, DBUS_TIMEOUT_MS)
    if reply.type() != QDBusMessage.MessageType.ReplyMessage or not reply.arguments():
        why = reply.errorMessage() or reply.errorName() or "no reply"
        log.warning("screen blanking: not inhibited, %s did not accept Inhibit (%s); run `xset s off -dpms` "
                    "(deploy/KIOSK-SETUP.md)", SERVICE, why)
        return f"none: {why}"
    cookie = reply.arguments()[0]
    log.info("screen blanking: inhibited over D-Bus (%s.Inhibit, cookie %s)", SERVICE, cookie)
    return f"dbus:{cookie}"
