"""The theme panel's sheet ("read more", "more figures") as a visitor opens one after another:
each shows its whole text when the page has room for it, at the sheet's full width, with no
scroll bar and no empty foot, whatever was open before; and Esc closes it, as every overlay."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

THEMES = ["industry", "opening", "innovation", "ecology", "livelihood"]


def _open(shell, tid: str, lang: str):
    from lusong_kiosk.ui.audit import settle

    shell.set_language(lang)
    shell.go(f"theme:{tid}", animate=False)
    shell.finish_all()
    settle(shell)
    return shell.stage.current


def _whole(page, shell, what: str) -> None:
    from lusong_kiosk.ui.audit import settle

    settle(shell)
    overlay = page.overlay
    content = overlay.content()
    bar = overlay.scroll.verticalScrollBar()
    if overlay.sheet.height() < overlay.height() - 2 * shell.ctx.metrics.px(32):  # the page had room
        assert bar.maximum() == 0, f"{what}: the text scrolls in a sheet that could have held it"
        assert content.width() == overlay.scroll.width(), f"{what}: narrowed by a scroll bar"
        text_bottom = content.mapTo(overlay, content.rect().bottomLeft()).y()
        lay = content.layout()
        need = lay.totalHeightForWidth(content.width()) if lay.hasHeightForWidth() else content.sizeHint().height()
        assert content.height() - need < shell.ctx.metrics.px(8), f"{what}: an empty foot"
        assert overlay.sheet.geometry().bottom() - text_bottom < shell.ctx.metrics.px(80), what


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)])
def test_each_sheet_holds_its_whole_text_after_a_longer_one(qtbot, make_shell, size):
    shell = make_shell(*size, reduce_motion=True)
    for lang in ("zh", "en"):
        for tid in THEMES:
            page = _open(shell, tid, lang)
            stories = sorted((c.story for c in page.all_story_cards if c.story.has_more()),
                             key=lambda s: -len(s.text(lang)))
            for story in stories:  # the longest first: each next one is shorter
                page.open_story(story)
                _whole(page, shell, f"{tid} {story.id} {lang}")
                page.close_overlay()
            page.open_more()
            _whole(page, shell, f"{tid} more figures {lang}")
            page.close_overlay()


def test_esc_closes_the_sheet(qtbot, make_shell):
    shell = make_shell(1920, 1080, reduce_motion=True)
    page = _open(shell, "ecology", "en")
    page.open_more()
    assert page.overlay_open()
    QTest.keyClick(page.overlay, Qt.Key.Key_Escape)
    assert not page.overlay_open() and shell.current_target == "theme:ecology"
