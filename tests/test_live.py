"""Live content updates in kiosk mode (live.py): valid edits applied at a safe point, invalid
ones ignored with a technician-only marker, half-written files and editor temp files ignored."""

from __future__ import annotations

import logging
import shutil

import pytest
from PySide6.QtCore import QTimer

from conftest import ASSETS, CONTENT, fast_settings

THEME = "themes/01-industry.toml"
OLD_TITLE = 'title = { zh = "产业提质", en = "Upgrading industry" }'


@pytest.fixture
def kiosk(qtbot, tmp_path):
    """(shell, kiosk mode, live, content folder): a kiosk on copies of content/ and assets/."""
    from lusong_kiosk.app import build_shell
    from lusong_kiosk.live import LiveContent
    from lusong_kiosk.modes.kiosk import KioskMode

    content, assets = tmp_path / "content", tmp_path / "assets"
    shutil.copytree(CONTENT, content)
    shutil.copytree(ASSETS, assets)
    settings = fast_settings(mode="kiosk", idle_timeout=60.0, attract_delay=60.0,
                             content=str(content), assets=str(assets))
    shell = build_shell(settings)
    qtbot.addWidget(shell)
    shell.resize(1366, 768)
    shell.show()
    qtbot.waitExposed(shell)
    mode = KioskMode(shell)
    live = LiveContent(shell, mode, content, assets, quiet_ms=300, stable_ms=250)
    yield shell, mode, live, content
    live.stop()
    mode.detach()


def edit(content, old: str, new: str, name: str = THEME) -> None:
    path = content / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def home_title(shell) -> str:
    return shell.screens["home"].tiles["theme:industry"].title.text()


def test_valid_edit_is_applied_within_2s_at_home(kiosk, qtbot, caplog):
    shell, _mode, live, content = kiosk
    old_home = shell.screens["home"]
    assert home_title(shell) == "产业提质"
    caplog.set_level(logging.INFO)
    edit(content, OLD_TITLE, 'title = { zh = "产业升级", en = "Industry, upgraded" }')
    with qtbot.waitSignal(live.applied, timeout=2000):
        pass
    assert shell.current_target == "home"
    assert shell.screens["home"] is not old_home
    assert home_title(shell) == "产业升级"
    assert shell.ctx.exhibition.theme("industry").title("en") == "Industry, upgraded"
    assert not live.marker
    assert "content updated" in caplog.text
    assert shell.go("theme:industry")  # the theme page is built again from the new content
    assert shell.screens["theme:industry"].theme.title("zh") == "产业升级"


def test_edit_is_deferred_while_a_visitor_is_on_a_theme_page(kiosk, qtbot):
    shell, mode, live, content = kiosk
    shell.go("theme:opening", animate=False)
    page = shell.screens["theme:opening"]
    edit(content, OLD_TITLE, 'title = { zh = "产业升级", en = "Industry, upgraded" }')
    qtbot.waitUntil(lambda: live.pending is not None, timeout=3000)
    live.safe_check.setInterval(1)  # (250 ms in the app) several safe-point checks pass: still deferred
    for _ in range(3):
        with qtbot.waitSignal(live.safe_check.timeout, timeout=2000):
            pass
    assert live.updates == 0
    assert shell.current_target == "theme:opening" and shell.screens["theme:opening"] is page
    assert shell.ctx.exhibition.theme("industry").title("zh") == "产业提质"
    with qtbot.waitSignal(live.applied, timeout=2000):
        mode.idle.start(10)  # the visitor walks away: the idle reset comes
    assert shell.current_target == "home"
    assert home_title(shell) == "产业升级"


def test_invalid_edit_keeps_old_content_and_sets_marker_until_fixed(kiosk, qtbot, caplog):
    shell, mode, live, content = kiosk
    caplog.set_level(logging.WARNING)
    edit(content, OLD_TITLE, 'title = { zh = "产业升级", en = ')  # a TOML syntax error
    with qtbot.waitSignal(live.rejected, timeout=3000):
        pass
    assert live.marker and mode.live is live
    assert home_title(shell) == "产业提质"
    assert shell.ctx.exhibition.theme("industry").title("zh") == "产业提质"
    problems = [str(p) for p in live.problems]
    assert any("01-industry.toml" in p and "line" in p and "TOML syntax error" in p for p in problems), problems
    assert "01-industry.toml" in caplog.text and "TOML syntax error" in caplog.text
    # the marker: only inside the technician's PIN pad, never on a visitor's screen
    assert not live.dot.isVisible()
    mode.pinpad.open_pad()
    assert live.dot.isVisible()
    mode.pinpad.close_pad()
    # a field error is reported with its field
    edit(content, 'title = { zh = "产业升级", en = ', 'title = { zh = "产业升级" }')
    with qtbot.waitSignal(live.rejected, timeout=3000):
        pass
    assert any("01-industry.toml" in str(p) and "title" in str(p) for p in live.problems), live.problems
    # fixed: applied, the marker cleared
    edit(content, 'title = { zh = "产业升级" }', 'title = { zh = "产业升级", en = "Industry, upgraded" }')
    with qtbot.waitSignal(live.applied, timeout=3000):
        pass
    assert not live.marker and not live.problems
    assert home_title(shell) == "产业升级"


def test_half_written_file_is_never_taken(kiosk, qtbot):
    shell, _mode, live, content = kiosk
    path = content / THEME
    full = path.read_text(encoding="utf-8").replace(OLD_TITLE, 'title = { zh = "产业升级", en = "Industry, upgraded" }')
    data = full.encode("utf-8")
    rejected: list = []
    live.rejected.connect(rejected.append)
    path.write_bytes(data[: len(data) // 2])  # the editor has written the first half...
    QTimer.singleShot(200, lambda: path.write_bytes(data))  # ...and the rest a moment later
    with qtbot.waitSignal(live.applied, timeout=4000):
        pass
    assert rejected == [] and live.loads == 1  # the half state was never loaded
    assert home_title(shell) == "产业升级"


def test_editor_temp_files_are_ignored(kiosk, qtbot):
    from lusong_kiosk.live import is_temp

    _shell, _mode, live, content = kiosk
    for name in (".01-industry.toml.swp", "01-industry.toml~", "#01-industry.toml#", "x.tmp", "4913"):
        assert is_temp(name)
        (content / "themes" / name).write_text("broken = [", encoding="utf-8")
    (content / "themes" / ".01-industry.toml.swp").write_text("more", encoding="utf-8")
    qtbot.waitUntil(lambda: live.checks >= 1, timeout=4000)
    assert live.loads == 0 and not live.marker
    assert not is_temp("01-industry.toml")


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_slow_copy_that_pauses_mid_file_is_not_applied_half_written(kiosk, qtbot):
    """A USB stick writes half the timeline (which parses: fewer events), pauses 1 s, then the
    rest. Only the whole file, unchanged for 2 s by the clock, is applied."""
    from lusong_kiosk.live import LiveContent

    shell, mode, old_live, content = kiosk
    old_live.stop()
    clock = FakeClock()
    live = LiveContent(shell, mode, content, content.parent / "assets", quiet_ms=0, stable_ms=2000,
                       poll_ms=60_000, debounce_ms=60_000, clock=clock)
    qtbot.waitUntil(lambda: getattr(live, "_worker", None) is None, timeout=5000)  # its first look at the files
    path = content / "timeline.toml"
    full = path.read_text(encoding="utf-8").replace("events", "events", 1)
    cut = full.index("[[events]]", len(full) // 2)  # a whole number of events: the half parses
    path.write_text(full[:cut], encoding="utf-8")
    n_events = len(shell.ctx.exhibition.timeline.events)
    live._settle()  # the change is seen
    clock.now += 1.0  # the copy pauses for a second
    live._settle()
    assert live.loads == 0 and live.pending is None  # (a load would have been counted as it started)
    path.write_text(full + "\n", encoding="utf-8")  # the rest arrives
    live._settle()
    clock.now += 1.9
    live._settle()
    assert live.loads == 0  # unchanged for 1.9 s only
    clock.now += 0.2
    with qtbot.waitSignal(live.applied, timeout=5000):
        live._settle()
    assert live.loads == 1
    assert len(shell.ctx.exhibition.timeline.events) == n_events
    live.stop()


RED_SQUARE = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">'
              '<rect x="0" y="0" width="24" height="24" fill="#fff"/></svg>')


def test_a_replaced_icon_is_shown_at_the_next_safe_point(kiosk, qtbot):
    shell, _mode, live, content = kiosk
    qtbot.waitUntil(lambda: getattr(live, "_worker", None) is None, timeout=5000)
    tile = shell.screens["home"].tiles["theme:industry"]
    before = tile.icon_label.pixmap().toImage()
    (content.parent / "assets" / "icons" / "industry.svg").write_text(RED_SQUARE, encoding="utf-8")
    with qtbot.waitSignal(live.applied, timeout=5000):
        pass
    after = shell.screens["home"].tiles["theme:industry"].icon_label.pixmap().toImage()
    assert after.size() == before.size() and after != before


def test_a_deleted_icon_keeps_its_last_good_picture(qapp, tmp_path):
    from lusong_kiosk.ui.widgets import icon_pixmap

    assets = tmp_path / "assets"
    shutil.copytree(ASSETS, assets)
    shown = icon_pixmap(assets, "icons/industry.svg", 48, "#E8A33D").toImage()
    placeholder = icon_pixmap(assets, "icons/no-such.svg", 48, "#E8A33D").toImage()
    assert shown != placeholder
    (assets / "icons" / "industry.svg").unlink()
    assert icon_pixmap(assets, "icons/industry.svg", 48, "#E8A33D").toImage() == shown
    (assets / "icons" / "industry.svg").write_text("<svg", encoding="utf-8")  # broken: the same
    assert icon_pixmap(assets, "icons/industry.svg", 48, "#E8A33D").toImage() == shown


def test_only_the_files_the_app_reads_are_watched(kiosk, qtbot):
    _shell, _mode, live, content = kiosk
    qtbot.waitUntil(lambda: getattr(live, "_worker", None) is None, timeout=5000)
    (content / "stray-video.mp4").write_bytes(b"\0" * 1000)
    (content.parent / "assets" / "images" / "unused.png").write_bytes(b"\0" * 1000)
    assert live.snapshot() == live._seen
    assert not any("stray" in p or "unused" in p for p in live.watcher.files())


def test_a_problem_is_logged_once_per_version_of_its_file(kiosk, qtbot, caplog):
    """A file left broken was logged again at every look (a 940 KB bad file: 220,000 lines)."""
    import os

    from lusong_kiosk.content import Problem
    from lusong_kiosk.content.problems import display_path

    _shell, _mode, live, content = kiosk
    path = content / THEME
    problem = Problem(display_path(path), "title.en", "missing the English text")
    caplog.set_level(logging.WARNING)
    for _ in range(3):
        live._log_problems([problem])
    assert caplog.text.count("missing the English text") == 1
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))  # saved again, same mistake
    live._log_problems([problem])
    assert caplog.text.count("missing the English text") == 2
