"""The rules of a theme panel a schema cannot say: the hero and its supporting figures, the
hero's story, story cards within their limits, and no figure shown twice on one panel.

Called by the loader for each theme file (``lusong-kiosk check`` lists every problem found).
"""

from __future__ import annotations

from .model import CARD_MAX_EN, CARD_MAX_ZH, Theme, card_length, fits_card
from .problems import Problem

_LIMIT = {"zh": f"{CARD_MAX_ZH} characters", "en": f"{CARD_MAX_EN} words"}
_UNIT = {"zh": "characters", "en": "words"}


def panel_problems(file: str, t: Theme) -> list[Problem]:
    """Every problem of theme ``t``'s panel structure, as (file, field, what was expected)."""
    problems: list[Problem] = []
    figs = {f.id for f in t.figures}
    stories = {s.id for s in t.stories}
    seen: set[str] = set()
    for i, fid in enumerate(t.supporting):
        field = f"supporting[{i}]"
        if fid not in figs:
            problems.append(Problem(file, field, f"no figure with id {fid!r} in this theme"))
        elif fid == t.hero:
            problems.append(Problem(file, field, f"{fid!r} is the hero already; expected another figure"))
        elif fid in seen:
            problems.append(Problem(file, field, f"{fid!r} is named twice; expected each figure once"))
        seen.add(fid)
    if t.hero_story is not None and t.hero_story not in stories:
        problems.append(Problem(file, "hero_story", f"expected the id of a story in this theme "
                                f"({', '.join(sorted(stories))}), got {t.hero_story!r}"))
    counters = {t.hero, *t.supporting}
    for i, chart in enumerate(t.charts):
        # a one-figure chart (a gauge) next to that same figure as a counter says it twice
        if len(chart.figures) == 1 and chart.figures[0] in counters:
            problems.append(Problem(file, f"charts[{i}].figures",
                                    f"this {chart.kind} only repeats {chart.figures[0]!r}, shown above it as a "
                                    "figure; show it once (drop the chart, or the figure from hero/supporting)"))
    for i, story in enumerate(t.stories):
        for lang in ("zh", "en"):
            if story.summary is not None:
                n = card_length(story.summary(lang), lang)
                if not fits_card(story.summary(lang), lang):
                    problems.append(Problem(file, f"stories[{i}].summary.{lang}",
                                            f"{n} {_UNIT[lang]}; a story card holds at most {_LIMIT[lang]}"))
            elif not fits_card(story.text(lang), lang):
                n = card_length(story.text(lang), lang)
                problems.append(Problem(file, f"stories[{i}].summary",
                                        f"the text is {n} {_UNIT[lang]} ({lang}), more than a card holds "
                                        f"({_LIMIT[lang]}); expected a summary = {{ zh = ..., en = ... }}"))
    return problems
