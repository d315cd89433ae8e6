"""The home screen: title, one tile per theme (its hero figure counting up, large, in the
theme's colour), the timeline and the honours. No charts here, so the first frame never waits
for pyqtgraph."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from ..present.format import number, series
from ..present.strings import text
from . import style
from .base import Screen, UiContext
from .tour import TourTile
from .widgets import FigureView, Tile, label


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
        self.tiles: dict[str, Tile] = {}
        self.heroes: dict[str, FigureView] = {}
        for theme in ex.themes:
            hero = self.heroes[f"theme:{theme.id}"] = FigureView(theme.hero_figure(), theme.accent)
            tile = Tile(ctx.assets_dir, theme.icon, theme.accent, hero=hero)
            tile.clicked.connect(lambda _=False, t=f"theme:{theme.id}": self.navigate.emit(t))
            self.tiles[f"theme:{theme.id}"] = tile
        extra = (("timeline", "icons/timeline.svg", "#7FA7D9"), ("honours", "icons/honours.svg", "#D9B45A"))
        self.counts: dict[str, CountLine] = {}
        for target, icon, accent in extra:
            count = self.counts[target] = CountLine(accent)
            tile = Tile(ctx.assets_dir, icon, accent, hero=count)
            tile.clicked.connect(lambda _=False, t=target: self.navigate.emit(t))
            self.tiles[target] = tile
        self.tour_tile = self.tiles["tour"] = TourTile(ctx)  # the self-running tour (modes/tour.py)
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
        lay.addWidget(self.title)
        lay.addWidget(self.subtitle)
        # tiles as tall as what they hold; the room left is shared above and below them
        lay.addStretch(1)
        lay.addLayout(self.grid)
        lay.addStretch(2)
        lay.addWidget(self.credits)
        self._place_tiles()
        self.set_language(ctx.lang)

    def rows(self) -> list[list[str]]:
        """The tiles' rows, none with a lone tile. Landscape: the themes in one row (three
        columns with larger text), then the timeline and the honours. Otherwise the themes and
        the honours by columns, then the timeline across the full width (a lone tile left in
        the last row takes the timeline beside it): portrait is 2+2+2+1 wide."""
        themes = [k for k in self.tiles if k.startswith("theme:")]
        m = self.ctx.metrics
        if not m.portrait and m.text <= 1:
            return [themes, ["timeline", "honours", "tour"]]
        cols = 2 if m.portrait else min(3, len(themes))
        keys = themes + ["honours"]
        rows = [keys[i:i + cols] for i in range(0, len(keys), cols)]
        if len(rows[-1]) == 1:
            rows[-1].append("timeline")
        else:
            rows.append(["timeline"])
        rows[-1].append("tour")
        return rows

    def _place_tiles(self) -> None:
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
                # beside the honours, the timeline a little wider (its line holds a span of years)
                stretch = (3 if key == "timeline" else 2) if len(keys) == 2 else 1
                row.addWidget(self.tiles[key], stretch)
            self.grid.addLayout(row)

    def set_language(self, lang: str) -> None:
        ex = self.ctx.exhibition
        self.tour_tile.set_language(lang)
        self.title.setText(ex.title(lang))
        self.subtitle.setText(ex.subtitle(lang))
        self.credits.setText(f"{ex.source.title(lang)} · {ex.credits(lang)}")
        for theme in ex.themes:
            key = f"theme:{theme.id}"
            self.heroes[key].set_language(lang)
            # the hero figure and its label fill the tile; the tagline is heard, not shown (with
            # it, the tiles no longer fitted a 1366x768 or a portrait screen)
            tile = self.tiles[key]
            tile.set_texts(theme.title(lang), "")
            tile.setAccessibleDescription(f"{self.heroes[key].accessibleName()} · {theme.tagline(lang)}")
        if ex.timeline:
            events = ex.events
            span = f"{events[0].year}–{events[-1].year}" if events else ""
            self.counts["timeline"].set_count(number(len(events), 0, lang), text("home.events_unit", lang))
            self.tiles["timeline"].set_texts(ex.timeline.title(lang), span)
            self.tiles["timeline"].setAccessibleDescription(
                text("home.timeline_tile", lang, span=span, n=len(events)) + " · " + ex.timeline.intro(lang))
        if ex.honours:
            n = len(ex.honours.honours)
            self.counts["honours"].set_count(number(n, 0, lang), text("home.honours_unit", lang))
            # the themes the honours are about, in the themes' order: what the roll spans
            about = {h.theme for h in ex.honours.honours}
            names = [t.short_title(lang) for t in ex.themes if t.id in about]
            self.tiles["honours"].set_texts(ex.honours.title(lang), series(names, lang))
            self.tiles["honours"].setAccessibleDescription(
                text("home.honours_tile", lang, n=n) + " · " + ex.honours.intro(lang))

    def apply_metrics(self) -> None:
        m = self.ctx.metrics
        self.col.setContentsMargins(m.margin, 0, m.margin, m.px(20))
        self.col.setSpacing(m.px(12))
        self.grid.setSpacing(m.px(style.GAP))
        # portrait: the title a size down, two lines in English rather than three, so that the
        # tiles fit one screen (they overflowed a 1080x1920 one by 162 px)
        portrait_title = f"QLabel {{ font-size: {m.px(style.TITLE * 0.75)}px; font-weight: bold; }}"
        style.apply_sheet(self.title, portrait_title if m.portrait else "")
        for tile in self.tiles.values():
            tile.apply_metrics(m)
        self._place_tiles()

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
