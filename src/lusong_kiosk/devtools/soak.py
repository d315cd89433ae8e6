"""`lusong-kiosk soak`: a monkey that drives the real app offscreen with random but valid input.

    lusong-kiosk soak --events 2000 --seed 1 [--mode kiosk|demo|presenter] [--json FILE] [--chaos]

The shell and the mode are built as ``run_app`` builds them, from the real content, with short
idle settings (a "long pause" is a wait for the idle reset and the attract loop, not real
minutes). Input comes from ``random.Random(seed)``: mouse and touch taps anywhere, swipes and
drags, flings, pinches and wheel turns (on the timeline when it is showing), key presses
(presenter keys and, in kiosk mode, the forbidden ones: Esc, Alt+F4, Ctrl+Q, Ctrl+W, F11 and
window-close requests, which must all be refused), language switches, resizes among four screen
sizes, short waits and long pauses. With ``--chaos`` the content and asset files are rewritten,
broken, deleted and restored under the input, in a temporary copy a live update watches
(chaos.py); the report adds the file operations and the updates applied and refused.

The event sequence (soak_input.py) depends on the seed only (never on what the app did), so the same seed sends
the same input; its SHA-256 is reported. Reported: events sent, exceptions (uncaught ones reach
``sys.excepthook``, including those raised in Qt slots and overrides; a screen that failed and
was replaced by home counts too), Qt warnings (``qInstallMessageHandler``), the slowest stall
(wall time of one injected event plus the event processing it caused; a resize, which relays
out every screen, is reported on its own), RSS at start, middle and end. Exit status 1 on any
exception, any escape from the kiosk, or a stall over 1 s.
"""

from __future__ import annotations

import gc
import json
import logging
import os
import sys
import time
import traceback
from collections import Counter
from pathlib import Path
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # annotations only: Qt is imported when the soak runs
    from PySide6.QtCore import QMessageLogContext, QPoint, QtMsgType
    from PySide6.QtWidgets import QWidget

    from ..modes.demo import DemoMode
    from ..modes.kiosk import KioskMode
    from ..modes.presenter import PresenterMode
    from ..settings import Settings
    from ..ui.shell import Shell

from .soak_input import SIZES, make_events, sequence_hash

log = logging.getLogger(__name__)

MAX_STALL_S = 1.0
LABEL_CHECK_EVERY = 250  # events between two checks that every visible chart shows all its labels


def rss_bytes() -> int:
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


class _LogCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.counts: Counter[str] = Counter()

    def emit(self, record: logging.LogRecord) -> None:
        self.counts[f"{record.levelname} {record.name}: {record.getMessage()[:200]}"] += 1


class Monkey:
    """Sends one event descriptor at a time to a shell and its mode."""

    def __init__(self, shell: Shell, mode_obj: KioskMode | PresenterMode | DemoMode, mode: str):
        from PySide6.QtGui import QPointingDevice
        from PySide6.QtTest import QTest

        self.shell, self.mode_obj, self.mode = shell, mode_obj, mode
        self.touch = QTest.createTouchDevice(QPointingDevice.DeviceType.TouchScreen)
        self.escapes_refused = 0
        self.escaped: list[str] = []
        self.reopened = 0
        self.idle_resets = 0
        self.attract_loops = 0
        if mode == "kiosk":
            mode_obj.idle_reset_done.connect(self._count_reset)

    def _count_reset(self) -> None:
        self.idle_resets += 1

    # helpers -------------------------------------------------------------------
    def _pt(self, fx: float, fy: float, widget: QWidget | None = None) -> QPoint:
        """A point in the window at fractions of ``widget`` (the window by default)."""
        from PySide6.QtCore import QPoint

        w = widget or self.shell
        p = QPoint(int(fx * max(1, w.width() - 1)), int(fy * max(1, w.height() - 1)))
        return self._inside(w.mapTo(self.shell, p) if w is not self.shell else p)

    def _inside(self, p: QPoint) -> QPoint:
        """``p`` moved into the window (a finger cannot leave the glass)."""
        from PySide6.QtCore import QPoint

        return QPoint(min(max(p.x(), 0), self.shell.width() - 1), min(max(p.y(), 0), self.shell.height() - 1))

    def _timeline_viewport(self) -> QWidget | None:
        screen = self.shell.stage.current
        view = getattr(screen, "view", None) if screen is not None and screen.screen_id == "timeline" else None
        return view.viewport() if view is not None and view.isVisible() else None

    def _fingers(self, *actions: tuple[str, int, QPoint]) -> None:
        """Touch points, each (press | move | release, finger, point), sent as one touch event."""
        from PySide6.QtTest import QTest

        seq = QTest.touchEvent(self.shell, self.touch, False)
        for kind, finger, pos in actions:
            getattr(seq, kind)(finger, pos)
        seq.commit()

    def _click(self, w: QWidget | None) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        if w is not None and w.isVisible():
            QTest.mouseClick(self.shell.windowHandle(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                             w.mapTo(self.shell, w.rect().center()))

    def _key(self, name: str, mods: tuple[str, ...]) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        m = Qt.KeyboardModifier.NoModifier
        for mod in mods:
            m |= {"ctrl": Qt.KeyboardModifier.ControlModifier, "alt": Qt.KeyboardModifier.AltModifier,
                  "shift": Qt.KeyboardModifier.ShiftModifier}[mod]
        QTest.keyClick(self.shell.windowHandle(), getattr(Qt.Key, name), m)

    def wait_ms(self, ms: int) -> None:
        from PySide6.QtTest import QTest

        QTest.qWait(ms)

    def _wait_until(self, pred: Callable[[], bool], timeout_ms: int) -> bool:
        from PySide6.QtTest import QTest

        deadline = time.monotonic() + timeout_ms / 1000
        while not pred():
            if time.monotonic() > deadline:
                return False
            QTest.qWait(5)
        return True

    # one event -----------------------------------------------------------------
    def send(self, ev: tuple[Any, ...]) -> None:
        from PySide6.QtCore import QPoint, QPointF, Qt
        from PySide6.QtTest import QTest

        kind = ev[0]
        shell = self.shell
        win = shell.windowHandle()
        if kind == "tap":
            QTest.mouseClick(win, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, self._pt(ev[1], ev[2]))
        elif kind == "touch_tap":
            p = self._pt(ev[1], ev[2])
            self._fingers(("press", 0, p))
            self._fingers(("release", 0, p))
        elif kind in ("swipe", "drag", "fling"):
            _, fx, fy, dx, dy, steps = ev
            target = self._timeline_viewport() if kind == "fling" else None
            start = self._pt(fx, fy, target)
            size = shell.size()
            delta = self._inside(start + QPoint(int(dx * size.width()), int(dy * size.height()))) - start
            if kind == "drag":  # a mouse drag
                QTest.mousePress(win, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
                for i in range(1, steps + 1):
                    QTest.mouseMove(win, start + delta * (i / steps))
                QTest.mouseRelease(win, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start + delta)
            else:  # a finger; a fling is short and fast (few steps, the same distance)
                n = 2 if kind == "fling" else steps
                self._fingers(("press", 0, start))
                for i in range(1, n + 1):
                    self._fingers(("move", 0, start + delta * (i / n)))
                self._fingers(("release", 0, start + delta))
        elif kind == "pinch":
            _, fx, fy, d0, d1, steps = ev
            target = self._timeline_viewport()
            c = QPointF(self._pt(fx, fy, target))
            span = max(shell.width(), shell.height())

            def pts(d: float) -> tuple[QPoint, QPoint]:
                off = QPointF(d * span, 0)
                return self._inside((c - off).toPoint()), self._inside((c + off).toPoint())

            p1, p2 = pts(d0)
            self._fingers(("press", 0, p1), ("press", 1, p2))
            for i in range(1, steps + 1):
                p1, p2 = pts(d0 + (d1 - d0) * i / steps)
                self._fingers(("move", 0, p1), ("move", 1, p2))
            self._fingers(("release", 0, p1), ("release", 1, p2))
        elif kind == "wheel":
            self._wheel(ev)
        elif kind == "key":
            self._key(ev[1], ev[2])
        elif kind == "forbidden":
            self._forbidden(ev[1], ev[2])
        elif kind == "language":
            self._click(shell.top.lang)
        elif kind == "topbar":
            which, i = ev[1], ev[2]
            if which == "dot":
                dots = list(shell.top.dots.buttons.values())
                self._click(dots[i % len(dots)] if dots else None)
            else:
                self._click(getattr(shell.top, which))
        elif kind == "resize":
            shell.resize(ev[1], ev[2])
        elif kind == "wait":
            self.wait_ms(ev[1])
        elif kind == "pause":
            self._pause(ev[1])
        if not shell.isVisible():
            if self.mode == "kiosk":
                self.escaped.append(repr(ev))
            self.reopened += 1
            shell.show()

    def _wheel(self, ev: tuple[Any, ...]) -> None:
        from PySide6.QtCore import QPoint, QPointF, Qt
        from PySide6.QtGui import QWheelEvent
        from PySide6.QtWidgets import QApplication

        _, fx, fy, delta, horizontal = ev
        target = self._timeline_viewport() or self.shell.childAt(self._pt(fx, fy)) or self.shell
        local = QPointF(self._pt(fx, fy, target if target is not self.shell else None))
        if target is not self.shell:
            local = QPointF(target.mapFrom(self.shell, local.toPoint()))
        angle = QPoint(delta, 0) if horizontal else QPoint(0, delta)
        e = QWheelEvent(local, QPointF(target.mapToGlobal(local.toPoint())), QPoint(), angle,
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
        QApplication.sendEvent(target, e)

    def _forbidden(self, name: str, mods: tuple[str, ...]) -> None:
        if name == "close":
            closed = self.shell.close()
        else:
            self._key(name, mods)
            closed = not self.shell.isVisible()
        if self.mode == "kiosk":
            if closed or not self.shell.isVisible():
                self.escaped.append(f"{name} {mods}")
            else:
                self.escapes_refused += 1

    def _pause(self, linger_ms: int) -> None:
        """A long pause: in kiosk mode, until the idle reset and the attract loop (then it runs
        a little); elsewhere a short wait."""
        if self.mode != "kiosk":
            self.wait_ms(50 + linger_ms // 3)
            return
        # fast-forward the idle clock: the visitor walked away ``idle_timeout`` seconds ago
        before = self.idle_resets
        idle = self.mode_obj.idle
        interval = idle.interval()
        idle.start(10)
        self._wait_until(lambda: self.idle_resets > before, 5000)
        idle.setInterval(interval)
        if self._wait_until(self.mode_obj.attract.running, 3000):
            self.attract_loops += 1
            self.wait_ms(linger_ms)


def soak_settings(mode: str, **kw: Any) -> Settings:
    from ..settings import Settings

    base: dict[str, Any] = dict(mode=mode, idle_timeout=3.0, attract_delay=0.05, attract_interval=0.1,
                                transition_ms=60, chart_ms=120, counter_ms=120, stagger_ms=10, analytics=False)
    base.update(kw)
    return Settings(**base)


def run_soak(events: int, seed: int, mode: str = "kiosk", json_path: Path | None = None,
             content: Path | None = None, assets: Path | None = None, quiet: bool = False,
             max_stall_s: float = MAX_STALL_S, chaos: bool = False) -> int:
    """Run the monkey; print the report; return the exit status (0 good, 1 failed)."""
    report = soak(events, seed, mode, content, assets, progress=not quiet, max_stall_s=max_stall_s,
                  chaos=chaos)
    lines = [
        f"soak: mode {report['mode']}, seed {report['seed']}, sequence {report['sequence_sha256'][:16]}",
        f"  events sent        {report['events']:>10,}  ({report['seconds']:.1f} s)",
        f"  exceptions         {report['exceptions']:>10,}",
        f"  chart labels lost  {report['chart_label_problems']:>10,}  (checked every {LABEL_CHECK_EVERY} events)",
        f"  Qt warnings        {report['qt_warnings']:>10,}  ({len(report['qt_warning_messages'])} distinct)",
        f"  log warnings       {sum(report['log_warnings'].values()):>10,}",
        f"  slowest stall      {report['slowest_stall_ms']:>10.1f} ms  ({report['slowest_event']})",
        (f"  slowest resize     {report['slowest_screen_change_ms']:>10.1f} ms  "
         "(a screen change; not a visitor's input)"),
        (f"  RSS start/mid/end  {report['rss_mb']['start']:.1f} / {report['rss_mb']['middle']:.1f} / "
         f"{report['rss_mb']['end']:.1f} MB"),
    ]
    if mode == "kiosk":
        lines.append(f"  escapes refused    {report['escapes_refused']:>10,}  (escaped: {len(report['escaped'])})")
        lines.append(f"  idle resets        {report['idle_resets']:>10,}  (attract loops {report['attract_loops']})")
    if "chaos" in report:
        c = report["chaos"]
        lines.append(f"  file chaos         {sum(c['file_ops'].values()):>10,}  "
                     f"({', '.join(f'{k} {v}' for k, v in sorted(c['file_ops'].items()))})")
        lines.append(f"  updates applied    {c['updates_applied']:>10,}  (refused {c['updates_refused']:,}, "
                     f"loads {c['loads']:,})")
    for msg, n in list(report["qt_warning_messages"].items())[:10]:
        lines.append(f"    Qt: {n} x {msg}")
    lines += [f"    {problem}" for problem in report["chart_label_examples"][:5]]
    for tb in report["exception_tracebacks"][:3]:
        lines.append(tb)
    print("\n".join(lines))
    if json_path is not None:
        Path(json_path).write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    return report["status"]


def soak(events: int, seed: int, mode: str = "kiosk", content: Path | None = None,
         assets: Path | None = None, progress: bool = False, max_stall_s: float = MAX_STALL_S,
         chaos: bool = False, **settings_kw: Any) -> dict[str, Any]:
    """Run the monkey in this process; return every figure (``status`` 0 or 1).

    ``chaos``: the content and assets are a temporary copy that a live update watches, and file
    chaos (chaos.py) runs between the input events."""
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QtMsgType, Qt, qInstallMessageHandler

    from ..app import attach_mode, build_shell, qt_environment, shutdown

    qt_environment()
    QApplication.setAttribute(Qt.ApplicationAttribute.AA_SynthesizeMouseForUnhandledTouchEvents, True)
    app = QApplication.instance() or QApplication(["lusong-kiosk-soak"])
    sequence = make_events(events, seed, mode)
    seq_hash = sequence_hash(sequence)

    exceptions: list[str] = []
    qt_warnings: Counter[str] = Counter()

    def on_exception(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        exceptions.append("".join(traceback.format_exception(exc_type, exc, tb)))

    def on_message(msg_type: QtMsgType, _context: QMessageLogContext, message: str) -> None:
        if msg_type in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
            qt_warnings[str(message)[:300]] += 1

    files = live = None
    chaos_seq: list[list[tuple[Any, ...]]] = [[] for _ in sequence]
    if chaos:
        from .chaos import Chaos, chaos_events
        from ..content import default_dirs

        files = Chaos(content or default_dirs()[0], assets or default_dirs()[1])
        content, assets = files.content, files.assets
        chaos_seq = chaos_events(len(sequence), seed)
    settings = soak_settings(mode, **({"content": str(content)} if content else {}),
                             **({"assets": str(assets)} if assets else {}), **settings_kw)
    old_hook = sys.excepthook
    sys.excepthook = on_exception
    old_handler = qInstallMessageHandler(on_message)
    counter = _LogCounter()
    logging.getLogger().addHandler(counter)
    shell = mode_obj = monkey = None
    stall, slowest, resize_stall = 0.0, "", 0.0
    labels: list[str] = []  # chart labels a visitor would have missed (ui.audit.chart_labels)
    slow: list[tuple[float, int, str, str, str]] = []  # the slowest events, with where the app was
    rss: dict[str, float] = {}
    t_start = time.monotonic()
    try:
        shell = build_shell(settings)
        mode_obj = attach_mode(shell, settings)
        w, h = SIZES[0]
        shell.resize(w, h)
        shell.show()
        from ..ui.shell import build_all

        build_all(shell)  # every screen exists from the start, as after build_later in the app
        app.processEvents()
        from .. import heap

        heap.settle()  # as build_later does
        gc.collect()
        if files is not None:
            from ..live import LiveContent

            # stable_ms over chaos.HALF_PAUSE_MS: a slow copy's pause must not be taken as its end
            live = LiveContent(shell, mode_obj if mode == "kiosk" else None, files.content, files.assets,
                               poll_ms=250, debounce_ms=100, stable_ms=600, quiet_ms=300)
        rss["start"] = rss_bytes() / 1e6
        monkey = Monkey(shell, mode_obj, mode)
        for i, ev in enumerate(sequence):
            if files is not None:
                for cev in chaos_seq[i]:  # not timed: a slow copy waits on purpose
                    try:
                        files.apply(cev, monkey.wait_ms)
                    except Exception:  # noqa: BLE001 - the chaos's own failure is an exception too
                        exceptions.append(f"chaos before event {i} {cev!r}:\n{traceback.format_exc()}")
            where = f"{shell.current_target} {shell.width()}x{shell.height()}"
            t0 = time.perf_counter()
            try:
                monkey.send(ev)
                app.processEvents()
            except Exception:  # noqa: BLE001 - the monkey's own failure is an exception too
                exceptions.append(f"event {i} {ev!r}:\n{traceback.format_exc()}")
            dt = time.perf_counter() - t0
            if ev[0] == "pause" or ev[0] == "wait":
                dt = 0.0  # waiting on purpose is no stall (its events were timed by qWait's loop)
            if ev[0] == "resize":  # a screen change relays out every screen: reported on its own
                resize_stall = max(resize_stall, dt)
                dt = 0.0
            if dt > stall:
                stall, slowest = dt, f"#{i} {ev[0]}"
            if dt > 0.1:
                slow.append((dt, i, repr(ev), where, shell.current_target))
                slow = sorted(slow, reverse=True)[:10]
            if i % LABEL_CHECK_EVERY == 0:
                from ..ui.audit import chart_labels

                labels.extend(f"event {i} on {shell.current_target}: {p}" for p in chart_labels(shell, shell.ctx.lang))
            if i == len(sequence) // 2:
                gc.collect()
                rss["middle"] = rss_bytes() / 1e6
            if progress and i and i % 5000 == 0:
                print(f"  ... {i:,} events, {len(exceptions)} exceptions, RSS {rss_bytes() / 1e6:.1f} MB",
                      file=sys.stderr, flush=True)
        monkey.wait_ms(50)
        gc.collect()
        rss["end"] = rss_bytes() / 1e6
        rss.setdefault("middle", rss["end"])
        failures = list(shell.failures)
        exceptions.extend(f"screen {t!r} failed and was replaced by home (see the log)" for t in failures)
    finally:
        sys.excepthook = old_hook
        qInstallMessageHandler(old_handler)
        logging.getLogger().removeHandler(counter)
        if live is not None:
            live.stop()
        if files is not None:
            files.close()
        if shell is not None:
            if mode == "kiosk" and mode_obj is not None:
                mode_obj.allow_exit = True
            shutdown(shell, mode_obj)
    assert monkey is not None
    status = 1 if exceptions or labels or stall > max_stall_s or monkey.escaped else 0
    return {
        "mode": mode, "seed": seed, "events": len(sequence), "sequence_sha256": seq_hash,
        "seconds": round(time.monotonic() - t_start, 2),
        "kinds": dict(Counter(ev[0] for ev in sequence)),
        "exceptions": len(exceptions), "exception_tracebacks": exceptions[:10],
        "chart_label_problems": len(labels), "chart_label_examples": labels[:10],
        "qt_warnings": sum(qt_warnings.values()), "qt_warning_messages": dict(qt_warnings.most_common()),
        "log_warnings": dict(counter.counts.most_common(20)),
        "slowest_stall_ms": round(stall * 1000, 1), "slowest_event": slowest,
        "slowest_screen_change_ms": round(resize_stall * 1000, 1),
        "slowest_events": [{"ms": round(dt * 1000, 1), "index": i, "event": ev, "before": before, "after": after}
                           for dt, i, ev, before, after in slow],
        "rss_mb": {k: round(v, 1) for k, v in rss.items()},
        "escapes_refused": monkey.escapes_refused, "escaped": monkey.escaped, "reopened": monkey.reopened,
        "idle_resets": monkey.idle_resets, "attract_loops": monkey.attract_loops,
        "status": status,
        **({"chaos": {"file_ops": files.ops, "updates_applied": live.updates, "updates_refused": live.refused,
                      "loads": live.loads}} if files is not None and live is not None else {}),
    }
