"""The bench's driver: the app at one size in a child process, offscreen, as a museum runs it
(kiosk policy and analytics attached), with a manual 60 Hz animation clock; it steps the running
animations frame by frame, renders each frame and keeps the samples (``devtools/scenarios.py``
plays the scenarios on it)."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any

from .figures import rss_bytes, summary

FPS = 60
TICK_MS = 1000.0 / FPS


class Driver:
    """The app at one size, offscreen, with a manual animation clock."""

    def __init__(self, size: tuple[int, int], plan: dict[str, int]):
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QImage
        from PySide6.QtWidgets import QApplication

        from ..app import build_shell, qt_environment
        from ..settings import Settings

        qt_environment()
        QApplication.setAttribute(Qt.ApplicationAttribute.AA_SynthesizeMouseForUnhandledTouchEvents, True)
        self.app = QApplication.instance() or QApplication(sys.argv[:1])
        self.plan = plan
        self.size = size
        self.rss_start = rss_bytes()
        # as a museum runs it: kiosk policy and visitor analytics attached (they filter every event)
        settings = Settings(mode="kiosk")
        self.shell = build_shell(settings, size=size)
        from ..modes.kiosk import KioskMode
        from ..analytics.recorder import attach

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

    def collect(self, run: Callable[[], None]) -> dict[str, list[float]]:
        """The raw samples that ``run()`` took."""
        outer, self._raw = self._raw, {}
        try:
            run()
        finally:
            raw, self._raw = self._raw, outer
        return raw

    def drive(self, frames: int | None = None, each_tick: Callable[[int], None] | None = None,
              until: Callable[[], bool] | None = None) -> None:
        """Step every running animation of the window at 60 Hz until they end (or for
        ``frames`` ticks, or, after the first tick, until ``until()``; ``each_tick(i)`` runs
        first in each). After each step: the layout, the window's own repaint of what changed,
        and a render of the whole window."""
        from PySide6.QtCore import QAbstractAnimation, QCoreApplication, QEvent
        from shiboken6 import isValid

        started: dict = {}
        clock = 0.0
        cap = self.plan["max_frames"]
        i = 0
        while not ((frames is not None and i >= frames) or (cap and i >= cap) or (i and until and until())):
            t0 = time.perf_counter()
            if each_tick is not None:
                each_tick(i)
            for a in self._running():
                if a not in started:
                    started[a] = clock - a.currentTime()
            live = [a for a in started if isValid(a) and a.state() == QAbstractAnimation.State.Running]
            if not live and frames is None and (until is None or i):  # with until: at least one frame
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
        the frame's own cost. Why not the pooled p99: on a shared machine the neighbours slow whole
        plays at a time, so a pooled figure measures them, and an exhibition PC, which runs the
        app alone, would never see it. A frame slow in every play is slow in its best one too."""
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

    def scenario(self, run: Callable[[], None]) -> dict[str, Any]:
        return self.figures(self.collect(run))

    def pump(self) -> None:
        """One turn of the event loop, deferred deletions included (processEvents() outside
        exec() leaves them queued, and widgets would pile up as the real loop never lets them)."""
        from PySide6.QtCore import QCoreApplication, QEvent

        self.app.processEvents()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
