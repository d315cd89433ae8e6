"""The timeline screen (ui/timeline*.py): every event shown once, in date order, never overlapping,
at four screen sizes; touch drag, fling and pinch; keys; tap to open the detail; theme filter
and links; language switch. Runs on the real content and on a synthetic, much denser one."""

from __future__ import annotations

import itertools
import math
import random
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QFontDatabase, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QScroller

from lusong_kiosk.content import load
from lusong_kiosk.content.model import (Chart, Era, Event, Exhibition, Figure, Section, Source, Story, Text, Theme,
                                        Timeline)
from lusong_kiosk.present import format as fmt
from lusong_kiosk.ui import style
from lusong_kiosk.ui.base import UiContext
from lusong_kiosk.ui.timeline import TimelineScreen
from lusong_kiosk.ui.timeline.axis import END, FIRST, MAX_STEP, Axis, event_span, layout

REPO = Path(__file__).resolve().parent.parent
ASSETS = REPO / "assets"
SIZES = [(1920, 1080), (3840, 2160), (1080, 1920), (1366, 768)]


# content -----------------------------------------------------------------------------------------

def _t(zh: str, en: str) -> Text:
    return Text(zh=zh, en=en)


def _theme(tid: str, order: int, zh: str, en: str, accent: str) -> Theme:
    figs = [Figure(id=f"{tid}-f{i}", value=float(i + 1), label=_t(f"数字{i}", f"Figure {i}"), section="s")
            for i in range(4)]
    return Theme(id=tid, order=order, title=_t(zh, en), short_title=_t(zh, en), tagline=_t("口号", "Tagline"),
                 headline=_t("标题", "Headline"),
                 accent=accent, icon=f"icons/{tid}.svg", supporting=[f.id for f in figs[1:3]], hero=figs[0].id,
                 figures=figs,
                 charts=[Chart(id=f"{tid}-c", kind="bar", title=_t("图", "Chart"), figures=[figs[0].id, figs[1].id])],
                 stories=[Story(id=f"{tid}-s", title=_t("故事", "Story"), text=_t("内容", "Text"))],
                 notes=_t("讲解", "Notes"))


THEMES = (_theme("industry", 1, "产业提质", "Upgrading industry", "#E8B04B"),
          _theme("opening", 2, "开放提速", "Opening up faster", "#3FB8AF"),
          _theme("innovation", 3, "创新提效", "Innovation", "#A393F5"),
          _theme("ecology", 4, "生态提升", "Greener living", "#6CC58A"),
          _theme("livelihood", 5, "民生提档", "Better lives", "#F0907A"))


def dense_exhibition() -> Exhibition:
    """~80 events: a dozen on one day, many year-only ones, very long titles, an unknown theme
    and a missing image — far denser and rougher than the real content."""
    rnd = random.Random(4)
    dates = ["1954-08-16", "1954-08-16", "1954", "1960", "1994", "2010", "2011-03", "2015", "2015", "2015"]
    dates += ["2021-06-28"] * 12
    dates += [f"2020-{m:02d}" for m in range(1, 13)] + ["2020"] * 6
    dates += [f"2022-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}" for _ in range(16)] + ["2022"] * 12
    dates += ["2017", "2018-05", "2019-12-31", "2021"]
    long_zh = "一个非常非常长的标题，用来检查卡片在文字很多的时候也能完整地换行显示而不被截断"
    long_en = ("A very long event title that wraps over several lines, to check that nothing on a card is "
               "ever cut off")
    themes = [t.id for t in THEMES]
    events = []
    for i, d in enumerate(dates):
        long = i % 9 == 0
        events.append(Event(
            id=f"e{i:03d}", date=d,
            title=_t(long_zh if long else f"大事{i}号", long_en if long else f"Event number {i}"),
            text=_t(f"第{i}件大事的详细说明。" * 3, f"The story of event {i}. " * 3),
            theme="no-such-theme" if i == 7 else themes[i % len(themes)],
            image="images/missing.png" if i == 3 else None))
    events.sort(key=lambda e: e.sort_key)
    eras = [Era(id="early", start=1954, end=2010, title=_t("航空起步", "Aviation beginnings"), color="#46577A"),
            Era(id="decade", start=2012, end=2023, title=_t("非凡十年", "The extraordinary decade"), color="#7A6A4A")]
    return Exhibition(
        title=_t("展览", "Exhibition"), subtitle=_t("副标题", "Subtitle"), credits=_t("制作", "Credits"),
        attract=_t("触摸", "Touch"),
        source=Source(title=_t("报道", "Article"), publisher=_t("报纸", "Paper"), year=2022, note=_t("注", "Note"),
                      sections=[Section(id="s", title=_t("节", "Section"))]),
        themes=THEMES, timeline=Timeline(title=_t("大事记", "Timeline"), intro=_t("引言", "Intro"), eras=eras,
                                         events=events))


@pytest.fixture(scope="module")
def real_ex() -> Exhibition:
    return load()


@pytest.fixture(scope="module")
def dense_ex() -> Exhibition:
    return dense_exhibition()


@pytest.fixture(params=["real", "dense"])
def any_ex(request, real_ex, dense_ex) -> Exhibition:
    return real_ex if request.param == "real" else dense_ex


@pytest.fixture(scope="module")
def family(qapp) -> str:
    try:
        from lusong_kiosk.fonts import register_fonts
    except ImportError:  # pragma: no cover - before fonts.py existed
        QFontDatabase.addApplicationFont(str(ASSETS / "fonts" / "NotoSansSC-Regular-subset.otf"))
        QFontDatabase.addApplicationFont(str(ASSETS / "fonts" / "NotoSansSC-Bold-subset.otf"))
        return "Noto Sans CJK SC"
    return register_fonts(ASSETS)


@pytest.fixture(scope="module")
def touch(qapp):
    return QTest.createTouchDevice()


@pytest.fixture
def make(qtbot, family):
    def make(ex: Exhibition, w: int = 1920, h: int = 1080, lang: str = "zh") -> TimelineScreen:
        ctx = UiContext(exhibition=ex, assets_dir=ASSETS, family=family, lang=lang, metrics=style.metrics_for(w, h))
        s = TimelineScreen(ctx)
        qtbot.addWidget(s)
        s.setWindowFlag(Qt.WindowType.FramelessWindowHint)  # touch points land where they are sent
        s.resize(w, h)
        s.show()
        qtbot.waitExposed(s)
        s.apply_metrics()
        s.enter()
        return s
    return make


# helpers -----------------------------------------------------------------------------------------

def overlaps(rects: dict[str, QRectF]) -> list[tuple[str, str]]:
    bad = []
    for (a, ra), (b, rb) in itertools.combinations(rects.items(), 2):
        r = ra.intersected(rb)
        if r.width() > 0.5 and r.height() > 0.5:
            bad.append((a, b))
    return bad


def members_shown(s: TimelineScreen) -> list[str]:
    """Every event on the visible cards, expanding clusters."""
    clusters = s.cluster_members()
    out: list[str] = []
    for key in s.card_rects():
        out.extend(clusters.get(key, [key]))
    return out


def viewport_point(s: TimelineScreen, rect: QRectF) -> QPoint:
    return rect.center().toPoint()


def settle(s: TimelineScreen) -> None:
    """A drag's glide run to where it stops. QScroller glides on its own clock, which a test
    cannot replace (a flick glides for seconds): the view jumps to the glide's final position
    (``finish_motion``, as a presenter's step or an export does), which is where it would stop."""
    s.view.finish_motion()
    assert s.view.scroller.state() == QScroller.State.Inactive


class Fingers:
    """Touch points given in the timeline's viewport coordinates.

    Sent to the top-level window with mapped positions: ``QTest.touchEvent`` on a child widget
    delivers the child-local position as if it were the window's (PySide6 6.11, offscreen).
    """

    def __init__(self, s: TimelineScreen, device):
        self.vp, self.win, self.device = s.view.viewport(), s.window(), device

    def _seq(self):
        return QTest.touchEvent(self.win, self.device, False)

    def send(self, *actions: tuple[str, int, QPoint]) -> None:
        seq = self._seq()
        for kind, finger, pos in actions:
            getattr(seq, kind)(finger, self.vp.mapTo(self.win, pos))
        seq.commit()


def drag(s: TimelineScreen, touch, start: QPoint, delta: QPoint, steps: int = 8) -> None:
    f = Fingers(s, touch)
    f.send(("press", 0, start))
    for i in range(1, steps + 1):
        f.send(("move", 0, start + delta * (i / steps)))
    f.send(("release", 0, start + delta))


def tap(s: TimelineScreen, touch, pos: QPoint) -> None:
    f = Fingers(s, touch)
    f.send(("press", 0, pos))
    f.send(("release", 0, pos))


def along(s: TimelineScreen, p: QPoint) -> QPoint:
    """A displacement ``p`` given for landscape, turned for portrait (time runs down)."""
    return QPoint(p.y(), p.x()) if s.view.vertical else p


# the axis and the layout, as plain numbers ------------------------------------------------------------

def test_axis_gives_each_year_the_room_of_its_events(real_ex):
    """A segmented axis: 2022 (17 events) is 17 times as long as 2018 (one); a quiet year is
    short, and 1954–2009 together shorter than 2020."""
    ax = Axis(e.date for e in real_ex.events)

    def length(a: float, b: float) -> float:
        return ax.u(b) - ax.u(a)

    assert length(2022, 2023) == pytest.approx(17 * length(2018, 2019))
    assert length(2013, 2014) < length(2018, 2019) / 1.5
    assert length(FIRST, 2010) < length(2020, 2021)
    assert ax.u(FIRST) == 0 and ax.u(END) == pytest.approx(ax.total)
    for t in (1954.0, 1977.3, 2009.99, 2010.0, 2016.5, 2022.99):
        assert ax.t(ax.u(t)) == pytest.approx(t)
    us = [ax.u(1954 + k * 0.25) for k in range(4 * 69 + 1)]
    assert us == sorted(us)


@pytest.mark.parametrize("seed", range(12))
def test_layout_places_every_card_once_without_overlap(seed):
    rnd = random.Random(seed)
    n = rnd.randint(1, 90)
    starts = sorted(rnd.uniform(0, 3000) for _ in range(n))
    windows = [(a, a + rnd.choice([0, 0, 30, 250])) for a in starts]
    extents = [rnd.uniform(120, 420) for _ in range(n)]
    lanes = rnd.randint(1, 5)
    placed = layout(windows, extents, 200, lanes, 12, 0, 3400, inset=20, years=[int(a // 250) for a in starts])
    assert [i for p in placed for i in p.members] == list(range(n))  # each once, in date order
    for p in placed:
        assert 0 <= p.lane < lanes
        lo = windows[p.members[0]][0]
        hi = max(windows[i][1] for i in p.members)
        assert lo - 1e-6 <= p.stem <= hi + 1e-6  # the stem is inside the dated period
    for a, b in itertools.combinations(placed, 2):
        if a.lane == b.lane:
            assert a.start + a.extent + 12 <= b.start + 1e-6 or b.start + b.extent + 12 <= a.start + 1e-6


def test_a_layout_asked_again_is_the_same_and_the_callers_own():
    """The layout is remembered for its inputs (the view asks for the same step again and
    again): asked again it gives the same cards, in a list the caller may change; other inputs
    (one lane fewer) give their own."""
    windows = [(float(a), float(a)) for a in range(0, 3000, 40)]
    first = layout(windows, [300.0] * len(windows), 200, 3, 12, 0, 3400, inset=20)
    first.clear()
    again = layout(list(windows), [300.0] * len(windows), 200, 3, 12, 0, 3400, inset=20)
    assert again and [i for p in again for i in p.members] == list(range(len(windows)))
    fewer = layout(windows, [300.0] * len(windows), 200, 2, 12, 0, 3400, inset=20)
    assert max(p.lane for p in fewer) == 1 and len(fewer) < len(again)


def test_stems_of_a_year_without_months_meet_the_axis_apart():
    """Eight events dated "2022" alone: stacked in the lanes at the year's start, their stems
    all met the axis at one point (one dot on another). With a stem gap each dot stands apart,
    still inside its year and under its own card."""
    year = (1000.0, 1000.0 + 0.92 * 900)
    windows = [(100.0, 100.0)] + [year] * 8 + [(1500.0, 1500.0)]
    extents = [300.0] * len(windows)
    placed = layout(windows, extents, 300, 3, 12, 0, 3000, inset=20, stem_gap=28)
    stems = sorted(p.stem for p in placed)
    assert all(b - a >= 28 - 1e-6 for a, b in zip(stems, stems[1:]))
    for p in placed:
        lo, hi = windows[p.members[0]][0], windows[p.members[-1]][1]
        assert lo - 1e-6 <= p.stem <= hi + 1e-6
        assert p.start <= p.stem <= p.start + p.extent
    unspread = layout(windows, extents, 300, 3, 12, 0, 3000, inset=20)
    assert len({round(p.stem) for p in unspread}) < len(unspread)  # without it they met at one point


def test_a_months_dot_makes_way_for_a_days_early_in_that_month():
    """"2022-09" and "2022-09-03" hung their dots one on the other (portrait): the day's cannot
    move, so the month's moves on past it, still in its month and under its card."""
    windows = [(100.0, 400.0), (110.0, 110.0)]  # a month, then a day early in it
    placed = layout(windows, [300.0, 300.0], 300, 2, 12, 0, 3000, inset=20, stem_gap=28)
    a, b = sorted(p.stem for p in placed)
    assert b - a >= 28 - 1e-6
    for p in placed:
        lo, hi = windows[p.members[0]]
        assert lo - 1e-6 <= p.stem <= hi + 1e-6
        assert p.start <= p.stem <= p.start + p.extent


def test_the_last_eras_wash_reaches_the_end_of_the_canvas(make, real_ex):
    """The room after 2022 (where the last cards hang) is washed in the last era's colour, not
    a dark strip at the end of the canvas (seen in portrait after scrolling to the end)."""
    s = make(real_ex, 1080, 1920)
    f = s.view.frame
    last = max(s.view.tints, key=lambda t: t.era.end)
    assert last.boundingRect().bottom() >= f.along_total - 1
    band = max(s.view.bands, key=lambda b: b.era.end)
    assert band.boundingRect().bottom() >= f.along_total - 1


# every event, once, in order, never overlapping -----------------------------------------------------------

def test_every_event_appears_once_in_date_order(make, any_ex):
    s = make(any_ex)
    ids = [e.id for e in any_ex.events]
    assert [i for card in s.layout_members() for i in card] == ids  # each once, cards in date order
    shown = members_shown(s)
    assert len(shown) == len(set(shown))
    by_id = {e.id: e for e in any_ex.events}
    for key, t in s.stem_times().items():
        members = s.cluster_members().get(key, [key])
        assert event_span(by_id[members[0]].date)[0] - 1e-6 <= t <= max(event_span(by_id[m].date)[1] for m in members)
    for members in s.cluster_members().values():
        keys = [by_id[m].sort_key for m in members]
        assert keys == sorted(keys)


@pytest.mark.parametrize("size", SIZES, ids=lambda wh: f"{wh[0]}x{wh[1]}")
def test_cards_never_overlap_when_zooming(make, any_ex, size):
    w, h = size
    s = make(any_ex, w, h, lang="en")
    vp = QRectF(s.view.viewport().rect())
    seen = set()
    for factor in (None, 2.0, 4.0, 16.0, 0.25, 0.5, 1 / 64):
        if factor:
            s.zoom_by(factor)
        step = s.zoom_step()
        seen.add(step)
        every = {item.key: item.sceneBoundingRect() for item, _ in s.view.placed}
        assert len(every) == len(s.view.placed)
        assert overlaps(every) == [], f"cards overlap at zoom step {step}"
        for where in (2021.5, 2022.5, 1990.0):  # the densest years and the quiet ones
            s.view.scroll_to_time(where, animate=False)
            rects = s.card_rects()
            assert overlaps(rects) == [], f"overlap at zoom step {step} around {where}"
            for key, r in rects.items():  # never cut off across the axis: cards fit the height (width)
                if s.view.vertical:
                    assert r.left() >= vp.left() - 0.5 and r.right() <= vp.right() + 0.5, key
                else:
                    assert r.top() >= vp.top() - 0.5 and r.bottom() <= vp.bottom() + 0.5, key
            if where > 2020 and step < MAX_STEP:  # 4x the reading scale may open a gap between two events
                assert rects, f"no cards around {where} at zoom step {step}"
    assert s.zoom_step() == 0 and len(seen) >= 3
    assert s.view.vertical == (h > w)


def whole_cards(s: TimelineScreen) -> dict[str, QRectF]:
    """The cards a visitor can read at once: wholly inside the view."""
    vp = QRectF(s.view.viewport().rect()).adjusted(-0.5, -0.5, 0.5, 0.5)
    return {k: r for k, r in s.card_rects().items() if vp.contains(r)}


@pytest.mark.parametrize("size", SIZES, ids=lambda wh: f"{wh[0]}x{wh[1]}")
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_start_view_shows_a_dozen_readable_cards_and_no_cluster_of_several_years(make_shell, real_ex, size, lang):
    """Measured in the app as a visitor meets it: the timeline under the shell's top bar, not alone."""
    shell = make_shell(*size, reduce_motion=True)
    shell.set_language(lang)
    shell.go("timeline", animate=False)
    shell.finish_all()
    s = shell.stage.current
    assert isinstance(s, TimelineScreen)
    by_id = {e.id: e for e in real_ex.events}
    whole = whole_cards(s)
    singles = [k for k in whole if k not in s.cluster_members()]
    assert len(singles) >= 12, f"{len(singles)} readable cards at the start view"
    texts = s.card_texts()
    for k in singles:  # a readable card says its date and title
        e = by_id[k]
        assert e.title(lang) in texts[k] and fmt.date(e.date, lang) in texts[k]
    for key, members in s.cluster_members().items():
        assert len({by_id[m].year for m in members}) == 1, f"{key} holds several years"
    assert s.zoom_step() == 0
    a, b = s.visible_range()
    assert a >= 2010, "it opens on the decade"
    # it begins cleanly: no card hangs half out at the leading edge (left; top in portrait)
    lead = {k: r.top() if s.view.vertical else r.left() for k, r in s.card_rects().items()}
    cut = [k for k, r in s.card_rects().items()
           if lead[k] < -0.5 < (r.bottom() if s.view.vertical else r.right()) - 1]
    assert not cut, f"cut at the start view's leading edge: {cut}"
    # and keeps its lanes with room to spare: type a few px taller (another font build, another
    # machine's hinting) must not take a lane, and with it a quarter of the cards, away
    m = s.ctx.metrics
    assert s.view.vertical or s.view.spare_across() >= m.px(24), f"{s.view.spare_across()} px to spare"


@pytest.mark.parametrize("size", SIZES, ids=lambda wh: f"{wh[0]}x{wh[1]}")
def test_clusters_are_the_same_in_both_languages(make, any_ex, size):
    layouts = []
    for lang in ("zh", "en"):
        s = make(any_ex, *size, lang=lang)
        steps = []
        for step in (0, 3, 6):
            s.view.set_step(step)
            steps.append(s.layout_members())
        layouts.append(steps)
        s.close()
    assert layouts[0] == layouts[1]
    for members in layouts[0]:  # never two clusters of one year side by side
        years = [any_ex_year(any_ex, m) for m in members]
        for (a, ya), (b, yb) in zip(zip(members, years), zip(members[1:], years[1:])):
            assert not (len(a) > 1 and len(b) > 1 and len(ya | yb) == 1), (a, b)


def any_ex_year(ex: Exhibition, members: list[str]) -> set[int]:
    by_id = {e.id: e for e in ex.events}
    return {by_id[m].year for m in members}


@pytest.mark.parametrize("size", SIZES, ids=lambda wh: f"{wh[0]}x{wh[1]}")
def test_a_swipe_pans_the_start_view(make, real_ex, touch, size):
    s = make(real_ex, *size)
    before = s.visible_range()
    start = QPoint(s.view.viewport().width() // 2, s.view.viewport().height() // 2)
    drag(s, touch, start, along(s, QPoint(300, 0)))  # towards the past
    settle(s)
    assert s.visible_range()[0] < before[0] - 0.05
    drag(s, touch, start, along(s, QPoint(-900, 0)))  # and on towards 2022
    settle(s)
    assert s.visible_range()[1] > before[1] + 0.05


def test_zoom_in_never_lands_on_an_empty_stretch(make, real_ex):
    """From any place the view can be scrolled to, "+" keeps an event in view."""
    s = make(real_ex)
    v = s.view
    total = v.frame.along_total
    for k in range(12):
        s.reset()
        v.scroll_to_along(k / 11 * total, animate=False)
        while s.zoom_step() < MAX_STEP:  # every "+" up to the deepest zoom
            QTest.keyClick(s, Qt.Key.Key_Plus)
            assert s.card_rects(), f"no card in view after zooming in from {k / 11:.2f} of the axis"


def test_cards_use_readable_type_and_touch_targets(make, real_ex):
    s = make(real_ex, 1920, 1080)
    m = s.ctx.metrics
    for b in s.chips.buttons():
        assert b.height() >= m.target
    s.open_event(real_ex.events[0].id)
    s.finish_animations()
    for b in (s.detail.close_button, s.detail.theme_button, s.detail.prev_button, s.detail.next_button):
        assert b.height() >= m.target and b.isVisible()
    from lusong_kiosk.ui.timeline import cards as ti
    assert ti.DATE_PX >= style.BODY and ti.TITLE_PX > style.BODY and ti.LABEL_PX >= style.BODY


# touch -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)])
def test_the_year_in_view_keeps_its_label_while_panning(make, real_ex, size):
    """Panned past a year's tick, its label stays pinned at the view's leading edge, inside the
    view, until the next year's label takes its place; at the very start no label is pinned."""
    s = make(real_ex, *size)
    v = s.view
    v.scroll_to_along(0)
    s.finish_animations()
    assert v.axis_item.pinned() is None  # 1954's own label is in view
    seen = []
    for t in (2019.5, 2020.5, 2021.5, 2022.4):  # years long enough that no label pushes it
        v.scroll_to_along(v.along_of(t))
        s.finish_animations()
        first = s.visible_range()[0]
        pinned = v.axis_item.pinned()
        assert pinned is not None, t
        year, rect = pinned
        assert year == int(first), (t, first, year)
        view_rect = QRectF(v.viewport().rect())
        assert view_rect.contains(QRectF(v.mapFromScene(rect).boundingRect())), t
        seen.append(year)
    assert seen == sorted(seen) and len(set(seen)) == len(seen)


def test_touch_drag_pans(make, real_ex, touch, qtbot):
    s = make(real_ex)
    s.zoom_by(4.0)
    s.go_start()
    s.finish_animations()
    before = s.visible_range()
    c = s.view.viewport().rect().center()
    drag(s, touch, c, QPoint(-400, 0))
    settle(s)
    after = s.visible_range()
    assert after[0] > before[0] + 0.5  # dragged left: later years come in
    drag(s, touch, c, QPoint(300, 0))
    settle(s)
    assert s.visible_range()[0] < after[0]


def test_fling_keeps_moving_then_stops_inside_the_range(make, real_ex, touch, qtbot):
    s = make(real_ex)
    s.zoom_by(4.0)
    s.go_start()
    s.finish_animations()
    vp = s.view.viewport().rect()
    right, left = QPoint(vp.width() * 3 // 4, vp.height() // 2), QPoint(vp.width() // 4, vp.height() // 2)
    drag(s, touch, right, QPoint(-vp.width() // 3, 0), steps=4)  # fast: no waiting between moves
    at_release = s.view.scroll_value()
    assert s.view.scroller.state() == QScroller.State.Scrolling
    qtbot.waitUntil(lambda: s.view.scroll_value() > at_release + 20, timeout=3000)  # keeps moving
    settle(s)
    a, b = s.view.visible_range()
    assert FIRST < a < b < END
    bar = s.view.horizontalScrollBar()
    for _ in range(12):  # fling on towards 2022: it stops at the end, not beyond
        drag(s, touch, right, QPoint(-vp.width() // 2, 0), steps=3)
        settle(s)
        if bar.value() == bar.maximum():
            break
    assert bar.value() == bar.maximum()
    assert s.visible_range()[1] == pytest.approx(END)
    for _ in range(12):
        drag(s, touch, left, QPoint(vp.width() // 2, 0), steps=3)
        settle(s)
        if bar.value() == 0:
            break
    assert bar.value() == 0 and s.visible_range()[0] == pytest.approx(FIRST)


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)], ids=["landscape", "portrait"])
def test_pinch_zooms_around_its_centre(make, real_ex, touch, size):
    s = make(real_ex, *size)
    vp = s.view.viewport()
    c = QPointF(vp.rect().center())
    if s.view.vertical:
        c.setY(vp.height() * 0.7)
    else:
        c.setX(vp.width() * 0.7)
    t_centre = s.view.time_at_view(s.view.view_along(c))
    step0 = s.zoom_step()
    span0 = s.visible_range()[1] - s.visible_range()[0]

    def pts(d: float) -> tuple[QPoint, QPoint]:
        off = along(s, QPoint(round(d), 0))
        return (c - QPointF(off)).toPoint(), (c + QPointF(off)).toPoint()

    f = Fingers(s, touch)
    p1, p2 = pts(60)
    f.send(("press", 0, p1), ("press", 1, p2))
    for d in (90, 140, 200, 260, 320):
        p1, p2 = pts(d)
        f.send(("move", 0, p1), ("move", 1, p2))
    f.send(("release", 0, p1), ("release", 1, p2))
    assert s.zoom_step() > step0
    a, b = s.visible_range()
    assert b - a < span0 / 2
    assert s.view.time_at_view(s.view.view_along(c)) == pytest.approx(t_centre, abs=0.05)
    assert s.detail_event_id() is None  # a pinch is not a tap


def test_second_finger_turns_a_drag_into_a_pinch(make, real_ex, touch):
    s = make(real_ex)
    f = Fingers(s, touch)
    f.send(("press", 0, QPoint(900, 400)))
    f.send(("move", 0, QPoint(880, 400)))
    f.send(("move", 0, QPoint(880, 400)), ("press", 1, QPoint(1080, 400)))
    f.send(("move", 0, QPoint(700, 400)), ("move", 1, QPoint(1260, 400)))
    f.send(("release", 0, QPoint(700, 400)), ("move", 1, QPoint(1260, 400)))
    f.send(("release", 1, QPoint(1260, 400)))
    assert s.zoom_step() > 0
    assert s.view.scroller.state() == QScroller.State.Inactive


# mouse ----------------------------------------------------------------------------------------------

def test_wheel_zooms_around_the_cursor(make, real_ex):
    s = make(real_ex)
    vp = s.view.viewport()
    pos = QPointF(vp.width() * 0.8, vp.height() * 0.5)
    t = s.view.time_at_view(pos.x())
    for _ in range(3):
        ev = QWheelEvent(pos, QPointF(vp.mapToGlobal(pos.toPoint())), QPoint(), QPoint(0, 120),
                         Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
        QApplication.sendEvent(vp, ev)
    assert s.zoom_step() == 3
    assert s.view.time_at_view(pos.x()) == pytest.approx(t, abs=0.05)


def test_mouse_drag_pans_and_click_opens(make, real_ex, qtbot):
    s = make(real_ex)
    s.zoom_by(4.0)
    s.go_start()
    s.finish_animations()
    vp = s.view.viewport()
    before = s.visible_range()[0]
    QTest.mousePress(vp, Qt.MouseButton.LeftButton, pos=QPoint(1200, 400))
    for x in range(1150, 600, -50):
        QTest.mouseMove(vp, QPoint(x, 400))
    QTest.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=QPoint(600, 400))
    settle(s)
    assert s.visible_range()[0] > before
    key, rect = next((k, r) for k, r in s.card_rects().items() if k not in s.cluster_members())
    QTest.mouseClick(vp, Qt.MouseButton.LeftButton, pos=viewport_point(s, rect))
    assert s.detail_event_id() == key


# keys -----------------------------------------------------------------------------------------------

def test_arrow_keys_select_every_event_in_order(make, any_ex, qtbot):
    s = make(any_ex)
    ids = [e.id for e in any_ex.events]
    vp = QRectF(s.view.viewport().rect())
    QTest.keyClick(s, Qt.Key.Key_Right)  # with nothing selected: the first event in view
    a = s.visible_range()[0]
    assert event_span(next(e for e in any_ex.events if e.id == s.selected_event_id()).date)[0] >= a - 1e-6
    QTest.keyClick(s, Qt.Key.Key_Home)
    for i, eid in enumerate(ids):
        if i:
            QTest.keyClick(s, Qt.Key.Key_Right)
        assert s.selected_event_id() == eid
        s.finish_animations()
        key = next(k for k, m in s.cluster_members().items() if eid in m) if eid not in s.card_rects() else eid
        assert key in s.card_rects() and s.card_rects()[key].intersects(vp), eid  # centred, in view
    QTest.keyClick(s, Qt.Key.Key_Right)
    assert s.selected_event_id() == ids[-1]
    for eid in reversed(ids[:-1]):
        QTest.keyClick(s, Qt.Key.Key_Left)
        assert s.selected_event_id() == eid


def test_a_selected_event_gets_a_card_of_its_own(make, real_ex):
    """Stepping to an event inside a cluster zooms in until it stands alone."""
    s = make(real_ex)
    QTest.keyClick(s, Qt.Key.Key_Home)
    for i, eid in enumerate(e.id for e in real_ex.events):
        if i:
            QTest.keyClick(s, Qt.Key.Key_Right)
        s.finish_animations()
        assert eid in s.card_rects(), eid


def test_select_event_centres_it_for_the_presenter(make, real_ex):
    s = make(real_ex)
    s.show_theme(real_ex.themes[0].id)
    ev = next(e for e in reversed(real_ex.events) if e.theme != real_ex.themes[0].id)
    s.select_event(ev.id, animate=False)
    assert s.selected_event_id() == ev.id and s.view.filter is None
    r = s.card_rects()[ev.id]
    vp = s.view.viewport().rect()
    assert abs(r.center().x() - vp.center().x()) < vp.width() / 2 - r.width() / 2 + 1  # whole card in view
    s.select_event("no-such-event")
    assert s.selected_event_id() == ev.id


def test_home_and_end_reach_the_ends(make, real_ex, qtbot):
    s = make(real_ex)
    s.zoom_by(16.0)
    s.view.scroll_to_time(2015, animate=False)
    QTest.keyClick(s, Qt.Key.Key_End)
    qtbot.waitUntil(lambda: s.visible_range()[1] == pytest.approx(END), timeout=3000)
    assert s.selected_event_id() == real_ex.events[-1].id
    QTest.keyClick(s, Qt.Key.Key_Home)
    qtbot.waitUntil(lambda: s.visible_range()[0] == pytest.approx(FIRST), timeout=3000)
    assert s.selected_event_id() == real_ex.events[0].id


def test_plus_and_minus_zoom(make, real_ex):
    s = make(real_ex)
    QTest.keyClick(s, Qt.Key.Key_Plus)
    QTest.keyClick(s, Qt.Key.Key_Equal)
    assert s.zoom_step() == 6  # two steps of sqrt(2)
    QTest.keyClick(s, Qt.Key.Key_Minus)
    assert s.zoom_step() == 3
    for _ in range(20):
        QTest.keyClick(s, Qt.Key.Key_Minus)
    assert s.zoom_step() == 0


# detail, clusters, themes ----------------------------------------------------------------------------------

def test_tapping_a_card_opens_its_detail(make, real_ex, touch, qtbot):
    s = make(real_ex)
    key, rect = next((k, r) for k, r in whole_cards(s).items() if k not in s.cluster_members())
    tap(s, touch, viewport_point(s, rect))
    assert s.detail_event_id() == key
    ev = next(e for e in real_ex.events if e.id == key)
    assert s.detail.title_label.text() == ev.title.zh
    assert s.detail.text_label.text() == ev.text.zh
    s.finish_animations()
    qtbot.mouseClick(s.detail.close_button, Qt.MouseButton.LeftButton)
    assert s.detail_event_id() is None


def test_a_drag_that_starts_on_a_card_does_not_open_it(make, real_ex, touch, qtbot):
    s = make(real_ex)
    s.zoom_by(4.0)
    key, rect = next((k, r) for k, r in s.card_rects().items() if k not in s.cluster_members())
    drag(s, touch, viewport_point(s, rect), QPoint(-200, 0))
    settle(s)
    assert s.detail_event_id() is None


def test_detail_theme_link_asks_for_the_theme_panel(make, real_ex, qtbot):
    s = make(real_ex)
    ev = real_ex.events[5]
    s.open_event(ev.id)
    s.finish_animations()
    with qtbot.waitSignal(s.navigate, timeout=1000) as blocker:
        qtbot.mouseClick(s.detail.theme_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [f"theme:{ev.theme}"]


def test_detail_steps_through_events_and_escape_closes(make, real_ex, qtbot):
    s = make(real_ex)
    ids = [e.id for e in real_ex.events]
    s.open_event(ids[3])
    s.finish_animations()
    qtbot.mouseClick(s.detail.next_button, Qt.MouseButton.LeftButton)
    assert s.detail_event_id() == ids[4] and s.selected_event_id() == ids[4]
    QTest.keyClick(s, Qt.Key.Key_Left)
    assert s.detail_event_id() == ids[3]
    QTest.keyClick(s, Qt.Key.Key_Escape)
    assert s.detail_event_id() is None


def biggest_cluster_in_view(s: TimelineScreen, distinct_dates: bool = False) -> tuple[str, list[str]]:
    """The cluster of the most events (of as many dates as events: one zoom can split), scrolled
    to the middle of the view (the start view, which opens where the most single cards are, may
    show none)."""
    date = {e.id: e.date for e in s.ctx.exhibition.events}
    clusters = [(k, m) for k, m in s.cluster_members().items()
                if not distinct_dates or len({date[i] for i in m}) == len(m)]
    key, members = max(clusters, key=lambda kv: len(kv[1]))
    s.view.scroll_to_time(s.stem_times()[key], animate=False)
    assert key in whole_cards(s)
    return key, members


def test_tapping_a_cluster_lists_its_events(make, dense_ex, touch, qtbot):
    s = make(dense_ex)
    key, members = biggest_cluster_in_view(s)
    tap(s, touch, viewport_point(s, s.card_rects()[key]))
    assert s.cluster.isVisible()
    assert [r.shown.id for r in s.cluster.rows] == members
    s.finish_animations()
    row = s.cluster.rows[-1]
    qtbot.waitUntil(lambda: row.isVisible() and row.height() >= s.ctx.metrics.target)
    s.cluster.area.ensureWidgetVisible(row)
    qtbot.mouseClick(row, Qt.MouseButton.LeftButton)
    assert not s.cluster.isVisible()
    assert s.detail_event_id() == members[-1]


def test_zoom_here_splits_a_cluster(make, dense_ex, touch):
    s = make(dense_ex)
    key, members = biggest_cluster_in_view(s, distinct_dates=True)
    tap(s, touch, viewport_point(s, s.card_rects()[key]))
    s.cluster.zoom_button.click()
    assert not s.cluster.isVisible()
    assert s.zoom_step() > 0
    assert key not in s.cluster_members()


def test_show_theme_filters_and_brings_its_first_event_into_view(make, real_ex):
    s = make(real_ex)
    vp = QRectF(s.view.viewport().rect())
    for theme in real_ex.themes:
        s.show_theme(theme.id)
        want = [e.id for e in real_ex.events if e.theme == theme.id]
        assert [i for card in s.layout_members() for i in card] == want
        first = want[0]
        key = first if first in s.card_rects() else next(k for k, m in s.cluster_members().items() if first in m)
        assert s.card_rects()[key].intersects(vp)
        assert s.chips.theme_buttons[theme.id].isChecked()
    s.show_theme(None)
    assert len([i for card in s.layout_members() for i in card]) == len(real_ex.events)
    assert s.chips.all_button.isChecked()


def test_theme_chip_filters(make, real_ex, qtbot):
    s = make(real_ex)
    tid = real_ex.themes[3].id
    qtbot.mouseClick(s.chips.theme_buttons[tid], Qt.MouseButton.LeftButton)
    assert {e for card in s.layout_members() for e in card} == {e.id for e in real_ex.events if e.theme == tid}


def test_open_event_from_another_theme_clears_the_filter(make, real_ex):
    s = make(real_ex)
    a, b = real_ex.themes[0].id, real_ex.themes[1].id
    s.show_theme(a)
    ev = next(e for e in real_ex.events if e.theme == b)
    s.open_event(ev.id)
    assert s.detail_event_id() == ev.id and s.view.filter is None


def test_jump_chips_bring_their_year_into_view(make, real_ex, qtbot):
    s = make(real_ex)
    for year, button in s.chips.year_buttons.items():
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        s.finish_animations()
        a, b = s.visible_range()
        assert a <= year + 0.01 <= b, year
        first = next((e for e in real_ex.events if e.year == year), None)
        if first is not None:
            assert first.id in whole_cards(s), year
        sel = s.selected_event_id()
        if any(e.year == year for e in real_ex.events):
            assert next(e for e in real_ex.events if e.id == sel).year == year


def test_set_language_relabels_and_keeps_the_place(make, real_ex):
    s = make(real_ex)
    s.zoom_by(8.0)
    s.view.scroll_to_time(2020.5, animate=False)
    ev = next(e for e in real_ex.events if e.id in s.card_rects())
    assert ev.title.zh in s.card_texts()[ev.id]
    rng, step = s.visible_range(), s.zoom_step()
    s.ctx.lang = "en"  # the shell sets ctx.lang, then tells every screen
    s.set_language("en")
    assert ev.title.en in s.card_texts()[ev.id]
    assert s.chips.all_button.text() == "All"
    assert s.zoom_step() == step
    mid = (rng[0] + rng[1]) / 2
    a, b = s.visible_range()
    assert (a + b) / 2 == pytest.approx(mid, abs=0.02)


def test_reset_goes_back_to_the_start_view(make, real_ex):
    s = make(real_ex)
    start = s.visible_range()
    s.zoom_by(8.0)
    s.show_theme(real_ex.themes[0].id)
    s.open_event(real_ex.events[-1].id)
    s.reset()
    assert s.zoom_step() == 0 and s.view.filter is None and s.detail_event_id() is None
    assert s.selected_event_id() is None
    assert s.visible_range() == pytest.approx(start)


def test_leave_stops_a_fling(make, real_ex, touch):
    s = make(real_ex)
    s.zoom_by(8.0)
    s.go_start()
    s.finish_animations()
    drag(s, touch, QPoint(1500, 400), QPoint(-600, 0), steps=3)
    assert s.view.scroller.state() != QScroller.State.Inactive
    s.leave()
    assert s.view.scroller.state() == QScroller.State.Inactive


def test_bad_input_is_survived(make, dense_ex, qtbot):
    s = make(dense_ex)
    s.open_event("no-such-event")
    assert s.detail_event_id() is None
    s.show_theme("no-such-theme")
    assert s.view.filter is None
    odd = next(e for e in dense_ex.events if e.theme == "no-such-theme")
    s.open_event(odd.id)  # an event whose theme is missing: no theme link
    assert s.detail_event_id() == odd.id and not s.detail.theme_button.isEnabled()
    missing = next(e for e in dense_ex.events if e.image)
    s.open_event(missing.id)  # an image that is not there: the placeholder
    assert not s.detail.image.pixmap().isNull()
    s.zoom_by(0)
    s.zoom_by(math.inf)
    assert s.zoom_step() == MAX_STEP
    s.resize(200, 150)
    s.apply_metrics()
    s.resize(1920, 1080)
    s.apply_metrics()
    assert overlaps(s.card_rects()) == []


def test_renders_cards_in_both_languages(make, real_ex, tmp_path):
    """A picture of the timeline has the cards in it (look at the PNGs when changing the look)."""
    for lang in ("zh", "en"):
        s = make(real_ex, 1920, 1080, lang)
        img = s.grab().toImage()
        img.save(str(tmp_path / f"timeline-{lang}.png"))
        rects = whole_cards(s)
        key = next(k for k in rects if k not in s.cluster_members())
        r = rects[key].toRect().translated(s.view.mapTo(s, QPoint(0, 0)))
        colours = {img.pixel(x, y) for x in range(r.left() + 20, r.right() - 5, 7)
                   for y in range(r.top() + 5, r.bottom() - 5, 7)}
        assert len(colours) > 8, "a card should show text, not a blank box"


def test_large_text_and_high_contrast(make, real_ex):
    """The accessibility panel's largest text and the high-contrast palette: cards are drawn
    again, bigger and in the new colours, and still never overlap or leave the canvas."""
    s = make(real_ex, 1366, 768, lang="en")
    widths = {k: r.width() for k, r in s.card_rects().items()}
    try:
        style.set_palette(True)
        s.ctx.metrics = style.metrics_for(1366, 768, text=style.TEXT_STEPS[-1])
        s.apply_metrics()
        assert s.view.scene().backgroundBrush().color().name() == style.BG.lower()
        vp = QRectF(s.view.viewport().rect())
        for factor in (None, 4.0, 4.0):
            if factor:
                s.zoom_by(factor)
            rects = s.card_rects()
            assert overlaps(rects) == []
            assert all(r.top() >= -0.5 and r.bottom() <= vp.bottom() + 0.5 for r in rects.values())
        s.reset()
        bigger = {k: r.width() for k, r in s.card_rects().items() if k in widths}
        assert bigger and all(bigger[k] > widths[k] for k in bigger if not k.startswith("cluster:"))
    finally:
        style.set_palette(False)
