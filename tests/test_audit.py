"""ui/audit.py measures what a visitor sees: a rich-text label by its laid-out text, not its markup."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget


def _one_label(qtbot, markup: str, width: int) -> QWidget:
    root = QWidget()
    qtbot.addWidget(root)
    root.resize(800, 200)
    lab = QLabel(markup, root)
    lab.setTextFormat(Qt.TextFormat.RichText)
    lab.setGeometry(0, 0, width, 150)
    root.show()
    qtbot.waitExposed(root)
    return root


def test_a_rich_label_that_fits_is_not_measured_on_its_markup(qtbot):
    from lusong_kiosk.ui.audit import audit

    markup = '<span style="font-size:20px; font-weight:bold; color:#E8A33D">38</span> <span>个</span>'
    assert audit(_one_label(qtbot, markup, 200), 1.0) == []


def test_a_rich_label_too_narrow_for_its_big_span_is_clipped(qtbot):
    from lusong_kiosk.ui.audit import audit

    markup = '<span style="font-size:96px; font-weight:bold">1,000,000</span>'
    problems = audit(_one_label(qtbot, markup, 200), 1.0)
    assert any("clipped" in p and "width" in p for p in problems), problems
