"""A kiosk never goes dark on bad files: it starts on the last good content (with the
technician's marker), or shows the calm "temporarily unavailable" screen until the files are
fixed; demo mode still refuses and lists the problems. The start applies `check`'s rules,
the bundled font's included (control characters, bidi overrides)."""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ASSETS, CONTENT, fast_settings

THEME = "themes/01-industry.toml"
TITLE = 'title = { zh = "产业提质", en = "Upgrading industry" }'
BIDI = 'title = { zh = "产业提质", en = "Upgrading \u202eindustry" }'  # drew "Upgradingyrtsudni"


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data folder of this test's own: no last good content from another test."""
    folder = tmp_path / "data"
    monkeypatch.setenv("LUSONG_KIOSK_DATA", str(folder))
    return folder


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(CONTENT, folder)
    return folder


def edit(content: Path, old: str, new: str) -> None:
    path = content / THEME
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def run(args: list[str], data: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, LUSONG_KIOSK_DATA=str(data), QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-m", "lusong_kiosk", *args], env=env, capture_output=True,
                          text=True, timeout=timeout)


def log_text(data: Path) -> str:
    return (data / "logs" / "lusong-kiosk.log").read_text(encoding="utf-8")


def test_a_restarted_kiosk_with_broken_files_shows_the_last_good_content(data, content):
    from lusong_kiosk.app import content_for_start
    from lusong_kiosk.validated import load_content

    load_content(content, ASSETS)  # an earlier start (or live update) checked the good files
    edit(content, TITLE, 'title = { zh = "产业提质", en = 42 }')
    result = run(["--mode", "kiosk", "--content", str(content), "--smoke-ms", "1500"], data)
    assert result.returncode == 0, result.stderr
    text = log_text(data)
    assert "started in kiosk mode on the last good content" in text
    assert text.count("01-industry.toml: title.en") == 1  # every problem logged, once
    assert "nothing started" not in result.stderr

    ex, problems = content_for_start(fast_settings(mode="kiosk"), content, ASSETS)
    assert ex.theme("industry").title("en") == "Upgrading industry"  # what the visitor sees
    assert [p.field for p in problems] == ["title.en"]


def test_demo_mode_refuses_a_bidi_override_and_the_refusal_is_no_clean_exit(data, content):
    edit(content, TITLE, BIDI)
    result = run(["--mode", "demo", "--content", str(content), "--smoke-ms", "1500"], data)
    assert result.returncode == 1
    assert "title.en: the bundled font cannot draw" in result.stderr and "U+202E" in result.stderr
    text = log_text(data)
    assert "refused: nothing was shown" in text and "clean exit" not in text
    state = json.loads((data / "state.json").read_text(encoding="utf-8"))
    assert state["running"] is False  # the next start does not count a crash either


def test_the_kiosk_starts_on_the_last_good_content_rather_than_a_bidi_override(data, content, caplog):
    from lusong_kiosk.app import content_for_start
    from lusong_kiosk.content import ContentError
    from lusong_kiosk.validated import load_content

    load_content(content, ASSETS)
    edit(content, TITLE, BIDI)
    caplog.set_level(logging.WARNING)
    ex, problems = content_for_start(fast_settings(mode="kiosk"), content, ASSETS)
    assert ex.theme("industry").title("en") == "Upgrading industry"
    assert len(problems) == 1 and "U+202E" in str(problems[0])
    assert "showing the last good content" in caplog.text
    with pytest.raises(ContentError):
        content_for_start(fast_settings(mode="demo"), content, ASSETS)


def test_the_marker_shows_the_files_problems_on_the_technicians_keypad(qtbot, make_kiosk, content):
    from lusong_kiosk.content import Problem
    from lusong_kiosk.live import LiveContent

    shell, mode = make_kiosk(idle_timeout=60)
    live = LiveContent(shell, mode, content, ASSETS)
    try:
        live.started_with_problems([Problem("themes/01-industry.toml", "title.en", "bad")])
        assert live.marker
        mode.pinpad.open_pad()
        assert live.dot.isVisible() and "title.en" in live.dot.toolTip()
    finally:
        live.stop()


def test_no_last_good_content_shows_unavailable_until_a_good_edit(qtbot, data, content, monkeypatch):
    from lusong_kiosk.app import Running, content_for_start

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # the run sets its own
    edit(content, TITLE, BIDI)
    settings = fast_settings(mode="kiosk", analytics=False, idle_timeout=60.0, attract_delay=60.0, watchdog_s=0)
    ex, problems = content_for_start(settings, content, ASSETS)
    assert ex is None and problems
    run = Running(settings, content, ASSETS, data / "log")
    run.wait_for_content(problems)
    try:
        screen = run.unavailable.screen
        qtbot.waitExposed(screen)
        assert screen.isFullScreen() and screen.texts() == ("暂停服务", "Temporarily unavailable")
        assert not screen.close() and screen.isVisible()  # locked: a close request is refused
        edit(content, BIDI, 'title = { zh = "产业提质", en = "Industry, upgraded" }')
        qtbot.waitUntil(lambda: run.shell is not None and run.shell.isVisible(), timeout=10000)
        assert not screen.isVisible()
        assert run.shell.ctx.exhibition.theme("industry").title("en") == "Industry, upgraded"
        assert run.shell.current_target == "home"
    finally:
        run.close()
