"""A screen that fails to build never takes the exhibition down."""

from __future__ import annotations

import logging
from pathlib import Path

ASSETS = Path(__file__).resolve().parent.parent / "assets"


def test_exception_in_a_screen_leaves_the_app_home_with_a_log_entry(qtbot, make_shell, caplog):
    shell = make_shell()

    def broken():
        raise RuntimeError("injected failure")

    shell.factories["theme:opening"] = broken
    shell.go("theme:industry", animate=False)
    with caplog.at_level(logging.ERROR):
        ok = shell.go("theme:opening")
    assert not ok
    assert shell.current_target == "home"
    assert shell.stage.current is shell.screens["home"] and shell.stage.current.isVisible()
    assert any("injected failure" in r.getMessage() or (r.exc_info and "injected" in str(r.exc_info[1]))
               for r in caplog.records)
    # and the rest still works
    assert shell.go("theme:ecology")


def test_missing_icon_shows_a_placeholder_and_logs(qtbot, tmp_path, caplog):
    from lusong_kiosk.ui.widgets import icon_pixmap

    with caplog.at_level(logging.WARNING):
        pm = icon_pixmap(ASSETS, "icons/does-not-exist.svg", 64)
    assert not pm.isNull() and pm.width() == 64
    assert any("does-not-exist" in r.getMessage() for r in caplog.records)
    bad = tmp_path / "icons"
    bad.mkdir()
    (bad / "broken.svg").write_text("<svg><path d=")
    (tmp_path / "images").mkdir()
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        pm = icon_pixmap(tmp_path, "icons/broken.svg", 32)
    assert not pm.isNull()
    assert any("broken.svg" in r.getMessage() and "XML" in r.getMessage() for r in caplog.records)
