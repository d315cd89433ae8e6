"""A visitor report as the `stats` command shows it: a text table for the terminal, one tidy CSV
and a PNG chart (pyqtgraph, offscreen, in the bundled font)."""

from __future__ import annotations

import csv
import os
import sys
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..present.strings import both, text
from .report import CSV_COLUMNS, TOP, Report, Row, StatsError, lang_names


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
    add("")
    out += _tour_lines(rep)
    if rep.accessibility:
        add("")
        add("Accessibility choices")
        for r in rep.accessibility:
            add(f"  {r.count:>5}  {r.key}")
    return "\n".join(out) + "\n"


def _tour_lines(rep: Report) -> list[str]:
    """The self-running tour: started, completed (of those started), and where it was left,
    step by step in the tour's order."""
    left = rep.tours_left
    out = [f"Tour · {both('tour.title')}",
           f"  Started                {rep.tours_started}",
           (f"  Completed              {rep.tours_completed}   "
            f"({percent(rep.tours_completed, rep.tours_started):.1f} % of those started)"),
           f"  Left before the end    {left}   ({percent(left, rep.tours_started):.1f} %)"]
    if rep.tour_left and rep.tours_started:
        out.append("  Left at step")
        out += [f"  {r.count:>5}  {clip(r.name, 96)}" for r in rep.tour_left]
    return out


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
    left = rep.tours_left
    rows += [("tour", k, text(f"stats.csv.tour_{k}", "zh"), text(f"stats.csv.tour_{k}", "en"), n, "",
              f"{percent(n, rep.tours_started):.1f}" if k != "started" else "")
             for k, n in (("started", rep.tours_started), ("completed", rep.tours_completed), ("left", left))]
    rows += [("tour_left", r.key, *r.names(), r.count, "", f"{percent(r.count, left):.1f}") for r in rep.tour_left]
    return rows


def write_csv(rep: Report, path: Path, kiosk_rows: Sequence[tuple[Any, ...]] = ()) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(CSV_COLUMNS)
        w.writerows(kiosk_rows)
        w.writerows(csv_rows(rep))


# --- chart ---------------------------------------------------------------------------------------

CHART_W, CHART_H = 1600, 1950
TOUR_COLOUR = "#a8457a"  # the tour's bars: apart from the visits' blue and the dwell's amber
BESIDE = " "  # between a chart label's Chinese and its English


def tour_summary(rep: Report) -> str | None:
    """The tour panel's line of counts, or None when no tour was started (the panel says so)."""
    left = rep.tours_left
    if not (rep.tours_started or rep.tours_completed or left):
        return None
    fields = dict(started=rep.tours_started, completed=rep.tours_completed, left=left,
                  share=f"{percent(rep.tours_completed, rep.tours_started):.1f} %")
    return both("stats.tour.summary", sep="   ", **fields)


def tour_step(r: Row) -> str:
    """A step's label under its bar: its number in the tour, or "*" for one the content's tour
    does not have (stats.tour.gone explains the mark)."""
    return str(r.order + 1) if r.order < 10**6 else "*"


def render_png(rep: Report, path: Path, assets_dir: Path | None = None) -> tuple[int, int, int, int]:
    """Visits per day, per hour, dwell per screen and the tour as one PNG (pyqtgraph's
    ImageExporter). Returns where the tour's panel is in the image (x, y, width, height)."""
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    del app
    import pyqtgraph as pg
    from pyqtgraph.exporters import ImageExporter
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QFont, QFontMetrics

    from ..content import default_dirs
    from ..fonts import register_fonts

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

    def counts_axis(p: pg.PlotItem, top: int, axis: str = "left", room: float = 1.1) -> None:
        step = next(s for s in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10**4, 10**5, 10**6)
                    if top / s <= 6 or s == 10**6)
        p.getAxis(axis).setTicks([[(v, str(v)) for v in range(0, top + 1, step)], []])
        (p.setYRange if axis == "left" else p.setXRange)(0, max(top, 1) * room, padding=0)

    def plot(row: int, into: pg.GraphicsLayout | None = None, col: int = 0,
             axis_w: int | None = None) -> pg.PlotItem:
        p = (into or win).addPlot(row=row, col=col)
        p.getAxis("left").setWidth(axis_w or left_w)
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

    title(f"{text('tour.tile', 'zh')}「{text('tour.title', 'zh')}」 "
          f"{text('tour.tile', 'en')} “{text('tour.title', 'en')}”", 8)
    summary = tour_summary(rep)
    if summary is not None:
        title(summary, 9, 18, False)
    panel = win.addLayout(row=10, col=0)
    if summary is None:
        none = pg.LabelItem("", justify="center")
        none.item.setFont(font(22))
        none.item.setDefaultTextColor(pg.mkColor(faint))
        none.item.setPlainText(both("stats.tour.none", sep=BESIDE))
        panel.addItem(none, row=0, col=0)
    else:
        panel.setSpacing(12)

        def caption(words: str, row: int, col: int) -> None:
            item = pg.LabelItem("", justify="left")
            item.item.setFont(font(16))
            item.item.setDefaultTextColor(pg.mkColor(ink))
            item.item.setPlainText(words)
            panel.addItem(item, row=row, col=col)

        caption(both("stats.tour.counts", sep=BESIDE), 0, 0)
        caption(both("stats.tour.left_at", sep=BESIDE), 0, 1)
        # started, completed and left before the end: three bars, the longest on top
        kinds = [(both(f"stats.tour.{k}", sep=BESIDE), n) for k, n in (
            ("left", rep.tours_left), ("completed", rep.tours_completed),
            ("started", rep.tours_started))]
        names_w = max(QFontMetrics(font(14)).horizontalAdvance(k) for k, _ in kinds) + 24
        p = plot(1, panel, 0, names_w)
        counts = [n for _, n in kinds]
        p.addItem(pg.BarGraphItem(x0=0, y=[0, 1, 2], height=0.6, width=counts, brush=TOUR_COLOUR,
                                  pen=pg.mkPen(None)))
        p.getAxis("left").setTicks([[(i, k) for i, (k, _) in enumerate(kinds)], []])
        top = max(counts + [1])
        for i, n in enumerate(counts):
            label = pg.TextItem(str(n), color=ink, anchor=(0, 0.5))
            label.setFont(font(14))
            label.setPos(n + top * 0.02, i)
            p.addItem(label)
        counts_axis(p, top, "bottom", 1.2)
        p.setYRange(-0.6, 2.6, padding=0)
        # tours left at each step, in the tour's order
        p = plot(1, panel, 1, 60)
        steps = rep.tour_left
        xs = list(range(len(steps)))
        p.addItem(pg.BarGraphItem(x=xs, height=[r.count for r in steps], width=0.7, brush=TOUR_COLOUR,
                                  pen=pg.mkPen(None)))
        p.getAxis("bottom").setTicks([[(i, tour_step(r)) for i, r in enumerate(steps)], []])
        p.setXRange(-0.6, max(0, len(xs) - 1) + 0.6, padding=0)
        counts_axis(p, max([r.count for r in steps] + [1]))
        if any(tour_step(r) == "*" for r in steps):
            caption("* " + both("stats.tour.gone", sep=BESIDE), 2, 1)
        panel.layout.setColumnStretchFactor(0, 2)
        panel.layout.setColumnStretchFactor(1, 5)
    layout = win.ci.layout
    for row, stretch in ((3, 3), (5, 3), (7, 4), (10, 3)):
        layout.setRowStretchFactor(row, stretch)

    # never shown: lay the scene out at the chart's size by hand
    win.ci.setGeometry(QRectF(0, 0, CHART_W, CHART_H))
    layout.activate()
    where = panel.mapRectToScene(panel.boundingRect()).toRect()
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
    return where.x(), where.y(), where.width(), where.height()


