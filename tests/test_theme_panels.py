"""The theme panel as a visitor reads it (issue 21): one hero figure twice the size beside its
story, a row of supporting figures in one type size, charts that add something, story cards a
visitor reads in half a minute with the whole text behind "read more", the other figures behind
"more figures", nothing shown twice, and a scroll hint that covers nothing."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from conftest import ASSETS, CONTENT

THEMES = ["industry", "opening", "innovation", "ecology", "livelihood"]


@pytest.fixture
def panels_at(reading_windows):
    """panels_at(w, h) -> the shared window at that size (conftest's reading_windows), for the
    tests that only read the panels: each opens the panel and the language it reads; none taps,
    scrolls or counts."""
    return reading_windows


def _open(shell, tid: str, lang: str = "zh"):
    shell.set_language(lang)
    shell.go(f"theme:{tid}", animate=False)
    shell.finish_all()
    from lusong_kiosk.ui.audit import settle

    settle(shell)
    return shell.stage.current


def test_every_panel_has_a_hero_three_supporting_figures_and_the_rest_behind_more(qtbot, make_shell):
    shell = make_shell(1920, 1080, reduce_motion=True)
    for tid in THEMES:
        page = _open(shell, tid)
        t = page.theme
        assert page.hero.figure.id == t.hero
        assert [fv.figure.id for fv in page.supporting] == list(t.supporting) and len(t.supporting) == 3
        # the hero at about twice the size of the supporting figures, its story beside it
        assert page.hero.number_px() >= 1.7 * max(fv.number_px() for fv in page.supporting), tid
        assert page.hero_story is not None and page.hero_story.isVisible()
        assert page.hero_story.story.id == t.hero_story
        hero_box = page.hero.geometry()
        assert page.hero_story.geometry().top() < hero_box.bottom()  # beside, not below
        # the more figures are not on the page until asked for (no button when there are none)
        assert not any(fv.isVisible() for fv in page.more)
        assert page.more_button.isVisible() == bool(t.more_figures())
        if page.more:
            qtbot.mouseClick(page.more_button, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(page.overlay_open)
            assert all(fv.isVisible() for fv in page.more)
        # nothing is shown twice: counters, the charts' figures and the more figures are apart
        on_page = [t.hero, *t.supporting]
        in_charts = [fid for c in t.charts for fid in c.figures]
        more = [fv.figure.id for fv in page.more]
        assert not set(more) & (set(on_page) | set(in_charts)), tid
        assert not set(on_page) & {c.figures[0] for c in t.charts if len(c.figures) == 1}, tid
        assert len(page.charts) >= 2, tid
        page.close_overlay()
        # the story row holds the other stories, not the hero's again
        assert t.hero_story not in [c.story.id for c in page.story_cards]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_story_cards_are_short_and_read_more_opens_the_whole_text(qtbot, make_shell, lang):
    from lusong_kiosk.content.model import fits_card

    shell = make_shell(1920, 1080, reduce_motion=True)
    for tid in THEMES:
        page = _open(shell, tid, lang)
        for card in page.all_story_cards:
            story = card.story
            assert card.text.text() == story.card(lang)
            assert fits_card(card.text.text(), lang), (tid, story.id)
            if not story.has_more():
                assert not card.more_button.isVisible()
                continue
            assert card.more_button.isVisible()
            qtbot.mouseClick(card.more_button, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(page.overlay_open)
            assert page.story_text.text() == story.text(lang)
            assert page.overlay.heading.text() == story.title(lang)
            # Back closes the story and stays on the panel
            shell.back()
            assert not page.overlay_open() and shell.current_target == f"theme:{tid}"


def test_the_overlay_closes_by_a_tap_beside_it_by_its_button_and_follows_the_language(qtbot, make_shell):
    shell = make_shell(1920, 1080, reduce_motion=True)
    page = _open(shell, "ecology")
    card = page.story_cards[0]
    qtbot.mouseClick(card.more_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(page.overlay_open)
    shell.set_language("en")
    assert page.story_text.text() == card.story.text("en")
    beside = QPoint(page.overlay.sheet.geometry().left() // 2, page.overlay.height() // 2)
    QTest.mouseClick(page.overlay, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, beside)
    assert not page.overlay_open()
    qtbot.mouseClick(page.more_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(page.overlay_open)
    qtbot.mouseClick(page.overlay.close_button, Qt.MouseButton.LeftButton)
    assert not page.overlay_open()
    page.open_more()
    page.reset()  # the idle reset closes it too
    assert not page.overlay_open()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_hero_supporting_and_charts_fit_two_screen_heights_at_1080p(panels_at, lang):
    shell = panels_at(1920, 1080)
    for tid in THEMES:
        page = _open(shell, tid, lang)
        bottom = max(c.mapTo(page.body, c.rect().bottomLeft()).y() for c in page.chart_cards)
        assert bottom <= 2 * page.scroll.viewport().height(), (tid, bottom)


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)], ids=["landscape", "portrait"])
def test_the_scroll_hint_covers_no_text_anywhere_on_the_page(make_shell, size):
    from lusong_kiosk.ui.audit import covered, settle

    shell = make_shell(*size, reduce_motion=True)
    checked = 0
    for lang in ("zh", "en"):
        for tid in THEMES:
            page = _open(shell, tid, lang)
            bar = page.scroll.verticalScrollBar()
            assert bar.maximum() > 0  # the page scrolls: the hint shows
            for value in (0, bar.maximum() // 3, 2 * bar.maximum() // 3):
                bar.setValue(value)
                settle(shell)
                if page.scroll_hint.isVisible():
                    checked += 1
                assert covered(shell) == [], (tid, lang, value)
    assert checked >= 20


def test_a_row_of_supporting_figures_shares_one_type_size(panels_at):
    shell = panels_at(1080, 1920)  # portrait: the narrowest columns shrink
    for lang in ("zh", "en"):
        for tid in THEMES:
            page = _open(shell, tid, lang)
            sizes = {fv.number_px() for fv in page.supporting}
            assert len(sizes) == 1, (tid, lang, sizes)
            size = sizes.pop()
            shown = {fv.value_label.text().count(f"font-size:{size}px") for fv in page.supporting}
            assert shown == {1}, (tid, lang)


def _theme_copy(tmp_path, edit):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    path = content / "themes" / "04-ecology.toml"
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    return content


def _problems(content) -> list[str]:
    from lusong_kiosk.content import ContentError, load

    with pytest.raises(ContentError) as err:
        load(content, ASSETS)
    return [str(p) for p in err.value.problems]


def test_check_refuses_a_chart_that_only_repeats_a_figure_shown_above_it(tmp_path):
    content = _theme_copy(tmp_path, lambda s: s.replace('supporting = ["new-main-roads",',
                                                        'supporting = ["good-air-rate",'))
    problems = _problems(content)
    assert any("04-ecology.toml" in p and "charts[" in p and "only repeats 'good-air-rate'" in p
               for p in problems), problems


def test_check_names_a_story_too_long_for_its_card_and_a_bad_hero_story(tmp_path):
    def edit(s: str) -> str:
        s = s.replace('hero_story = "blue-skies"', 'hero_story = "no-such-story"')
        start = s.index("summary = ", s.index('id = "clean-water"'))
        return s[:start] + s[s.index("\n", start) + 1:]  # the long story loses its summary

    problems = _problems(_theme_copy(tmp_path, edit))
    assert any("hero_story" in p and "'no-such-story'" in p for p in problems), problems
    assert any("stories[1].summary" in p and "expected a summary" in p for p in problems), problems


def test_check_names_a_summary_over_the_card_limit(tmp_path):
    content = _theme_copy(tmp_path, lambda s: s.replace('summary = { zh = "五年间',
                                                        'summary = { zh = "' + "长" * 80 + '五年间'))
    problems = _problems(content)
    assert any("stories[2].summary.zh" in p and "at most 80 characters" in p for p in problems), problems


def _number_ink(fv) -> tuple[int, int, int, int]:
    """Where the number's ink lies in the window (left, top, right, bottom): the pixels in the
    figure's accent colour."""
    from label_layout import ink_box

    lab = fv.value_label
    left, top, right, bottom = ink_box(lab, fv.accent)
    off = lab.mapTo(fv.window(), lab.rect().topLeft())
    return left + off.x(), top + off.y(), right + off.x(), bottom + off.y()


def assert_number_stays_put(fv, shell) -> bool:
    """Drawn by its count at the value it ends on, a figure's number lies exactly where the
    label puts it at rest: it does not jump when the count ends. False where the count does not
    draw it (a line that wraps: the label itself draws each value)."""
    from lusong_kiosk.present.format import figure_number
    from lusong_kiosk.ui.audit import settle

    at_rest = _number_ink(fv)
    fv.animate(60_000)  # counting, held at its start: nothing below advances it
    line = fv.value_label.counting
    assert fv.is_animating()
    if line is None:
        fv.finish()
        settle(shell)
        return False
    line.value = figure_number(fv.figure, fv.lang)
    fv.value_label.repaint()
    counting = _number_ink(fv)
    assert all(abs(a - b) <= 1 for a, b in zip(counting, at_rest, strict=True)), (fv.figure.id, counting, at_rest)
    fv.finish()
    settle(shell)
    assert _number_ink(fv) == at_rest
    return True


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)])
def test_the_hero_number_stays_where_it_rests_while_it_counts(make_shell, size):
    """The count draws its number itself (not the label), shaped as the label's line shapes it
    (a digit beside English words is another glyph than a digit alone): the hero's and a
    supporting figure's numbers do not jump when the count ends."""
    shell = make_shell(*size, reduce_motion=True)
    for tid in ("industry", "opening"):
        page = _open(shell, tid, "en")
        assert assert_number_stays_put(page.hero, shell), tid
        assert sum([assert_number_stays_put(fv, shell) for fv in page.supporting]) >= 1, tid  # each one checked


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)])
def test_the_story_sheet_is_as_tall_as_its_text(qtbot, make_shell, size):
    """"Read more" opens a sheet sized to the story (a short story is not a tall empty page),
    its whole text shown without scrolling while it fits, and never taller than the page."""
    shell = make_shell(*size, reduce_motion=True)
    for lang in ("zh", "en"):
        page = _open(shell, "ecology", lang)
        stories = [c.story for c in page.all_story_cards if c.story.has_more()]
        short = min(stories, key=lambda s: len(s.text(lang)))
        page.open_story(short)
        qtbot.waitUntil(page.overlay_open)
        sheet, overlay = page.overlay.sheet, page.overlay
        text_bottom = page.story_text.mapTo(overlay, page.story_text.rect().bottomLeft()).y()
        assert sheet.height() < overlay.height() * 0.8, (lang, sheet.height(), overlay.height())
        assert page.overlay.scroll.verticalScrollBar().maximum() == 0  # the whole text, no scrolling
        assert sheet.geometry().bottom() - text_bottom < shell.ctx.metrics.px(80)  # no empty foot
        assert overlay.rect().contains(sheet.geometry())
        page.close_overlay()


@pytest.mark.parametrize("size", [(1080, 1920), (1920, 1080)])
def test_the_header_drawing_shows_where_the_words_leave_room(panels_at, size):
    """The theme's drawing closes the header, in portrait too where the title and headline
    keep their one line beside it; it never sits on the words."""
    shell = panels_at(*size)
    shown = 0
    for lang in ("zh", "en"):
        for tid in THEMES:
            page = _open(shell, tid, lang)
            if page.art is None:
                continue
            if page.art.isVisible():
                shown += 1
                art = page.art.geometry().translated(page.art.mapTo(page, QPoint(0, 0)) - page.art.pos())
                for lab in (page.title, page.headline):
                    box = lab.geometry().translated(lab.mapTo(page, QPoint(0, 0)) - lab.pos())
                    assert not art.intersects(box), (tid, lang)
                    assert lab.heightForWidth(lab.width()) <= lab.fontMetrics().lineSpacing() * 1.5, (tid, lang)
            elif size[0] > size[1]:
                pytest.fail(f"{tid} {lang}: no drawing in landscape")
    assert shown >= 5, shown  # portrait: at least every theme in Chinese


def test_the_hero_caption_reads_from_a_metre(panels_at):
    """The words under the hero say what its number counts: larger than the supporting
    figures' captions, in the text's own colour, at >= 4.5:1 on the page."""
    from PySide6.QtGui import QColor

    from lusong_kiosk.ui import style
    from lusong_kiosk.ui.audit import contrast_ratio

    shell = panels_at(1920, 1080)
    for tid in THEMES:
        page = _open(shell, tid, "en")
        hero = page.hero.caption.font().pixelSize()
        assert hero >= 1.25 * max(fv.caption.font().pixelSize() for fv in page.supporting), tid
        assert hero >= shell.ctx.metrics.fpx(32)
        ink = page.hero.caption.palette().color(page.hero.caption.foregroundRole())
        assert ink.name().lower() == style.TEXT.lower()
        assert contrast_ratio(ink, QColor(style.BG)) >= 4.5


def test_a_unit_of_several_words_wraps_whole(panels_at):
    """Portrait, the narrowest columns: "3.66 billion yuan" may put its unit under the number,
    but never "billion" beside it and "yuan" alone below."""
    from label_layout import label_lines

    shell = panels_at(1080, 1920)
    checked = 0
    for tid in THEMES:
        page = _open(shell, tid, "en")
        for fv in page.highlights:
            unit = fv.figure.unit("en") if fv.figure.unit else ""
            if " " not in unit:
                continue
            lines = label_lines(fv.value_label)
            assert any(unit in line for line in lines), (tid, fv.figure.id, lines)
            checked += 1
    assert checked >= 1


@pytest.mark.parametrize("size", [(1920, 1080), (3840, 2160), (1080, 1920), (1366, 768)],
                         ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_theme_header_keeps_its_drawing(panels_at, size):
    """Each theme's header shows its illustration in both languages at every screen size (in
    English portrait three headers used to drop it for their long headlines), clear of the
    title's words."""
    from PySide6.QtCore import QPoint

    from lusong_kiosk.ui.audit import settle

    shell = panels_at(*size)
    for lang in ("zh", "en"):
        shell.set_language(lang)
        for theme in shell.ctx.exhibition.themes:
            shell.go(f"theme:{theme.id}", animate=False)
            shell.finish_all()
            settle(shell)
            page = shell.stage.current
            assert page.art is not None and page.art.isVisible(), (theme.id, lang)
            title_right = page.title.mapTo(page, QPoint(0, 0)).x() + page.title.fontMetrics().horizontalAdvance(
                page.title.text())
            assert title_right <= page.art.mapTo(page, QPoint(0, 0)).x(), (theme.id, lang)
            assert page.art.mapTo(page, QPoint(0, 0)).x() + page.art.width() <= page.width(), (theme.id, lang)


def test_building_the_screens_opens_no_window_of_their_own(qtbot, make_shell):
    """A widget shown before it has a parent opens as a top-level window (and takes the
    activation from the exhibition's window); building every screen, in both languages, shows
    nothing but the shell."""
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication, QWidget

    from conftest import Received

    shell = make_shell()
    watch = Received(QEvent.Type.Show, lambda obj: isinstance(obj, QWidget) and obj.isWindow() and obj is not shell)
    QApplication.instance().installEventFilter(watch)
    try:
        for lang in ("en", "zh"):
            shell.set_language(lang)
            for target in [*(f"theme:{t.id}" for t in shell.ctx.exhibition.themes), "timeline", "honours", "home"]:
                shell.go(target, animate=False)
                shell.finish_all()
    finally:
        QApplication.instance().removeEventFilter(watch)
    assert [type(w).__name__ for w in watch.objects] == []


@pytest.mark.parametrize("size", [(1920, 1080), (3840, 2160)])
def test_a_panel_is_laid_out_beside_its_scroll_bar_from_its_first_frame(make_shell, size):
    """A panel taller than the screen is laid out beside its scroll bar from the frame a tap
    answers with, and its figures count at the width they rest at: when the count ends, no
    chart on it is resized -- neither in view nor, the panel left by then, later, when the next
    render of the window (a kept paint in another panel's tap) sends the resizes Qt held back
    for hidden widgets."""
    from PySide6.QtCore import QEvent

    from conftest import Received
    from lusong_kiosk.ui.audit import settle

    shell = make_shell(*size)
    for tid in THEMES:
        shell.go(f"theme:{tid}")  # animated, as a tap: the figures count
        page = shell.stage.current
        first = page.body.width()
        resized = Received(QEvent.Type.Resize)
        for chart in page.charts:
            chart.installEventFilter(resized)
        shell.finish_all()
        settle(shell)
        at_rest = page.scroll.viewport().width()
        shell.go("home")
        shell.finish_all()
        shell.grab()
        assert [c.spec().kind for c in resized.objects] == [], tid
        assert (first, page.body.width()) == (at_rest, at_rest), tid
