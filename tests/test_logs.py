"""logs: where logs go, the rotating file, and uncaught exceptions logged (not shown)."""

from __future__ import annotations

import faulthandler
import logging
import logging.handlers
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from lusong_kiosk import logs

LINE = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3} (INFO|WARNING|ERROR|CRITICAL|DEBUG) +\S+: ")


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    logs.teardown_logging()  # start clean, whatever an earlier test set up
    monkeypatch.setenv(logs.ENV_DATA, str(tmp_path / "data"))
    yield tmp_path / "data"
    logs.teardown_logging()


def our_file_handlers() -> list[logging.handlers.RotatingFileHandler]:
    return [h for h in logging.getLogger().handlers
            if isinstance(h, logging.handlers.RotatingFileHandler)]


def flush() -> None:
    for h in our_file_handlers():
        h.flush()


def test_env_var_moves_data_and_log_folders(data: Path) -> None:
    assert logs.data_dir() == data
    assert logs.log_dir() == data / "logs"
    assert logs.log_file() == data / "logs" / "lusong-kiosk.log"


def test_default_folders_come_from_platformdirs(monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs

    monkeypatch.delenv(logs.ENV_DATA, raising=False)
    assert logs.log_dir() == Path(platformdirs.user_log_dir("lusong-kiosk", appauthor=False))
    assert logs.data_dir() == Path(platformdirs.user_data_dir("lusong-kiosk", appauthor=False))


def test_setup_writes_lines_with_time_and_level(data: Path) -> None:
    path = logs.setup_logging()
    assert path == data / "logs" / "lusong-kiosk.log"
    logging.getLogger("lusong_kiosk.test").warning("a warning: 芦淞区")
    logging.getLogger("lusong_kiosk.test").debug("not at INFO")
    flush()
    lines = path.read_text(encoding="utf-8").splitlines()
    ours = [line for line in lines if "lusong_kiosk.test" in line]
    assert len(ours) == 1
    assert LINE.match(ours[0]), ours[0]
    assert " WARNING " in ours[0] and ours[0].endswith("a warning: 芦淞区")


def test_setup_is_idempotent(data: Path) -> None:
    first = logs.setup_logging()
    handlers = list(logging.getLogger().handlers)
    assert logs.setup_logging() == first
    assert logging.getLogger().handlers == handlers
    assert len(our_file_handlers()) == 1


def test_rotation_is_capped_at_eleven_files_of_two_megabytes(data: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    logs.setup_logging()
    (handler,) = our_file_handlers()
    assert handler.maxBytes == 2_000_000
    assert handler.backupCount == 10
    logs.teardown_logging()

    # The same set-up with small files, to see the cap at work without writing 6 MB.
    monkeypatch.setattr(logs, "MAX_BYTES", 2_000)
    path = logs.setup_logging()
    log = logging.getLogger("lusong_kiosk.test")
    for i in range(800):  # ~ 800 x 100 bytes = 40 files' worth
        log.info("line %04d %s", i, "x" * 40)
    flush()
    files = sorted((p.name for p in path.parent.glob("lusong-kiosk.log*")), key=lambda n: (len(n), n))
    assert files == ["lusong-kiosk.log"] + [f"lusong-kiosk.log.{n}" for n in range(1, 11)]
    assert all((path.parent / f).stat().st_size <= 2_000 for f in files)
    assert "line 0799" in path.read_text(encoding="utf-8")  # the newest is in the live file


def test_rotation_can_start_after_the_first_frame_without_losing_a_line(data: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """The app appends to its log without rotating until its first frame is painted (the
    rotating handler's imports were 10-15 ms of the start), then rotates as always."""
    monkeypatch.setattr(logs, "MAX_BYTES", 2_000)
    path = logs.setup_logging(rotate_later=True)
    assert our_file_handlers() == []  # appending, not rotating yet
    log = logging.getLogger("lusong_kiosk.test")
    for i in range(40):  # ~4,000 bytes: past the limit, and kept whole until rotation starts
        log.info("early %02d %s", i, "x" * 40)
    logs.start_rotation()
    (handler,) = our_file_handlers()
    assert handler.maxBytes == 2_000 and handler.backupCount == 10
    log.info("the first line after the start of rotation")
    flush()
    rotated = (path.parent / "lusong-kiosk.log.1").read_text(encoding="utf-8")
    assert "early 00" in rotated and "early 39" in rotated  # nothing lost in the swap
    assert "the first line after" in path.read_text(encoding="utf-8")
    logs.start_rotation()  # once only
    assert our_file_handlers() == [handler]
    assert not [h for h in logging.getLogger().handlers if type(h) is logging.FileHandler]  # the plain one went
    logs.teardown_logging()
    logs.start_rotation()  # nothing set up: nothing to do


def test_uncaught_exception_is_logged_with_traceback(data: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    path = logs.setup_logging()
    assert sys.excepthook is not sys.__excepthook__
    try:
        raise ValueError("boom in a slot")
    except ValueError:
        sys.excepthook(*sys.exc_info())
    flush()
    text = path.read_text(encoding="utf-8")
    assert "CRITICAL" in text and "uncaught exception" in text
    assert "Traceback (most recent call last)" in text and "ValueError: boom in a slot" in text


def test_uncaught_exception_in_a_thread_is_logged(data: Path) -> None:
    path = logs.setup_logging()

    def fail() -> None:
        raise RuntimeError("boom in a thread")

    t = threading.Thread(target=fail, name="worker-7")
    t.start()
    t.join()
    flush()
    text = path.read_text(encoding="utf-8")
    assert "uncaught exception in thread worker-7" in text
    assert "RuntimeError: boom in a thread" in text


def test_teardown_restores_hooks_and_handlers(data: Path) -> None:
    hook, thook = sys.excepthook, threading.excepthook
    before = list(logging.getLogger().handlers)
    logs.setup_logging()
    logs.teardown_logging()
    assert sys.excepthook is hook and threading.excepthook is thook
    assert logging.getLogger().handlers == before


def test_stderr_output_follows_sys_stderr(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    logs.setup_logging()
    replaced = io.StringIO()
    monkeypatch.setattr(sys, "stderr", replaced)
    logging.getLogger("lusong_kiosk.test").error("to the current stderr")
    assert "ERROR" in replaced.getvalue() and "to the current stderr" in replaced.getvalue()


def test_faulthandler_writes_to_the_log_folder(data: Path) -> None:
    logs.setup_logging()
    assert faulthandler.is_enabled()
    assert (data / "logs" / logs.CRASH_NAME).exists()


def test_a_hard_crash_leaves_a_traceback_in_the_log_folder(tmp_path: Path) -> None:
    code = ("import os, faulthandler\n"
            "os.environ['LUSONG_KIOSK_DATA'] = os.environ['TARGET']\n"
            "from lusong_kiosk.logs import setup_logging\n"
            "setup_logging()\n"
            "def crash_here():\n"
            "    faulthandler._sigsegv()\n"
            "crash_here()\n")
    env = {"TARGET": str(tmp_path), "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, timeout=60)
    assert result.returncode != 0
    crash = (tmp_path / "logs" / logs.CRASH_NAME).read_text(encoding="utf-8")
    assert "Fatal Python error" in crash and "crash_here" in crash


def test_repeated_lines_are_folded_into_a_count(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A held key logged 90,000 refused Escapes and rotated a week of history away."""
    now = [0.0]
    monkeypatch.setattr(logs.time, "monotonic", lambda: now[0])
    path = logs.setup_logging()
    log = logging.getLogger("lusong_kiosk.modes.kiosk")
    for _ in range(1240):
        log.info("kiosk: Escape refused")
        now[0] += 0.4  # ~8 min of a held key
    log.info("kiosk: something else")
    now[0] += 200  # the 10-minute window ends; the next line brings the count
    log.info("kiosk: idle reset")
    flush()
    text = path.read_text(encoding="utf-8")
    assert text.count("kiosk: Escape refused") == 2
    assert "kiosk: Escape refused (x1,239 more in 10 min)" in text
    assert text.index("x1,239 more") < text.index("kiosk: idle reset")
    assert "kiosk: something else" in text


def test_a_count_still_open_is_written_at_shutdown(data: Path) -> None:
    path = logs.setup_logging()
    for _ in range(3):
        logging.getLogger("lusong_kiosk.test").warning("the same problem")
    logs.teardown_logging()
    text = path.read_text(encoding="utf-8")
    assert text.count("the same problem") == 2 and "(x2 more in 1 min)" in text


def test_a_read_only_data_folder_logs_to_stderr_and_says_so_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    logs.teardown_logging()
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")  # no folder can be made under it (even as root)
    monkeypatch.setenv(logs.ENV_DATA, str(blocker / "data"))
    try:
        logs.setup_logging(rotate_later=True)
        logging.getLogger("lusong_kiosk.test").warning("still running")
        logs.start_rotation()
    finally:
        logs.teardown_logging()
    err = capsys.readouterr().err
    assert err.count("logging to stderr only") == 1 and "still running" in err


def test_a_full_disk_at_the_start_of_rotation_does_not_stop_the_caller(data: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The plain handler's last flush raised ENOSPC out of start_rotation, and the app's
    analytics, started after it, never started."""
    import errno

    logs.setup_logging(rotate_later=True)
    plain = logs._state.handlers[0]  # type: ignore[union-attr] - set up above
    assert type(plain) is logging.FileHandler

    def full() -> None:
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(plain, "flush", full)
    logs.start_rotation()  # must not raise
    assert len(our_file_handlers()) == 1


def test_the_kiosk_starts_on_a_read_only_data_folder(tmp_path: Path) -> None:
    """OSError from setup_logging ended the start: no exhibition at all."""
    import os

    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")  # nothing can be written under it (even as root)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LUSONG_KIOSK_DATA=str(blocker / "data"))
    proc = subprocess.run([sys.executable, "-m", "lusong_kiosk", "--mode", "kiosk", "--smoke-ms", "1500"],
                          env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr
    assert proc.stderr.count("logging to stderr only") == 1
    assert "started in kiosk mode" in proc.stderr
