"""Text contrast: every text a visitor can see stands >= 4.5:1 from what is drawn under it, on
every screen, at the four sizes, in both languages, in the normal and the high-contrast palette."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor

from conftest import SIZES, problems_on_every_screen

TARGETS = ["home", "theme:industry", "theme:opening", "theme:innovation", "theme:ecology",
           "theme:livelihood", "timeline", "honours"]


def every_screen(qtbot, shell) -> list[str]:
    """The contrast problems of every screen in both languages, one line each."""
    from lusong_kiosk.ui.audit import contrast

    return problems_on_every_screen(qtbot, shell, TARGETS, contrast)


def audit(qtbot, reading_windows, size, text_scale: float = 1.0, high_contrast: bool = False) -> list[str]:
    """``every_screen``'s problems at that size in that look (the shared window: conftest)."""
    return every_screen(qtbot, reading_windows(*size, text_scale=text_scale, high_contrast=high_contrast))


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
def test_every_text_on_every_screen_stands_out(qtbot, reading_windows, size, high):
    assert audit(qtbot, reading_windows, size, high_contrast=high) == []


@pytest.mark.parametrize("high", [False, True], ids=["normal", "high-contrast"])
@pytest.mark.parametrize("text", [1.25, 1.5])
def test_larger_text_keeps_its_contrast(qtbot, reading_windows, text, high):
    assert audit(qtbot, reading_windows, (1366, 768), text_scale=text, high_contrast=high) == []
