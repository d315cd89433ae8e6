"""preflight: a clear message and exit 1 when the window cannot open, exit 0 when it can."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from lusong_kiosk import preflight

ALL_LIBS = {**preflight.GUI_LIBS, **preflight.XCB_LIBS}
QXCB = (Path(sys.prefix) / "lib" / f"python{sys.version_info.major}.{sys.version_info.minor}"
        / "site-packages" / "PySide6" / "Qt" / "plugins" / "platforms" / "libqxcb.so")


def finder(*missing: str):
    """A fake library finder: everything is installed except ``missing``; records the asks."""
    asked: list[str] = []

    def is_loadable(soname: str) -> bool:
        asked.append(soname)
        return soname not in missing

    is_loadable.asked = asked  # type: ignore[attr-defined] - read back by the test
    return is_loadable


def run(capsys: pytest.CaptureFixture[str], env: dict[str, str], *missing: str,
        system: str = "linux") -> tuple[int, str]:
    code = preflight.main([], env=env, is_loadable=finder(*missing), system=system)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_no_display_exits_1_and_explains(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, {})
    assert code == 1
    assert "no display" in out
    assert "DISPLAY" in out and "WAYLAND_DISPLAY" in out
    assert "export DISPLAY=:0" in out
    assert "lusong-kiosk export --out shots" in out
    assert "apt-get" not in out  # nothing is missing but the display


def test_missing_xcb_cursor_names_the_debian_package(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, {"DISPLAY": ":0"}, "libxcb-cursor.so.0")
    assert code == 1
    assert "libxcb-cursor.so.0" in out
    lines = [line.strip() for line in out.splitlines() if "apt-get install" in line]
    assert lines == ["sudo apt-get install -y libxcb-cursor0"]
    assert "no display" not in out


def test_several_missing_libraries_give_one_install_line(capsys: pytest.CaptureFixture[str]) -> None:
    missing = ("libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libEGL.so.1", "libglib-2.0.so.0",
               "libgthread-2.0.so.0")
    code, out = run(capsys, {"DISPLAY": ":0"}, *missing)
    assert code == 1
    lines = [line.strip() for line in out.splitlines() if "apt-get install" in line]
    assert len(lines) == 1
    packages = lines[0].removeprefix("sudo apt-get install -y ").split()
    # glib and gthread come from one package: named once
    assert sorted(packages) == sorted(["libegl1", "libglib2.0-0", "libxcb-icccm4", "libxcb-keysyms1"])


def test_no_display_and_missing_library_are_both_reported(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, {}, "libxkbcommon-x11.so.0")
    assert code == 1
    assert "no display" in out
    assert "sudo apt-get install -y libxkbcommon-x11-0" in out


def test_all_present_with_display_exits_0_silently(capsys: pytest.CaptureFixture[str]) -> None:
    is_loadable = finder()
    code = preflight.main([], env={"DISPLAY": ":0"}, is_loadable=is_loadable, system="linux")
    assert code == 0
    assert capsys.readouterr().err == ""
    assert set(is_loadable.asked) == set(ALL_LIBS)  # the xcb libraries were checked


@pytest.mark.parametrize("platform", ["offscreen", "minimal", "offscreen:configfile=s.json"])
def test_headless_platform_needs_no_display_nor_xcb(capsys: pytest.CaptureFixture[str],
                                                   platform: str) -> None:
    is_loadable = finder()
    code = preflight.main([], env={"QT_QPA_PLATFORM": platform}, is_loadable=is_loadable,
                          system="linux")
    assert code == 0
    assert not set(is_loadable.asked) & set(preflight.XCB_LIBS)


def test_headless_platform_still_needs_qtgui_libraries(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, {"QT_QPA_PLATFORM": "offscreen"}, "libfontconfig.so.1")
    assert code == 1
    assert "sudo apt-get install -y libfontconfig1" in out


def test_wayland_session_does_not_need_xcb_libraries(capsys: pytest.CaptureFixture[str]) -> None:
    env = {"WAYLAND_DISPLAY": "wayland-0", "XDG_SESSION_TYPE": "wayland"}
    assert preflight.chosen_platform(env) == "wayland"
    code, _ = run(capsys, env, "libxcb-cursor.so.0")
    assert code == 0


def test_xcb_forced_without_display_is_explained(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, {"QT_QPA_PLATFORM": "xcb", "WAYLAND_DISPLAY": "wayland-0"})
    assert code == 1
    assert "QT_QPA_PLATFORM=xcb" in out and "DISPLAY" in out


def test_other_systems_and_the_skip_switch_pass(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, {}, "libGL.so.1", system="win32")[0] == 0
    assert run(capsys, {}, "libGL.so.1", system="darwin")[0] == 0
    assert run(capsys, {preflight.SKIP_ENV: "1"}, "libGL.so.1")[0] == 0


def test_diagnose_returns_the_message_or_nothing() -> None:
    assert preflight.diagnose({"DISPLAY": ":0"}, finder(), "linux") == ""
    message = preflight.diagnose({}, finder("libxcb-cursor.so.0"), "linux")
    assert message.startswith("lusong-kiosk cannot open its window here.")
    assert "export DISPLAY=:0" in message and "libxcb-cursor0" in message


def test_real_loader_finds_libc_and_not_nonsense() -> None:
    assert preflight.loadable("libc.so.6")
    assert not preflight.loadable("libdoes-not-exist-lusong.so.9")


@pytest.mark.skipif(not QXCB.exists(), reason="PySide6's xcb plugin is not in this venv")
def test_library_list_matches_what_qt_links() -> None:
    """Every system library the xcb plugin and QtGui link (per ldd) is in the tables."""
    qt_lib = QXCB.parents[2] / "lib"
    needed: set[str] = set()
    for target in (QXCB, qt_lib / "libQt6XcbQpa.so.6", qt_lib / "libQt6Gui.so.6"):
        result = subprocess.run(["ldd", str(target)], capture_output=True, text=True, check=True)
        for line in result.stdout.splitlines():
            name = line.split()[0]
            if "=>" in line and "PySide6" not in line and "Qt/lib" not in line:
                needed.add(name)
    base_system = {"libc.so.6", "libm.so.6", "libstdc++.so.6", "libgcc_s.so.1", "libz.so.1",
                   "libpthread.so.0", "libdl.so.2", "linux-vdso.so.1"}
    # What the listed libraries pull in themselves (installed with their packages).
    transitive = {"libGLX.so.0", "libGLdispatch.so.0", "libXau.so.6", "libXdmcp.so.6",
                  "libpcre2-8.so.0", "libexpat.so.1", "libpng16.so.16", "libbrotlidec.so.1",
                  "libbrotlicommon.so.1", "libzstd.so.1", "libbsd.so.0", "libmd.so.0",
                  "libsystemd.so.0", "libcap.so.2", "libgcrypt.so.20", "liblzma.so.5",
                  "liblz4.so.1", "libgpg-error.so.0"}
    unlisted = needed - set(ALL_LIBS) - base_system - transitive
    assert not unlisted, f"add these to preflight's tables with their Debian package: {unlisted}"
    # The plugin itself must be among the libraries checked for xcb.
    assert needed >= {"libxcb-cursor.so.0", "libxcb-icccm.so.4"}


def test_module_runs_without_qt(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    code = ("import sys, runpy\n"
            "try:\n"
            "    runpy.run_module('lusong_kiosk.preflight', run_name='__main__')\n"
            "except SystemExit as e:\n"
            "    print('EXIT', e.code)\n"
            "print('QT', sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                            cwd=tmp_path, timeout=60)
    assert "QT []" in result.stdout, result.stdout + result.stderr
    # offscreen: exit 0 if QtGui's libraries are here (they are, or no Qt test could run)
    assert "EXIT 0" in result.stdout, result.stdout + result.stderr
