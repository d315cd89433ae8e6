"""A wrapped label (ui/widgets/labels.WrapLabel) is as tall as its text at its width, whatever
changed last: its text, its font, its width, its padding -- and a change that changes nothing
does not measure it again."""

from __future__ import annotations

import pytest


@pytest.fixture
def column(qtbot):
    """(window, label): a wrapped label in a 300 px wide column, shown."""
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    from lusong_kiosk.ui.widgets import label

    root = QWidget()
    qtbot.addWidget(root)
    lay = QVBoxLayout(root)
    lab = label("a few words")
    lay.addWidget(lab)
    lay.addStretch()
    root.resize(300, 900)
    root.show()
    qtbot.waitExposed(root)
    return root, lab


def natural_height(lab) -> int:
    """What a plain QLabel like ``lab``, with no minimum height, needs at ``lab``'s width."""
    from PySide6.QtWidgets import QLabel

    ref = QLabel(lab.text())
    ref.setWordWrap(True)
    ref.setFont(lab.font())
    ref.setContentsMargins(lab.contentsMargins())
    return ref.heightForWidth(lab.width())


def settle(qtbot, root, lab) -> None:
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()
    qtbot.waitUntil(lambda: lab.height() == lab.minimumHeight())


def test_it_follows_its_text_font_and_width_both_ways(qtbot, column):
    root, lab = column
    words = "荣誉 honour " * 40
    steps = [
        ("longer text", lambda: lab.setText(words)),
        ("shorter text", lambda: lab.setText("one line")),
        ("longer again", lambda: lab.setText(words)),
        ("larger font", lambda: lab.setStyleSheet("font-size: 40px;")),
        ("smaller font", lambda: lab.setStyleSheet("font-size: 12px;")),
        ("narrower", lambda: root.resize(160, 900)),
        ("wider", lambda: root.resize(500, 900)),
        ("padding", lambda: lab.setContentsMargins(0, 30, 0, 30)),
        ("no padding", lambda: lab.setContentsMargins(0, 0, 0, 0)),
        ("same text", lambda: lab.setText(words)),
    ]
    heights = []
    for what, step in steps:
        step()
        settle(qtbot, root, lab)
        assert lab.minimumHeight() == natural_height(lab) == lab.height(), what
        heights.append(lab.height())
    # each step moved the height the way it should (else the test proves nothing)
    up, down, up2, bigger, smaller, narrower, wider, pad, nopad, same = heights
    assert down < up == up2 < bigger and smaller < bigger
    assert narrower > smaller > wider and pad == wider + 60 and nopad == wider == same


def test_a_minimum_set_from_outside_is_fitted_again(qtbot, column):
    root, lab = column
    lab.setText("short")
    settle(qtbot, root, lab)
    lab.setMinimumHeight(400)  # someone else's minimum: the next fit puts the text's back, as it always did
    lab.setText("short")
    assert lab.minimumHeight() == natural_height(lab) < 400


def test_a_restyle_that_changes_nothing_measures_nothing(qtbot, column, monkeypatch):
    root, lab = column
    lab.setText("荣誉 honour " * 20)
    settle(qtbot, root, lab)
    fitted = lab.minimumHeight()
    calls = []
    real = type(lab).setMinimumHeight
    monkeypatch.setattr(type(lab), "setMinimumHeight", lambda self, h: calls.append(h) or real(self, h))
    root.setStyleSheet("QWidget { color: #123456; }")  # a style change reaching the label, its size unchanged
    lab.setText(lab.text())
    settle(qtbot, root, lab)
    assert calls == [] and lab.minimumHeight() == fitted
    root.setStyleSheet("QWidget { font-size: 30px; }")  # a font that changes its height
    settle(qtbot, root, lab)
    assert calls and lab.minimumHeight() == natural_height(lab) > fitted
