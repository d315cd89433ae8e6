"""deploy/: the systemd user service, the XDG autostart entry and the restart loop say what the
kiosk needs (restart always, no tight crash loop, the display), and the loop restarts for real."""

from __future__ import annotations

import configparser
import os
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"


def unit(path: Path) -> dict[str, list[tuple[str, str]]]:
    """A systemd unit file as {section: [(key, value), ...]} (keys may repeat)."""
    sections: dict[str, list[tuple[str, str]]] = {}
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            current = sections.setdefault(line.strip("[]"), [])
            continue
        assert current is not None and "=" in line, line
        key, value = line.split("=", 1)
        current.append((key.strip(), value.strip()))
    return sections


def test_the_service_restarts_forever_with_a_pause_and_a_watchdog() -> None:
    u = unit(DEPLOY / "lusong-kiosk.service")
    unit_keys, service, install = dict(u["Unit"]), dict(u["Service"]), dict(u["Install"])
    assert service["Restart"] == "always" and int(service["RestartSec"]) >= 2  # a pause: no tight loop
    assert unit_keys["StartLimitIntervalSec"] == "0"  # never left "failed" until reset-failed
    # started by the user's manager at log-in (a plain X session never starts graphical-session.target)
    assert install["WantedBy"] == "default.target" and "graphical-session.target" not in install["WantedBy"]
    assert "PartOf" not in unit_keys or "graphical-session" not in unit_keys["PartOf"]
    assert any(k == "Environment" and v.startswith("DISPLAY=") for k, v in u["Service"])
    assert service["RestartPreventExitStatus"] == "0"  # the technician's exit stays an exit
    assert {"143", "130"} <= set(service["SuccessExitStatus"].split())  # SIGTERM / SIGINT: clean stops
    # the watchdog: READY=1 and WATCHDOG=1 from the app's event loop (watchdog.py)
    assert service["Type"] == "notify" and service["NotifyAccess"] == "main"
    from lusong_kiosk.settings import Settings

    assert int(service["WatchdogSec"]) > Settings().watchdog_s  # the app's own watchdog acts first

    from lusong_kiosk.cli import build_parser

    argv = shlex.split(service["ExecStart"])
    assert argv[0].endswith("/.venv/bin/lusong-kiosk")
    assert build_parser().parse_args(argv[1:]).mode == "kiosk"


def test_systemd_accepts_the_unit(tmp_path: Path) -> None:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed here")
    home, runtime = tmp_path / "home", tmp_path / "run"
    exe = home / "lusong-kiosk" / ".venv" / "bin" / "lusong-kiosk"  # ExecStart must exist: a stand-in
    exe.parent.mkdir(parents=True)
    exe.write_text("#!/bin/sh\n", encoding="utf-8")
    exe.chmod(0o755)
    runtime.mkdir(mode=0o700)
    env = dict(os.environ, HOME=str(home), XDG_RUNTIME_DIR=str(runtime))
    result = subprocess.run([analyze, "--user", "verify", str(DEPLOY / "lusong-kiosk.service")], env=env,
                            capture_output=True, text=True, timeout=120)
    if "Failed to initialize manager" in result.stderr:
        pytest.skip(f"systemd-analyze cannot run here: {result.stderr.strip()}")
    assert result.returncode == 0 and not result.stderr.strip(), result.stderr


def test_the_autostart_entry_runs_the_restart_loop() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign] - keys keep their case
    entry.read(DEPLOY / "lusong-kiosk.desktop", encoding="utf-8")
    d = entry["Desktop Entry"]
    assert d["Type"] == "Application" and d["Terminal"] == "false"
    assert d["Exec"].endswith("/deploy/run-kiosk.sh")
    validator = shutil.which("desktop-file-validate")
    if validator:
        result = subprocess.run([validator, str(DEPLOY / "lusong-kiosk.desktop")], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(os.name != "posix", reason="a POSIX shell script")
def test_the_restart_loop_restarts_until_a_clean_exit(tmp_path: Path) -> None:
    counter = tmp_path / "runs"
    fake = tmp_path / "fake-kiosk"
    # fails twice (a crash, then a kill), then exits 0 as the technician's exit does
    fake.write_text(f'#!/bin/sh\necho "$@" >> "{counter}"\nn=$(wc -l < "{counter}")\n'
                    '[ "$n" -eq 1 ] && exit 1\n[ "$n" -eq 2 ] && kill -9 $$\nexit 0\n', encoding="utf-8")
    fake.chmod(0o755)
    env = dict(os.environ, LUSONG_KIOSK_CMD=f"{fake} --mode kiosk", LUSONG_KIOSK_RESTART_SEC="0")
    result = subprocess.run(["sh", str(DEPLOY / "run-kiosk.sh"), "--lang", "en"], env=env, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert counter.read_text().splitlines() == ["--mode kiosk --lang en"] * 3
    assert "exit status 1; restarting" in result.stderr and "exit status 137; restarting" in result.stderr
    assert "clean exit (technician); not restarting" in result.stderr


def test_the_docs_cover_what_a_kiosk_needs() -> None:
    setup = (DEPLOY / "KIOSK-SETUP.md").read_text(encoding="utf-8")
    for needed in ("xset s off -dpms", "idle-delay 0", "unattended-upgrades", "xinput map-to-output",
                   "AutomaticLogin", "enable-hot-corners false", "lusong-kiosk set-pin", "systemctl --user enable",
                   "import-environment DISPLAY XAUTHORITY", "openbox/autostart", "WatchdogSec"):
        assert needed in setup, needed
    windows = (DEPLOY / "WINDOWS.md").read_text(encoding="utf-8")
    for needed in ("Register-ScheduledTask", "run-kiosk.ps1", "powercfg", "Allow edge swipe", "Pause updates"):
        assert needed in windows, needed
    assert (DEPLOY / "run-kiosk.ps1").is_file()
