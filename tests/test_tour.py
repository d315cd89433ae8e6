"""The self-running tour "3 分钟看懂芦淞 · Lusong in 3 minutes" (modes/tour.py, ui/tour.py):
it plays its steps in order, each until its animation is over plus the reading time; a touch
pauses it (pressing nothing under it) and offers continue, explore from here and leave; the
kiosk's idle reset ends it; analytics record it; ``check`` refuses a tour entry that names no
step. Time never passes for real: the tour's timer is one the test fires by hand."""

from __future__ import annotations

import sqlite3

import pytest
from content_fixtures import make_site
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from lusong_kiosk.content import ContentError, load
from lusong_kiosk.modes.steps import build_plan
from lusong_kiosk.modes.tour import (COMPLETED, LEFT, POLL_MS, STARTED, TourMode, caption, entry_id,
                                     length_s, tour_plan)
from lusong_kiosk.settings import Settings


class HandPacer:
    """The tour's timer, wound by hand: ``fire`` runs what the tour asked to run next."""

    def __init__(self) -> None:
        self.fn = None
        self.ms: int | None = None

    def after(self, ms: int, fn) -> None:
        self.ms, self.fn = ms, fn

    def cancel(self) -> None:
        self.ms, self.fn = None, None

    def fire(self) -> None:
        fn, self.fn, self.ms = self.fn, None, None
        assert fn is not None, "the tour is waiting for nothing"
        fn()


def read_ms(shell) -> int:
    return round(shell.ctx.settings.tour_read_s * 1000)


def next_step(tour: TourMode, pacer: HandPacer) -> None:
    """Let the current step's animation end (the page's and its slide's) and its reading time pass."""
    tour.shell.finish_all()
    tour.slides.finish()
    while tour.running() and pacer.fn is not None:
        before = tour.index
        pacer.fire()
        if tour.index != before or not tour.running():
            return


def click(qtbot, shell, widget: QWidget) -> None:
    """A click where ``widget`` is, on whatever the window has there (as a finger would)."""
    pos = widget.mapTo(shell, widget.rect().center())
    target = shell.childAt(pos)
    qtbot.mouseClick(target, Qt.MouseButton.LeftButton, pos=target.mapFrom(shell, pos))


@pytest.fixture
def tour_on(make_shell):
    """tour_on(**settings) -> (shell, tour, pacer) in demo mode (no kiosk)."""
    def make(kiosk_shell=None, kiosk=None, **kw):
        shell = kiosk_shell or make_shell(**kw)
        pacer = HandPacer()
        return shell, TourMode(shell, kiosk, pacer=pacer), pacer

    return make


def test_the_home_tile_starts_a_tour_that_visits_its_steps_in_order(qtbot, tour_on, exhibition):
    shell, tour, pacer = tour_on()
    steps: list[int] = []
    tour.step_changed.connect(steps.append)
    qtbot.mouseClick(shell.screens["home"].tour_tile, Qt.MouseButton.LeftButton)
    assert tour.running() and not shell.top.isVisible()  # content only, as a slide show
    seen = []
    with qtbot.waitSignal(tour.completed, timeout=1000):
        while tour.running():
            step = tour.step()
            clear = shell.stage.geometry().bottom() < tour.bar.geometry().top()  # no screen under the caption
            seen.append((entry_id(step), shell.current_target, tour.bar.primary.text(), tour.bar.isVisible() and clear))
            next_step(tour, pacer)
    assert [s[0] for s in seen] == list(exhibition.tour)
    assert all(target == entry.split("#")[0] for entry, target, _, _ in seen)
    assert [s[2] for s in seen] == [caption(exhibition, s)[0] for s in tour_plan(exhibition)]  # zh first
    assert all(s[3] for s in seen)  # the caption shown, and no screen beneath it
    assert steps == list(range(len(exhibition.tour)))
    # at its end: home, the touch controls back, no caption
    assert shell.current_target == "home" and shell.top.isVisible() and not tour.bar.isVisible()
    assert shell.stage.geometry().bottom() == shell.height() - 1  # the whole window again


def test_a_step_stays_until_its_animation_ends_then_its_reading_time(qtbot, tour_on, exhibition):
    shell, tour, pacer = tour_on()
    tour.start()
    while tour.step().kind != "figure":
        next_step(tour, pacer)
    screen = shell.current_screen()
    at = tour.index
    # under the slide the page is at rest (a cut): only the slide's figure moves, counting up
    assert not shell.stage.in_transition() and not screen.is_animating()
    assert tour.slides.is_animating()
    pacer.fire()
    assert (tour.index, pacer.ms) == (at, POLL_MS)  # still counting: it looks again, it does not move on
    tour.slides.finish()
    pacer.fire()
    assert (tour.index, pacer.ms) == (at, read_ms(shell))  # at rest: now the reading time
    pacer.fire()
    assert tour.index == at + 1


def test_the_next_steps_slide_is_made_ready_while_a_step_is_read(qtbot, tour_on, exhibition):
    """When a step is at rest its reading time starts, and the next step's slide is laid out
    out of sight then (its texts' pictures made), so that step's first frames only blit them."""
    from lusong_kiosk.modes.steps import slide

    shell, tour, pacer = tour_on()
    tour.start()
    next_step(tour, pacer)
    at = tour.index
    tour.slides.finish()
    shell.finish_all()
    pacer.fire()  # at rest: the reading time
    assert (tour.index, pacer.ms) == (at, read_ms(shell))
    upcoming = slide(exhibition, tour.plan[at + 1], shell.ctx.lang)
    spare = next(c for c in tour.slides.findChildren(type(tour.slides.card)) if c is not tour.slides.card)
    assert spare.slide == upcoming and not spare.isVisible()
    pacer.fire()
    assert tour.index == at + 1 and tour.slides.card is spare  # swapped in, not laid out again


def test_a_steps_first_frame_paints_it_and_its_count_then_repaints_the_number_alone(qtbot, tour_on):
    """A figure step's first frame paints the step; from then on each frame of its count
    paints the number, not the card or the page beneath it. (Left for later, a step's
    layouts and its shown widgets' repaints came after the first frame and painted page and
    card again; and the count's frames painted the page under the number: at 4K the tour's
    slowest frames.)"""
    from PySide6.QtCore import QCoreApplication, QEvent, QObject

    shell, tour, pacer = tour_on()
    qtbot.waitUntil(lambda: shell.windowHandle() is not None and shell.windowHandle().isExposed())
    tour.start()
    next_step(tour, pacer)
    while tour.step().kind != "figure" or tour.step().screen != tour.plan[tour.index - 1].screen:
        next_step(tour, pacer)  # a figure on the page already shown: the page scrolls under the card
    painted: list[QObject] = []

    class Paints(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                painted.append(obj)
            return False

    watch = Paints()
    app = QCoreApplication.instance()
    app.installEventFilter(watch)
    try:
        QCoreApplication.sendPostedEvents()  # the step's first frame
        first = list(painted)
        painted.clear()
        count = tour.slides.card.count
        count.setCurrentTime(count.duration() // 2)  # a frame of the count
        QCoreApplication.sendPostedEvents()
    finally:
        app.removeEventFilter(watch)
    main = tour.slides.main_label()
    assert main in first and shell.current_screen() in first
    assert painted == [main]


def test_a_touch_pauses_it_presses_nothing_and_continue_resumes(qtbot, tour_on):
    shell, tour, pacer = tour_on()
    qtbot.mouseClick(shell.screens["home"].tour_tile, Qt.MouseButton.LeftButton)
    at = shell.current_target
    moved = []
    shell.screen_changed.connect(moved.append)
    # a tap where the home screen's first theme tile was: the tour is on the glass now
    click(qtbot, shell, shell.current_screen())
    assert tour.paused and moved == [] and shell.current_target == at
    assert tour.offer.isVisible() and not tour.bar.isVisible()
    assert pacer.fn is None  # paused: nothing will move it on
    click(qtbot, shell, tour.offer.buttons["continue"])
    assert tour.running() and not tour.paused and not tour.offer.isVisible() and tour.bar.isVisible()
    assert pacer.ms == read_ms(shell)  # the step again, for its whole reading time
    next_step(tour, pacer)
    assert tour.index == 1 and moved == []  # the next step, on the same screen


def test_a_touch_on_a_button_under_the_tour_presses_nothing(qtbot, tour_on):
    shell, tour, pacer = tour_on()
    tour.start()
    while not shell.current_target.startswith("honours"):
        next_step(tour, pacer)
    shell.finish_all()
    pressed = []
    shell.top.home.clicked.connect(lambda: pressed.append(1))
    shell.set_chrome(True)  # a button under the finger (the tour shows none; here one is put there)
    click(qtbot, shell, shell.top.home)
    assert tour.paused and pressed == [] and shell.current_target == "honours"


def test_explore_from_here_ends_the_tour_on_this_screen_shown_whole(qtbot, tour_on):
    shell, tour, pacer = tour_on()
    left = []
    tour.left.connect(left.append)
    tour.start()
    while tour.step().kind != "figure":  # a step before the theme's stories
        next_step(tour, pacer)
    entry, target = entry_id(tour.step()), shell.current_target
    page = shell.current_screen()
    assert not page.story_cards[-1].isVisible()  # later steps wait, hidden
    click(qtbot, shell, page)
    click(qtbot, shell, tour.offer.buttons["explore"])
    assert not tour.running() and shell.current_target == target
    assert page.story_cards[-1].isVisible()  # the whole page, as visitors see it
    assert shell.top.isVisible() and not tour.bar.isVisible() and not tour.offer.isVisible()
    assert left == [entry]
    click(qtbot, shell, shell.top.home)  # a normal visitor again: taps do what they say
    assert shell.current_target == "home"


def at_third_step(tour: TourMode, pacer: HandPacer) -> tuple[list[str], str]:
    """The tour started and moved on twice: (where it will be recorded as left, its entry now)."""
    left: list[str] = []
    tour.left.connect(left.append)
    tour.start()
    next_step(tour, pacer)
    next_step(tour, pacer)
    return left, entry_id(tour.step())


def test_leave_the_tour_goes_home(qtbot, tour_on):
    shell, tour, pacer = tour_on()
    left, entry = at_third_step(tour, pacer)
    assert shell.current_target != "home"
    click(qtbot, shell, shell.current_screen())
    click(qtbot, shell, tour.offer.buttons["leave"])
    assert not tour.running() and shell.current_target == "home" and shell.top.isVisible()
    assert left == [entry]


def test_the_kiosk_idle_reset_ends_the_tour(qtbot, make_kiosk, tour_on):
    shell, kiosk = make_kiosk(idle_timeout=0.3, attract_delay=60)
    shell, tour, pacer = tour_on(kiosk_shell=shell, kiosk=kiosk)
    left, entry = at_third_step(tour, pacer)
    click(qtbot, shell, shell.current_screen())  # paused, and nobody answers
    assert tour.paused
    with qtbot.waitSignal(kiosk.idle_reset_done, timeout=5000):
        pass
    assert not tour.running() and not tour.offer.isVisible() and not tour.bar.isVisible()
    assert shell.current_target == "home" and left == [entry]


def test_the_shipped_tour_lasts_two_to_four_minutes(exhibition):
    plan = tour_plan(exhibition)
    assert [entry_id(s) for s in plan] == list(exhibition.tour)  # every entry names a step
    assert 120 <= length_s(plan, Settings()) <= 240


def test_without_a_tour_list_it_plays_the_presentation(tmp_path):
    site = make_site(tmp_path)
    ex = load(site.content, site.assets, check_font=False)
    assert ex.tour is None and tour_plan(ex) == build_plan(ex)


def test_analytics_record_tours_started_completed_and_where_left(qtbot, tour_on, tmp_path, exhibition):
    from lusong_kiosk.analytics.recorder import Recorder
    from lusong_kiosk.analytics.report import build_report

    shell, tour, pacer = tour_on()
    rec = Recorder(shell, path=tmp_path / "a.sqlite3", flush_ms=3_600_000)
    try:
        tour.record_to(rec)
        tour.start()
        while tour.running():
            next_step(tour, pacer)
        tour.start()
        next_step(tour, pacer)
        where = entry_id(tour.step())
        tour.pause()
        tour.leave()
    finally:
        rec.close()
    conn = sqlite3.connect(rec.writer.path)
    try:
        got = conn.execute("SELECT kind, value FROM events WHERE kind LIKE 'tour%' ORDER BY id").fetchall()
        rep = build_report(conn, exhibition=exhibition)
    finally:
        conn.close()
    assert got == [(STARTED, ""), (COMPLETED, ""), (STARTED, ""), (LEFT, where)]
    # and `lusong-kiosk stats` reads them back: 2 started, 1 completed, 1 left at that step
    assert (rep.tours_started, rep.tours_completed) == (2, 1)
    assert {r.key: r.count for r in rep.tour_left if r.count} == {where: 1}


def test_check_refuses_a_tour_entry_that_names_no_step(tmp_path):
    site = make_site(tmp_path)
    site.replace("exhibition.toml", 'default_language = "zh"\n',
                 'default_language = "zh"\ntour = ["home", "theme:alpha#nope", "theme:gamma#headline", '
                 '"timeline#founded", "stats", "honours#h-one", "theme:beta", "home"]\n')
    with pytest.raises(ContentError) as err:
        load(site.content, site.assets, check_font=False)
    lines = [str(p) for p in err.value.problems]
    assert len(lines) == 5, lines
    assert any("exhibition.toml: tour[1]: 'nope' is not a step of 'theme:alpha'" in s for s in lines), lines
    assert any("exhibition.toml: tour[2]: no theme with id 'gamma' (themes: alpha, beta)" in s for s in lines), lines
    assert any("exhibition.toml: tour[3]: 'founded' is not a key event of the timeline" in s
               for s in lines), lines
    assert any("exhibition.toml: tour[4]: expected 'home', 'theme:<id>#<ref>'" in s and "'stats'" in s
               for s in lines), lines
    assert any("exhibition.toml: tour[7]: 'home' is listed twice (first at tour[0])" in s for s in lines), lines
    code, out = site.check()
    assert code == 1 and "tour[1]" in out and "tour[3]" in out


def test_each_step_is_shown_at_presentation_scale_and_explore_leaves_the_page_alone(qtbot, tour_on):
    """Every step but home brings its item onto the slide layer, its main text >= 1/20 of the
    window's height (as the presenter's); leaving the tour to explore puts the slide away."""
    shell, tour, pacer = tour_on()
    tour.start()
    sizes = []
    while tour.running():
        step = tour.step()
        if step.kind != "home":
            assert tour.slides.isVisible() and tour.slides.slide() is not None, entry_id(step)
            sizes.append(tour.slides.main_label().font().pixelSize())
        if len(sizes) == 4:
            break
        next_step(tour, pacer)
    assert sizes and min(sizes) >= shell.height() / 20
    tour.pause()
    tour.explore()
    assert not tour.running() and not tour.slides.isVisible()


def test_the_presenters_home_has_no_tour_tile(qtbot, make_shell):
    """On the projector a guide steps through the presentation: no visitor's tour tile there
    (the presenter plays no tour), and the timeline and the honours take its room."""
    from lusong_kiosk.ui.tour import TourTile

    shell = make_shell(mode="presenter")
    home = shell.screens["home"]
    assert home.tour_tile is None and "tour" not in home.tiles and not home.findChildren(TourTile)
    qtbot.waitUntil(lambda: home.tiles["honours"].width() > 0)
    last_theme = home.tiles[[k for k in home.tiles if k.startswith("theme:")][-1]]
    assert home.rows()[-1] == ["timeline", "honours"]
    assert abs(home.tiles["honours"].geometry().right() - last_theme.geometry().right()) <= 2  # no hole
    demo = make_shell(mode="demo")
    assert demo.screens["home"].tour_tile.isVisible()


@pytest.mark.parametrize("size", [(1080, 1920), (1920, 1080)])
def test_every_step_is_whole_and_a_short_title_stays_on_one_line(qtbot, tour_on, size):
    """Each step's words are whole and inside its card (on a portrait screen a long kicker ran
    out of the card, cut off, and the English chart notes ran over the charts), and a theme's
    four-character title is not broken into three characters over a lone fourth ("开放提" / "速").
    The tour in Chinese, then again in English on the same window."""
    from PySide6.QtGui import QFontMetrics

    shell, tour, pacer = tour_on(w=size[0], h=size[1])
    for lang in ("zh", "en"):
        shell.set_language(lang)
        tour.start()
        assert shell.ctx.lang == lang
        heights = {}
        cut = []
        while tour.running():
            card = tour.slides.card
            for part in (card.kicker, card.main, card.unit, card.title, card.meta, card.body, card.note, card.source):
                if part.isVisible() and part.text():
                    whole = (part.height() >= part.height_for(part.width()) if part.wordWrap()
                             else part.one_line_width() <= part.width())
                    inside = part.geometry().right() <= card.width() and part.geometry().bottom() <= card.height()
                    if not (whole and inside):
                        cut.append((entry_id(tour.step()), part.text()[:30], part.geometry().getRect(),
                                    card.size().toTuple()))
            if tour.step().kind == "headline":
                main = tour.slides.main_label()
                heights[main.text()] = main.height() / QFontMetrics(main.font()).lineSpacing()
            next_step(tour, pacer)
        assert cut == [], lang + "\n" + "\n".join(map(str, cut))
        assert len(heights) == 5, lang
        if lang == "zh":
            assert "开放提速" in heights and all(lines < 1.5 for lines in heights.values()), heights


def test_a_tour_ended_by_the_idle_reset_is_recorded_as_left_in_its_visit(qtbot, make_kiosk, tour_on, tmp_path):
    """As the app attaches them (the tour at start, the recorder after the first frame): the idle
    reset ends the tour before it ends the visit, so where the tour was left is in that visit."""
    from lusong_kiosk.analytics.recorder import Recorder

    shell, kiosk = make_kiosk(idle_timeout=60, attract_delay=60)
    shell, tour, pacer = tour_on(kiosk_shell=shell, kiosk=kiosk)
    rec = Recorder(shell, kiosk, path=tmp_path / "a.sqlite3", flush_ms=3_600_000)
    try:
        tour.record_to(rec)
        rec.start_visit()  # a visitor's first touch
        left, entry = at_third_step(tour, pacer)
        kiosk.idle_reset()
        assert not tour.running() and left == [entry] and rec.visit is None
    finally:
        rec.close()
    conn = sqlite3.connect(rec.writer.path)
    try:
        got = conn.execute("SELECT visit_id, kind, value FROM events WHERE kind LIKE 'tour%' ORDER BY id").fetchall()
        visits = [v for (v,) in conn.execute("SELECT id FROM visits")]
    finally:
        conn.close()
    assert len(visits) == 1 and got == [(visits[0], STARTED, ""), (visits[0], LEFT, entry)]
