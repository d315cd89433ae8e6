"""`lusong-kiosk stats`: what the visitor analytics say, as a table, a CSV and a chart.

    lusong-kiosk stats [--since DATE] [--until DATE] [--csv FILE] [--png FILE] [--db FILE]

- Visits per day and per hour of day (local time), mean and median visit length, visits that used
  an accessibility option, language split (at the start and at the end of a visit) and switches;
  every screen with its views and total dwell (the most and least viewed, by views and by dwell),
  timeline events opened, home tiles tapped. Screens and events are named from the content (zh and
  en), and every screen / event / tile of the content is listed, also when nobody opened it.
- ``--csv FILE``: ONE tidy CSV (UTF-8 with BOM, so spreadsheets read the Chinese) with the columns
  ``table,key,name_zh,name_en,count,seconds,percent``; the ``table`` column says which table a row
  belongs to (summary, visits_per_day, visits_per_hour, language_start, language_end, screens,
  timeline_events, home_taps, accessibility) — filter or pivot on it.
- ``--png FILE``: a chart image drawn with pyqtgraph and saved with its ImageExporter (offscreen):
  visits per day, visits per hour of day and total dwell per screen, in the bundled Chinese font.

Dates are YYYY-MM-DD and inclusive; a bad date exits with 2; no visits prints
"no visits recorded" and exits with 0. The database is opened read-only (the kiosk may be running).
Days summarised by the retention (older than 90 days) come from the ``daily`` table: same counts,
visit lengths rounded to whole seconds for the median.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import logging
import os
import re
import sqlite3
import sys
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .present.strings import STRINGS, text

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
    summarized_days: int = 0  # days that come (partly) from the daily summary
    since: dt.date | None = None
    until: dt.date | None = None

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
    from .telemetry import DAY, HOUR

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
    from .telemetry import ACCESSIBILITY, HOME_TAP, LANGUAGE, TIMELINE_EVENT

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


# --- writing -------------------------------------------------------------------------------------

def duration(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    if seconds < 60:
        return f"{seconds:.1f} s"
    s = int(round(seconds))
    if s < 3600:
        return f"{s // 60} min {s % 60:02d} s"
    return f"{s // 3600} h {s % 3600 // 60:02d} min"


def plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def percent(part: int, whole: int) -> float:
    return 100.0 * part / whole if whole else 0.0


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1
               for c in text)


def pad(text: str, w: int) -> str:
    return text + " " * max(0, w - width(text))


def clip(text: str, w: int) -> str:
    if width(text) <= w:
        return text
    while text and width(text) > w - 1:
        text = text[:-1]
    return text + "…"


def _bar(n: float, top: float, w: int = 30) -> str:
    return "█" * int(round(w * n / top)) if top > 0 else ""


def _lang(code: str) -> str:
    zh, en = lang_names(code)
    return f"{zh} {en}"


def format_report(rep: Report, db: Path | str | None = None) -> str:
    out: list[str] = []
    add = out.append
    span = f"{rep.first_day} – {rep.last_day}" if rep.first_day != rep.last_day else rep.first_day
    add(f"Visitor analytics · 参观统计   {span}" + (f"   ({db})" if db else ""))
    add("")
    add(f"  Visits                 {rep.visits}")
    mean = duration(rep.mean_seconds)
    add(f"  Mean visit length      {mean}" + (f"   ({plural(rep.measured, 'visit')} with an end)"
                                               if rep.measured != rep.visits else ""))
    add(f"  Median visit length    {duration(rep.median_seconds)}")
    add(f"  Accessibility used     {plural(rep.accessibility_visits, 'visit')} "
        f"({percent(rep.accessibility_visits, rep.visits):.1f} %)")
    add(f"  Language switches      {rep.language_switches}")
    if rep.summarized_days:
        add(f"  ({rep.summarized_days} days from the summary of old data: lengths rounded to seconds)")

    add("")
    add("Visits per day")
    top = max((n for _, n in rep.per_day), default=0)
    for d, n in rep.per_day:
        add(f"  {d}  {n:>5}  {_bar(n, top)}")

    add("")
    add("Visits per hour of day")
    hours = [h for h in range(24) if rep.per_hour[h]]
    top = max(rep.per_hour)
    for h in range(min(hours), max(hours) + 1) if hours else ():
        add(f"  {h:02d}:00–{(h + 1) % 24:02d}:00  {rep.per_hour[h]:>5}  {_bar(rep.per_hour[h], top)}")

    add("")
    add("Language (visits)         at start          at end")
    for code in sorted(set(rep.lang_start) | set(rep.lang_end)):
        a, b = rep.lang_start.get(code, 0), rep.lang_end.get(code, 0)
        add(f"  {pad(_lang(code), 20)}  {a:>5} {percent(a, rep.visits):5.1f} %   "
            f"{b:>5} {percent(b, rep.visits):5.1f} %")

    name_w = 44
    add("")
    add(f"Screens{' ' * (name_w - 5)}views   total dwell   mean dwell")
    for r in rep.screens:
        add(f"  {pad(clip(r.name, name_w), name_w)}  {r.count:>5}  {duration(r.seconds):>12}  "
            f"{duration(r.seconds / r.count if r.count else None):>11}")
    most, least = rep.most_least(rep.screens, "count")
    if rep.screens:
        add(f"  Most viewed:  {_names_of(most)} ({plural(most[0].count, 'view')})")
        add(f"  Least viewed: {_names_of(least)} ({plural(least[0].count, 'view')})")
    most, least = rep.most_least(rep.screens, "seconds")
    if rep.screens:
        add(f"  Longest total dwell:  {_names_of(most)} ({duration(most[0].seconds)})")
        add(f"  Shortest total dwell: {_names_of(least)} ({duration(least[0].seconds)})")

    add("")
    opened = sum(r.count for r in rep.events)
    add(f"Timeline events opened ({opened} in all)")
    rows = rep.events
    shown = rows if len(rows) <= 2 * TOP else rows[:TOP] + [None] + rows[-TOP:]
    for r in shown:
        if r is None:
            add(f"  {'…':>5}")
            continue
        add(f"  {r.count:>5}  {clip(r.name, 70)}")
    if rows:
        most, least = rep.most_least(rows, "count")
        add(f"  Most opened:  {_names_of(most, 3)} ({most[0].count})")
        add(f"  Least opened: {_names_of(least, 3)} ({least[0].count})")

    add("")
    add("Home tiles tapped")
    for r in rep.home_taps:
        add(f"  {r.count:>5}  {clip(r.name, 70)}")
    if rep.accessibility:
        add("")
        add("Accessibility choices")
        for r in rep.accessibility:
            add(f"  {r.count:>5}  {r.key}")
    return "\n".join(out) + "\n"


def _names_of(rows: list[Row], limit: int = 4) -> str:
    if len(rows) > limit:
        return f"{len(rows)} tied: " + ", ".join(clip(r.name, 30) for r in rows[:limit - 1]) + ", …"
    return ", ".join(clip(r.name, 40) for r in rows)


def csv_rows(rep: Report) -> list[tuple[Any, ...]]:
    """The report as tidy rows (see the module docstring)."""
    def secs(x: float | None) -> str:
        return "" if x is None else f"{x:.1f}"

    rows: list[tuple[Any, ...]] = [
        ("summary", "visits", "参观次数", "visits", rep.visits, "", ""),
        ("summary", "visits_with_end", "有结束时间的参观", "visits with an end", rep.measured, "", ""),
        ("summary", "mean_length", "平均参观时长", "mean visit length", "", secs(rep.mean_seconds), ""),
        ("summary", "median_length", "参观时长中位数", "median visit length", "", secs(rep.median_seconds), ""),
        ("summary", "accessibility_visits", "使用无障碍选项的参观", "visits using accessibility",
         rep.accessibility_visits, "", f"{percent(rep.accessibility_visits, rep.visits):.1f}"),
        ("summary", "language_switches", "切换语言次数", "language switches", rep.language_switches, "", ""),
    ]
    rows += [("visits_per_day", d, d, d, n, "", "") for d, n in rep.per_day]
    rows += [("visits_per_hour", f"{h:02d}", f"{h:02d}:00", f"{h:02d}:00", n, "", "")
             for h, n in enumerate(rep.per_hour)]
    for table, counts in (("language_start", rep.lang_start), ("language_end", rep.lang_end)):
        for code in sorted(counts):
            zh, en = lang_names(code)
            rows.append((table, code, zh, en, counts[code], "", f"{percent(counts[code], rep.visits):.1f}"))
    total_views = sum(r.count for r in rep.screens)
    rows += [("screens", r.key, *r.names(), r.count, f"{r.seconds:.1f}",
              f"{percent(r.count, total_views):.1f}") for r in rep.screens]
    opened = sum(r.count for r in rep.events)
    rows += [("timeline_events", r.key, *r.names(), r.count, "", f"{percent(r.count, opened):.1f}")
             for r in rep.events]
    taps = sum(r.count for r in rep.home_taps)
    rows += [("home_taps", r.key, *r.names(), r.count, "", f"{percent(r.count, taps):.1f}")
             for r in rep.home_taps]
    rows += [("accessibility", r.key, r.key, r.key, r.count, "", "") for r in rep.accessibility]
    return rows


def write_csv(rep: Report, path: Path, kiosk_rows: Sequence[tuple[Any, ...]] = ()) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(CSV_COLUMNS)
        w.writerows(kiosk_rows)
        w.writerows(csv_rows(rep))


# --- chart ---------------------------------------------------------------------------------------

CHART_W, CHART_H = 1600, 1500


def render_png(rep: Report, path: Path, assets_dir: Path | None = None) -> None:
    """Visits per day, per hour and dwell per screen as one PNG (pyqtgraph's ImageExporter)."""
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    del app
    import pyqtgraph as pg
    from pyqtgraph.exporters import ImageExporter
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QFont, QFontMetrics

    from .content import default_dirs
    from .fonts import register_fonts

    family = register_fonts(assets_dir or default_dirs()[1])
    ink, faint, accent, accent2 = "#1d2433", "#8a93a6", "#2f6fb3", "#c8873a"

    def font(px: int, bold: bool = False) -> QFont:
        f = QFont(family)
        f.setPixelSize(px)
        f.setBold(bold)
        return f

    win = pg.GraphicsLayoutWidget()
    win.setBackground("w")
    win.resize(CHART_W, CHART_H)
    win.ci.setContentsMargins(30, 20, 40, 20)
    win.ci.setSpacing(24)

    def title(text: str, row: int, px: int = 22, bold: bool = True) -> None:
        item = pg.LabelItem("", justify="left")
        item.item.setFont(font(px, bold))
        item.item.setDefaultTextColor(pg.mkColor(ink))
        item.item.setPlainText(text)
        win.addItem(item, row=row, col=0)

    screens = sorted(rep.screens, key=lambda r: (r.seconds, r.count, -r.order))  # longest at the top
    names = [f"{r.name_zh} {r.name_en}" for r in screens]
    left_w = max([QFontMetrics(font(14)).horizontalAdvance(n) for n in names] + [40]) + 24

    def counts_axis(p: pg.PlotItem, top: int) -> None:
        step = next(s for s in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10**4, 10**5, 10**6)
                    if top / s <= 6 or s == 10**6)
        p.getAxis("left").setTicks([[(v, str(v)) for v in range(0, top + 1, step)], []])
        p.setYRange(0, max(top, 1) * 1.1, padding=0)

    def plot(row: int) -> pg.PlotItem:
        p = win.addPlot(row=row, col=0)
        p.getAxis("left").setWidth(left_w)
        p.setMenuEnabled(False)
        p.hideButtons()
        p.showGrid(x=False, y=True, alpha=0.25)
        for name in ("left", "bottom"):
            ax = p.getAxis(name)
            ax.setPen(pg.mkPen(faint))
            ax.setTextPen(pg.mkPen(ink))
            ax.setStyle(tickFont=font(14))
        return p

    span = rep.first_day if rep.first_day == rep.last_day else f"{rep.first_day} – {rep.last_day}"
    mean, median = duration(rep.mean_seconds), duration(rep.median_seconds)
    title(f"参观统计 Visitor analytics · {span}", 0, 28)
    title(f"参观 {rep.visits} 次 visits · 平均时长 mean {mean} · 中位数 median {median}", 1, 18, False)

    title("每日参观 Visits per day", 2)
    p = plot(3)
    xs = list(range(len(rep.per_day)))
    p.addItem(pg.BarGraphItem(x=xs, height=[n for _, n in rep.per_day], width=0.7,
                              brush=accent, pen=pg.mkPen(None)))
    step = max(1, len(xs) // 12)
    p.getAxis("bottom").setTicks([[(i, rep.per_day[i][0]) for i in range(0, len(xs), step)], []])
    p.setXRange(-0.6, max(0, len(xs) - 1) + 0.6, padding=0)
    counts_axis(p, max([n for _, n in rep.per_day] + [1]))

    title("每小时参观（按一天中的时段）Visits per hour of day", 4)
    p = plot(5)
    p.addItem(pg.BarGraphItem(x=list(range(24)), height=rep.per_hour, width=0.7,
                              brush=accent, pen=pg.mkPen(None)))
    p.getAxis("bottom").setTicks([[(h, f"{h:02d}") for h in range(24)], []])
    p.setXRange(-0.6, 23.6, padding=0)
    counts_axis(p, max(rep.per_hour + [1]))

    title("各页面停留总时长（分钟）Total dwell per screen (minutes)", 6)
    p = plot(7)
    minutes = [r.seconds / 60 for r in screens]
    ys = list(range(len(screens)))
    p.addItem(pg.BarGraphItem(x0=0, y=ys, height=0.65, width=minutes, brush=accent2, pen=pg.mkPen(None)))
    p.getAxis("left").setTicks([list(enumerate(names)), []])
    top = max(minutes + [1e-9])
    for i, r in enumerate(screens):
        label = pg.TextItem(f"{r.count} 次 views · {duration(r.seconds)}", color=ink, anchor=(0, 0.5))
        label.setFont(font(13))
        label.setPos(minutes[i] + top * 0.01, i)
        p.addItem(label)
    p.setXRange(0, top * 1.25 if top > 1e-9 else 1, padding=0)
    p.setYRange(-0.6, max(0, len(ys) - 1) + 0.6, padding=0)
    layout = win.ci.layout
    for row, stretch in ((3, 3), (5, 3), (7, 4)):
        layout.setRowStretchFactor(row, stretch)

    # never shown: lay the scene out at the chart's size by hand
    win.ci.setGeometry(QRectF(0, 0, CHART_W, CHART_H))
    layout.activate()
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        exporter = ImageExporter(win.ci)
        exporter.parameters()["width"] = CHART_W
        exporter.export(str(path))
    finally:
        win.close()
        win.deleteLater()
    if not path.exists():
        raise StatsError(f"could not write {path}")


# --- command -------------------------------------------------------------------------------------

def _load_exhibition(args: argparse.Namespace) -> tuple[Any, Path | None]:
    from .content import ContentError, load
    from .content import default_dirs

    content, assets = default_dirs()
    content = Path(getattr(args, "content", None) or content)
    assets = Path(getattr(args, "assets", None) or assets)
    try:
        return load(content, assets, check_font=False), assets
    except ContentError as err:
        log.warning("stats: content not readable (%d problems); showing ids instead of names", len(err.problems))
        return None, assets
    except Exception:
        log.warning("stats: content not readable; showing ids instead of names", exc_info=True)
        return None, assets


def databases(given: list[Path] | None) -> tuple[list[Path], list[str]]:
    """The database files to read and every problem with what was given. Nothing given: the data
    folder's. A folder: every ``*.sqlite3`` below it (one folder per kiosk, as collected)."""
    from .telemetry import default_path

    if not given:
        return [default_path()], []
    found: list[Path] = []
    problems: list[str] = []
    for path in map(Path, given):
        if path.is_dir():
            inside = sorted(p for p in path.rglob("*.sqlite3") if p.is_file())
            if not inside:
                problems.append(f"{path}: no *.sqlite3 database in this folder")
            found += inside
        elif path.is_file():
            found.append(path)
        elif len(given) > 1:  # one missing file alone is a kiosk that recorded nothing yet
            problems.append(f"{path}: no such database")
        else:
            found.append(path)
    return list(dict.fromkeys(p.resolve() for p in found)), problems


def kiosk_names(paths: list[Path]) -> list[str]:
    """Short, distinct names: each path below the folder they share, without ``.sqlite3``, and
    without the kiosk's own file name when every one has it (``k1/analytics.sqlite3`` -> ``k1``)."""
    from .telemetry import DB_NAME

    if len(paths) == 1:
        return [paths[0].stem]
    common = Path(os.path.commonpath([p.parent for p in paths]))
    rel = [p.relative_to(common) for p in paths]
    if all(r.name == DB_NAME and len(r.parts) > 1 for r in rel):
        rel = [r.parent for r in rel]
    return [r.with_suffix("").as_posix() if r.suffix == ".sqlite3" else r.as_posix() for r in rel]


@dataclass
class Kiosk:
    name: str
    path: Path
    report: Report


def format_kiosks(kiosks: list[Kiosk], total: Report) -> str:
    """One line per kiosk and the total: the figures that add up, then the lengths."""
    name_w = max([width(k.name) for k in kiosks] + [10])
    head = (f"  {pad('', name_w)}  {'visits':>6}  {'share':>7}  {'with an end':>11}  {'visit time':>12}  "
            f"{'mean length':>12}  {'median length':>14}  {'screen views':>12}")
    out = [f"Kiosks · 各展台   ({len(kiosks)} databases)", "", head]
    for name, rep in [(k.name, k.report) for k in kiosks] + [("Total 合计", total)]:
        if rep is total:
            out.append("  " + "-" * (width(head) - 2))
        views = sum(r.count for r in rep.screens)
        out.append(f"  {pad(name, name_w)}  {rep.visits:>6}  {percent(rep.visits, total.visits):5.1f} %  "
                   f"{rep.measured:>11}  {duration(rep.total_seconds):>12}  {duration(rep.mean_seconds):>12}  "
                   f"{duration(rep.median_seconds):>14}  {views:>12}")
    return "\n".join(out) + "\n\n"


def kiosk_csv_rows(kiosks: list[Kiosk], total: Report) -> list[tuple[Any, ...]]:
    """The ``kiosks`` table: each kiosk's visits and their seconds, then the total (they add up)."""
    rows: list[tuple[Any, ...]] = [("kiosks", k.name, k.name, k.name, k.report.visits,
                                    f"{k.report.total_seconds:.1f}", f"{percent(k.report.visits, total.visits):.1f}")
                                   for k in kiosks]
    rows.append(("kiosks", "total", "合计", "total", total.visits, f"{total.total_seconds:.1f}", "100.0"))
    return rows


def run_stats(args: argparse.Namespace) -> int:
    """The `stats` command: 0 ok (also: no visits), 1 unreadable database or output, 2 bad dates."""
    from .telemetry import SCHEMA_VERSION

    try:
        since = parse_date(args.since, "--since") if args.since else None
        until = parse_date(args.until, "--until") if args.until else None
        if since and until and since > until:
            raise ValueError(f"--since {since} is after --until {until}")
    except ValueError as exc:
        print(f"lusong-kiosk stats: error: {exc}", file=sys.stderr)
        return 2
    paths, problems = databases(args.db)
    if len(paths) == 1 and not problems and not paths[0].is_file():
        print(f"no visits recorded (no database at {paths[0]})")
        return 0
    opened: list[sqlite3.Connection] = []
    readable: dict[Path, sqlite3.Connection] = {}
    try:
        for db in paths:
            try:
                conn = connect_readonly(db)
                opened.append(conn)
                version = conn.execute("PRAGMA user_version").fetchone()[0]
            except sqlite3.Error as exc:
                problems.append(f"cannot read {db}: {exc}")
                continue
            if version == 0:  # an SQLite file, but not the kiosk's analytics
                print(f"no visits recorded ({db} holds no analytics)",
                      file=sys.stderr if len(paths) > 1 else sys.stdout)
                continue
            if version > SCHEMA_VERSION:
                print(f"note: {db} was written by a newer version (schema {version}); reading what this one knows",
                      file=sys.stderr)
            readable[db] = conn
        if problems:
            for problem in problems:
                print(f"lusong-kiosk stats: {problem}", file=sys.stderr)
            return 1
        if not readable:
            return 0
        exhibition, assets = _load_exhibition(args)
        names = dict(zip(readable, kiosk_names(list(readable))))
        try:
            rep = build_report(list(readable.values()), since, until, exhibition)
            kiosks = [Kiosk(names[db], db, build_report(conn, since, until, exhibition))
                      for db, conn in readable.items()] if len(readable) > 1 else []
        except sqlite3.Error as exc:
            print(f"lusong-kiosk stats: cannot read {', '.join(map(str, readable))}: {exc}", file=sys.stderr)
            return 1
    finally:
        for conn in opened:
            conn.close()
    if rep.visits == 0:
        when = ""
        if since or until:
            when = f" between {since or 'the start'} and {until or 'today'}"
        print(f"no visits recorded{when}")
        return 0
    if kiosks:
        sys.stdout.write(format_kiosks(kiosks, rep))
    sys.stdout.write(format_report(rep, f"{len(kiosks)} kiosks together" if kiosks else next(iter(readable))))
    try:
        if args.csv:
            write_csv(rep, Path(args.csv), kiosk_csv_rows(kiosks, rep) if kiosks else [])
            print(f"CSV: {args.csv}")
        if args.png:
            render_png(rep, Path(args.png), assets)
            print(f"chart: {args.png}")
    except (OSError, StatsError) as exc:
        print(f"lusong-kiosk stats: {exc}", file=sys.stderr)
        return 1
    return 0
