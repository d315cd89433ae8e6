"""Text contrast: every text a visitor can see stands >= 4.5:1 from what is drawn under it, on
every screen, at the four sizes, in both languages, in the normal and the high-contrast palette."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor

from conftest import SIZES, Windows, problems_on_every_screen

TARGETS = ["home", "theme:industry", "theme:opening", "theme:innovation", "theme:ecology",
           "theme:livelihood", "timeline", "honours"]


def every_screen(qtbot, shell) -> list[str]:
    """The contrast problems of every screen in both languages, one line each."""
    from lusong_kiosk.ui.audit import contrast

    return problems_on_every_screen(qtbot, shell, TARGETS, contrast)


@pytest.fixture(scope="module")
def shell_at(qapp, exhibition):
    """shell_at(w, h) -> this module's one shell at that size, on the home screen in Chinese. The
    audits only read, so they share it: each sets the whole look it audits (palette and text
    size) as a visitor's change in the access panel does, and leaves it for the next, whose own
    look replaces it (put back, it restyled every screen once more for nothing)."""
    windows = Windows(exhibition, reduce_motion=True)
    yield windows
    windows.close()


def audit(qtbot, shell, text_scale: float = 1.0, high_contrast: bool = False) -> list[str]:
    """``every_screen``'s problems in that look, then Chinese and the home screen again."""
    from lusong_kiosk.ui import access

    access.apply(shell, text_scale=text_scale, high_contrast=high_contrast)
    try:
        return every_screen(qtbot, shell)
    finally:
        shell.set_language("zh")
        shell.go("home", animate=False)
        shell.finish_all()


def test_the_ratio_is_wcag_s():
    from lusong_kiosk.ui.audit import contrast_ratio

    assert contrast_ratio(QColor("#FFFFFF"), QColor("#000000")) == pytest.approx(21.0)
    assert contrast_ratio(QColor("#777777"), QColor("#FFFFFF")) == pytest.approx(4.48, abs=0.01)
    # the source lines' old grey on the page and on a card
    assert contrast_ratio(QColor("#6B7894"), QColor("#0B1220")) == pytest.approx(4.23, abs=0.01)


def test_the_audit_reads_the_background_actually_drawn(qtbot):
    from PySide6.QtWidgets import QLabel, QWidget

    from lusong_kiosk.ui.audit import contrast

    root = QWidget()
    root.setStyleSheet("QWidget { background: #141E33; }")
    qtbot.addWidget(root)
    low = QLabel("来源：低对比度 / source", root)
    low.setStyleSheet("color: #6B7894; font-size: 22px;")
    ok = QLabel("来源：足够 / source", root)
    ok.setStyleSheet("color: #8A97B2; font-size: 22px;")
    ok.move(0, 40)
    root.resize(400, 100)
    root.show()
    qtbot.waitExposed(root)
    problems = contrast(root)
    assert len(problems) == 1 and "低对比度" in problems[0] and "#141e33" in problems[0]


@pytest.mark.parametrize("high", [False, True], ids=["normal", "high-contrast"])
@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_every_text_on_every_screen_stands_out(qtbot, shell_at, size, high):
    assert audit(qtbot, shell_at(*size), high_contrast=high) == []


@pytest.mark.parametrize("high", [False, True], ids=["normal", "high-contrast"])
@pytest.mark.parametrize("text", [1.25, 1.5])
def test_larger_text_keeps_its_contrast(qtbot, shell_at, text, high):
    assert audit(qtbot, shell_at(1366, 768), text_scale=text, high_contrast=high) == []
