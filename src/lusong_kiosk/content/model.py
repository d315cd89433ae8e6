"""The exhibition as plain, immutable, typed records (no Qt, no pydantic here).

Every visible text is a :class:`Text` pair (Chinese and English). The files under
``content/`` map one-to-one onto these records. The annotations are also the rules a file must
meet (``Field(pattern=...)``, ``Items[...]``): ``schema.py`` turns them into pydantic models when
``loader.py`` checks the files; at run time they are never evaluated (see ``records.py``).
"""

from __future__ import annotations

import datetime as _dt
import math
from typing import TYPE_CHECKING, Annotated, Literal, TypeVar

from ..records import Record, record

if TYPE_CHECKING:  # only in annotations, read when checking (schema.py)
    from pydantic import Field

    # What ``Id`` and ``Items`` mean to a type checker; ``schema.py`` gives them their rules
    # when it reads these annotations (so this module never imports the schema).
    _T = TypeVar("_T")
    Id = str
    Items = tuple[_T, ...]

LANGS = ("zh", "en")
Lang = Literal["zh", "en"]

MAX_TEXT = 4000  # characters in one text (the longest shipped one has about 600)

FIRST_YEAR = 1954
LAST_YEAR = 2022

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
COLOUR_PATTERN = r"^#[0-9A-Fa-f]{6}$"
# A period: "2020", "2020-11", "2016-2020", "2022-H1"
PERIOD_PATTERN = r"^[0-9]{4}(-(0[1-9]|1[0-2]|H1|H2)|-[0-9]{4})?$"
DATE_PATTERN = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"  # ASCII digits: \d also takes "٢٠٢٠"

# A story card holds what a visitor reads in about thirty seconds (UX.md, the 3-30-3 rule); a
# longer text needs a ``summary`` within these, and the whole text opens behind "read more".
CARD_MAX_ZH = 80  # characters
CARD_MAX_EN = 50  # words


def card_length(text: str, lang: str) -> int:
    """A card text's length as its limit counts it: characters in Chinese, words in English."""
    return len(text.split()) if lang == "en" else len("".join(text.split()))


def fits_card(text: str, lang: str) -> bool:
    return card_length(text, lang) <= (CARD_MAX_EN if lang == "en" else CARD_MAX_ZH)


@record
class Text(Record):
    """A visible text in both languages."""

    zh: str
    en: str

    def __call__(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh

    def all(self) -> tuple[str, str]:
        return (self.zh, self.en)


Qualifier = Literal["over", "nearly", "under"]
# "over": 超过 / 余 / 多; "nearly": 近; "under": 不到


@record
class Figure(Record):
    """One number from the article, with everything needed to show it honestly."""

    id: Id
    value: float
    label: Text
    unit: Text | None = None
    prefix: Text | None = None  # e.g. {zh = "第", en = "No."} for a rank
    qualifier: Qualifier | None = None
    period: Annotated[str, Field(pattern=PERIOD_PATTERN)] | None = None
    section: str  # which part of the article it comes from (see exhibition.toml [[sections]])
    decimals: Annotated[int, Field(ge=0, le=4)] | None = None
    en_scale: float = 1.0  # English value = value x en_scale (亿元 -> billion yuan: 0.1)

    @property
    def precision(self) -> int:
        """Decimals to show: explicit, or as many as the stated value has (up to 2)."""
        if self.decimals is not None:
            return self.decimals
        text = f"{self.value:.4f}".rstrip("0").rstrip(".")
        return len(text.split(".")[1]) if "." in text else 0

    def display_value(self, lang: str) -> float:
        return self.value * (self.en_scale if lang == "en" else 1.0)

    def display_precision(self, lang: str) -> int:
        """Decimals in ``lang``: a scale moves the decimal point (x0.1: 712.7 -> 71.27; x100: 1.4 ->
        140), so the stated precision is kept, no more and no less."""
        if lang == "en" and self.en_scale != 1.0:
            return max(0, self.precision - math.floor(math.log10(self.en_scale)))
        return self.precision


ChartKind = Literal["bar", "donut", "gauge", "compare", "bullet"]


@record
class Chart(Record):
    """A chart draws figures of its theme; it never holds numbers of its own.

    - bar: two or more figures of the same unit, bars grow
    - donut: [part, whole]; the slice sweeps to part/whole (share computed in code)
    - gauge: [rate] in percent; the arc fills to the rate
    - compare: [before, after]; two bars and the change (computed in code)
    - bullet: [result, target]; the result as a bar, the target as a line across it

    ``share`` (donut only): the id of the figure in which the article states the share itself
    (70.1 %). The centre shows that figure as stated; part / whole, computed, is left to the
    chart's table. Named in the content rather than matched by a rule: which figure states the
    share is a reading of the article, and ``check`` can then test it (a % figure within one
    point of part / whole).
    """

    id: Id
    kind: ChartKind
    title: Text
    figures: Annotated[Items[Id], Field(min_length=1, max_length=8)]
    note: Text | None = None
    share: Id | None = None


@record
class Story(Record):
    """A story: its card shows ``summary`` (or the whole ``text`` when that fits a card, see
    CARD_MAX_ZH / CARD_MAX_EN); "read more" opens the whole text."""

    id: Id
    title: Text
    text: Text
    summary: Text | None = None
    image: str | None = None  # path inside assets/
    credit: Text | None = None  # who made the picture (required with an image: check)
    period: Annotated[str, Field(pattern=PERIOD_PATTERN)] | None = None

    def card(self, lang: str) -> str:
        """What the story's card says in ``lang``."""
        return (self.summary or self.text)(lang)

    def has_more(self) -> bool:
        """The card does not show the whole text (its "read more" opens it)."""
        return self.summary is not None and self.summary.all() != self.text.all()


@record
class Theme(Record):
    """One theme of the exhibition: its panel, its home tile and its marker in the top bar."""

    id: Id
    order: Annotated[int, Field(ge=1, le=99)]
    title: Text
    short_title: Text  # the top bar's marker: a few characters / one or two words
    tagline: Text
    headline: Text
    accent: Annotated[str, Field(pattern=COLOUR_PATTERN)]
    icon: str  # path inside assets/
    hero: Id  # the one figure a visitor should remember: twice the size on the panel, on the home tile
    # the figures beside the hero (UX.md: one thing first, three supporting items, the rest
    # one tap away): a row of counters under it; the panel's "more figures" holds the rest
    supporting: Annotated[Items[Id], Field(min_length=1, max_length=3)]
    hero_story: Id | None = None  # the story the hero figure belongs to, shown beside it
    figures: Annotated[Items[Figure], Field(min_length=4)]
    charts: Annotated[Items[Chart], Field(min_length=1, max_length=3)]
    stories: Annotated[Items[Story], Field(min_length=1, max_length=4)]
    notes: Text  # presenter's notes
    steps: Items[str] | None = None  # presenter's reveal order (ids); default derived

    def figure(self, fid: str) -> Figure:
        for f in self.figures:
            if f.id == fid:
                return f
        raise KeyError(fid)

    def hero_figure(self) -> Figure:
        return self.figure(self.hero)

    @property
    def highlights(self) -> tuple[str, ...]:
        """The figures the panel shows as counters: the hero, then the supporting ones."""
        return (self.hero, *self.supporting)

    def more_figures(self) -> list[Figure]:
        """The figures behind the panel's "more figures": neither counters nor drawn by a chart
        (a figure is shown once on a panel)."""
        shown = set(self.highlights) | {fid for c in self.charts for fid in c.figures}
        return [f for f in self.figures if f.id not in shown]

    def story(self, sid: str) -> Story:
        for s in self.stories:
            if s.id == sid:
                return s
        raise KeyError(sid)

    def other_stories(self) -> list[Story]:
        """The stories of the panel's story row: all but the hero's."""
        return [s for s in self.stories if s.id != self.hero_story]

    def chart_figures(self, chart: Chart) -> list[Figure]:
        return [self.figure(fid) for fid in chart.figures]

    def chart_share(self, chart: Chart) -> Figure | None:
        """The figure stating a donut's share as the article gives it (``Chart.share``), or None."""
        return self.figure(chart.share) if chart.share else None

    def step_order(self) -> tuple[str, ...]:
        """The presenter's reveal order: ``steps`` when given, else as the panel reads: the
        headline, the hero and its story, each supporting figure, each chart, then the other
        stories."""
        if self.steps:
            return tuple(self.steps)
        hero = (self.hero, self.hero_story) if self.hero_story else (self.hero,)
        return ("headline", *hero, *self.supporting, *(c.id for c in self.charts),
                *(s.id for s in self.other_stories()))


@record
class Event(Record):
    """A dated event; ``date`` is YYYY, YYYY-MM or YYYY-MM-DD (the article's precision)."""

    id: Id
    date: str
    title: Text
    text: Text
    theme: Id
    image: str | None = None
    credit: Text | None = None  # who made the picture (required with an image: check)
    key: bool = False  # a key event: a step in the presentation, a "jump to" candidate

    @property
    def precision(self) -> Literal["year", "month", "day"]:
        return ("year", "month", "day")[self.date.count("-")]

    @property
    def sort_key(self) -> tuple[int, int, int]:
        parts = [int(p) for p in self.date.split("-")] + [0, 0]
        return (parts[0], parts[1], parts[2])

    @property
    def year(self) -> int:
        return int(self.date[:4])

    @property
    def decimal_year(self) -> float:
        """Position on a time axis: the middle of the stated period."""
        y, m, d = self.sort_key
        if self.precision == "year":
            return y + 0.5
        if self.precision == "month":
            return y + (m - 0.5) / 12
        start = _dt.date(y, 1, 1)
        days = (_dt.date(y + 1, 1, 1) - start).days
        return y + ((_dt.date(y, m, d) - start).days + 0.5) / days


@record
class Era(Record):
    """A span of years the timeline shades and names."""

    id: Id
    start: Annotated[int, Field(ge=FIRST_YEAR, le=LAST_YEAR)]
    end: Annotated[int, Field(ge=FIRST_YEAR, le=LAST_YEAR + 1)]
    title: Text
    color: Annotated[str, Field(pattern=COLOUR_PATTERN)]


@record
class Timeline(Record):
    """The timeline screen: its eras and its dated events."""

    title: Text
    intro: Text
    eras: Annotated[Items[Era], Field(min_length=1)]
    events: Annotated[Items[Event], Field(min_length=1)]


# Who gave an honour, as the article words it: 国家/全国 (national), 全省 (provincial), 省、市
# (both, one line of the article), 全市 (city). The wall groups the honours in this order.
HONOUR_LEVELS = ("national", "provincial", "provincial-and-city", "city")
HonourLevel = Literal["national", "provincial", "provincial-and-city", "city"]


@record
class Honour(Record):
    """One honour of the roll. ``text`` says what it recognises (the wall's detail); the wall's
    card shows the title, and the year or period only where the article gives one: ``period``
    (a span such as the 13th Five-Year Plan, "2016-2020"), ``years_running`` (连续N年) or
    ``times`` (N次获评)."""

    id: Id
    title: Text
    text: Text
    level: HonourLevel
    theme: Id | None = None
    icon: str | None = None  # path inside assets/; by default the emblem of its level
    period: Annotated[str, Field(pattern=PERIOD_PATTERN)] | None = None
    years_running: Annotated[int, Field(ge=2, le=LAST_YEAR - FIRST_YEAR + 1)] | None = None
    times: Annotated[int, Field(ge=2, le=99)] | None = None
    event: Id | None = None  # a timeline event about the same matter, linked from the detail


@record
class Honours(Record):
    """The honours wall: its roll of honours."""

    title: Text
    intro: Text
    honours: Annotated[Items[Honour], Field(min_length=1)]


@record
class Section(Record):
    """A part of the source article, named in source lines."""

    id: Id
    title: Text


@record
class Source(Record):
    """The article everything shown is taken from, and its parts."""

    title: Text
    publisher: Text
    year: Annotated[int, Field(ge=FIRST_YEAR, le=2100)]
    note: Text
    sections: Annotated[Items[Section], Field(min_length=1)]


@record
class Exhibition(Record):
    """The whole exhibition: what every screen, export and check reads."""

    title: Text
    subtitle: Text
    credits: Text
    attract: Text  # the attract-loop prompt
    default_language: Lang = "zh"
    source: Source
    themes: tuple[Theme, ...] = ()
    timeline: Timeline | None = None
    honours: Honours | None = None
    # presenter's screen order: "home", "theme:<id>", "timeline", "honours"; default derived
    presentation: Items[str] | None = None
    # the self-running tour's steps, e.g. "theme:industry#headline" (content/tour.py); default: the presentation's
    tour: Items[str] | None = None

    def presentation_order(self) -> tuple[str, ...]:
        """The presenter's screens: ``presentation`` when given, else home, every theme, the
        timeline and the honours."""
        if self.presentation:
            return tuple(self.presentation)
        order = ["home", *(f"theme:{t.id}" for t in self.themes)]
        if self.timeline is not None:
            order.append("timeline")
        if self.honours is not None:
            order.append("honours")
        return tuple(order)

    def key_events(self) -> tuple[Event, ...]:
        """The timeline's key events (``key = true``) in date order: the presenter's steps there."""
        return tuple(sorted((e for e in self.events if e.key), key=lambda e: e.sort_key))

    def theme(self, tid: str) -> Theme:
        for t in self.themes:
            if t.id == tid:
                return t
        raise KeyError(tid)

    def section(self, sid: str) -> Section:
        for s in self.source.sections:
            if s.id == sid:
                return s
        raise KeyError(sid)

    @property
    def events(self) -> tuple[Event, ...]:
        return tuple(self.timeline.events) if self.timeline else ()

    def summary(self) -> dict[str, int]:
        return {
            "themes": len(self.themes),
            "figures": sum(len(t.figures) for t in self.themes),
            "charts": sum(len(t.charts) for t in self.themes),
            "stories": sum(len(t.stories) for t in self.themes),
            "events": len(self.events),
            "honours": len(self.honours.honours) if self.honours else 0,
        }
