"""How the honours wall says an honour's level and when it was given (no Qt).

The wall (ui/honours.py), its detail (ui/honour_detail.py) and the accessible names all say an
honour's level and its year, period or run of years the same way, from here.
"""

from __future__ import annotations

from ..content.model import HONOUR_LEVELS, Honour
from . import format as fmt
from .strings import text


def level_name(level: str, lang: str) -> str:
    """国家级 / National, 省级 / Provincial, 省、市两级 / Province and city, 市级 / City."""
    return text(f"honours.level.{level}", lang)


def when(honour: Honour, lang: str) -> str:
    """The year, period or run the article gives ("2016–2020年期间", "连续 14 年", "3 次获评"),
    joined; empty when it gives none (nothing is worked out from a run of years)."""
    parts = []
    if honour.period:
        parts.append(text("honours.period", lang, period=fmt.period(honour.period, lang)))
    if honour.years_running:
        parts.append(text("honours.years_running", lang, n=honour.years_running))
    if honour.times:
        parts.append(text("honours.times", lang, n=honour.times))
    return " · ".join(parts)


def by_level(honours: list[Honour] | tuple[Honour, ...]) -> list[tuple[str, list[Honour]]]:
    """The honours grouped by level, national first (``HONOUR_LEVELS``), each group in the
    article's order; levels without an honour are left out."""
    groups = [(level, [h for h in honours if h.level == level]) for level in HONOUR_LEVELS]
    return [(level, items) for level, items in groups if items]


__all__ = ["by_level", "level_name", "when"]
