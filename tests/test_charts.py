"""The chart layer: final and intermediate values, finish/reset, language switch, hiding,
rendered pixels, text layout, interaction and the accessible description."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QAbstractAnimation, QElapsedTimer, QEvent, QPoint, QPointF, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QContextMenuEvent, QFontDatabase, QImage, QMouseEvent, QRegion, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu, QVBoxLayout, QWidget

from lusong_kiosk.ui.charts import (
    BarChart,
    BulletChart,
    ChartSpec,
    CompareChart,
    DonutChart,
    GaugeChart,
    make_chart,
)
from lusong_kiosk.present.format import digits, with_unit

ROOT = Path(__file__).resolve().parent.parent
FONT = ROOT / "assets" / "fonts" / "NotoSansSC-Regular-subset.otf"
NAVY = "#0F1626"
W, H = 600, 400

SPECS = {
    "bar": ChartSpec("bar", (712.7, 1015.3, 88.0), ("芦淞", "株洲", "其他"), "亿元", (1, 1, 0), "#E0A030",
                     caption="产值"),
    "donut": ChartSpec("donut", (712.7, 1015.3), ("芦淞", "株洲"), "亿元", (1, 1), "#4FC3F7",
                       caption="占比（计算值）", computed_label="计算值", computed=True),
    "gauge": ChartSpec("gauge", (95.9,), ("空气质量优良率",), "%", (1,), "#66BB6A"),
    "compare": ChartSpec("compare", (162.0, 72.0), ("整合前", "整合后"), "项", (0, 0), "#EF5350",
                         caption="变化（计算值）", computed_label="计算值"),
    "bullet": ChartSpec("bullet", (305.0, 300.0), ("空气质量优良天数", "“蓝天300天”目标"), "天", (0, 0), "#6CC58A"),
}
ENGLISH = {
    "bar": dict(labels=("Lusong", "Zhuzhou", "Other"), unit="100 million yuan", caption="Output"),
    "donut": dict(labels=("Lusong", "Zhuzhou"), unit="100 million yuan", caption="share (computed)",
                  computed_label="computed"),
    "gauge": dict(labels=("Good-air days",)),
    "compare": dict(labels=("before", "after"), unit="items", caption="change (computed)",
                    computed_label="computed"),
    "bullet": dict(labels=("Days with good air quality", 'The "300 blue-sky days" goal'), unit="days"),
}
EMPTY = {"bar": (0.0, 0.0, 0.0), "donut": (0.0, 1015.3), "gauge": (0.0,), "compare": (0.0, 0.0),
         "bullet": (0.0, 300.0)}
KINDS = list(SPECS)


@pytest.fixture(scope="session")
def family(qapp) -> str:
    font_id = QFontDatabase.addApplicationFont(str(FONT))
    assert font_id >= 0, FONT
    return QFontDatabase.applicationFontFamilies(font_id)[0]


@pytest.fixture
def make(qtbot, family):
    def make(spec: ChartSpec, size: tuple[int, int] = (W, H), scale: float = 1.0, show: bool = True):
        chart = make_chart(spec)
        qtbot.addWidget(chart)
        chart.set_font_family(family)
        chart.set_scale(scale)
        chart.resize(*size)
        if show:
            chart.show()
            qtbot.waitExposed(chart)
        return chart

    return make


def view_box(chart) -> pg.ViewBox:
    return chart.findChild(pg.GraphicsView).centralWidget


def plot_items(chart) -> list:
    """The items drawn in the chart's view (added with ignoreBounds, so not in addedItems)."""
    return view_box(chart).childGroup.childItems()


def text_items(chart) -> list[pg.TextItem]:
    return [i for i in plot_items(chart) if isinstance(i, pg.TextItem)]


def shown_texts(chart) -> list[str]:
    return [i.toPlainText() for i in text_items(chart) if i.isVisible() and i.toPlainText()]


def render(chart) -> np.ndarray:
    """The chart drawn over the navy panel colour, as an (H, W, 4) BGRA array."""
    image = QImage(chart.size(), QImage.Format.Format_ARGB32)
    image.fill(QColor(NAVY))
    QWidget.render(chart, image, QPoint(), QRegion(), QWidget.RenderFlag.DrawChildren)
    h, w = image.height(), image.width()
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(h, image.bytesPerLine())
    return rows[:, : w * 4].reshape(h, w, 4).copy()


def accent_mask(pixels: np.ndarray, color: str) -> np.ndarray:
    c = QColor(color)
    want = np.array([c.blue(), c.green(), c.red()])
    return (np.abs(pixels[:, :, :3].astype(int) - want) <= 24).all(axis=2)


def running(chart) -> list[QAbstractAnimation]:
    return [a for a in chart.findChildren(QAbstractAnimation) if a.state() != QAbstractAnimation.State.Stopped]


# --- building ----------------------------------------------------------------------------


def test_make_chart_picks_the_class_by_kind(make):
    classes = {"bar": BarChart, "donut": DonutChart, "gauge": GaugeChart, "compare": CompareChart,
               "bullet": BulletChart}
    for kind, spec in SPECS.items():
        chart = make(spec, show=False)
        assert type(chart) is classes[kind]
        assert chart.progress() == 0.0 and not chart.is_animating()
        assert chart.displayed_values() == pytest.approx(EMPTY[kind])
    with pytest.raises(TypeError):
        make_chart({"kind": "bar"})  # type: ignore[arg-type] - the wrong type on purpose


@pytest.mark.parametrize(
    "change, message",
    [
        (dict(kind="pie"), "kind"),
        (dict(values=(1.0, 2.0, 3.0)), "needs 2"),
        (dict(labels=("only one",)), "label"),
        (dict(decimals=(1,)), "decimals"),
        (dict(decimals=(1, 9)), "decimals"),
        (dict(color="orange"), "RRGGBB"),
        (dict(values=(float("nan"), 1.0)), "finite"),
        (dict(values=(1.0, 0.0)), "whole"),
    ],
)
def test_spec_rejects_structural_mistakes(change, message):
    with pytest.raises(ValueError, match=message):
        dataclasses.replace(SPECS["donut"], **change)


def test_spec_stores_tuples_of_numbers():
    spec = ChartSpec("bar", [1, 2], ["a", "b"], "", [0, 0], "#112233")  # type: ignore[arg-type] - lists on purpose
    assert spec.values == (1.0, 2.0) and spec.labels == ("a", "b") and spec.decimals == (0, 0)
    assert isinstance(spec.values[0], float)


def test_number_and_unit_formatting():
    assert with_unit("91", "%") == "91%"
    assert with_unit("712.7", "亿元") == "712.7 亿元"
    assert with_unit("3", "") == "3"
    assert digits(1015.25, 1) == "1015.2" or digits(1015.25, 1) == "1015.3"
    assert digits(-0.04, 1) == "0.0"
    assert digits(72, 0) == "72"


def test_a_chart_is_a_transparent_expanding_widget(make):
    chart = make(SPECS["bar"], show=False)
    assert chart.minimumSizeHint() == QSize(240, 200)
    chart.set_scale(2.0)
    assert chart.minimumSizeHint() == QSize(480, 400)
    assert chart.sizePolicy().horizontalPolicy() == chart.sizePolicy().Policy.Expanding
    assert chart.sizePolicy().verticalPolicy() == chart.sizePolicy().Policy.Expanding


# --- animation ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_animation_ends_at_the_spec_values(qtbot, make, kind):
    chart = make(SPECS[kind])
    chart.animate(300)
    assert chart.is_animating()
    # its own clock wound to the end by hand: the 300 ms pass without waiting on the machine
    with qtbot.waitSignal(chart.finished, timeout=1000):
        for a in [a for a in running(chart) if a.group() is None]:
            a.setCurrentTime(a.totalDuration())
    assert chart.displayed_values() == pytest.approx(SPECS[kind].values)
    assert chart.progress() == 1.0
    assert not chart.is_animating() and not running(chart)


@pytest.mark.parametrize("kind", KINDS)
def test_values_are_between_empty_and_final_mid_animation(qtbot, make, kind):
    chart = make(SPECS[kind])
    final = SPECS[kind].values
    chart.animate(4000)
    assert chart.displayed_values() == pytest.approx(EMPTY[kind])
    # its own clock wound to two fifths by hand: a busy machine cannot carry it past the middle
    # between two looks (waiting on the real clock, a 4 s stall under load ran it to the end)
    for a in [a for a in running(chart) if a.group() is None]:
        a.setCurrentTime(a.totalDuration() * 2 // 5)
    assert 0.02 < chart.progress() < 0.9
    shown = chart.displayed_values()
    moving = [(s, f) for s, f, e in zip(shown, final, EMPTY[kind]) if f != e]
    assert moving and all(0 < s < f for s, f in moving)
    # the numbers count up with the drawing: no final figure is on screen yet
    if kind in ("donut", "gauge"):
        assert "70.2%" not in shown_texts(chart) and "95.9%" not in shown_texts(chart)
    chart.finish()


@pytest.mark.parametrize("kind", KINDS)
def test_finish_jumps_to_the_final_state_once(qtbot, make, kind):
    chart = make(SPECS[kind])
    chart.animate(20_000)
    qtbot.waitUntil(chart.is_animating, timeout=5000)
    with qtbot.waitSignal(chart.finished, timeout=5000):
        chart.finish()
    assert chart.displayed_values() == pytest.approx(SPECS[kind].values)
    assert not chart.is_animating() and not running(chart)
    with qtbot.assertNotEmitted(chart.finished):
        chart.finish()


@pytest.mark.parametrize("kind", KINDS)
def test_animate_zero_is_final_at_once(qtbot, make, kind):
    chart = make(SPECS[kind])
    with qtbot.waitSignal(chart.finished, timeout=5000):
        chart.animate(0)
        assert chart.displayed_values() == pytest.approx(SPECS[kind].values)
    assert not chart.is_animating()


@pytest.mark.parametrize("kind", KINDS)
def test_reset_shows_the_empty_state_and_animate_restarts_from_it(make, kind):
    chart = make(SPECS[kind])
    chart.finish()
    chart.reset()
    assert chart.progress() == 0.0 and not chart.is_animating()
    assert chart.displayed_values() == pytest.approx(EMPTY[kind])
    chart.finish()
    chart.animate(20_000)
    assert chart.progress() == 0.0 and chart.is_animating()
    assert chart.displayed_values() == pytest.approx(EMPTY[kind])
    chart.finish()


def test_the_delay_holds_the_empty_state(qtbot, make):
    chart = make(SPECS["gauge"])
    clock = QElapsedTimer()
    clock.start()
    with qtbot.waitSignal(chart.finished, timeout=5000):
        chart.animate(100, delay_ms=250)
        assert chart.is_animating() and chart.progress() == 0.0
    assert clock.elapsed() >= 300
    assert chart.displayed_values() == pytest.approx((95.9,))


@pytest.mark.parametrize("kind", ["bar", "gauge"])
def test_hiding_stops_the_animation(qtbot, make, kind):
    chart = make(SPECS[kind])
    chart.animate(20_000)
    qtbot.waitUntil(lambda: chart.progress() > 0, timeout=5000)
    with qtbot.waitSignal(chart.finished, timeout=5000):
        chart.hide()
    assert not chart.is_animating() and not running(chart)
    assert chart.displayed_values() == pytest.approx(SPECS[kind].values)


@pytest.mark.parametrize("kind", KINDS)
def test_no_timer_or_animation_runs_when_idle(make, kind):
    chart = make(SPECS[kind])
    assert not running(chart)
    chart.animate(20_000)
    assert running(chart)
    chart.finish()
    assert not running(chart)
    assert not [t for t in chart.findChildren(QTimer) if t.isActive()]


# --- language switch ---------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_set_spec_keeps_progress_and_items(qtbot, make, kind):
    chart = make(SPECS[kind])
    items = [id(i) for i in plot_items(chart)]
    assert len(items) >= 4
    chart.animate(20_000)
    qtbot.waitUntil(lambda: chart.progress() > 0.02, timeout=5000)
    before = chart.progress()
    english = dataclasses.replace(SPECS[kind], **ENGLISH[kind])
    chart.set_spec(english)
    assert chart.progress() >= before and chart.is_animating()
    assert [id(i) for i in plot_items(chart)] == items
    chart.finish()
    assert chart.displayed_values() == pytest.approx(SPECS[kind].values)
    text = " ".join(shown_texts(chart)) + " " + " ".join(i.textItem.toPlainText() for i in text_items(chart))
    for label in english.labels:
        assert label in text
    assert "芦淞" not in text and "整合前" not in text


def test_set_spec_keeps_the_bar_item_when_the_bar_count_changes(make):
    chart = make(SPECS["bar"])
    chart.finish()
    bars = [i for i in plot_items(chart) if isinstance(i, pg.BarGraphItem)]
    assert len(bars) == 1
    four = dataclasses.replace(SPECS["bar"], values=(1, 2, 3, 4), labels=tuple("abcd"), decimals=(0,) * 4)
    chart.set_spec(four)
    assert [i for i in plot_items(chart) if isinstance(i, pg.BarGraphItem)] == bars
    assert chart.displayed_values() == pytest.approx((1, 2, 3, 4))


def test_the_texts_of_bars_a_chart_loses_are_deleted_by_the_event_loop(make):
    """Out of the scene they would be left to Python's collector, which deletes Qt objects
    wherever it runs (docs/QT-NOTES.md)."""
    import shiboken6
    from PySide6.QtCore import QCoreApplication, QEvent

    chart = make(SPECS["bar"])
    chart.finish()
    before = text_items(chart)
    chart.set_spec(dataclasses.replace(SPECS["bar"], values=(1.0,), labels=("a",), decimals=(0,)))
    kept = text_items(chart)
    gone = [i for i in before if all(i is not k for k in kept)]
    assert len(gone) == 4  # two bars' value and label
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not [i for i in gone if shiboken6.isValid(i)]
    assert chart.displayed_values() == pytest.approx((1.0,))


def test_set_spec_rejects_another_kind(make):
    chart = make(SPECS["bar"], show=False)
    with pytest.raises(ValueError, match="bar"):
        chart.set_spec(SPECS["gauge"])


# --- pixels ------------------------------------------------------------------------------


def test_background_is_transparent(make):
    for spec in SPECS.values():
        chart = make(spec)
        chart.finish()
        corner = render(chart)[2, 2]
        assert QColor(int(corner[2]), int(corner[1]), int(corner[0])).name() == NAVY.lower()


def test_gauge_paints_accent_pixels_in_proportion_to_the_rate(make):
    counts = {}
    for rate in (91.0, 20.0):
        chart = make(dataclasses.replace(SPECS["gauge"], values=(rate,)))
        chart.finish()
        counts[rate] = accent_mask(render(chart), SPECS["gauge"].color).sum()
    assert counts[20.0] > 500
    assert 3.0 < counts[91.0] / counts[20.0] < 5.5  # 91/20 = 4.55; the round caps add a little


def test_donut_paints_accent_pixels_in_proportion_to_the_share(make):
    counts = {}
    for part in (80.0, 20.0):
        chart = make(dataclasses.replace(SPECS["donut"], values=(part, 100.0), decimals=(0, 0)))
        chart.finish()
        counts[part] = accent_mask(render(chart), SPECS["donut"].color).sum()
    assert 3.5 < counts[80.0] / counts[20.0] < 4.5


def test_rings_sweep_clockwise_from_their_start(make):
    """A donut starts at 12 o'clock and a gauge at 8 o'clock, both running clockwise: a quarter
    of a donut inks the upper right of the ring's centre, a fifth of a gauge its left side (the
    arc is drawn in device pixels, where Qt's angles turn the other way: ui/charts/rings.py)."""

    def centroid(spec: ChartSpec) -> np.ndarray:
        chart = make(spec)
        chart.finish()
        ys, xs = np.nonzero(accent_mask(render(chart), spec.color))
        assert len(xs) > 500
        return np.array([xs.mean(), ys.mean()])

    donut = dataclasses.replace(SPECS["donut"], values=(25.0, 100.0), decimals=(0, 0))
    centre = centroid(dataclasses.replace(donut, values=(100.0, 100.0)))  # the whole ring
    dx, dy = centroid(donut) - centre
    assert dx > 20 and dy < -20  # right of and above the centre (y grows downwards)
    gauge_centre = centroid(dataclasses.replace(SPECS["gauge"], values=(100.0,)))
    dx, _ = centroid(dataclasses.replace(SPECS["gauge"], values=(20.0,))) - gauge_centre
    assert dx < -40


def test_bars_paint_accent_pixels_in_proportion_to_their_values(make):
    chart = make(ChartSpec("bar", (25, 100), ("a", "b"), "", (0, 0), "#E0A030"))
    empty = accent_mask(render(chart), "#E0A030").sum()
    chart.finish()
    mask = accent_mask(render(chart), "#E0A030")
    left, right = mask[:, : W // 2].sum(), mask[:, W // 2 :].sum()
    assert empty == 0
    assert right / left == pytest.approx(4.0, rel=0.1)


def test_compare_draws_the_after_bar_in_the_accent(make):
    chart = make(SPECS["compare"])
    chart.finish()
    mask = accent_mask(render(chart), SPECS["compare"].color)
    assert mask[:, W // 2 :].sum() > 2000
    assert mask[:, : W // 2].sum() == 0  # "before" is a muted tint of the accent


# --- text --------------------------------------------------------------------------------


def _scene_rect(item: pg.TextItem) -> QRectF:
    return item.mapRectToScene(item.boundingRect())


def painted(chart):
    """pyqtgraph updates view transforms just before painting: paint once, then measure."""
    render(chart)
    return chart


SIZES = [((W, H), 1.0), ((560, 360), 1.0), ((1200, 800), 2.0), ((900, 480), 1.0)]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("size, scale", SIZES)
@pytest.mark.parametrize("kind", KINDS)
def test_text_stays_inside_the_chart_without_overlaps(make, kind, size, scale, lang):
    spec = SPECS[kind] if lang == "zh" else dataclasses.replace(SPECS[kind], **ENGLISH[kind])
    chart = make(spec, size=size, scale=scale)
    chart.finish()
    painted(chart)
    view = view_box(chart).sceneBoundingRect().adjusted(-1, -1, 1, 1)
    rects = [_scene_rect(i) for i in text_items(chart) if i.isVisible() and i.toPlainText()]
    assert len(rects) >= 2
    for r in rects:
        assert view.contains(r), (r, view)
    for a in range(len(rects)):
        for b in range(a + 1, len(rects)):
            overlap = rects[a].intersected(rects[b])
            assert overlap.width() < 1 or overlap.height() < 1, (rects[a], rects[b])


@pytest.mark.parametrize("kind", ["donut", "gauge"])
def test_centre_number_sits_inside_the_ring(make, kind):
    chart = make(SPECS[kind], size=(300, 240))
    chart.finish()
    painted(chart)
    vb = view_box(chart)
    centre = vb.mapViewToScene(QPointF(0, 0))
    unit = vb.mapViewToScene(QPointF(1, 0)).x() - centre.x()  # px per ring radius
    inner = unit * (0.74 if kind == "donut" else 0.84)
    number = next(i for i in text_items(chart) if i.toPlainText().endswith("%"))
    r = _scene_rect(number)
    for corner in (r.topLeft(), r.topRight(), r.bottomLeft(), r.bottomRight()):
        assert (corner - centre).manhattanLength() / 1.414 < inner


@pytest.mark.parametrize("kind", ["donut", "gauge"])
@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_centre_number_drawn_straight_looks_as_qt_paints_it(make, kind, scale, monkeypatch):
    """The centre is drawn without its document: at scale 2 (4K) its type is over 64 px and comes
    from glyph pixmaps -- the same ink in the same place as the document's paint, mid-count and
    at the end; at scale 1 it is one drawText, the very same pixels."""
    from lusong_kiosk.ui import charts, glyphs
    from lusong_kiosk.ui.charts import labels

    chart = make(SPECS[kind], size=(round(600 * scale), round(400 * scale)), scale=scale)
    plot = chart.findChild(pg.GraphicsView)
    for progress in (0.37, 1.0):
        chart._set_progress(progress)
        painted(chart)
        box = _scene_rect(chart._centre)  # the number's own box, in the chart's pixels
        top_left, bottom_right = (plot.mapTo(chart, plot.mapFromScene(p)) for p in (box.topLeft(), box.bottomRight()))

        def ink(top_left=top_left, bottom_right=bottom_right) -> np.ndarray:
            return accent_mask(render(chart), charts.TEXT_COLOR)[top_left.y() - 4:bottom_right.y() + 4,
                                                                 top_left.x() - 4:bottom_right.x() + 4]

        blits = []
        monkeypatch.setattr(glyphs, "draw_glyphs",
                            lambda *a, f=glyphs.draw_glyphs, blits=blits: (blits.append(a[1]), f(*a)))
        blitted = ink()
        assert bool(blits) == (scale > 1) and all(b.endswith("%") for b in blits)  # the glyph route at 4K
        monkeypatch.undo()
        monkeypatch.setattr(labels.GlyphText, "glyphs", False)
        plain = ink()
        monkeypatch.undo()
        assert plain.sum() > 300 * scale
        if scale == 1:
            assert (blitted == plain).all()
            continue
        assert abs(int(blitted.sum()) - int(plain.sum())) < 0.06 * plain.sum()
        (gy, gx), (py, px) = (np.nonzero(m) for m in (blitted, plain))
        assert abs(gx.mean() - px.mean()) < 0.5 and abs(gy.mean() - py.mean()) < 0.5


def test_centre_number_stays_on_its_pixel_row_wherever_the_chart_is_painted(family):
    """At a baseline of k + 0.5 less a rounding error (where the view's transform put the centre
    of an English panel at 1080p), Qt rounded the same text one way on the window and the other
    on the chart's kept picture: the number moved 1 px as the chart came to rest. The centre
    decides its own pixel row, so an integer shift of the painter shifts the ink by just that."""
    from PySide6.QtGui import QFont, QPainter, QTransform
    from lusong_kiosk.ui.charts import labels

    holder = labels.make_text(labels.TEXT_COLOR, (0.5, 0.5), counting=True)  # (owns the item)
    item = holder.textItem
    font = QFont(family)
    font.setPixelSize(56)
    item.setFont(font)
    item.setPlainText("70.2%")
    layout = item.document().firstBlock().layout()
    baseline = (layout.position() + layout.lineAt(0).glyphRuns()[0].positions()[0]).y()
    for tie in (87.49999999999997, 87.5, 87.50000000000003):  # the device baseline's fraction
        rows = set()
        for offset in (0, 100, 644, 787, 931, 1000):
            image = QImage(400, 1200, QImage.Format.Format_ARGB32_Premultiplied)
            image.fill(0)
            painter = QPainter(image)
            painter.setWorldTransform(QTransform.fromTranslate(189.4296875, tie + 58.0 - baseline + offset))
            item.paint(painter, None, None)
            painter.end()
            alpha = np.frombuffer(image.constBits(), np.uint8).reshape(1200, 400, 4)[:, :, 3]
            inked = np.nonzero(alpha.sum(axis=1))[0]
            rows.add((inked.min() - offset, inked.max() - offset))
        assert len(rows) == 1, (tie, rows)


@pytest.mark.parametrize("kind", KINDS)
def test_a_chart_at_rest_is_drawn_from_one_kept_picture_and_follows_every_change(make, kind, monkeypatch):
    """A finished chart's view is kept as one pixmap once painted twice alike: its scene is not
    drawn again, and the picture has the scene's pixels (text edges within Qt's gamma on a
    transparent pixmap). A new spec (a language switch), a resize or growth is drawn at once;
    nothing is kept while an animation runs, its delay included."""
    from PySide6.QtWidgets import QApplication
    from lusong_kiosk.ui.charts.base import ChartView
    from lusong_kiosk.ui.paint_cache import KEPT

    KEPT.clear()
    chart = make(SPECS[kind])
    chart.finish()
    view = chart.findChild(ChartView)
    drawn = []
    real = pg.GraphicsView.paintEvent
    monkeypatch.setattr(pg.GraphicsView, "paintEvent", lambda self, ev: (drawn.append(1), real(self, ev)))

    def at_rest() -> np.ndarray:
        for _ in range(3):
            render(chart)
            QApplication.processEvents()  # (the picture is taken right after a paint)
        assert view.kept() is not None
        drawn.clear()
        pixels = render(chart)
        assert not drawn  # blitted, the scene not drawn
        return pixels

    def live() -> np.ndarray:
        with monkeypatch.context() as m:
            m.setattr(ChartView, "still_key", lambda self: None)
            pixels = render(chart)
        assert drawn
        return pixels

    def same(a: np.ndarray, b: np.ndarray) -> bool:
        return int(np.abs(a.astype(int) - b.astype(int)).max()) <= 40

    kept = at_rest()
    assert same(kept, live())
    assert KEPT.used == 0  # the view holds its picture itself (the shared store is the text's)
    chart.set_spec(dataclasses.replace(SPECS[kind], **ENGLISH[kind]))  # the language switch
    drawn.clear()
    english = render(chart)
    assert drawn and not same(english, kept)
    assert same(at_rest(), live())
    chart.resize(W + 80, H)
    drawn.clear()
    render(chart)
    assert drawn
    at_rest()
    chart.hide()
    assert view.kept() is None  # let go of when hidden
    chart.show()
    at_rest()
    chart.reset()
    chart._set_progress(0.3)  # growing: each step is drawn
    for progress in (0.31, 0.32):
        chart._set_progress(progress)
        drawn.clear()
        render(chart)
        assert drawn
        QApplication.processEvents()
    chart.animate(60_000, delay_ms=60_000)  # waiting for its turn on a panel just tapped into:
    for _ in range(3):  # painted as it is, nothing kept (a keep there landed in the tap's answer)
        drawn.clear()
        render(chart)
        assert drawn
        QApplication.processEvents()
    assert view.kept() is None
    chart.finish()
    assert same(at_rest(), live())


def test_font_sizes_follow_the_scale_and_family(make, family):
    chart = make(SPECS["bar"], size=(1200, 800), scale=2.0)
    chart.finish()
    sizes = sorted({i.textItem.font().pixelSize() for i in text_items(chart) if i.toPlainText()})
    assert sizes == [52, 60]  # labels and caption 26 px, values 30 px, at 1080p (read from a metre)
    assert {i.textItem.font().family() for i in text_items(chart)} == {family}
    gauge = make(SPECS["gauge"], size=(1200, 800), scale=2.0)
    gauge.finish()
    assert max(i.textItem.font().pixelSize() for i in text_items(gauge)) == 112


def test_chinese_text_is_drawn_with_the_bundled_font(make, family):
    from PySide6.QtGui import QFontMetrics

    chart = make(SPECS["donut"])
    chart.finish()
    for item in text_items(chart):
        metrics = QFontMetrics(item.textItem.font())
        for ch in item.toPlainText():
            if not ch.isspace():
                assert metrics.inFontUcs4(ord(ch)), ch


@pytest.mark.parametrize("kind", KINDS)
def test_describe_names_every_label_and_value(make, kind):
    chart = make(SPECS[kind], show=False)
    text = chart.describe()
    spec = SPECS[kind]
    for label in spec.labels:
        assert label in text
    for value, decimals in zip(spec.values, spec.decimals):
        assert digits(value, decimals) in text
    assert spec.unit in text
    assert chart.accessibleDescription() == text


def test_describe_of_derived_figures():
    donut = make_chart(SPECS["donut"])
    compare = make_chart(SPECS["compare"])
    try:
        assert donut.describe() == "占比（计算值）: 芦淞 712.7 亿元, 株洲 1015.3 亿元, 70.2%"
        assert compare.describe() == "变化（计算值）: 整合前 162 项 → 整合后 72 项, -90 项 (-55.6%)"
        up = dataclasses.replace(SPECS["compare"], values=(0, 12), caption="")
        compare.set_spec(up)
        assert compare.describe() == "整合前 0 项 → 整合后 12 项, +12 项 (计算值)"
    finally:
        donut.deleteLater()
        compare.deleteLater()


def test_computed_flag_in_captions(make):
    plain = dict(caption="share", computed_label="computed")
    flagged = make(dataclasses.replace(SPECS["donut"], computed=True, **plain))
    assert "share · computed" in shown_texts(flagged)
    official = make(dataclasses.replace(SPECS["donut"], computed=False, **plain))
    assert "share" in shown_texts(official) and not any("computed" in t for t in shown_texts(official))
    # the caption already says it: no second flag
    said = make(dataclasses.replace(SPECS["donut"], computed=True, caption="share (computed)",
                                    computed_label="computed"))
    assert "share (computed)" in shown_texts(said)
    # a before/after change is always computed
    compare = make(dataclasses.replace(SPECS["compare"], caption="", computed_label="computed"))
    compare.finish()
    assert any(t.endswith("· computed") and "-90" in t for t in shown_texts(compare))


# --- interaction -------------------------------------------------------------------------


class _Panel(QWidget):
    def __init__(self):
        super().__init__()
        self.presses = 0

    def mousePressEvent(self, event):
        self.presses += 1
        event.accept()


def test_pointer_input_does_nothing_and_reaches_the_panel(qtbot, family):
    panel = _Panel()
    qtbot.addWidget(panel)
    chart = make_chart(SPECS["bar"], panel)
    QVBoxLayout(panel).addWidget(chart)
    panel.resize(W, H)
    panel.show()
    qtbot.waitExposed(panel)
    chart.finish()
    plot = chart.findChild(pg.GraphicsView)
    vb = view_box(chart)
    assert vb.state["mouseEnabled"] == [False, False]
    assert not vb.menuEnabled()
    assert plot.testAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    assert plot.focusPolicy() == Qt.FocusPolicy.NoFocus
    before = vb.viewRange()

    centre = chart.rect().center()
    QTest.mousePress(chart, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre)
    QTest.mouseMove(chart, centre + QPoint(120, 60))
    QTest.mouseRelease(chart, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre + QPoint(120, 60))
    assert panel.presses == 1  # swipes and taps go to the panel under the chart
    wheel = QWheelEvent(QPointF(centre), QPointF(chart.mapToGlobal(centre)), QPoint(0, 0), QPoint(0, 240),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(plot.viewport(), wheel)
    assert vb.viewRange() == before
    assert chart.displayed_values() == pytest.approx(SPECS["bar"].values)


def _menus() -> int:
    return sum(isinstance(w, QMenu) for w in QApplication.allWidgets())


def test_a_right_click_on_a_chart_opens_no_menu_and_charts_build_none(qtbot, family):
    """A kiosk shows no menu: a right click or the menu key handed straight to a chart's own view
    (past the panel it normally reaches) opens none, and a chart keeps none of pyqtgraph's."""
    before = _menus()
    charts = [make_chart(SPECS[kind]) for kind in KINDS]
    for chart in charts:
        qtbot.addWidget(chart)
        chart.resize(W, H)
        chart.show()
        qtbot.waitExposed(chart)
        chart.finish()
    assert _menus() <= before
    for chart in charts:
        view = chart.findChild(pg.GraphicsView).viewport()
        at = QPointF(view.rect().center())
        for kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease):
            QApplication.sendEvent(view, QMouseEvent(kind, at, view.mapToGlobal(at), Qt.MouseButton.RightButton,
                                                     Qt.MouseButton.RightButton if kind == QEvent.Type.MouseButtonPress
                                                     else Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier))
        QApplication.sendEvent(view, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, at.toPoint(),
                                                       view.mapToGlobal(at.toPoint())))
        QApplication.processEvents()
        assert QApplication.activePopupWidget() is None
        assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QMenu) and w.isVisible()]


# --- start-up cost -----------------------------------------------------------------------


def test_the_ui_package_does_not_import_pyqtgraph():
    code = "import sys, lusong_kiosk, lusong_kiosk.ui; assert 'pyqtgraph' not in sys.modules, 'pyqtgraph'"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


# ---------------------------------------------------------------------------------------------
# Honest centres: a share as the article states it, a rate with its qualifier


def _shown(qtbot, exhibition, chart_id: str, lang: str):
    """A shipped chart built, shown and finished: (theme, content chart, spec, widget)."""
    theme, chart, spec = _shipped_spec(exhibition, chart_id, lang)
    widget = make_chart(spec)
    qtbot.addWidget(widget)
    widget.resize(W, H)
    widget.show()
    qtbot.waitExposed(widget)
    widget.finish()
    return theme, chart, spec, widget


def _shipped_spec(exhibition, chart_id: str, lang: str):
    from lusong_kiosk.present.charts import chart_spec

    for theme in exhibition.themes:
        for chart in theme.charts:
            if chart.id == chart_id:
                return theme, chart, chart_spec(chart, theme.chart_figures(chart), "#4FC3F7", lang,
                                                 theme.chart_share(chart))
    raise KeyError(chart_id)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_apparel_donut_shows_the_share_the_article_states(qtbot, exhibition, lang):
    from lusong_kiosk.present.charts import table_rows

    theme, chart, spec, donut = _shown(qtbot, exhibition, "apparel-share-donut", lang)
    assert donut._centre.textItem.toPlainText() == "70.1%"  # stated; part / whole is 70.2 %
    assert "70.1%" in donut.accessibleDescription()
    rows = table_rows(spec, theme.chart_figures(chart), lang)
    assert [r.value for r in rows if not r.computed and "%" in r.value] == ["70.1%"]
    computed = [r for r in rows if r.computed]
    assert [r.value for r in computed] == ["70.2%"] and computed[0].note  # in the table, marked


@pytest.mark.parametrize(("lang", "want"), [("zh", "超过 70%"), ("en", "over 70%")])
def test_a_gauge_centre_keeps_the_figure_s_qualifier(qtbot, exhibition, lang, want):
    _, _, _, gauge = _shown(qtbot, exhibition, "social-spending-gauge", lang)
    assert gauge._centre.textItem.toPlainText() == want
    assert want in gauge.accessibleDescription()
    assert not gauge.label_problems(lang)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_target_is_a_line_across_the_result_s_bar_not_a_second_bar(qtbot, exhibition, lang):
    _, _, spec, chart = _shown(qtbot, exhibition, "blue-sky-bullet", lang)
    assert list(chart._bars.opts["height"]) == [305.0]  # one bar: the result
    xs, ys = chart._target.getData()
    assert list(ys) == [300.0, 300.0] and xs[0] < -chart._bars.opts["width"] / 2 < xs[1]  # across it
    label = chart._target_item.textItem.toPlainText()
    assert spec.labels[1] in label and ("300 天" if lang == "zh" else "300 days") in label
    assert not chart.label_problems(lang)
    # the line stands where the chart says 300 is: the bar's 305 reaches just over it
    vb = chart._vb
    line_y = vb.mapViewToScene(pg.Point(0, 300.0)).y()
    top_y = vb.mapViewToScene(pg.Point(0, 305.0)).y()
    assert top_y < line_y


def test_a_bar_s_value_keeps_its_qualifier(make):
    spec = dataclasses.replace(SPECS["bar"], unit="条", decimals=(0, 0, 0), values=(70.0, 35.0, 20.0),
                               qualifiers=("超过", "", ""))
    chart = make(spec)
    chart.finish()
    assert [item.textItem.toPlainText() for item in chart._value_items] == ["超过 70 条", "35 条", "20 条"]
    assert "超过 70 条" in chart.accessibleDescription()
