"""Presenter steps at presentation scale: each step's item on a slide over the page, readable
from the back of the room; previous/next give the same picture; the console's pictures of now
and of the next step; the pointer, only while held and never in the kiosk."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from label_layout import ink_box

from lusong_kiosk.ui.slides import DIM, card_rect

K = Qt.Key


@pytest.fixture
def presenter(make_shell):
    from lusong_kiosk.modes.presenter import PresenterMode

    def make(w=1920, h=1080, **kw):
        shell = make_shell(w, h, mode="presenter", **kw)
        return shell, PresenterMode(shell)

    return make


def settle(shell, mode) -> QImage:
    """The audience window at rest, as it stays: every animation at its end, and drawn (with
    what that posts run in between) until three drawings agree. A label's text is drawn
    directly at its first paints and from its kept picture once it painted twice the same
    (ui/paint_cache.py keeps it on the next turn of the event loop), and the two differ by a
    shade on the glyphs' edges: a picture taken before the keep was one shade, after it the
    other, as the loop happened to turn (the test failed under load)."""
    shell.finish_all()
    mode.slides.finish()
    assert not mode.slides.is_animating() and not shell.stage.in_transition()
    pictures: list[QImage] = []
    while len(pictures) < 3 or not pictures[-1] == pictures[-2] == pictures[-3]:
        assert len(pictures) < 10, "the audience window does not come to rest"
        QApplication.processEvents()
        pictures.append(shell.grab().toImage())
    return pictures[-1]


EDGE_SHADE = 24  # of 255: how far a glyph's edge pixel may differ between two drawings


STRAY_PIXELS = 200  # pixels allowed past EDGE_SHADE: a changed digit at slide size alters thousands


def shade(a: QImage, b: QImage, inside: QRect | None = None, outside: QRect | None = None) -> int:
    """The difference (0..255) that all but STRAY_PIXELS pixels stay within, inside or outside a
    rect: the largest difference of any channel of the other pixels. A few edge pixels of big
    type came out further apart once in a full run under load (never alone); a word, a number
    mid-count or a moved part changes far more pixels than that."""
    import numpy as np

    def arr(img: QImage) -> np.ndarray:
        img = img.convertToFormat(QImage.Format.Format_RGB32)
        return np.frombuffer(img.constBits(), np.uint8).reshape(img.height(), img.bytesPerLine())[
            :, :img.width() * 4].reshape(img.height(), img.width(), 4)[..., :3].astype(np.int16)

    d = np.abs(arr(a) - arr(b)).max(axis=2)
    if inside is not None:
        d = d[inside.top():inside.bottom() + 1, inside.left():inside.right() + 1]
    elif outside is not None:
        d[outside.top():outside.bottom() + 1, outside.left():outside.right() + 1] = 0
    flat = np.sort(d, axis=None)
    return int(flat[-1 - STRAY_PIXELS]) if flat.size > STRAY_PIXELS else int(flat[-1])


def mean_diff(a: QImage, b: QImage, rect: QRect | None = None, step: int = 3) -> float:
    """The mean difference per channel (0..255) over ``rect``, sampled every ``step`` px."""
    rect = rect or QRect(0, 0, min(a.width(), b.width()), min(a.height(), b.height()))
    total = n = 0
    for y in range(rect.top(), rect.bottom(), step):
        for x in range(rect.left(), rect.right(), step):
            p, q = a.pixelColor(x, y), b.pixelColor(x, y)
            total += abs(p.red() - q.red()) + abs(p.green() - q.green()) + abs(p.blue() - q.blue())
            n += 3
    return total / max(1, n)


@pytest.mark.parametrize("size", [(1920, 1080), (1366, 768)])
def test_every_step_brings_its_item_into_focus_large_enough_for_the_back_row(qtbot, presenter, size):
    shell, mode = presenter(*size)
    kinds = set()
    for i, step in enumerate(mode.plan):
        mode.goto(i, animate=False)
        slide = mode.slide_of(step)
        if step.kind == "home":  # the home screen is its own title slide
            assert slide is None and not mode.slides.isVisible()
            continue
        assert mode.slides.isVisible() and mode.slides.slide() == slide, (i, step)
        main = mode.slides.main_label()
        assert main.isVisibleTo(shell) and main.text() == slide.main_text()
        assert main.font_.pixelSize() >= shell.height() / 20, (i, step, main.font_.pixelSize())
        box = QRect(main.mapTo(shell, QPoint(0, 0)), main.size())
        assert shell.rect().contains(box), (i, step, box)  # not cut by the window
        # a header says where the step belongs: the theme's icon and short name in its colour
        card, ex = mode.slides.card, shell.ctx.exhibition
        where = (ex.theme(step.screen[6:]).short_title("zh") if step.screen.startswith("theme:")
                 else ex.timeline.title("zh") if step.screen == "timeline" else ex.honours.title("zh"))
        assert card.mark.isVisibleTo(shell) and card.mark.text() == where, (i, step)
        assert card.mark_icon.isVisibleTo(shell) and not card.mark_icon.pixmap().isNull(), (i, step)
        assert card.mark.font_.pixelSize() >= shell.height() / 40  # readable, smaller than the main text
        kinds.add(step.kind)
        assert shell.stage.current.screen_id.startswith(step.screen.split(":")[0])  # the page stays behind
    assert kinds == {"headline", "figure", "chart", "story", "event", "honour"}


def test_previous_and_next_round_trips_give_identical_pictures(qtbot, presenter):
    shell, mode = presenter()
    qtbot.waitUntil(lambda: shell.stage.geometry() == shell.rect())  # the page has the top bar's room
    picks = {}
    for i, step in enumerate(mode.plan[:-1]):
        if step.kind != "home":  # every kind of slide (home is the home screen's own matter)
            picks.setdefault(step.kind, i)
    for kind, i in picks.items():
        mode.goto(i, animate=False)
        before = settle(shell, mode)
        QTest.keyClick(shell, K.Key_PageDown)
        qtbot.waitUntil(lambda: not shell.stage.in_transition())
        QTest.keyClick(shell, K.Key_PageUp)
        qtbot.waitUntil(lambda: not shell.stage.in_transition())
        after = settle(shell, mode)
        card = card_rect(shell.size()).adjusted(30, 30, -30, -30)  # inside its rounded corners
        # the same picture. Text over 64 px is drawn as outlines, and FreeType gives their edges
        # a shade more or less as other sizes were drawn in between (seen: up to 19 of 255 on the
        # edges of an event's title, the same words in the same places): a shade is allowed on
        # the slide, a fifth of it on the page dimmed behind. A word, a number mid-count or a
        # moved part differs by far more.
        on_card, behind = shade(before, after, inside=card), shade(before, after, outside=card)
        assert on_card <= EDGE_SHADE, (kind, i, on_card)
        assert behind <= EDGE_SHADE * (1 - DIM) + 1, (kind, i, behind)


def test_the_console_shows_what_the_audience_sees_and_the_next_step(qtbot, presenter):
    shell, mode = presenter()
    c = mode.open_console()
    qtbot.addWidget(c)
    c.resize(1920, 1080)
    c.show()
    qtbot.waitExposed(c)
    mode.goto(mode.first_index("theme:industry") + 1, animate=False)
    qtbot.waitUntil(c.thumbnail_ready, timeout=5000)
    coming = c.thumb.pixmap().toImage()
    QTest.keyClick(c, K.Key_PageDown)
    qtbot.waitUntil(lambda: not shell.stage.in_transition())
    seen = settle(shell, mode)
    scaled = seen.scaled(coming.size(), Qt.AspectRatioMode.IgnoreAspectRatio,
                         Qt.TransformationMode.SmoothTransformation).convertToFormat(coming.format())

    card = card_rect(coming.size()).adjusted(4, 4, -4, -4)
    assert mean_diff(coming, scaled, card, 2) < 4  # the slide the audience now sees
    other = mode.plan[mode.index + 1]
    assert mode.slide_of(other).main_text() != mode.slide_of(mode.step).main_text()
    # "now": the audience window as it is, a black screen included
    c.refresh_now()
    now = c.now_thumb.pixmap().toImage()
    fresh = seen.scaled(now.size(), Qt.AspectRatioMode.IgnoreAspectRatio,
                        Qt.TransformationMode.SmoothTransformation).convertToFormat(now.format())
    assert mean_diff(now, fresh) < 3
    QTest.keyClick(c, K.Key_B)
    black = c.now_thumb.pixmap().toImage()
    assert all(black.pixelColor(x, black.height() // 2).name() == "#000000" for x in range(5, black.width() - 5, 40))
    QTest.keyClick(c, K.Key_B)


def test_the_strip_marks_the_step_and_a_tap_jumps_to_one(qtbot, presenter):
    shell, mode = presenter()
    c = mode.open_console()
    qtbot.addWidget(c)
    c.resize(1920, 1080)
    c.show()
    start = mode.first_index("theme:opening")
    mode.goto(start + 1, animate=False)
    assert len(c.chips) == mode.step.of and c.current_chip() == 1
    qtbot.mouseClick(c.chips[4], Qt.MouseButton.LeftButton)
    assert mode.index == start + 4 and c.current_chip() == 4
    assert mode.slides.slide() == mode.slide_of(mode.step)


def test_the_pointer_shows_only_while_held(qtbot, presenter):
    shell, mode = presenter()
    mode.goto(3, animate=False)
    assert not mode.pointer.isVisible()
    QTest.keyPress(shell, K.Key_Z)
    assert mode.pointer.isVisibleTo(shell)
    mode.point_at_share(0.25, 0.5)
    assert mode.pointer.centre().toPoint() == QPoint(shell.width() // 4, shell.height() // 2)
    assert mode.pointer.geometry().center().x() in range(shell.width() // 4 - 2, shell.width() // 4 + 3)
    QTest.keyRelease(shell, K.Key_Z)
    assert not mode.pointer.isVisible()
    assert mode.index == 3 and mode.slides.isVisible()  # holding it changed nothing else
    # the console's button, held
    c = mode.open_console()
    qtbot.addWidget(c)
    c.resize(1920, 1080)
    c.show()
    QTest.mousePress(c.pointer_btn, Qt.MouseButton.LeftButton)
    assert mode.pointer.isVisibleTo(shell)
    QTest.mouseRelease(c.pointer_btn, Qt.MouseButton.LeftButton)
    assert not mode.pointer.isVisible()
    # the console maps its audience picture onto the audience window
    c.refresh_now()
    pic = c.now_thumb
    share = c.audience_share(pic.mapToGlobal(pic.rect().center()))
    assert share is not None and abs(share[0] - 0.5) < 0.02 and abs(share[1] - 0.5) < 0.02


def test_the_kiosk_has_no_pointer_and_no_slides(qtbot, make_kiosk):
    from lusong_kiosk.ui.pointer import PointerDot
    from lusong_kiosk.ui.slides import SlideLayer

    shell, _mode = make_kiosk()
    QTest.keyPress(shell, K.Key_Z)
    QTest.keyRelease(shell, K.Key_Z)
    assert not shell.findChildren(PointerDot) and not shell.findChildren(SlideLayer)


def test_render_slide_draws_the_slide_at_the_window_size(qtbot, exhibition, make_shell):
    from lusong_kiosk.present.slides import slide_for
    from lusong_kiosk.ui.slides import card_rect, render_slide

    shell = make_shell()
    theme = exhibition.themes[0]
    slide = slide_for(exhibition, f"theme:{theme.id}", "figure", theme.highlights[0], "zh")
    pm = render_slide(slide, QSize(1366, 768), shell.ctx)
    img = pm.toImage()
    assert pm.size() == QSize(1366, 768)
    card = card_rect(pm.size())
    inside = {img.pixelColor(x, y).name() for x in range(card.left() + 40, card.right() - 40, 23)
              for y in range(card.top() + 40, card.bottom() - 40, 23)}
    assert len(inside) > 3  # the card has text on it, not one flat colour


@pytest.mark.parametrize("reduce_motion", [False, True])
def test_a_figure_counts_up_on_its_slide_and_is_at_rest_when_shown_again(qtbot, presenter, reduce_motion):
    shell, mode = presenter(reduce_motion=reduce_motion)
    i = next(i for i, s in enumerate(mode.plan) if s.kind == "figure" and mode.slide_of(s).figure.value >= 10)
    mode.goto(i - 1, animate=False)
    QTest.keyClick(shell, K.Key_PageDown)  # next: the step's own reveal, the number counting
    slide, main = mode.slide_of(mode.step), mode.slides.main_label()
    assert mode.index == i and mode.slides.slide() == slide
    if reduce_motion:  # no count at all: the figure at once
        assert not mode.slides.is_animating() and main.text() == slide.value
    else:
        assert mode.slides.is_animating() and main.shown_text() != slide.value
        assert main.shown_text() == slide.value_at(0.0)  # from zero, formatted as the figure is
        place = main.geometry()
        mode.slides.finish()  # finish(): the final value at once, in the place it counted in
        assert not mode.slides.is_animating() and main.shown_text() == slide.value and main.geometry() == place
    QTest.keyClick(shell, K.Key_PageDown)
    QTest.keyClick(shell, K.Key_PageUp)  # previous: at rest, not counting again
    assert mode.index == i and not mode.slides.is_animating() and main.shown_text() == slide.value


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)])
def test_a_slides_number_stays_where_it_rests_while_it_counts(qtbot, presenter, size):
    """The count draws the slide's number itself from kept glyphs (its label keeps the final
    text, laid out once): drawn at the value it ends on, the number lies where the label puts it
    at rest, so it does not jump when the count ends -- in Chinese and in English."""
    shell, mode = presenter(*size)
    figures = [i for i, s in enumerate(mode.plan) if s.kind == "figure"]
    checked = 0
    for lang in ("zh", "en"):
        shell.set_language(lang)
        for i in figures[:3]:
            mode.goto(i, animate=False)
            settle(shell, mode)
            card, slide = mode.slides.card, mode.slide_of(mode.step)
            main = card.main
            at_rest = ink_box(main, card.accent())
            card.set_slide(slide, animate=True)
            card.count.pause()  # counting, held at its start
            assert main.counting is not None and main.shown_text() == slide.value_at(0.0)
            assert main.text() == slide.value  # the label keeps its final text while it counts
            main.counting.value = slide.value[len(main.counting.lead):]
            main.repaint()
            counting = ink_box(main, card.accent())
            assert all(abs(a - b) <= 1 for a, b in zip(counting, at_rest, strict=True)), (slide.value, counting)
            mode.slides.finish()
            assert main.counting is None and ink_box(main, card.accent()) == at_rest
            checked += 1
    assert checked == 6


@pytest.mark.parametrize("size", [(1920, 1080), (1366, 768)])
def test_the_console_gives_the_notes_the_room_of_a_script(qtbot, presenter, size):
    shell, mode = presenter(*size)
    c = mode.open_console()
    qtbot.addWidget(c)
    c.resize(*size)
    c.apply_metrics(size=QSize(*size))
    c.show()
    qtbot.waitExposed(c)
    mode.goto(mode.first_index("theme:industry") + 2, animate=False)  # a theme's notes: the longest kind
    QApplication.processEvents()
    assert c.size() == QSize(*size)  # everything fits the screen: nothing pushed it larger
    view = c.notes.viewport()
    lines = view.height() / c.notes_zh.fontMetrics().lineSpacing()
    assert lines >= 7 and view.height() >= c.height() / 3, (view.height(), lines)  # was 2 lines at 1080p
    assert view.width() >= c.width() / 2
    # longer than the room: it scrolls, to its end, starting at the top at each step
    bar = c.notes.verticalScrollBar()
    assert c.notes.widget().height() > view.height() and bar.maximum() > 0
    bar.setValue(bar.maximum())
    assert c.notes_en.visibleRegion().boundingRect().bottom() >= c.notes_en.height() - 2  # the last line readable
    QTest.keyClick(c, K.Key_PageDown)
    assert bar.value() == 0


@pytest.mark.parametrize("size", [(1366, 768), (768, 1366)])
def test_the_cards_opaque_inside_looks_like_the_card(qtbot, exhibition, make_shell, size):
    """The card's inside is an opaque child (Qt paints nothing under it); with it or without it
    the slide over the page is the same picture, to the pixel: it stays clear of the card's
    antialiased corners, border and accent bar."""
    from lusong_kiosk.present.slides import slide_for
    from lusong_kiosk.ui.slides import SlideLayer

    shell = make_shell()
    shell.resize(*size)
    theme = exhibition.themes[0]
    layer = SlideLayer(shell, shell.ctx)
    layer.show_slide(slide_for(exhibition, f"theme:{theme.id}", "figure", theme.highlights[0], "zh"))
    with_inside = shell.grab().toImage()
    assert layer.card.interior.isVisible()
    layer.card.interior.hide()
    without = shell.grab().toImage()
    assert with_inside == without


@pytest.mark.parametrize("kind", ["headline", "figure", "chart"])
def test_a_slide_made_ready_out_of_sight_shows_the_same_picture_from_its_pictures(qtbot, exhibition, make_shell,
                                                                                 kind):
    """prepare() lays the next slide out on a hidden card and makes its texts' pictures; showing
    it then swaps that card in: its first paint blits them, and the picture is the one a slide
    laid out when shown gives, to the pixel."""
    from lusong_kiosk.modes.steps import build_plan, slide
    from lusong_kiosk.ui.slides import SlideLayer

    shell = make_shell()
    shell.resize(1366, 768)
    step = next(s for s in build_plan(exhibition) if s.kind == kind)
    shown = slide(exhibition, step, "zh")
    plain = SlideLayer(shell, shell.ctx)
    plain.show_slide(shown)
    expected = shell.grab().toImage()
    plain.clear()

    layer = SlideLayer(shell, shell.ctx)
    layer.prepare(shown)
    assert not layer.isVisible()
    ready = layer.card  # not yet: the slide waits on the other card
    layer.show_slide(shown)
    assert layer.card is not ready and layer.card.slide == shown
    texts = [t for t in layer.card._texts() if not t.isHidden() and t.text()]
    assert texts and all(t.kept() is not None for t in texts)  # pictures before the first paint
    assert shell.grab().toImage() == expected


def test_a_slide_prepared_for_another_size_is_laid_out_again(qtbot, exhibition, make_shell):
    from lusong_kiosk.modes.steps import build_plan, slide
    from lusong_kiosk.ui.slides import SlideLayer, card_rect

    shell = make_shell()
    shell.resize(1366, 768)
    step = next(s for s in build_plan(exhibition) if s.kind == "headline")
    shown = slide(exhibition, step, "en")
    layer = SlideLayer(shell, shell.ctx)
    layer.prepare(shown)
    shell.resize(1024, 768)
    layer.show_slide(shown)
    assert layer.card.geometry() == card_rect(shell.size())
    assert layer.card.main.geometry().right() < layer.card.width()
