"""One theme panel, built from its Theme: headline, counting figures, animated charts,
stories and the remaining figures, each figure group with its source line."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QBoxLayout, QGridLayout, QHBoxLayout, QScrollArea, QVBoxLayout, QWidget

from ..content.model import Theme
from ..present.charts import chart_spec
from ..present.format import period, source_line
from ..present.strings import text
from . import kinetic, style
from .base import Screen, UiContext
from .illustration import Illustration, illustration_path
from .widgets import Card, FigureView, ScrollHint, TapButton, icon_pixmap, label


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
        self.scroll_hint = ScrollHint(self.scroll)

        # header
        self.icon = label("", None, wrap=False)
        self.title = label("", "heading")
        self.headline = label("", "muted")
        # landscape: title and headline on one line (the charts then fit the first view);
        # portrait: stacked
        self.head_text = head_text = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        head_text.addWidget(self.title, 0, Qt.AlignmentFlag.AlignVCenter)
        head_text.addWidget(self.headline, 1, Qt.AlignmentFlag.AlignVCenter)
        self.header = QHBoxLayout()
        self.header.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        self.header.addLayout(head_text, 1)
        self.art = Illustration(ctx.assets_dir, theme.id) if illustration_path(ctx.assets_dir, theme.id) else None
        if self.art is not None:  # the theme's drawing closes the header line (ui/illustration.py)
            self.header.addWidget(self.art, 0, Qt.AlignmentFlag.AlignVCenter)

        # highlights
        self.highlights = [FigureView(theme.figure(fid), accent) for fid in theme.highlights]
        self.fig_grid = QGridLayout()
        self.fig_source = label("", "source")

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

        # stories
        self.story_heading = label("", "subheading")
        self.story_cards = []
        for story in theme.stories:
            card = Card(accent)
            card.title = label("", "cardtitle")
            card.meta = label("", "small")
            card.text = label("", None)
            card.body.addWidget(card.title)
            if story.period:
                card.body.addWidget(card.meta)
            card.body.addWidget(card.text)
            card.body.addStretch(1)
            card.story = story
            self.story_cards.append(card)
        self.story_row = QGridLayout()

        # the rest of the figures
        rest = [f for f in theme.figures if f.id not in theme.highlights]
        self.more_heading = label("", "subheading")
        self.more = [FigureView(f, accent, big=False) for f in rest]
        self.more_grid = QGridLayout()
        self.more_source = label("", "source")

        self.timeline_button = TapButton("", accent=accent)
        self.timeline_button.clicked.connect(lambda: self.navigate.emit(f"timeline:{theme.id}"))

        self.col = QVBoxLayout(self.body)
        self.col.addLayout(self.header)
        self.col.addLayout(self.fig_grid)
        self.col.addWidget(self.fig_source)
        self.col.addLayout(self.chart_row)
        self.col.addWidget(self.chart_source)
        self.col.addWidget(self.story_heading)
        self.col.addLayout(self.story_row)
        if self.more:
            self.col.addWidget(self.more_heading)
            self.col.addLayout(self.more_grid)
            self.col.addWidget(self.more_source)
        self.col.addWidget(self.timeline_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.col.addStretch(1)
        self._placed: tuple[bool, int] | None = None
        self.set_language(lang)
        self.apply_metrics()

    # layout ----------------------------------------------------------------
    def _place(self) -> None:
        m = self.ctx.metrics
        n = len(self.highlights)
        cols_fig = (3 if n % 3 == 0 else 2) if m.portrait else (n if n <= 4 else 3)
        cols_chart = 1 if m.portrait else len(self.charts)
        key = (m.portrait, cols_fig)
        if self._placed == key:
            return
        self._placed = key
        for grid, items, cols in ((self.fig_grid, self.highlights, cols_fig),
                                  (self.chart_row, self.chart_cards, cols_chart),
                                  (self.story_row, self.story_cards, 1 if m.portrait else len(self.story_cards)),
                                  (self.more_grid, self.more, 2 if m.portrait else 4)):
            for w in items:
                grid.removeWidget(w)
            for i, w in enumerate(items):
                grid.addWidget(w, i // cols, i % cols)
            for c in range(max(cols, grid.columnCount())):  # columns of a wider layout before: none
                grid.setColumnStretch(c, 1 if c < cols else 0)

    def apply_metrics(self) -> None:
        m = self.ctx.metrics
        self._place()
        self.col.setContentsMargins(m.margin, m.px(4), m.margin, m.margin)
        self.col.setSpacing(m.px(14))
        self.header.setSpacing(m.gap)
        self.head_text.setDirection(QBoxLayout.Direction.TopToBottom if m.portrait
                                    else QBoxLayout.Direction.LeftToRight)
        self.head_text.setSpacing(m.px(8) if m.portrait else m.px(32))
        self.icon.setPixmap(icon_pixmap(self.ctx.assets_dir, self.theme.icon, m.px(96 if m.portrait else 72),
                                         style.accent(self.theme.accent)))
        if self.art is not None:  # landscape only: a portrait header needs its width for the words
            self.art.set_height(m.px(72))
            self.art.set_tint(style.accent(self.theme.accent))
            self.art.setVisible(not m.portrait)
        for grid in (self.fig_grid, self.chart_row, self.story_row, self.more_grid):
            grid.setHorizontalSpacing(m.px(32))
            grid.setVerticalSpacing(m.px(20))
        for fv in self.highlights + self.more:
            fv.apply_metrics(m)
        for card in self.chart_cards + self.story_cards:
            card.apply_metrics(m)
        for switch, chart, c in zip(self.chart_switches, self.charts, self.theme.charts):
            switch.apply_metrics(m)
            if chart.spec().color != style.accent(self.theme.accent):  # the palette changed
                chart.set_spec(chart_spec(c, self.theme.chart_figures(c), style.accent(self.theme.accent),
                                          self.ctx.lang, self.theme.chart_share(c)))
        for chart in self.charts:
            chart.set_scale(m.scale * m.text)
            chart.setMinimumHeight(m.px(300))
        self.timeline_button.apply_metrics(m)

    def set_language(self, lang: str) -> None:
        t, ex = self.theme, self.ctx.exhibition
        self.title.setText(t.title(lang))
        self.headline.setText(t.headline(lang))
        for fv in self.highlights + self.more:
            fv.set_language(lang)
        for title, widget, chart in zip(self.chart_titles, self.charts, t.charts):
            title.setText(chart.title(lang))
            widget.set_spec(chart_spec(chart, t.chart_figures(chart), style.accent(t.accent), lang,
                                       t.chart_share(chart)))
            widget.setAccessibleName(chart.title(lang))
            widget.setAccessibleDescription(widget.describe())
        for switch in self.chart_switches:
            switch.set_language(lang, switch.widget.spec())
        self.story_heading.setText(text("theme.stories", lang))
        for card in self.story_cards:
            card.title.setText(card.story.title(lang))
            card.meta.setText(period(card.story.period, lang))
            card.text.setText(card.story.text(lang))
        self.more_heading.setText(text("theme.more", lang))
        self.fig_source.setText(source_line(ex, [fv.figure for fv in self.highlights], lang))
        chart_figs = [f for c in t.charts for f in t.chart_figures(c)]
        self.chart_source.setText(source_line(ex, chart_figs, lang))
        self.more_source.setText(source_line(ex, [fv.figure for fv in self.more], lang))
        self.timeline_button.setText(text("theme.on_timeline", lang) + "  →")
        del ex

    # animation -------------------------------------------------------------
    def enter(self) -> None:
        kinetic.stop(self.scroll)
        self.scroll.verticalScrollBar().setValue(0)
        counter_ms = self.ctx.ms("counter_ms")
        chart_ms = self.ctx.ms("chart_ms")
        for fv in self.highlights + self.more:
            fv.animate(counter_ms)
        for chart in self.charts:
            chart.animate(chart_ms)

    def leave(self) -> None:
        kinetic.stop(self.scroll)
        self.finish_animations()

    def finish_animations(self) -> None:
        kinetic.finish(self.scroll)
        for fv in self.highlights + self.more:
            fv.finish()
        for chart in self.charts:
            chart.finish()
        if self._reveal is not None:
            self._reveal.finish()

    def reset(self) -> None:
        kinetic.stop(self.scroll)
        self.scroll.verticalScrollBar().setValue(0)
        self.set_tables(False)

    def set_tables(self, on: bool) -> None:
        """Every chart as a table (True) or as a chart (the visitor's toggles do one each)."""
        for switch in self.chart_switches:
            switch.set_table(on)

    def is_animating(self) -> bool:
        return (any(fv.is_animating() for fv in self.highlights + self.more)
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
        if self._reveal is None:
            from .reveal import Reveal

            items: dict[str, QWidget] = {"headline": self.headline}
            items.update({fv.figure.id: fv for fv in self.highlights + self.more})
            items.update({c.id: card for c, card in zip(self.theme.charts, self.chart_cards)})
            items.update({card.story.id: card for card in self.story_cards})
            groups = [([self.fig_source], self.highlights), ([self.chart_source], self.chart_cards),
                      ([self.story_heading], self.story_cards),
                      ([self.more_heading, self.more_source], self.more)]
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
