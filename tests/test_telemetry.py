"""Visitor analytics: the recorder on a real shell, the writer thread, damaged and locked files,
and the retention that keeps the file bounded."""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
import threading
from pathlib import Path

import pytest
from analytics_fixtures import build_db, records, ts
from PySide6.QtCore import Qt

from lusong_kiosk.analytics import recorder, store, writer
from lusong_kiosk.analytics.recorder import Recorder
from lusong_kiosk.analytics.writer import Writer

T0 = ts(2024, 5, 1, 10, 0)


class Clock:
    """A hand-wound clock: both the recorder's wall clock and its monotonic one."""

    def __init__(self, t: float = T0):
        self.t = t

    def __call__(self) -> float:
        return self.t

    def advance(self, s: float) -> None:
        self.t += s


@pytest.fixture
def recorders():
    """recorders(shell, ...) -> a Recorder that is closed at the end of the test."""
    made: list[Recorder] = []

    def make(shell, *args, **kw):
        kw.setdefault("flush_ms", 3_600_000)  # flushed by hand unless a test wants the timer
        rec = Recorder(shell, *args, **kw)
        made.append(rec)
        return rec

    yield make
    for rec in made:
        rec.close()


@pytest.fixture
def writers():
    made: list[Writer] = []

    def make(*args, **kw):
        w = Writer(*args, **kw)
        made.append(w)
        return w

    yield make
    for w in made:
        w.close()


def rows(path: Path, sql: str, *params) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def close_and_read(rec: Recorder) -> Path:
    rec.close()
    return rec.writer.path


# --- the recorder on a real shell -----------------------------------------------------------------

def test_screen_views_with_dwell_in_demo_mode(make_shell, recorders, exhibition, tmp_path) -> None:
    shell = make_shell()
    clock = Clock()
    rec = recorders(shell, path=tmp_path / "a.sqlite3", clock=clock)
    assert rec.visit is not None  # demo mode: the visit starts with the app
    clock.advance(5)
    shell.go("theme:industry")
    clock.advance(12)
    shell.go("theme:ecology")
    clock.advance(3.5)
    shell.go("timeline")
    clock.advance(7)
    ev1, ev2 = exhibition.events[0].id, exhibition.events[1].id
    shell.go(f"event:{ev1}")  # same screen: the view goes on, the event is counted
    clock.advance(1)
    shell.screens["timeline"].open_event(ev2)
    shell.toggle_language()
    clock.advance(2)
    shell.go("home")
    clock.advance(4)
    path = close_and_read(rec)

    assert rows(path, "SELECT started_at, ended_at, lang, lang_end, accessibility, mode FROM visits") == [
        (T0, T0 + 34.5, "zh", "en", 0, "demo")]
    assert rows(path, "SELECT screen, entered_at, seconds, visit_id FROM views ORDER BY id") == [
        ("home", T0, 5.0, 1), ("theme:industry", T0 + 5, 12.0, 1), ("theme:ecology", T0 + 17, 3.5, 1),
        ("timeline", T0 + 20.5, 10.0, 1), ("home", T0 + 30.5, 4.0, 1)]
    assert rows(path, "SELECT kind, value, ts FROM events ORDER BY id") == [
        ("timeline_event", ev1, T0 + 27.5), ("timeline_event", ev2, T0 + 28.5), ("language", "en", T0 + 28.5)]


def test_home_tiles_and_accessibility(make_shell, recorders, tmp_path, qtbot) -> None:
    shell = make_shell()
    clock = Clock()
    rec = recorders(shell, path=tmp_path / "a.sqlite3", clock=clock)
    home = shell.screens["home"]
    qtbot.mouseClick(home.tiles["honours"], Qt.MouseButton.LeftButton)
    assert shell.current_target == "honours"
    shell.go("home")
    qtbot.mouseClick(home.tiles["theme:livelihood"], Qt.MouseButton.LeftButton)
    shell.go("theme:industry")  # not a home tile: not a tap
    shell.accessibility_changed.emit("text_scale", 1.25)  # what the accessibility panel reports
    rec.accessibility("high_contrast", "True")  # or a direct call
    path = close_and_read(rec)
    assert rows(path, "SELECT kind, value FROM events ORDER BY id") == [
        ("home_tap", "honours"), ("home_tap", "theme:livelihood"), ("accessibility", "text_scale=1.25"),
        ("accessibility", "high_contrast=True")]
    assert rows(path, "SELECT accessibility FROM visits") == [(1,)]


@pytest.fixture
def kiosk(make_kiosk):
    def make(**kw):
        kw.setdefault("idle_timeout", 0.3)
        kw.setdefault("attract_delay", 60)
        return make_kiosk(**kw)

    return make


def test_kiosk_visit_runs_from_first_touch_to_the_idle_reset(kiosk, recorders, tmp_path, qtbot) -> None:
    shell, mode = kiosk(idle_timeout=0.3)
    clock = Clock()
    rec = recorders(shell, mode, path=tmp_path / "a.sqlite3", clock=clock)
    assert rec.visit is None  # nobody there yet
    shell.set_language("en")  # not a visitor's switch: no visit
    shell.set_language("zh")
    clock.advance(100)
    tile = shell.screens["home"].tiles["theme:industry"]
    qtbot.mouseClick(tile, Qt.MouseButton.LeftButton)  # the first touch
    assert rec.visit is not None and shell.current_target == "theme:industry"
    start = T0 + 100
    clock.advance(10)
    shell.toggle_language()
    clock.advance(20)  # the visitor reads, then leaves; the kiosk resets after its idle timeout
    with qtbot.waitSignal(mode.idle_reset_done, timeout=5000):
        pass
    assert rec.visit is None and shell.ctx.lang == "zh"
    # a second visitor
    clock.advance(50)
    qtbot.mouseClick(shell.screens["home"].tiles["honours"], Qt.MouseButton.LeftButton)
    assert rec.visit is not None
    clock.advance(8)
    mode.idle_reset()  # called directly (not by the timer): ends now
    path = close_and_read(rec)

    visits = rows(path, "SELECT started_at, ended_at, lang, lang_end, mode FROM visits ORDER BY id")
    assert visits[0][0] == start and visits[0][2:] == ("zh", "en", "kiosk")
    assert visits[0][1] == pytest.approx(start + 30 - 0.3)  # the last touch, not the reset
    assert visits[1] == (start + 80, start + 88, "zh", "zh", "kiosk")
    assert rows(path, "SELECT visit_id, screen, seconds FROM views ORDER BY id") == [
        (1, "home", 0.0), (1, "theme:industry", pytest.approx(30 - 0.3)), (2, "home", 0.0), (2, "honours", 8.0)]
    # the language reset at the idle reset is not a switch; only the visitor's is
    assert rows(path, "SELECT visit_id, kind, value FROM events ORDER BY id") == [
        (1, "home_tap", "theme:industry"), (1, "language", "en"), (2, "home_tap", "honours")]


def test_flush_timer_writes_batches_on_the_writer_thread(make_shell, recorders, tmp_path,
                                                          qtbot) -> None:
    shell = make_shell()
    rec = recorders(shell, path=tmp_path / "a.sqlite3", flush_ms=30)
    for target in ("theme:industry", "theme:opening", "home"):
        shell.go(target, animate=False)
    # home, industry and opening views, and the visit itself
    qtbot.waitUntil(lambda: rec.writer.written >= 4, timeout=5000)
    assert rec.pending == []
    assert rec.writer.thread_ids == {rec.writer.thread_ident}
    assert threading.get_ident() not in rec.writer.thread_ids  # never the GUI thread
    assert rec.writer.thread_ident != threading.main_thread().ident


def test_recorder_survives_an_unusable_folder(make_shell, recorders, tmp_path, caplog) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    shell = make_shell()
    with caplog.at_level(logging.WARNING, logger="lusong_kiosk.analytics"):
        rec = recorders(shell, path=blocker / "analytics.sqlite3")
        shell.go("theme:industry")
        shell.go("home")
        rec.flush()
        assert rec.writer.sync()
        rec.close()
    assert shell.current_target == "home"  # the exhibition went on
    assert rec.writer.errors >= 1 and rec.writer.written == 0
    assert any("analytics" in r.getMessage() and "ignored" in r.getMessage() for r in caplog.records)


def test_attach_follows_the_settings(make_shell) -> None:
    from lusong_kiosk.modes.demo import DemoMode

    shell = make_shell(analytics=False)
    assert recorder.attach(shell, DemoMode(shell), shell.ctx.settings) is None
    shell = make_shell(mode="presenter")
    assert recorder.attach(shell, None, shell.ctx.settings) is None
    shell = make_shell()
    rec = recorder.attach(shell, DemoMode(shell), shell.ctx.settings)
    try:
        assert isinstance(rec, Recorder) and rec.mode == "demo"
        assert rec.writer.path == store.default_path()
    finally:
        rec.close()
    assert rows(store.default_path(), "SELECT count(*) FROM visits") == [(1,)]
    store.default_path().unlink()


# --- the writer -----------------------------------------------------------------------------------

def test_schema_and_version(tmp_path) -> None:
    conn = store.open_db(tmp_path / "a.sqlite3")
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == store.SCHEMA_VERSION
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert tables == {"visits", "views", "events", "daily"}
        columns = {t: [r[1] for r in conn.execute(f"PRAGMA table_info({t})")] for t in tables}
        # anonymous by construction: times, screens, ids of content, languages, choices; nothing else
        assert columns["visits"] == ["id", "started_at", "ended_at", "lang", "lang_end", "accessibility", "mode"]
        assert columns["views"] == ["id", "visit_id", "screen", "entered_at", "seconds"]
        assert columns["events"] == ["id", "visit_id", "kind", "value", "ts"]
        assert conn.execute("PRAGMA auto_vacuum").fetchone()[0] == 2  # incremental
    finally:
        conn.close()


def test_a_newer_apps_database_is_left_alone(tmp_path, writers, caplog) -> None:
    path = tmp_path / "a.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    before = path.read_bytes()
    with caplog.at_level(logging.ERROR, logger="lusong_kiosk.analytics"):
        w = writers(path)
        w.submit(records()[:3])
        assert w.sync()
    assert w.written == 0 and path.read_bytes() == before
    assert not list(tmp_path.glob("*.corrupt-*"))
    assert any("schema version 99" in r.getMessage() for r in caplog.records)


def damage_pages(path: Path) -> None:
    data = bytearray(path.read_bytes())
    page = 4096
    assert len(data) > 3 * page
    for i in range(page + 16, len(data) - 16, 7):  # everything after the header page
        data[i] = 0xA5
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", ["not a database", "damaged pages"])
def test_a_corrupt_database_is_moved_aside(tmp_path, writers, damage, caplog) -> None:
    path = tmp_path / "analytics.sqlite3"
    if damage == "not a database":
        path.write_bytes(b"PK\x03\x04 definitely not sqlite " * 200)
    else:
        build_db(path)
        damage_pages(path)
    broken = path.read_bytes()
    with caplog.at_level(logging.WARNING, logger="lusong_kiosk.analytics"):
        w = writers(path)
        w.submit(records()[:4])
        assert w.sync()
    aside = list(tmp_path.glob("analytics.sqlite3.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_bytes() == broken  # kept for a look, never deleted
    assert w.written == 4
    assert rows(path, "SELECT count(*) FROM visits") == [(1,)]
    assert rows(path, "PRAGMA integrity_check") == [("ok",)]
    assert any("corrupt" in r.getMessage() for r in caplog.records)


def test_a_database_damaged_while_running_is_replaced(tmp_path, writers) -> None:
    path = tmp_path / "analytics.sqlite3"
    w = writers(path)
    w.submit(records())
    assert w.sync() and w.written > 0
    w._q.put(("call", None))  # an unknown command is logged, the thread goes on
    path.write_bytes(b"garbage" * 2000)  # overwritten under the open connection
    for _ in range(3):
        w.submit(records()[:4])
        assert w.sync()
    assert list(tmp_path.glob("analytics.sqlite3.corrupt-*"))
    assert rows(path, "PRAGMA integrity_check") == [("ok",)]
    assert rows(path, "SELECT count(*) FROM visits")[0][0] >= 1


def test_a_locked_database_is_logged_and_the_batch_retried(tmp_path, writers, caplog) -> None:
    path = build_db(tmp_path / "analytics.sqlite3", [])
    w = writers(path, busy_timeout=0.05)
    assert w.sync()
    lock = sqlite3.connect(path, isolation_level=None)
    lock.execute("BEGIN EXCLUSIVE")
    try:
        with caplog.at_level(logging.WARNING, logger="lusong_kiosk.analytics"):
            assert w.submit(records()[:4])  # never blocks, never raises
            assert w.sync()
        assert w.written == 0 and w.errors >= 1
        assert any("locked" in r.getMessage() for r in caplog.records)
    finally:
        lock.execute("ROLLBACK")
        lock.close()
    w.submit(records()[4:6])
    assert w.sync()
    assert w.written == 6  # the kept batch went in with the next one, in one transaction
    assert rows(path, "SELECT count(*), min(ended_at) IS NOT NULL FROM visits") == [(2, 1)]
    assert rows(path, "SELECT count(*) FROM views") == [(2,)]


def test_unwritable_path_never_raises(tmp_path, writers, caplog) -> None:
    folder = tmp_path / "folder-as-db"
    folder.mkdir()
    with caplog.at_level(logging.WARNING, logger="lusong_kiosk.analytics"):
        w = writers(folder)  # a directory where the file should be
        for _ in range(3):
            assert w.submit(records()[:2])
            assert w.sync()
    assert w.written == 0 and w.errors >= 3
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert 1 <= len(warnings) < 3  # the same error is not logged again and again


def test_a_crashed_visit_is_closed_at_the_next_start(tmp_path, writers) -> None:
    path = build_db(tmp_path / "analytics.sqlite3")  # its last visit never ended
    w = writers(path, prune_at_start=False)
    assert w.sync()
    start = ts(2024, 5, 3, 11, 55)
    assert rows(path, "SELECT ended_at, lang_end FROM visits WHERE started_at = ?", start) == [(start + 15, "zh")]


def test_writer_queue_is_bounded(tmp_path, monkeypatch, caplog) -> None:
    gate = threading.Event()
    real = writer.write_batch

    def slow(*args):
        gate.wait(5)
        return real(*args)

    monkeypatch.setattr(writer, "write_batch", slow)
    w = Writer(tmp_path / "a.sqlite3")
    try:
        with caplog.at_level(logging.WARNING, logger="lusong_kiosk.analytics"):
            accepted = [w.submit([("event", None, "language", "en", T0)]) for _ in range(writer.MAX_QUEUED + 5)]
        assert accepted.count(False) >= 4 and w.dropped >= 4  # dropped, not waited for
    finally:
        gate.set()
        w.close()
    assert w.written == accepted.count(True)


# --- retention ------------------------------------------------------------------------------------

def test_prune_aggregates_100k_old_events_and_keeps_the_file_bounded(tmp_path) -> None:
    path = tmp_path / "analytics.sqlite3"
    now = ts(2025, 6, 1, 12, 0)
    old_day = ts(2025, 1, 10, 8, 0)  # well over 90 days before
    kinds = ("home_tap", "timeline_event", "language")
    conn = store.open_db(path)
    try:
        conn.execute("BEGIN")
        conn.executemany("INSERT INTO events (visit_id, kind, value, ts) VALUES (NULL, ?, ?, ?)",
                         ((kinds[i % 3], f"v{i % 7}", old_day + (i % 5) * 86400 + i * 0.01) for i in range(100_000)))
        conn.executemany("INSERT INTO events (visit_id, kind, value, ts) VALUES (NULL, 'language', 'en', ?)",
                         ((now - 3600 * i,) for i in range(10)))  # recent: kept
        conn.executemany("INSERT INTO views (visit_id, screen, entered_at, seconds) VALUES (NULL, ?, ?, 2.5)",
                         (("home" if i % 2 else "honours", old_day + i) for i in range(1000)))
        conn.execute("COMMIT")
        size_before = path.stat().st_size
        removed = store.prune(conn, now=now, days=90)
        assert removed == {"visits": 0, "views": 1000, "events": 100_000}
        assert conn.execute("SELECT count(*) FROM events").fetchone()[0] == 10
        assert conn.execute("SELECT count(*) FROM views").fetchone()[0] == 0
        daily = conn.execute("SELECT kind, sum(count), count(*) FROM daily WHERE kind IN (?, ?, ?) GROUP BY kind",
                             kinds).fetchall()
        per_kind = {k: (n, r) for k, n, r in daily}
        assert sum(n for n, _ in per_kind.values()) == 100_000
        assert per_kind["home_tap"][0] == 33_334 and per_kind["language"][0] == 33_333
        assert all(r <= 5 * 7 for _, r in per_kind.values())  # at most one row per day and value
        views = conn.execute("SELECT sum(count), sum(seconds) FROM daily WHERE kind = 'view'").fetchone()
        assert views == (1000, 2500.0)
        # pruning again adds nothing (the rows are gone), and the summary is not doubled
        assert store.prune(conn, now=now, days=90) == {"visits": 0, "views": 0, "events": 0}
        assert conn.execute("SELECT sum(count) FROM daily WHERE kind IN (?, ?, ?)", kinds).fetchone()[0] == 100_000
    finally:
        conn.close()
    size_after = path.stat().st_size
    assert size_after < size_before / 10  # the freed pages went back to the file system
    assert size_after < 200_000


def test_prune_cutoff_is_a_local_midnight_and_a_later_prune_adds_up(tmp_path) -> None:
    path = tmp_path / "analytics.sqlite3"
    conn = store.open_db(path)
    try:
        day = ts(2024, 1, 1, 0, 0)
        conn.execute("BEGIN")
        conn.executemany("INSERT INTO events (kind, value, ts) VALUES ('home_tap', 'honours', ?)",
                         [(day + 60,), (day + 23 * 3600,), (day + 86400 + 60,)])
        conn.execute("COMMIT")
        now = dt.datetime(2024, 1, 1, 23, 59).timestamp() + 90 * 86400
        assert store.cutoff_for(now, 90) == day
        assert store.prune(conn, now, 90)["events"] == 0  # 1 January is not whole yet 90 days ago
        assert store.prune(conn, now + 60, 90)["events"] == 2  # 2 January 00:00: 1 January goes
        assert store.prune(conn, now + 86400 + 60, 90)["events"] == 1
        assert conn.execute("SELECT day, count FROM daily ORDER BY day").fetchall() == [
            ("2024-01-01", 2), ("2024-01-02", 1)]
    finally:
        conn.close()


def test_writer_prunes_at_start(tmp_path, writers) -> None:
    path = build_db(tmp_path / "analytics.sqlite3")  # May 2024: long past the retention
    w = writers(path)
    assert w.sync()
    assert rows(path, "SELECT count(*) FROM visits") == [(0,)]
    assert rows(path, "SELECT sum(count) FROM daily WHERE kind = 'visits'") == [(5,)]
    w.request_prune()  # the daily prune: nothing left to do, no error
    assert w.sync() and w.errors == 0


def test_analytics_pause_on_an_unwritable_disk_and_resume_when_it_is_back(tmp_path, writers, caplog) -> None:
    """A full or read-only data folder pauses the analytics (said once); they resume, with the
    records kept meanwhile, as soon as the disk can be written again."""
    blocker = tmp_path / "data"
    blocker.write_text("a file where the folder should be", encoding="utf-8")  # ENOTDIR, even as root
    with caplog.at_level(logging.INFO, logger="lusong_kiosk.analytics"):
        w = writers(blocker / "data" / "analytics.sqlite3")
        for i in range(3):
            assert w.submit(records()[2 * i:2 * i + 2])
            assert w.sync()
        assert w.paused and w.written == 0
        assert sum("analytics: paused" in r.getMessage() for r in caplog.records) == 1
        blocker.unlink()
        blocker.mkdir()  # space is back
        assert w.submit(records()[6:8])
        assert w.sync()
    assert w.paused is None and w.written == 8
    assert any("analytics: resumed" in r.getMessage() for r in caplog.records)
    visits = sum(r[0] == "visit" for r in records()[:8])
    assert rows(blocker / "data" / "analytics.sqlite3", "SELECT count(*) FROM visits") == [(visits,)]
