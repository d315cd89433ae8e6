"""One theme panel, built from its Theme, read from the top as an exhibit is (UX.md, "one thing
first"): the header (icon, title, headline); the hero figure at twice the size beside the story
it belongs to; a row of three supporting figures; the charts that add what the figures cannot;
the other stories as short cards whose "read more" opens the whole text; then "more figures"
(the theme's other figures, one tap away in an overlay) and the way to the timeline. No figure
is shown twice: a figure a chart draws is not among the "more figures"."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QBoxLayout, QGridLayout, QHBoxLayout, QScrollArea, QVBoxLayout, QWidget

from ..content.model import Story, Theme
from ..present.charts import chart_spec
from ..present.format import period, source_line
from ..present.strings import text
from . import fit, kinetic, style
from .base import Screen, UiContext
from .illustration import Illustration, illustration_path
from .panel_figures import HERO_FACTOR, PanelFigure, refresh_row, share_row
from .panel_hint import PanelHint
from .panel_overlay import PanelOverlay
from .story_card import StoryCard
from .widgets import Card, FigureView, TapButton, icon_pixmap, label


class ThemePage(Screen):
    screen_id = "theme"

    def __init__(self, ctx: UiContext, theme: Theme, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        from .chart_table import ChartSwitch
        from .charts import make_chart  # pyqtgraph is loaded here, never for the home screen

        self.theme = theme
        self.screen_id = f"theme:{theme.id}"
        accent = theme.accent
        lang = ctx.lang

        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.body = QWidget()
        self.body.setObjectName("ThemeBody")
        self.scroll.setWidget(self.body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scroll)
        self.scroll_hint = PanelHint(self.scroll)  # in a strip of its own below the page: covers nothing

        # header: a part of its own (the theme's illustration will join the icon here)
        self.icon = label("", None, wrap=False)
        self.title = label("", "heading")
        self.headline = label("", "muted")
        # landscape: title and headline on one line; portrait: the headline under the header's
        # line of icon, title and drawing, across the width (_place_headline)
        self.head_text = head_text = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        head_text.addWidget(self.title, 0, Qt.AlignmentFlag.AlignVCenter)
        head_text.addWidget(self.headline, 1, Qt.AlignmentFlag.AlignVCenter)
        self.header = QHBoxLayout()
        self.header.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        self.header.addLayout(head_text, 1)
        self.art = Illustration(ctx.assets_dir, theme.id) if illustration_path(ctx.assets_dir, theme.id) else None
        if self.art is not None:  # the theme's drawing closes the header line (ui/illustration.py)
            self.header.addWidget(self.art, 0, Qt.AlignmentFlag.AlignVCenter)

        # the hero and its story
        self.hero = PanelFigure(theme.hero_figure(), accent, HERO_FACTOR)
        self.hero_story = StoryCard(theme.story(theme.hero_story), accent) if theme.hero_story else None
        self.hero_row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.hero_row.addWidget(self.hero, 5)
        if self.hero_story is not None:
            self.hero_row.addWidget(self.hero_story, 4)

        # the supporting figures: one row, one type size
        self.supporting = [PanelFigure(theme.figure(fid), accent) for fid in theme.supporting]
        share_row(self.supporting)
        self.fig_grid = QGridLayout()
        self.fig_source = label("", "source")
        # the figures on the page, hero first (the presenter's and tests' handle on them)
        self.highlights: list[FigureView] = [self.hero, *self.supporting]

        # charts
        self.charts = []
        self.chart_cards: list[Card] = []
        self.chart_titles = []
        self.chart_switches = []  # each card's "表格 / Table" toggle and table (ui/chart_table.py)
        for chart in theme.charts:
            card = Card(accent)
            title = label("", "cardtitle")
            spec = chart_spec(chart, theme.chart_figures(chart), style.accent(accent), lang, theme.chart_share(chart))
            widget = make_chart(spec)
            widget.set_font_family(ctx.family)
            switch = ChartSwitch(ctx, theme, chart, widget)
            card.body.addLayout(switch.header(title))
            card.body.addWidget(widget, 1)
            card.body.addWidget(switch.table, 1)
            self.chart_switches.append(switch)
            self.charts.append(widget)
            self.chart_titles.append(title)
            self.chart_cards.append(card)
        self.chart_row = QGridLayout()
        self.chart_source = label("", "source")

        # the other stories
        self.story_heading = label("", "subheading")
        self.story_cards = [StoryCard(s, accent) for s in theme.other_stories()]
        self.all_story_cards = ([self.hero_story] if self.hero_story else []) + self.story_cards
        for card in self.all_story_cards:
            card.read_more.connect(self.open_story)
        self.story_row = QGridLayout()

        # the rest of the figures, one tap away
        # made when first opened (more): they are hidden until a visitor asks, and were a third
        # of the page's widgets to make, style and re-text at each language and look change
        self.more_figures = theme.more_figures()
        self._more: list[FigureView] = []
        self.more_body = QWidget()
        self.more_body.setObjectName("MoreFigures")
        more_col = QVBoxLayout(self.more_body)
        more_col.setContentsMargins(0, 0, 0, 0)
        self.more_grid = QGridLayout()
        self.more_source = label("", "source")
        more_col.addLayout(self.more_grid)
        more_col.addWidget(self.more_source)
        more_col.addStretch(1)
        self.more_body.hide()
        self.more_button = TapButton("", accent=accent)
        self.more_button.clicked.connect(self.open_more)
        if not self.more_figures:  # not setVisible(True): shown before it has a parent, it opens as a window
            self.more_button.hide()

        # a story's whole text ("read more")
        self.story_body = QWidget()
        self.story_body.setObjectName("StoryText")
        story_col = QVBoxLayout(self.story_body)
        story_col.setContentsMargins(0, 0, 0, 0)
        self.story_meta = label("", "small")
        self.story_text = label("", None)
        story_col.addWidget(self.story_meta)
        story_col.addWidget(self.story_text)
        story_col.addStretch(1)
        self.story_body.hide()
        self.open_story_item: Story | None = None

        self.timeline_button = TapButton("", accent=accent)
        self.timeline_button.clicked.connect(lambda: self.navigate.emit(f"timeline:{theme.id}"))
        self.buttons = QHBoxLayout()
        self.buttons.addWidget(self.more_button)
        self.buttons.addWidget(self.timeline_button)
        self.buttons.addStretch(1)

        self.col = QVBoxLayout(self.body)
        self.col.addLayout(self.header)
        self.col.addLayout(self.hero_row)
        self.col.addLayout(self.fig_grid)
        self.col.addWidget(self.fig_source)
        self.col.addLayout(self.chart_row)
        self.col.addWidget(self.chart_source)
        if self.story_cards:
            self.col.addWidget(self.story_heading)
            self.col.addLayout(self.story_row)
        self.col.addLayout(self.buttons)
        self.col.addStretch(1)

        self.overlay = PanelOverlay(self, accent)
        self.overlay.closed.connect(self._overlay_closed)
        self._placed: bool | None = None
        self.set_language(lang)
        self.apply_metrics()

    # layout ----------------------------------------------------------------
    def _place(self) -> None:
        m = self.ctx.metrics
        if self._placed == m.portrait:
            return
        self._placed = m.portrait
        cols_chart = 1 if m.portrait else len(self.charts)
        for grid, items, cols in ((self.fig_grid, self.supporting, len(self.supporting)),
                                  (self.chart_row, self.chart_cards, cols_chart),
                                  (self.story_row, self.story_cards, 1 if m.portrait else len(self.story_cards))):
            self._place_grid(grid, items, cols)
        self._place_grid(self.more_grid, self._more, self._more_cols())

    def _more_cols(self) -> int:
        return 2 if self.ctx.metrics.portrait else 4

    @staticmethod
    def _place_grid(grid: QGridLayout, items: list, cols: int) -> None:
        for w in items:
            grid.removeWidget(w)
        for i, w in enumerate(items):
            grid.addWidget(w, i // cols, i % cols)
        for c in range(max(cols, grid.columnCount())):  # columns of a wider layout before: none
            grid.setColumnStretch(c, 1 if c < cols else 0)

    @property
    def more(self) -> list[FigureView]:
        """The theme's other figures (the "more figures" sheet), made now if never opened."""
        if len(self._more) != len(self.more_figures):
            m = self.ctx.metrics
            self._more = [FigureView(f, self.theme.accent, big=False) for f in self.more_figures]
            self._place_grid(self.more_grid, self._more, self._more_cols())
            for fv in self._more:  # as the page's own: language, then metrics
                fv.set_language(self.ctx.lang)
                fv.apply_metrics(m)
        return self._more

    def _place_headline(self) -> None:
        """Portrait: the headline on its own under the header's line, so the drawing keeps its
        place beside the title (stacked beside the drawing, a long English headline left it no
        room: three themes showed none in English portrait); landscape: beside the title."""
        portrait = self.ctx.metrics.portrait
        inside = self.head_text.indexOf(self.headline) >= 0
        if portrait and inside:
            self.head_text.removeWidget(self.headline)
            self.col.insertWidget(1, self.headline)  # right under the header's line (item 0)
        elif not portrait and not inside:
            self.col.removeWidget(self.headline)
            self.head_text.addWidget(self.headline, 1, Qt.AlignmentFlag.AlignVCenter)

    def apply_metrics(self) -> None:
        m = self.ctx.metrics
        self._place()
        self._place_headline()
        self.col.setContentsMargins(m.margin, m.px(4), m.margin, m.px(24))
        self.col.setSpacing(m.px(14))
        self.header.setSpacing(m.gap)
        self.head_text.setDirection(QBoxLayout.Direction.TopToBottom if m.portrait
                                    else QBoxLayout.Direction.LeftToRight)
        self.head_text.setSpacing(m.px(8) if m.portrait else m.px(32))
        self.hero_row.setDirection(QBoxLayout.Direction.TopToBottom if m.portrait
                                   else QBoxLayout.Direction.LeftToRight)
        self.hero_row.setSpacing(m.px(32))
        self.icon.setPixmap(icon_pixmap(self.ctx.assets_dir, self.theme.icon, m.px(96 if m.portrait else 72),
                                         style.accent(self.theme.accent)))
        if self.art is not None:
            self.art.set_height(m.px(96 if m.portrait else 72))  # portrait: as tall as the stacked words
            self.art.set_tint(style.accent(self.theme.accent))
            self._fit_art()
        for grid in (self.fig_grid, self.chart_row, self.story_row, self.more_grid):
            grid.setHorizontalSpacing(m.px(32))
            grid.setVerticalSpacing(m.px(20))
        self.buttons.setSpacing(m.px(24))
        for fv in self.highlights + self._more:
            fv.apply_metrics(m)
        refresh_row(self.supporting)
        for card in self.chart_cards + self.all_story_cards:
            card.apply_metrics(m)
        for switch, chart, c in zip(self.chart_switches, self.charts, self.theme.charts):
            switch.apply_metrics(m)
            if chart.spec().color != style.accent(self.theme.accent):  # the palette changed
                chart.set_spec(chart_spec(c, self.theme.chart_figures(c), style.accent(self.theme.accent),
                                          self.ctx.lang, self.theme.chart_share(c)))
        for chart in self.charts:
            chart.set_scale(m.scale * m.text)
            chart.setMinimumHeight(m.px(300))
        self.more_button.apply_metrics(m)
        self.timeline_button.apply_metrics(m)
        self.more_body.layout().setSpacing(m.px(14))
        self.story_body.layout().setSpacing(m.px(14))
        self.overlay.apply_metrics(m)
        self.scroll_hint.sync()

    def _fit_art(self) -> None:
        """The header's drawing beside the title: always in landscape (title and headline on
        one line, the drawing closing it); in portrait (the headline below) while the title
        keeps to one line beside it, which every theme's title does at the four screen sizes."""
        if self.art is None:
            return
        m = self.ctx.metrics
        if not m.portrait:
            self.art.setVisible(True)
            return
        self.title.ensurePolished()  # the style sheet's size
        words = self.title.fontMetrics().horizontalAdvance(self.title.text())
        icon = self.icon.pixmap().deviceIndependentSize().width() if not self.icon.pixmap().isNull() else 0
        room = fit.page_width(self.scroll, m.margin) - icon - 2 * self.header.spacing()
        self.art.setVisible(words + self.art.width() <= room)

    def set_language(self, lang: str) -> None:
        t, ex = self.theme, self.ctx.exhibition
        self.title.setText(t.title(lang))
        self.headline.setText(t.headline(lang))
        self._fit_art()
        for fv in self.highlights + self._more:
            fv.set_language(lang)
        refresh_row(self.supporting)
        for title, widget, chart in zip(self.chart_titles, self.charts, t.charts):
            title.setText(chart.title(lang))
            widget.set_spec(chart_spec(chart, t.chart_figures(chart), style.accent(t.accent), lang,
                                       t.chart_share(chart)))
            widget.setAccessibleName(chart.title(lang))
            widget.setAccessibleDescription(widget.describe())
        for switch in self.chart_switches:
            switch.set_language(lang, switch.widget.spec())
        self.story_heading.setText(text("theme.more_stories" if self.hero_story else "theme.stories", lang))
        for card in self.all_story_cards:
            card.set_language(lang)
        self.fig_source.setText(source_line(ex, [fv.figure for fv in self.highlights], lang))
        chart_figs = [f for c in t.charts for f in t.chart_figures(c)]
        self.chart_source.setText(source_line(ex, chart_figs, lang))
        self.more_source.setText(source_line(ex, self.more_figures, lang))
        self.more_button.setText(text("theme.more", lang) + "  +")
        self.timeline_button.setText(text("theme.on_timeline", lang) + "  →")
        self.overlay.set_texts(self._overlay_heading(lang), lang)
        if self.open_story_item is not None:
            self._fill_story(self.open_story_item, lang)
        self.overlay.fit()  # the sheet to the new language's text

    # the overlay: a story's whole text, or the other figures ------------------------------
    def _overlay_heading(self, lang: str) -> str:
        if self.open_story_item is not None:
            return self.open_story_item.title(lang)
        return text("theme.more", lang)

    def _fill_story(self, story: Story, lang: str) -> None:
        self.story_meta.setText(period(story.period, lang))
        self.story_meta.setVisible(bool(story.period))
        self.story_text.setText(story.text(lang))

    def open_story(self, story: Story) -> None:
        """The whole text of ``story`` over the page ("read more")."""
        self.open_story_item = story
        self._fill_story(story, self.ctx.lang)
        self.overlay.show_content(story.title(self.ctx.lang), self.story_body)

    def open_more(self) -> None:
        """The theme's other figures over the page ("more figures"), counting up."""
        self.open_story_item = None
        more = self.more  # made before the sheet shows them
        self.overlay.show_content(text("theme.more", self.ctx.lang), self.more_body)
        for fv in more:
            fv.animate(self.ctx.ms("counter_ms"))

    def overlay_open(self) -> bool:
        return self.overlay.is_open()

    def close_overlay(self) -> None:
        self.overlay.close_overlay()

    def _overlay_closed(self) -> None:
        self.open_story_item = None
        for fv in self._more:
            fv.finish()

    def back(self) -> bool:
        """The top bar's Back closes an open overlay first."""
        if self.overlay.is_open():
            self.overlay.close_overlay()
            return True
        return False

    def resizeEvent(self, event) -> None:  # noqa: ANN001 - a Qt event handler
        super().resizeEvent(event)  # an open sheet follows by itself (the Overlay base)
        self._fit_art()

    # animation -------------------------------------------------------------
    def enter(self) -> None:
        kinetic.stop(self.scroll)
        self.scroll.verticalScrollBar().setValue(0)
        counter_ms = self.ctx.ms("counter_ms")
        chart_ms = self.ctx.ms("chart_ms")
        for fv in self.highlights:
            fv.animate(counter_ms)
        for chart in self.charts:
            chart.animate(chart_ms)

    def leave(self) -> None:
        kinetic.stop(self.scroll)
        self.close_overlay()  # a visitor coming back finds the panel, not a sheet left open
        self.finish_animations()

    def finish_animations(self) -> None:
        kinetic.finish(self.scroll)
        for fv in self.highlights + self._more:
            fv.finish()
        for chart in self.charts:
            chart.finish()
        if self._reveal is not None:
            self._reveal.finish()

    def reset(self) -> None:
        kinetic.stop(self.scroll)
        self.close_overlay()
        self.scroll.verticalScrollBar().setValue(0)
        self.set_tables(False)

    def set_tables(self, on: bool) -> None:
        """Every chart as a table (True) or as a chart (the visitor's toggles do one each)."""
        for switch in self.chart_switches:
            switch.set_table(on)

    def is_animating(self) -> bool:
        return (any(fv.is_animating() for fv in self.highlights + self._more)
                or any(c.is_animating() for c in self.charts) or kinetic.gliding(self.scroll))

    def title_text(self) -> str:
        return ""  # the page carries its own large title; the top bar shows the dots

    # presenter steps (modes/presenter.py) -------------------------------------------
    _reveal = None  # a ui.reveal.Reveal, made on the first show_step

    def step_ids(self) -> list[str]:
        """The reveal order: 'headline' and figure, chart and story ids (Theme.step_order)."""
        return list(self.theme.step_order())

    def show_step(self, i: int, animate: bool = True) -> None:
        """Show exactly step ``i``: the items of steps 0..i final (step ``i`` animating in when
        ``animate``), later ones hidden in place; items that are not steps stay shown."""
        self.close_overlay()
        if self._reveal is None:
            from .reveal import Reveal

            items: dict[str, QWidget] = {"headline": self.headline}
            items.update({fv.figure.id: fv for fv in self.highlights})
            items.update({c.id: card for c, card in zip(self.theme.charts, self.chart_cards)})
            items.update({card.story.id: card for card in self.all_story_cards})
            groups = [([self.fig_source], self.supporting), ([self.chart_source], self.chart_cards),
                      ([self.story_heading], self.story_cards)]
            self._reveal = Reveal(self, items, self.step_ids(), groups, self._play_step,
                                  lambda: self.ctx.ms("transition_ms"), self.scroll,
                                  lambda: self.ctx.metrics.px(24))
        self._reveal.show(i, animate)

    def _play_step(self, w: QWidget, animate: bool) -> bool:
        if w in self.chart_cards:
            w = self.charts[self.chart_cards.index(w)]
        elif not isinstance(w, FigureView):
            return False  # the headline and stories fade in
        if animate:
            w.animate(self.ctx.ms("chart_ms" if w in self.charts else "counter_ms"))
        else:
            w.finish()
        return True


__all__ = ["ThemePage", "style"]
