"""The timeline's overview strip (ui/timeline/overview.py): its bracket follows the canvas, a tap
on it moves the canvas there, its still picture is drawn once, not per frame, and it is named for
assistive technology in both languages."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest

from lusong_kiosk.present.strings import text
from lusong_kiosk.ui import style
from lusong_kiosk.ui.audit import contrast_ratio
from lusong_kiosk.ui.timeline.axis import event_span

from test_timeline import SIZES, family, make, real_ex, settle  # noqa: F401 - fixtures


def bracket_times(s) -> tuple[float, float]:
    r = s.overview.bracket_rect()
    return s.overview.time_at(r.left()), s.overview.time_at(r.right())


@pytest.mark.parametrize("size", SIZES, ids=lambda wh: f"{wh[0]}x{wh[1]}")
def test_the_bracket_follows_a_pan_and_a_zoom(make, real_ex, size):  # noqa: F811 - the fixtures imported from test_timeline
    s = make(real_ex, *size)
    ov = s.overview
    assert ov.isVisible() and ov.width() > 0 and ov.height() > 0
    x0 = ov.bracket_rect().center().x()
    s.view.scroll_to_time(2020.0, 0.5, animate=False)
    settle(s)
    r = ov.bracket_rect()
    assert r.center().x() < x0, "panned back to 2020: the bracket moved left"
    assert r.left() - 2 <= ov.x_of(2020.0) <= r.right() + 2
    a, b = s.visible_range()
    assert abs(ov.x_of(a) - r.left()) <= 2 and abs(ov.x_of(b) - r.right()) <= 2
    w0 = r.width()
    s.zoom_by(2.0)
    assert ov.bracket_rect().width() < w0, "zoomed in: the bracket narrows"
    a, b = s.visible_range()
    assert abs(ov.x_of(a) - ov.bracket_rect().left()) <= 2


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)], ids=lambda wh: f"{wh[0]}x{wh[1]}")
def test_a_tap_on_the_strip_at_2010_brings_2010_into_view(make, real_ex, size, qtbot):  # noqa: F811 - the fixtures imported from test_timeline
    s = make(real_ex, *size)
    a, _ = s.visible_range()
    assert a > 2011
    ov = s.overview
    ov.ctx.reduce_motion = True
    y = ov.bracket_rect().center().y()
    QTest.mouseClick(ov, Qt.MouseButton.LeftButton, pos=QPoint(round(ov.x_of(2010.5)), y))
    settle(s)
    a, b = s.visible_range()
    assert a <= 2010.5 <= b
    assert any(event_span(e.date)[0] < 2011 and e.id in s.card_rects() for e in real_ex.events)


def test_the_still_picture_is_not_rebuilt_per_frame(make, real_ex, qtbot):  # noqa: F811 - the fixtures imported from test_timeline
    s = make(real_ex, 1920, 1080)
    ov = s.overview
    ov.grab()
    built = ov.builds
    assert built >= 1
    for t in (2020.0, 2021.0, 2015.0, 2022.5):  # frames of a pan and a zoom
        s.view.scroll_to_time(t, 0.5, animate=False)
        ov.grab()
    s.zoom_by(2.0)
    ov.grab()
    assert ov.builds == built
    s.ctx.lang = "en"  # as the shell does
    s.set_language("en")  # the eras' names: one new picture
    ov.grab()
    ov.grab()
    assert ov.builds == built + 1
    built += 1
    s.show_theme(real_ex.themes[0].id)  # the other themes' dots dim: a new picture, once
    ov.grab()
    ov.grab()
    assert ov.builds == built + 1


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_strip_is_named_and_its_text_readable(make, real_ex, lang):  # noqa: F811 - the fixtures imported from test_timeline
    s = make(real_ex, 1920, 1080, lang=lang)
    ov = s.overview
    assert ov.accessibleName() == text("timeline.overview", lang)
    a, b = s.visible_range()
    assert str(int(b)) in ov.accessibleDescription()
    assert contrast_ratio(QColor(style.MUTED), QColor(style.BG)) >= 4.5  # the segment years


def test_the_strips_years_are_as_large_as_the_chips_text(make, real_ex):  # noqa: F811 - the fixtures imported from test_timeline
    """At 1366 x 768 the segment years were 14 px, too small to read from where a visitor
    stands: they are the chips' text size now (20 px there), and 1954 is always labelled."""
    from lusong_kiosk.ui.timeline.axis import ticks
    from lusong_kiosk.ui.timeline.overview import LABEL

    s = make(real_ex, 1366, 768)
    m = s.ctx.metrics
    assert m.fpx(LABEL) == m.body >= 18
    ax = s.view.axis
    labelled = [t.year for t in ticks(ax, 900 / ax.total, 80, keep_first=True) if t.labelled]
    assert int(ax.first) in labelled
    assert all(abs(ax.u(y) - ax.u(ax.first)) * 900 / ax.total >= 80 for y in labelled if y != int(ax.first))


def test_the_dots_of_a_year_without_months_spread_over_that_year(real_ex):  # noqa: F811 - the fixture imported from test_timeline
    """The 2022 events with no month stacked into one pile of dots at the year's start."""
    from lusong_kiosk.ui.timeline.overview import _dot_times

    events = list(real_ex.events)
    times = _dot_times(events)
    year_only = [t for e, t in zip(events, times, strict=True) if e.date == "2022"]
    assert len(year_only) >= 5
    assert len({round(t, 4) for t in year_only}) == len(year_only)
    assert all(2022 < t < 2023 for t in year_only)


@pytest.mark.parametrize("size", SIZES, ids=lambda wh: f"{wh[0]}x{wh[1]}")
def test_the_strip_covers_no_chip_after_a_change_of_language(make_shell, qtbot, size):
    """The chips' first line is longer in one language than the other: the strip beside it
    moves with it, never over a button."""
    shell = make_shell(*size, reduce_motion=True)
    shell.go("timeline", animate=False)
    shell.finish_all()
    s = shell.stage.current
    for lang in ("en", "zh", "en"):
        shell.set_language(lang)
        qtbot.wait(1)  # the chips' pending layout runs: where the visitor sees the buttons
        strip = s.overview.geometry()
        for b in s.chips.buttons():
            if b.isVisible():
                r = b.geometry().translated(s.chips.pos())
                assert not strip.intersects(r), f"{lang}: the strip covers {b.accessibleName() or b.text()}"
