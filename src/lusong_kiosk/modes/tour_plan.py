"""The self-running tour's plan: which steps it plays, their captions and how long it lasts,
from the content and the settings alone (no Qt: ``lusong-kiosk stats`` names the steps where
tours were left with it). modes/tour.py plays it.
"""

from __future__ import annotations

import logging

from ..content import tour as entries
from ..content.model import Exhibition
from ..settings import Settings
from . import steps as plan_mod
from .steps import Step

log = logging.getLogger(__name__)

# analytics event kinds (analytics' events table: kind, value; LEFT's value is the entry_id)
STARTED, COMPLETED, LEFT = "tour_started", "tour_completed", "tour_left"


def entry_id(step: Step) -> str:
    """How a step is written in ``tour = [...]`` (and in the analytics)."""
    return step.screen if step.kind in ("home", "screen") else f"{step.screen}#{step.ref}"


def tour_plan(ex: Exhibition) -> list[Step]:
    """The tour's steps: the content's ``tour`` (checked by ``check``: an entry naming no step
    is skipped here, logged), else the presentation's."""
    if not ex.tour:
        return plan_mod.build_plan(ex)
    plan: list[Step] = []
    for entry in ex.tour:
        screen, ref = entries.split(entry)
        try:
            found = plan_mod.screen_steps(ex, screen)
        except KeyError:
            found = []
        match = [s for s in found if s.ref == ref] if ref else found[:1]
        if match:
            plan.append(match[0])
        else:
            log.warning("tour: %r names no step; skipped", entry)
    return plan


def caption(ex: Exhibition, step: Step) -> tuple[str, str]:
    """The step's one-line caption (zh, en), from the content's own words: on a theme, its short
    title and what the step shows ("产业 · 网络主播  超过3万人")."""
    out = []
    for lang in ("zh", "en"):
        what = plan_mod.describe(ex, step, lang)
        if step.screen.startswith("theme:"):
            what = f"{ex.theme(step.screen[6:]).short_title(lang)} · {what}"
        elif step.kind in ("event", "honour"):
            what = f"{plan_mod.screen_title(ex, step.screen, lang)} · {what}"
        out.append(what)
    return out[0], out[1]


def animation_ms(step: Step, settings: Settings) -> int:
    """How long a step's own animation runs, from the settings: a figure counts up, a chart
    grows, anything else fades in (a screen transition long)."""
    if step.kind == "figure":
        return settings.counter_ms
    if step.kind == "chart":
        return settings.chart_ms
    return settings.transition_ms


def length_s(plan: list[Step], settings: Settings) -> float:
    """The tour's length in seconds, computed from the settings: each step's animation and
    reading time, and a screen transition wherever the screen changes."""
    total = 0.0
    screen = ""
    for step in plan:
        if step.screen != screen:
            total += settings.transition_ms / 1000
            screen = step.screen
        total += animation_ms(step, settings) / 1000 + settings.tour_read_s
    return total


