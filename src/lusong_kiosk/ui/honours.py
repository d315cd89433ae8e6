"""The honours wall: the district's ten honours as cards that appear one after another."""

from __future__ import annotations

from PySide6.QtCore import QEasingCurve, Qt, QVariantAnimation
from PySide6.QtWidgets import QGraphicsOpacityEffect, QGridLayout, QScrollArea, QVBoxLayout, QWidget

from .base import Screen, UiContext
from .panel_hint import PanelHint
from .widgets import Card, label

GOLD = "#D9B45A"
FADE_MS = 400


class HonoursScreen(Screen):
    screen_id = "honours"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        honours = ctx.exhibition.honours
        self.items = list(honours.honours) if honours else []
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget()
        self.scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scroll)
        self.scroll_hint = PanelHint(self.scroll)  # in its own strip: over no card
        self.intro = label("", "muted")
        self.grid = QGridLayout()
        self.col = QVBoxLayout(body)
        self.col.addWidget(self.intro)
        self.col.addLayout(self.grid)
        self.col.addStretch(1)
        self.cards: list[Card] = []
        for h in self.items:
            accent = ctx.exhibition.theme(h.theme).accent if h.theme else GOLD
            card = Card(accent)
            card.title = label("", "cardtitle")
            card.text = label("", "muted")
            card.body.addWidget(card.title)
            card.body.addWidget(card.text)
            card.body.addStretch(1)
            card.honour = h
            effect = QGraphicsOpacityEffect(card)
            effect.setOpacity(1.0)
            card.setGraphicsEffect(effect)
            self.cards.append(card)
        self._anim = QVariantAnimation(self)
        self._anim.setStartValue(0.0)
        self._anim.setEndValue(1.0)
        self._anim.setEasingCurve(QEasingCurve.Type.Linear)
        self._anim.valueChanged.connect(self._on_progress)
        self._placed: bool | None = None
        self.set_language(ctx.lang)

    def _total_ms(self) -> int:
        return self.ctx.settings.stagger_ms * 2 * len(self.cards) + FADE_MS

    def _on_progress(self, p) -> None:  # noqa: ANN001
        t = float(p) * self._total_ms()
        step = self.ctx.settings.stagger_ms * 2
        for i, card in enumerate(self.cards):
            a = max(0.0, min(1.0, (t - i * step) / FADE_MS))
            effect = card.graphicsEffect()
            # a fully visible card drops its effect cost: opacity 1 is drawn directly
            effect.setEnabled(a < 1.0)
            effect.setOpacity(a)

    def card_opacity(self, i: int) -> float:
        effect = self.cards[i].graphicsEffect()
        return effect.opacity() if effect.isEnabled() else 1.0

    def set_language(self, lang: str) -> None:
        honours = self.ctx.exhibition.honours
        self.intro.setText(honours.intro(lang) if honours else "")
        for card in self.cards:
            card.title.setText(card.honour.title(lang))
            card.text.setText(card.honour.text(lang))
            card.setAccessibleName(card.honour.title(lang))

    def apply_metrics(self) -> None:
        m = self.ctx.metrics
        self.col.setContentsMargins(m.margin, m.px(16), m.margin, m.margin)
        self.col.setSpacing(m.px(20))
        self.grid.setHorizontalSpacing(m.px(24))
        self.grid.setVerticalSpacing(m.px(24))
        if self._placed != m.portrait:
            self._placed = m.portrait
            cols = 2 if m.portrait else 5
            for card in self.cards:
                self.grid.removeWidget(card)
            for i, card in enumerate(self.cards):
                self.grid.addWidget(card, i // cols, i % cols)
            for c in range(5):
                self.grid.setColumnStretch(c, 1 if c < cols else 0)
        for card in self.cards:
            card.apply_metrics(m)

    def enter(self) -> None:
        self.scroll.verticalScrollBar().setValue(0)
        total = self._total_ms()
        if self.ctx.ms("stagger_ms") <= 0:
            self.finish_animations()
            return
        self._anim.stop()
        self._anim.setDuration(total)
        self._on_progress(0.0)
        self._anim.start()

    def leave(self) -> None:
        self.finish_animations()

    def finish_animations(self) -> None:
        if self._step is not None:  # the presenter's step: its fade ends, later cards stay hidden
            self._step_fade.stop()
            self._apply_step(1.0)
            return
        self._anim.stop()
        self._on_progress(1.0)

    def is_animating(self) -> bool:
        return self._anim.state() == QVariantAnimation.State.Running

    def reset(self) -> None:
        self.scroll.verticalScrollBar().setValue(0)

    def title_text(self) -> str:
        h = self.ctx.exhibition.honours
        return h.title(self.ctx.lang) if h else ""

    # presenter steps (modes/presenter.py) -------------------------------------------
    _step: int | None = None  # None: every card, as visitors see it

    def step_ids(self) -> list[str]:
        """One step per honour card, in order."""
        return [h.id for h in self.items]

    def show_step(self, i: int, animate: bool = True) -> None:
        """Show exactly step ``i``: cards 0..i shown (card ``i`` fading in when ``animate``),
        later cards invisible in their place."""
        if not self.cards:
            return
        if not hasattr(self, "_step_fade"):
            self._step_fade = QVariantAnimation(self)
            self._step_fade.setStartValue(0.0)
            self._step_fade.setEndValue(1.0)
            self._step_fade.setEasingCurve(QEasingCurve.Type.OutCubic)
            self._step_fade.valueChanged.connect(lambda v: self._apply_step(float(v)))
        self._anim.stop()
        self._step_fade.stop()
        self._step = max(0, min(i, len(self.cards) - 1))
        ms = FADE_MS if self.ctx.ms("stagger_ms") > 0 else 0
        self._apply_step(0.0 if animate and ms else 1.0)
        from .reveal import scroll_target

        bar = self.scroll.verticalScrollBar()
        bar.setValue(scroll_target(self.scroll, self.cards[self._step], self.ctx.metrics.px(24)))
        if animate and ms:
            self._step_fade.setDuration(ms)
            self._step_fade.start()

    def _apply_step(self, a: float) -> None:
        for k, card in enumerate(self.cards):
            op = 1.0 if k < self._step else a if k == self._step else 0.0
            card.graphicsEffect().setEnabled(op < 1.0)
            card.graphicsEffect().setOpacity(op)
