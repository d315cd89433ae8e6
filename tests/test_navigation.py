"""A visitor taps, swipes and switches language; the right screen and labels appear."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QEvent, QPoint, QRect, Qt
from PySide6.QtGui import QPointingDevice, QRegion
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QAbstractButton

THEMES = ["industry", "opening", "innovation", "ecology", "livelihood"]


@pytest.fixture(scope="module")
def touch_device():
    return QTest.createTouchDevice(QPointingDevice.DeviceType.TouchScreen)


def tap(qtbot, widget, touch=None):
    center = widget.rect().center()
    if touch is None:
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=center)
    else:
        win = widget.window()
        p = widget.mapTo(win, center)
        QTest.touchEvent(win, touch).press(0, p).commit()
        QTest.touchEvent(win, touch).release(0, p).commit()


def swipe_mouse(qtbot, shell, dx):
    w = shell.stage.current
    start = w.mapTo(shell, w.rect().center())
    end = start + QPoint(dx, 0)
    target = shell.childAt(start)
    qtbot.mousePress(target, Qt.MouseButton.LeftButton, pos=target.mapFrom(shell, start))
    for i in range(1, 9):
        qtbot.mouseMove(target, target.mapFrom(shell, start + QPoint(dx * i // 8, 0)))
    qtbot.mouseRelease(target, Qt.MouseButton.LeftButton, pos=target.mapFrom(shell, end))


def swipe_touch(shell, dev, dx):
    start = shell.stage.mapTo(shell, shell.stage.rect().center())
    QTest.touchEvent(shell, dev).press(0, start).commit()
    for i in range(1, 9):
        QTest.touchEvent(shell, dev).move(0, start + QPoint(dx * i // 8, 0)).commit()
    QTest.touchEvent(shell, dev).release(0, start + QPoint(dx, 0)).commit()


def test_starts_at_home_without_charts(make_shell):
    shell = make_shell()
    assert shell.current_target == "home"
    assert not shell.top.home.isVisible() and not shell.top.back.isVisible()
    assert set(shell.screens) == {"home"}  # other screens are built on first use


@pytest.mark.parametrize("via_touch", [False, True])
def test_tapping_each_home_entry_opens_its_screen(qtbot, make_shell, touch_device, via_touch):
    shell = make_shell()
    home = shell.screens["home"]
    for key in [f"theme:{t}" for t in THEMES] + ["timeline", "honours"]:
        tap(qtbot, home.tiles[key], touch_device if via_touch else None)
        qtbot.waitUntil(lambda: shell.current_target == key)  # noqa: B023 - waited on in this iteration
        assert shell.stage.current.isVisible()
        assert shell.top.home.isVisible() and shell.top.back.isVisible()
        tap(qtbot, shell.top.home, touch_device if via_touch else None)
        qtbot.waitUntil(lambda: shell.current_target == "home")


def test_back_returns_along_the_path(qtbot, make_shell):
    shell = make_shell()
    shell.go("theme:industry")
    shell.go("theme:opening")
    shell.go("honours")
    qtbot.mouseClick(shell.top.back, Qt.MouseButton.LeftButton)
    assert shell.current_target == "theme:opening"
    qtbot.mouseClick(shell.top.back, Qt.MouseButton.LeftButton)
    assert shell.current_target == "theme:industry"
    qtbot.mouseClick(shell.top.back, Qt.MouseButton.LeftButton)
    assert shell.current_target == "home"


def test_mouse_swipe_moves_between_themes_and_stops_at_the_ends(qtbot, make_shell):
    shell = make_shell()
    shell.go("theme:industry", animate=False)
    swipe_mouse(qtbot, shell, +400)  # finger right at the first theme: nothing before it
    assert shell.current_target == "theme:industry"
    for expected in THEMES[1:]:
        swipe_mouse(qtbot, shell, -400)
        qtbot.waitUntil(lambda: not shell.stage.in_transition())
        assert shell.current_target == f"theme:{expected}"
    swipe_mouse(qtbot, shell, -400)  # at the last theme: stays
    assert shell.current_target == "theme:livelihood"
    swipe_mouse(qtbot, shell, +400)
    assert shell.current_target == "theme:ecology"


def test_touch_swipe_changes_theme_without_pressing_a_button(qtbot, make_shell, touch_device):
    shell = make_shell()
    shell.go("theme:opening", animate=False)
    clicked = []
    shell.screens["theme:opening"].timeline_button.clicked.connect(lambda: clicked.append(1))
    swipe_touch(shell, touch_device, -500)
    qtbot.waitUntil(lambda: shell.current_target == "theme:innovation")
    swipe_touch(shell, touch_device, +500)
    qtbot.waitUntil(lambda: shell.current_target == "theme:opening")
    assert clicked == []


def test_dots_mark_the_current_theme_and_jump(qtbot, make_shell):
    shell = make_shell()
    shell.go("theme:ecology", animate=False)
    checked = [tid for tid, b in shell.top.dots.buttons.items() if b.isChecked()]
    assert checked == ["ecology"]
    qtbot.mouseClick(shell.top.dots.buttons["opening"], Qt.MouseButton.LeftButton)
    assert shell.current_target == "theme:opening"


def visible_texts(widget):
    texts = []
    for w in widget.findChildren(QLabel) + widget.findChildren(QAbstractButton):
        if w.isVisibleTo(widget.window()) and w.text():
            texts.append(w.text())
    return texts


def test_language_switch_relabels_everything_and_keeps_the_screen(qtbot, make_shell, exhibition):
    shell = make_shell()
    for target in ["home", "theme:innovation", "honours"]:
        shell.go(target, animate=False)
        shell.finish_all()
        zh = visible_texts(shell)
        qtbot.mouseClick(shell.top.lang, Qt.MouseButton.LeftButton)
        assert shell.ctx.lang == "en" and shell.current_target == target
        en = visible_texts(shell)
        assert zh != en
        # no Chinese characters left on the English screen
        leftover = [t for t in en if any("\u4e00" <= ch <= "\u9fff" for ch in t) and t != "中文"]
        assert leftover == [], leftover
        qtbot.mouseClick(shell.top.lang, Qt.MouseButton.LeftButton)
        assert shell.ctx.lang == "zh"
    shell.go("home", animate=False)
    assert exhibition.title("zh") in visible_texts(shell.screens["home"])


def test_charts_and_counters_end_at_the_content_values(qtbot, make_shell, exhibition):
    shell = make_shell()
    for theme in exhibition.themes:
        shell.go(f"theme:{theme.id}")
        page = shell.stage.current
        qtbot.waitUntil(lambda: not page.is_animating(), timeout=5000)  # noqa: B023 - waited on here
        for fv in page.highlights + page.more:
            assert fv.shown_value() == pytest.approx(fv.figure.value)
            # as Chinese readers write it: the content's digits, or 万/亿 where that is exact (3万)
            number, word = re.fullmatch(r"([\d.]+)(万|亿)?", fv.value_text()).groups()
            assert float(number) * {None: 1, "万": 1e4, "亿": 1e8}[word] == pytest.approx(fv.figure.value)
            if word is None:
                assert number == f"{fv.figure.value:.{fv.figure.precision}f}"
        for chart, spec in zip(page.charts, theme.charts):
            want = [theme.figure(fid).value for fid in spec.figures]
            assert list(chart.displayed_values()) == pytest.approx(want)


def test_animations_restart_each_time_a_panel_is_shown(qtbot, make_shell):
    shell = make_shell(chart_ms=400, counter_ms=400)
    shell.go("theme:ecology")
    page = shell.stage.current
    qtbot.waitUntil(lambda: not page.is_animating(), timeout=5000)
    shell.go("home")
    shell.go("theme:ecology")
    assert page.is_animating()
    assert page.charts[0].progress() < 1.0


def test_reduce_motion_shows_final_states_at_once(make_shell):
    shell = make_shell(reduce_motion=True)
    shell.go("theme:industry")
    page = shell.stage.current
    assert not page.is_animating() and not shell.stage.in_transition()
    assert all(c.progress() == 1.0 for c in page.charts)


def test_the_sliding_snapshot_is_the_panel_as_last_seen(qtbot, make_shell):
    """The old panel slides away as the visitor last saw it: the snapshot (copied from the
    window's last painted frame) shows the same pixels as the panel itself did."""
    from PySide6.QtGui import QImage

    shell = make_shell(1366, 768, transition_ms=2000)
    shell.go("theme:industry", animate=False)
    shell.finish_all()
    stage = shell.stage
    qtbot.waitUntil(lambda: shell.windowHandle() is not None and shell.windowHandle().isExposed())
    shell.repaint()  # the frame the visitor sees
    area = stage.geometry()  # the whole window rendered, cut to the panel's place on it
    seen = shell.grab().toImage().convertToFormat(QImage.Format.Format_RGB32).copy(area)
    shell.go("theme:opening")
    assert shell.stage.in_transition()
    snap = shell.stage.snapshot.picture().convertToFormat(QImage.Format.Format_RGB32)
    assert snap.size() == seen.size()
    differing = sum(1 for x in range(0, seen.width(), 7) for y in range(0, seen.height(), 7)
                    if snap.pixel(x, y) != seen.pixel(x, y))
    assert differing == 0
    shell.finish_all()
    assert shell.current_target == "theme:opening"


def test_a_snapshot_with_no_painted_frame_to_copy_shows_the_panel_rendered(qtbot, make_shell):
    """Where the window holds no painted frame of the old screen, the snapshot renders it
    afresh over the window's background: the same pixels the visitor saw, opaque."""
    from PySide6.QtGui import QImage

    shell = make_shell(1366, 768)
    shell.go("theme:industry", animate=False)
    shell.finish_all()
    stage = shell.stage
    qtbot.waitUntil(lambda: shell.windowHandle() is not None and shell.windowHandle().isExposed())
    shell.repaint()
    seen = shell.grab().toImage().convertToFormat(QImage.Format.Format_RGB32).copy(stage.geometry())
    page = stage.current
    shell.go("home", animate=False)  # the panel is hidden: no frame of it to copy
    stage.take_snapshot(page)
    snap = stage.snapshot.picture()
    assert snap.size() == seen.size() and not snap.hasAlphaChannel()
    differing = sum(1 for x in range(0, seen.width(), 7) for y in range(0, seen.height(), 7)
                    if snap.pixel(x, y) != seen.pixel(x, y))
    assert differing == 0
    stage.snapshot.clear()
    assert stage.snapshot.picture().isNull()


def test_the_old_screen_never_shows_through_the_rising_new_one(qtbot, make_shell):
    """A tap from home fades: the new panel rises over the old screen's snapshot. Where the
    panel lies, the frame is the panel alone on the window's background -- the home's tiles
    used to show through every gap of the panel, the two screens drawn over each other."""
    from PySide6.QtGui import QColor, QImage

    from lusong_kiosk.ui import style

    shell = make_shell(1366, 768, transition_ms=2000)
    qtbot.waitUntil(lambda: shell.windowHandle() is not None and shell.windowHandle().isExposed())
    shell.repaint()
    shell.go("theme:industry")
    stage = shell.stage
    assert stage.in_transition()
    new = stage.current
    frame = shell.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    where = QRect(new.mapTo(shell, QPoint()), new.size()) & QRect(stage.mapTo(shell, QPoint()), stage.size())
    assert where.height() > stage.height() // 2
    alone = QImage(new.size(), QImage.Format.Format_RGB32)
    alone.fill(QColor(style.BG))
    new.render(alone)
    top = new.mapFrom(shell, where.topLeft())
    differing = sum(1 for x in range(0, where.width(), 7) for y in range(0, where.height(), 7)
                    if frame.pixel(where.x() + x, where.y() + y) != alone.pixel(top.x() + x, top.y() + y))
    assert differing == 0
    above = stage.mapTo(shell, QPoint(stage.width() // 2, 2))
    assert where.top() > above.y()  # a strip of the old screen still shows above the new one
    shell.finish_all()


def test_the_old_screen_sinking_in_a_fade_is_as_last_seen_at_every_frame(qtbot, make_shell):
    """A tap from home fades: at every frame, what still shows of the old screen above the
    rising panel is the home screen's top as the visitor last saw it (of the old screen only
    that strip is copied), and nothing of it shows anywhere else."""
    from PySide6.QtGui import QImage

    shell = make_shell(1366, 768, transition_ms=2000)
    qtbot.waitUntil(lambda: shell.windowHandle() is not None and shell.windowHandle().isExposed())
    shell.repaint()
    stage = shell.stage
    area = QRect(stage.mapTo(shell, QPoint()), stage.size())
    seen = shell.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    shell.go("theme:industry")
    assert stage.in_transition()
    snap, new = stage.snapshot, stage.current
    for ms in (16, 40, 80, 700):
        stage.anim_old.setCurrentTime(ms)
        stage.anim_new.setCurrentTime(ms)
        frame = shell.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
        old_top = area.top() + snap.y()
        new_top = area.top() + new.y()
        shows = range(max(old_top, area.top()), min(new_top, area.bottom() + 1))
        assert ms > 40 or len(shows) > 0  # early on, a strip of home shows above the panel
        differing = sum(1 for y in shows for x in range(0, area.width(), 5)
                        if frame.pixel(area.left() + x, y) != seen.pixel(area.left() + x, area.top() + y - old_top))
        assert differing == 0, ms
    shell.finish_all()


def test_nothing_is_painted_under_the_sliding_snapshot(qtbot, make_shell):
    """The snapshot is the window's own opaque pixels: a frame of the slide paints neither the
    window's background nor the new panel where the snapshot lies -- and still shows both."""
    from PySide6.QtCore import QObject
    from PySide6.QtGui import QImage

    shell = make_shell(1366, 768, transition_ms=2000)
    shell.go("theme:industry", animate=False)
    shell.finish_all()
    qtbot.waitUntil(lambda: shell.windowHandle() is not None and shell.windowHandle().isExposed())
    shell.repaint()
    shell.go("theme:opening")
    stage = shell.stage
    assert stage.in_transition()
    regions = {}

    class Regions(QObject):
        def eventFilter(self, obj, event) -> bool:
            if event.type() == QEvent.Type.Paint:
                regions.setdefault(obj, QRegion()).__iadd__(event.region().translated(obj.mapTo(shell, QPoint())))
            return False

    watch = Regions()
    new = stage.current
    for w in (shell, new):
        w.installEventFilter(watch)
    frame = shell.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    under = QRect(stage.snapshot.mapTo(shell, QPoint()), stage.snapshot.size()) & stage.geometry()
    assert not under.isEmpty() and regions[shell] and regions[new]  # both painted, elsewhere
    assert not regions[shell].intersects(under) and not regions[new].intersects(under)
    snap = stage.snapshot.picture().convertToFormat(QImage.Format.Format_RGB32)
    at = stage.snapshot.pos()  # the visible part of the snapshot shows its pixels
    probe = QPoint(under.center().x() - stage.x(), under.center().y() - stage.y())
    assert frame.pixel(under.center()) == snap.pixel(probe - at)
    shell.finish_all()

@pytest.mark.parametrize("size", [(1920, 1080), (3840, 2160)], ids=lambda wh: f"{wh[0]}x{wh[1]}")
def test_the_timeline_is_as_the_visitor_left_it_at_every_visit(qtbot, make_shell, size):
    """The timeline entered again shows its overview strip and cards where they were: the
    strip used to move between a band above the cards and the chips' line at every other
    visit, and each visit laid the cards out again."""
    from conftest import Received

    shell = make_shell(*size)
    seen = []
    for _ in range(3):
        shell.go("timeline", animate=False)
        screen = shell.stage.current
        qtbot.waitUntil(lambda screen=screen: screen.visible_range()[1] > screen.visible_range()[0])
        seen.append((screen.overview.geometry(), screen.view.geometry(), screen.card_rects()))
        shell.go("home", animate=False)
    assert seen[1] == seen[0] and seen[2] == seen[0]

    watch = Received(QEvent.Type.Resize)
    screen.view.viewport().installEventFilter(watch)
    shell.go("timeline", animate=False)
    qtbot.waitUntil(lambda: screen.isVisible())
    screen.view.viewport().removeEventFilter(watch)
    assert watch.objects == []  # the canvas kept its size: its cards were not laid out again



def test_a_slide_answers_in_the_very_next_frame(make_shell):
    """A swipe's new panel is already partly in view before the animation timer has ticked
    once: the first frame after the touch shows it moving (it used to start wholly outside the
    stage, so the visitor saw nothing for a frame)."""
    shell = make_shell(1366, 768, transition_ms=2000)
    shell.go("theme:industry", animate=False)
    shell.finish_all()
    shell.go("theme:opening")  # next: slides in from the right
    stage = shell.stage
    assert stage.in_transition()
    new = stage.current
    assert 0 < new.x() < stage.width()
    assert -stage.width() < stage.snapshot.x() < 0
    shell.finish_all()
    assert new.x() == 0 and shell.current_target == "theme:opening"


def test_hidden_panels_follow_a_language_switch_in_the_background(qtbot, make_shell, exhibition):
    """After the language button, the panels not on show are relabelled and laid out in quiet
    moments, so the next tap finds them ready in the new language."""
    from lusong_kiosk.ui.shell import build_all

    shell = make_shell()
    build_all(shell)
    shell.go("home", animate=False)
    qtbot.mouseClick(shell.top.lang, Qt.MouseButton.LeftButton)
    page = shell.screens["theme:ecology"]
    assert not page.isVisible()
    title = exhibition.theme("ecology").title("en")
    qtbot.waitUntil(lambda: title in [lab.text() for lab in page.findChildren(QLabel)], timeout=10000)
    assert not page.isVisible() and shell.current_target == "home"
    qtbot.waitUntil(lambda: all(s.synced_lang == "en" for s in shell.screens.values()),
                    timeout=10000)


class StepClock:
    """Milliseconds for the drag's speed: each reading ``step`` ms after the last."""

    def __init__(self, step: int):
        self.ms, self.step = 0, step

    def __call__(self) -> int:
        self.ms += self.step
        return self.ms


def drag_mouse(qtbot, shell, dy, moves=8):
    """A vertical drag by ``dy`` px from the panel's centre; each move waits for the page to
    follow it (QScroller moves the content on its own frame timer)."""
    w = shell.stage.current
    bar = w.scroll.verticalScrollBar()
    start = w.mapTo(shell, w.rect().center())
    target = shell.childAt(start)
    qtbot.mousePress(target, Qt.MouseButton.LeftButton, pos=target.mapFrom(shell, start))
    for i in range(1, moves + 1):
        qtbot.mouseMove(target, target.mapFrom(shell, start + QPoint(0, dy * i // moves)))
        qtbot.waitUntil(lambda: bar.value() >= -dy * i // moves - 2)  # noqa: B023 - called at once
    qtbot.mouseRelease(target, Qt.MouseButton.LeftButton, pos=target.mapFrom(shell, start + QPoint(0, dy)))


def panel_at_rest(make_shell, clock_step: int):
    """A theme panel long enough to scroll, its counters and charts at rest (what moves after
    this is the page), the drag's speed measured on a clock ``clock_step`` ms a reading."""
    shell = make_shell()
    shell.go("theme:industry", animate=False)
    shell.finish_all()
    shell.swipe.kinetic.clock = StepClock(clock_step)
    page = shell.stage.current
    bar = page.scroll.verticalScrollBar()
    assert bar.maximum() > 600
    return shell, page, bar


def test_a_slow_vertical_drag_scrolls_the_panel_with_the_finger_and_stops(qtbot, make_shell):
    shell, page, bar = panel_at_rest(make_shell, 400)  # a slow finger: no glide after it lifts
    clicked = []
    for button in page.findChildren(QAbstractButton):
        button.clicked.connect(lambda _=False: clicked.append(1))
    drag_mouse(qtbot, shell, -400)
    assert 396 <= bar.value() <= 400  # the page followed the finger
    assert not page.is_animating()
    assert shell.current_target == "theme:industry" and clicked == []


def test_a_quick_flick_glides_on_after_release_and_a_touch_stops_it(qtbot, make_shell):
    shell, page, bar = panel_at_rest(make_shell, 10)  # 400 px in 80 ms: a flick
    drag_mouse(qtbot, shell, -400)
    released = bar.value()
    qtbot.waitUntil(lambda: bar.value() > released + 100)  # it moves on without the finger
    assert page.is_animating()
    w = shell.stage.current
    target = shell.childAt(w.mapTo(shell, w.rect().center()))
    qtbot.mousePress(target, Qt.MouseButton.LeftButton, pos=target.rect().center())
    stopped = bar.value()
    assert not page.is_animating()
    qtbot.mouseRelease(target, Qt.MouseButton.LeftButton, pos=target.rect().center())
    assert bar.value() == stopped and shell.current_target == "theme:industry"
