"""The analytics writer: one thread that owns the SQLite connection and writes each batch the
recorder hands it in one transaction. It never raises and never blocks the GUI thread: every sqlite
or file error is logged (at most once a minute) and the batch kept, bounded, for the next try; a
full or read-only disk pauses writing until it can write again.
"""

from __future__ import annotations

import errno
import logging
import queue
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

from .store import (BUSY_TIMEOUT, RETENTION_DAYS, CorruptDatabase, Record, SchemaTooNew, close_dangling,
                    default_path, error_name, is_corrupt, move_aside, open_db, prune, write_batch)

log = logging.getLogger(__name__)

MAX_PENDING = 20_000  # records kept in memory at most (the writer is stuck: oldest dropped)
MAX_QUEUED = 64  # batches waiting for the writer at most
CLOSE_TIMEOUT = 3.0  # seconds the app waits at quit for the last batch
LOG_EVERY = 60.0  # a repeated error is logged at most once a minute

DISK_ERRNOS = {errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EPERM, errno.ENOTDIR, errno.EDQUOT}
DISK_SQLITE = ("SQLITE_FULL", "SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_IOERR")


def disk_trouble(exc: BaseException) -> str | None:
    """What is wrong with the disk (full, read-only, not writable), or None for another error."""
    if isinstance(exc, OSError) and exc.errno in DISK_ERRNOS:
        return exc.strerror or str(exc)
    if isinstance(exc, sqlite3.Error) and error_name(exc).startswith(DISK_SQLITE):
        return f"{exc} ({error_name(exc)})"
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
                except Exception as exc:
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
