"""The self-running tour's entries (``tour = [...]`` in exhibition.toml): how one is written and
what makes one valid. No Qt; modes/tour.py plays them.

An entry names one presenter step: ``"home"``, ``"theme:<id>#<ref>"`` (``headline`` or a figure,
chart or story id in the theme's reveal order), ``"timeline#<key event id>"`` or
``"honours#<honour id>"``. A bare screen (``"theme:industry"``) means that screen's first step.
"""

from __future__ import annotations

from collections.abc import Iterable

from .model import Honours, Theme, Timeline
from .problems import Problem, listed_once

FORMAT = "'home', 'theme:<id>#<ref>', 'timeline#<key event id>' or 'honours#<honour id>'"


def split(entry: str) -> tuple[str, str]:
    """``"theme:industry#headline"`` -> ``("theme:industry", "headline")``; no ``#``: ref ``""``."""
    screen, _, ref = entry.partition("#")
    return screen, ref


def refs_of(screen: str, themes: dict[str, Theme], timeline: Timeline | None,
            honours: Honours | None) -> tuple[str, ...] | None:
    """The step refs a screen offers, in order (the presenter's steps there); None: no such screen."""
    if screen == "home":
        return ("",)
    if screen.startswith("theme:"):
        theme = themes.get(screen[6:])
        return None if theme is None else tuple(theme.step_order())
    if screen == "timeline" and timeline is not None:
        return tuple(e.id for e in sorted((e for e in timeline.events if e.key), key=lambda e: e.sort_key))
    if screen == "honours" and honours is not None:
        return tuple(h.id for h in honours.honours)
    return None


def sound_steps(theme: Theme) -> bool:
    """Whether every step of the theme's reveal order names something of it. One that does not
    (a misspelt ``hero``, ``hero_story``, ``supporting`` or ``steps`` entry) is the theme file's
    own problem, reported there."""
    known = {"headline", *(f.id for f in theme.figures), *(c.id for c in theme.charts),
             *(s.id for s in theme.stories)}
    return set(theme.step_order()) <= known


def check(entries: Iterable[str], file: str, themes: Iterable[Theme], skip_themes: set[str] | None,
          timeline: Timeline | None, honours: Honours | None) -> list[Problem]:
    """Every entry that names no step, each with its file and field. Entries into a theme in
    ``skip_themes`` (its file failed to load; None: an unreadable theme file, id unknown) or
    whose reveal order is broken (``sound_steps``), or into a timeline / honours file that
    failed, are not judged: that file's own problems are reported already (a misspelt hero
    made every tour entry for the real hero a second problem, which offered the misspelling
    as a valid step)."""
    by_id = {t.id: t for t in themes}
    problems: list[Problem] = []
    for field, entry in listed_once(entries, file, "tour", problems):
        screen, ref = split(entry)
        tid = screen[6:] if screen.startswith("theme:") else None
        if tid is not None and tid not in by_id and (skip_themes is None or tid in skip_themes):
            continue
        if tid in by_id and not sound_steps(by_id[tid]):
            continue
        if (screen == "timeline" and timeline is None) or (screen == "honours" and honours is None):
            continue
        refs = refs_of(screen, by_id, timeline, honours)
        known = ", ".join(sorted(by_id))
        if tid is not None and tid not in by_id:
            problems.append(Problem(file, field, f"no theme with id {tid!r} (themes: {known})"))
        elif refs is None:
            problems.append(Problem(file, field, f"expected {FORMAT} (themes: {known}), got {entry!r}"))
        elif ref and ref not in refs:
            listed = ", ".join(refs[:20]) + (", …" if len(refs) > 20 else "")
            if screen == "timeline":
                why = f"{ref!r} is not a key event of the timeline (key = true); key events: {listed}"
            elif screen == "honours":
                why = f"no honour with id {ref!r} (honours: {listed})"
            else:
                why = (f"{ref!r} is not a step of {screen!r}: expected 'headline' or a figure, chart or "
                       f"story id in its reveal order ({listed})")
            problems.append(Problem(file, field, why))
    return problems
