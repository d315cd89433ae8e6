"""Can the exhibition's window open here? Run by `make run` before the app starts.

    python -m lusong_kiosk.preflight      exit 0 when the window can open, else explain and exit 1

Without it, a missing display or a missing system library ends in Qt's own message ("could not
load the Qt platform plugin "xcb" ...") and an abort. This says instead what is wrong and the one
command that fixes it. Imports no Qt (it runs before Qt could load) and only looks: it changes
nothing. Only Linux needs it; elsewhere it exits 0. Set LUSONG_KIOSK_SKIP_PREFLIGHT=1 to skip it.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable, Mapping

SKIP_ENV = "LUSONG_KIOSK_SKIP_PREFLIGHT"

# Platform plugins that draw without a display server.
HEADLESS = {"offscreen", "minimal", "minimalegl", "vnc", "linuxfb", "eglfs", "vkkhrdisplay"}

# System libraries (soname -> Debian 12 package) that QtGui needs on every platform: from `ldd` on
# PySide6/Qt/lib/libQt6Gui.so.6 (PySide6-Essentials 6.11.3), leaving out what every system has.
GUI_LIBS: dict[str, str] = {
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libdbus-1.so.3": "libdbus-1-3",
}

# ... and what the X11 platform plugin adds: `ldd` on PySide6/Qt/plugins/platforms/libqxcb.so and
# PySide6/Qt/lib/libQt6XcbQpa.so.6. (Qt 6 no longer links libxcb-xinerama.)
XCB_LIBS: dict[str, str] = {
    "libxcb.so.1": "libxcb1",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
}

EXPORT_HINT = "lusong-kiosk export --out shots"


def loadable(soname: str) -> bool:
    """True when the dynamic loader can load ``soname`` (with its own dependencies)."""
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def qt_platforms(env: Mapping[str, str]) -> list[str]:
    """The platform plugins Qt will try, in order (as QGuiApplication chooses them)."""
    requested = env.get("QT_QPA_PLATFORM", "").strip()
    if requested:
        names = [part.split(":", 1)[0].strip().lower() for part in requested.split(";")]
        return [n for n in names if n] or ["xcb"]
    session = env.get("XDG_SESSION_TYPE", "").lower()
    if session == "wayland" and env.get("WAYLAND_DISPLAY"):
        return ["wayland", "xcb"]
    return ["xcb"]


def chosen_platform(env: Mapping[str, str]) -> str:
    """The plugin that will actually be used: the first one that has what it needs."""
    platforms = qt_platforms(env)
    for name in platforms:
        if name in HEADLESS or (name == "wayland" and env.get("WAYLAND_DISPLAY")) or \
                (name == "xcb" and env.get("DISPLAY")):
            return name
    return platforms[0]


def _apt_line(missing: list[str], table: Mapping[str, str]) -> str:
    packages = list(dict.fromkeys(table[s] for s in missing))
    return "sudo apt-get install -y " + " ".join(packages)


def problems(env: Mapping[str, str] | None = None,
             is_loadable: Callable[[str], bool] = loadable,
             system: str | None = None) -> list[str]:
    """What stops the window from opening, as paragraphs for a person; [] when nothing does."""
    env = os.environ if env is None else env
    system = sys.platform if system is None else system
    if not system.startswith("linux") or env.get(SKIP_ENV):
        return []
    platform = chosen_platform(env)
    found: list[str] = []

    if platform not in HEADLESS and not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        found.append(
            "There is no display: neither DISPLAY nor WAYLAND_DISPLAY is set, so the window has "
            "nowhere to open.\n"
            "  - On a machine with a screen, run this from its desktop session, or (over ssh, with "
            "the screen's session logged in) point it at that screen first:\n"
            "      export DISPLAY=:0\n"
            "  - Without a screen, render every screen to PNG files instead:\n"
            f"      {EXPORT_HINT}        (or: make export)")
    elif platform == "xcb" and not env.get("DISPLAY"):
        found.append(
            "Qt is set to use X11 (QT_QPA_PLATFORM=xcb) but DISPLAY is not set.\n"
            "  - Set it to the screen's display, e.g.: export DISPLAY=:0\n"
            "  - or unset QT_QPA_PLATFORM to use Wayland.")
    elif platform == "wayland" and not env.get("WAYLAND_DISPLAY"):
        found.append(
            "Qt is set to use Wayland (QT_QPA_PLATFORM=wayland) but WAYLAND_DISPLAY is not set.\n"
            "  - Run this from the Wayland desktop session, or unset QT_QPA_PLATFORM to use X11.")

    table = dict(GUI_LIBS)
    if platform == "xcb":
        table.update(XCB_LIBS)
    missing = [soname for soname in table if not is_loadable(soname)]
    if missing:
        where = "Qt's X11 (xcb) platform plugin" if platform == "xcb" else "Qt"
        found.append(
            f"{where} needs system libraries that are not installed: {', '.join(missing)}.\n"
            "  Install them (Debian, Ubuntu, Raspberry Pi OS) with:\n"
            f"      {_apt_line(missing, table)}\n"
            "  (On other systems install the packages that provide these files.)\n"
            f"  Without a screen, the screens can still be rendered to PNG: {EXPORT_HINT}")
    return found


def diagnose(env: Mapping[str, str] | None = None,
             is_loadable: Callable[[str], bool] = loadable, system: str | None = None) -> str:
    """The whole message to print when the window cannot open here; "" when it can."""
    found = problems(env, is_loadable, system)
    if not found:
        return ""
    return ("lusong-kiosk cannot open its window here.\n\n" + "\n\n".join(found)
            + f"\n\n(To skip this check: {SKIP_ENV}=1)")


def main(argv: list[str] | None = None, env: Mapping[str, str] | None = None,
         is_loadable: Callable[[str], bool] = loadable, system: str | None = None) -> int:
    message = diagnose(env, is_loadable, system)
    if not message:
        return 0
    print(message, file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
