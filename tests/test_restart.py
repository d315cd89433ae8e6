"""Restarts: the app killed (SIGKILL) mid-animation in kiosk mode comes back clean on the home
screen; state.json is always valid JSON and counts the restart; the log says so."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lusong_kiosk import state

SCRIPT = r'''
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

import lusong_kiosk.app as app_module

phase, config = sys.argv[1], sys.argv[2]
attach = app_module.attach_mode


def after(shell, mode):
    if phase == "kill":
        theme = next(t for t in shell.factories if t.startswith("theme:"))
        shell.go(theme)  # a 2 s transition, then charts that take 5 s to grow
        print("READY", shell.current_target, shell.stage.in_transition(), flush=True)
    else:
        print("STARTED", shell.current_target, shell.ctx.lang, shell.isFullScreen(), flush=True)
        QApplication.instance().exit(0)


def attach_and_go(shell, settings):
    mode = attach(shell, settings)
    QTimer.singleShot(200, lambda: after(shell, mode))
    return mode


app_module.attach_mode = attach_and_go
from lusong_kiosk.cli import main

sys.exit(main(["--mode", "kiosk", "--config", config]))
'''


def start(phase: str, root: Path) -> subprocess.Popen[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LUSONG_KIOSK_DATA=str(root / "data"),
               PYTHONDONTWRITEBYTECODE="1")
    return subprocess.Popen([sys.executable, "-c", SCRIPT, phase, str(root / "kiosk.toml")], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def read_line(proc: subprocess.Popen[str], prefix: str, timeout: float = 120) -> str:
    deadline = time.monotonic() + timeout
    assert proc.stdout is not None
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if line.startswith(prefix):
            return line.strip()
        if not line and proc.poll() is not None:
            break
    proc.kill()
    pytest.fail(f"no {prefix!r} line; stderr:\n{proc.stderr.read()[-3000:] if proc.stderr else ''}")


def test_killed_mid_animation_the_app_restarts_clean_and_counts_it(tmp_path: Path) -> None:
    (tmp_path / "kiosk.toml").write_text('lang = "zh"\ntransition_ms = 2000\nchart_ms = 5000\ncounter_ms = 5000\n',
                                         encoding="utf-8")
    data = tmp_path / "data"
    proc = start("kill", tmp_path)
    ready = read_line(proc, "READY")
    assert ready.startswith("READY theme:") and ready.endswith("True")  # in the middle of a transition
    time.sleep(0.3)
    proc.kill()  # SIGKILL: no clean-up of any kind
    proc.communicate(timeout=60)
    assert proc.returncode != 0
    killed = json.loads((data / "state.json").read_text(encoding="utf-8"))
    assert killed["starts"] == 1 and killed["running"] is True

    again = start("check", tmp_path)
    started = read_line(again, "STARTED")
    out, err = again.communicate(timeout=120)
    assert again.returncode == 0, err[-3000:]
    assert started == "STARTED home zh True"  # straight to the home screen, full screen
    after = json.loads((data / "state.json").read_text(encoding="utf-8"))
    assert after["starts"] == 2 and after["unclean"] == 1 and after["running"] is False
    log = (data / "logs" / "lusong-kiosk.log").read_text(encoding="utf-8")
    assert "start #1" in log and "start #2 (previous run did not exit cleanly" in log
    assert "clean exit after start #2" in log
    assert not list(data.glob(".state-*.tmp"))


def test_counting_survives_a_damaged_state_file(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "state.json"
    state.write_state(state.RunState(starts=7), path)
    path.write_bytes(path.read_bytes()[:10])  # cut short, as by a crash of the disk
    (tmp_path / ".state-abc.tmp").write_text("{", encoding="utf-8")  # left by a kill mid-write
    with caplog.at_level(logging.INFO):
        s = state.record_start(path)
    assert s.starts == 1 and s.unclean == 1  # damaged: counted again from 1, as unclean
    assert "damaged" in caplog.text and "previous run did not exit cleanly" in caplog.text
    assert json.loads(path.read_text(encoding="utf-8"))["running"] is True
    assert not (tmp_path / ".state-abc.tmp").exists()
    state.record_clean_exit(path)
    assert state.record_start(path).starts == 2
    assert state.read_state(path).unclean == 1  # type: ignore[union-attr] - written above


@pytest.mark.parametrize("raw", [b"", b"[]", b"\xff\xfe", b'{"starts": "x", "running": 1}',
                                 b'{"starts": -5}', b'{"starts": 1e400}', b"[" * 100_000])
def test_nonsense_in_the_state_file_is_never_trusted(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "state.json"
    path.write_bytes(raw)
    s = state.record_start(path)
    assert s.starts >= 1 and s.running
    assert json.loads(path.read_text(encoding="utf-8"))["starts"] == s.starts


def test_a_clean_exit_then_a_start_is_not_reported_unclean(tmp_path: Path,
                                                           caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "state.json"
    with caplog.at_level(logging.INFO):
        assert state.record_start(path).starts == 1
        state.record_clean_exit(path)
        assert state.record_start(path).starts == 2
    assert "start #2" in caplog.text and "did not exit cleanly" not in caplog.text


def test_an_unwritable_data_folder_does_not_stop_the_start(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        s = state.record_start(blocker / "state.json")  # its folder is a file
        state.record_clean_exit(blocker / "state.json")
    assert s.starts == 1 and "restarts are not counted" in caplog.text
