"""`lusong-kiosk bench --quick` produces every figure (no time is asserted: machines are noisy);
the home screen does not import pyqtgraph; hidden screens run no timers or animations."""

from __future__ import annotations

import json
import os
import subprocess
import sys

SCENARIOS = ["home_static", "theme_entry:industry", "theme_entry:opening", "theme_entry:innovation",
             "theme_entry:ecology", "theme_entry:livelihood", "panel_transition", "attract_loop",
             "timeline_fling", "timeline_zoom", "honours_wall"]
LAYOUTS = ["landscape", "4k", "portrait"]
ENTRIES = ["theme:industry", "theme:opening", "theme:innovation", "theme:ecology", "theme:livelihood",
           "timeline", "honours"]


def positive(value) -> bool:
    return isinstance(value, (int, float)) and value > 0


def test_bench_quick_writes_every_figure(tmp_path):
    out = tmp_path / "bench.json"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LUSONG_KIOSK_BENCH_TINY="1",
               LUSONG_KIOSK_DATA=str(tmp_path / "data"))
    proc = subprocess.run([sys.executable, "-m", "lusong_kiosk", "bench", "--quick", "--json", str(out)],
                          env=env, capture_output=True, text=True, timeout=600)
    assert out.exists(), proc.stderr[-2000:]
    data = json.loads(out.read_text(encoding="utf-8"))
    missing = []
    for layout in ("landscape", "portrait"):
        ff = data["first_frame"][layout]
        for key in ("app_ms", "bare_ms"):
            missing += [f"first_frame.{layout}.{key}.{s}" for s in ("median", "min", "max")
                        if not positive(ff[key][s])]
        if not positive(ff["ratio"]):
            missing.append(f"first_frame.{layout}.ratio")
    for layout in LAYOUTS:
        for scenario in SCENARIOS:
            stats = data["frames"][layout][scenario]["paint_ms"]
            missing += [f"frames.{layout}.{scenario}.{s}" for s in ("median", "p95", "p99", "max")
                        if not positive(stats[s])]
        nav = data["navigation"][layout]
        for kind in ("tap", "swipe"):
            missing += [f"navigation.{layout}.{kind}.{s}" for s in ("median", "p95") if not positive(nav[kind][s])]
        missing += [f"navigation.{layout}.entries.{e}" for e in ENTRIES
                    if not positive(nav["entries"][e]["median"])]
    for layout in ("landscape", "portrait"):
        mem = data["memory"][layout]
        missing += [f"memory.{layout}.{k}" for k in ("peak_rss_mb", "rss_after_warmup_mb", "rss_after_cycles_mb")
                    if not positive(mem[k])]
        assert isinstance(mem["growth_mb"], (int, float))  # may be zero or negative
    assert missing == []
    assert "Targets" in proc.stdout


def test_home_screen_does_not_import_pyqtgraph(tmp_path):
    code = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from lusong_kiosk.app import build_shell\n"
        "from lusong_kiosk.settings import Settings\n"
        "shell = build_shell(Settings())\n"
        "shell.resize(1920, 1080); shell.show(); app.processEvents()\n"
        "print('pyqtgraph' in sys.modules, 'numpy' in sys.modules)\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LUSONG_KIOSK_DATA=str(tmp_path))
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip().splitlines()[-1] == "False False"


def test_hidden_screens_run_no_timers_or_animations(qtbot, make_shell):
    from PySide6.QtCore import QAbstractAnimation, QTimer

    shell = make_shell()
    for target in ["theme:industry", "theme:opening", "timeline", "honours", "theme:ecology", "home"]:
        shell.go(target)
    qtbot.waitUntil(lambda: not shell.stage.in_transition())
    running = []
    for key, screen in shell.screens.items():
        if screen is shell.stage.current:
            continue
        running += [f"{key}: {a!r}" for a in screen.findChildren(QAbstractAnimation)
                    if a.state() == QAbstractAnimation.State.Running]
        running += [f"{key}: timer {t.objectName() or t!r}" for t in screen.findChildren(QTimer) if t.isActive()]
    assert running == []
