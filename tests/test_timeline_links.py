"""Through the whole shell: theme panel -> its events on the timeline -> an event -> its theme."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPointingDevice
from PySide6.QtTest import QTest


def test_theme_panel_opens_the_timeline_on_its_events_and_back(qtbot, make_shell, exhibition):
    shell = make_shell(reduce_motion=True)
    shell.go("theme:ecology", animate=False)
    page = shell.stage.current
    qtbot.mouseClick(page.timeline_button, Qt.MouseButton.LeftButton)
    assert shell.current_target == "timeline:ecology"
    tl = shell.stage.current
    assert tl.screen_id == "timeline" and tl.isVisible()
    shown = {eid for members in tl.layout_members() for eid in members}
    ecology = {e.id for e in exhibition.events if e.theme == "ecology"}
    assert shown == ecology

    # tap a card with a finger: its detail opens; its theme link opens that theme's panel
    for _ in range(12):  # zoom in until a single card (not a cluster) is in view
        singles = [(k, r) for k, r in tl.card_rects().items() if k not in tl.cluster_members()]
        if singles:
            break
        tl.zoom_by(1.5)
    key, rect = singles[0]
    dev = QTest.createTouchDevice(QPointingDevice.DeviceType.TouchScreen)
    vp = tl.view.viewport()
    p = vp.mapTo(shell, rect.center().toPoint())
    QTest.touchEvent(shell, dev, False).press(0, p).commit()
    QTest.touchEvent(shell, dev, False).release(0, p).commit()
    qtbot.waitUntil(lambda: tl.detail_event_id() == key)
    tl.finish_animations()
    event = next(e for e in exhibition.events if e.id == key)
    qtbot.mouseClick(tl.detail.theme_button, Qt.MouseButton.LeftButton)
    assert shell.current_target == f"theme:{event.theme}"
    assert shell.stage.current.theme.id == event.theme


def test_home_timeline_shows_every_event_and_idle_reset_returns_it_to_start(qtbot, make_shell, exhibition):
    from lusong_kiosk.modes.kiosk import KioskMode

    shell = make_shell(reduce_motion=True, idle_timeout=0.3, attract_delay=30)
    mode = KioskMode(shell)
    try:
        shell.go("timeline:innovation", animate=False)
        tl = shell.stage.current
        start_range = None
        tl.reset()
        start_range = tl.visible_range()
        tl.show_theme("innovation")
        tl.zoom_by(4.0)
        assert tl.visible_range() != start_range
        with qtbot.waitSignal(mode.idle_reset_done, timeout=5000):
            pass
        assert shell.current_target == "home"
        shell.go("timeline", animate=False)
        assert tl.visible_range() == start_range
        shown = [eid for members in tl.layout_members() for eid in members]
        assert sorted(shown) == sorted(e.id for e in exhibition.events)
    finally:
        mode.allow_exit = True
        mode.detach()
