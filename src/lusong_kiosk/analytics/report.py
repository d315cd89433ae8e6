"""A visitor report read from one or more analytics databases (``lusong-kiosk stats``): visits per
day and per hour, visit lengths, languages, every screen's views and dwell, timeline events opened
home tiles tapped, and the self-running tour (started, completed, the step where it was left),
named from the content. The databases are read, never written (the kiosk may
be running); days the retention summarised come from the ``daily`` table.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import sqlite3
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..modes import tour_plan
from ..present.strings import STRINGS, text
from .store import ACCESSIBILITY, DAY, HOME_TAP, HOUR, LANGUAGE, TIMELINE_EVENT

log = logging.getLogger(__name__)

DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
CSV_COLUMNS = ("table", "key", "name_zh", "name_en", "count", "seconds", "percent")
TOP = 5  # events listed at each end in the table (the CSV has all)


def lang_names(code: str) -> tuple[str, str]:
    """A recorded language's names (zh, en); an unknown code as it was recorded."""
    key = f"stats.lang.{code}"
    return (text(key, "zh"), text(key, "en")) if key in STRINGS else (code, code)


class StatsError(Exception):
    """A problem to print (exit 1)."""


@dataclass
class Row:
    key: str
    name_zh: str
    name_en: str
    count: int = 0
    seconds: float = 0.0
    order: int = 10**6  # position in the content (ties sort in content order)
    prefix: str = ""  # an event's date

    @property
    def name(self) -> str:
        name = self.name_zh if self.name_zh == self.name_en else f"{self.name_zh} · {self.name_en}"
        return f"{self.prefix} {name}" if self.prefix else name

    def names(self) -> tuple[str, str]:
        """(zh, en), each with the prefix: the CSV's name columns."""
        if not self.prefix:
            return self.name_zh, self.name_en
        return f"{self.prefix} {self.name_zh}", f"{self.prefix} {self.name_en}"


@dataclass
class Report:
    visits: int = 0
    per_day: list[tuple[str, int]] = field(default_factory=list)  # every day from the first to the last
    per_hour: list[int] = field(default_factory=lambda: [0] * 24)
    measured: int = 0  # visits with an end (a running one has none)
    total_seconds: float = 0.0  # their lengths added up
    mean_seconds: float | None = None
    median_seconds: float | None = None
    accessibility_visits: int = 0
    language_switches: int = 0
    lang_start: dict[str, int] = field(default_factory=dict)
    lang_end: dict[str, int] = field(default_factory=dict)
    screens: list[Row] = field(default_factory=list)  # by views, most first
    events: list[Row] = field(default_factory=list)  # timeline events, by opens, most first
    home_taps: list[Row] = field(default_factory=list)
    accessibility: list[Row] = field(default_factory=list)  # choices
    tours_started: int = 0
    tours_completed: int = 0
    tour_left: list[Row] = field(default_factory=list)  # every step of the tour, in its order: tours left there
    summarized_days: int = 0  # days that come (partly) from the daily summary
    since: dt.date | None = None
    until: dt.date | None = None

    @property
    def tours_left(self) -> int:
        """Tours left before their end, at any step."""
        return sum(r.count for r in self.tour_left)

    @property
    def first_day(self) -> str:
        return self.per_day[0][0] if self.per_day else ""

    @property
    def last_day(self) -> str:
        return self.per_day[-1][0] if self.per_day else ""

    def most_least(self, rows: list[Row], by: str) -> tuple[list[Row], list[Row]]:
        """The rows with the highest and the lowest ``by`` (count or seconds); ties all listed."""
        if not rows:
            return [], []
        values = [getattr(r, by) for r in rows]
        hi, lo = max(values), min(values)
        return [r for r in rows if getattr(r, by) == hi], [r for r in rows if getattr(r, by) == lo]


# --- reading -------------------------------------------------------------------------------------

def parse_date(text: str, flag: str) -> dt.date:
    if not DATE.fullmatch(text or ""):
        raise ValueError(f"argument {flag}: invalid date {text!r} (expected YYYY-MM-DD, e.g. 2024-05-01)")
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise ValueError(f"argument {flag}: invalid date {text!r} ({exc})") from None


def connect_readonly(path: Path) -> sqlite3.Connection:
    uri = Path(path).resolve().as_uri() + "?mode=ro"
    return sqlite3.connect(uri, uri=True, timeout=5.0)


def weighted_median(items: list[tuple[float, int]]) -> float | None:
    """Median of values given with their counts (an even total averages the two middle ones)."""
    items = sorted((v, c) for v, c in items if c > 0)
    n = sum(c for _, c in items)
    if n == 0:
        return None

    def kth(k: int) -> float:  # 0-based
        seen = 0
        for v, c in items:
            seen += c
            if k < seen:
                return v
        return items[-1][0]

    if n % 2:
        return kth(n // 2)
    return (kth(n // 2 - 1) + kth(n // 2)) / 2


Names = dict[str, tuple[str, str, int, str]]  # key -> (zh, en, order in the content, prefix)


def _names(exhibition: Any) -> tuple[Names, Names]:
    """Screen key -> names and event id -> names, from the content."""
    screens: Names = {"home": (text("shell.home", "zh"), text("shell.home", "en"), 0, "")}
    events: Names = {}
    if exhibition is None:
        return screens, events
    for i, theme in enumerate(exhibition.themes, start=1):
        screens[f"theme:{theme.id}"] = (theme.title.zh, theme.title.en, i, "")
    n = len(screens)
    if exhibition.timeline:
        screens["timeline"] = (exhibition.timeline.title.zh, exhibition.timeline.title.en, n, "")
    if exhibition.honours:
        screens["honours"] = (exhibition.honours.title.zh, exhibition.honours.title.en, n + 1, "")
    for i, ev in enumerate(exhibition.events):
        events[ev.id] = (ev.title.zh, ev.title.en, i, ev.date)
    return screens, events


def _rows(counts: dict[str, list[float]], names: Names, with_all: bool,
          exclude: frozenset[str] = frozenset()) -> list[Row]:
    """Rows for the recorded keys (and, ``with_all``, every key of the content), most first."""
    keys = set(counts) | (set(names) - exclude if with_all else set())
    rows = []
    for key in keys:
        zh, en, order, prefix = names.get(key, (key, key, 10**6, ""))
        c, s = counts.get(key, [0, 0.0])
        rows.append(Row(key, zh, en, int(c), float(s), order, prefix))
    rows.sort(key=lambda r: (-r.count, -r.seconds, r.order, r.key))
    return rows


def build_report(conns: sqlite3.Connection | Sequence[sqlite3.Connection], since: dt.date | None = None,
                 until: dt.date | None = None, exhibition: Any = None) -> Report:
    """Every figure of the report, from the raw tables and the daily summary of one database, or
    of several (kiosks) counted as one."""
    lo = since.isoformat() if since else "0000-01-01"
    hi = until.isoformat() if until else "9999-12-31"
    rep = Report(since=since, until=until)
    per_day: Counter[str] = Counter()
    lengths: list[tuple[float, int]] = []
    views: dict[str, list[float]] = {}
    events: dict[str, dict[str, list[float]]] = {}
    summarized: set[str] = set()
    for conn in [conns] if isinstance(conns, sqlite3.Connection) else conns:
        rep.total_seconds += _read(conn, lo, hi, rep, per_day, lengths, views, events, summarized)
    rep.summarized_days = len(summarized)
    _finish(rep, per_day, lengths, views, events, exhibition)
    return rep


def _read(conn: sqlite3.Connection, lo: str, hi: str, rep: Report, per_day: Counter[str],
          lengths: list[tuple[float, int]], views: dict[str, list[float]],
          events: dict[str, dict[str, list[float]]], summarized: set[str]) -> float:
    """Add one database's rows between the days ``lo`` and ``hi`` to the totals; the seconds of
    its visits with an end."""
    total_length = 0.0
    day = DAY.format("started_at")
    for started, ended, lang, lang_end, a11y, d, h in conn.execute(
            f"SELECT started_at, ended_at, lang, coalesce(lang_end, lang), accessibility, {day},"
            f" {HOUR.format('started_at')} FROM visits WHERE {day} BETWEEN ? AND ?", (lo, hi)):
        rep.visits += 1
        per_day[d] += 1
        rep.per_hour[int(h)] += 1
        rep.lang_start[lang] = rep.lang_start.get(lang, 0) + 1
        rep.lang_end[lang_end] = rep.lang_end.get(lang_end, 0) + 1
        rep.accessibility_visits += bool(a11y)
        if ended is not None:
            length = max(0.0, ended - started)
            lengths.append((length, 1))
            total_length += length

    vday = DAY.format("entered_at")
    for screen, n, secs in conn.execute(
            f"SELECT screen, count(*), total(seconds) FROM views WHERE {vday} BETWEEN ? AND ? GROUP BY screen",
            (lo, hi)):
        acc = views.setdefault(screen, [0, 0.0])
        acc[0] += n
        acc[1] += secs
    eday = DAY.format("ts")
    for kind, value, n in conn.execute(
            f"SELECT kind, value, count(*) FROM events WHERE {eday} BETWEEN ? AND ? GROUP BY kind, value", (lo, hi)):
        events.setdefault(kind, {}).setdefault(value, [0, 0.0])[0] += n

    for d, kind, key, n, secs in conn.execute(
            "SELECT day, kind, key, count, seconds FROM daily WHERE day BETWEEN ? AND ?", (lo, hi)):
        summarized.add(d)
        if kind == "visits":
            rep.visits += n
            per_day[d] += n
        elif kind == "visit_hour":
            rep.per_hour[int(key)] += n
        elif kind == "visit_lang":
            rep.lang_start[key] = rep.lang_start.get(key, 0) + n
        elif kind == "visit_lang_end":
            rep.lang_end[key] = rep.lang_end.get(key, 0) + n
        elif kind == "visit_a11y":
            rep.accessibility_visits += n
        elif kind == "visit_len":
            lengths.append((float(key), n))
            total_length += secs
        elif kind == "view":
            acc = views.setdefault(key, [0, 0.0])
            acc[0] += n
            acc[1] += secs
        else:
            acc = events.setdefault(kind, {}).setdefault(key, [0, 0.0])
            acc[0] += n
    return total_length


def _finish(rep: Report, per_day: Counter[str], lengths: list[tuple[float, int]], views: dict[str, list[float]],
            events: dict[str, dict[str, list[float]]], exhibition: Any) -> None:
    """The report's days, lengths and named rows from the totals."""
    if per_day:
        first = dt.date.fromisoformat(min(per_day))
        last = dt.date.fromisoformat(max(per_day))
        rep.per_day = [((first + dt.timedelta(days=i)).isoformat(), per_day[(first + dt.timedelta(days=i)).isoformat()])
                       for i in range((last - first).days + 1)]
    rep.measured = sum(c for _, c in lengths)
    if rep.measured:
        rep.mean_seconds = rep.total_seconds / rep.measured
        rep.median_seconds = weighted_median(lengths)

    screen_names, event_names = _names(exhibition)
    rep.screens = _rows(views, screen_names, with_all=True)
    rep.events = _rows(events.get(TIMELINE_EVENT, {}), event_names, with_all=True)
    rep.home_taps = _rows(events.get(HOME_TAP, {}), screen_names, with_all=True, exclude=frozenset({"home"}))
    rep.accessibility = _rows(events.get(ACCESSIBILITY, {}), {}, with_all=False)
    rep.language_switches = int(sum(c for c, _ in events.get(LANGUAGE, {}).values()))
    rep.tours_started = int(sum(c for c, _ in events.get(tour_plan.STARTED, {}).values()))
    rep.tours_completed = int(sum(c for c, _ in events.get(tour_plan.COMPLETED, {}).values()))
    rep.tour_left = _tour_rows(events.get(tour_plan.LEFT, {}), exhibition)


def _tour_rows(left: dict[str, list[float]], exhibition: Any) -> list[Row]:
    """Tours left at each step: every step of the content's tour in its order (also where nobody
    left), named by its caption and numbered; a recorded step the tour no longer has comes
    after them, by its entry."""
    names: Names = {}
    if exhibition is not None:
        try:
            plan = tour_plan.tour_plan(exhibition)
            for i, step in enumerate(plan):
                zh, en = tour_plan.caption(exhibition, step)
                names[tour_plan.entry_id(step)] = (zh, en, i, f"{i + 1:>2}/{len(plan)}")
        except Exception:  # a report names what it can; the counts stand without names
            log.warning("stats: the tour's steps could not be named", exc_info=True)
    rows = _rows(left, names, with_all=True)
    rows.sort(key=lambda r: (r.order, r.key))
    return rows
