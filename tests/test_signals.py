"""SIGTERM (systemctl stop, shutdown) and SIGINT end the app as its own exit does: "stopped"
logged, the visit closed in the analytics, the state file marked clean (the next start counts no
unclean exit), status 128 + N."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX signals")


@pytest.mark.parametrize(("mode", "sig"), [("kiosk", signal.SIGTERM), ("kiosk", signal.SIGINT),
                                           ("demo", signal.SIGTERM)])
def test_a_stop_signal_ends_the_run_cleanly(tmp_path: Path, mode: str, sig: signal.Signals) -> None:
    data = tmp_path / "data"
    env = dict(os.environ, LUSONG_KIOSK_DATA=str(data), QT_QPA_PLATFORM="offscreen")
    proc = subprocess.Popen([sys.executable, "-m", "lusong_kiosk", "--mode", mode], env=env,
                            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    killer = threading.Timer(120, proc.kill)  # a hung start fails the test instead of hanging it
    killer.start()
    try:
        assert proc.stderr is not None
        for line in proc.stderr:  # wait until the analytics record (after the first frame), reading the log
            if "analytics: recording" in line:
                break
        proc.send_signal(sig)
        rest = proc.stderr.read()
        code = proc.wait()
    finally:
        killer.cancel()
        proc.kill()
        proc.stderr.close()
    assert code == 128 + sig, rest
    assert f"{sig.name} received: stopping" in rest and "lusong_kiosk.app: stopped" in rest
    state = json.loads((data / "state.json").read_text(encoding="utf-8"))
    assert state["running"] is False and state["unclean"] == 0 and state["last_clean_exit"]
    if mode == "demo":  # demo mode: one visit from start to quit, closed by the stop
        with sqlite3.connect(data / "analytics.sqlite3") as db:
            visits = db.execute("SELECT ended_at FROM visits").fetchall()
        db.close()
        assert len(visits) == 1 and visits[0][0] is not None
