"""The home screen as a visitor meets it: every theme tile shows its hero figure (as a reader
of the language writes it) counting up, the timeline and honours tiles their counts, and the
tiles fill their rows -- no lone tile beside an empty space, in landscape or portrait."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QWidget

from conftest import Windows


@pytest.fixture(scope="module")
def home_at(qapp, exhibition):
    """home_at(w, h) -> this module's one window at that size on the home screen, for the tests
    that only read it in the language they set (the top bar's test opens a panel to read it)."""
    windows = Windows(exhibition)

    def get(w: int, h: int):
        shell = windows(w, h)
        shell.go("home", animate=False)
        shell.finish_all()
        return shell

    yield get
    windows.close()


def _hero_tiles(shell):
    home = shell.screens["home"]
    ex = shell.ctx.exhibition
    return [(t, home.tiles[f"theme:{t.id}"], home.heroes[f"theme:{t.id}"]) for t in ex.themes]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_theme_tile_shows_its_hero_figure(qtbot, make_shell, lang):
    shell = make_shell(reduce_motion=True)
    shell.set_language(lang)
    for theme, tile, hero in _hero_tiles(shell):
        assert hero.figure.id == theme.hero
        assert tile.isAncestorOf(hero) and hero.isVisible(), theme.id
        assert theme.hero_figure().label(lang) in hero.text()
        assert hero.accessibleName() in tile.accessibleDescription()  # heard with the tile
    industry = {t.id: hero for t, _, hero in _hero_tiles(shell)}["industry"]
    # the article's "3万多名主播": 万 in Chinese, thousands grouped in English, never 30000
    assert ("3万" if lang == "zh" else "30,000") in industry.value_label.text()
    assert "30000" not in industry.value_label.text()


def test_timeline_and_honours_tiles_show_counts_from_content(qtbot, make_shell):
    shell = make_shell()
    home = shell.screens["home"]
    ex = shell.ctx.exhibition
    events = ex.events
    for lang, events_word, honours_word in (("zh", "个事件", "项荣誉"), ("en", "events", "honours")):
        shell.set_language(lang)
        assert home.counts["timeline"].accessibleName() == f"{len(events)} {events_word}"
        assert home.tiles["timeline"].tagline.text() == f"{events[0].year}–{events[-1].year}"
        assert home.counts["honours"].accessibleName() == f"{len(ex.honours.honours)} {honours_word}"


def test_hero_figures_count_up_when_home_appears(qtbot, make_shell):
    from PySide6.QtCore import QAbstractAnimation, QVariantAnimation

    shell = make_shell(counter_ms=1500)
    heroes = [hero for _, _, hero in _hero_tiles(shell)]
    big = max(heroes, key=lambda h: h.target_value())
    # the app's first frame shows them final (nobody watches a kiosk start; that frame stays light)
    assert all(h.shown_value() == h.target_value() for h in heroes)
    for _ in range(2):  # each visit home counts again
        shell.go("honours", animate=False)
        shell.go("home", animate=False)
        # each count's own clock, stepped by hand (counter_ms's 1500 ms not waited in real time)
        counts = [a for h in heroes for a in h.findChildren(QVariantAnimation)
                  if a.state() == QAbstractAnimation.State.Running]
        assert len(counts) == len(heroes) and {a.duration() for a in counts} == {1500}
        for a in counts:
            a.setCurrentTime(750)
        assert 0 < big.shown_value() < big.target_value()
        for a in counts:
            a.setCurrentTime(a.duration())  # its end: the count stops by itself
        assert not any(h.is_animating() for h in heroes)
        assert all(h.shown_value() == h.target_value() for h in heroes)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_tile_hero_number_does_not_jump_when_its_count_ends(make_shell, lang):
    """A tile's hero, counted to its final value, is drawn exactly where it rests."""
    from lusong_kiosk.ui.audit import settle
    from test_theme_panels import assert_number_stays_put

    shell = make_shell(1080, 1920, reduce_motion=True)
    shell.set_language(lang)
    settle(shell)
    assert sum([assert_number_stays_put(hero, shell) for _, _, hero in _hero_tiles(shell)]) >= 3


def test_reduced_motion_shows_the_final_figures_at_once(qtbot, make_shell):
    shell = make_shell(counter_ms=5000, reduce_motion=True)
    for _, _, hero in _hero_tiles(shell):
        assert not hero.is_animating()
        assert hero.shown_value() == hero.target_value()


@pytest.mark.parametrize("size", [(1920, 1080), (1366, 768), (1080, 1920), (3840, 2160)],
                         ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("text_scale", [1.0, 1.5])
def test_tiles_fill_their_rows_no_lone_tile(qtbot, make_shell, size, text_scale):
    """Every row of tiles spans the full width: a row of one tile is a full-width tile, never
    a tile beside the empty place of a missing one (the old portrait's fifth theme)."""
    from lusong_kiosk.ui import access
    from lusong_kiosk.ui.audit import settle

    shell = make_shell(*size)
    access.apply(shell, text_scale=text_scale)
    settle(shell)
    home = shell.screens["home"]
    body = home.scroll.widget()
    left = min(t.mapTo(body, t.rect().topLeft()).x() for t in home.tiles.values())
    right = max(t.mapTo(body, t.rect().topRight()).x() for t in home.tiles.values())
    rows: dict[int, list] = {}
    for tile in home.tiles.values():
        rows.setdefault(tile.mapTo(body, tile.rect().topLeft()).y(), []).append(tile)
    assert sum(len(r) for r in rows.values()) == len(home.tiles)
    for y, tiles in rows.items():
        xs = sorted((t.mapTo(body, t.rect().topLeft()).x(), t.mapTo(body, t.rect().topRight()).x()) for t in tiles)
        assert xs[0][0] == left and xs[-1][1] == right, f"row at y={y} does not span the width: {xs}"
    if size[1] > size[0]:
        assert len(rows) == 4  # 2+2+2, then the timeline beside the tour's tile


@pytest.mark.parametrize("size", [(1366, 768), (1080, 1920), (1920, 1080)], ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_top_bar_markers_name_their_themes_and_fit(qtbot, home_at, size, lang):
    """On a theme panel the top bar names every theme (its short title, the full one heard),
    the current one checked; all of it on the glass, every name whole."""
    from lusong_kiosk.ui.audit import settle

    shell = home_at(*size)
    shell.set_language(lang)
    shell.go("theme:ecology", animate=False)
    settle(shell)
    ex = shell.ctx.exhibition
    markers = shell.top.dots.buttons
    assert [b.text() for b in markers.values()] == [t.short_title(lang) for t in ex.themes]
    assert [b.accessibleName() for b in markers.values()] == [t.title(lang) for t in ex.themes]
    assert [tid for tid, b in markers.items() if b.isChecked()] == ["ecology"]
    glass = shell.rect()
    for b in markers.values():
        rect = b.rect().translated(b.mapTo(shell, b.rect().topLeft()))
        assert b.isVisible() and glass.contains(rect), (b.text(), rect)
        assert b.width() >= b.fontMetrics().horizontalAdvance(b.text()) + b.iconSize().width(), b.text()
        assert b.height() >= round(64 * shell.ctx.metrics.scale) - 1  # UX.md: touch targets
    assert shell.top.layout().minimumSize().width() <= shell.width()


def test_the_top_bar_fits_each_language_as_it_is_switched_to(qtbot, make_shell):
    """Larger text on a panel, then English and back: the English names are whole (they were
    clipped: the bar fit by the Chinese names' widths), and back in Chinese Home and Back have
    their words again (they stayed icons, fit by the English widths), as on a fresh start."""
    from lusong_kiosk.ui import access
    from lusong_kiosk.ui.audit import settle

    def bar(shell):
        settle(shell)
        top = shell.top
        for b in top.dots.buttons.values():
            assert b.width() >= b.sizeHint().width(), b.text()  # every name whole
        assert top.layout().minimumSize().width() <= shell.width()
        return top.compact, top.stacked, top.dots.named, top.home.text(), top.back.text()

    fresh = {}
    for lang in ("en", "zh"):  # the Chinese one last: it goes to English and back
        shell = make_shell(1920, 1080, reduce_motion=True, lang=lang)
        shell.go("theme:industry", animate=False)
        access.apply(shell, text_scale=1.25)
        fresh[lang] = bar(shell)
    assert fresh["zh"] != fresh["en"]  # the English names need the room of Home's and Back's words
    for lang in ("en", "zh"):
        shell.set_language(lang)
        assert bar(shell) == fresh[lang], lang


@pytest.mark.parametrize("size", [(1920, 1080), (1366, 768), (1080, 1920), (3840, 2160)],
                         ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_home_fits_one_screen_without_scrolling(qtbot, home_at, size, lang):
    """At the visitor's normal text size the whole home screen (title, every tile, the credits)
    is on the glass: nothing below the fold a passer-by would have to find by scrolling."""
    from lusong_kiosk.ui.audit import settle

    shell = home_at(*size)
    shell.set_language(lang)
    settle(shell)
    home = shell.screens["home"]
    assert home.scroll.verticalScrollBar().maximum() == 0, (size, lang, home.scroll.verticalScrollBar().maximum())


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_portrait_timeline_title_keeps_one_line_beside_the_tour(qtbot, home_at, lang):
    """Beside the tour's tile the timeline's tile takes the width its title needs on one line
    ("Lusong through the / years" read as two titles), and the tour keeps at least 3/8."""
    from lusong_kiosk.ui.audit import settle

    shell = home_at(1080, 1920)
    shell.set_language(lang)
    settle(shell)
    home = shell.screens["home"]
    title = home.tiles["timeline"].title
    assert title.heightForWidth(title.width()) < 1.5 * title.fontMetrics().lineSpacing(), title.text()
    tour, timeline = home.tiles["tour"], home.tiles["timeline"]
    assert tour.width() >= 0.36 * (tour.width() + timeline.width())


def _art_shares(home) -> dict[str, float]:
    """Each theme tile's drawing height over its tile's height."""
    return {k: t.art_rect().height() / t.height() for k, t in home.tiles.items() if k.startswith("theme:")}


@pytest.mark.parametrize("size", [(1920, 1080), (3840, 2160), (1366, 768), (1080, 1920)],
                         ids=lambda s: f"{s[0]}x{s[1]}")
def test_theme_tiles_give_their_drawing_a_real_share_and_it_grows_back(make_shell, size):
    """The theme's illustration takes a fair part of its tile (it was 34-46 px of a 411 px tile
    at 1920x1080 in English) and, squeezed by a larger text size or another language, grows
    back to the same size once there is room again."""
    from lusong_kiosk.ui import access
    from lusong_kiosk.ui.audit import settle

    shell = make_shell(*size, reduce_motion=True)
    home = shell.screens["home"]
    seen = {}
    for lang in ("en", "zh"):
        shell.set_language(lang)
        settle(shell)
        assert home.scroll.verticalScrollBar().maximum() == 0
        seen[lang] = _art_shares(home)
        assert min(seen[lang].values()) >= 0.18, (lang, seen[lang])
        assert all(t.art_pixmap() is not None for k, t in home.tiles.items() if k.startswith("theme:"))
    access.apply(shell, text_scale=1.5)
    settle(shell)
    access.apply(shell, text_scale=1.0)
    shell.set_language("en")
    settle(shell)
    assert _art_shares(home) == seen["en"]
    shell.set_language("zh")
    settle(shell)
    assert _art_shares(home) == seen["zh"]


@pytest.mark.parametrize("read_s", [9.0, 20.0])
def test_the_tour_tile_has_its_drawing_and_its_length_from_the_plan(make_shell, read_s):
    """The tour's tile is drawn as the others are (its own illustration) and says how long the
    tour lasts -- once, computed from its plan and the settings -- and, under that, how many
    stops it makes and that it plays by itself."""
    from lusong_kiosk.app import tour_length
    from lusong_kiosk.ui.audit import settle

    shell = make_shell(reduce_motion=True, tour_read_s=read_s)
    home = shell.screens["home"]
    tile = home.tiles["tour"]
    seconds, steps = tour_length(shell.ctx.exhibition, shell.ctx.settings)
    minutes = round(seconds / 60)
    assert steps > 0 and minutes >= (6 if read_s > 10 else 2)
    for lang, length, stops in (("zh", f"{minutes} 分钟", f"{steps} 站 · 自动播放"),
                                ("en", f"{minutes} min", f"{steps} stops, plays by itself")):
        shell.set_language(lang)
        settle(shell)
        shown = f"{tile.start_line.accessibleName()} {tile.tagline.text()}"
        assert shown.count(length) == 1 and shown.count("分钟" if lang == "zh" else "min") == 1, shown
        assert tile.tagline.isVisible() and tile.tagline.text() == stops
        assert length in tile.accessibleDescription() and stops in tile.accessibleDescription()
        assert not tile.art_rect().isEmpty() and tile.art_pixmap() is not None


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_portrait_hero_units_stay_on_their_numbers_line(make_shell, lang):
    """On the portrait home a hero's unit stays beside its number ("over 20,000 households"),
    the number a little smaller where it must: the unit alone under the number took a line
    from every tile's drawing."""
    from PySide6.QtGui import QFont, QFontMetrics

    from lusong_kiosk.ui.audit import settle

    shell = make_shell(1080, 1920, reduce_motion=True)
    shell.set_language(lang)
    settle(shell)
    for _, _, hero in _hero_tiles(shell):
        number = QFont(hero.value_label.font())
        number.setPixelSize(hero.number_size())
        unit = QFont(hero.value_label.font())
        unit.setPixelSize(shell.ctx.metrics.body)
        one_line = QFontMetrics(number).lineSpacing() + QFontMetrics(unit).lineSpacing() / 2
        assert hero.value_label.height() < one_line, (hero.figure.id, hero.value_label.text())
        assert hero.number_size() >= 0.6 * shell.ctx.metrics.figure


def _layout(home) -> tuple:
    """What a fit decides, as laid out: the title's size step and its lines, each drawing's band,
    each tile's place, whether the page scrolls."""
    return (home._title_step, home.title.text(), {k: getattr(t, "band_px", None) for k, t in home.tiles.items()},
            {k: t.geometry().getRect() for k, t in home.tiles.items()}, home.scroll.verticalScrollBar().maximum())


def _with_fits(path, value) -> None:
    """The kept file as a later start finds it, with every remembered fit set to ``value``."""
    import json

    head, _, pixels = path.read_bytes().partition(b"\n")
    data = json.loads(head)
    assert data["fits"], "the first start remembered no fit"
    data["fits"] = dict.fromkeys(data["fits"], value)
    path.write_bytes(json.dumps(data).encode() + b"\n" + pixels)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_remembered_fit_wrong_or_stale_still_gives_the_fresh_fit_s_layout(make_shell, monkeypatch, tmp_path, lang):
    """The first frame's fit starts from the choice the last start took (kept with its pictures):
    remembered right, it tries two choices, not all up to it; remembered wrong -- too large, too
    small, out of range, from other words -- the page is laid out exactly as a fit from scratch."""
    from lusong_kiosk.ui.home import HomeScreen
    from lusong_kiosk.ui.widgets.kept_pictures import PICTURES

    tried = []
    apply = HomeScreen._apply_choice
    monkeypatch.setattr(HomeScreen, "_apply_choice", lambda self, c: (tried.append(c), apply(self, c)))
    kept = tmp_path / "cache" / "pictures.bin"

    def start():
        tried.clear()
        shell = make_shell(1080, 1920, lang=lang, reduce_motion=True)
        return _layout(shell.screens["home"]), len(tried)

    fresh, fresh_tries = start()  # not recording: no memory
    assert fresh_tries >= 3  # (portrait: the drawings step down at least once, so a memory saves tries)
    try:
        PICTURES.open(kept)
        assert start() == (fresh, fresh_tries)  # the first start: nothing remembered yet
        PICTURES.save()
        right = json_fits(kept)
        PICTURES.open(kept)
        assert start() == (fresh, 2)  # the one before it overflows, it fits
        PICTURES.save()
        for wrong in (0, 1, right - 1, right + 1, right + 4, 99, -1):
            _with_fits(kept, wrong)
            PICTURES.open(kept)
            assert start()[0] == fresh, wrong
            PICTURES.save()
    finally:
        PICTURES.save()


def json_fits(path) -> int:
    """The one choice remembered in the kept file."""
    import json

    fits = set(json.loads(path.read_bytes().partition(b"\n")[0])["fits"].values())
    assert len(fits) == 1, fits
    return fits.pop()


@pytest.mark.parametrize("mode", ["demo", "presenter"])  # with and without the tour's tile
def test_the_home_s_sheet_is_set_once_with_its_tiles_rules_before_they_are_made(qtbot, exhibition, monkeypatch,
                                                                                mode):
    """The tiles' card rules are in the home screen's sheet before its widgets are made
    (planned_rules): set on the built page, they polished every widget of it a second time."""
    from conftest import ASSETS, CONTENT, fast_settings

    from lusong_kiosk.app import build_shell
    from lusong_kiosk.ui import access
    from lusong_kiosk.ui.home import HomeScreen

    sheets = []
    monkeypatch.setattr(HomeScreen, "setStyleSheet",
                        lambda self, css: (sheets.append(css), QWidget.setStyleSheet(self, css)))
    shell = build_shell(fast_settings(mode=mode), exhibition, CONTENT, ASSETS, (1080, 1920))  # as the app starts
    qtbot.addWidget(shell)
    shell.show()
    qtbot.waitExposed(shell)
    home = shell.screens["home"]
    assert len(sheets) == 1
    assert home.planned_rules() == home.own_rules()
    assert home.styleSheet() == shell.ctx.css + home.own_rules()
    access.apply(shell, high_contrast=True)  # the accents as high contrast draws them
    assert home.planned_rules() == home.own_rules()
    access.apply(shell, high_contrast=False)


def test_the_fit_s_memory_reads_the_labels_findchildren_would_list(make_shell):
    """home.labels_in, the labels of the page as its remembered fit names them, lists what
    findChildren(QLabel) lists, in its order (it only asks fewer objects their class)."""
    from PySide6.QtWidgets import QLabel

    from lusong_kiosk.ui.home import labels_in

    body = make_shell(1080, 1920).screens["home"].scroll.widget()
    found = labels_in(body)
    assert len(found) > 20 and found == body.findChildren(QLabel)
