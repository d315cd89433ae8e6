"""`lusong-kiosk bench`: how fast the exhibition starts, paints, answers a tap, and what memory it keeps.

Runs offscreen, prints a table and writes JSON (``--json FILE``) with:

1. **first frame** — wall time from starting a process to the home screen's first painted frame,
   over fresh processes, and the same for a bare PySide6 window showing one label (the
   reference), runs interleaved; median, min and max, and the ratio of the medians. The app
   reports its frame through :mod:`lusong_kiosk.firstframe`. ``app`` starts as a kiosk does each
   morning: its content and settings were checked at an earlier start (validated.py);
   ``app_checking`` starts with an empty data folder, so it checks them (pydantic) first -- the
   first start after a content edit. ``floor`` is a lower bound of any home screen of this app:
   the bare window plus what every such screen must do before its first frame (FLOOR_WINDOW).
   The package's bytecode is compiled first, as an installed app's is (``make`` does it; this
   machine sets PYTHONDONTWRITEBYTECODE, which would otherwise recompile every module at every
   start: ~100 ms).
2. **frames** — the time to paint each frame of the whole window (``QWidget.render`` into a
   ``QImage``) for every theme panel's entry animation, the slide between panels, a drag down
   each theme panel and back, the attract loop, a timeline fling and zoom, and the honours wall.
   Animations are stepped by a manual 60 Hz clock (``setCurrentTime``), never by the wall
   clock, so each figure is paint cost alone. ``paint_ms`` is wall time, ``paint_cpu_ms`` the
   process's CPU time for the same paint (the machine's other load does not inflate it),
   ``repaint_ms`` the window's own repaint of what changed (what it really paints per frame:
   dirty regions, then the flush), ``tick_ms`` the whole frame as the app lives it: the
   animation step, layout and that repaint. A screen's first frame is its navigation's answer,
   measured under 3, not here.
3. **navigation** — a synthesized tap on each home entry until the new screen's first painted
   frame, and a swipe between themes until the next theme's first frame (median, p95). ``cold``
   is the first visit when a screen is still to be built (the app builds every screen right after
   its first frame, so a visitor meets the warm figures).
4. **memory** — peak RSS, RSS after a warm-up of full navigation cycles (every screen, both
   languages) and after many more, and the growth between them.

Sizes: landscape 1920x1080, 4k 3840x2160 (frames and navigation), portrait 1080x1920.
Each size is measured in a fresh child process (``python -m lusong_kiosk.bench --child``), so
one size's memory does not carry into the next.

``--quick`` uses fewer runs and cycles (and says so under ``counts``); the test suite sets
``LUSONG_KIOSK_BENCH_TINY=1`` for a run of seconds whose figures mean nothing but whose keys are
all there.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

SIZES: dict[str, tuple[int, int]] = {"landscape": (1920, 1080), "4k": (3840, 2160), "portrait": (1080, 1920)}
FIRST_FRAME_SIZES = ("landscape", "portrait")
MEMORY_SIZES = ("landscape", "portrait")
FPS = 60
TICK_MS = 1000.0 / FPS

PLANS: dict[str, dict[str, int]] = {
    # first_frame_runs: processes per program and size; latency_repeats: taps per entry;
    # attract_figures: highlights shown by the attract loop; flings: timeline flings;
    # zoom_rounds: in-and-out pinch sweeps; max_frames: frames per scenario (0: all);
    # warmup_cycles / cycles: full navigation cycles before the first and second RSS reading;
    # entry_repeats: each panel's entry is played this many times and pooled (a p99 needs
    # more than the ~70 frames of one entry, or it is the one slowest frame).
    "full": dict(entry_repeats=5, first_frame_runs=9, latency_repeats=10, attract_figures=3, flings=6, zoom_rounds=3,
                 max_frames=0, warmup_cycles=50, cycles=1000),
    "quick": dict(entry_repeats=2, first_frame_runs=5, latency_repeats=3, attract_figures=1, flings=2, zoom_rounds=1,
                  max_frames=0, warmup_cycles=5, cycles=50),
    "tiny": dict(entry_repeats=2, first_frame_runs=2, latency_repeats=1, attract_figures=1, flings=1, zoom_rounds=1,
                 max_frames=6, warmup_cycles=1, cycles=2),
}

TARGETS = {
    "first_frame_ratio": 1.5,  # × the bare window
    "frame_p99_ms": {"landscape": 8.3, "4k": 16.7, "portrait": 8.3},
    "navigation_p95_ms": 50.0,
    "memory_growth_mb": 5.0,
    "peak_rss_mb": 300.0,
}

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
# (PySide makes its 99 enum classes then: ~20 ms), build seven two-line tiles under a style
# sheet, paint. No content read, no logging, no arguments, no icons, no top bar: a lower bound
# of the app's first frame, to say what the 1.5x target leaves for the app's own work.
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

# ---------------------------------------------------------------------------------------------
# figures


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100) of a non-empty list."""
    ordered = sorted(values)
    k = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[min(k, len(ordered)) - 1]


def summary(values: list[float], keys: tuple[str, ...] = ("median", "p95", "p99", "max")) -> dict[str, float]:
    if not values:
        return dict.fromkeys(keys, 0.0)
    out = {}
    for k in keys:
        if k == "median":
            v = statistics.median(values)
        elif k == "min":
            v = min(values)
        elif k == "max":
            v = max(values)
        else:
            v = percentile(values, float(k[1:]))
        out[k] = round(v, 3)
    return out


def rss_bytes() -> int:
    """Resident set size now: /proc/self/statm on Linux, else the peak (the best the OS offers)."""
    try:
        with open("/proc/self/statm", "rb") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError, AttributeError):
        return peak_rss_bytes()


def peak_rss_bytes() -> int:
    try:
        import resource
    except ImportError:  # Windows
        return 0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024  # bytes on macOS, KiB elsewhere


def mb(n: int) -> float:
    return round(n / 2**20, 2)


def machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = {}
    for name in ("PySide6", "pyqtgraph", "numpy", "pydantic"):
        try:
            from importlib.metadata import version

            versions[name] = version(name if name != "PySide6" else "PySide6-Essentials")
        except Exception:  # noqa: BLE001 - a package without metadata is only reported as "?"
            versions[name] = "?"
    return {"nproc": os.cpu_count() or 0, "cpu": cpu, "python": platform.python_version(),
            "platform": platform.platform(), **{k.lower(): v for k, v in versions.items()},
            "qpa": "offscreen (software painting)"}


def load_average() -> float:
    try:
        return round(os.getloadavg()[0], 2)
    except (OSError, AttributeError):
        return 0.0


# ---------------------------------------------------------------------------------------------
# 1. first frame (this process spawns the others)


def _child_env(data_dir: str) -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["LUSONG_KIOSK_DATA"] = data_dir  # logs and analytics of measured runs stay out of the user's
    env["LUSONG_KIOSK_FIRST_FRAME"] = "1"
    return env


def _time_process(cmd: list[str], env: dict[str, str]) -> tuple[float, float, dict[str, float]]:
    """(ms from spawning to the reported first frame, CPU ms the process had used by then, the
    app's start-up steps in ms: firstframe.parse_phases)."""
    from .firstframe import parse_line, parse_phases

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

    compileall.compile_dir(str(Path(__file__).resolve().parent), quiet=2)


def first_frame(runs: int, size: tuple[int, int], data_dir: str) -> dict[str, Any]:
    w, h = size
    env = _child_env(data_dir)
    compile_package()
    from .content import default_dirs
    from .fonts import FAMILY, FONT_FILES

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
            return env  # its cache was written by the warm-up run below
        shutil.rmtree(Path(cold) / "cache", ignore_errors=True)  # checks everything, every time
        return {**env, "LUSONG_KIOSK_DATA": cold}

    for name, cmd in cmds.items():  # warm the file cache for all; not counted
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


# ---------------------------------------------------------------------------------------------
# 2-4. one size, in a child process


class Bench:
    """The app at one size, offscreen, with a manual animation clock."""

    def __init__(self, size: tuple[int, int], plan: dict[str, int]):
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QImage
        from PySide6.QtWidgets import QApplication

        from .app import build_shell, qt_environment
        from .settings import Settings

        qt_environment()
        QApplication.setAttribute(Qt.ApplicationAttribute.AA_SynthesizeMouseForUnhandledTouchEvents, True)
        self.app = QApplication.instance() or QApplication(sys.argv[:1])
        self.plan = plan
        self.size = size
        self.rss_start = rss_bytes()
        # as a museum runs it: kiosk policy and visitor analytics attached (they filter every event)
        settings = Settings(mode="kiosk")
        self.shell = build_shell(settings, size=size)
        from .modes.kiosk import KioskMode
        from .telemetry import attach

        self.kiosk = KioskMode(self.shell)
        self.recorder = attach(self.shell, self.kiosk, settings)
        self.shell.resize(*size)
        self.shell.show()
        self.settle()
        self.image = QImage(size[0], size[1], QImage.Format.Format_ARGB32_Premultiplied)
        self.targets = ["home", *(f"theme:{t.id}" for t in self.shell.ctx.exhibition.themes), "timeline", "honours"]

    # helpers ---------------------------------------------------------------------------------
    def settle(self) -> None:
        for _ in range(3):
            self.pump()

    def home(self) -> None:
        self.shell.finish_all()
        if self.shell.current_target != "home":
            self.shell.go("home", push=False, animate=False)
        self.shell.history.clear()
        self.settle()

    def paint(self) -> tuple[float, float]:
        """Render the whole window once: (wall ms, process CPU ms)."""
        t, c = time.perf_counter(), time.process_time()
        self.shell.render(self.image)
        return (time.perf_counter() - t) * 1000.0, (time.process_time() - c) * 1000.0

    def repaint(self) -> float:
        """Let the window paint what changed, as its event loop would (the posted scene updates
        and the update request: dirty regions into the backing store, then the flush); wall ms."""
        from PySide6.QtCore import QCoreApplication

        t = time.perf_counter()
        QCoreApplication.sendPostedEvents()
        return (time.perf_counter() - t) * 1000.0

    def _running(self) -> list:
        from PySide6.QtCore import QAbstractAnimation

        running = QAbstractAnimation.State.Running
        return [a for a in self.shell.findChildren(QAbstractAnimation)
                if a.group() is None and a.state() == running]

    # raw samples of the scenario being measured (several runs can be pooled into one figure)
    _raw: dict[str, list[float]] | None = None

    def _sample(self, **values: float) -> None:
        if self._raw is not None:
            for k, v in values.items():
                self._raw.setdefault(k, []).append(v)

    def collect(self, run) -> dict[str, list[float]]:  # noqa: ANN001
        """The raw samples that ``run()`` took."""
        outer, self._raw = self._raw, {}
        try:
            run()
        finally:
            raw, self._raw = self._raw, outer
        return raw

    def drive(self, frames: int | None = None, each_tick=None) -> None:  # noqa: ANN001
        """Step every running animation of the window at 60 Hz until they end (or for
        ``frames`` ticks; ``each_tick(i)`` runs first in each). After each step: the layout,
        the window's own repaint of what changed, and a render of the whole window."""
        from PySide6.QtCore import QAbstractAnimation, QCoreApplication, QEvent
        from shiboken6 import isValid

        started: dict = {}
        clock = 0.0
        cap = self.plan["max_frames"]
        i = 0
        while not ((frames is not None and i >= frames) or (cap and i >= cap)):
            t0 = time.perf_counter()
            if each_tick is not None:
                each_tick(i)
            for a in self._running():
                if a not in started:
                    started[a] = clock - a.currentTime()
            live = [a for a in started if isValid(a) and a.state() == QAbstractAnimation.State.Running]
            if not live and frames is None:
                break
            clock += TICK_MS
            for a in live:
                a.setCurrentTime(int(round(clock - started[a])))
            QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)  # as the event loop would
            self._end_frame(t0)
            i += 1

    def _end_frame(self, t0: float) -> None:
        """A frame begun at ``t0`` (perf_counter) ends: the window's own repaint of what changed,
        the tick's time, then a render of the whole window; all sampled."""
        repaint = self.repaint()
        tick = (time.perf_counter() - t0) * 1000.0
        paint, cpu = self.paint()
        self._sample(paint=paint, cpu=cpu, repaint=repaint, tick=tick)

    def _play(self) -> None:
        """A play of a repeated scenario starts here (its frames are those of every other play)."""
        if self._raw is not None:
            self._raw.setdefault("play_starts", []).append(len(self._raw.get("paint", [])))

    @staticmethod
    def best_of_plays(raw: dict[str, list[float]]) -> list[float]:
        """Each frame's fastest paint over the plays of a repeated scenario ([] under two plays):
        the frame's own cost. On a shared machine whole plays run slow together -- the same frame
        of the same entry took 5.5 ms in one play and 9 ms in another -- and the pooled p99 then
        measures the neighbours; a dedicated exhibition PC has none."""
        paint, starts = raw.get("paint", []), raw.get("play_starts", [])
        bounds = [*starts, len(paint)]
        plays = [paint[a:b] for a, b in zip(bounds, bounds[1:]) if b > a]
        if len(plays) < 2:
            return []
        return [min(play[i] for play in plays) for i in range(min(len(play) for play in plays))]

    @classmethod
    def figures(cls, raw: dict[str, list[float]]) -> dict[str, Any]:
        out = {"frames": len(raw.get("paint", [])), "paint_ms": summary(raw.get("paint", [])),
               "paint_cpu_ms": summary(raw.get("cpu", [])), "repaint_ms": summary(raw.get("repaint", [])),
               "tick_ms": summary(raw.get("tick", []))}
        best = cls.best_of_plays(raw)
        if best:
            out["paint_best_of_plays_ms"] = {"plays": len(raw["play_starts"]), **summary(best)}
        return out

    def scenario(self, run) -> dict[str, Any]:  # noqa: ANN001
        return self.figures(self.collect(run))

    # 2. frames -------------------------------------------------------------------------------
    def frames(self) -> dict[str, Any]:
        shell, out = self.shell, {}
        themes = [t.id for t in shell.ctx.exhibition.themes]
        self.home()
        out["home_static"] = self.scenario(self._static)
        repeats = self.plan["entry_repeats"]

        def enter(target: str) -> None:
            for _ in range(repeats):
                self.home()
                shell.go(target, animate=False)
                self.pump()  # the screen's first frame belongs to navigation (measured there)
                self._play()
                self.drive()

        for tid in themes:
            out[f"theme_entry:{tid}"] = self.scenario(lambda tid=tid: enter(f"theme:{tid}"))
        out["panel_transition"] = self.scenario(self._transitions)
        out["panel_scroll"] = self.scenario(self._scroll)
        out["attract_loop"] = self.scenario(self._attract)
        out["timeline_fling"] = self.scenario(self._fling)
        out["timeline_zoom"] = self.scenario(self._zoom)
        out["honours_wall"] = self.scenario(lambda: enter("honours"))
        self.home()
        return out

    def _static(self) -> None:
        """The home screen standing still (the floor under every other figure)."""
        self.paint()  # the first paint after a change warms caches: not counted
        for _ in range(self.plan["max_frames"] or 60):
            t0 = time.perf_counter()
            self.shell.update()
            self._end_frame(t0)

    def _transitions(self) -> None:
        """Slides from panel to panel, forth and back (the entering panel's animations run too)."""
        shell = self.shell
        themes = [t.id for t in shell.ctx.exhibition.themes]
        self.home()
        shell.go(f"theme:{themes[0]}", animate=False)
        shell.finish_all()
        self.settle()
        for tid in themes[1:] + themes[-2::-1]:
            shell.go(f"theme:{tid}")
            self.pump()  # the first frame is the swipe's answer (navigation); then the slide
            left = shell.ctx.ms("transition_ms") - shell.stage.anim_old.currentTime()
            self.drive(frames=max(1, math.ceil(left / TICK_MS)))
            shell.finish_all()
            self.settle()

    def _scroll(self) -> None:
        """A visitor dragging each theme panel down to its end and back up, at 12 px a frame at
        1080p (as far in the same time on other screens), the panel standing still otherwise."""
        from PySide6.QtCore import QCoreApplication, QEvent
        from PySide6.QtWidgets import QScrollArea

        from .ui import style

        shell = self.shell
        step = style.metrics_for(*self.size).px(12)
        cap = self.plan["max_frames"]
        for tid in [t.id for t in shell.ctx.exhibition.themes]:
            self.home()
            shell.go(f"theme:{tid}", animate=False)
            shell.finish_all()
            self.settle()
            for _ in range(2):  # shown a moment before the drag: what stands still is kept
                self.paint()
                self.pump()
            bar = shell.screens[f"theme:{tid}"].findChild(QScrollArea).verticalScrollBar()
            top = bar.maximum()
            values = [*range(step, top, step), top, *range(top - step, 0, -step), 0]
            for value in values[:cap] if cap else values:
                t0 = time.perf_counter()
                bar.setValue(value)
                QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
                self._end_frame(t0)

    def _attract(self) -> None:
        self.home()
        shell = self.shell
        overlay = self.kiosk.attract
        per_figure = max(1, round(shell.ctx.settings.attract_interval * FPS))
        n = per_figure * self.plan["attract_figures"]
        overlay.start()
        self.settle()

        def each_tick(i: int) -> None:
            if i and i % per_figure == 0:
                overlay.next()  # what its QTimer does every attract_interval

        try:
            self.drive(frames=n, each_tick=each_tick)
        finally:
            overlay.stop()
            self.settle()

    def _timeline(self):  # noqa: ANN202
        self.home()
        self.shell.go("timeline", animate=False)
        self.shell.finish_all()
        self.settle()
        return self.shell.screens["timeline"].view

    def _fling(self) -> None:
        """Flings along the timeline zoomed in 4x: the kinetic scroll a finger leaves behind
        (6000 px/s at 1080p, slowing with a 0.35 s time constant to 20 px/s), forth and back."""
        from .ui.timeline_axis import STEPS_PER_DOUBLING

        view = self._timeline()
        view.set_step(2 * STEPS_PER_DOUBLING)
        self.settle()
        bar = view.verticalScrollBar() if view.vertical else view.horizontalScrollBar()
        speed = 6000.0 * self.shell.ctx.metrics.scale
        frames = int(FPS * 0.35 * math.log(6000.0 / 20.0))
        for k in range(self.plan["flings"]):
            sign = 1 if k % 2 == 0 else -1
            bar.setValue(bar.minimum() if sign > 0 else bar.maximum())
            state = {"pos": float(bar.value()), "v": speed * sign}

            def each_tick(i: int, state=state) -> None:  # noqa: ANN001
                state["pos"] += state["v"] / FPS
                state["v"] *= math.exp(-1 / (0.35 * FPS))
                bar.setValue(int(round(state["pos"])))

            self.drive(frames=frames, each_tick=each_tick)
        view.set_step(0)
        self.home()

    def _zoom(self) -> None:
        """Pinch sweeps: every zoom step in, then out, around the middle of the view; each step
        lays the cards out again and paints."""
        from .ui.timeline_axis import MAX_STEP

        view = self._timeline()
        steps = list(range(1, MAX_STEP + 1)) + list(range(MAX_STEP - 1, -1, -1))
        seq = steps * self.plan["zoom_rounds"]

        def each_tick(i: int) -> None:
            view.set_step(seq[i], anchor_view=view.along_len() / 2)

        self.drive(frames=len(seq), each_tick=each_tick)
        self.home()

    # 3. navigation ---------------------------------------------------------------------------
    def _until_painted(self, key: str, timeout_s: float = 10.0) -> None:
        """Process events until the screen ``key`` (shown, its first frame pending) has been painted."""
        from PySide6.QtCore import QEvent, QObject

        seen = []

        class Watch(QObject):  # on the screen alone: an application filter would tax every event
            def eventFilter(self, obj, event) -> bool:  # noqa: ANN001, N802
                if event.type() == QEvent.Type.Paint:
                    seen.append(True)
                return False

        screen = self.shell.screens[key if not key.startswith("timeline") else "timeline"]
        watch = Watch()
        screen.installEventFilter(watch)
        try:
            end = time.perf_counter() + timeout_s
            while not seen and time.perf_counter() < end:
                self.app.processEvents()
        finally:
            screen.removeEventFilter(watch)
        if not seen:
            raise RuntimeError(f"{key} was never painted")

    def tap(self, key: str) -> float:
        """ms from a synthesized tap on the home entry ``key`` to the new screen's first frame."""
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        self.home()
        tile = self.shell.screens["home"].tiles[key]
        t0 = time.perf_counter()
        QTest.mouseClick(tile, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, tile.rect().center())
        self._until_painted(key)
        ms = (time.perf_counter() - t0) * 1000.0
        if self.shell.current_target != key:
            raise RuntimeError(f"tap on {key} went to {self.shell.current_target}")
        return ms

    def swipe(self, step: int) -> float:
        """ms from the release of a one-finger swipe on a theme panel to the next panel's first frame."""
        from PySide6.QtCore import QPoint, Qt
        from PySide6.QtTest import QTest

        shell = self.shell
        shell.finish_all()
        self.settle()
        ids = [t.id for t in shell.ctx.exhibition.themes]
        want = f"theme:{ids[ids.index(shell.current_target[6:]) + step]}"
        start = shell.stage.mapTo(shell, shell.stage.rect().center())
        dx = -step * shell.width() // 3
        target = shell.childAt(start)
        left = Qt.MouseButton.LeftButton
        QTest.mousePress(target, left, Qt.KeyboardModifier.NoModifier, target.mapFrom(shell, start))
        for i in range(1, 9):
            QTest.mouseMove(target, target.mapFrom(shell, start + QPoint(dx * i // 8, 0)))
        t0 = time.perf_counter()
        QTest.mouseRelease(target, left, Qt.KeyboardModifier.NoModifier, target.mapFrom(shell, start + QPoint(dx, 0)))
        self._until_painted(want)
        ms = (time.perf_counter() - t0) * 1000.0
        if shell.current_target != want:
            raise RuntimeError(f"swipe went to {shell.current_target}, not {want}")
        return ms

    def navigation(self, cold: dict[str, float]) -> dict[str, Any]:
        entries = [k for k in self.targets if k != "home"]
        taps: dict[str, list[float]] = {k: [] for k in entries}
        for _ in range(self.plan["latency_repeats"]):
            for key in entries:
                taps[key].append(self.tap(key))
        swipes = []
        ids = [t.id for t in self.shell.ctx.exhibition.themes]
        for _ in range(self.plan["latency_repeats"]):
            self.home()
            self.shell.go(f"theme:{ids[0]}", animate=False)
            for step in [1] * (len(ids) - 1) + [-1] * (len(ids) - 1):
                swipes.append(self.swipe(step))
        self.home()
        every = [v for vs in taps.values() for v in vs]
        keys = ("median", "p95")
        return {"tap": summary(every, keys), "entries": {k: summary(v, keys) for k, v in taps.items()},
                "swipe": summary(swipes, keys), "cold_ms": {k: round(v, 3) for k, v in cold.items()}}

    # 4. memory -------------------------------------------------------------------------------
    def pump(self) -> None:
        """One turn of the event loop, deferred deletions included (processEvents() outside
        exec() leaves them queued, and widgets would pile up as the real loop never lets them)."""
        from PySide6.QtCore import QCoreApplication, QEvent

        self.app.processEvents()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    def cycle(self) -> None:
        """Every screen in both languages, as a visitor would go (animated, then finished)."""
        shell = self.shell
        for lang in ("zh", "en"):
            shell.set_language(lang)
            self.pump()
            for target in self.targets:
                shell.go(target)
                self.pump()
                shell.finish_all()
                self.pump()
        shell.set_language(shell.ctx.exhibition.default_language)
        self.home()

    def _rss_settled(self) -> int:
        """RSS once the heap is settled as the kiosk settles it at each idle reset (heap.settle:
        garbage collected, free memory handed back): what the app holds, not what glibc keeps
        for reuse (unsettled, readings wandered by ±7 MB from one cycle to the next)."""
        from . import heap

        self.settle()
        heap.settle()
        return rss_bytes()

    def memory(self) -> dict[str, Any]:
        warm, more = self.plan["warmup_cycles"], self.plan["cycles"]
        for _ in range(warm):
            self.cycle()
        after_warmup = self._rss_settled()
        t0 = time.perf_counter()
        for _ in range(more):
            self.cycle()
        seconds = time.perf_counter() - t0
        after = self._rss_settled()
        return {"rss_start_mb": mb(self.rss_start), "rss_after_warmup_mb": mb(after_warmup),
                "rss_after_cycles_mb": mb(after), "growth_mb": round(mb(after) - mb(after_warmup), 2),
                "peak_rss_mb": mb(peak_rss_bytes()), "warmup_cycles": warm, "cycles": more,
                "cycle_ms": round(1000.0 * seconds / max(1, more), 1)}


def run_child(size_name: str, plan_name: str, part: str, out: Path) -> int:
    """``part`` "frames" (navigation, then frames) or "memory" at one size; JSON to ``out``."""
    import logging

    logging.basicConfig(level=logging.WARNING)
    plan = PLANS[plan_name]
    b = Bench(SIZES[size_name], plan)
    cold = {}
    for key in [k for k in b.targets if k != "home"]:  # first visits: the screen is built on the tap
        cold[key] = b.tap(key)
    from . import heap

    heap.settle()  # as the app does once every screen is built (build_later)
    if part == "memory":
        result: dict[str, Any] = {"memory": b.memory()}
    else:
        result = {"navigation": b.navigation(cold), "frames": b.frames()}
    out.write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")
    from .app import shutdown

    if b.recorder is not None:
        b.recorder.close()
    shutdown(b.shell, b.kiosk)
    return 0


def _spawn_children(jobs: list[tuple[str, str]], plan_name: str, data_dir: str) -> dict[tuple[str, str], Any]:
    """Run (size, part) children at the same time; their JSON by job."""
    with tempfile.TemporaryDirectory() as tmp:
        procs = {}
        for size_name, part in jobs:
            out = Path(tmp) / f"{size_name}-{part}.json"
            data = Path(data_dir) / f"{size_name}-{part}"  # each its own analytics database
            data.mkdir(parents=True, exist_ok=True)
            env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LUSONG_KIOSK_DATA=str(data))
            env.pop("LUSONG_KIOSK_FIRST_FRAME", None)
            cmd = [sys.executable, "-m", "lusong_kiosk.bench", "--child", size_name, "--part", part,
                   "--plan", plan_name, "--out", str(out)]
            log = open(Path(tmp) / f"{size_name}-{part}.log", "w+", encoding="utf-8")  # noqa: SIM115
            procs[(size_name, part)] = (subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT), out, log)
        results = {}
        for job, (proc, out, log) in procs.items():
            rc = proc.wait()
            log.seek(0)
            text = log.read()
            log.close()
            if rc != 0 or not out.is_file():
                raise RuntimeError(f"bench {job[1]} at {job[0]} failed (rc {rc}):\n{text[-4000:]}")
            results[job] = json.loads(out.read_text(encoding="utf-8"))
        return results


# ---------------------------------------------------------------------------------------------
# targets, table, entry point


def check_targets(result: dict[str, Any]) -> dict[str, Any]:
    checks: dict[str, Any] = {}
    for size, ff in result["first_frame"].items():
        checks[f"first_frame:{size}"] = {"value": ff["ratio"], "target": TARGETS["first_frame_ratio"],
                                         "met": ff["ratio"] <= TARGETS["first_frame_ratio"],
                                         "floor": ff["floor_ratio"]}
    for size, scenarios in result["frames"].items():
        limit = TARGETS["frame_p99_ms"][size]
        judged = {k: v for k, v in scenarios.items() if k != "home_static"}  # the scenarios
        for key, label in (("paint_ms", "frame_p99"), ("repaint_ms", "repaint_p99")):
            worst = max(judged.items(), key=lambda kv, key=key: kv[1][key]["p99"])
            checks[f"{label}:{size}"] = {"value": worst[1][key]["p99"], "worst": worst[0], "target": limit,
                                         "met": worst[1][key]["p99"] <= limit}
        worst = max(judged.items(), key=lambda kv: kv[1]["paint_cpu_ms"]["p99"])
        checks[f"frame_p99:{size}"].update(cpu_value=worst[1]["paint_cpu_ms"]["p99"], cpu_worst=worst[0],
                                           cpu_met=worst[1]["paint_cpu_ms"]["p99"] <= limit)
        played = {k: v["paint_best_of_plays_ms"] for k, v in judged.items() if "paint_best_of_plays_ms" in v}
        if played:  # the repeated scenarios (entries, honours wall), each frame at its fastest play
            name, best = max(played.items(), key=lambda kv: kv[1]["p99"])
            checks[f"frame_p99_best_of_plays:{size}"] = {"value": best["p99"], "worst": name, "target": limit,
                                                         "met": best["p99"] <= limit}
    for size, nav in result["navigation"].items():
        p95 = max(nav["tap"]["p95"], nav["swipe"]["p95"])
        checks[f"navigation_p95:{size}"] = {"value": p95, "target": TARGETS["navigation_p95_ms"],
                                            "met": p95 <= TARGETS["navigation_p95_ms"]}
    for size, mem in result["memory"].items():
        checks[f"memory_growth:{size}"] = {"value": mem["growth_mb"], "target": TARGETS["memory_growth_mb"],
                                           "met": mem["growth_mb"] <= TARGETS["memory_growth_mb"]}
        checks[f"peak_rss:{size}"] = {"value": mem["peak_rss_mb"], "target": TARGETS["peak_rss_mb"],
                                      "met": mem["peak_rss_mb"] <= TARGETS["peak_rss_mb"]}
    return checks


def table(result: dict[str, Any]) -> str:
    sizes = list(result["frames"])
    lines = []

    def row(cells: list[str], widths: list[int]) -> str:
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths)))

    m = result["machine"]
    lines.append(f"lusong-kiosk bench ({result['plan']}) — {m['nproc']} × {m['cpu']}, Python {m['python']}, "
                 f"PySide6 {m['pyside6']}, load {result['load_average']['start']}→{result['load_average']['end']}")
    lines.append("")
    lines.append("First frame (ms from process start; median [min–max])")
    for size, ff in result["first_frame"].items():
        a, b = ff["app_ms"], ff["bare_ms"]
        lines.append(f"  {size:10s} app {a['median']:7.0f} [{a['min']:.0f}–{a['max']:.0f}]   bare window "
                     f"{b['median']:6.0f} [{b['min']:.0f}–{b['max']:.0f}]   ratio {ff['ratio']:.2f} "
                     f"(CPU {ff['app_cpu_ms']['median']:.0f} / {ff['bare_cpu_ms']['median']:.0f} "
                     f"= {ff['cpu_ratio']:.2f})")
        c = ff["app_checking_ms"]
        lines.append(f"  {'':10s} app checking its content first (after an edit) {c['median']:.0f} "
                     f"[{c['min']:.0f}–{c['max']:.0f}]   ratio {ff['checking_ratio']:.2f}")
        f = ff["floor_ms"]
        lines.append(f"  {'':10s} floor: no app code, the font, Qt's namespace, seven tiles {f['median']:.0f} "
                     f"[{f['min']:.0f}–{f['max']:.0f}]   ratio {ff['floor_ratio']:.2f}")
        steps = ff.get("app_phases_ms") or {}
        if steps:
            lines.append(f"  {'':10s} app's steps, median ms: " + ", ".join(f"{k} {v:.0f}" for k, v in steps.items()))
    lines.append("")
    lines.append("Frames, ms: whole-window render median / p99 / max (CPU p99) [p99 of each frame's best play,"
                 " repeated scenarios] | the window's own repaint median / p99")
    widths = [24] + [46] * len(sizes)
    lines.append(row(["scenario", *sizes], widths))
    for name in result["frames"][sizes[0]]:
        cells = [name]
        for size in sizes:
            f = result["frames"][size].get(name)
            if f is None:
                cells.append("-")
                continue
            p, r = f["paint_ms"], f["repaint_ms"]
            best = f.get("paint_best_of_plays_ms")
            best_p99 = f" [{best['p99']:.1f}]" if best else ""
            cells.append(f"{p['median']:.1f} / {p['p99']:.1f} / {p['max']:.1f} "
                         f"({f['paint_cpu_ms']['p99']:.1f}){best_p99} | {r['median']:.1f} / {r['p99']:.1f}")
        lines.append(row(cells, widths))
    lines.append("")
    lines.append("Navigation, ms to the new screen's first frame: median / p95")
    for size, nav in result["navigation"].items():
        cold = max(nav["cold_ms"].values()) if nav["cold_ms"] else 0
        lines.append(f"  {size:10s} tap {nav['tap']['median']:.1f} / {nav['tap']['p95']:.1f}   swipe "
                     f"{nav['swipe']['median']:.1f} / {nav['swipe']['p95']:.1f}   (first visit, worst: {cold:.0f})")
    lines.append("")
    lines.append("Memory, MB")
    for size, mem in result["memory"].items():
        lines.append(f"  {size:10s} peak {mem['peak_rss_mb']:.1f}   after {mem['warmup_cycles']} cycles "
                     f"{mem['rss_after_warmup_mb']:.1f}   after {mem['cycles']} more {mem['rss_after_cycles_mb']:.1f}"
                     f"   growth {mem['growth_mb']:+.2f}")
    lines.append("")
    lines.append("Targets")
    for name, c in result["targets"].items():
        extra = f" (worst: {c['worst']})" if "worst" in c else ""
        if "floor" in c:
            extra = f" (a home screen with no app code: {c['floor']})"
        if "cpu_value" in c:
            extra = f" (worst: {c['worst']}; CPU time {c['cpu_value']}: {'met' if c['cpu_met'] else 'missed'})"
        lines.append(f"  {'met   ' if c['met'] else 'MISSED'} {name:24s} {c['value']} (target {c['target']}){extra}")
    return "\n".join(lines)


def run_bench(quick: bool = False, json_path: Path | None = None, tiny: bool | None = None,
              skip_memory: bool = False) -> int:
    if tiny is None:
        tiny = os.environ.get("LUSONG_KIOSK_BENCH_TINY", "") not in ("", "0")
    plan_name = "tiny" if tiny else "quick" if quick else "full"
    plan = PLANS[plan_name]
    started = time.perf_counter()
    load_start = load_average()
    result: dict[str, Any] = {"version": 1, "plan": plan_name, "counts": dict(plan), "machine": machine(),
                              "sizes": {k: f"{w}x{h}" for k, (w, h) in SIZES.items()}}
    with tempfile.TemporaryDirectory(prefix="lusong-bench-") as data_dir:
        result["first_frame"] = {}
        for size in FIRST_FRAME_SIZES:
            print(f"first frame, {size} …", file=sys.stderr, flush=True)
            result["first_frame"][size] = first_frame(plan["first_frame_runs"], SIZES[size], data_dir)
        children = {}
        loads = {"start": load_start}
        for size in SIZES:  # one at a time: timings must not share the CPU
            print(f"frames and navigation, {size} …", file=sys.stderr, flush=True)
            children.update(_spawn_children([(size, "frames")], plan_name, data_dir))
            loads[f"after frames:{size}"] = load_average()  # the machine's other work, for reading the times
        if not skip_memory:  # memory does not depend on CPU time: both orientations at once
            print(f"memory ({plan['warmup_cycles']} + {plan['cycles']} cycles), {', '.join(MEMORY_SIZES)} …",
                  file=sys.stderr, flush=True)
            children.update(_spawn_children([(size, "memory") for size in MEMORY_SIZES], plan_name, data_dir))
    result["frames"] = {s: children[(s, "frames")]["frames"] for s in SIZES}
    result["navigation"] = {s: children[(s, "frames")]["navigation"] for s in SIZES}
    result["memory"] = {} if skip_memory else {s: children[(s, "memory")]["memory"] for s in MEMORY_SIZES}
    result["load_average"] = {**loads, "end": load_average()}
    result["seconds"] = round(time.perf_counter() - started, 1)
    result["targets"] = check_targets(result)
    print(table(result))
    if json_path is not None:
        json_path.parent.mkdir(parents=True, exist_ok=True)
        json_path.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"\nwritten: {json_path}")
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m lusong_kiosk.bench")
    p.add_argument("--child", choices=list(SIZES))
    p.add_argument("--part", choices=["frames", "memory"], default="frames")
    p.add_argument("--plan", choices=list(PLANS), default="full")
    p.add_argument("--out", type=Path)
    p.add_argument("--quick", action="store_true")
    p.add_argument("--json", type=Path)
    args = p.parse_args(argv)
    if args.child:
        return run_child(args.child, args.plan, args.part, args.out)
    return run_bench(args.quick, args.json)


if __name__ == "__main__":
    sys.exit(main())
