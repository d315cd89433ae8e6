"""The accessibility panel (larger text, high contrast, reduce motion), charts as tables and
Qt accessible names: each setting changes what is drawn, all reset on idle, tables show exactly
the chart's numbers, and the layout still passes the geometry audit with the largest text."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

THEMES = ["industry", "opening", "innovation", "ecology", "livelihood"]
LARGEST = 1.5


@pytest.fixture(autouse=True)
def _normal_palette():
    """The palette is module state in ui/style.py: never leak high contrast into other tests."""
    yield
    from lusong_kiosk.ui import style

    style.set_palette(False)


def settle():
    for _ in range(4):
        QApplication.processEvents()


def theme_page(shell, theme="industry"):
    shell.go(f"theme:{theme}", animate=False)
    shell.finish_all()
    settle()
    return shell.screens[f"theme:{theme}"]


def accent_box_height(widget, color: str) -> int:
    """Height in px of the rows where ``widget`` paints pixels close to ``color``."""
    img = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    want = QColor(color)
    rows = []
    for y in range(img.height()):
        for x in range(0, img.width(), 2):
            c = QColor(img.pixel(x, y))
            if abs(c.red() - want.red()) + abs(c.green() - want.green()) + abs(c.blue() - want.blue()) < 40:
                rows.append(y)
                break
    return (rows[-1] - rows[0] + 1) if rows else 0


# the panel ---------------------------------------------------------------------------------


def test_the_button_is_on_every_screen_and_opens_the_panel_in_both_languages(qtbot, make_shell):
    shell = make_shell()
    for target in ["home", "theme:industry", "timeline", "honours"]:
        shell.go(target, animate=False)
        b = shell.top.access
        assert b.isVisible() and b.height() >= 64 and b.width() >= 64, target
        assert b.accessibleName() == "无障碍设置"
    qtbot.mouseClick(shell.top.access, Qt.MouseButton.LeftButton)
    panel = shell.access_panel
    assert panel.isVisible() and panel.geometry() == shell.rect()
    assert panel.title.text() == "无障碍设置"
    assert [b.text() for b in panel.size_buttons.values()] == ["100%", "125%", "150%"]
    assert panel.contrast.text() == "高对比度：关" and panel.motion.text() == "减少动效：关"
    assert shell.current_target == "honours"  # the panel lies over the screen; nothing navigates
    shell.set_language("en")
    assert panel.title.text() == "Accessibility"
    assert panel.contrast.text() == "High contrast: Off" and panel.close_button.text() == "Close"
    for b in [*panel.size_buttons.values(), panel.contrast, panel.motion, panel.reset_button, panel.close_button]:
        assert b.height() >= 64 and b.accessibleName(), b.text()
    qtbot.mouseClick(panel.close_button, Qt.MouseButton.LeftButton)
    assert not panel.isVisible()
    # a tap outside the panel closes it too
    shell.open_accessibility()
    qtbot.mouseClick(panel, Qt.MouseButton.LeftButton, pos=panel.rect().topLeft() + panel.rect().center() / 8)
    assert not panel.isVisible()


def test_the_panel_buttons_switch_each_setting(qtbot, make_shell):
    shell = make_shell()
    theme_page(shell, "ecology")
    shell.open_accessibility()
    panel = shell.access_panel
    changes = []
    shell.accessibility_changed.connect(lambda name, value: changes.append((name, value)))
    qtbot.mouseClick(panel.size_buttons[1.25], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.contrast, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.motion, Qt.MouseButton.LeftButton)
    ctx = shell.ctx
    assert (ctx.text_scale, ctx.high_contrast, ctx.reduce_motion) == (1.25, True, True)
    assert changes == [("text_scale", 1.25), ("high_contrast", True), ("reduce_motion", True)]
    assert panel.size_buttons[1.25].isChecked() and not panel.size_buttons[1.0].isChecked()
    assert panel.contrast.isChecked() and panel.contrast.text() == "高对比度：开"
    assert shell.current_target == "theme:ecology"  # at once, without losing the place
    qtbot.mouseClick(panel.reset_button, Qt.MouseButton.LeftButton)
    assert (ctx.text_scale, ctx.high_contrast, ctx.reduce_motion) == (1.0, False, False)


# each setting changes what is drawn ---------------------------------------------------------


def test_larger_text_makes_labels_figures_and_charts_bigger_on_the_same_screen(make_shell):
    from lusong_kiosk.ui import access

    shell = make_shell(reduce_motion=True)
    page = theme_page(shell)
    page.scroll.verticalScrollBar().setValue(0)
    fig = page.highlights[0]
    small_fig = page.more[0]
    sizes = []
    for step in (1.0, 1.25, LARGEST):
        access.apply(shell, text_scale=step)
        settle()
        assert shell.current_target == "theme:industry" and shell.stage.current is page
        sizes.append((
            page.title.font().pixelSize(),
            page.story_cards[0].text.font().pixelSize(),
            shell.top.home.font().pixelSize(),
            accent_box_height(fig.value_label, page.theme.accent),
            small_fig.number_size(),
            page.charts[0]._scale,
            shell.top.home.height(),
        ))
    for before, after in zip(sizes, sizes[1:]):
        assert all(b < a for b, a in zip(before, after)), (before, after)
    body_100, body_150 = sizes[0][1], sizes[2][1]
    assert body_150 == pytest.approx(1.5 * body_100, abs=1)  # body text grows fully
    assert sizes[2][3] > 1.1 * sizes[0][3]  # the big figure's digits are drawn taller
    assert page.charts[0]._scale == pytest.approx(1.5 * shell.ctx.metrics.scale)


def test_high_contrast_paints_a_black_background_white_text_and_brighter_accents(make_shell):
    from lusong_kiosk.ui import access, style

    shell = make_shell(reduce_motion=True)
    page = theme_page(shell)

    def bg_pixel():
        img = shell.grab().toImage()
        return QColor(img.pixel(shell.width() // 2, 4)).name()  # the top bar's empty middle

    assert bg_pixel() == style.PALETTES["normal"]["BG"].lower()
    accent_before = page.charts[0].spec().color
    access.apply(shell, high_contrast=True)
    settle()
    assert bg_pixel() == "#000000"
    assert page.title.palette().color(page.title.foregroundRole()).name() == "#ffffff"
    assert "4px" in shell.top.home.styleSheet() or f"{shell.ctx.metrics.px(4)}px" in shell.top.home.styleSheet()
    accent_after = page.charts[0].spec().color
    assert QColor(accent_after).lightnessF() > QColor(accent_before).lightnessF()
    assert QColor(accent_after).hslHue() == pytest.approx(QColor(accent_before).hslHue(), abs=3)
    access.apply(shell, high_contrast=False)
    settle()
    assert bg_pixel() == style.PALETTES["normal"]["BG"].lower()


def test_a_style_change_restyles_the_screen_on_show_at_once_and_the_others_later(qtbot, make_shell):
    """Larger text or high contrast restyles what the visitor sees in the same tap; panels out
    of sight follow in quiet moments (restyling all of them at once froze a 4K screen for
    half a second), and any of them shows the new style when it is opened."""
    from lusong_kiosk.ui import access
    from lusong_kiosk.ui.shell import build_all

    shell = make_shell(3840, 2160, reduce_motion=True)
    build_all(shell)
    shell.go("theme:ecology", animate=False)
    settle()
    hidden = shell.screens["honours"]
    old = hidden.styleSheet()
    access.apply(shell, high_contrast=True)
    assert shell.stage.current.styleSheet() == shell.ctx.css != old  # on show: at once
    assert shell.top.styleSheet().startswith(shell.ctx.css)
    assert hidden.styleSheet() == old  # out of sight: not in this tap
    qtbot.waitUntil(lambda: hidden.styleSheet() == shell.ctx.css, timeout=10_000)
    access.apply(shell, high_contrast=False)
    shell.go("honours", animate=False)  # opened before its turn: styled on the way in
    assert hidden.styleSheet() == shell.ctx.css
    assert QColor(shell.grab().toImage().pixel(shell.width() // 2, 4)).name() != "#000000"


def test_reduce_motion_shows_a_new_panel_and_a_new_screen_final_at_once(qtbot, make_shell):
    from lusong_kiosk.ui import access

    shell = make_shell(transition_ms=300, chart_ms=800, counter_ms=800)
    shell.open_accessibility()
    panel = shell.access_panel
    assert panel.is_animating() and panel.progress() < 1.0  # it rises and fades in
    qtbot.waitUntil(lambda: not panel.is_animating(), timeout=3000)
    panel.close_panel()
    shell.go("theme:opening")
    page = shell.screens["theme:opening"]
    assert page.is_animating()
    access.apply(shell, reduce_motion=True)
    assert not page.is_animating()  # what was moving arrives at once
    shell.open_accessibility()
    assert not panel.is_animating() and panel.progress() == 1.0
    assert panel.card.pos() == panel.final_pos()
    assert not panel.effect.isEnabled()
    shell.go("theme:innovation")
    page = shell.screens["theme:innovation"]
    assert not page.is_animating() and not shell.stage.in_transition()
    assert all(c.progress() == 1.0 for c in page.charts)
    assert all(fv.shown_value() == fv.target_value() for fv in page.highlights)


# idle reset ---------------------------------------------------------------------------------


@pytest.fixture
def kiosk(make_kiosk):
    def make(**kw):
        kw.setdefault("attract_delay", 30)
        return make_kiosk(**kw)

    return make


def test_all_three_reset_at_the_idle_reset(qtbot, kiosk):
    from lusong_kiosk.ui import access, style

    shell, mode = kiosk(idle_timeout=60)
    page = theme_page(shell)
    normal_title = page.title.font().pixelSize()
    shell.open_accessibility()
    access.apply(shell, text_scale=LARGEST, high_contrast=True, reduce_motion=True)
    page.set_tables(True)
    assert style.HIGH_CONTRAST and page.title.font().pixelSize() > normal_title
    with qtbot.waitSignal(mode.idle_reset_done, timeout=5000):
        mode.idle.start(300)  # from now on nobody touches the screen
    ctx = shell.ctx
    assert (ctx.text_scale, ctx.high_contrast, ctx.reduce_motion) == (1.0, False, False)
    assert not style.HIGH_CONTRAST and not shell.access_panel.isVisible()
    assert shell.ctx.metrics.text == 1.0
    assert page.title.font().pixelSize() == normal_title
    assert not any(s.showing_table() for s in page.chart_switches)
    assert shell.current_target == "home"
    assert QColor(shell.grab().toImage().pixel(shell.width() // 2, 4)).name() == style.BG.lower()


def test_the_idle_reset_keeps_a_configured_reduce_motion(qtbot, kiosk):
    from lusong_kiosk.ui import access

    shell, mode = kiosk(idle_timeout=60, reduce_motion=True)
    access.apply(shell, reduce_motion=False)
    with qtbot.waitSignal(mode.idle_reset_done, timeout=5000):
        mode.idle.start(300)
    assert shell.ctx.reduce_motion is True


# charts as tables ---------------------------------------------------------------------------

NUMBER = re.compile(r"^(?:(?P<qual>\S+) )?(?P<num>[+-]?\d+(?:\.\d+)?)(?P<unit>.*)$")


def parse_value(text: str) -> tuple[str, float, str]:
    """"超过 3900 个" -> ("超过", 3900.0, "个"); "70.2%" -> ("", 70.2, "%")."""
    m = NUMBER.match(text)
    assert m, text
    return m.group("qual") or "", float(m.group("num")), m.group("unit").strip()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_table_shows_exactly_the_chart_numbers_with_units(qtbot, make_shell, lang):
    from lusong_kiosk.present.format import period, qualifier
    from lusong_kiosk.present.strings import text

    shell = make_shell(reduce_motion=True)
    shell.set_language(lang)
    checked = 0
    for tid in THEMES:
        page = theme_page(shell, tid)
        theme = page.theme
        for switch, widget, chart in zip(page.chart_switches, page.charts, theme.charts):
            assert switch.button.text() == text("chart.table", lang)
            assert widget.isVisible() and not switch.table.isVisible()
            qtbot.mouseClick(switch.button, Qt.MouseButton.LeftButton)
            assert switch.table.isVisible() and not widget.isVisible()
            assert switch.button.text() == text("chart.chart", lang)
            assert switch.button.accessibleName().startswith(text("chart.as_chart", lang))
            rows = switch.table.texts()
            figures = theme.chart_figures(chart)
            extra = 1 if chart.kind in ("donut", "compare") else 0
            stated = theme.chart_share(chart)
            assert len(rows) == len(figures) + extra + (1 if stated else 0)
            if stated:  # the share as the article states it, as the chart's centre shows it
                assert rows[len(figures)][:2] == (stated.label(lang), widget._centre_text(1.0))
            for f, (name, value, note) in zip(figures, rows):
                qual, number, unit = parse_value(value)
                assert name == f.label(lang)
                assert number == round(f.display_value(lang), f.display_precision(lang))
                assert unit == (f.unit(lang) if f.unit else "")
                assert qual == qualifier(f.qualifier, lang)
                assert note == period(f.period, lang)
                # written with the chart's own decimals
                assert f"{f.display_value(lang):.{f.display_precision(lang)}f}" in value
            if extra:  # the computed value, flagged, equal to what the chart draws
                name, value, note = rows[-1]
                assert note == text("theme.computed", lang)
                if chart.kind == "donut":
                    assert value == (widget.spec().share_text() if stated else widget._centre_text(1.0))
                    part, whole = (f.display_value(lang) for f in figures)
                    assert parse_value(value)[1] == round(part / whole * 100, 1)
                else:
                    assert value == widget._change_text()
                    before, after = (f.display_value(lang) for f in figures)
                    assert parse_value(value.split(" (")[0])[1] == pytest.approx(after - before)
                assert value in widget.describe() or stated
            assert switch.table.accessibleDescription()
            qtbot.mouseClick(switch.button, Qt.MouseButton.LeftButton)
            assert widget.isVisible() and not switch.table.isVisible()
            checked += 1
    assert checked == sum(len(t.charts) for t in shell.ctx.exhibition.themes) == 13


def test_tables_follow_the_language_and_reset_with_the_page(make_shell):
    shell = make_shell(reduce_motion=True)
    page = theme_page(shell)
    page.set_tables(True)
    donut = page.chart_switches[0]
    assert donut.table.texts()[0][0] == "芦淞服饰产业规模" and donut.table.texts()[0][1] == "712.7 亿元"
    shell.set_language("en")
    assert donut.table.texts()[0][:2] == ("Lusong apparel industry, scale", "71.27 billion yuan")
    assert donut.showing_table()  # the place is kept
    page.reset()
    assert not donut.showing_table() and page.charts[0].isVisibleTo(page)


def test_a_table_first_shown_after_a_language_and_style_change_is_as_one_shown_before(make_shell):
    """A table tapped open for the first time after a language switch, larger text and high
    contrast shows what a table opened before those changes shows: the words, the sizes, the
    colours, pixel for pixel."""
    from lusong_kiosk.ui import access

    def table_look(page):
        looks = []
        for switch in page.chart_switches:
            table = switch.table
            parts = [(type(w).__name__, w.objectName(), w.styleSheet(), getattr(w, "text", str)(), w.geometry())
                     for w in table.findChildren(QWidget)]
            looks.append((table.texts(), parts, table.accessibleDescription(), table.grab().toImage()))
        return looks

    early, late = make_shell(reduce_motion=True), make_shell(reduce_motion=True)
    opened = theme_page(early)
    opened.set_tables(True)
    settle()
    opened.set_tables(False)
    never = theme_page(late)
    for shell in (early, late):
        shell.set_language("en")
        access.apply(shell, text_scale=LARGEST, high_contrast=True)
    for page in (opened, never):
        page.set_tables(True)
    settle()
    before, first = table_look(opened), table_look(never)
    assert before[0][0][0][:2] == ("Lusong apparel industry, scale", "71.27 billion yuan")
    assert len(before) == len(first) == 3
    for b, f in zip(before, first):
        assert b[0] == f[0] and b[2] == f[2]
        assert b[1] == f[1]
        assert b[3] == f[3]


def test_more_figures_first_opened_after_a_language_and_style_change_are_as_ones_opened_before(make_shell):
    """The "more figures" sheet opened for the first time after a language switch, larger text
    and high contrast shows what one opened before those changes shows: the words, their sheets,
    type sizes and colours, in the same places."""
    from PySide6.QtGui import QPalette

    from lusong_kiosk.ui import access

    def sheet_look(page):
        page.open_more()
        page.finish_animations()
        settle()
        parts = [(type(w).__name__, w.styleSheet(), getattr(w, "text", str)(), w.geometry(), w.font().pixelSize(),
                  w.palette().color(QPalette.ColorRole.WindowText).name())
                 for fv in page.more for w in [fv, *fv.findChildren(QWidget)]]
        return [fv.text() for fv in page.more], parts

    early, late = make_shell(reduce_motion=True), make_shell(reduce_motion=True)
    opened = theme_page(early)
    sheet_look(opened)
    opened.close_overlay()
    never = theme_page(late)
    for shell in (early, late):
        shell.set_language("en")
        access.apply(shell, text_scale=LARGEST, high_contrast=True)
    settle()
    before, first = sheet_look(opened), sheet_look(never)
    assert len(before[0]) == len(never.theme.more_figures()) > 0
    assert all(fv.isVisible() for fv in never.more)
    assert before == first


# Qt accessibility ---------------------------------------------------------------------------


def test_every_visible_control_figure_and_chart_has_an_accessible_name(make_shell):
    from lusong_kiosk.ui.chart_table import ChartTable
    from lusong_kiosk.ui.charts import Chart
    from lusong_kiosk.ui.widgets import FigureView

    shell = make_shell(reduce_motion=True)
    missing = []
    for lang in ("zh", "en"):
        shell.set_language(lang)
        for target in ["home", *(f"theme:{t}" for t in THEMES), "timeline", "honours"]:
            shell.go(target, animate=False)
            shell.finish_all()
            if target.startswith("theme:"):
                shell.stage.current.set_tables(target.endswith(("industry", "ecology")))
            settle()
            kinds = (QAbstractButton, FigureView, Chart, ChartTable)
            for w in shell.findChildren(kinds[0]) + [w for k in kinds[1:] for w in shell.stage.current.findChildren(k)]:
                if w.isVisibleTo(shell) and not w.accessibleName().strip():
                    missing.append(f"{target} {lang}: {type(w).__name__} {getattr(w, 'text', lambda: '')()!r}")
    assert missing == []


def test_charts_describe_their_figures_in_the_current_language(make_shell):
    shell = make_shell(reduce_motion=True)
    page = theme_page(shell)
    donut = page.charts[0]
    zh = donut.accessibleDescription()
    assert zh == donut.describe() and "712.7 亿元" in zh and "1015.3 亿元" in zh and "70.1%" in zh
    assert donut.accessibleName() == page.theme.charts[0].title("zh")
    shell.set_language("en")
    en = donut.accessibleDescription()
    assert en == donut.describe() and "71.27 billion yuan" in en and "70.1%" in en
    assert donut.accessibleName() == page.theme.charts[0].title("en")
    fig = page.supporting[1]  # 36.6 亿元, said in billions
    assert fig.accessibleName() == "3.66 billion yuan, Sales made through livestreams"  # the label set off
    assert fig.accessibleDescription() == "2021"


# layout with the largest text ---------------------------------------------------------------


def test_the_audit_passes_with_the_largest_text_in_both_languages(qtbot, make_shell):
    from lusong_kiosk.ui import access
    from lusong_kiosk.ui.audit import audit

    shell = make_shell(1920, 1080, reduce_motion=True)
    access.apply(shell, text_scale=LARGEST, high_contrast=True)
    scale = shell.ctx.metrics.scale
    problems = []
    for lang in ("zh", "en"):
        shell.set_language(lang)
        for target in ["home", *(f"theme:{t}" for t in THEMES)]:
            shell.go(target, animate=False)
            shell.finish_all()
            qtbot.waitUntil(lambda: shell.stage.current.isVisible())
            problems += [f"{target} {lang}: {p}" for p in audit(shell, scale)]
            if target.startswith("theme:"):
                shell.stage.current.set_tables(True)
                problems += [f"{target} {lang} tables: {p}" for p in audit(shell, scale)]
                shell.stage.current.set_tables(False)
        shell.open_accessibility()
        problems += [f"panel {lang}: {p}" for p in audit(shell.access_panel, scale)]
        shell.access_panel.close_panel()
    assert problems == []
