"""What every screen shares: the UI context and the Screen base class.

The shell owns one :class:`UiContext` and hands it to every screen. A screen builds its
widgets from ``ctx.exhibition`` in the current language, starts its animations in
:meth:`Screen.enter` and stops them in :meth:`Screen.leave` (hidden screens cost nothing).

:class:`Screen` is also the whole contract the shell and the modes rely on: they call these
methods on any screen, never probe for others; a screen overrides what applies to it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QScrollArea, QWidget

from ..content.model import Exhibition
from ..fonts import FAMILY
from ..settings import Settings
from . import style

log = logging.getLogger(__name__)


@dataclass
class UiContext:
    """Shared, mutable state of the running UI (one per shell)."""

    exhibition: Exhibition
    assets_dir: Path
    settings: Settings = field(default_factory=Settings)
    family: str = FAMILY
    lang: str = "zh"
    metrics: style.Metrics = field(default_factory=lambda: style.Metrics(1.0, False))
    reduce_motion: bool = False
    text_scale: float = 1.0  # the visitor's text size (style.TEXT_STEPS), applied by style.Metrics
    high_contrast: bool = False  # the palette (style.set_palette)
    css: str = ""  # the app's style sheet for the current metrics and palette (Shell.apply_metrics)
    # the self-running tour's (length in s, steps) from modes/tour_plan, which ui may not import:
    # the app gives it (build_shell); None: the home's tour tile names no length
    tour_length: Callable[[], tuple[float, int]] | None = None

    def t(self, text) -> str:  # noqa: ANN001 - a content Text pair
        return text(self.lang)

    def ms(self, name: str) -> int:
        """A duration from settings (transition_ms, chart_ms, counter_ms, stagger_ms); 0 when motion is reduced."""
        return 0 if self.reduce_motion else int(getattr(self.settings, name))

    def other_lang(self) -> str:
        return "en" if self.lang == "zh" else "zh"


class Screen(QWidget):
    """A full-window screen in the shell.

    Navigation targets (``navigate`` signal and the shell's ``go``):
    ``home``, ``theme:<id>``, ``timeline``, ``timeline:<theme id>``, ``event:<event id>``, ``honours``.
    """

    navigate = Signal(str)
    # an item's detail was shown (visitor analytics; the timeline emits it with the event's id)
    event_opened = Signal(str)
    tour_requested = Signal()  # the self-running tour asked for (home's tour tile; modes/tour.py)
    screen_id = "screen"
    # the language and metrics this screen was last brought to (Shell.sync_screen keeps them)
    synced_lang: str | None = None
    synced_metrics: tuple | None = None
    # the area a screen's page scrolls in, for one that scrolls as a whole (home, a theme,
    # the honours): the console shows a hidden screen's picture from its top
    scroll: QScrollArea | None = None

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName(type(self).__name__)
        if ctx.css:
            # the app's sheet (and the screen's own rules, when known before its widgets are)
            # before the screen has any widgets: they are polished once, in it, as they are
            # made, and the shell's sync after the build finds the sheet in place (set on a
            # built screen, it re-polished every widget of it again)
            rules = self.planned_rules()
            if rules is not None:
                self.setProperty("own_css", rules)
            style.apply_sheet(self, ctx.css)

    # called by the shell -------------------------------------------------
    def set_language(self, lang: str) -> None:
        """Relabel every visible text in ``lang`` (ctx.lang is already set)."""

    def apply_metrics(self) -> None:
        """Fonts and sizes changed (window resized): update what a style sheet does not cover."""

    def own_rules(self) -> str | None:
        """Rules of the screen's own, after the app's sheet, for the current metrics and palette
        (the shell sets them together, one sheet per screen: ``Shell.sync_screen``); None: none."""
        return None

    def planned_rules(self) -> str | None:
        """``own_rules`` as they will be once the screen is built, for its sheet as it is made
        (None: not known before; the shell's sync then sets them on the built screen)."""
        return None

    def enter(self) -> None:
        """The screen became current: (re)start its entry animations."""

    def leave(self) -> None:
        """The screen is no longer current: stop timers and animations."""

    def finish_animations(self) -> None:
        """Jump every animation to its final state (export, reduce motion, presenter)."""

    def reset(self) -> None:
        """Back to the start state (idle reset)."""

    def title_text(self) -> str:
        """The title shown in the top bar while this screen is current."""
        return ""

    def back(self) -> bool:
        """The top bar's Back: close what the screen has open over itself (an overlay) and
        return True, so the shell stays; False (the default) lets the shell go back."""
        return False

    def open(self, target: str) -> None:
        """Show the part of the screen a navigation target names (``timeline:<theme id>``,
        ``event:<event id>``; the bare screen id too), once the screen has its real size."""

    def is_animating(self) -> bool:
        """Something on the screen moves now (the shell keeps its quiet-time work for later)."""
        return False

    # the presenter's steps (modes/presenter.py, modes/steps.py) --------------------------
    def step_ids(self) -> list[str]:
        """The ids the presenter's steps reveal on this screen, in order; none by default."""
        return []

    def show_step(self, i: int, animate: bool = True) -> None:
        """Show exactly step ``i`` of :meth:`step_ids` (step ``i`` animating in when ``animate``)."""

    def show_all(self) -> None:
        """Every step shown, at rest, as visitors see the screen (off the presenter's plan, and
        the console's picture of the next screen)."""
        last = len(self.step_ids()) - 1
        if last >= 0:
            self.show_step(last, False)
