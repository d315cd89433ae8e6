"""The home screen: title, one tile per theme, the timeline and the honours. No charts here,
so the first frame never waits for pyqtgraph."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QScrollArea, QVBoxLayout, QWidget

from ..present.strings import text
from . import style
from .base import Screen, UiContext
from .widgets import Tile, label


class HomeScreen(Screen):
    screen_id = "home"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        ex = ctx.exhibition
        self.title = label("", "title")
        self.subtitle = label("", "muted")
        self.credits = label("", "source")
        self.tiles: dict[str, Tile] = {}
        for theme in ex.themes:
            tile = Tile(ctx.assets_dir, theme.icon, theme.accent)
            tile.clicked.connect(lambda _=False, t=f"theme:{theme.id}": self.navigate.emit(t))
            self.tiles[f"theme:{theme.id}"] = tile
        extra = (("timeline", "icons/timeline.svg", "#7FA7D9"), ("honours", "icons/honours.svg", "#D9B45A"))
        for target, icon, accent in extra:
            tile = Tile(ctx.assets_dir, icon, accent)
            tile.clicked.connect(lambda _=False, t=target: self.navigate.emit(t))
            self.tiles[target] = tile
        self.grid = QGridLayout()
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
        lay.addLayout(self.grid, 1)
        lay.addWidget(self.credits)
        self._place_tiles()
        self.set_language(ctx.lang)

    def _place_tiles(self) -> None:
        for tile in self.tiles.values():
            self.grid.removeWidget(tile)
        themes = [k for k in self.tiles if k.startswith("theme:")]
        portrait = self.ctx.metrics.portrait
        # larger text: three columns, so a tile's words still fit its width
        cols = 2 if portrait else max(1, len(themes)) if self.ctx.metrics.text <= 1 else min(3, len(themes))
        for i, key in enumerate(themes):
            self.grid.addWidget(self.tiles[key], i // cols, i % cols)
        row = (len(themes) + cols - 1) // cols
        if portrait:
            self.grid.addWidget(self.tiles["timeline"], row, 0)
            self.grid.addWidget(self.tiles["honours"], row, 1)
        else:
            half = cols // 2 if cols > 1 else 1
            self.grid.addWidget(self.tiles["timeline"], row, 0, 1, max(1, half + cols % 2))
            self.grid.addWidget(self.tiles["honours"], row, max(1, half + cols % 2), 1, max(1, half))
        for r in range(self.grid.rowCount()):
            self.grid.setRowStretch(r, 3 if r < row else 2)

    def set_language(self, lang: str) -> None:
        ex = self.ctx.exhibition
        self.title.setText(ex.title(lang))
        self.subtitle.setText(ex.subtitle(lang))
        self.credits.setText(f"{ex.source.title(lang)} · {ex.credits(lang)}")
        for theme in ex.themes:
            self.tiles[f"theme:{theme.id}"].set_texts(theme.title(lang), theme.tagline(lang))
        if ex.timeline:
            events = ex.events
            span = f"{events[0].year}–{events[-1].year}" if events else ""
            count = text("home.timeline_tile", lang, span=span, n=len(events))
            self.tiles["timeline"].set_texts(ex.timeline.title(lang), count)
            self.tiles["timeline"].setAccessibleDescription(ex.timeline.intro(lang))
        if ex.honours:
            n = len(ex.honours.honours)
            self.tiles["honours"].set_texts(ex.honours.title(lang),
                                            text("home.honours_tile", lang, n=n))
            self.tiles["honours"].setAccessibleDescription(ex.honours.intro(lang))

    def apply_metrics(self) -> None:
        m = self.ctx.metrics
        self.col.setContentsMargins(m.margin, 0, m.margin, m.px(20))
        self.col.setSpacing(m.px(12))
        self.grid.setSpacing(m.px(style.GAP))
        for tile in self.tiles.values():
            tile.apply_metrics(m)
        self._place_tiles()

    def reset(self) -> None:
        self.scroll.verticalScrollBar().setValue(0)

    def title_text(self) -> str:
        return ""
