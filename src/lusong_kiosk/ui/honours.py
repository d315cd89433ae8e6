"""The honours wall: the district's honours grouped by level (national, provincial, province and
city, city), each group under its emblem, the cards appearing one after another; a tap on a card
opens the honour's detail (ui/honour_detail.py).

Landscape: one row of columns holds whole groups side by side (five national honours in the first
row, the provincial, the provincial-and-city and the city ones in the second), and the rows share
the screen's height, so the wall fills it without scrolling. Portrait (and larger text): two
columns, a group starting on a new row unless it fits beside the one before, a row's last card
taking the columns left (no hole in the wall); the page scrolls by drag (kinetic, as the theme
panels do).
"""

from __future__ import annotations

from PySide6.QtCore import QEasingCurve, QEvent, QObject, Qt, QTimer, QVariantAnimation
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QScrollArea, QVBoxLayout, QWidget

from ..present.honours import by_level
from . import kinetic
from .base import Screen, UiContext
from .honour_card import HonourCard, LevelHeading
from .honour_detail import HonourDetail
from .reveal import scroll_target
from .panel_hint import PanelHint
from .widgets import label

FADE_MS = 400
PORTRAIT_TITLE_PX = 32
# a card title's design sizes, largest first, tried in turn until the landscape wall fits: the short
# Chinese titles take the large ones (the cards share the screen's height either way)
TITLE_PX = (52, 48, 44, 40, 36, 32, 30, 28)


def place_groups(sizes: list[int], cols: int) -> list[list[tuple[int, int, int]]]:
    """Each group's cards as (row, column, columns spanned). A group longer than a row wraps; the
    next group continues the current row only when the whole of it fits there and that row is not
    the tail of a wrapped group (a heading beside a group's last card would read as part of it).
    A row's last card spans the columns left at its end: no group leaves a hole in the wall (in
    portrait the fifth national honour and the third provincial one take the whole width)."""
    out: list[list[tuple[int, int]]] = []
    row, col, tail = 0, 0, False
    for n in sizes:
        if col and (col + n > cols or tail):
            row, col = row + 1, 0
        tail = False
        cells = []
        for _ in range(n):
            if col == cols:
                row, col, tail = row + 1, 0, True
            cells.append((row, col))
            col += 1
        out.append(cells)
    ends: dict[int, tuple[int, int]] = {}  # row -> its last cell
    for cells in out:
        for r, c in cells:
            ends[r] = max(ends.get(r, (r, -1)), (r, c))
    return [[(r, c, cols - c if (r, c) == ends[r] else 1) for r, c in cells] for cells in out]


class HonoursScreen(Screen):
    screen_id = "honours"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        honours = ctx.exhibition.honours
        self.items = list(honours.honours) if honours else []
        self.groups = by_level(self.items)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget()
        self.scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scroll)
        self.scroll_hint = PanelHint(self.scroll)  # in its own strip: over no card
        self.scroll.verticalScrollBar().rangeChanged.connect(self._still_scrolls)
        self._fit_height = 0  # the viewport's height the titles were last fitted to
        self.scroll.viewport().installEventFilter(self)
        self.intro = label("", "muted")
        self.grid = QGridLayout()
        self.col = QVBoxLayout(body)
        self.col.addWidget(self.intro)
        self.col.addLayout(self.grid, 1)
        self.headings = [LevelHeading(ctx, level) for level, _ in self.groups]
        by_id = {}
        for _, members in self.groups:
            for h in members:
                by_id[h.id] = HonourCard(ctx, h)
        # in the article's order (the presenter's steps and card indices); shown grouped
        self.cards: list[HonourCard] = [by_id[h.id] for h in self.items]
        for card in self.cards:
            card.clicked.connect(lambda _=False, c=card: self.open_honour(c.honour.id))
        self.detail = HonourDetail(ctx, self)
        self.detail.navigate.connect(self.navigate.emit)
        self._anim = QVariantAnimation(self)
        self._anim.setStartValue(0.0)
        self._anim.setEndValue(1.0)
        self._anim.setEasingCurve(QEasingCurve.Type.Linear)
        self._anim.valueChanged.connect(self._on_progress)
        self._step_fade = QVariantAnimation(self)  # the presenter's step: one card fading in
        self._step_fade.setStartValue(0.0)
        self._step_fade.setEndValue(1.0)
        self._step_fade.setEasingCurve(QEasingCurve.Type.OutCubic)
        self._step_fade.valueChanged.connect(lambda v: self._apply_step(float(v)))
        self._placed: int | None = None  # the number of columns the cards are placed in
        self._title_px = TITLE_PX[0]  # the size the cards' titles are styled at (_style_cards)
        # the viewport size of the last entry's fit, while the words and metrics stay as they
        # were then (set_language and apply_metrics forget it): an entry at that size keeps it
        self._entered_at: tuple[int, int] | None = None
        self.set_language(ctx.lang)

    # the detail ---------------------------------------------------------------------
    def open_honour(self, honour_id: str) -> None:
        """Open the detail of ``honour_id`` over the wall."""
        card = next(c for c in self.cards if c.honour.id == honour_id)
        self.detail.show_honour(card.honour)

    def open_honour_id(self) -> str | None:
        """The honour whose detail is open, or None."""
        return self.detail.shown.id if self.detail.isVisible() and self.detail.shown else None

    # the stagger --------------------------------------------------------------------
    def _total_ms(self) -> int:
        return self.ctx.settings.stagger_ms * 2 * len(self.cards) + FADE_MS

    def _on_progress(self, p: float) -> None:
        t = float(p) * self._total_ms()
        step = self.ctx.settings.stagger_ms * 2
        for i, card in enumerate(self._shown_order()):
            card.set_opacity(max(0.0, min(1.0, (t - i * step) / FADE_MS)))

    def _shown_order(self) -> list[HonourCard]:
        """The cards as the wall shows them: group by group, national first."""
        return [c for _, members in self.groups for h in members for c in self.cards if c.honour is h]

    def card_opacity(self, i: int) -> float:
        return self.cards[i].opacity()

    # the shell's calls ----------------------------------------------------------------
    def set_language(self, lang: str) -> None:
        honours = self.ctx.exhibition.honours
        self.intro.setText(honours.intro(lang) if honours else "")
        for heading in self.headings:
            heading.set_language(lang)
        for card in self.cards:
            card.set_language(lang)
        self.detail.refresh()
        # _title_px is left as it is: the size the cards are styled at, which the fit compares
        # its tries with (it tries every size from the largest again)
        self._entered_at = None
        self._fit()

    def apply_metrics(self) -> None:
        m = self.ctx.metrics
        self.col.setContentsMargins(m.margin, m.px(12), m.margin, m.px(28))
        self.col.setSpacing(m.px(14))
        self.grid.setHorizontalSpacing(m.px(24))
        self.grid.setVerticalSpacing(m.px(20))  # >= 16 px between two rows of cards (touch targets)
        cols = 2 if m.portrait or self.ctx.text_scale > 1.0 else 5
        self.scroll_hint.strip = cols == 2  # five columns are laid out to fit the screen whole
        self.scroll_hint.sync()
        if self._placed != cols:
            self._placed = cols
            self._place(cols)
        for heading in self.headings:
            heading.apply_metrics(m)
        self._title_px = TITLE_PX[0]
        self._entered_at = None
        self._style_cards()
        self.detail.refresh()
        self._fit()

    def _place(self, cols: int) -> None:
        for w in (*self.headings, *self.cards):
            self.grid.removeWidget(w)
        cells = place_groups([len(members) for _, members in self.groups], cols)
        for r in range(self.grid.rowCount()):
            self.grid.setRowStretch(r, 0)
        for heading, (_, members), group_cells in zip(self.headings, self.groups, cells, strict=True):
            first_row = group_cells[0][0]
            span = sum(n for r, _, n in group_cells if r == first_row)
            # grid rows: 2r for a row's headings, 2r + 1 for its cards (an empty row takes no room)
            self.grid.addWidget(heading, 2 * first_row, group_cells[0][1], 1, span)
            for h, (r, c, n) in zip(members, group_cells, strict=True):
                card = next(x for x in self.cards if x.honour is h)
                self.grid.addWidget(card, 2 * r + 1, c, 1, n)
                self.grid.setRowStretch(2 * r + 1, 1)  # card rows share what height is left
        for c in range(5):
            self.grid.setColumnStretch(c, 1 if c < cols else 0)

    def _style_cards(self) -> None:
        m = self.ctx.metrics
        for card in self.cards:
            card.apply_metrics(m, m.fpx(self._title_px))

    def _fit(self) -> None:
        """Landscape: the largest title size at which every card's words fit the screen's
        height (English titles run to seven lines at 1920 x 1080); portrait scrolls instead, at
        the usual card title size."""
        if self._placed != 5 or self.scroll.viewport().height() <= 1:
            if self._title_px != PORTRAIT_TITLE_PX:
                self._title_px = PORTRAIT_TITLE_PX
                self._style_cards()
            self._strip_where_it_scrolls()
            return
        if not self.isVisible():
            # a wall nobody sees fits when shown (its resize, enter): built hidden, its viewport
            # is a placeholder's size, where every size tried overflows -- each try restyles
            # every card
            return
        for px in TITLE_PX:
            if px != self._title_px:
                self._title_px = px
                self._style_cards()
            # a little slack: the sum of the cards' heights-for-width is a few px short of
            # what the scroll area finds once its layout has run
            if self._needed_height() + self.ctx.metrics.px(24) <= self.scroll.viewport().height():
                return

    def _strip_where_it_scrolls(self) -> None:
        """Two columns: the scroll hint's strip under the wall only when the wall is taller than
        the screen (a strip under the Chinese portrait wall, which fits, left its lowest tenth
        empty)."""
        if self.scroll.viewport().height() <= 1:
            return
        whole = self.scroll.viewport().height() + self.scroll.viewportMargins().bottom()
        strip = self._placed == 2 and self._needed_height() > whole
        if strip != self.scroll_hint.strip:
            self.scroll_hint.strip = strip
            self.scroll_hint.sync()

    def _still_scrolls(self, _lo: int = 0, hi: int = 0) -> None:
        """The laid-out wall still overflows a landscape screen: the next smaller title size.
        Looked at once the layouts have settled (a range seen in the middle of a relayout is
        not the wall's)."""
        if hi > 0:
            QTimer.singleShot(0, self, self._shrink_if_scrolling)  # dropped if the wall goes first

    def _shrink_if_scrolling(self) -> None:
        if self.scroll.verticalScrollBar().maximum() <= 0 or not self.isVisible():
            return
        if self._placed == 5 and self._title_px in TITLE_PX and self._title_px != TITLE_PX[-1]:
            self._title_px = TITLE_PX[TITLE_PX.index(self._title_px) + 1]
            self._style_cards()

    def _needed_height(self) -> int:
        """The wall's height at the viewport's width, summed row by row from each card's
        height-for-width (a grid's own height-for-width, with spanning headings, came out short)."""
        m = self.col.contentsMargins()
        width = self.scroll.viewport().width() - m.left() - m.right()
        gap = self.grid.horizontalSpacing()
        col_w = max(1, (width - gap * (self._placed - 1)) // self._placed)
        cells = place_groups([len(members) for _, members in self.groups], self._placed)
        rows: dict[int, list[int]] = {}
        heads: dict[int, int] = {}
        for heading, (_, members), group_cells in zip(self.headings, self.groups, cells, strict=True):
            first = group_cells[0][0]
            heads[first] = max(heads.get(first, 0), heading.sizeHint().height())
            for h, (r, _c, n) in zip(members, group_cells, strict=True):
                card = next(x for x in self.cards if x.honour is h)
                w = n * col_w + (n - 1) * gap
                rows.setdefault(r, []).append(max(card.heightForWidth(w), card.minimumHeight()))
        spacing = self.grid.verticalSpacing()
        grid = sum(max(hs) for hs in rows.values()) + sum(heads.values())
        grid += spacing * (len(rows) + len(heads) - 1)
        intro = self.intro.heightForWidth(width) if self.intro.text() else 0
        return m.top() + m.bottom() + intro + self.col.spacing() + grid

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        # the viewport's own height settles after the screen's resize (its first layouts): a
        # fit made on the way, in a viewport a few px high, had every size overflow and kept the
        # smallest (the 1366 x 768 Chinese wall at 20 px)
        if (obj is self.scroll.viewport() and event.type() == QEvent.Type.Resize
                and obj.height() != self._fit_height):
            self._fit_height = obj.height()
            self._fit()
        return False

    def enter(self) -> None:
        self.scroll.verticalScrollBar().setValue(0)
        viewport = self.scroll.viewport()
        size = (viewport.width(), viewport.height())
        if size != self._entered_at:  # else the title size the wall settled on last time stands
            self._fit()
            self._entered_at = size
        total = self._total_ms()
        if self.ctx.ms("stagger_ms") <= 0:
            self.finish_animations()
            return
        self._anim.stop()
        self._anim.setDuration(total)
        self._on_progress(0.0)
        self._anim.start()

    def leave(self) -> None:
        kinetic.stop(self.scroll)
        self.detail.close_detail()  # a link followed, or the visitor gone: the wall starts plain
        self.finish_animations()

    def finish_animations(self) -> None:
        kinetic.finish(self.scroll)
        self.detail.finish()
        if self._step is not None:  # the presenter's step: its fade ends, later cards stay hidden
            self._step_fade.stop()
            self._apply_step(1.0)
            return
        self._anim.stop()
        self._on_progress(1.0)

    def is_animating(self) -> bool:
        return (self._anim.state() == QVariantAnimation.State.Running or self.detail.is_animating()
                or kinetic.gliding(self.scroll))

    def back(self) -> bool:
        """The top bar's Back (and the demo's Esc) closes an open detail first, as the timeline's
        and the theme panels' do."""
        if self.detail.isVisible():
            self.detail.close_detail()
            return True
        return False

    def reset(self) -> None:
        kinetic.stop(self.scroll)
        self.detail.close_detail()
        self.scroll.verticalScrollBar().setValue(0)

    def title_text(self) -> str:
        h = self.ctx.exhibition.honours
        return h.title(self.ctx.lang) if h else ""

    # presenter steps (modes/presenter.py) -------------------------------------------
    _step: int | None = None  # None: every card, as visitors see it

    def step_ids(self) -> list[str]:
        """One step per honour card, in the article's order."""
        return [h.id for h in self.items]

    def show_step(self, i: int, animate: bool = True) -> None:
        """Show exactly step ``i``: cards 0..i shown (card ``i`` fading in when ``animate``),
        later cards invisible in their place; card ``i`` brought into view."""
        if not self.cards:
            return
        self.detail.close_detail()
        self._anim.stop()
        self._step_fade.stop()
        self._step = max(0, min(i, len(self.cards) - 1))
        ms = FADE_MS if self.ctx.ms("stagger_ms") > 0 else 0
        self._apply_step(0.0 if animate and ms else 1.0)
        bar = self.scroll.verticalScrollBar()
        bar.setValue(scroll_target(self.scroll, self.cards[self._step], self.ctx.metrics.px(24)))
        if animate and ms:
            self._step_fade.setDuration(ms)
            self._step_fade.start()

    def _apply_step(self, a: float) -> None:
        for k, card in enumerate(self.cards):
            card.set_opacity(1.0 if k < self._step else a if k == self._step else 0.0)
