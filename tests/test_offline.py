"""The whole app, run for real (a subprocess, offscreen, kiosk mode, through `lusong-kiosk --mode
kiosk`), visits every screen in both languages and exits 0 — with sockets blocked, and with
every file write recorded by an audit hook: it opens no network connection, and writes only
inside its data folder (LUSONG_KIOSK_DATA) or the temporary folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = r'''
import json, os, socket, sys

net = []
writes = []


def blocked(*args, **kwargs):
    net.append(repr(args)[:200])
    raise OSError("network blocked by test_offline")


socket.socket.connect = blocked
socket.socket.connect_ex = blocked
socket.create_connection = blocked
socket.getaddrinfo = blocked
socket.gethostbyname = blocked

WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_TRUNC
PATH_EVENTS = {"os.remove": 0, "os.rmdir": 0, "os.mkdir": 0, "os.truncate": 0, "os.chmod": 0,
               "os.utime": 0, "shutil.rmtree": 0, "os.rename": 1, "os.replace": 1, "os.link": 1,
               "os.symlink": 1, "shutil.copyfile": 1, "shutil.move": 1, "sqlite3.connect": 0}


def where(path):
    if isinstance(path, int) or path is None:
        return None
    path = os.fsdecode(path)
    if path == ":memory:" or path == "":
        return None
    return os.path.abspath(path)


def audit(event, args):
    if event == "open":
        path, mode, flags = args
        if (isinstance(mode, str) and any(c in mode for c in "wax+")) or \
                (isinstance(flags, int) and flags & WRITE_FLAGS):
            p = where(path)
            if p:
                writes.append([event, p])
    elif event in PATH_EVENTS:
        p = where(args[PATH_EVENTS[event]])
        if p:
            writes.append([event, p])
    elif event in ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.sendto",
                   "socket.bind"):
        net.append(event)
    elif event == "socket.__new__" and args[1] in (socket.AF_INET, socket.AF_INET6):
        net.append("socket.__new__ " + str(args[1]))


sys.addaudithook(audit)

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

import lusong_kiosk.app as app_module

seen = []
attach = app_module.attach_mode


def drive(shell, mode):
    try:
        for lang in ("zh", "en"):
            shell.set_language(lang)
            for target in list(shell.factories):
                ok = shell.go(target, animate=False)
                QApplication.processEvents()
                seen.append([lang, target, ok, shell.current_target])
        shell.toggle_language()
        mode.idle_reset()
        seen.append(["reset", shell.ctx.lang, shell.current_target])
    finally:
        QApplication.instance().exit(0)


def attach_and_drive(shell, settings):
    mode = attach(shell, settings)
    QTimer.singleShot(300, lambda: drive(shell, mode))
    return mode


app_module.attach_mode = attach_and_drive

from lusong_kiosk.cli import main

code = main(["--mode", "kiosk"])
print("RESULT " + json.dumps({"code": code, "net": net, "writes": writes, "seen": seen,
                               "qtnetwork": "PySide6.QtNetwork" in sys.modules}), flush=True)
sys.exit(code)
'''


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("offline")
    for name in ("data", "tmp", "home"):
        (root / name).mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "DBUS_"))}
    env.update(QT_QPA_PLATFORM="offscreen", LUSONG_KIOSK_DATA=str(root / "data"), TMPDIR=str(root / "tmp"),
               HOME=str(root / "home"), PYTHONDONTWRITEBYTECODE="1")
    proc = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True,
                          timeout=300, cwd=root)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("RESULT ")]
    assert proc.returncode == 0 and lines, proc.stderr[-4000:]
    assert "Traceback" not in proc.stderr, proc.stderr[-4000:]
    result = json.loads(lines[-1][len("RESULT "):])
    result["root"] = root
    return result


def test_the_app_visits_every_screen_in_both_languages_and_exits_0(run: dict) -> None:
    assert run["code"] == 0
    visits = [s for s in run["seen"] if s[0] in ("zh", "en")]
    targets = {s[1] for s in visits}
    assert {"home", "timeline", "honours"} <= targets and sum(t.startswith("theme:") for t in targets) >= 5
    assert all(ok and current == target for _lang, target, ok, current in visits), visits
    assert run["seen"][-1] == ["reset", "zh", "home"]


def test_no_network_connection_is_attempted(run: dict) -> None:
    assert run["net"] == []
    assert run["qtnetwork"] is False  # Qt's own networking is never even loaded


def test_writes_stay_in_the_data_folder(run: dict) -> None:
    root: Path = run["root"]
    allowed = (root / "data", root / "tmp")
    outside = [(event, path) for event, path in run["writes"]
               if path != os.devnull and not any(Path(path).is_relative_to(a) for a in allowed)]
    assert outside == []
    written = {Path(path).relative_to(root / "data").parts[0] for _e, path in run["writes"]
               if Path(path).is_relative_to(root / "data") and Path(path) != root / "data"}
    assert "logs" in written and "state.json" in written  # the log and the run state, at least


def test_nothing_is_left_in_the_home_folder(run: dict) -> None:
    """Qt's own writes (C++, unseen by the audit hook) would land here: there are none."""
    root: Path = run["root"]
    left = sorted(str(p.relative_to(root / "home")) for p in (root / "home").rglob("*"))
    assert left == []


def test_every_line_of_the_log_has_a_time_and_a_level(run: dict) -> None:
    from test_logs import LINE

    lines = (run["root"] / "data" / "logs" / "lusong-kiosk.log").read_text(encoding="utf-8").splitlines()
    assert len(lines) > 5
    assert [line for line in lines if not LINE.match(line)] == []
    text = "\n".join(lines)
    assert "start #1" in text and "clean exit after start #1" in text
    assert "screen blanking: not inhibited, no D-Bus session bus" in text  # said, not silent
