"""Every chart keeps every label through any change of look (issue 17).

A visitor who tapped English and back saw the rings' legends and captions and the bars' category
names vanish: Qt's item cache on the chart's text repainted only the rectangles the text's
document reported as changed. Each test here puts the window through a sequence of changes and
compares each chart on each theme panel, pixel by pixel, with a chart freshly built in the final
state (same spec, size, scale and font).
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QImage, QRegion
from PySide6.QtWidgets import QApplication, QWidget

from conftest import ASSETS, CONTENT, Windows, fast_settings

THEMES = ["industry", "opening", "innovation", "ecology", "livelihood"]
SIZES = [(1920, 1080), (1080, 1920)]
# antialiasing: the kept text is blitted at a whole-pixel offset; a lost label is hundreds of pixels
TOLERANCE, MAX_PIXELS = 64, 12


def pixels(widget, own: bool = False) -> np.ndarray:
    """The widget as drawn; ``own``: its own paint and its children's over one flat colour (a
    chart's surroundings differ between a panel and a chart standing alone)."""
    if own:
        image = QImage(widget.size(), QImage.Format.Format_ARGB32)
        image.fill(QColor("#0F1626"))
        widget.render(image, QPoint(), QRegion(), QWidget.RenderFlag.DrawChildren)
    else:
        image = widget.grab().toImage().convertToFormat(QImage.Format.Format_ARGB32)
    h, w = image.height(), image.width()
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(h, image.bytesPerLine())
    return rows[:, : w * 4].reshape(h, w, 4).copy()  # bytes: a copy, the image's buffer goes with it


def differing(a: np.ndarray, b: np.ndarray) -> int:
    if a.shape != b.shape:
        return a.size
    if np.array_equal(a, b):  # the usual case, at the cost of one comparison
        return 0
    # |a - b| on the bytes themselves (no wider copy of each picture)
    return int(((np.maximum(a, b) - np.minimum(a, b)).max(axis=2) > TOLERANCE).sum())


def settle(qtbot, shell) -> None:
    shell.finish_all()  # any transition and the screen's animations at their end
    QApplication.processEvents()


_FRESH: dict[tuple, np.ndarray] = {}  # a fresh chart's picture by what it shows and its size


def fresh_pixels(qtbot, chart) -> np.ndarray:
    """A chart built anew from what ``chart`` shows, finished, at its size (one build for each
    such state: the sequences end in the same few)."""
    from lusong_kiosk.ui.charts import make_chart

    spec, _, scale, family = chart.look()
    key = (spec, scale, family, chart.width(), chart.height())
    if key not in _FRESH:
        fresh = make_chart(spec)
        qtbot.addWidget(fresh)
        fresh.set_font_family(family)
        fresh.set_scale(scale)
        fresh.resize(chart.size())
        fresh.show()
        qtbot.waitExposed(fresh)
        fresh.finish()
        _FRESH[key] = pixels(fresh, own=True)
        fresh.close()
    return _FRESH[key]


def stale_charts(qtbot, shell) -> list[str]:
    """Every chart of every theme panel that does not look like a fresh one, in the shell's
    language, with how many pixels differ."""
    from lusong_kiosk.ui.charts import Chart

    bad = []
    for theme in THEMES:
        shell.go(f"theme:{theme}", animate=False)
        settle(qtbot, shell)
        for chart in shell.current_screen().findChildren(Chart):
            if not chart.isVisibleTo(shell):
                continue  # shown as a table
            chart.finish()
            QApplication.processEvents()
            # twice: the second paint of a chart at rest is its kept picture
            pixels(chart, own=True)
            got = pixels(chart, own=True)
            n = differing(got, fresh_pixels(qtbot, chart))
            if n > MAX_PIXELS:
                bad.append(f"{theme}/{type(chart).__name__} {chart.spec().labels[0]!r}: {n} px differ")
    return bad


# --- the sequences a visitor, a presenter or a technician puts the window through -----------


def languages(qtbot, shell, **_) -> None:
    for lang in ("en", "zh", "en", "zh", "en"):
        shell.set_language(lang)
        settle(qtbot, shell)


def text_sizes(qtbot, shell, **_) -> None:
    from lusong_kiosk.ui import access

    for scale in (1.25, 1.5, 1.0):
        access.apply(shell, text_scale=scale)
        settle(qtbot, shell)
        shell.toggle_language()
        settle(qtbot, shell)


def contrast(qtbot, shell, **_) -> None:
    from lusong_kiosk.ui import access

    for on in (True, False):
        access.apply(shell, high_contrast=on)
        shell.toggle_language()
        settle(qtbot, shell)


def resizes(qtbot, shell, size, **_) -> None:
    for w, h in ((3840, 2160), (1080, 1920), (1366, 768), (1920, 1080), size):
        shell.resize(w, h)
        shell.toggle_language()
        settle(qtbot, shell)


def tables(qtbot, shell, **_) -> None:
    for on in (True, False):
        shell.current_screen().set_tables(on)
        shell.toggle_language()
        settle(qtbot, shell)


def idle_reset(qtbot, shell, **_) -> None:
    from lusong_kiosk.modes.kiosk import KioskMode

    mode = KioskMode(shell)
    try:
        shell.set_language("en")
        settle(qtbot, shell)
        mode.idle_reset()  # home, in the start language
        settle(qtbot, shell)
    finally:
        mode.allow_exit = True
        mode.detach()


def presenter_steps(qtbot, shell, **_) -> None:
    from lusong_kiosk.modes.presenter import PresenterMode

    mode = PresenterMode(shell)
    for _ in range(6):
        mode.next()
        settle(qtbot, shell)
    shell.toggle_language()
    for _ in range(4):
        mode.previous()
        settle(qtbot, shell)


SEQUENCES = [languages, text_sizes, contrast, resizes, tables, idle_reset, presenter_steps]


def new_shell(qtbot, exhibition, size):
    from lusong_kiosk.app import build_shell

    shell = build_shell(fast_settings(reduce_motion=True), exhibition, CONTENT, ASSETS)
    qtbot.addWidget(shell)
    shell.resize(*size)
    shell.show()
    qtbot.waitExposed(shell)
    return shell


@pytest.fixture(scope="module")
def window_at(qapp, exhibition):
    """window_at(size) -> this module's one window at that size, in Chinese with the normal
    palette and text size (the looks the sequences end in). The check compares each chart with
    a freshly built one whatever the window went through before, as a kiosk's window goes
    through one change after another all day; building a window and its five panels for each
    sequence was most of the test's time."""
    windows = Windows(exhibition, reduce_motion=True)
    yield lambda size: windows.at(*size)
    windows.close()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("sequence", SEQUENCES, ids=lambda f: f.__name__)
def test_charts_look_freshly_built_after_any_change_of_look(qtbot, exhibition, window_at, size, sequence):
    # the presenter's and the kiosk's modes stay on their window (its hooks): a window of their own
    own = sequence in (idle_reset, presenter_steps)
    shell = new_shell(qtbot, exhibition, size) if own else window_at(size)
    shell.go("theme:innovation", animate=False)  # a panel whose charts were painted before the change
    settle(qtbot, shell)
    from lusong_kiosk.ui.charts import Chart

    for chart in shell.current_screen().findChildren(Chart):
        pixels(chart)
    sequence(qtbot, shell, size=size)
    for lang in ("zh", "en"):  # each final state in both languages
        shell.set_language(lang)
        settle(qtbot, shell)
        assert stale_charts(qtbot, shell) == [], lang


def test_the_visible_panel_after_a_language_round_trip_is_the_fresh_one(qtbot, exhibition):
    """The reproduction: the innovation panel dragged to its charts, 中文 -> English -> 中文."""
    from lusong_kiosk.app import build_shell

    def panel_at_charts(lang: str):
        shell = build_shell(fast_settings(reduce_motion=True, mode="kiosk"), exhibition, CONTENT, ASSETS)
        qtbot.addWidget(shell)
        shell.resize(1920, 1080)
        shell.show()
        qtbot.waitExposed(shell)
        shell.set_language(lang)
        shell.go("theme:innovation", animate=False)
        settle(qtbot, shell)
        page = shell.current_screen()
        from lusong_kiosk.ui.charts import Chart

        first = page.findChildren(Chart)[0]
        page.scroll.ensureWidgetVisible(first, 0, 0)
        settle(qtbot, shell)
        return shell

    travelled = panel_at_charts("zh")
    pixels(travelled)
    for lang in ("en", "zh"):
        travelled.set_language(lang)
        settle(qtbot, travelled)
        pixels(travelled)
    fresh = panel_at_charts("zh")
    assert differing(pixels(travelled), pixels(fresh)) <= MAX_PIXELS


# --- the kept paint of a chart's items, and the soak's check ----------------------------------

def _donut():
    from lusong_kiosk.ui.charts import ChartSpec

    return ChartSpec("donut", (9.0, 11.0), ("通过认定", "申报企业"), "家", (0, 0), "#A393F5",
                     caption="占比（计算值）", computed_label="计算值", computed=True)


@pytest.fixture
def donut(qtbot):
    from lusong_kiosk.ui.charts import make_chart

    chart = make_chart(_donut())
    qtbot.addWidget(chart)
    chart.resize(520, 420)
    chart.show()
    qtbot.waitExposed(chart)
    chart.finish()
    return chart


def test_no_chart_item_is_kept_by_qt_s_own_item_cache(qtbot):
    """Qt's item caches follow update() rectangles, not what is shown: none may come back."""
    from PySide6.QtWidgets import QGraphicsItem

    from lusong_kiosk.ui.charts import ChartSpec, make_chart

    for spec in (_donut(), ChartSpec("bar", (3.0, 2.0), ("甲", "乙"), "个", (0, 0), "#E0A030", caption="c"),
                 ChartSpec("gauge", (95.9,), ("优良率",), "%", (1,), "#66BB6A"),
                 ChartSpec("compare", (162.0, 72.0), ("前", "后"), "项", (0, 0), "#EF5350")):
        chart = make_chart(spec)
        qtbot.addWidget(chart)
        items = chart._plot.scene().items()
        assert items and all(i.cacheMode() == QGraphicsItem.CacheMode.NoCache for i in items), spec.kind


def test_a_kept_label_follows_its_text_and_survives_a_whole_pixel_move(donut):
    caption = donut._caption.textItem
    before = pixels(donut, own=True)
    kept = caption._kept_paint
    assert kept is not None  # painted from its kept picture
    donut.set_spec(dataclasses.replace(_donut(), caption="另一行说明"))
    assert differing(pixels(donut, own=True), before) > MAX_PIXELS
    assert caption._kept_paint is not kept
    moved = caption._kept_paint
    donut._caption.moveBy(0.0, -1.0 / abs(donut._caption.parentItem().sceneTransform().m22()))  # 1 px up
    pixels(donut, own=True)
    assert caption._kept_paint is moved  # the same picture, blitted one pixel higher
    donut.hide()
    assert caption._kept_paint is None and donut._track._kept_paint is None  # a hidden chart keeps none


def test_label_problems_name_what_a_visitor_would_miss(donut):
    assert donut.label_problems("zh") == []
    donut._caption.setVisible(False)
    assert any("caption" in p for p in donut.label_problems("zh"))
    donut._caption.setVisible(True)
    assert any("Chinese in English" in p for p in donut.label_problems("en"))
    donut._legend.setText("")
    assert any("not shown" in p for p in donut.label_problems("zh"))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_portrait_chart_legends_and_labels_read_from_a_metre(make_shell, lang):
    """On a portrait screen (one chart across the width) every legend, category label and
    caption is at least 26 px: the ~20 px ones could not be read from where visitors stand."""
    from lusong_kiosk.ui.audit import settle

    shell = make_shell(1080, 1920, reduce_motion=True)
    shell.set_language(lang)
    small = []
    for theme in shell.ctx.exhibition.themes:
        shell.go(f"theme:{theme.id}", animate=False)
        shell.finish_all()
        settle(shell)
        for chart in shell.stage.current.charts:
            small += [(theme.id, item.textItem.toPlainText()[:20], item.textItem.font().pixelSize())
                      for item, _box in chart.text_boxes() if item.textItem.font().pixelSize() < 26]
    assert not small, small
