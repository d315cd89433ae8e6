"""Bench part 1, the first frame: fresh processes (the app, a bare one-label window and the least
any home screen must do) timed from spawn to their first painted frame, runs interleaved."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any


from .figures import summary

BARE_WINDOW = """
import sys
from PySide6.QtWidgets import QApplication, QLabel
from lusong_kiosk.firstframe import watch
app = QApplication(sys.argv[:1])
w = QLabel("非凡十年 · 芦淞区")
w.resize({w}, {h})
watch(w)
w.show()
sys.exit(app.exec())
"""

# The least any home screen of this exhibition must do before its first frame, without one line
# of the app: register the bundled Chinese font (a fresh Debian has none), use Qt's namespace
# (PySide makes its 99 enum classes then, a real part of any start), build seven two-line tiles under a style
# sheet, paint. No content read, no logging, no arguments, no icons, no top bar: a lower bound
# of the app's first frame, to say what the target leaves for the app's own work.
FLOOR_WINDOW = """
import sys
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication, QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget
from lusong_kiosk.firstframe import watch
app = QApplication(sys.argv[:1])
for path in {fonts!r}:
    QFontDatabase.addApplicationFont(path)
w = QWidget()
w.setStyleSheet("QWidget {{ background: #0B1020; color: #E8ECF4; font-family: '{family}'; font-size: 26px; }}"
                " QFrame#tile {{ background: #141C2E; border: 2px solid #26314A; border-radius: 24px; }}"
                " QLabel#title {{ font-size: 40px; font-weight: bold; }}")
grid = QGridLayout(w)
for i, title in enumerate(("产业提质", "开放提速", "创新提效", "生态提升", "民生提档", "时间轴", "荣誉")):
    tile = QFrame(objectName="tile")
    lay = QVBoxLayout(tile)
    lay.addWidget(QLabel(title, objectName="title", alignment=Qt.AlignmentFlag.AlignLeft))
    lay.addWidget(QLabel("非凡十年 · 芦淞区", wordWrap=True))
    grid.addWidget(tile, i // 4, i % 4)
w.resize({w}, {h})
watch(w)
w.show()
sys.exit(app.exec())
"""


def _child_env(data_dir: str) -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["LUSONG_KIOSK_DATA"] = data_dir  # logs and analytics of measured runs stay out of the user's
    env["LUSONG_KIOSK_FIRST_FRAME"] = "1"
    return env


def _time_process(cmd: list[str], env: dict[str, str]) -> tuple[float, float, dict[str, float]]:
    """(ms from spawning to the reported first frame, CPU ms the process had used by then, the
    app's start-up steps in ms: firstframe.parse_phases)."""
    from ..firstframe import parse_line, parse_phases

    start = time.time()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    found = parse_line(proc.stdout)
    if found is None:
        raise RuntimeError(f"no first frame reported by {' '.join(cmd[:4])}…: rc {proc.returncode}\n"
                           f"{proc.stderr[-2000:]}")
    wall, cpu = found
    return (wall - start) * 1000.0, cpu * 1000.0, parse_phases(proc.stdout, start)


def compile_package() -> None:
    """Bytecode for the package, as an installed app has it (see the module's docstring). The
    frozen program's code is compiled in its archive already (its .py files are only read)."""
    if getattr(sys, "frozen", False):
        return
    import compileall

    compileall.compile_dir(str(Path(__file__).resolve().parents[1]), quiet=2)  # the package, not devtools/ alone


def first_frame(runs: int, size: tuple[int, int], data_dir: str, warmups: int = 1) -> dict[str, Any]:
    w, h = size
    env = _child_env(data_dir)
    compile_package()
    from ..content import default_dirs
    from ..fonts import FAMILY, FONT_FILES

    fonts = [str(default_dirs()[1] / "fonts" / name) for name in FONT_FILES]
    # the app as it is started (the installed `lusong-kiosk` script; `python -m` adds runpy; the
    # frozen program is itself the app, and answers -c as Python would: packaging/entry.py)
    script = Path(sys.executable).with_name("lusong-kiosk")
    if getattr(sys, "frozen", False):
        app = [sys.executable, "--size", f"{w}x{h}"]
    else:
        app = [sys.executable, *([str(script)] if script.is_file() else ["-m", "lusong_kiosk"]), "--size", f"{w}x{h}"]
    cmds = {"app": app,
            "bare": [sys.executable, "-c", BARE_WINDOW.format(w=w, h=h)],
            "floor": [sys.executable, "-c", FLOOR_WINDOW.format(w=w, h=h, fonts=fonts, family=FAMILY)],
            "app_checking": app}
    cold = tempfile.mkdtemp(prefix="lusong-bench-cold-")

    def env_for(name: str) -> dict[str, str]:
        if name != "app_checking":
            return env  # its cache was written by the warm-up run below (or by its first run)
        shutil.rmtree(Path(cold) / "cache", ignore_errors=True)  # checks everything, every time
        return {**env, "LUSONG_KIOSK_DATA": cold}

    for _ in range(warmups):  # warm the file cache for all; not counted
        for name, cmd in cmds.items():
            _time_process(cmd, env_for(name))
    wall: dict[str, list[float]] = {k: [] for k in cmds}
    cpu: dict[str, list[float]] = {k: [] for k in cmds}
    phases: dict[str, list[float]] = {}
    for _ in range(runs):  # interleaved, so a change in the machine's load hits all alike
        for name, cmd in cmds.items():
            ms, cpu_ms, steps = _time_process(cmd, env_for(name))
            wall[name].append(ms)
            cpu[name].append(cpu_ms)
            if name == "app":
                for step, v in steps.items():
                    phases.setdefault(step, []).append(v)
    shutil.rmtree(cold, ignore_errors=True)
    keys = ("median", "min", "max")
    out: dict[str, Any] = {"runs": runs}
    for name in cmds:
        out[f"{name}_ms"] = summary(wall[name], keys)
        out[f"{name}_cpu_ms"] = summary(cpu[name], keys)
    out["ratio"] = round(out["app_ms"]["median"] / out["bare_ms"]["median"], 3)
    out["cpu_ratio"] = round(out["app_cpu_ms"]["median"] / out["bare_cpu_ms"]["median"], 3)
    out["checking_ratio"] = round(out["app_checking_ms"]["median"] / out["bare_ms"]["median"], 3)
    out["floor_ratio"] = round(out["floor_ms"]["median"] / out["bare_ms"]["median"], 3)
    # where the app's time goes: "main" is the interpreter and the first imports, up to cli.main
    out["app_phases_ms"] = {step: round(statistics.median(v), 3) for step, v in phases.items()}
    return out
