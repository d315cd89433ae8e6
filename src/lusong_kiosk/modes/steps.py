"""The presentation as a flat list of steps, and the words the presenter's console shows for
them. Built from the content alone: the screen order (``Exhibition.presentation_order``), each
theme's reveal order (``Theme.step_order``), the timeline's key events, one step per honour.

No widgets here: the presenter mode turns a :class:`Step` into screen state.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..content.model import Exhibition
from ..present import format as fmt
from ..present.strings import text

if TYPE_CHECKING:  # the slides (and their charts) are imported when a slide is asked for: the
    # home's tour tile reads the plan's length before the first frame
    from ..present.slides import Slide


@dataclass(frozen=True)
class Step:
    """One press of "next": ``screen`` is a shell target (home, theme:<id>, timeline, honours);
    ``n`` the step's place on that screen (of ``of``); ``ref`` what it reveals (an id)."""

    screen: str
    n: int
    of: int
    kind: str
    ref: str = ""


def screen_steps(ex: Exhibition, screen: str) -> list[Step]:
    """The steps of one screen (at least one)."""
    refs: list[tuple[str, str]] = []
    if screen.startswith("theme:"):
        theme = ex.theme(screen[6:])
        charts = {c.id for c in theme.charts}
        stories = {s.id for s in theme.stories}
        for ref in theme.step_order():
            kind = ("headline" if ref == "headline" else "chart" if ref in charts
                    else "story" if ref in stories else "figure")
            refs.append((kind, ref))
    elif screen == "timeline":
        refs = [("event", e.id) for e in ex.key_events()]
    elif screen == "honours" and ex.honours is not None:
        refs = [("honour", h.id) for h in ex.honours.honours]
    elif screen == "home":
        refs = [("home", "")]
    if not refs:
        refs = [("screen", "")]
    return [Step(screen, i, len(refs), kind, ref) for i, (kind, ref) in enumerate(refs)]


def build_plan(ex: Exhibition) -> list[Step]:
    """Every step of the presentation, in order."""
    plan: list[Step] = []
    themes = {t.id for t in ex.themes}
    for screen in ex.presentation_order():
        if screen.startswith("theme:") and screen[6:] not in themes:
            continue
        if (screen == "timeline" and ex.timeline is None) or (screen == "honours" and ex.honours is None):
            continue
        plan.extend(screen_steps(ex, screen))
    return plan


def screen_title(ex: Exhibition, screen: str, lang: str) -> str:
    if screen.startswith("theme:"):
        return ex.theme(screen[6:]).title(lang)
    if screen == "timeline" and ex.timeline is not None:
        return ex.timeline.title(lang)
    if screen == "honours" and ex.honours is not None:
        return ex.honours.title(lang)
    return text("shell.home", lang)


def describe(ex: Exhibition, step: Step, lang: str) -> str:
    """What the step shows, in a line: e.g. "芦淞服饰产业规模 712.7 亿元"."""
    if step.kind == "home":
        return ex.title(lang)
    if step.kind == "screen":
        return screen_title(ex, step.screen, lang)
    if step.kind == "event":
        ev = next(e for e in ex.events if e.id == step.ref)
        return f"{fmt.date(ev.date, lang)} · {ev.title(lang)}"
    if step.kind == "honour":
        assert ex.honours is not None
        return next(h for h in ex.honours.honours if h.id == step.ref).title(lang)
    theme = ex.theme(step.screen[6:])
    if step.kind == "headline":
        return theme.headline(lang)
    if step.kind == "chart":
        return next(c for c in theme.charts if c.id == step.ref).title(lang)
    if step.kind == "story":
        return next(s for s in theme.stories if s.id == step.ref).title(lang)
    f = theme.figure(step.ref)
    parts = [fmt.qualifier(f.qualifier, lang)] if f.qualifier else []
    parts += [f.prefix(lang)] if f.prefix else []
    parts.append(fmt.figure_number(f, lang))
    parts += [f.unit(lang)] if f.unit else []
    return f"{f.label(lang)}  {('' if lang == 'zh' else ' ').join(parts)}"


def slide(ex: Exhibition, step: Step, lang: str) -> Slide | None:
    """The step's item at presentation scale (``ui/slides.py`` draws it), or None (home)."""
    from ..present.slides import slide_for

    return slide_for(ex, step.screen, step.kind, step.ref, lang)


def notes(ex: Exhibition, step: Step) -> tuple[str, str]:
    """The speaker notes (zh, en) for the step's screen: the theme's notes; elsewhere what the
    content says about the screen and, on the timeline and the honours, about this step (its
    text: the console already shows its title, as "now")."""
    if step.screen.startswith("theme:"):
        t = ex.theme(step.screen[6:])
        return t.notes("zh"), t.notes("en")
    if step.kind == "event":
        ev = next(e for e in ex.events if e.id == step.ref)
        intro = ex.timeline.intro if ex.timeline else None
        zh, en = (ev.text(lang) + (f"\n\n{intro(lang)}" if intro else "") for lang in ("zh", "en"))
        return zh, en
    if step.kind == "honour" and ex.honours is not None:
        h = next(h for h in ex.honours.honours if h.id == step.ref)
        zh, en = (f"{h.text(lang)}\n\n{ex.honours.intro(lang)}" for lang in ("zh", "en"))
        return zh, en
    if step.screen == "timeline" and ex.timeline is not None:
        return ex.timeline.intro("zh"), ex.timeline.intro("en")
    if step.screen == "honours" and ex.honours is not None:
        return ex.honours.intro("zh"), ex.honours.intro("en")
    themes = {lang: fmt.series([t.title(lang) for t in ex.themes], lang) for lang in ("zh", "en")}
    zh, en = (text("step.home_notes", lang, subtitle=ex.subtitle(lang), themes=themes[lang], credits=ex.credits(lang))
              for lang in ("zh", "en"))
    return zh, en
