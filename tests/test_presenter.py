"""Presenter mode: every key of the UX table from whichever widget has focus (clickers send
Page Up/Down), the steps of the whole presentation forward and back (back restores exactly the
earlier state), the black and white screens, the notes, the help, quitting, the console, and
— in a subprocess with two offscreen screens — the audience window and the console on
different screens, in sync."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from content_fixtures import make_site
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest

from lusong_kiosk.content import load
from lusong_kiosk.content.problems import ContentError
from lusong_kiosk.modes.steps import build_plan

K = Qt.Key
NO = Qt.KeyboardModifier.NoModifier
THEMES = ["industry", "opening", "innovation", "ecology", "livelihood"]
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def presenter(make_shell):
    """presenter(**settings) -> (shell, mode) on one screen, at the home step."""
    from lusong_kiosk.modes.presenter import PresenterMode

    def make(clock=None, **kw):
        shell = make_shell(mode="presenter", **kw)
        mode = PresenterMode(shell, clock=clock)
        return shell, mode

    return make


@pytest.fixture
def console(qtbot):
    """console(mode) -> the mode's console, shown at 1920x1080 next to the audience window."""
    def make(mode):
        c = mode.open_console()
        qtbot.addWidget(c)
        c.resize(1920, 1080)
        c.show()
        qtbot.waitExposed(c)
        return c

    return make


def press(qtbot, widget, key, mods=NO) -> None:
    qtbot.keyClick(widget, key, mods)


def first(mode, screen: str) -> int:
    return mode.first_index(screen)


# -- the plan ---------------------------------------------------------------------------------------

def test_plan_runs_home_themes_timeline_honours(exhibition):
    plan = build_plan(exhibition)
    screens = list(dict.fromkeys(s.screen for s in plan))
    assert screens == ["home", *(f"theme:{t}" for t in THEMES), "timeline", "honours"]
    per_screen = {s: sum(1 for p in plan if p.screen == s) for s in screens}
    assert per_screen["home"] == 1
    for t in exhibition.themes:  # headline, highlights, charts, stories (no steps in the content)
        assert per_screen[f"theme:{t.id}"] == 1 + len(t.highlights) + len(t.charts) + len(t.stories)
    keys = [e for e in exhibition.events if e.key]
    assert [p.ref for p in plan if p.screen == "timeline"] == [e.id for e in sorted(keys, key=lambda e: e.sort_key)]
    assert [p.ref for p in plan if p.screen == "honours"] == [h.id for h in exhibition.honours.honours]
    assert all(p.n == i for s in screens for i, p in enumerate(q for q in plan if q.screen == s))


def test_content_sets_the_order_and_the_steps(tmp_path):
    site = make_site(tmp_path)
    site.replace("exhibition.toml", 'default_language = "zh"\n',
                 'default_language = "zh"\npresentation = ["home", "theme:beta", "honours", "theme:alpha"]\n')
    site.replace("themes/01-a.toml", 'notes = ', 'steps = ["a-share", "a-growth", "headline"]\nnotes = ')
    ex = load(site.content, site.assets, check_font=False)
    plan = build_plan(ex)
    assert list(dict.fromkeys(s.screen for s in plan)) == ["home", "theme:beta", "honours", "theme:alpha"]
    assert [(s.kind, s.ref) for s in plan if s.screen == "theme:alpha"] == [
        ("figure", "a-share"), ("chart", "a-growth"), ("headline", "headline")]


def test_unknown_presentation_targets_are_reported_with_file_and_field(tmp_path):
    site = make_site(tmp_path)
    site.replace("exhibition.toml", 'default_language = "zh"\n',
                 'default_language = "zh"\npresentation = ["home", "theme:gamma", "stats", "home"]\n')
    with pytest.raises(ContentError) as err:
        load(site.content, site.assets, check_font=False)
    lines = [str(p) for p in err.value.problems]
    assert any("exhibition.toml: presentation[1]: no theme with id 'gamma'" in s for s in lines), lines
    assert any("exhibition.toml: presentation[2]: expected 'home', 'timeline', 'honours' or 'theme:<id>'" in s
               and "'stats'" in s for s in lines), lines
    assert any("exhibition.toml: presentation[3]: 'home' is listed twice" in s for s in lines), lines
    code, out = site.check()
    assert code == 1 and "presentation[1]" in out


def test_attach_mode_gives_presenter(make_shell):
    from lusong_kiosk.app import attach_mode
    from lusong_kiosk.modes.presenter import PresenterMode
    from lusong_kiosk.settings import Settings

    shell = make_shell()
    assert isinstance(attach_mode(shell, Settings(mode="presenter")), PresenterMode)


# -- the state of a step ------------------------------------------------------------------------------

def snapshot(shell, mode) -> dict:
    """Everything the audience sees of the current screen's reveal state."""
    from lusong_kiosk.ui.honours import HonoursScreen
    from lusong_kiosk.ui.theme_page import ThemePage
    from lusong_kiosk.ui.timeline import TimelineScreen

    screen = shell.stage.current
    snap: dict = {"target": shell.current_target, "index": mode.index, "screen": screen.screen_id}
    if isinstance(screen, ThemePage):
        snap["items"] = {sid: not w.isHidden() for sid, w in screen._reveal.items.items()}
        snap["figures"] = {fv.figure.id: (not fv.isHidden(), round(fv.shown_value(), 6), fv.value_text())
                           for fv in screen.highlights + screen.more}
        snap["charts"] = [(round(c.progress(), 6), tuple(round(v, 6) for v in c.displayed_values()))
                          for c in screen.charts]
        snap["decor"] = [not w.isHidden() for w in (screen.fig_source, screen.chart_source, screen.story_heading,
                                                     screen.more_button)]
        snap["faded"] = [sid for sid, w in screen._reveal.items.items() if w.graphicsEffect() is not None]
        snap["scroll"] = screen.scroll.verticalScrollBar().value()
        snap["animating"] = screen.is_animating()
    elif isinstance(screen, HonoursScreen):
        snap["cards"] = [round(screen.card_opacity(i), 4) for i in range(len(screen.cards))]
        snap["scroll"] = screen.scroll.verticalScrollBar().value()
    elif isinstance(screen, TimelineScreen):
        a, b = screen.visible_range()
        snap["selected"] = screen.selected_event_id()
        snap["range"] = (round(a, 1), round(b, 1))
        snap["zoom"] = screen.zoom_step()
        snap["detail"] = screen.detail_event_id()
    return snap


def test_forward_visits_every_step_once_in_order_and_back_restores_each(qtbot, presenter):
    shell, mode = presenter()
    seen: list[int] = []
    mode.step_changed.connect(seen.append)
    forward = {0: snapshot(shell, mode)}
    keys = [K.Key_PageDown, K.Key_Right, K.Key_Down, K.Key_Space, K.Key_Return, K.Key_Enter]
    for i in range(1, len(mode.plan)):
        press(qtbot, shell, keys[i % len(keys)])
        step = mode.plan[i]
        assert mode.index == i
        assert shell.current_target == step.screen
        shell.finish_all()  # the reveal animation of this step, run to its end
        snap = snapshot(shell, mode)
        if "items" in snap:  # steps 0..n shown, the rest hidden
            ids = shell.stage.current.step_ids()
            assert [sid for sid in ids if snap["items"][sid]] == ids[: step.n + 1], (i, step)
            assert not snap["animating"]
        if "cards" in snap:
            assert snap["cards"] == [1.0] * (step.n + 1) + [0.0] * (step.of - step.n - 1)
        if "selected" in snap:
            assert snap["selected"] == step.ref
        forward[i] = snap
    assert seen == list(range(1, len(mode.plan)))  # every step once, in order
    assert mode.index == len(mode.plan) - 1 and shell.current_target == "honours"
    press(qtbot, shell, K.Key_PageDown)  # at the end it stays at the end
    assert mode.index == len(mode.plan) - 1 and len(seen) == len(mode.plan) - 1

    for i in range(len(mode.plan) - 2, -1, -1):
        press(qtbot, shell, [K.Key_PageUp, K.Key_Left, K.Key_Up, K.Key_Backspace][i % 4])
        # no finish_all here: stepping back shows the step's final state at once
        assert snapshot(shell, mode) == forward[i], f"step {i}: {mode.plan[i]}"
    assert mode.index == 0 and shell.current_target == "home"


def test_next_reveals_with_animation_and_previous_does_not(qtbot, presenter):
    shell, mode = presenter(counter_ms=2000, chart_ms=2000)
    mode.goto(first(mode, "theme:industry"), animate=False)
    page = shell.stage.current
    press(qtbot, shell, K.Key_PageDown)  # the first highlight counts up
    fv = page._reveal.items[mode.step.ref]
    assert not fv.isHidden() and fv.is_animating()
    press(qtbot, shell, K.Key_PageDown)  # the next one: the earlier one jumps to its end
    assert not fv.is_animating() and fv.shown_value() == fv.target_value()
    press(qtbot, shell, K.Key_PageUp)
    assert not page.is_animating()
    qtbot.waitUntil(lambda: not shell.stage.in_transition())


# -- keys ------------------------------------------------------------------------------------------

def focus_target(shell, which: str):
    if which == "shell":
        return shell
    if which == "button":
        shell.top.lang.setFocus()
        return shell.top.lang
    raise AssertionError(which)


@pytest.mark.parametrize("which", ["shell", "button"])
def test_every_key_in_the_table(qtbot, presenter, which):
    shell, mode = presenter()
    w = focus_target(shell, which)
    start = first(mode, "theme:opening") + 3
    mode.goto(start, animate=False)

    for key in (K.Key_Right, K.Key_Down, K.Key_PageDown, K.Key_Space, K.Key_Return, K.Key_Enter):
        before = mode.index
        press(qtbot, w, key)
        assert mode.index == before + 1, key
    for key in (K.Key_Left, K.Key_Up, K.Key_PageUp, K.Key_Backspace):
        before = mode.index
        press(qtbot, w, key)
        assert mode.index == before - 1, key
    assert shell.ctx.lang == "zh"  # Space/Enter on the focused language button did not click it

    press(qtbot, w, K.Key_End)
    assert shell.current_target == "honours" and mode.index == first(mode, "honours")
    press(qtbot, w, K.Key_Home)
    assert shell.current_target == "home" and mode.index == 0
    for n, tid in enumerate(THEMES, start=1):
        press(qtbot, w, getattr(K, f"Key_{n}"))
        assert shell.current_target == f"theme:{tid}" and mode.index == first(mode, f"theme:{tid}")
    press(qtbot, w, K.Key_T)
    assert shell.current_target == "timeline" and mode.step.screen == "timeline"
    assert shell.stage.current.selected_event_id() == mode.step.ref
    press(qtbot, w, K.Key_H)
    assert shell.current_target == "honours"
    press(qtbot, w, K.Key_0)
    assert shell.current_target == "home" and mode.index == 0

    for key, color in ((K.Key_B, "black"), (K.Key_Period, "black"), (K.Key_W, "white")):
        press(qtbot, w, key)
        assert mode.blank == color and mode.blank_cover.isVisible()
        press(qtbot, w, key)
        assert mode.blank == "" and not mode.blank_cover.isVisible()

    press(qtbot, w, K.Key_L)
    assert shell.ctx.lang == "en" and shell.screens["home"].title.text() == shell.ctx.exhibition.title("en")
    press(qtbot, w, K.Key_L)
    assert shell.ctx.lang == "zh"

    press(qtbot, w, K.Key_N)
    assert mode.notes_cover.isVisible()
    press(qtbot, w, K.Key_N)
    assert not mode.notes_cover.isVisible()

    assert not shell.isFullScreen()
    press(qtbot, w, K.Key_F)
    assert shell.isFullScreen()
    press(qtbot, w, K.Key_F)
    assert not shell.isFullScreen()

    for key, mods in ((K.Key_Question, Qt.KeyboardModifier.ShiftModifier), (K.Key_F1, NO)):
        press(qtbot, w, key, mods)
        assert mode.help_visible()
        press(qtbot, w, K.Key_Escape)  # Esc closes the overlay, and only that
        assert not mode.help_visible() and not mode.quit_pending() and shell.isVisible()

    running = mode.timer_running
    press(qtbot, w, K.Key_P)
    assert mode.timer_running is not running
    press(qtbot, w, K.Key_P)
    assert mode.timer_running is running

    press(qtbot, w, K.Key_Escape)
    assert mode.quit_pending() and shell.isVisible()
    with qtbot.waitSignal(mode.quitting, timeout=1000):
        press(qtbot, w, K.Key_Escape)
    assert not shell.isVisible()


@pytest.mark.parametrize("route", ["shell", "top-bar button", "window focus", "timeline view", "console button",
                                   "console window"])
def test_clicker_page_keys_work_whatever_has_focus(qtbot, presenter, console, route):
    shell, mode = presenter()
    mode.goto(first(mode, "timeline") + 2, animate=False)
    c = console(mode) if route.startswith("console") else None
    if route == "shell":
        target = shell
    elif route == "top-bar button":
        target = shell.top.back
    elif route == "window focus":  # through the window, as a real key arrives, to the focused widget
        shell.activateWindow()
        shell.top.home.setFocus()
        target = shell.windowHandle()
    elif route == "timeline view":
        target = shell.stage.current.view
        target.setFocus()
    elif route == "console button":
        c.next_btn.setFocus()
        target = c.next_btn
    else:
        target = c.windowHandle()
    i = mode.index
    QTest.keyClick(target, K.Key_PageDown)
    assert mode.index == i + 1
    assert shell.stage.current.selected_event_id() == mode.step.ref  # our step, not the timeline's own key
    QTest.keyClick(target, K.Key_PageDown)
    assert mode.index == i + 2
    QTest.keyClick(target, K.Key_PageUp)
    assert mode.index == i + 1
    QTest.keyClick(target, K.Key_Space)  # a focused button does not click: exactly one step
    assert mode.index == i + 2
    QTest.keyClick(target, K.Key_B)
    assert mode.blank == "black"
    QTest.keyClick(target, K.Key_Period)
    assert mode.blank == ""
    if c is not None:
        assert c.count.text() == f"{mode.index + 1} / {len(mode.plan)}"


def test_ctrl_q_quits_at_once(qtbot, presenter):
    shell, mode = presenter()
    with qtbot.waitSignal(mode.quitting, timeout=1000):
        press(qtbot, shell.top.lang, K.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert not shell.isVisible()


def test_escape_never_quits_by_accident(qtbot, presenter):
    shell, mode = presenter()
    mode.quit_timer.setInterval(50)
    press(qtbot, shell, K.Key_Escape)
    prompt = mode.quit_prompt()
    assert prompt.isVisible() and "Esc" in prompt.message.text()
    press(qtbot, shell, K.Key_PageDown)  # any other key keeps presenting, and does only that
    assert not mode.quit_pending() and mode.index == 0 and shell.isVisible()
    press(qtbot, shell, K.Key_Escape)
    qtbot.waitUntil(lambda: not mode.quit_pending(), timeout=2000)  # the prompt goes away by itself
    press(qtbot, shell, K.Key_Escape)  # so a lone Esc later asks again
    assert mode.quit_pending() and shell.isVisible()
    # Esc first closes what is open: the keys, then the notes, then the black screen
    mode.cancel_quit()
    press(qtbot, shell, K.Key_B)
    press(qtbot, shell, K.Key_N)
    press(qtbot, shell, K.Key_F1)
    press(qtbot, shell, K.Key_Escape)
    assert not mode.help_visible() and mode.notes_cover.isVisible() and mode.blank == "black"
    press(qtbot, shell, K.Key_Escape)
    assert not mode.notes_cover.isVisible() and mode.blank == "black"
    press(qtbot, shell, K.Key_Escape)
    assert mode.blank == "" and not mode.quit_pending() and shell.isVisible()


def test_help_lists_every_key_of_the_table(qtbot, presenter):
    shell, mode = presenter()
    press(qtbot, shell, K.Key_F1)
    text = mode.help_cover().text()
    for token in ("→", "↓", "Page Down", "Space", "Enter", "←", "↑", "Page Up", "Backspace", "Home", "End",
                  "1 … 5", "T / H / 0", "B", ".", "W", "L", "N", "F", "?", "F1", "Esc", "Ctrl+Q", "P / R"):
        assert token in text, token
    assert "同一步" in text  # the blank screen returns to the same step: said in the overlay
    assert mode.help_cover().panel.geometry().height() <= shell.height()
    press(qtbot, shell, K.Key_L)
    assert "same step" in mode.help_cover().text()


# -- black and white -----------------------------------------------------------------------------------

def colours(widget) -> set[str]:
    img = widget.grab().toImage()
    return {QColor(img.pixel(x, y)).name() for x in range(0, img.width(), 37) for y in range(0, img.height(), 29)}


def test_black_screen_hides_everything_and_a_step_key_returns_to_the_same_step(qtbot, presenter):
    shell, mode = presenter()
    mode.goto(first(mode, "theme:ecology") + 4)
    shell.finish_all()
    before = snapshot(shell, mode)
    press(qtbot, shell, K.Key_B)
    assert mode.blank_cover.geometry() == shell.rect()
    assert colours(shell) == {"#000000"}
    press(qtbot, shell, K.Key_PageDown)
    assert mode.blank == "" and snapshot(shell, mode) == before  # the same step, not the next
    press(qtbot, shell, K.Key_Period)
    press(qtbot, shell, K.Key_PageUp)
    assert mode.blank == "" and snapshot(shell, mode) == before  # not the previous either
    press(qtbot, shell, K.Key_W)
    assert colours(shell) == {"#ffffff"}
    press(qtbot, shell, K.Key_B)  # white -> black directly
    assert mode.blank == "black" and colours(shell) == {"#000000"}
    press(qtbot, shell, K.Key_T)  # a jump key returns and jumps
    assert mode.blank == "" and shell.current_target == "timeline"


def test_black_screen_covers_the_notes_overlay(qtbot, presenter):
    shell, mode = presenter()
    press(qtbot, shell, K.Key_N)
    press(qtbot, shell, K.Key_B)
    assert colours(shell) == {"#000000"}


# -- notes ----------------------------------------------------------------------------------------------

def test_notes_overlay_follows_the_screen(qtbot, presenter):
    shell, mode = presenter()
    ex = shell.ctx.exhibition
    press(qtbot, shell, K.Key_N)
    cover = mode.notes_cover
    assert cover.zh.text() == mode.notes()[0] and ex.subtitle("zh") in cover.zh.text()
    press(qtbot, shell, K.Key_2)
    assert cover.zh.text() == ex.theme("opening").notes("zh")
    assert cover.en.text() == ex.theme("opening").notes("en")
    assert cover.geometry().bottom() <= shell.height() and cover.geometry().top() > shell.height() // 2
    press(qtbot, shell, K.Key_T)
    ev = next(e for e in ex.events if e.id == mode.step.ref)
    # the event's title heads the notes once; the notes hold its text (not the title again)
    assert ev.title("zh") in cover.title.text() and ev.text("zh") in cover.zh.text()
    assert ev.title("zh") not in cover.zh.text()
    press(qtbot, shell, K.Key_N)
    assert not cover.isVisible()


# -- the console -----------------------------------------------------------------------------------------

def test_console_shows_the_step_the_next_one_and_the_notes(qtbot, presenter, console):
    shell, mode = presenter()
    c = console(mode)
    ex = shell.ctx.exhibition
    assert c.count.text() == f"1 / {len(mode.plan)}"
    press(qtbot, c, K.Key_1)
    press(qtbot, c, K.Key_PageDown)
    step = mode.step
    fig = ex.theme("industry").figure(step.ref)
    assert c.count.text() == f"{mode.index + 1} / {len(mode.plan)}"
    assert fig.label("zh") in c.now_text.text()
    assert c.next_text.text() == mode.describe(mode.plan[mode.index + 1])
    assert c.notes_zh.text() == ex.theme("industry").notes("zh")
    assert c.notes_en.text() == ex.theme("industry").notes("en")
    # the strip holds this screen's steps, this one marked
    assert len(c.chips) == step.of and c.current_chip() == step.n
    press(qtbot, shell, K.Key_L)  # language from the audience window: the console follows
    assert fig.label("en") in c.now_text.text() and "Next" in c.next_caption.text()
    # N does not put the notes on the audience screen when the console shows them
    press(qtbot, c, K.Key_N)
    assert not mode.notes_cover.isVisible()
    # help and the quit prompt open on the console, not in front of the audience
    press(qtbot, c, K.Key_F1)
    assert mode.help_cover().parent() is c and mode.help_visible()
    press(qtbot, c, K.Key_Escape)
    press(qtbot, c, K.Key_Escape)
    assert mode.quit_prompt().parent() is c and mode.quit_prompt().isVisible()
    mode.cancel_quit()
    # the badge says when the audience sees black
    press(qtbot, c, K.Key_B)
    assert c.badge.isVisible() and "BLACK" in c.badge.text()
    # the buttons
    i = mode.index
    qtbot.mouseClick(c.next_btn, Qt.MouseButton.LeftButton)
    assert mode.blank == "" and mode.index == i  # a step leaves the black screen first
    qtbot.mouseClick(c.next_btn, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(c.next_btn, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(c.prev_btn, Qt.MouseButton.LeftButton)
    assert mode.index == i + 1


def test_console_timer_pauses_resumes_and_resets(qtbot, presenter, console):
    now = [0.0]
    shell, mode = presenter(clock=lambda: now[0])
    c = console(mode)
    now[0] = 65_000
    c.refresh_time()
    assert c.elapsed.text() == "01:05"
    press(qtbot, c, K.Key_P)  # pause
    now[0] = 125_000
    c.refresh_time()
    assert c.elapsed.text() == "01:05" and c.pause.text() == "继续"
    qtbot.mouseClick(c.pause, Qt.MouseButton.LeftButton)  # resume
    now[0] = 130_000
    c.refresh_time()
    assert c.elapsed.text() == "01:10"
    qtbot.mouseClick(c.reset, Qt.MouseButton.LeftButton)
    assert c.elapsed.text() == "00:00"
    now[0] = 130_000 + 3_725_000
    press(qtbot, shell, K.Key_R)  # the R key resets too
    now[0] += 3_725_000
    c.refresh_time()
    assert c.elapsed.text() == "1:02:05"
    assert len(c.clock.text()) == 8 and c.clock.text().count(":") == 2


def test_console_preview_of_the_next_step_is_rendered_once(qtbot, presenter, console):
    shell, mode = presenter()
    c = console(mode)
    calls = []
    real = c._render
    c._render = lambda index: (calls.append(index), real(index))[1]
    qtbot.waitUntil(c.thumbnail_ready, timeout=5000)
    assert calls == [1] and not c.thumb.pixmap().isNull()
    press(qtbot, c, K.Key_PageDown)
    qtbot.waitUntil(c.thumbnail_ready, timeout=5000)
    press(qtbot, c, K.Key_PageUp)  # back: the picture of step 1 again, from the cache
    qtbot.waitUntil(c.thumbnail_ready, timeout=5000)
    assert calls == [1, 2]
    assert c.thumb.pixmap().width() <= c.thumb.width()


def test_touching_the_audience_window_moves_the_presenter_along(qtbot, presenter):
    shell, mode = presenter()
    tile = shell.screens["home"].tiles["theme:innovation"]
    qtbot.mouseClick(tile, Qt.MouseButton.LeftButton)
    assert mode.index == first(mode, "theme:innovation")
    page = shell.stage.current
    assert [sid for sid, w in page._reveal.items.items() if not w.isHidden() and sid in page.step_ids()] == [
        page.step_ids()[0]]
    press(qtbot, shell, K.Key_PageDown)
    assert mode.index == first(mode, "theme:innovation") + 1


# -- two screens -------------------------------------------------------------------------------------------

TWO_SCREENS = textwrap.dedent("""
    import json, sys
    sys.path.insert(0, {tests!r})
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    app = QApplication(sys.argv[:1])
    from conftest import ASSETS, CONTENT, fast_settings
    from lusong_kiosk.app import attach_mode, build_shell
    settings = fast_settings(mode="presenter", screen={screen})
    shell = build_shell(settings, None, CONTENT, ASSETS)
    mode = attach_mode(shell, settings)
    mode.show()
    console = mode.console
    QTest.qWaitForWindowExposed(shell)
    QTest.qWaitForWindowExposed(console)
    out = {{"screens": [s.name() for s in app.screens()],
           "audience": shell.screen().name(), "console": console.screen().name(),
           "audience_geometry": shell.geometry().getRect(), "console_geometry": console.geometry().getRect(),
           "audience_full": shell.isFullScreen(), "console_full": console.isFullScreen(), "steps": []}}
    for target, key in [(console, Qt.Key.Key_PageDown), (shell, Qt.Key.Key_PageDown), (console, Qt.Key.Key_2),
                        (shell.top.home, Qt.Key.Key_Right), (console.next_btn, Qt.Key.Key_PageUp),
                        (console, Qt.Key.Key_T), (shell, Qt.Key.Key_Space)]:
        QTest.keyClick(target, key)
        out["steps"].append({{"index": mode.index, "target": shell.current_target, "step_screen": mode.step.screen,
                             "count": console.count.text(), "now": console.now_text.text(),
                             "describe": mode.describe(mode.step)}})
    out["total"] = len(mode.plan)
    QTest.keyClick(console, Qt.Key.Key_B)  # the console keeps its size with the "black" warning
    app.processEvents()
    out["console_after_black"] = console.geometry().getRect()
    out["audience_black"] = shell.grab().toImage().pixelColor(960, 540).name()
    print(json.dumps(out))
    shell.close()
""")


def test_pick_screens():
    from lusong_kiosk.modes.presenter import pick_screens

    assert pick_screens(1, 0, None) == (0, None)
    assert pick_screens(1, 0, 3) == (0, None)  # no such screen: the one there is
    assert pick_screens(2, 0, None) == (1, 0)  # the projector gets the exhibition, the laptop the console
    assert pick_screens(2, 1, None) == (0, 1)
    assert pick_screens(2, 0, 0) == (0, 1)
    assert pick_screens(3, 0, 2) == (2, 0)
    assert pick_screens(3, 2, 2) == (2, 0)
    assert pick_screens(2, 0, 5) == (1, 0)


@pytest.mark.parametrize("screen,audience,console_on", [(None, "SIDE", "MAIN"), (0, "MAIN", "SIDE")])
def test_two_screens_audience_and_console_open_apart_and_stay_in_sync(tmp_path, screen, audience, console_on):
    screens = {"windowFrameMargins": False, "screens": [
        {"name": "MAIN", "x": 0, "y": 0, "width": 1920, "height": 1080, "logicalDpi": 96, "logicalBaseDpi": 96,
         "dpr": 1},
        {"name": "SIDE", "x": 1920, "y": 0, "width": 1920, "height": 1080, "logicalDpi": 96, "logicalBaseDpi": 96,
         "dpr": 1}]}
    cfg = tmp_path / "screens.json"
    cfg.write_text(json.dumps(screens), encoding="utf-8")
    script = tmp_path / "two_screens.py"
    script.write_text(TWO_SCREENS.format(tests=str(REPO / "tests"), screen=screen), encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={cfg}")
    proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, env=env, timeout=180,
                          cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert out["screens"] == ["MAIN", "SIDE"]
    assert out["audience"] == audience and out["console"] == console_on
    geometry = {"MAIN": [0, 0, 1920, 1080], "SIDE": [1920, 0, 1920, 1080]}
    assert out["audience_geometry"] == geometry[audience]
    assert out["console_geometry"] == out["console_after_black"] == geometry[console_on]
    assert out["audience_black"] == "#000000"
    assert out["audience_full"] and out["console_full"]
    indexes = [s["index"] for s in out["steps"]]
    assert indexes[:2] == [1, 2]
    assert out["steps"][2]["target"] == "theme:opening"
    assert indexes[3] == indexes[2] + 1 and indexes[4] == indexes[2]
    assert out["steps"][5]["target"] == "timeline" and out["steps"][6]["index"] == out["steps"][5]["index"] + 1
    for s in out["steps"]:
        assert s["target"] == s["step_screen"]
        assert s["count"] == f"{s['index'] + 1} / {out['total']}"
        assert s["now"] == s["describe"]


def test_language_keeps_the_step(qtbot, presenter):
    shell, mode = presenter()
    for i in (first(mode, "theme:opening") + 8, first(mode, "timeline") + 4, first(mode, "honours") + 3):
        mode.goto(i)
        shell.finish_all()
        before = snapshot(shell, mode)
        press(qtbot, shell, K.Key_L)
        after = snapshot(shell, mode)
        assert shell.ctx.lang == "en" and after["index"] == i
        for key in ("items", "decor", "scroll", "cards", "selected", "zoom"):
            assert after.get(key) == before.get(key), key
        if "charts" in before:
            assert [p for p, _ in after["charts"]] == [p for p, _ in before["charts"]] == [1.0] * len(before["charts"])
        press(qtbot, shell, K.Key_L)
        assert snapshot(shell, mode) == before
