"""Anonymous, offline visitor analytics in SQLite: ``data_dir()/analytics.sqlite3``.

What is recorded — no personal data, no images, no network, nothing that identifies a person:

- **visits**: when a visit started and ended, the language at its start and at its end, whether
  an accessibility option was used, and the mode (kiosk or demo);
- **views**: each screen shown during a visit (``home``, ``theme:<id>``, ``timeline``,
  ``honours``) with the time it was entered and how long it stayed (dwell, seconds);
- **events**: ``home_tap`` (a tile on the home screen, value: its target), ``timeline_event``
  (a timeline card opened, value: the event id), ``language`` (a switch, value: the new language),
  ``accessibility`` (a choice, value: ``choice=value``).

Visits. In kiosk mode a visit starts at the first touch after the idle reset (or after start-up)
and ends at the idle reset; its end is the visitor's *last* touch, i.e. the reset time minus the
idle timeout (the kiosk waits that long before resetting, and counting it would lengthen every
visit by the same amount). In demo mode there is no idle reset: a visit runs from the app's start
to its quit. Presenter mode records nothing (a talk is not a visit).

Writing never slows or breaks the exhibition. :class:`Recorder` (GUI thread) only appends small
tuples to a list; a QTimer hands the list every few seconds (and at each visit's end) to
:class:`Writer`, whose own thread owns the SQLite connection and writes each batch in one
transaction. Every sqlite or file error is logged and ignored (the batch is kept, bounded, and
tried again with the next one); a corrupt database is renamed ``analytics.sqlite3.corrupt-<time>``
and a new one started. The file stays bounded: raw rows older than ``retention_days`` (90) are
aggregated into the ``daily`` summary table and deleted, at start-up and once a day.

Schema version: ``PRAGMA user_version`` (:data:`SCHEMA_VERSION`). Times are Unix seconds; days
and hours of day are local time (SQLite's ``'localtime'``, the same as Python's).
"""

from __future__ import annotations

import datetime as _dt
import errno
import functools
import itertools
import logging
import os
import queue
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtGui import QWindow
from PySide6.QtWidgets import QWidget

from .logs import data_dir
from .ui import events

log = logging.getLogger(__name__)

DB_NAME = "analytics.sqlite3"
SCHEMA_VERSION = 1
RETENTION_DAYS = 90  # raw rows older than this are aggregated into `daily` and deleted
FLUSH_MS = 5000  # the recorder hands its records to the writer this often
PRUNE_MS = 24 * 3600 * 1000  # and asks it to prune once a day
BUSY_TIMEOUT = 2.0  # seconds the writer waits for a lock (`stats` reading at the same time)
MAX_PENDING = 20_000  # records kept in memory at most (the writer is stuck: oldest dropped)
MAX_QUEUED = 64  # batches waiting for the writer at most
CLOSE_TIMEOUT = 3.0  # seconds the app waits at quit for the last batch
LOG_EVERY = 60.0  # a repeated error is logged at most once a minute

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


def is_corrupt(exc: BaseException) -> bool:
    """Is this error a damaged or foreign file (as opposed to a lock, a full disk, a bad path)?"""
    if isinstance(exc, CorruptDatabase):
        return True
    if not isinstance(exc, sqlite3.DatabaseError):
        return False
    name = getattr(exc, "sqlite_errorname", "") or ""
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
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
    conn.execute("BEGIN IMMEDIATE")
    try:
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
        conn.execute("COMMIT")
    except BaseException:
        _rollback(conn)
        raise
    tokens.update(new)
    return n


def _rollback(conn: sqlite3.Connection) -> None:
    try:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
    except sqlite3.Error:
        log.debug("analytics: rollback failed", exc_info=True)


def close_dangling(conn: sqlite3.Connection, before: float) -> int:
    """Give visits left open by a crash (started before ``before``) an end: their last record."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        cur = conn.execute(
            "UPDATE visits SET ended_at = max(started_at,"
            " coalesce((SELECT max(entered_at + seconds) FROM views WHERE visit_id = visits.id), started_at),"
            " coalesce((SELECT max(ts) FROM events WHERE visit_id = visits.id), started_at)),"
            " lang_end = coalesce(lang_end, lang)"
            " WHERE ended_at IS NULL AND started_at < ?", (before,))
        conn.execute("COMMIT")
    except BaseException:
        _rollback(conn)
        raise
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
    conn.execute("BEGIN IMMEDIATE")
    try:
        for select in aggregates:
            conn.execute(f"INSERT INTO daily (day, kind, key, count, seconds) {select}{upsert}", {"cut": cutoff})
        for table, column in (("visits", "started_at"), ("views", "entered_at"), ("events", "ts")):
            removed[table] = conn.execute(f"DELETE FROM {table} WHERE {column} < ?", (cutoff,)).rowcount
        conn.execute("COMMIT")
    except BaseException:
        _rollback(conn)
        raise
    if any(removed.values()):
        conn.executescript("PRAGMA incremental_vacuum;")  # executescript steps it to the end (execute: 1 page)
        log.info("analytics: aggregated and removed %s rows older than %s", removed,
                 _dt.datetime.fromtimestamp(cutoff).date())
    return removed


DISK_ERRNOS = {errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EPERM, errno.ENOTDIR, errno.EDQUOT}
DISK_SQLITE = ("SQLITE_FULL", "SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_IOERR")


def disk_trouble(exc: BaseException) -> str | None:
    """What is wrong with the disk (full, read-only, not writable), or None for another error."""
    if isinstance(exc, OSError) and exc.errno in DISK_ERRNOS:
        return exc.strerror or str(exc)
    name = getattr(exc, "sqlite_errorname", "") or ""
    if isinstance(exc, sqlite3.Error) and name.startswith(DISK_SQLITE):
        return f"{exc} ({name})"
    return None


class _Throttle:
    """Log a repeated error once a minute (a read-only disk must not flood the log)."""

    def __init__(self) -> None:
        self.last: dict[str, float] = {}
        self.suppressed: dict[str, int] = {}

    def error(self, what: str, exc: BaseException) -> None:
        key = f"{what}:{type(exc).__name__}:{exc}"
        now = time.monotonic()
        if now - self.last.get(key, -LOG_EVERY) < LOG_EVERY:
            self.suppressed[key] = self.suppressed.get(key, 0) + 1
            return
        more = self.suppressed.pop(key, 0)
        self.last[key] = now
        log.warning("analytics: %s failed: %s: %s%s (ignored; the exhibition goes on)", what,
                    type(exc).__name__, exc, f" (and {more} more times)" if more else "")


class Writer:
    """The writing thread: owns the sqlite connection (made in that thread), writes each batch in
    one transaction, prunes; never raises. Its methods are called from the GUI thread and never
    block it (except :meth:`sync` and :meth:`close`, for tests and quitting)."""

    def __init__(self, path: Path | str | None = None, retention_days: int = RETENTION_DAYS,
                 busy_timeout: float = BUSY_TIMEOUT, prune_at_start: bool = True):
        self.path = Path(path) if path is not None else default_path()
        self.retention_days = retention_days
        self.busy_timeout = busy_timeout
        self.prune_at_start = prune_at_start
        self.started_at = time.time()
        self.written = 0  # records committed
        self.batches = 0  # transactions committed
        self.errors = 0  # failures logged (or throttled)
        self.dropped = 0  # records given up
        self.paused: str | None = None  # why writing waits (a full or read-only disk); None while writing
        self.thread_ids: set[int] = set()  # threads that committed (only ever the writer's)
        self._conn: sqlite3.Connection | None = None
        self._opened_once = False
        self._disabled = False  # a newer app's database: leave it alone
        self._tokens: dict[int, int] = {}
        self._retry: list[Record] = []
        self._throttle = _Throttle()
        self._q: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=MAX_QUEUED)
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="lusong-analytics", daemon=True)
        self._thread.start()

    # GUI thread --------------------------------------------------------------------------------
    @property
    def thread_ident(self) -> int | None:
        return self._thread.ident

    def submit(self, records: list[Record]) -> bool:
        """Queue a batch; False (logged) when the writer is closed or too far behind."""
        if not records:
            return True
        try:
            if self._closed:
                raise queue.Full
            self._q.put_nowait(("batch", records))
            return True
        except queue.Full:
            self.dropped += len(records)
            log.warning("analytics: writer busy or closed; %d records dropped", len(records))
            return False

    def request_prune(self, now: float | None = None) -> None:
        try:
            self._q.put_nowait(("prune", now))
        except queue.Full:
            log.warning("analytics: writer busy; prune skipped")

    def sync(self, timeout: float = 5.0) -> bool:
        """Wait until everything queued so far is written (tests, quitting)."""
        if not self._thread.is_alive():
            return False
        done = threading.Event()
        try:
            self._q.put(("sync", done), timeout=timeout)
        except queue.Full:
            return False
        return done.wait(timeout)

    def close(self, timeout: float = CLOSE_TIMEOUT) -> None:
        """Write what is queued, close the connection and end the thread (waits ``timeout`` s at most)."""
        if self._closed:
            return
        self._closed = True
        try:
            self._q.put(("stop", None), timeout=timeout)
        except queue.Full:
            log.warning("analytics: writer did not drain in %.1f s", timeout)
        self._thread.join(timeout)
        if self._thread.is_alive():
            log.warning("analytics: writer still busy after %.1f s; left to finish", timeout)

    # writer thread -----------------------------------------------------------------------------
    def _run(self) -> None:
        try:
            self._ensure_open()
            while True:
                cmd, arg = self._q.get()
                try:
                    if cmd == "batch":
                        self._write(arg)
                    elif cmd == "prune":
                        self._prune(arg)
                    elif cmd == "sync":
                        if self._retry:
                            self._write([])
                        arg.set()
                    elif cmd == "stop":
                        if self._retry:
                            self._write([])
                        break
                    else:
                        log.warning("analytics: unknown writer command %r ignored", cmd)
                except Exception as exc:  # noqa: BLE001 - the writer never dies
                    self.errors += 1
                    log.exception("analytics: %s failed unexpectedly (%s)", cmd, exc)
                    if cmd == "sync":
                        arg.set()
        finally:
            self._close_conn()

    def _ensure_open(self) -> sqlite3.Connection | None:
        if self._conn is not None or self._disabled:
            return self._conn
        try:
            self._conn = open_db(self.path, self.busy_timeout)
        except SchemaTooNew as exc:
            self._disabled = True
            log.error("analytics: %s; not recording (update the app, or move the file)", exc)
            return None
        except (sqlite3.Error, OSError, CorruptDatabase) as exc:
            self.errors += 1
            why = disk_trouble(exc)
            if why is not None:
                self._pause(why)
            else:
                self._throttle.error(f"opening {self.path}", exc)
            return None
        if not self._opened_once:
            self._opened_once = True
            try:
                n = close_dangling(self._conn, self.started_at)
                if n:
                    log.info("analytics: closed %d visit(s) left open by an earlier run", n)
                if self.prune_at_start:
                    prune(self._conn, days=self.retention_days)
            except sqlite3.Error as exc:
                self._failed("start-up maintenance", exc)
        return self._conn

    def _write(self, records: list[Record]) -> None:
        batch = self._retry + list(records)
        self._retry = []
        if not batch:
            return
        conn = self._ensure_open()
        if conn is None:
            self._keep(batch)
            return
        try:
            n = write_batch(conn, batch, self._tokens)
        except sqlite3.Error as exc:
            why = disk_trouble(exc)
            if why is not None:
                self.errors += 1
                self._pause(why)
                self._close_conn()  # opened again next time: a folder remounted writable needs a new handle
            else:
                self._failed("writing", exc)
            self._keep(batch)
            return
        self.written += n
        self.batches += 1
        self.thread_ids.add(threading.get_ident())
        if self.paused is not None:
            log.info("analytics: resumed; %d record(s) written, including those kept while paused", n)
            self.paused = None

    def _pause(self, why: str) -> None:
        """Stop writing until the disk takes it again: the records wait in memory (bounded) and
        each later batch tries again. Said once per pause, not at every try."""
        if self.paused is None:
            log.warning("analytics: paused, the disk cannot be written (%s); up to %d records are kept "
                        "and written when it can", why, MAX_PENDING)
        self.paused = why

    def _prune(self, now: float | None) -> None:
        conn = self._ensure_open()
        if conn is None:
            return
        try:
            prune(conn, now, self.retention_days)
        except sqlite3.Error as exc:
            self._failed("pruning", exc)

    def _failed(self, what: str, exc: sqlite3.Error) -> None:
        self.errors += 1
        self._throttle.error(what, exc)
        if is_corrupt(exc):
            # damaged while running: set it aside now; the next batch starts a new file
            self._close_conn()
            move_aside(self.path)
            self._tokens.clear()

    def _keep(self, batch: list[Record]) -> None:
        """Keep a failed batch for the next attempt, bounded (the oldest go first)."""
        if len(batch) > MAX_PENDING:
            self.dropped += len(batch) - MAX_PENDING
            batch = batch[-MAX_PENDING:]
        self._retry = batch

    def _close_conn(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.close()
            except sqlite3.Error:
                log.debug("analytics: close failed", exc_info=True)


# ---------------------------------------------------------------------------------------------
# The recorder (GUI thread): attaches to the shell (and the kiosk) through their signals.

def _safe(fn: Callable[..., Any]) -> Callable[..., Any]:
    """A slot that logs instead of raising: analytics never break the exhibition."""
    @functools.wraps(fn)
    def run(*args: Any) -> Any:
        try:
            return fn(*args)
        except Exception:
            log.exception("analytics: %s failed (ignored)", fn.__name__)
            return None
    return run


TOUCH_EVENTS = {QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin, QEvent.Type.TabletPress}


class _Visit:
    __slots__ = ("token", "wall", "mono", "a11y")

    def __init__(self, token: int, wall: float, mono: float):
        self.token, self.wall, self.mono, self.a11y = token, wall, mono, False


class Recorder(QObject):
    """Records one exhibition window's visits. Build it after the mode (kiosk: pass it).

    ``clock`` (tests) replaces both the wall clock (timestamps) and the monotonic clock
    (durations). Call :meth:`close` at quit (``attach`` connects it to aboutToQuit).
    """

    def __init__(self, shell, kiosk=None, *, path: Path | str | None = None,  # noqa: ANN001
                 flush_ms: int = FLUSH_MS, prune_ms: int = PRUNE_MS,
                 retention_days: int = RETENTION_DAYS, clock: Callable[[], float] | None = None,
                 busy_timeout: float = BUSY_TIMEOUT):
        super().__init__(shell)
        self.shell = shell
        self.kiosk = kiosk
        self.mode = "kiosk" if kiosk is not None else "demo"
        self._wall = clock or time.time
        self._mono = clock or time.monotonic
        self.writer = Writer(path, retention_days, busy_timeout)
        self.pending: list[Record] = []
        self.visit: _Visit | None = None
        self._view: tuple[str, float, float] | None = None  # screen, entered (mono), entered (wall)
        self._tokens = itertools.count(1)
        self._hooked: dict[str, QObject] = {}
        self._filtering = False
        self._closed = False
        self._connections: list[tuple[Any, Any]] = []

        self.flush_timer = QTimer(self)
        self.flush_timer.setInterval(flush_ms)
        self.flush_timer.timeout.connect(self.flush)
        self.flush_timer.start()
        self.prune_timer = QTimer(self)
        self.prune_timer.setInterval(prune_ms)
        self.prune_timer.timeout.connect(self._prune)
        self.prune_timer.start()

        self._connect(shell.screen_changed, self._on_screen)
        self._connect(shell.language_changed, self._on_language)
        for obj in (shell, kiosk):  # the accessibility panel's signal, if there is one
            sig = getattr(obj, "accessibility_changed", None)
            if sig is not None:
                self._connect(sig, self._on_accessibility)
        self._hook_screens()
        if kiosk is not None:
            self._connect(kiosk.idle_reset_started, self._on_idle_reset)
            self._wait_for_touch()
        else:
            self.start_visit()

    def _connect(self, signal, slot) -> None:  # noqa: ANN001
        signal.connect(slot)
        self._connections.append((signal, slot))

    # visits ----------------------------------------------------------------------------------
    @_safe
    def start_visit(self) -> None:
        if self._closed or self.visit is not None:
            return
        self._stop_waiting()
        wall, mono = self._wall(), self._mono()
        self.visit = _Visit(next(self._tokens), wall, mono)
        self._add(("visit", self.visit.token, wall, self.shell.ctx.lang, self.mode))
        self._enter(self.shell.screen_key(self.shell.current_target or "home"), mono)

    @_safe
    def end_visit(self, idle_s: float = 0.0) -> None:
        """End the running visit; ``idle_s``: seconds since the last touch (not counted)."""
        v = self.visit
        if v is None:
            return
        end = self._mono() - max(0.0, idle_s)
        end = max(end, v.mono, self._view[1] if self._view else v.mono)
        self._leave(end)
        self._add(("end", v.token, v.wall + (end - v.mono), self.shell.ctx.lang, v.a11y))
        self.visit = None
        self.flush()
        if self.kiosk is not None and not self._closed:
            self._wait_for_touch()

    @_safe
    def _on_idle_reset(self) -> None:
        idle = self.kiosk.idle
        # the idle timer fired: the last touch was one timeout ago (a direct call: now)
        idle_s = idle.interval() / 1000 if not idle.isActive() else 0.0
        self.end_visit(idle_s)

    # the first touch (kiosk) ---------------------------------------------------------------
    def _wait_for_touch(self) -> None:
        if not self._filtering:
            events.watch(self, TOUCH_EVENTS)
            self._filtering = True

    def _stop_waiting(self) -> None:
        if self._filtering:
            events.unwatch(self)
            self._filtering = False

    def eventFilter(self, obj, event) -> bool:  # noqa: ANN001, N802
        # watched between visits, for TOUCH_EVENTS only (ui/events.py); never consumes the event
        try:
            if self._ours(obj):
                self.start_visit()
        except Exception:
            log.exception("analytics: touch filter failed (ignored)")
        return False

    def _ours(self, obj) -> bool:  # noqa: ANN001
        if isinstance(obj, QWidget):
            return obj.window() is self.shell
        return isinstance(obj, QWindow) and obj is self.shell.windowHandle()

    # screens -----------------------------------------------------------------------------------
    def _enter(self, screen: str, mono: float) -> None:
        v = self.visit
        assert v is not None
        self._view = (screen, mono, v.wall + (mono - v.mono))

    def _leave(self, mono: float) -> None:
        if self._view is None or self.visit is None:
            self._view = None
            return
        screen, entered, entered_wall = self._view
        self._add(("view", self.visit.token, screen, entered_wall, max(0.0, mono - entered)))
        self._view = None

    @_safe
    def _on_screen(self, target: str) -> None:
        new = self._hook_screens()
        if self.visit is None:
            return
        if target.startswith("event:") and "timeline" in new:
            # the timeline was built by this very navigation: its first event_opened came
            # before we could listen
            self._event(TIMELINE_EVENT, target.split(":", 1)[1])
        key = self.shell.screen_key(target)
        if self._view is not None and self._view[0] == key:
            return
        now = self._mono()
        self._leave(now)
        self._enter(key, now)

    def _hook_screens(self) -> set[str]:
        """Listen to screens built since the last call; return their keys."""
        new = set()
        for key, screen in list(self.shell.screens.items()):
            if self._hooked.get(key) is screen:
                continue
            self._hooked[key] = screen
            new.add(key)
            if key == "home":
                self._connect(screen.navigate, self._on_home_tap)
            sig = getattr(screen, "event_opened", None)
            if sig is not None:
                self._connect(sig, self._on_event_opened)
        return new

    # events ------------------------------------------------------------------------------------
    def _event(self, kind: str, value: str) -> None:
        if self.visit is not None:
            self._add(("event", self.visit.token, kind, value, self.visit.wall + (self._mono() - self.visit.mono)))

    @_safe
    def note_event(self, kind: str, value: str = "") -> None:
        """Record an event of the running visit (none between visits): the tour's (modes/tour.py). Not
        named `event`: that would override QObject.event."""
        self._event(kind, value)

    @_safe
    def _on_home_tap(self, target: str) -> None:
        self._event(HOME_TAP, target)

    @_safe
    def _on_event_opened(self, event_id: str) -> None:
        self._event(TIMELINE_EVENT, event_id)

    @_safe
    def _on_language(self, lang: str) -> None:
        self._event(LANGUAGE, lang)

    @_safe
    def _on_accessibility(self, *args: Any) -> None:
        choice, *value = (str(a) for a in args) if args else ("?",)
        self.accessibility(choice, value[0] if value else "")

    @_safe
    def accessibility(self, choice: str, value: str = "") -> None:
        """An accessibility option was chosen (the panel calls this or emits
        ``accessibility_changed(choice, value)`` on the shell or the kiosk)."""
        if self.visit is None:
            return
        self.visit.a11y = True
        self._event(ACCESSIBILITY, f"{choice}={value}" if value else choice)

    # writing -----------------------------------------------------------------------------------
    def _add(self, record: Record) -> None:
        self.pending.append(record)
        if len(self.pending) > MAX_PENDING:
            drop = len(self.pending) - MAX_PENDING
            del self.pending[:drop]
            self.writer.dropped += drop

    @_safe
    def flush(self) -> None:
        """Hand the pending records to the writer thread (one transaction there)."""
        if self.pending:
            batch, self.pending = self.pending, []
            self.writer.submit(batch)

    @_safe
    def _prune(self) -> None:
        self.writer.request_prune()

    def close(self) -> None:
        """End the running visit, write everything and stop the writer. Idempotent, never raises."""
        if self._closed:
            return
        self.end_visit()
        self._closed = True
        steps = [self._stop_waiting, self.flush_timer.stop, self.prune_timer.stop]
        steps += [lambda s=signal, f=slot: s.disconnect(f) for signal, slot in self._connections]
        for step in steps:
            try:
                step()
            except Exception:  # noqa: BLE001 - already gone with its object (quitting)
                log.debug("analytics: a step of closing failed", exc_info=True)
        self._connections.clear()
        self.flush()
        self.writer.close()


def attach(shell, mode, settings):  # noqa: ANN001, ANN201
    """Start recording for the running app (``app.run_app``); None when off or failing.

    Kiosk mode: visits from the first touch to the idle reset. Demo mode: one visit from start to
    quit. Presenter mode and ``analytics = false``: nothing is recorded.
    """
    if not settings.analytics:
        log.info("analytics: off (analytics = false)")
        return None
    if settings.mode == "presenter":
        log.info("analytics: not recorded in presenter mode")
        return None
    try:
        recorder = Recorder(shell, mode if settings.mode == "kiosk" else None)
        QCoreApplication.instance().aboutToQuit.connect(recorder.close)
    except Exception:
        log.exception("analytics: could not start (the exhibition runs without them)")
        return None
    log.info("analytics: recording to %s", recorder.writer.path)
    return recorder
