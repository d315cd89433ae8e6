"""The self-running tour, "3 分钟看懂芦淞 · Lusong in 3 minutes": its policy.

What it plays: the content's ``tour = [...]`` (exhibition.toml; entries as content/tour.py
writes them), or, with none, every step of the presentation (modes/steps.py). Each step is shown
at presentation scale (:meth:`TourMode.present`, the one place that decides how) with a caption
in both languages, and stays until its animation is over (``Screen.is_animating``) plus
``settings.tour_read_s``; then the next. The whole length is computed from the settings
(:func:`length_s`, modes/tour_plan.py with the plan itself), never measured.

- Started by the home screen's tour tile (``Screen.tour_requested``) or by :meth:`TourMode.start`
  (the attract loop's offer connects its ``tour_requested`` there).
- Any touch (click, key) pauses it, and presses nothing under it; the offer then says:
  continue, explore from here (the tour ends, the visitor stays on this screen as it normally
  is), or leave the tour (home).
- The kiosk's idle reset ends it. While it plays, each step tells the kiosk someone is watching
  (a step is far shorter than the idle timeout); paused, the idle countdown runs.
- Analytics: :data:`STARTED`, :data:`COMPLETED` and :data:`LEFT` (value: the entry where it was
  left) through the recorder's ``note_event`` (analytics/recorder.py).

Every wait goes through a :class:`Pacer`, which tests replace with one they fire by hand.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QWindow
from PySide6.QtWidgets import QWidget

from ..settings import Settings
from ..ui import events
from ..ui.base import Screen
from ..ui.slides import SlideLayer
from ..ui.tour import CaptionBar, PauseOffer
from ..ui.shell import Shell
from . import steps as plan_mod
from .steps import Step
from .tour_plan import COMPLETED, LEFT, STARTED, caption, entry_id, length_s, tour_plan

if TYPE_CHECKING:  # annotations only: a running app loads the module of its own mode alone
    from .demo import DemoMode
    from .kiosk import KioskMode
    from .presenter import PresenterMode

__all__ = ["COMPLETED", "LEFT", "STARTED", "Pacer", "TourMode", "attach", "caption", "entry_id", "length_s",
           "tour_plan"]

log = logging.getLogger(__name__)

POLL_MS = 100  # how often a step looks whether its animation is over
# a layout made anew asks its parent's again (posted): a pass a level; a page's deepest is three
LAYOUT_PASSES = 6
PRESSES = {QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin, QEvent.Type.TabletPress,
           QEvent.Type.MouseButtonDblClick}
FOLLOW_UPS = {QEvent.Type.MouseButtonRelease, QEvent.Type.MouseMove, QEvent.Type.TouchUpdate,
              QEvent.Type.TouchEnd, QEvent.Type.TabletRelease, QEvent.Type.TabletMove}
ENDS = {QEvent.Type.MouseButtonRelease, QEvent.Type.TouchEnd, QEvent.Type.TabletRelease}
WATCHED = PRESSES | FOLLOW_UPS | {QEvent.Type.KeyPress}


class EventNotes(Protocol):
    """What the tour records to: the analytics recorder (analytics/recorder.py, a layer above)."""

    def note_event(self, kind: str, value: str = "") -> None: ...


# timing ----------------------------------------------------------------------------------------
class Pacer(QObject):
    """The tour's one timer: ``after(ms, fn)`` calls ``fn`` once, ``ms`` from now; a new
    ``after`` or ``cancel`` drops the pending call."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._fire)
        self._fn: Callable[[], None] | None = None

    def after(self, ms: int, fn: Callable[[], None]) -> None:
        self._fn = fn
        self.timer.start(max(0, ms))

    def cancel(self) -> None:
        self.timer.stop()
        self._fn = None

    def _fire(self) -> None:
        fn, self._fn = self._fn, None
        if fn is not None:
            fn()


# the mode ---------------------------------------------------------------------------------------
class TourMode(QObject):
    """The tour's policy on a shell (kiosk and demo modes; the presenter has its own steps)."""

    started = Signal()
    completed = Signal()
    left = Signal(str)  # the entry (entry_id) where the visitor left it
    step_changed = Signal(int)

    def __init__(self, shell: Shell, kiosk: KioskMode | None = None, pacer: Pacer | None = None):
        super().__init__(shell)
        self.shell = shell
        self.kiosk = kiosk
        self.pacer = pacer or Pacer(self)
        self.plan: list[Step] = []
        self.captions: list[tuple[str, str]] = []
        self.index = -1
        self.playing = False
        self.paused = False
        self._swallowing = False
        self._shown: set[str] = set()  # screens whose steps the tour changed (shown whole again at its end)
        self._hooked: Screen | None = None
        # each step's item at presentation scale over the page, as the presenter shows it; on
        # the stage, so the caption bar below it stays clear
        self.slides = SlideLayer(shell.stage, shell.ctx)
        self.bar = CaptionBar(shell, shell.ctx)
        self.bar.height_changed.connect(self._make_room)
        self.offer = PauseOffer(shell, shell.ctx)
        self.offer.resume.connect(self.resume)
        self.offer.explore.connect(self.explore)
        self.offer.leave.connect(self.leave)
        shell.screen_changed.connect(self._hook_home)
        self._hook_home()
        if kiosk is not None:
            kiosk.idle_reset_started.connect(self.end_on_idle)

    # the entry point -----------------------------------------------------------------------
    def start(self) -> None:
        """Play the tour from its first step (the home tile; the attract loop's offer)."""
        if self.running():
            return
        ex = self.shell.ctx.exhibition
        self.plan = tour_plan(ex)
        if not self.plan:
            log.warning("tour: nothing to play")
            return
        self.captions = [caption(ex, s) for s in self.plan]
        self.playing, self.paused = True, False
        self._shown.clear()
        self.shell.set_chrome(False)  # a slide show: content only, no top bar
        events.watch(self, WATCHED)
        log.info("tour: started (%d steps, %.0f s)", len(self.plan), length_s(self.plan, self.shell.ctx.settings))
        self.started.emit()
        self._show(0)

    def running(self) -> bool:
        return self.playing

    def step(self) -> Step | None:
        return self.plan[self.index] if self.playing and 0 <= self.index < len(self.plan) else None

    # showing a step -------------------------------------------------------------------------
    def present(self, step: Step) -> Screen | None:
        """Show ``step`` large, animating in. The one place that decides how a step is shown: the
        screen shows it in place (its presenter steps) and the slide layer (ui/slides.py) brings
        it to presentation scale over the page (home: the page alone).

        Under a slide the page comes at rest, by a cut: through the layer's dim it is seen at a
        sixth of its light, in the card's margins, and its slide-in and entry motion would be
        painted at every frame of the slide's own (at 4K a third of each such frame)."""
        ctx = self.shell.ctx
        slide = plan_mod.slide(ctx.exhibition, step, ctx.lang)
        covered = slide is not None
        arriving = self.shell.current_target != step.screen
        if arriving and not self.shell.go(step.screen, push=False, animate=not covered):
            return None
        screen = self.shell.screens.get(self.shell.screen_key(step.screen))
        if screen is not None:
            # arriving, the screen's slide-in is the motion: a fade started in the same turn as
            # the screen's first show left the faded item unpainted for good (ui/reveal.py)
            screen.show_step(step.n, not arriving and not covered)
        if covered:
            self.shell.finish_all()
        self.slides.show_slide(slide, animate=True)
        settle_layout()
        return screen

    def _show(self, i: int) -> None:
        self.index = i
        step = self.plan[i]
        self._keep_awake()
        self.bar.set_step(i, len(self.plan), self.captions[i])
        self.bar.open()
        self._make_room(self.bar.height())  # first: the step is scrolled into the room left
        try:
            screen = self.present(step)
        except Exception:
            log.exception("tour: step %s failed; skipped", entry_id(step))
            screen = None
        self._shown.add(self.shell.screen_key(step.screen))
        self.step_changed.emit(i)
        self.pacer.after(POLL_MS, lambda: self._settle(screen))

    def _settle(self, screen: Screen | None) -> None:
        """The step's animation over? Then its reading time; else look again shortly."""
        if not self.playing or self.paused:
            return
        try:
            moving = (self.shell.stage.in_transition() or self.slides.is_animating()
                      or (screen is not None and screen.is_animating()))
        except Exception:
            log.exception("tour: is_animating failed")
            moving = False
        if moving:
            self.pacer.after(POLL_MS, lambda: self._settle(screen))
        else:
            self._prepare_next()
            self.pacer.after(round(self.shell.ctx.settings.tour_read_s * 1000), self._advance)

    def _prepare_next(self) -> None:
        """The next step's slide made ready while this one is read, when nothing moves: at 4K
        its type costs tens of milliseconds, which its first frames would otherwise pay."""
        if self.index + 1 >= len(self.plan):
            return
        ctx = self.shell.ctx
        try:
            self.slides.prepare(plan_mod.slide(ctx.exhibition, self.plan[self.index + 1], ctx.lang))
        except Exception:
            log.exception("tour: preparing step %s failed", entry_id(self.plan[self.index + 1]))

    def _advance(self) -> None:
        if not self.playing or self.paused:
            return
        if self.index + 1 < len(self.plan):
            self._show(self.index + 1)
        else:
            log.info("tour: completed")
            self._end()
            self.completed.emit()
            self.shell.go("home", push=False)

    # the visitor's choices --------------------------------------------------------------------
    def pause(self) -> None:
        if not self.playing or self.paused:
            return
        self.paused = True
        self.pacer.cancel()
        self.shell.finish_all()  # the step at rest under the offer
        self.slides.finish()
        self.bar.close_overlay()
        self.offer.open_for(self.captions[self.index])
        self._keep_awake()  # from now the kiosk's idle countdown runs: nobody answers, idle reset

    def resume(self) -> None:
        """Continue: the same step again for its full reading time."""
        if not self.playing or not self.paused:
            return
        self.paused = False
        self.offer.close_overlay()
        self.bar.open()
        self._keep_awake()
        self.pacer.after(round(self.shell.ctx.settings.tour_read_s * 1000), self._advance)

    def explore(self) -> None:
        """Leave the tour and stay on this screen, as a visitor normally sees it."""
        self._left()

    def leave(self) -> None:
        """Leave the tour for the home screen."""
        self._left()
        self.shell.go("home", push=False)

    def end_on_idle(self) -> None:
        """The kiosk's idle reset: the tour ends where it was (the kiosk then goes home)."""
        if self.playing:
            log.info("tour: ended by the idle reset")
            self._left()

    def _left(self) -> None:
        if not self.playing:
            return
        where = entry_id(self.plan[self.index])
        log.info("tour: left at %s", where)
        self._end()
        self.left.emit(where)

    def _end(self) -> None:
        self.playing = self.paused = False
        self._swallowing = False
        self.pacer.cancel()
        events.unwatch(self)
        self.bar.close_overlay()
        self.offer.close_overlay()
        self.slides.clear()  # explore from here: the page as a visitor sees it
        self._make_room(0)
        self.shell.set_chrome(True)
        for key in self._shown:  # every screen the tour stepped through is whole again
            screen = self.shell.screens.get(key)
            if screen is not None:
                try:
                    screen.show_all()
                except Exception:
                    log.exception("tour: show_all of %s failed", key)
        self._shown.clear()
        self.index = -1

    def _make_room(self, height: int) -> None:
        """The screens take the window above the caption bar: a step scrolled into view is never
        under it (0: the whole window again)."""
        if not self.playing:
            height = 0
        lay = self.shell.layout()
        if lay.contentsMargins().bottom() != height:
            lay.setContentsMargins(0, 0, 0, height)
            lay.activate()  # now: the step about to show is scrolled into the new room

    def _keep_awake(self) -> None:
        if self.kiosk is not None:
            self.kiosk.idle.start()  # a step is far shorter than the idle timeout

    # analytics ---------------------------------------------------------------------------------
    def record_to(self, recorder: EventNotes | None) -> None:
        """Tours started, completed and where they were left, as the visit's events (None: analytics off).

        A tour the idle reset ends is left in the visit that reset ends only if the tour was built
        before the recorder (as app.py does: the tour at start, the recorder after the first frame):
        Qt calls the slots of ``idle_reset_started`` in the order they were connected."""
        if recorder is None:
            return
        self.started.connect(lambda: recorder.note_event(STARTED))
        self.completed.connect(lambda: recorder.note_event(COMPLETED))
        self.left.connect(lambda where: recorder.note_event(LEFT, where))

    # the home tile -----------------------------------------------------------------------------
    def _hook_home(self, _target: str = "") -> None:
        """Listen to the home screen's tour tile (home is built again after a live update)."""
        home = self.shell.screens.get("home")
        if home is not None and home is not self._hooked:
            home.tour_requested.connect(self.start)
            self._hooked = home

    # input while it plays --------------------------------------------------------------------------
    def _ours(self, obj: QObject) -> bool:
        if isinstance(obj, QWidget):
            return obj.window() is self.shell
        return isinstance(obj, QWindow) and obj is self.shell.windowHandle()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        # watched only while the tour runs (ui/events.py, for WATCHED only)
        if not self._ours(obj):
            return False
        t = event.type()
        if self._swallowing and t in FOLLOW_UPS | PRESSES:  # the rest of the touch that paused the tour
            # (a touch's press made again as a mouse press included)
            if t in ENDS:
                self._swallowing = False
            return True
        if self.paused:
            return False  # the offer's buttons work as any button
        if t in PRESSES:
            self.pause()
            self._swallowing = True
            return True  # the touch that pauses presses nothing under it
        if t == QEvent.Type.KeyPress:
            self.pause()  # the key still goes on (the kiosk refuses what it must)
        return False


def settle_layout() -> None:
    """What a step's change leaves to the event loop, done before its first frame, so that
    frame paints the step once: the layouts it asks for (the page's items shown and hidden, the
    caption), which lay wrapped labels out again and repaint them, and the repaint Qt defers for
    a widget just shown (the slide's card and the page's item). Left for later they came after
    the first frame, which painted the card and the page's visible parts a second time at the
    next, and every label so painted twice was kept then (paint_cache.Still): at 4K 10-30 ms
    in each of a step's first two frames."""
    for _ in range(LAYOUT_PASSES):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.UpdateLater)


def attach(shell: Shell, mode: KioskMode | PresenterMode | DemoMode, settings: Settings) -> TourMode | None:
    """The tour on the running app where it plays (Settings.plays_tour): kiosk (ended by its
    idle reset) and demo; the presenter has its own steps."""
    if not settings.plays_tour:
        return None
    tour = TourMode(shell, mode if settings.mode == "kiosk" else None)
    if settings.mode == "kiosk":
        # the attract loop's closing offer: the kiosk ends the loop (home) first, then the tour plays
        mode.attract.tour_requested.connect(tour.start)
    return tour
