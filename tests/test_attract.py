"""The attract loop as a passer-by meets it: the themes take turns (never one theme's slides in
a row), all five appear within 30 s whenever one arrives (computed from the settings' slide
duration), every slide speaks Chinese with English beneath, each theme slide shows its drawing
and a chart, and each round ends with the tour offer, which asks for the tour when tapped."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

CJK = re.compile(r"[\u4e00-\u9fff]")


def test_themes_take_turns_in_every_round(exhibition):
    from lusong_kiosk.ui.attract import OFFER, plan

    ids = [t.id for t in exhibition.themes]
    for round_no in range(4):
        slides = plan(exhibition, round_no)
        assert [s.theme.id for s in slides[:-1]] == ids  # one slide each, interleaved
        assert slides[-1].kind == OFFER  # the round ends with the tour offer
    # later rounds tell more: the figures shown change from round to round
    assert plan(exhibition, 0)[0].figure != plan(exhibition, 1)[0].figure
    assert plan(exhibition, 0)[0].figure.id == exhibition.themes[0].hero


def test_a_passer_by_sees_all_five_themes_within_30_seconds(exhibition):
    """Whenever a visitor arrives (during any slide of the first rounds), every theme's slide
    has begun within 30 s, by the settings' own slide duration."""
    from lusong_kiosk.settings import Settings
    from lusong_kiosk.ui.attract import plan

    interval = Settings().attract_interval
    seq = [s for r in range(3) for s in plan(exhibition, r)]
    themes = {t.id for t in exhibition.themes}
    per_round = len(themes) + 1
    for arrive in range(2 * per_round):
        seen, k = set(), arrive
        while seen != themes:
            if seq[k].theme is not None:
                seen.add(seq[k].theme.id)
            k += 1
        # the slide on screen at arrival is seen at once; each later one begins a slide later
        assert (k - 1 - arrive) * interval <= 30, f"arriving at slide {arrive}: {(k - 1 - arrive) * interval} s"


@pytest.fixture
def overlay(make_shell):
    from lusong_kiosk.ui.attract import AttractOverlay

    def make(w=1920, h=1080, **kw):
        shell = make_shell(w, h, **kw)
        ov = AttractOverlay(shell, 60)  # turned by hand: next()
        ov.start()
        return shell, ov

    return make


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)])
def test_every_slide_speaks_both_languages_with_the_drawing_and_a_chart(qtbot, overlay, exhibition, size):
    shell, ov = overlay(*size)
    for i in range(len(exhibition.themes) + 1):
        if i:
            ov.next()
        texts = [t for t in ov.slide_texts() if t]
        assert any(CJK.search(t) for t in texts), texts
        assert any(t.isascii() and re.search("[A-Za-z]", t) for t in texts), texts
        if ov.slide.kind == "theme":
            theme = ov.slide.theme
            assert ov.theme_zh.text() == theme.title("zh") and ov.theme_en.text() == theme.title("en")
            assert CJK.search(ov.figure.value_label.text() + ov.figure.caption.text())
            assert not CJK.search(ov.figure_en.text())
            # Chinese large, English beneath it
            assert ov.theme_en.mapTo(shell, QPoint(0, 0)).y() > ov.theme_zh.mapTo(shell, QPoint(0, 0)).y()
            assert ov.theme_zh.font().pixelSize() > ov.theme_en.font().pixelSize()
            caption = ov.figure.caption
            assert ov.figure_en.mapTo(shell, QPoint(0, 0)).y() > caption.mapTo(shell, QPoint(0, 0)).y()
            assert caption.font().pixelSize() > ov.figure_en.font().pixelSize()
            assert ov.art is not None and ov.art.isVisible() and ov.art.key == theme.id
            assert ov.chart is not None and ov.chart.isVisible()
            assert ov.figure.height() >= ov.figure.sizeHint().height()  # the figure is not squeezed
        else:
            assert ov.offer.isVisible() and not ov.theme_view.isVisible()
    ov.stop()


def test_a_theme_slide_chart_grows_while_shown(qtbot, overlay):
    shell, ov = overlay(chart_ms=5000)
    assert ov.chart.is_animating()
    ov.stop()


def _to_offer(ov, exhibition) -> None:
    while ov.slide is None or ov.slide.kind != "offer":
        ov.next()


def test_tapping_the_tour_offer_asks_for_the_tour(qtbot, overlay, exhibition):
    shell, ov = overlay()
    _to_offer(ov, exhibition)
    with qtbot.waitSignal(ov.tour_requested, timeout=5000):
        QTest.mouseClick(ov.offer, Qt.MouseButton.LeftButton)
    ov.stop()


def test_in_the_kiosk_the_offer_asks_for_the_tour_and_elsewhere_only_ends_the_loop(qtbot, make_kiosk, exhibition):
    shell, mode = make_kiosk(idle_timeout=0.3, attract_delay=0.2, attract_interval=60)
    qtbot.waitUntil(mode.attract.running, timeout=5000)
    asked = []
    mode.attract.tour_requested.connect(lambda: asked.append(True))
    _to_offer(mode.attract, exhibition)
    QTest.mouseClick(shell, Qt.MouseButton.LeftButton, pos=QPoint(5, shell.height() - 5))  # not the offer
    assert not mode.attract.running() and not asked
    qtbot.waitUntil(mode.attract.running, timeout=5000)
    _to_offer(mode.attract, exhibition)
    offer = mode.attract.offer
    QTest.mouseClick(offer, Qt.MouseButton.LeftButton, pos=offer.rect().center())
    assert asked == [True]
    assert not mode.attract.running()  # the loop ends; the tour (wired by the lead) opens


def test_each_frame_of_the_pulse_repaints_the_whole_ring(qtbot, overlay):
    """The ring behind the prompt grows and shrinks: each frame repaints all of it (a frame that
    repainted the prompt's label alone left bands of the old ring above and below it)."""
    from PySide6.QtCore import QEvent, QObject, QRect
    from PySide6.QtWidgets import QApplication

    from lusong_kiosk.ui.attract import RING

    shell, ov = overlay()
    qtbot.waitExposed(ov)
    painted: list[QRect] = []

    class Spy(QObject):
        def eventFilter(self, obj, event):
            if obj is ov and event.type() == QEvent.Type.Paint:
                painted.append(event.rect())
            return False

    spy = Spy()
    ov.installEventFilter(spy)
    QApplication.processEvents()
    painted.clear()
    ov.pulse.setCurrentTime(ov.pulse.duration() // 2)  # the ring at its largest
    qtbot.waitUntil(lambda: bool(painted))
    r = round(shell.ctx.metrics.px(RING) * 1.2)
    c = ov.icon.geometry().center()
    ring = QRect(c.x() - r, c.y() - r, 2 * r, 2 * r)
    assert any(p.contains(ring) for p in painted), (painted, ring)
    ov.removeEventFilter(spy)
    ov.stop()


def test_the_offer_names_the_tours_computed_length_in_both_languages(overlay, exhibition):
    """The offer says what the home tile says: the length worked out from the tour's plan and
    the settings (a longer reading time, a longer tour), not a fixed '3 minutes'."""
    from lusong_kiosk.app import tour_length

    said = set()
    for read_s in (None, 20):
        shell, ov = overlay(**({} if read_s is None else {"tour_read_s": read_s}))
        minutes = round(tour_length(exhibition, ov.ctx.settings)[0] / 60)
        zh, en = ov.offer.text().split("\n")
        assert f"{minutes} 分钟" in zh and f"{minutes} min" in en, ov.offer.text()
        said.add(minutes)
        ov.stop()
    assert len(said) == 2  # the two settings give two lengths: the offer followed them
