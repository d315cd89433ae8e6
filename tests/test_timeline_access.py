"""The timeline for assistive technology and the event detail: every card in view is in Qt's
accessibility tree with its date, title and theme, in axis order, and its press action opens
it; the detail has no picture slot for an event without a picture; a presenter's audience does
not see the detail's touch arrows nor the chips."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QAccessible, QAccessibleActionInterface
from PySide6.QtWidgets import QApplication
from test_timeline import (SIZES, biggest_cluster_in_view, dense_exhibition, family, make, real_ex,  # noqa: F401 - fixtures
                           tap, touch)

from lusong_kiosk.present import format as fmt
from lusong_kiosk.ui.timeline.overlays import theme_art


def accessible_nodes(widget) -> list:
    """Every interface under ``widget``'s, depth first in the tree's order."""
    out = []

    def walk(iface) -> None:
        for k in range(iface.childCount()):
            child = iface.child(k)
            if child is None or not child.isValid():
                continue
            out.append(child)
            walk(child)

    walk(QAccessible.queryAccessibleInterface(widget))
    return out


def card_nodes(s) -> list:
    """The accessible buttons that name a timeline event or cluster, visible ones, in tree order."""
    return [n for n in accessible_nodes(s) if n.role() == QAccessible.Role.Button
            and not n.state().invisible and n.object() is not None
            and n.object().parent() is s.view.viewport()]


@pytest.mark.parametrize("size", [SIZES[0], SIZES[2]], ids=lambda wh: f"{wh[0]}x{wh[1]}")
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_card_in_view_is_in_the_accessibility_tree_in_axis_order(make, real_ex, size, lang):  # noqa: F811 - the fixtures imported from test_timeline
    s = make(real_ex, *size, lang=lang)
    by_id = {e.id: e for e in real_ex.events}
    themes = {t.id: t for t in real_ex.themes}
    nodes = card_nodes(s)
    named = []
    for n in nodes:
        name = n.text(QAccessible.Text.Name)
        ev = next(e for e in real_ex.events if e.title(lang) in name)
        assert fmt.date(ev.date, lang) in name, name
        assert n.text(QAccessible.Text.Description) == themes[ev.theme].title(lang)
        named.append(ev.id)
    vp = QRectF(s.view.viewport().rect())
    whole = [k for k, r in s.card_rects().items() if vp.contains(r)]
    assert set(whole) <= set(named), "a card a visitor can read is missing from the tree"
    assert len(named) >= 12
    stems = s.stem_times()  # where each card meets the axis
    order = [stems[i] for i in named]
    assert order == sorted(order), "not in axis order"
    assert all(by_id[i].year == int(stems[i]) for i in named)


def test_pressing_an_accessible_card_opens_it(make, real_ex, qtbot):  # noqa: F811 - the fixtures imported from test_timeline
    s = make(real_ex)
    node = card_nodes(s)[3]
    ev = next(e for e in real_ex.events if e.title.zh in node.text(QAccessible.Text.Name))
    actions = node.actionInterface()
    assert QAccessibleActionInterface.pressAction() in actions.actionNames()
    actions.doAction(QAccessibleActionInterface.pressAction())
    qtbot.waitUntil(lambda: s.detail_event_id() == ev.id)
    assert card_nodes(s) == [], "cards under the open detail are not reachable"
    s.close_detail()
    assert card_nodes(s), "closed: the cards are back"


def test_a_swipe_updates_the_tree(make, real_ex):  # noqa: F811 - the fixtures imported from test_timeline
    s = make(real_ex)
    before = [n.text(QAccessible.Text.Name) for n in card_nodes(s)]
    s.jump_to_year(1954)
    s.finish_animations()
    after = [n.text(QAccessible.Text.Name) for n in card_nodes(s)]
    assert after != before
    assert any(real_ex.events[0].title.zh in name for name in after)


def test_clusters_are_named_with_their_years_and_count(make, qtbot):  # noqa: F811 - the fixtures imported from test_timeline
    ex = dense_exhibition()
    s = make(ex, lang="en")
    biggest_cluster_in_view(s)
    clusters = s.cluster_members()
    nodes = [n for n in card_nodes(s) if "events" in n.text(QAccessible.Text.Name)]
    assert nodes, "no cluster in view"
    node = next(n for n in nodes if n.object().key in clusters)
    members = clusters[node.object().key]
    assert f"{len(members)} events" in node.text(QAccessible.Text.Name)
    node.actionInterface().doAction(QAccessibleActionInterface.pressAction())
    qtbot.waitUntil(lambda: s.cluster.isVisible())
    assert [r.shown.id for r in s.cluster.rows] == members


def year_only_dots(s) -> dict[str, QPointF]:
    """The events dated by year alone with a card of their own -> their dot on the axis, in
    viewport coordinates, where it is in view."""
    v = s.view
    by_id = {e.id: e for e in v.all_events}
    vp = QRectF(v.viewport().rect())
    out = {}
    for item, pl in v.placed:
        ev = by_id[item.members[0]]
        if item.is_cluster or not item.isVisible() or "-" in ev.date:
            continue
        at = QPointF(v.mapFromScene(v.frame.point(pl.stem, 0)))
        if vp.adjusted(8, 8, -8, -8).contains(at):
            out[ev.id] = at
    return out


@pytest.mark.parametrize("size", [SIZES[1], SIZES[2]], ids=lambda wh: f"{wh[0]}x{wh[1]}")
@pytest.mark.parametrize("zoom", [0, 2])
def test_the_dot_of_a_year_only_event_opens_it_as_its_card_does(make, real_ex, touch, qtbot, size, zoom):  # noqa: F811 - the fixtures imported from test_timeline
    """The dots of the events dated by year alone (most of 2022's) meet the axis a few px apart;
    each opens its own event, by touch and by the accessibility tree; the bare axis opens none."""
    s = make(real_ex, *size)
    s.jump_to_year(2022)
    for _ in range(zoom):
        s.zoom_by(2 ** 0.5)
    s.finish_animations()
    dots = year_only_dots(s)
    assert len(dots) >= 3, "no year-only events in view"
    opened = 0
    for ev_id in dots:
        at = year_only_dots(s).get(ev_id)  # opening one centres it: the others move
        if at is None:
            continue
        tap(s, touch, at.toPoint())
        qtbot.waitUntil(lambda ev_id=ev_id: s.detail_event_id() == ev_id)
        s.close_detail()
        s.finish_animations()
        named = {n.object().key: n for n in card_nodes(s)}
        assert ev_id in named, f"{ev_id} is not in the accessibility tree"
        named[ev_id].actionInterface().doAction(QAccessibleActionInterface.pressAction())
        qtbot.waitUntil(lambda ev_id=ev_id: s.detail_event_id() == ev_id)
        s.close_detail()
        s.finish_animations()
        opened += 1
    assert opened >= 3
    # a stretch of axis with no dot near it is not a target
    v = s.view
    points = [v.mapFromScene(v.frame.point(pl.stem, 0)) for _, pl in v.placed]
    stems = sorted(p.y() if v.vertical else p.x() for p in points)
    length = v.along_len()
    far = next((a + (b - a) / 2 for a, b in zip(stems, stems[1:], strict=False)
                if b - a > 200 * v.ctx.metrics.scale and 0 < a + (b - a) / 2 < length), None)
    if far is not None:
        axis = v.mapFromScene(v.frame.point(0, 0))
        pos = QPointF(axis.x(), far) if v.vertical else QPointF(far, axis.y())
        tap(s, touch, pos.toPoint())
        assert s.detail_event_id() is None


# the detail -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("size", [SIZES[0], SIZES[2]], ids=lambda wh: f"{wh[0]}x{wh[1]}")
def test_an_event_without_a_picture_has_no_picture_slot(make, real_ex, size):  # noqa: F811 - the fixtures imported from test_timeline
    s = make(real_ex, *size)
    ev = next(e for e in real_ex.events if not e.image)
    s.open_event(ev.id)
    s.finish_animations()
    QApplication.processEvents()
    d = s.detail
    assert d.image.isHidden(), "an empty picture slot"
    inner = d.panel.contentsRect().width() - d.panel.layout().contentsMargins().left() * 2
    assert d.text_area.width() >= inner * 0.9, "the text does not take the width"
    assert d.art.isVisible() and not d.art.pixmap().isNull(), "no theme mark beside the date"
    assert d.date_label.font().pixelSize() > d.text_label.font().pixelSize() or \
        d.date_label.fontInfo().pixelSize() > d.text_label.fontInfo().pixelSize(), "the date is not large"
    assert d.prev_button.isVisible() and d.next_button.isVisible() and d.theme_button.isVisible()


def test_an_event_with_a_picture_shows_it(make):  # noqa: F811 - the fixtures imported from test_timeline
    ex = dense_exhibition()
    s = make(ex)
    ev = next(e for e in ex.events if e.image)
    s.open_event(ev.id)
    s.finish_animations()
    assert s.detail.image.isVisible() and not s.detail.image.pixmap().isNull()
    assert not s.detail.art.isVisible()


def test_theme_art_prefers_the_illustration(tmp_path, real_ex):  # noqa: F811 - the fixtures imported from test_timeline
    theme = real_ex.themes[0]
    assert theme_art(tmp_path, theme) == (theme.icon, True)
    (tmp_path / "illustrations").mkdir()
    (tmp_path / "illustrations" / f"{theme.id}.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    assert theme_art(tmp_path, theme) == (f"illustrations/{theme.id}.svg", False)
    assert theme_art(tmp_path, None) == (None, True)


def test_the_audience_does_not_see_the_detail_arrows(qtbot, make_shell, exhibition):
    shell = make_shell()
    shell.set_chrome(False)
    shell.go("timeline", animate=False)
    shell.finish_all()
    tl = shell.screens["timeline"]
    tl.open_event(exhibition.events[3].id)
    tl.finish_animations()
    qtbot.waitUntil(lambda: tl.detail.isVisible())
    assert not tl.detail.prev_button.isVisible() and not tl.detail.next_button.isVisible()
    assert tl.detail.theme_button.isVisible()
    shell.set_chrome(True)
    assert tl.detail.prev_button.isVisible() and tl.detail.next_button.isVisible()
    tl.close_detail()


def test_the_audience_sees_no_chip_at_any_timeline_step(qtbot, make_shell):
    """Presenter mode: the jump, theme and zoom chips are touch controls; the audience sees none
    at any of the timeline's steps, and the canvas (under the overview strip) takes their
    room. Back in a kiosk they return."""
    from lusong_kiosk.modes.presenter import PresenterMode
    from lusong_kiosk.ui.timeline.chips import ChipBar

    shell = make_shell(mode="presenter")
    mode = PresenterMode(shell)
    mode.goto(mode.first_index("timeline"))
    steps = 0
    while mode.step.screen == "timeline":
        tl = shell.stage.current
        tl.finish_animations()
        shown = [b for b in tl.findChildren(ChipBar) if b.isVisibleTo(shell)]
        assert not shown, mode.index
        # the overview strip stays (it shows where in 1954-2022 the audience is: content, drawn
        # as a map, not a button); the canvas takes the chips' room below it
        ov = tl.overview.geometry()
        assert tl.overview.isVisibleTo(shell) and ov.top() == 0, mode.index
        assert tl.view.geometry() == tl.rect().adjusted(0, ov.height(), 0, 0), mode.index
        steps += 1
        mode.next()
    assert steps == len([s for s in mode.plan if s.screen == "timeline"]) > 1
    shell.set_chrome(True)
    tl = shell.screens["timeline"]
    assert not tl.chips.isHidden() and tl.chips.height() > 0
    # the canvas right under the chips, or under the overview strip where it is a band
    assert tl.view.geometry().top() in (tl.chips.height(), tl.overview.geometry().bottom() + 1)


def test_esc_closes_the_open_detail_before_it_closes_the_demo_window(qtbot, make_shell, exhibition):
    """In the demo mode Esc closes the window; with a timeline or honour detail open it closes
    that first, as a visitor at a keyboard expects."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from lusong_kiosk.modes.demo import DemoMode

    shell = make_shell(mode="demo")
    DemoMode(shell)
    shell.activateWindow()  # a window's shortcut needs its window active
    qtbot.waitUntil(lambda: QApplication.activeWindow() is shell)
    shell.go("timeline", animate=False)
    shell.finish_all()
    tl = shell.screens["timeline"]
    tl.setFocus()
    tl.open_event(exhibition.events[3].id)
    tl.finish_animations()
    QTest.keyClick(tl, Qt.Key.Key_Escape)
    assert not tl.detail.isVisible() and shell.isVisible()
    shell.go("honours", animate=False)
    shell.finish_all()
    wall = shell.screens["honours"]
    wall.detail.show_honour(wall.cards[0].honour)
    wall.detail.finish()
    QTest.keyClick(wall.detail.back_button, Qt.Key.Key_Escape)
    assert not wall.detail.isVisible() and shell.isVisible()
    # the focus outside the detail (the language button just tapped): Esc still closes the detail
    wall.detail.show_honour(wall.cards[1].honour)
    wall.detail.finish()
    shell.top.lang.setFocus()
    QTest.keyClick(shell.top.lang, Qt.Key.Key_Escape)
    assert not wall.detail.isVisible() and shell.isVisible()
    QTest.keyClick(shell, Qt.Key.Key_Escape)  # nothing open: the demo window closes, as before
    assert not shell.isVisible()


@pytest.mark.parametrize("size", [(1920, 1080), (3840, 2160), (1080, 1920)])
def test_the_detail_panel_is_as_tall_as_its_words(make, real_ex, size):  # noqa: F811 - the fixtures imported from test_timeline
    """The panel is sized once it is shown (its words then have their style sheet's sizes): no
    words cut off below, no empty half panel."""
    s = make(real_ex, *size)
    for e in real_ex.events:
        s.open_event(e.id)
        s.finish_animations()
        QApplication.processEvents()  # the text's scroll area takes its new size
        d = s.detail
        most = d.height() - 2 * s.ctx.metrics.margin
        want = min(d.content_height(d.panel.width()), most)
        assert abs(d.panel.height() - max(want, s.ctx.metrics.px(d.PANEL_MIN_H))) <= 1, e.id
        if d.panel.height() < most - 1:  # room for all of it: none of it behind a scroll bar
            assert d.text_area.verticalScrollBar().maximum() == 0, f"{e.id}: words cut off below"
        s.close_detail()


def test_a_detail_left_open_covers_the_timeline_again_after_a_resize_while_away(qtbot, make_shell, exhibition):
    """The timeline keeps an event's detail open while the visitor is elsewhere; resized while
    its screen is hidden (a laptop's window changed), the detail covers the screen again when
    the timeline is shown."""
    shell = make_shell()
    shell.go("timeline", animate=False)
    shell.finish_all()
    tl = shell.screens["timeline"]
    tl.open_event(exhibition.events[3].id)
    tl.finish_animations()
    before = tl.height()
    shell.go("home", animate=False)
    shell.finish_all()
    assert not tl.isVisible() and not tl.detail.isHidden()  # still open, out of sight
    shell.resize(1920, 1200)
    shell.go("timeline", animate=False)
    shell.finish_all()
    qtbot.waitUntil(lambda: tl.height() > before)
    assert tl.detail.isVisible() and tl.detail.geometry() == tl.rect()
    assert tl.rect().contains(tl.detail.panel.geometry())
