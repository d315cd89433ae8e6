"""A story as a card: title, period, the short text (the story's summary) and, when the card
does not hold the whole story, a "read more" button that asks for it (``read_more``)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal

from ..content.model import Story
from ..present.format import period
from ..present.strings import text
from . import style
from .widgets import Card, TapButton, label


class StoryCard(Card):
    read_more = Signal(object)  # the Story
    more_button: TapButton | None = None  # made after Card.__init__, which applies metrics once

    def __init__(self, story: Story, accent: str):
        super().__init__(accent)
        self.story = story
        self.title = label("", "cardtitle")
        self.meta = label("", "small")
        self.text = label("", None)
        self.more_button = TapButton("", accent=accent, kind="ghost")
        self.more_button.clicked.connect(lambda: self.read_more.emit(self.story))
        self.body.addWidget(self.title)
        if story.period:
            self.body.addWidget(self.meta)
        self.body.addWidget(self.text)
        self.body.addStretch(1)
        if story.has_more():
            self.body.addWidget(self.more_button, 0, Qt.AlignmentFlag.AlignLeft)
        else:
            self.more_button.hide()

    def set_language(self, lang: str) -> None:
        s = self.story
        self.title.setText(s.title(lang))
        self.meta.setText(period(s.period, lang))
        self.text.setText(s.card(lang))
        self.more_button.setText(text("theme.read_more", lang) + "  →")
        self.more_button.setAccessibleName(text("theme.read_more_about", lang).format(title=s.title(lang)))

    def apply_metrics(self, m: style.Metrics) -> None:
        super().apply_metrics(m)
        if self.more_button is not None:
            self.more_button.apply_metrics(m)
