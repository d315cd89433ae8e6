"""Presenter mode: a guide walks an audience through the exhibition with a keyboard or a
presentation clicker, step by step, optionally with a console on a second screen.

One :class:`PresenterMode` owns the state — the step, the blank screen, the timer — and the
views follow its signals: the audience window (the shell and its covers) and, with two
screens, the console (``ui/console.py``). The keys, and what each asks of the mode, are
``modes/presenter_keys.py``; where the windows go, ``modes/presenter_screens.py``.

Steps: ``modes/steps.py`` flattens the content into steps (home 1; each theme its reveal order;
the timeline its key events; the honours one per card). A screen reveals its step ``i`` with
``show_step(i, animate)``, part of the contract every screen declares (``ui/base.py``), and the
step's item is brought to presentation scale on the slide layer over it (``ui/slides.py``): the
page stays where it is, dimmed behind the slide.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, QPointF, QRect, QSize, QTimer, Signal
from PySide6.QtGui import QCursor, QGuiApplication, QTouchEvent, QWindow
from PySide6.QtWidgets import QWidget

from ..present.slides import Slide
from ..present.strings import text
from ..ui import events
from ..ui.pointer import PointerDot
from ..ui.presenter_overlays import BlankCover, HelpCover, NotesCover, QuitPrompt
from ..ui.slides import SlideLayer
from ..ui.shell import Shell
from . import steps as plan_mod
from .presenter_keys import PresenterKeys, help_texts
from .presenter_screens import fill, pick_screens
from .steps import Step

if TYPE_CHECKING:
    from ..ui.console import PresenterConsole
    from ..ui.style import Metrics

log = logging.getLogger(__name__)

QUIT_PROMPT_MS = 4000
POINTER_MS = 16  # how often a held pointer follows the mouse (a frame at 60 Hz)


class PresenterMode(QObject):
    """Attach presenter policy to a shell (see the module docstring)."""

    step_changed = Signal(int)
    blank_changed = Signal(str)  # "", "black" or "white"
    timer_changed = Signal()
    overlays_changed = Signal()
    quitting = Signal()

    def __init__(self, shell: Shell, clock: Callable[[], float] | None = None):
        super().__init__(shell)
        self.shell = shell
        self.ex = shell.ctx.exhibition
        self.plan: list[Step] = plan_mod.build_plan(self.ex)
        self.index = 0
        self.off_plan = ""  # a screen reached by touch that is not in the presentation
        self.blank = ""
        self.console = None  # ui.console.PresenterConsole, with two screens
        self._driving = False
        self._clock = clock or (lambda: time.monotonic() * 1000.0)
        self._t_start = self._clock()
        self._t_accum = 0.0
        self.timer_running = True
        self._cursor_seen = None  # the mouse's last place while the pointer is held
        self._window_size: QSize | None = None  # the window F returns to (one screen)

        def metrics() -> Metrics:  # read at each paint: the text size may have changed
            return shell.ctx.metrics

        self.blank_cover = BlankCover(shell, metrics)
        self.notes_cover = NotesCover(shell, metrics, shell.ctx.family)
        self.slides = SlideLayer(shell, shell.ctx)
        self.slides.dismissed.connect(self.overlays_changed)
        self.pointer = PointerDot(shell)
        self.pointer_timer = QTimer(self)
        self.pointer_timer.setInterval(POINTER_MS)
        self.pointer_timer.timeout.connect(self._follow_cursor)
        self._help: dict[int, HelpCover] = {}
        self._quit: dict[int, QuitPrompt] = {}
        self.quit_timer = QTimer(self)
        self.quit_timer.setSingleShot(True)
        self.quit_timer.setInterval(QUIT_PROMPT_MS)
        self.quit_timer.timeout.connect(self.cancel_quit)

        shell.screen_changed.connect(self._on_screen_changed)
        shell.language_changed.connect(self._on_language)
        shell.close_guard = self._on_close
        shell.set_chrome(False)  # the audience sees the content, not the kiosk's touch controls
        self.keys = PresenterKeys(self)
        start = 0
        if shell.current_target != self.plan[0].screen:
            self.goto(start, animate=False)
        else:
            self._apply(self.plan[0], animate=False)
        log.info("presenter: %d steps on %d screens", len(self.plan), len({s.screen for s in self.plan}))

    # the plan ------------------------------------------------------------------------------
    @property
    def step(self) -> Step:
        return self.plan[self.index]

    def next_step(self) -> Step | None:
        return self.plan[self.index + 1] if self.index + 1 < len(self.plan) else None

    def next_screen(self) -> str | None:
        """The first screen after the current one in the presentation."""
        for s in self.plan[self.index + 1:]:
            if s.screen != self.step.screen:
                return s.screen
        return None

    def first_index(self, screen: str) -> int | None:
        return next((i for i, s in enumerate(self.plan) if s.screen == screen), None)

    def screen_starts(self) -> list[int]:
        return [i for i, s in enumerate(self.plan) if s.n == 0]

    def describe(self, step: Step, lang: str | None = None) -> str:
        return plan_mod.describe(self.ex, step, lang or self.shell.ctx.lang)

    def notes(self) -> tuple[str, str]:
        return plan_mod.notes(self.ex, self.step)

    def screen_title(self, screen: str, lang: str | None = None) -> str:
        return plan_mod.screen_title(self.ex, screen, lang or self.shell.ctx.lang)

    def slide_of(self, step: Step, lang: str | None = None) -> Slide | None:
        """What ``step`` shows at presentation scale (None: the page alone, e.g. home)."""
        return plan_mod.slide(self.ex, step, lang or self.shell.ctx.lang)

    def screen_steps(self) -> list[int]:
        """The plan indexes of the current screen's steps (the console's strip)."""
        return [i for i, s in enumerate(self.plan) if s.screen == self.step.screen]

    # moving --------------------------------------------------------------------------------
    def next(self) -> None:
        if self.off_plan:
            self.goto(self.index)
        elif self.index + 1 < len(self.plan):
            self.goto(self.index + 1, animate=True)

    def previous(self) -> None:
        if self.off_plan:
            self.goto(self.index, animate=False)
        elif self.index > 0:
            self.goto(self.index - 1, animate=False)

    def first(self) -> None:
        self.goto(0)

    def last(self) -> None:
        self.goto(self.screen_starts()[-1])

    def go_to_step(self, i: int) -> None:
        """Show step ``i`` complete, as a jump does (the console's strip): back from a blank."""
        self.set_blank("")
        self.goto(i, animate=False)

    def jump(self, screen: str) -> None:
        i = self.first_index(screen)
        if i is None:
            log.info("presenter: %s is not in the presentation", screen)
            return
        self.goto(i)

    @events.quiet()  # the screen, its step and the slide laid out: no event loop, so no input
    def goto(self, i: int, animate: bool = True) -> None:
        """Show step ``i``: its screen (sliding forward or back), in exactly that step's state;
        the step's own reveal animates when ``animate``."""
        i = max(0, min(i, len(self.plan) - 1))
        old = self.index
        step = self.plan[i]
        self.index = i
        self.off_plan = ""
        if self.shell.current_target != step.screen:
            direction = 1 if i > old else -1 if i < old else 0
            self._driving = True
            try:
                ok = self.shell.go(step.screen, direction=direction)
            finally:
                self._driving = False
            if not ok:
                log.warning("presenter: %s failed to open", step.screen)
                self._sync(self.shell.current_target)
                return
        self._apply(step, animate)
        self.step_changed.emit(self.index)

    def _apply(self, step: Step, animate: bool) -> None:
        screen = self.shell.screens.get(self.shell.screen_key(step.screen))
        if screen is None:
            return
        try:
            screen.show_step(step.n, animate)
            if not animate:
                screen.finish_animations()
        except Exception:
            log.exception("presenter: step %s of %s failed", step.n, step.screen)
        self._show_slide(animate)
        self._refresh_notes()

    def _show_slide(self, animate: bool) -> None:
        """The current step's item at presentation scale over the page (none off the plan)."""
        try:
            self.slides.show_slide(None if self.off_plan else self.slide_of(self.step), animate)
        except Exception:
            log.exception("presenter: the slide of %s failed", self.step)
            self.slides.clear()
        self._restack()

    def _on_screen_changed(self, target: str) -> None:
        if not self._driving:
            self._sync(target)

    def _sync(self, target: str) -> None:
        """The audience window moved without us (a tap, a swipe, a failure): follow it."""
        key = self.shell.screen_key(target)
        i = self.first_index(key)
        if i is None:
            self.off_plan = target
            self.slides.clear()
            screen = self.shell.screens.get(key)
            if screen is not None:
                screen.show_all()
        else:
            self.index, self.off_plan = i, ""
            if target == key:  # a filtered timeline or an opened event stays as the visitor made it
                self._apply(self.plan[i], animate=True)
        self._refresh_notes()
        self.step_changed.emit(self.index)

    # the audience window ---------------------------------------------------------------------
    def set_blank(self, color: str) -> None:
        """"black", "white" or "" (back to the same step)."""
        if color == self.blank:
            return
        self.blank = color
        if color:
            self.blank_cover.set_color(color)
            self.blank_cover.open()
        else:
            self.blank_cover.hide()
        self._restack()
        self.blank_changed.emit(color)

    def toggle_blank(self, color: str) -> None:
        self.set_blank("" if self.blank == color else color)

    def toggle_fullscreen(self) -> None:
        shell = self.shell
        if shell.isFullScreen():
            shell.showNormal()
            if self._window_size is not None:  # the window it opened as, centred on its screen
                frame = QRect(QPoint(0, 0), self._window_size)
                frame.moveCenter(shell.screen().availableGeometry().center())
                shell.setGeometry(frame)
        else:
            fill(shell)


    def toggle_language(self) -> None:
        self.shell.toggle_language()

    def has_console(self) -> bool:
        return self.console is not None and self.console.isVisible()

    def toggle_notes(self) -> None:
        if self.has_console():
            log.info("presenter: the notes are on the console")
            return
        if self.notes_cover.isVisible():
            self.notes_cover.hide()
        else:
            self._refresh_notes(force=True)
            self.notes_cover.open()
            self._restack()
        self.overlays_changed.emit()

    def _refresh_notes(self, force: bool = False) -> None:
        if not (force or self.notes_cover.isVisible()):
            return
        zh, en = self.notes()
        lang = self.shell.ctx.lang
        title = text("presenter.notes", lang) + f" · {self.describe(self.step)}"
        self.notes_cover.set_notes(title, zh, en)

    def _restack(self) -> None:
        """Bottom to top: the slide, notes, the pointer, blank, then the keys and the quit prompt."""
        for w in (self.slides, self.notes_cover, self.pointer, self.blank_cover, *self._help.values(),
                  *self._quit.values()):
            if w.isVisible():
                w.raise_()

    # presenter-facing covers (on the console when there is one) ------------------------------
    def presenter_host(self) -> QWidget:
        return self.console if self.has_console() else self.shell

    def help_cover(self, host: QWidget | None = None) -> HelpCover:
        host = host or self.presenter_host()
        if id(host) not in self._help:
            self._help[id(host)] = HelpCover(host, lambda: self._metrics(host), self.shell.ctx.family)
        return self._help[id(host)]

    def quit_prompt(self, host: QWidget | None = None) -> QuitPrompt:
        host = host or self.presenter_host()
        if id(host) not in self._quit:
            prompt = QuitPrompt(host, lambda: self._metrics(host), self.shell.ctx.family)
            prompt.dismissed.connect(self.cancel_quit)
            self._quit[id(host)] = prompt
        return self._quit[id(host)]

    def _metrics(self, host: QWidget) -> Metrics:
        return host.ctx.metrics if host is self.shell else self.console.metrics  # type: ignore[union-attr]

    def help_visible(self) -> bool:
        return any(h.isVisible() for h in self._help.values())

    def quit_pending(self) -> bool:
        return any(q.isVisible() for q in self._quit.values())

    def toggle_help(self) -> None:
        if self.help_visible():
            for h in self._help.values():
                h.hide()
        else:
            lang = self.shell.ctx.lang
            cover = self.help_cover()
            cover.set_rows(*help_texts(lang))
            cover.open()
            self._restack()
        self.overlays_changed.emit()

    def escape(self) -> None:
        """Close the topmost overlay; with none, ask before quitting (a second Esc quits)."""
        if self.quit_pending():
            self.quit()
        elif self.help_visible():
            self.toggle_help()
        elif self.notes_cover.isVisible():
            self.toggle_notes()
        elif self.blank:
            self.set_blank("")
        else:
            lang = self.shell.ctx.lang
            prompt = self.quit_prompt()
            prompt.set_text(text("presenter.quit", lang), text("presenter.quit_hint", lang))
            prompt.open()
            self.quit_timer.start()
            self.overlays_changed.emit()

    def cancel_quit(self) -> None:
        self.quit_timer.stop()
        for q in self._quit.values():
            q.hide()
        self.overlays_changed.emit()

    def quit(self) -> None:
        log.info("presenter: quit")
        self.cancel_quit()
        self.quitting.emit()
        self.shell.close()

    def _on_close(self) -> bool:
        """The audience window closes: the console goes with it."""
        self.keys.stop()
        if self.console is not None:
            self.console.close()
        return True

    # the timer ----------------------------------------------------------------------------
    def elapsed_ms(self) -> float:
        now = self._clock()
        return self._t_accum + (now - self._t_start if self.timer_running else 0.0)

    def toggle_timer(self) -> None:
        now = self._clock()
        if self.timer_running:
            self._t_accum += now - self._t_start
        else:
            self._t_start = now
        self.timer_running = not self.timer_running
        self.timer_changed.emit()

    def reset_timer(self) -> None:
        self._t_accum = 0.0
        self._t_start = self._clock()
        self.timer_changed.emit()

    # the pointer ---------------------------------------------------------------------------
    def pointer_held(self) -> bool:
        return self.pointer.isVisible()

    def set_pointer(self, held: bool) -> None:
        """The laser dot on the audience window while ``held`` (Z down, the console's button
        pressed); meanwhile it follows the mouse and a touch on the audience window."""
        if held == self.pointer_held():
            return
        self.pointer.set_held(held)
        if held:
            self._cursor_seen = None
            self._follow_cursor()
            self.pointer_timer.start()
            self._restack()
        else:
            self.pointer_timer.stop()
        self.overlays_changed.emit()

    def point_at(self, point: QPointF) -> None:
        """Move the pointer to ``point``, in the audience window's coordinates."""
        self.pointer.move_to(point)

    def point_at_share(self, fx: float, fy: float) -> None:
        """Move the pointer to a place given as shares (0..1) of the audience window."""
        self.point_at(QPointF(fx * self.shell.width(), fy * self.shell.height()))

    def _follow_cursor(self) -> None:
        """Where the mouse is, when it moved: over the audience window, that point; over the
        console's picture of it, the same place on the audience window."""
        pos = QCursor.pos()
        if pos == self._cursor_seen:
            return  # a still mouse leaves the dot where a touch or the console put it
        self._cursor_seen = pos
        local = self.shell.mapFromGlobal(pos)
        if self.shell.rect().contains(local) and not (self.has_console() and self.console.geometry().contains(pos)):
            self.point_at(QPointF(local))
        elif self.has_console():
            share = self.console.audience_share(pos)
            if share is not None:
                self.point_at_share(*share)

    def follow_touch(self, obj: QObject, event: QTouchEvent) -> bool:
        """A touch on the audience window moves the held pointer (and does nothing else)."""
        if not self.pointer_held() or not isinstance(obj, QWindow | QWidget) or not event.points():
            return False
        win = obj.window() if isinstance(obj, QWidget) else obj
        if win is not self.shell and win is not self.shell.windowHandle():
            return False
        self.point_at(QPointF(self.shell.mapFromGlobal(event.points()[0].globalPosition().toPoint())))
        return True

    # language ------------------------------------------------------------------------------
    def _on_language(self, lang: str) -> None:
        if self.slides.slide() is not None:
            self._show_slide(animate=False)  # the same step, in the other language
        self._refresh_notes()
        if self.help_visible():
            for h in self._help.values():
                h.set_rows(*help_texts(lang))
                h.relayout()
        if self.quit_pending():
            for q in self._quit.values():
                q.set_text(text("presenter.quit", lang), text("presenter.quit_hint", lang))


    # windows -------------------------------------------------------------------------------
    def open_console(self) -> PresenterConsole:
        """The presenter's console window (created once; shown by the caller)."""
        if self.console is None:
            from ..ui.console import PresenterConsole

            self.console = PresenterConsole(self)
        return self.console

    def show(self, size: tuple[int, int] | None = None, fullscreen: bool = True) -> None:
        """The audience full screen from the start, as every slide show does: on
        ``settings.screen`` (default: the first screen that is not the primary one, e.g. the
        projector), with two or more screens the console full screen on another. With one, the
        notes on N; ``size`` is the window F returns to (``fullscreen`` is the demo's flag: a
        presenter is full screen whatever it says)."""
        shell = self.shell
        screens = QGuiApplication.screens()
        primary = QGuiApplication.primaryScreen()
        n, c = pick_screens(len(screens), screens.index(primary) if primary in screens else 0,
                            shell.ctx.settings.screen)
        audience = screens[n]
        if c is not None:
            other = screens[c]
            shell.setScreen(audience)
            fill(shell)
            console = self.open_console()
            console.setScreen(other)
            console.apply_metrics(size=other.geometry().size())
            fill(console)
            log.info("presenter: audience on %s, console on %s", audience.name(), other.name())
            return
        w, h = size or (1600, 900)
        if size is None:
            avail = audience.availableGeometry()
            w, h = min(w, avail.width()), min(h, avail.height())
        shell.setScreen(audience)
        self._window_size = QSize(w, h)  # the window F toggles back to
        fill(shell)
        log.info("presenter: one screen, full screen; N shows the notes")
