"""The home screen: the title beside the exhibition's title graphic, one tile per theme (its
hero figure counting up, large, in the theme's colour, over the theme's illustration), the
timeline and the honours. No charts here, so the first frame never waits for pyqtgraph."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from .. import __version__
from ..present.format import number, series
from ..present.strings import text
from . import fit, style
from .base import Screen, UiContext
from .home_tile import ART_MAX, BELOW, BESIDE, IllustratedTile
from .illustration import TITLE, Illustration, illustration_path
from .tour import ACCENT as TOUR_ACCENT
from .tour import TourTile
from .widgets import FigureView, Tile, card_rules_for, label
from .widgets.kept_pictures import PICTURES

TITLE_ART = 110  # design px: the title graphic's height beside the title
# design px: the least heights asked for a tile's drawing, most wanted first (it grows into any
# room left); at each, the title steps down before the drawing does
ART_WANT = (100, 76, 52)
ART_FLOOR = 20  # design px: the tiles' drawings are never squeezed below this to fit the screen
# the least share of its size a hero's number shrinks to for its unit to stay beside it: the
# unit under it ("over 20,000 / households") took a line of every tile's drawing in portrait
UNIT_BESIDE = 0.6
# the title's sizes, largest first, for a page that overflows with its drawings at ART_WANT
# (the English name and its tiles' two-line titles overflowed every size by 10-80 px)
TITLE_STEPS = (1.0, 0.85, 0.72)
# the tiles after the themes': (key, icon, accent)
EXTRA = (("timeline", "icons/timeline.svg", "#7FA7D9"), ("honours", "icons/honours.svg", "#D9B45A"))


def labels_in(widget: QWidget, found: list[QLabel] | None = None) -> list[QLabel]:
    """The labels under ``widget``, as ``findChildren(QLabel)`` lists them, found among widgets
    only: ``findChildren`` asks every object under it its Python class, and PySide makes the
    class of a rich-text label's document (with its enums) to answer, ~1 ms of the first frame."""
    found = [] if found is None else found
    for child in widget.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
        if isinstance(child, QLabel):
            found.append(child)
        labels_in(child, found)
    return found


class CountLine(QLabel):
    """The timeline's and the honours' large line: a count from content ("33 events", "10
    honours"), a size below the themes' hero figures."""

    def __init__(self, accent: str):
        super().__init__()
        self.accent = accent
        self.value, self.unit = "", ""
        self.m = style.Metrics(1.0, False)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setWordWrap(True)  # as a figure's value line: the unit goes under a wide count
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def set_count(self, value: str, unit: str) -> None:
        self.value, self.unit = value, unit
        self._show()

    def apply_metrics(self, m: style.Metrics) -> None:
        self.m = m
        self._show()

    def _show(self) -> None:
        self.setText(f'<span style="font-size:{self.m.fpx(64)}px; font-weight:bold; color:{style.accent(self.accent)}">'
                     f'{self.value}</span> <span style="font-size:{self.m.body}px">{self.unit}</span>')
        self.setAccessibleName(f"{self.value} {self.unit}")


class HomeScreen(Screen):
    screen_id = "home"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        ex = ctx.exhibition
        self.title = label("", "title")
        self.subtitle = label("", "muted")
        self.credits = label("", "source")
        self._title_step = 0
        self._fitting = False
        self._fitted: tuple | None = None  # what the page was last fitted for (_fit)
        self._tour_row: QHBoxLayout | None = None
        self.tiles: dict[str, Tile] = {}
        self.heroes: dict[str, FigureView] = {}
        for theme in ex.themes:
            hero = self.heroes[f"theme:{theme.id}"] = FigureView(theme.hero_figure(), theme.accent)
            hero.unit_beside = UNIT_BESIDE
            tile = IllustratedTile(ctx.assets_dir, theme.icon, theme.accent, theme.id, hero=hero)
            self.add_tile(f"theme:{theme.id}", tile)
        self.counts: dict[str, CountLine] = {}
        for target, icon, accent in EXTRA:
            count = self.counts[target] = CountLine(accent)
            self.add_tile(target, IllustratedTile(ctx.assets_dir, icon, accent, target, hero=count))
        # the self-running tour (modes/tour.py): a tile that asks for it, not a screen to open;
        # none where no tour plays (Settings.plays_tour: the tile would do nothing)
        self.tour_tile: TourTile | None = None
        if ctx.settings.plays_tour:
            self.tour_tile = self.tiles["tour"] = TourTile(ctx)
            self.tour_tile.clicked.connect(self.tour_requested)
        self.grid = QVBoxLayout()  # one QHBoxLayout per row (rows)
        # it all fits one view; with the visitor's larger text it may scroll (drag scrolls it)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget()
        body.setObjectName("HomeBody")
        self.scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scroll)
        self.col = lay = QVBoxLayout(body)
        # the title area: the exhibition's graphic beside its name (above it in portrait)
        self.title_art = Illustration(ctx.assets_dir, TITLE) if illustration_path(ctx.assets_dir, TITLE) else None
        self.words = words = QVBoxLayout()
        words.setContentsMargins(0, 0, 0, 0)
        words.addStretch(1)
        words.addWidget(self.title)
        words.addWidget(self.subtitle)
        words.addStretch(1)
        self.head = QHBoxLayout()
        if self.title_art is not None:
            self.head.addWidget(self.title_art, 0, Qt.AlignmentFlag.AlignVCenter)
        self.head.addLayout(words, 1)
        lay.addLayout(self.head)
        # tiles as tall as what they hold; the room left goes mostly to their drawings
        lay.addStretch(1)
        lay.addLayout(self.grid, 6)
        lay.addStretch(1)
        lay.addWidget(self.credits)
        self._place_tiles()
        self.set_language(ctx.lang)

    def add_tile(self, key: str, tile: Tile) -> None:
        """A tile that opens ``key`` when tapped. Tiles whose key is not a theme's follow the
        themes in the order added; call before the screen is shown, or re-place with
        ``apply_metrics``."""
        tile.clicked.connect(lambda _=False, t=key: self.navigate.emit(t))
        self.tiles[key] = tile

    def rows(self) -> list[list[str]]:
        """The tiles' rows, none with a lone tile. Landscape: the themes in one row (three
        columns with larger text), then the others (timeline, honours, tour). Otherwise the
        themes and the others by columns, the timeline kept for last across the full width (a
        lone tile left in the last row takes the timeline beside it): portrait is 2+2+2+1 wide."""
        themes = [k for k in self.tiles if k.startswith("theme:")]
        others = [k for k in self.tiles if not k.startswith("theme:")]
        m = self.ctx.metrics
        if not m.portrait and m.text <= 1:
            return [themes, others]
        wide = ["timeline"] if "timeline" in others else others[-1:]
        cols = 2 if m.portrait else min(3, len(themes))
        keys = themes + [k for k in others if k not in wide]
        rows = [keys[i:i + cols] for i in range(0, len(keys), cols)]
        if rows and len(rows[-1]) == 1:
            rows[-1] += wide
        elif wide:
            rows.append(wide)
        return rows

    def _place_tiles(self) -> None:
        self._tour_row = None
        while (item := self.grid.takeAt(0)) is not None:  # the old rows (their tiles stay ours)
            row = item.layout()
            while row is not None and row.takeAt(0) is not None:
                pass
            if row is not None:
                row.deleteLater()
        gap = self.ctx.metrics.px(style.GAP)
        for keys in self.rows():
            row = QHBoxLayout()
            row.setSpacing(gap)
            for key in keys:
                tile = self.tiles[key]
                row.addWidget(tile, 1)  # the row of the tour and the timeline: see _share_tour_row
                # a tile wider than tall (across the width; the landscape row after the themes)
                # takes its drawing beside its words: that row as short as its words, the room
                # it leaves goes to the themes' drawings
                wide = len(keys) == 1 or (not self.ctx.metrics.portrait
                                          and not any(k.startswith("theme:") for k in keys))
                if isinstance(tile, IllustratedTile):
                    tile.set_placement(BESIDE if wide else BELOW)
                    tile.row = [self.tiles[k] for k in keys]  # its drawing no taller than theirs
            self.grid.addLayout(row)
            if sorted(keys) == ["timeline", "tour"]:
                self._tour_row = row
        self._share_tour_row()
        self._show_about()

    def _show_about(self) -> None:
        """The honours' "what the roll spans" line under its count, except beside its drawing
        (the landscape row after the themes), where three lines of it made that row as tall
        as the themes' and left their drawings no room: there it is heard, not shown."""
        tile = self.tiles.get("honours")
        if isinstance(tile, IllustratedTile):
            tile.tagline.setVisible(bool(tile.tagline.text()) and tile.placement != BESIDE)

    def _share_tour_row(self) -> None:
        """The timeline beside the tour (portrait) as wide as its title needs on one line, the
        rest to the tour: half each wrapped "Lusong through the / years", and a fixed wider share
        for the timeline left "芦淞" broken across the tour's two lines."""
        row = self._tour_row
        if row is None or row.count() != 2:
            return
        timeline = self.tiles["timeline"]
        timeline.title.ensurePolished()
        m = self.ctx.metrics
        width = fit.page_width(self.scroll, m.margin) - row.spacing()
        if width <= 0:  # not laid out yet: resizeEvent shares it
            return
        pm = timeline.icon_label.pixmap()
        icon = 0 if pm.isNull() else pm.deviceIndependentSize().width()
        need = timeline.title.fontMetrics().horizontalAdvance(timeline.title.text()) + icon \
            + timeline.head.spacing() + 2 * m.px(24) + m.px(8)
        share = min(max(need, width // 2), width * 5 // 8)  # the tour keeps 3/8 at least
        for i in range(2):
            key = "timeline" if row.itemAt(i).widget() is timeline else "tour"
            row.setStretch(i, share if key == "timeline" else max(1, width - share))

    def set_language(self, lang: str) -> None:
        ex = self.ctx.exhibition
        if self.tour_tile is not None:
            self.tour_tile.set_language(lang)
        self.title.setText(ex.title(lang))
        self.subtitle.setText(ex.subtitle(lang))
        self.credits.setText(f"{ex.source.title(lang)} · {ex.credits(lang)}")
        for theme in ex.themes:
            key = f"theme:{theme.id}"
            self.heroes[key].set_language(lang)
            # the hero figure and its label fill the tile; the tagline is heard, not shown (with
            # it, the tiles no longer fitted a 1366x768 or a portrait screen)
            self.tiles[key].set_texts(theme.title(lang), "", heard=theme.tagline(lang))
        if ex.timeline:
            events = ex.events
            span = f"{events[0].year}–{events[-1].year}" if events else ""
            self.counts["timeline"].set_count(number(len(events), 0, lang), text("home.events_unit", lang))
            self.tiles["timeline"].set_texts(ex.timeline.title(lang), span, heard=f"{span} · {ex.timeline.intro(lang)}")
            self._share_tour_row()
        if ex.honours:
            n = len(ex.honours.honours)
            self.counts["honours"].set_count(number(n, 0, lang), text("home.honours_unit", lang))
            # the themes the honours are about, in the themes' order: what the roll spans
            about = {h.theme for h in ex.honours.honours}
            names = [t.short_title(lang) for t in ex.themes if t.id in about]
            about_line = series(names, lang)
            self.tiles["honours"].set_texts(ex.honours.title(lang), about_line,
                                            heard=f"{about_line} · {ex.honours.intro(lang)}")
            self._show_about()
        self._fit()

    def own_rules(self) -> str:
        """The tiles' cards (Tile.card_rules), one rule for each accent."""
        return "".join(dict.fromkeys(t.card_rules(self.ctx.metrics) for t in self.tiles.values()))

    def planned_rules(self) -> str:
        """``own_rules`` of the tiles __init__ makes, from their accents, before they are made:
        set after them, the rules re-polished the whole built page (~11 ms of the first frame)."""
        accents = [t.accent for t in self.ctx.exhibition.themes] + [accent for _, _, accent in EXTRA]
        if self.ctx.settings.plays_tour:
            accents.append(TOUR_ACCENT)
        m = self.ctx.metrics
        return "".join(dict.fromkeys(card_rules_for(style.accent(a), m) for a in accents))

    def apply_metrics(self) -> None:
        m = self.ctx.metrics
        self.col.setContentsMargins(m.margin, 0, m.margin, m.px(10))
        self.col.setSpacing(m.px(8))
        self.grid.setSpacing(m.px(style.GAP))
        self.words.setSpacing(m.px(8))
        if self.title_art is not None:
            self.head.setSpacing(m.px(32))
            self.title_art.set_height(m.px(TITLE_ART * (0.75 if m.portrait else 1.0)))
        for tile in self.tiles.values():
            tile.apply_metrics(m)
        self._place_tiles()
        self._fit()

    def _size_title(self) -> None:
        """The title at its size (a size down in portrait: two lines in English rather than
        three), ``_title_step`` steps smaller where the page would not fit otherwise (``_fit``)."""
        m = self.ctx.metrics
        factor = (0.75 if m.portrait else 1.0) * TITLE_STEPS[self._title_step]
        sheet = f"QLabel {{ font-size: {m.px(style.TITLE * factor)}px; font-weight: bold; }}"
        style.apply_sheet(self.title, sheet if factor < 1.0 else "")

    def _fit_title_art(self) -> None:
        """The title graphic beside the title only while the title keeps to one line: where the
        name needs the whole width (English at 1366x768, in portrait) the words come first. A name
        too long for one line breaks at its separator, not wherever a word wraps (which left the
        "·" alone at the end of the first line)."""
        self.title.ensurePolished()  # its font is the style sheet's title size
        name = self.ctx.exhibition.title(self.ctx.lang)
        room = fit.page_width(self.scroll, self.ctx.metrics.margin)
        need = self.title.fontMetrics().horizontalAdvance(name)
        parts = [p.strip() for p in name.split("·")]
        shown = name if need <= room or len(parts) != 2 else "\n".join(parts)
        if self.title.text() != shown:
            self.title.setText(shown)
        if self.title_art is not None:
            self.title_art.setVisible(need + self.head.spacing() + self.title_art.width() <= room)

    def _banded(self) -> list[IllustratedTile]:
        return [t for t in self.tiles.values() if isinstance(t, IllustratedTile) and t.has_band()]

    def _choices(self) -> list[tuple[int, int]]:
        """(title step, the drawings' least height in design px), the most wanted first: each of
        ART_WANT with the title at each of its sizes, then ART_FLOOR. A visitor who asked for
        larger text keeps the title's size and the drawings': that page scrolls."""
        if self.ctx.metrics.text > 1:
            return [(0, ART_WANT[0])]
        steps = range(len(TITLE_STEPS))
        return [(step, art) for art in ART_WANT for step in steps] + [(len(TITLE_STEPS) - 1, ART_FLOOR)]

    def _apply_choice(self, choice: tuple[int, int]) -> None:
        step, art = choice
        self._title_step = step
        self._size_title()
        self._fit_title_art()
        for tile in self._banded():
            tile.set_band(self.ctx.metrics.px(art))

    def _fit(self) -> None:
        """The first of ``_choices`` at which the page fits one view, tried afresh on every
        relayout (language, text size, window size), so drawings squeezed for one language grow
        back in the other; the drawings then grow into whatever room is left. Only while shown
        (``showEvent`` fits a page brought back), and not again for what it already fitted."""
        if not self.isVisible() or self._fitting:
            return
        m = self.ctx.metrics
        key = (self.ctx.lang, m, self.scroll.width(), self.scroll.height(), self.ctx.high_contrast)
        if key == self._fitted:
            return
        self._fitting = True
        # the choices tried at the view's whole width, the scroll bar kept off: shown for every
        # choice that overflows and hidden for the one that fits, it had each page's words laid
        # out again at the other width (a page that fits at the whole width fits without it)
        bar = self.scroll.verticalScrollBarPolicy()
        self.scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        try:
            # the first frame's fit starts from the choice the last start took (kept_pictures):
            # each choice tried lays the whole page out, and in portrait and in English the
            # first few all overflow
            memory = self._memory_key(key) if PICTURES.recording else None
            choices = self._choices()
            step, art = kept = fit.first_that_fits(choices, self._apply_choice, lambda: fit.overflow(self.scroll),
                                                   None if memory is None else PICTURES.fit(memory))
            if memory is not None:
                PICTURES.fitted(memory, choices.index(kept))
        finally:
            self.scroll.setVerticalScrollBarPolicy(bar)
        try:
            self._grow_art(step, art)
            self._fitted = key
        finally:
            self._fitting = False

    def _memory_key(self, key: tuple) -> str:
        """What decides the choice ``_fit`` takes, for the start that remembers it: the fit's
        key, the page's words and which of them show (the title as named: its label's breaks
        are the fit's), the drawings' proportions, the title graphic's size, the font."""
        body = self.scroll.widget()
        words = [(w.text(), w.isVisibleTo(body)) for w in labels_in(body) if w is not self.title]
        tiles = [(k, getattr(t, "ratio", None), getattr(t, "placement", None)) for k, t in self.tiles.items()]
        art = None if self.title_art is None else (self.title_art.width(), self.title_art.height())
        name = self.ctx.exhibition.title(self.ctx.lang)
        return repr(("home", __version__, key, self.ctx.family, name, art, tiles, words))

    def _grow_art(self, step: int, art: int) -> None:
        """The room the page still leaves under its tiles shared among the drawings' rows (the
        layout alone gave it to the empty space around the tiles), as long as it still fits."""
        m = self.ctx.metrics
        rows = [keys for keys in self.rows() if any(isinstance(self.tiles[k], IllustratedTile)
                                                      and self.tiles[k].has_band() for k in keys)]
        slack = fit.slack(self.scroll)
        if not rows or slack < len(rows) or fit.overflow(self.scroll) > 0:
            return
        grown = min(m.px(ART_MAX), m.px(art) + slack // len(rows))
        for tile in self._banded():
            tile.set_band(grown)
        if fit.overflow(self.scroll) > 0:  # a row's words wrapped otherwise: back to what fitted
            self._apply_choice((step, art))

    def showEvent(self, event) -> None:  # noqa: ANN001 - a Qt event handler
        super().showEvent(event)
        self._fit()

    def resizeEvent(self, event) -> None:  # noqa: ANN001 - a Qt event handler
        super().resizeEvent(event)
        self._share_tour_row()
        self._fit()

    def enter(self) -> None:
        # 0 with reduced motion: the final figures at once; and at the app's start (the window
        # not shown yet), when nobody watches and the first frame must stay light
        ms = self.ctx.ms("counter_ms") if self.window().isVisible() else 0
        for hero in self.heroes.values():
            hero.animate(ms)

    def leave(self) -> None:
        self.finish_animations()

    def finish_animations(self) -> None:
        for hero in self.heroes.values():
            hero.finish()

    def reset(self) -> None:
        self.scroll.verticalScrollBar().setValue(0)

    def title_text(self) -> str:
        return ""
