"""The project's illustrations: each one is drawn (not blank) at any size, passes the same SVG
limits as content, and sits under its hero figure on the home tiles."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication

from conftest import ASSETS

KEYS = ["industry", "opening", "innovation", "ecology", "livelihood", "timeline", "honours", "title", "tour"]


def _ink(pixmap) -> int:
    """How many pixels of the picture are not fully transparent (sampled on a 4 px grid)."""
    img = pixmap.toImage()
    return sum(1 for x in range(0, img.width(), 4) for y in range(0, img.height(), 4)
               if img.pixelColor(x, y).alpha() > 0)


@pytest.mark.parametrize("key", KEYS)
def test_every_illustration_passes_the_svg_limits_and_draws_at_any_size(qapp, key):
    from lusong_kiosk.content.limits import svg_problem
    from lusong_kiosk.ui.illustration import illustration_path, illustration_pixmap

    path = illustration_path(ASSETS, key)
    assert path is not None, f"assets/illustrations/{key}.svg is missing"
    assert svg_problem(path) is None
    assert b"<image" not in path.read_bytes()  # drawn shapes only, never an embedded photo
    for w, h in ((64, 40), (320, 200), (1280, 800)):
        pm = illustration_pixmap(ASSETS, key, w, h)
        assert pm is not None and (pm.width(), pm.height()) == (w, h)
        total = len(range(0, w, 4)) * len(range(0, h, 4))
        assert 0.03 * total < _ink(pm) < 0.9 * total, f"{key} at {w}x{h} looks blank or filled"


def test_no_drawing_for_an_unknown_key_means_nothing_is_drawn(qapp):
    from lusong_kiosk.ui.illustration import illustration_path, illustration_pixmap

    assert illustration_path(ASSETS, "no-such-theme") is None
    assert illustration_pixmap(ASSETS, "no-such-theme", 100, 100) is None


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920), (1366, 768)])
def test_home_tiles_show_the_hero_over_the_illustration(qtbot, make_shell, size):
    from lusong_kiosk.ui.home_tile import BESIDE

    shell = make_shell(*size)
    home = shell.stage.current
    for lang in ("zh", "en"):
        shell.set_language(lang)
        shell.finish_all()
        for _ in range(3):  # the layout passes a language change posts
            QApplication.processEvents()
        for key, tile in home.tiles.items():
            art = tile.art_rect()
            assert not art.isEmpty(), f"{key} {lang}: no illustration"
            pm = tile.art_pixmap()
            assert pm is not None and _ink(pm) > 0, f"{key} {lang}: blank illustration"
            hero = tile.hero
            top_left = hero.mapTo(tile, QPoint(0, 0))
            if tile.placement == BESIDE:  # beside the words (they wrap in their contents): none under it
                assert top_left.x() + hero.contentsRect().right() < art.left(), key
                tagline = tile.tagline
                right = tagline.mapTo(tile, QPoint(0, 0)).x() + tagline.contentsRect().right()
                assert not tagline.isVisible() or right < art.left(), key
                assert art.top() > tile.title.mapTo(tile, QPoint(0, 0)).y() + tile.title.height() - 1, key
            else:  # under the hero figure and its words
                words = tile.tagline if tile.tagline.isVisible() else hero
                assert words.mapTo(tile, QPoint(0, 0)).y() + words.height() <= art.top() + tile.layout().spacing(), key


@pytest.mark.parametrize("size", [(1920, 1080), (1366, 768), (3840, 2160)])
def test_home_still_fits_one_landscape_view_with_its_drawings(qtbot, make_shell, size):
    """The drawings give way first: no scrolling to reach the timeline or the credits."""
    shell = make_shell(*size)
    home = shell.stage.current
    for lang in ("zh", "en"):
        shell.set_language(lang)
        shell.finish_all()
        qtbot.waitUntil(lambda: home.scroll.verticalScrollBar().maximum() == 0)


def test_the_title_graphic_stands_beside_the_title_when_it_fits(qtbot, make_shell):
    shell = make_shell(1920, 1080)
    home = shell.stage.current
    shell.set_language("zh")
    assert home.title_art.isVisible()
    assert home.title_art.mapTo(home, QPoint(0, 0)).x() < home.title.mapTo(home, QPoint(0, 0)).x()
    shell.set_language("en")  # the longer English name: beside the graphic only on one line
    room = home.scroll.viewport().width() - 2 * shell.ctx.metrics.margin
    need = home.title.fontMetrics().horizontalAdvance(home.title.text()) + home.head.spacing() + home.title_art.width()
    assert home.title_art.isVisible() == ("\n" not in home.title.text() and need <= room)


def test_a_tile_description_says_the_hero_then_the_tagline_once(make_shell, exhibition):
    home = make_shell().stage.current
    for theme in exhibition.themes:
        tile, hero = home.tiles[f"theme:{theme.id}"], home.heroes[f"theme:{theme.id}"]
        assert tile.accessibleDescription() == f"{hero.accessibleName()} · {theme.tagline('zh')}"
