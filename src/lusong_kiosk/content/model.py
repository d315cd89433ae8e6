"""The exhibition as plain, immutable, typed data (no Qt here).

Every visible text is a :class:`Text` pair (Chinese and English). The files under
``content/`` map one-to-one onto these models; ``load.py`` reads them and ``check.py``
adds the checks that span files (ids, references, assets, dates, font coverage).
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeVar

from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, field_validator,
                      model_validator)

LANGS = ("zh", "en")
Lang = Literal["zh", "en"]

MAX_TEXT = 4000  # characters in one text (the longest shipped one has about 600)

FIRST_YEAR = 1954
LAST_YEAR = 2022

_ID = r"^[a-z0-9][a-z0-9-]*$"
Id = Annotated[str, Field(pattern=_ID, max_length=64)]

_T = TypeVar("_T")


def _as_list(v: Any) -> Any:
    return list(v) if isinstance(v, tuple) else v


# A TOML array, stored as a tuple so the model is read-only all the way down (and hashable).
# Validated as a list: pydantic's tuple validation adds a spurious "too short" error when an item
# is invalid. Accepts a list or a tuple from Python code.
if TYPE_CHECKING:
    Items = Annotated[tuple[_T, ...], "items"]
else:
    Items = Annotated[list[_T], BeforeValidator(_as_list), AfterValidator(tuple)]


class _Model(BaseModel):
    # strict: no silent "12" -> 12; extra="forbid": typos are reported; frozen: read-only model
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Text(_Model):
    """A visible text in both languages."""

    zh: str
    en: str

    @field_validator("zh", "en")
    @classmethod
    def _not_empty(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("empty text")
        if len(v) > MAX_TEXT:  # a screen shows far less; a megabyte of text would stall the layout
            raise ValueError(f"text of {len(v):,} characters; the limit is {MAX_TEXT:,}")
        return v

    def __call__(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh

    def all(self) -> tuple[str, str]:
        return (self.zh, self.en)


Qualifier = Literal["over", "nearly", "under"]
# "over": 超过 / 余 / 多; "nearly": 近; "under": 不到


# A period: "2020", "2020-11", "2016-2020", "2022-H1"
_PERIOD = r"^[0-9]{4}(-(0[1-9]|1[0-2]|H1|H2)|-[0-9]{4})?$"


class Figure(_Model):
    """One number from the article, with everything needed to show it honestly."""

    id: Id
    value: float
    label: Text
    unit: Text | None = None
    prefix: Text | None = None  # e.g. {zh = "第", en = "No."} for a rank
    qualifier: Qualifier | None = None
    period: Annotated[str, Field(pattern=_PERIOD)] | None = None
    section: str  # which part of the article it comes from (see exhibition.toml [[sections]])
    decimals: int | None = Field(default=None, ge=0, le=4)
    en_scale: float = 1.0  # English value = value x en_scale (亿元 -> billion yuan: 0.1)

    @field_validator("value", "en_scale")
    @classmethod
    def _finite(cls, v: float) -> float:
        if not math.isfinite(v):
            raise ValueError("expected a finite number")
        if abs(v) > 1e12:
            raise ValueError("number out of range (larger than 10^12)")
        return v

    @field_validator("en_scale")
    @classmethod
    def _scale(cls, v: float) -> float:
        if not 1e-6 <= v <= 1e6:  # 0 or less cannot be shown; 1e-300 would need 300 decimals
            raise ValueError(f"expected a positive scale from 0.000001 to 1000000, got {v!r}")
        return v

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
        if lang == "en" and self.en_scale != 1.0:
            return self.precision + max(0, -int(math.floor(math.log10(self.en_scale))))
        return self.precision


ChartKind = Literal["bar", "donut", "gauge", "compare"]


class Chart(_Model):
    """A chart draws figures of its theme; it never holds numbers of its own.

    - bar: two or more figures of the same unit, bars grow
    - donut: [part, whole]; the slice sweeps to part/whole (share computed in code)
    - gauge: [rate] in percent; the arc fills to the rate
    - compare: [before, after]; two bars and the change (computed in code)
    """

    id: Id
    kind: ChartKind
    title: Text
    figures: Items[Id] = Field(min_length=1, max_length=8)
    note: Text | None = None

    @model_validator(mode="after")
    def _arity(self) -> Chart:
        need = {"donut": 2, "gauge": 1, "compare": 2}.get(self.kind)
        n = len(self.figures)
        if need is not None and n != need:
            raise ValueError(f"a {self.kind} chart takes exactly {need} figure(s), got {n}")
        if self.kind == "bar" and n < 2:
            raise ValueError(f"a bar chart takes at least 2 figures, got {n}")
        return self


class Story(_Model):
    id: Id
    title: Text
    text: Text
    image: str | None = None  # path inside assets/
    period: Annotated[str, Field(pattern=_PERIOD)] | None = None


class Theme(_Model):
    id: Id
    order: int = Field(ge=1, le=99)
    title: Text
    tagline: Text
    headline: Text
    accent: Annotated[str, Field(pattern=r"^#[0-9A-Fa-f]{6}$")]
    icon: str  # path inside assets/
    highlights: Items[Id] = Field(min_length=3, max_length=6)  # the big counters
    figures: Items[Figure] = Field(min_length=4)
    charts: Items[Chart] = Field(min_length=1, max_length=3)
    stories: Items[Story] = Field(min_length=1, max_length=3)
    notes: Text  # presenter's notes
    steps: Items[str] | None = None  # presenter's reveal order (ids); default derived

    def figure(self, fid: str) -> Figure:
        for f in self.figures:
            if f.id == fid:
                return f
        raise KeyError(fid)

    def chart_figures(self, chart: Chart) -> list[Figure]:
        return [self.figure(fid) for fid in chart.figures]

    def step_order(self) -> tuple[str, ...]:
        """The presenter's reveal order: ``steps`` when given, else the headline, each highlight,
        each chart, then each story."""
        if self.steps:
            return tuple(self.steps)
        return ("headline", *self.highlights, *(c.id for c in self.charts), *(s.id for s in self.stories))


_DATE = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"  # ASCII digits: \d also takes "٢٠٢٠"


class Event(_Model):
    """A dated event; ``date`` is YYYY, YYYY-MM or YYYY-MM-DD (the article's precision)."""

    id: Id
    date: str
    title: Text
    text: Text
    theme: Id
    image: str | None = None
    key: bool = False  # a key event: a step in the presentation, a "jump to" candidate

    @field_validator("date", mode="before")
    @classmethod
    def _date(cls, v: object) -> object:
        if isinstance(v, _dt.date) and not isinstance(v, _dt.datetime):
            v = v.isoformat()  # an unquoted TOML date is fine too
        elif isinstance(v, int) and not isinstance(v, bool):
            v = str(v)  # and so is an unquoted year (date = 2021)
        if not isinstance(v, str):
            return v
        if not re.fullmatch(_DATE, v):  # fullmatch: "$" alone lets "2020\n" through
            raise ValueError(f"expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got {v!r}")
        parts = [int(p) for p in v.split("-")]
        try:
            _dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
        except ValueError:
            raise ValueError(f"not a real date: {v!r}") from None
        if not FIRST_YEAR <= parts[0] <= LAST_YEAR:
            raise ValueError(f"date {v!r} is outside {FIRST_YEAR}-{LAST_YEAR}")
        return v

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


class Era(_Model):
    id: Id
    start: int = Field(ge=FIRST_YEAR, le=LAST_YEAR)
    end: int = Field(ge=FIRST_YEAR, le=LAST_YEAR + 1)
    title: Text
    color: Annotated[str, Field(pattern=r"^#[0-9A-Fa-f]{6}$")]

    @model_validator(mode="after")
    def _order(self) -> Era:
        if self.end <= self.start:
            raise ValueError(f"end ({self.end}) must be after start ({self.start})")
        return self


class Timeline(_Model):
    title: Text
    intro: Text
    eras: Items[Era] = Field(min_length=1)
    events: Items[Event] = Field(min_length=1)


class Honour(_Model):
    id: Id
    title: Text
    text: Text
    theme: Id | None = None
    icon: str | None = None


class Honours(_Model):
    title: Text
    intro: Text
    honours: Items[Honour] = Field(min_length=1)


class Section(_Model):
    """A part of the source article, named in source lines."""

    id: Id
    title: Text


class Source(_Model):
    title: Text
    publisher: Text
    year: int = Field(ge=FIRST_YEAR, le=2100)
    note: Text
    sections: Items[Section] = Field(min_length=1)


class Exhibition(_Model):
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
