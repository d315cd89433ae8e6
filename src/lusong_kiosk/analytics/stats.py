"""`lusong-kiosk stats`: what the visitor analytics say, as a table, a CSV and a chart.

    lusong-kiosk stats [--since DATE] [--until DATE] [--csv FILE] [--png FILE] [--db FILE]

- Visits per day and per hour of day (local time), mean and median visit length, visits that used
  an accessibility option, language split (at the start and at the end of a visit) and switches;
  every screen with its views and total dwell (the most and least viewed, by views and by dwell),
  timeline events opened, home tiles tapped, and the self-running tour: started, completed, and how
  many were left at each of its steps. Screens and events are named from the content (zh and
  en), and every screen / event / tile of the content is listed, also when nobody opened it.
- ``--csv FILE``: ONE tidy CSV (UTF-8 with BOM, so spreadsheets read the Chinese) with the columns
  ``table,key,name_zh,name_en,count,seconds,percent``; the ``table`` column says which table a row
  belongs to (summary, visits_per_day, visits_per_hour, language_start, language_end, screens,
  timeline_events, home_taps, accessibility, tour, tour_left) — filter or pivot on it.
- ``--png FILE``: a chart image drawn with pyqtgraph and saved with its ImageExporter (offscreen):
  visits per day, visits per hour of day, total dwell per screen and the tour (started, completed,
  left at each step), in the bundled Chinese font.

Dates are YYYY-MM-DD and inclusive; a bad date exits with 2; no visits prints
"no visits recorded" and exits with 0. The database is opened read-only (the kiosk may be running).
Days summarised by the retention (older than 90 days) come from the ``daily`` table: same counts,
visit lengths rounded to whole seconds for the median.
"""

from __future__ import annotations

import argparse
import logging
import os
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .report import Report, StatsError, build_report, connect_readonly, parse_date
from .store import DB_NAME, SCHEMA_VERSION, default_path
from .tables import duration, format_report, pad, percent, render_png, width, write_csv

log = logging.getLogger(__name__)


def _load_exhibition(args: argparse.Namespace) -> tuple[Any, Path | None]:
    from ..content import ContentError, default_dirs, load

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
