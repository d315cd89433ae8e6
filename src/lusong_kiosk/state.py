"""A tiny state file in the data folder that counts starts and notices unclean exits.

``state.json`` holds ``{"version": 1, "starts": N, "running": true|false, "unclean": M, ...}``.
:func:`record_start` counts a start and marks the run as running; :func:`record_clean_exit`
clears the mark. A start that finds the mark still set logs that the previous run did not exit
cleanly (killed, crashed, power cut) — so the log counts restarts. The file is always replaced
atomically (a temporary file, fsync, os.replace): a kill at any moment leaves the old or the new
version, never half of one, and a damaged file is replaced, never trusted. Imports no Qt.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import threading
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from .logs import data_dir

STATE_NAME = "state.json"
VERSION = 1

log = logging.getLogger(__name__)


@dataclass
class RunState:
    """What state.json holds."""

    starts: int = 0  # every start, this one included
    running: bool = False  # set at start, cleared at a clean exit
    unclean: int = 0  # starts that found the previous run had not exited cleanly
    last_start: str = ""
    last_clean_exit: str = ""
    version: int = VERSION


def state_file() -> Path:
    return data_dir() / STATE_NAME


def _now() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


_writing: threading.Thread | None = None  # record_start(later=True)'s write, until it is done


def _written() -> None:
    """Wait for a write left to a thread (record_start), so the file is read and written in order."""
    global _writing
    if _writing is not None and _writing is not threading.current_thread():
        _writing.join()
        _writing = None


def read_state(path: Path | None = None) -> RunState | None:
    """The state, or None when the file is missing; a damaged file is logged and read as new."""
    _written()
    path = path or state_file()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        log.warning("cannot read %s (%s); starting a new one", path, exc.strerror or exc)
        return RunState()
    try:
        data: Any = json.loads(raw.decode("utf-8"))
        if not isinstance(data, dict):
            raise ValueError("not an object")
        state = RunState(
            starts=_count(data.get("starts")), running=data.get("running") is True,
            unclean=_count(data.get("unclean")), last_start=str(data.get("last_start", ""))[:40],
            last_clean_exit=str(data.get("last_clean_exit", ""))[:40])
    except (ValueError, RecursionError) as exc:  # JSONDecodeError, UnicodeDecodeError
        log.warning("%s is damaged (%s); starting a new one", path, exc)
        return RunState(running=True)  # a damaged file is itself the sign of an unclean end
    return state


def _count(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 10**12 else 0


def write_state(state: RunState, path: Path | None = None) -> None:
    """Replace the file atomically (temporary file in the same folder, fsync, os.replace)."""
    _written()
    path = path or state_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    # named by the process (one writer at a time per process), made only if it does not exist,
    # readable by its owner only, as tempfile.mkstemp would: importing tempfile (random, shutil,
    # the compression modules) cost the start more than the write itself
    tmp = path.parent / f".state-{os.getpid()}.tmp"
    with contextlib.suppress(FileNotFoundError):
        os.unlink(tmp)  # a process before with this number was killed mid-write
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(asdict(state), f, indent=1)
            f.write("\n")
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def record_start(path: Path | None = None, later: bool = False) -> RunState:
    """Count this start, log it (and whether the previous run ended cleanly); never raises.
    ``later``: the file is written on a thread (the app's start: waiting for the disk to flush
    it took 2-10 ms of the first frame); the next read or write of it waits for that."""
    global _writing
    _written()
    for stale in (path or state_file()).parent.glob(".state-*.tmp"):  # a run killed mid-write
        with contextlib.suppress(OSError):
            stale.unlink()
    previous = read_state(path)
    state = previous or RunState()
    unclean = previous is not None and previous.running
    state.starts += 1
    state.unclean += int(unclean)
    state.running = True
    state.last_start = _now()

    def write() -> None:
        try:
            write_state(state, path)
        except OSError as exc:
            log.warning("cannot write %s (%s); restarts are not counted", path or state_file(), exc.strerror or exc)
    if later:
        _writing = threading.Thread(target=write, name="state.json")
        _writing.start()
    else:
        write()
    if unclean:
        log.warning("start #%d (previous run did not exit cleanly; %d unclean exit(s) so far)",
                    state.starts, state.unclean)
    else:
        log.info("start #%d", state.starts)
    return state


def record_clean_exit(path: Path | None = None) -> None:
    """Mark the run as ended cleanly; never raises."""
    state = _not_running(path)
    if state is not None:
        log.info("clean exit after start #%d", state.starts)


def record_refused(path: Path | None = None) -> None:
    """A start that showed nothing (its files have problems): not running, and not a clean exit
    either -- the log says so; never raises."""
    state = _not_running(path, clean=False)
    if state is not None:
        log.warning("start #%d refused: nothing was shown", state.starts)


def _not_running(path: Path | None, clean: bool = True) -> RunState | None:
    state = read_state(path) or RunState(starts=1)
    state.running = False
    if clean:
        state.last_clean_exit = _now()
    try:
        write_state(state, path)
    except OSError as exc:
        log.warning("cannot write %s (%s)", path or state_file(), exc.strerror or exc)
        return None
    return state
