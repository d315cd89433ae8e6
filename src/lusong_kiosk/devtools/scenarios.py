"""Bench parts 2-4 at one size, in a child process, played on the driver (``devtools/driver.py``):
the frames of each scenario, the answer to a tap or a swipe, and the memory kept over navigation
cycles."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .driver import FPS, Driver
from .figures import mb, peak_rss_bytes, rss_bytes, summary

if TYPE_CHECKING:  # annotations only: Qt and the app are imported when the bench starts
    from PySide6.QtCore import QEvent, QObject

    from ..ui.timeline.view import TimelineView


class Bench(Driver):
    """The scenarios the bench measures, on the app at one size."""

    # 2. frames -------------------------------------------------------------------------------
    def frames(self, only: str = "") -> dict[str, Any]:
        """Every scenario's figures (``only``: those whose name starts with it, e.g. "tour")."""
        shell, out = self.shell, {}
        themes = [t.id for t in shell.ctx.exhibition.themes]
        self.home()
        repeats = self.plan["entry_repeats"]

        def enter(target: str) -> None:
            for _ in range(repeats):
                self.home()
                shell.go(target, animate=False)
                self.pump()  # the screen's first frame belongs to navigation (measured there)
                self._play()
                self.drive()

        scenarios = [("home_static", self._static),
                     *((f"theme_entry:{tid}", lambda tid=tid: enter(f"theme:{tid}")) for tid in themes),
                     ("panel_transition", self._transitions), ("panel_scroll", self._scroll),
                     ("attract_loop", self._attract), ("timeline_fling", self._fling),
                     ("timeline_zoom", self._zoom), ("honours_wall", lambda: enter("honours")),
                     ("tour", self._tour)]
        for name, run in scenarios:
            if name.startswith(only):
                out[name] = self.scenario(run)
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
            self.drive(until=lambda: not shell.stage.in_transition())  # the slide, its last frame included
            shell.finish_all()
            self.settle()

    def _scroll(self) -> None:
        """A visitor dragging each theme panel down to its end and back up, at 12 px a frame at
        1080p (as far in the same time on other screens), the panel standing still otherwise."""
        from PySide6.QtCore import QCoreApplication, QEvent

        from ..ui import style

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
            page = shell.screens[f"theme:{tid}"].scroll  # the area a theme's page scrolls in (ui/base.Screen)
            assert page is not None
            bar = page.verticalScrollBar()
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

    def _timeline(self) -> TimelineView:
        self.home()
        self.shell.go("timeline", animate=False)
        self.shell.finish_all()
        self.settle()
        return self.shell.screens["timeline"].view

    def _fling(self) -> None:
        """Flings along the timeline zoomed in 4x: the kinetic scroll a finger leaves behind
        (6000 px/s at 1080p, slowing with a 0.35 s time constant to 20 px/s), forth and back."""
        from ..ui.timeline.axis import STEPS_PER_DOUBLING

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

            def each_tick(i: int, state: dict[str, float] = state) -> None:
                state["pos"] += state["v"] / FPS
                state["v"] *= math.exp(-1 / (0.35 * FPS))
                bar.setValue(int(round(state["pos"])))

            self.drive(frames=frames, each_tick=each_tick)
        view.set_step(0)
        self.home()

    def _zoom(self) -> None:
        """Pinch sweeps: every zoom step in, then out, around the middle of the view; each step
        lays the cards out again and paints."""
        from ..ui.timeline.axis import MAX_STEP

        view = self._timeline()
        steps = list(range(1, MAX_STEP + 1)) + list(range(MAX_STEP - 1, -1, -1))
        seq = steps * self.plan["zoom_rounds"]

        def each_tick(i: int) -> None:
            view.set_step(seq[i], anchor_view=view.along_len() / 2)

        self.drive(frames=len(seq), each_tick=each_tick)
        self.home()

    def _tour(self) -> None:
        """The self-running tour as a visitor watches it: each step's screen slides in, its item
        grows on the slide layer over the page and its figure counts up or its chart grows, the
        caption bar beneath; the tour's timer is wound by hand, so the reading time between steps
        (nothing moves) costs no frames. The plan's ``tour_steps`` caps the steps (0: all)."""
        from ..modes.tour import TourMode

        class HandPacer:  # the tour's one timer (modes/tour.Pacer), fired by the bench
            fn: Callable[[], None] | None = None

            def after(self, ms: int, fn: Callable[[], None]) -> None:
                self.fn = fn

            def cancel(self) -> None:
                self.fn = None

        self.home()
        pacer = HandPacer()
        tour = TourMode(self.shell, self.kiosk, pacer=pacer)
        cap = self.plan["tour_steps"]
        try:
            tour.start()
            while tour.running() and (not cap or tour.index < cap):
                self.pump()  # the step's first frame is the tour's answer; then its animations
                self.drive()
                # what did not end under the manual clock (a timer's wait) ends now
                self.shell.finish_all()
                tour.slides.finish()
                at = tour.index
                while tour.running() and tour.index == at and pacer.fn is not None:
                    fn, pacer.fn = pacer.fn, None
                    fn()  # the step's check that it is at rest, then its reading time: the next step
        finally:
            if tour.running():
                tour.pause()
                tour.leave()
            tour.deleteLater()
            tour.slides.deleteLater()
            tour.bar.deleteLater()
            tour.offer.deleteLater()
            self.home()

    # 3. navigation ---------------------------------------------------------------------------
    def _until_painted(self, key: str, timeout_s: float = 10.0) -> None:
        """Process events until the screen ``key`` (shown, its first frame pending) has been painted."""
        from PySide6.QtCore import QEvent, QObject

        seen = []

        class Watch(QObject):  # on the screen alone: an application filter would tax every event
            def eventFilter(self, obj: QObject, event: QEvent) -> bool:
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
    def cycle(self) -> None:
        """Every screen in both languages, as a visitor would go (animated, then finished)."""
        shell = self.shell
        # the visitor's touches keep the kiosk from its idle reset and attract loop (played on
        # purpose instead: attract_rounds), which its timers would otherwise start at random
        self.kiosk.idle.start()
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
        for reuse (unsettled, what glibc keeps varies from one cycle to the next, and the growth
        between two readings would measure the allocator, not a leak)."""
        from .. import heap

        self.settle()
        heap.settle()
        return rss_bytes()

    def attract_rounds(self) -> None:
        """The attract loop as the kiosk plays it between visitors, round after round until it
        has shown every theme's figures and charts (later rounds show the next ones). Played
        before both readings, so that what it keeps is in the warm-up's reading."""
        overlay = self.kiosk.attract
        themes = self.shell.ctx.exhibition.themes
        rounds = self.plan["attract_rounds"] or max([1, *(len(t.highlights) for t in themes),
                                                      *(len(t.charts) for t in themes)])
        self.home()
        overlay.start()  # its first slide
        for _ in range(rounds * (len(themes) + 1) - 1):  # each round: one slide a theme, the offer
            self.pump()
            overlay.next()
        self.shell.finish_all()
        overlay.stop()
        self.settle()

    def memory(self) -> dict[str, Any]:
        warm, more = self.plan["warmup_cycles"], self.plan["cycles"]
        for _ in range(warm):
            self.cycle()
        self.attract_rounds()
        after_warmup = self._rss_settled()
        t0 = time.perf_counter()
        for _ in range(more):
            self.cycle()
        seconds = time.perf_counter() - t0
        self.attract_rounds()
        after = self._rss_settled()
        return {"rss_start_mb": mb(self.rss_start), "rss_after_warmup_mb": mb(after_warmup),
                "rss_after_cycles_mb": mb(after), "growth_mb": round(mb(after) - mb(after_warmup), 2),
                "peak_rss_mb": mb(peak_rss_bytes()), "warmup_cycles": warm, "cycles": more,
                "cycle_ms": round(1000.0 * seconds / max(1, more), 1)}
