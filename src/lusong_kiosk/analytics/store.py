"""The analytics database: its schema, opening (a corrupt file moved aside), writing a batch,
closing visits a crash left open, and pruning old rows into daily totals.

Every change runs in one transaction (:func:`transaction`); the connection is in autocommit mode so
that each ``BEGIN IMMEDIATE`` is ours. Schema version: ``PRAGMA user_version`` (:data:`SCHEMA_VERSION`).
Times are Unix seconds; days and hours of day are local time (SQLite's ``'localtime'``, the same as
Python's). Standard library only: ``lusong-kiosk stats`` reads it without Qt.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import logging
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..logs import data_dir

log = logging.getLogger(__name__)

DB_NAME = "analytics.sqlite3"
SCHEMA_VERSION = 1
RETENTION_DAYS = 90  # raw rows older than this are aggregated into `daily` and deleted
BUSY_TIMEOUT = 2.0  # seconds the writer waits for a lock (`stats` reading at the same time)

# event kinds
HOME_TAP = "home_tap"
TIMELINE_EVENT = "timeline_event"
LANGUAGE = "language"
ACCESSIBILITY = "accessibility"

SCHEMA = """
CREATE TABLE IF NOT EXISTS visits (
    id            INTEGER PRIMARY KEY,
    started_at    REAL NOT NULL,             -- Unix time, s
    ended_at      REAL,                      -- the last touch; NULL while the visit runs
    lang          TEXT NOT NULL,             -- language at the start
    lang_end      TEXT,                      -- language at the end
    accessibility INTEGER NOT NULL DEFAULT 0, -- 1: an accessibility option was used
    mode          TEXT NOT NULL DEFAULT ''   -- kiosk or demo
);
CREATE TABLE IF NOT EXISTS views (
    id         INTEGER PRIMARY KEY,
    visit_id   INTEGER,
    screen     TEXT NOT NULL,                -- home, theme:<id>, timeline, honours
    entered_at REAL NOT NULL,
    seconds    REAL NOT NULL                 -- dwell
);
CREATE TABLE IF NOT EXISTS events (
    id       INTEGER PRIMARY KEY,
    visit_id INTEGER,
    kind     TEXT NOT NULL,                  -- home_tap, timeline_event, language, accessibility
    value    TEXT NOT NULL DEFAULT '',
    ts       REAL NOT NULL
);
-- Raw rows older than the retention period, per local day. kind: visits (count), visit_hour
-- (key: hour 00-23), visit_lang / visit_lang_end (key: language), visit_a11y, visit_len (key:
-- length in whole seconds; seconds: their exact sum), view (key: screen; seconds: dwell),
-- and every event kind (key: its value).
CREATE TABLE IF NOT EXISTS daily (
    day     TEXT NOT NULL,                   -- YYYY-MM-DD, local
    kind    TEXT NOT NULL,
    key     TEXT NOT NULL DEFAULT '',
    count   INTEGER NOT NULL,
    seconds REAL NOT NULL DEFAULT 0,
    PRIMARY KEY (day, kind, key)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS visits_started ON visits (started_at);
CREATE INDEX IF NOT EXISTS views_entered ON views (entered_at);
CREATE INDEX IF NOT EXISTS events_ts ON events (ts);
"""

DAY = "date({0}, 'unixepoch', 'localtime')"
HOUR = "strftime('%H', {0}, 'unixepoch', 'localtime')"

# A record, as queued (plain tuples: cheap to make on the GUI thread):
#   ("visit", token, started_at, lang, mode)
#   ("end", token, ended_at, lang_end, accessibility)
#   ("view", token, screen, entered_at, seconds)
#   ("event", token, kind, value, ts)
# ``token`` names a visit within this process; the writer maps it to the visit's row id.
Record = tuple[Any, ...]


class CorruptDatabase(Exception):
    """The integrity check of the database failed."""


class SchemaTooNew(Exception):
    """The database was written by a newer version of the app (left alone)."""


def default_path() -> Path:
    return data_dir() / DB_NAME


def error_name(exc: sqlite3.Error) -> str:
    """SQLite's name for the error ("SQLITE_FULL" ...), or "" for one sqlite3 did not raise itself."""
    # sqlite3 sets the attribute only on the errors it raises: a test's or a caller's own
    # sqlite3.Error has none
    return getattr(exc, "sqlite_errorname", "") or ""


def is_corrupt(exc: BaseException) -> bool:
    """Is this error a damaged or foreign file (as opposed to a lock, a full disk, a bad path)?"""
    if isinstance(exc, CorruptDatabase):
        return True
    if not isinstance(exc, sqlite3.DatabaseError):
        return False
    if error_name(exc).startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
        return True
    # "file is not a database", "database disk image is malformed": plain DatabaseError
    return type(exc) is sqlite3.DatabaseError


def move_aside(path: Path, now: float | None = None) -> Path | None:
    """Rename a corrupt database (and its journal) to ``<name>.corrupt-<YYYYmmdd-HHMMSS>``."""
    stamp = _dt.datetime.fromtimestamp(time.time() if now is None else now).strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
    try:
        os.replace(path, target)
    except OSError:
        log.exception("analytics: could not move the corrupt database %s aside", path)
        return None
    for suffix in ("-journal", "-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            try:
                os.replace(side, target.with_name(target.name + suffix))
            except OSError:
                log.warning("analytics: could not move %s aside", side)
    log.warning("analytics: the database %s was corrupt; moved to %s, starting a new one", path, target.name)
    return target


@contextlib.contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """``BEGIN IMMEDIATE`` ... ``COMMIT``; on any error (or an interrupt) roll back and re-raise.

    Immediate: the write lock is taken at the start, so a reader (`stats`) never makes a
    half-done change fail at its end.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
        conn.execute("COMMIT")
    except BaseException:
        _rollback(conn)
        raise


def _rollback(conn: sqlite3.Connection) -> None:
    try:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
    except sqlite3.Error:
        log.debug("analytics: rollback failed", exc_info=True)


def _connect(path: Path, timeout: float) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=timeout, isolation_level=None)  # autocommit; BEGIN by hand
    try:
        row = conn.execute("PRAGMA integrity_check").fetchone()
        if row is None or row[0] != "ok":
            raise CorruptDatabase(f"integrity check: {row[0] if row else 'no answer'}")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise SchemaTooNew(f"{path} has schema version {version}; this app knows {SCHEMA_VERSION}")
        if version < SCHEMA_VERSION:
            _migrate(conn, version)
        conn.execute("PRAGMA synchronous = NORMAL")
    except BaseException:
        conn.close()
        raise
    return conn


def _migrate(conn: sqlite3.Connection, version: int) -> None:
    fresh = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0
    if fresh:
        conn.execute("PRAGMA auto_vacuum = INCREMENTAL")  # only takes effect before the first table
    try:
        # one transaction (with isolation_level=None, executescript adds no COMMIT of its own)
        conn.executescript(f"BEGIN IMMEDIATE;\n{SCHEMA}\nPRAGMA user_version = {SCHEMA_VERSION};\nCOMMIT;")
        # later versions: `if version < 2: ALTER TABLE ...` here
    except BaseException:
        _rollback(conn)
        raise


def open_db(path: Path | str | None = None, timeout: float = BUSY_TIMEOUT) -> sqlite3.Connection:
    """Open (or create) the analytics database; a corrupt one is moved aside and a new one made.

    Raises sqlite3.Error / OSError when it cannot be opened at all (the caller logs and goes on),
    SchemaTooNew for a newer app's file.
    """
    path = Path(path) if path is not None else default_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return _connect(path, timeout)
    except (sqlite3.DatabaseError, CorruptDatabase) as exc:
        if not is_corrupt(exc):
            raise
        log.warning("analytics: %s is not a usable database (%s)", path, exc)
        if move_aside(path) is None:
            raise
        return _connect(path, timeout)


def write_batch(conn: sqlite3.Connection, records: Iterable[Record], tokens: dict[int, int]) -> int:
    """Write ``records`` in one transaction; return how many. ``tokens`` maps visit tokens to row
    ids and is updated only when the transaction commits."""
    new: dict[int, int] = {}

    def visit_id(token: int | None) -> int | None:
        if token is None:
            return None
        return new.get(token, tokens.get(token))

    n = 0
    with transaction(conn):
        for rec in records:
            kind = rec[0]
            if kind == "visit":
                _, token, started, lang, mode = rec
                cur = conn.execute("INSERT INTO visits (started_at, lang, mode) VALUES (?, ?, ?)",
                                   (float(started), str(lang), str(mode)))
                new[token] = int(cur.lastrowid or 0)
            elif kind == "end":
                _, token, ended, lang_end, a11y = rec
                vid = visit_id(token)
                if vid is not None:
                    conn.execute("UPDATE visits SET ended_at = ?, lang_end = ?, accessibility = ? WHERE id = ?",
                                 (float(ended), str(lang_end), int(bool(a11y)), vid))
            elif kind == "view":
                _, token, screen, entered, seconds = rec
                conn.execute("INSERT INTO views (visit_id, screen, entered_at, seconds) VALUES (?, ?, ?, ?)",
                             (visit_id(token), str(screen), float(entered), float(seconds)))
            elif kind == "event":
                _, token, ev_kind, value, ts = rec
                conn.execute("INSERT INTO events (visit_id, kind, value, ts) VALUES (?, ?, ?, ?)",
                             (visit_id(token), str(ev_kind), str(value), float(ts)))
            else:
                log.warning("analytics: unknown record %r ignored", kind)
                continue
            n += 1
    tokens.update(new)
    return n


def close_dangling(conn: sqlite3.Connection, before: float) -> int:
    """Give visits left open by a crash (started before ``before``) an end: their last record."""
    with transaction(conn):
        cur = conn.execute(
            "UPDATE visits SET ended_at = max(started_at,"
            " coalesce((SELECT max(entered_at + seconds) FROM views WHERE visit_id = visits.id), started_at),"
            " coalesce((SELECT max(ts) FROM events WHERE visit_id = visits.id), started_at)),"
            " lang_end = coalesce(lang_end, lang)"
            " WHERE ended_at IS NULL AND started_at < ?", (before,))
    return cur.rowcount


def cutoff_for(now: float, days: int) -> float:
    """Local midnight ``days`` days before ``now``: whole days are aggregated, never half of one."""
    day = _dt.datetime.fromtimestamp(now - days * 86400).date()
    return _dt.datetime.combine(day, _dt.time()).timestamp()


def prune(conn: sqlite3.Connection, now: float | None = None, days: int = RETENTION_DAYS) -> dict[str, int]:
    """Aggregate raw rows older than ``days`` days into ``daily`` and delete them (one
    transaction), then give the freed pages back to the file system. Returns rows removed."""
    cutoff = cutoff_for(time.time() if now is None else now, days)
    upsert = (" ON CONFLICT (day, kind, key) DO UPDATE SET count = count + excluded.count,"
              " seconds = seconds + excluded.seconds")
    sv, sd = DAY.format("started_at"), DAY.format("entered_at")
    old = "started_at < :cut"
    aggregates = [
        f"SELECT {sv}, 'visits', '', count(*), 0 FROM visits WHERE {old} GROUP BY 1",
        f"SELECT {sv}, 'visit_hour', {HOUR.format('started_at')}, count(*), 0 FROM visits WHERE {old} GROUP BY 1, 3",
        f"SELECT {sv}, 'visit_lang', lang, count(*), 0 FROM visits WHERE {old} GROUP BY 1, 3",
        (f"SELECT {sv}, 'visit_lang_end', coalesce(lang_end, lang), count(*), 0 FROM visits WHERE {old}"
         " GROUP BY 1, 3"),
        f"SELECT {sv}, 'visit_a11y', '', count(*), 0 FROM visits WHERE {old} AND accessibility GROUP BY 1",
        (f"SELECT {sv}, 'visit_len', CAST(round(ended_at - started_at) AS INTEGER), count(*),"
         f" total(ended_at - started_at) FROM visits WHERE {old} AND ended_at IS NOT NULL GROUP BY 1, 3"),
        f"SELECT {sd}, 'view', screen, count(*), total(seconds) FROM views WHERE entered_at < :cut GROUP BY 1, 3",
        f"SELECT {DAY.format('ts')}, kind, value, count(*), 0 FROM events WHERE ts < :cut GROUP BY 1, 2, 3",
    ]
    removed: dict[str, int] = {}
    with transaction(conn):
        for select in aggregates:
            conn.execute(f"INSERT INTO daily (day, kind, key, count, seconds) {select}{upsert}", {"cut": cutoff})
        for table, column in (("visits", "started_at"), ("views", "entered_at"), ("events", "ts")):
            removed[table] = conn.execute(f"DELETE FROM {table} WHERE {column} < ?", (cutoff,)).rowcount
    if any(removed.values()):
        conn.executescript("PRAGMA incremental_vacuum;")  # executescript steps it to the end (execute: 1 page)
        log.info("analytics: aggregated and removed %s rows older than %s", removed,
                 _dt.datetime.fromtimestamp(cutoff).date())
    return removed


