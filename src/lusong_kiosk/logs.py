"""Where the exhibition writes its logs, and logging set up once per process.

- :func:`data_dir` is the app's data folder (platformdirs' user data folder), or
  ``$LUSONG_KIOSK_DATA`` when set (tests, deployments that keep everything in one place).
- :func:`log_dir` is platformdirs' user log folder, or ``$LUSONG_KIOSK_DATA/logs``.
- :func:`setup_logging` writes to a rotating file (11 x 2 MB) and stderr, logs every uncaught
  exception with its traceback (main thread, other threads, Qt slots) instead of showing it to a
  visitor, and points :mod:`faulthandler` at a file next to the log so that a hard crash leaves
  a Python traceback behind. The app starts with the file handler from :mod:`logging` itself and
  :func:`start_rotation` swaps in the rotating one after its first frame: ``logging.handlers``
  imports ``socket``, whose enums are slow to make, and nothing on screen needs them yet.
- Repeated lines are folded (:class:`Fold`); a data folder that cannot be written (read-only,
  full) leaves stderr as the only log, said once, and the exhibition starts all the same.

Imports no Qt.
"""

from __future__ import annotations

import contextlib
import faulthandler
import logging
import os
import sys
import threading
import time
from pathlib import Path
from types import TracebackType
from typing import IO, Any

APP = "lusong-kiosk"
ENV_DATA = "LUSONG_KIOSK_DATA"
LOG_NAME = "lusong-kiosk.log"
CRASH_NAME = "crash.log"  # faulthandler's output (fatal errors: segfault, abort)
# A week of a busy kiosk at the least (README, "Logs"): ~22 MB in all.
MAX_BYTES = 2_000_000  # one log file
BACKUP_COUNT = 10  # rotated files kept: lusong-kiosk.log.1 ... .10
FOLD_WINDOW_S = 600.0  # the same line again within 10 min is counted, not written (Fold)
FORMAT = "%(asctime)s %(levelname)-8s %(name)s: %(message)s"

log = logging.getLogger(__name__)


def data_dir() -> Path:
    """The app's data folder (not created here)."""
    env = os.environ.get(ENV_DATA)
    if env:
        return Path(env).expanduser()
    import platformdirs  # only here: it imports tempfile (random, shutil...), which nothing else at start needs

    return Path(platformdirs.user_data_dir(APP, appauthor=False))


def log_dir() -> Path:
    """The folder of the log files (not created here)."""
    env = os.environ.get(ENV_DATA)
    if env:
        return Path(env).expanduser() / "logs"
    import platformdirs

    return Path(platformdirs.user_log_dir(APP, appauthor=False))


def log_file() -> Path:
    return log_dir() / LOG_NAME


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg] - its stream is whatever sys.stderr is
    """Writes to whatever sys.stderr is at the time (it may be replaced after set-up)."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property  # type: ignore[override] - a plain attribute in StreamHandler, a property here
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, value: Any) -> None:
        pass


class _State:
    """What setup_logging installed, so that a second call is a no-op and tests can undo it."""

    def __init__(self, path: Path, handlers: list[logging.Handler], crash_file: IO[Any] | None,
                 old_excepthook: Any, old_threading_hook: Any, old_level: int,
                 faulthandler_was_enabled: bool):
        self.path = path
        self.handlers = handlers
        self.crash_file = crash_file  # kept open: faulthandler writes to its descriptor
        self.old_excepthook = old_excepthook
        self.old_threading_hook = old_threading_hook
        self.old_level = old_level
        self.faulthandler_was_enabled = faulthandler_was_enabled


_state: _State | None = None


def _excepthook(exc_type: type[BaseException], exc: BaseException,
                tb: TracebackType | None) -> None:
    if issubclass(exc_type, KeyboardInterrupt):  # Ctrl+C in a terminal: the usual behaviour
        sys.__excepthook__(exc_type, exc, tb)
        return
    logging.getLogger(APP).critical("uncaught exception", exc_info=(exc_type, exc, tb))


def _threading_excepthook(args: threading.ExceptHookArgs) -> None:
    if args.exc_type is SystemExit:
        return
    name = args.thread.name if args.thread is not None else "?"
    logging.getLogger(APP).critical("uncaught exception in thread %s", name,
                                     exc_info=(args.exc_type, args.exc_value, args.exc_traceback))


class Fold(logging.Filter):
    """Folds repeated lines: the first of each message (logger, level, text) is written, the
    same message again within ``window`` seconds is counted, not written, and once the window
    has passed one line says how many there were -- "kiosk: Escape refused (x1,240 more in
    10 min)". A held key or a file broken for a week then costs a few lines, not the history.

    One instance serves every handler: a record is decided once (the decision rides on the
    record) and the count line is written through each handler.
    """

    def __init__(self, window: float = FOLD_WINDOW_S, clock: Any = None, max_keys: int = 1000):
        super().__init__()
        self.window = window
        self.clock = clock or time.monotonic
        self.max_keys = max_keys
        self.seen: dict[tuple[str, int, str], list[Any]] = {}  # key -> [first seen, count, a record]
        self.lock = threading.Lock()

    def filter(self, record: logging.LogRecord) -> bool:
        decided = record.__dict__.get("_fold")
        if decided is not None:
            return bool(decided)
        now = self.clock()
        try:
            key = (record.name, record.levelno, record.getMessage())
        except Exception:  # noqa: BLE001 - a bad format string: logging reports it itself
            record._fold = True
            return True
        with self.lock:
            due = self._due(now, key)
            entry = self.seen.get(key)
            keep = entry is None
            if keep:
                self.seen[key] = [now, 0, record]
            else:
                entry[1] += 1
        for line in due:
            self._write(line)
        record._fold = keep
        return keep

    def _due(self, now: float, current: tuple[str, int, str]) -> list[logging.LogRecord]:
        """Count lines for the windows that have ended (lock held); those keys are forgotten."""
        due = []
        for key, (first, count, rec) in list(self.seen.items()):
            if now - first >= self.window or (len(self.seen) > self.max_keys and key != current):
                del self.seen[key]
                if count:
                    due.append(self._count_line(rec, count, now - first))
        return due

    def _count_line(self, rec: logging.LogRecord, count: int, span: float) -> logging.LogRecord:
        minutes = max(1, round(min(span, self.window) / 60))
        # a new record: it carries this moment's time, not the first line's
        line = logging.LogRecord(rec.name, rec.levelno, rec.pathname, rec.lineno,
                                 f"{rec.getMessage()} (x{count:,} more in {minutes} min)", None, None,
                                 rec.funcName)
        line._fold = True
        return line

    def _write(self, line: logging.LogRecord) -> None:
        logging.getLogger(line.name).handle(line)

    def flush(self) -> None:
        """Write the counts of every open window now (at shutdown)."""
        with self.lock:
            due = [self._count_line(rec, count, self.clock() - first)
                   for first, count, rec in self.seen.values() if count]
            self.seen.clear()
        for line in due:
            self._write(line)


def _rotating(path: Path) -> logging.Handler:
    import logging.handlers

    return logging.handlers.RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT,
                                                encoding="utf-8")


def setup_logging(level: int = logging.INFO, rotate_later: bool = False) -> Path:
    """Log to the rotating file and stderr; return the log file's path. Idempotent.

    Called again with another log folder (``$LUSONG_KIOSK_DATA`` changed), it moves the file
    logging there. ``rotate_later``: append to the file without rotating it until
    :func:`start_rotation` is called (the app, after its first frame); a file already full is
    rotated at once all the same.
    """
    global _state
    path = log_file()
    if _state is not None:
        if _state.path == path:
            logging.getLogger().setLevel(level)
            return path
        teardown_logging()

    formatter = logging.Formatter(FORMAT)
    handlers: list[logging.Handler] = []
    unwritable = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        full = path.is_file() and path.stat().st_size >= MAX_BYTES  # then rotated before this run's first line
        plain = rotate_later and not full
        handlers.append(logging.FileHandler(path, encoding="utf-8") if plain else _rotating(path))
    except OSError as exc:  # a read-only or full data folder: the exhibition still starts
        unwritable = exc
    handlers.append(_StderrHandler())
    folder = Fold()  # one for all handlers: each line is folded (or not) once
    root = logging.getLogger()
    for h in handlers:
        h.setFormatter(formatter)
        h.addFilter(folder)
        root.addHandler(h)
    old_level = root.level
    root.setLevel(level)

    crash_file: IO[Any] | None = None
    was_enabled = faulthandler.is_enabled()
    if unwritable is None:
        try:
            crash_file = open(path.parent / CRASH_NAME, "a", encoding="utf-8")  # noqa: SIM115 - open for the process's life: faulthandler writes to it at a crash
            faulthandler.enable(file=crash_file, all_threads=True)
        except (OSError, ValueError, RuntimeError):
            log.exception("could not enable faulthandler in %s", path.parent)
            if crash_file is not None:
                crash_file.close()
                crash_file = None

    _state = _State(path, handlers, crash_file, sys.excepthook, threading.excepthook, old_level,
                    was_enabled)
    sys.excepthook = _excepthook
    threading.excepthook = _threading_excepthook
    if unwritable is not None:  # said once, here: nothing else tries the file again
        log.warning("cannot write the log file %s (%s); logging to stderr only",
                    path, getattr(unwritable, "strerror", None) or unwritable)
    else:
        log.info("logging to %s", path)
    return path


def start_rotation() -> None:
    """Give the log file its rotating handler if :func:`setup_logging` left a plain one (a file
    already over its size is rotated at the next line)."""
    if _state is None or type(plain := _state.handlers[0]) is not logging.FileHandler:
        return
    try:
        rotating = _rotating(_state.path)
    except OSError as exc:  # the folder went read-only since the start: keep appending
        log.warning("cannot rotate the log file %s (%s)", _state.path, exc.strerror or exc)
        return
    rotating.setFormatter(plain.formatter)
    for f in plain.filters:
        rotating.addFilter(f)
    root = logging.getLogger()
    root.addHandler(rotating)  # before the plain one goes: no line is lost in between
    root.removeHandler(plain)
    _state.handlers[0] = rotating
    try:
        plain.close()  # flushes: on a full disk this raised and the caller's next steps (analytics) never ran
    except OSError as exc:
        log.warning("the log file %s could not be flushed (%s); some lines may be missing",
                    _state.path, exc.strerror or exc)


def teardown_logging() -> None:
    """Undo :func:`setup_logging` (tests; a clean shutdown). Safe to call when not set up."""
    global _state
    state, _state = _state, None
    if state is None:
        return
    root = logging.getLogger()
    for fold in {f for h in state.handlers for f in h.filters if isinstance(f, Fold)}:
        fold.flush()  # the counts not yet written, while the handlers are still there
    for h in state.handlers:
        root.removeHandler(h)
        with contextlib.suppress(OSError):  # a full disk: nothing more can be written there
            h.close()
    root.setLevel(state.old_level)
    if sys.excepthook is _excepthook:
        sys.excepthook = state.old_excepthook
    if threading.excepthook is _threading_excepthook:
        threading.excepthook = state.old_threading_hook
    if state.crash_file is not None:
        faulthandler.disable()
        if state.faulthandler_was_enabled:
            faulthandler.enable(file=sys.__stderr__ or sys.stderr)
        state.crash_file.close()
