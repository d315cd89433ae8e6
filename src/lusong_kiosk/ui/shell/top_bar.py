"""The top bar: Home, Back, where you are among the themes, accessibility and language."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from ...present.strings import text
from .. import style
from ..base import UiContext
from ..widgets import TapButton, icon_pixmap, label

log = logging.getLogger(__name__)


class Dots(QWidget):
    """Where you are among the themes: one tappable marker per theme that names it (its short
    title beside a dot in its colour, the colour of its home tile); the current one outlined
    in that colour, its dot larger, its name bright."""

    picked = Signal(str)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.buttons: dict[str, TapButton] = {}
        self._icons: dict = {}  # (size, colour) -> QIcon
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        for theme in ctx.exhibition.themes:
            b = TapButton("", accent=theme.accent, kind="ghost")
            b.setCheckable(True)
            b.setAutoExclusive(False)
            b.clicked.connect(lambda _=False, t=theme.id: self.picked.emit(f"theme:{t}"))
            b.setProperty("theme", theme.id)
            self.buttons[theme.id] = b
            lay.addWidget(b)
        # styled and drawn only while shown: the markers are not on the home screen, where every
        # start begins, and their sheets and icons were ~3 ms of its first frame (catch_up)
        self._stale = True
        self.hide()

    def set_current(self, theme_id: str | None) -> None:
        for tid, b in self.buttons.items():
            on = tid == theme_id
            if on != b.isChecked() or b.icon().isNull():  # redraw only the markers that change
                b.setChecked(on)
                if not self._stale:
                    self._paint(b, on)

    def setVisible(self, visible: bool) -> None:  # noqa: N802 - Qt's name (show() and hide() come here too)
        if visible:
            self.catch_up()
        super().setVisible(visible)

    def catch_up(self) -> None:
        """The markers styled and drawn for the current metrics, language and theme, if a change
        came while they were hidden."""
        if self._stale:
            self._stale = False
            m = self.ctx.metrics
            for b in self.buttons.values():
                b.apply_metrics(m)
                self._paint(b, b.isChecked())

    def _paint(self, b: TapButton, on: bool) -> None:
        m = self.ctx.metrics
        d = m.px(18 if on else 12)  # (sizes: apply_metrics)
        theme = self.ctx.exhibition.theme(b.property("theme"))
        color = style.accent(theme.accent)
        border = m.px(style.BORDER)
        # one sheet for both states, the current one's border twice as wide: a sheet set anew
        # at each change of the current theme re-polished both markers and made their kept
        # pictures (paint_cache.Still) a new state each time, drawn again at each visit
        css = (f"QPushButton {{ background: transparent; color: {style.MUTED}; border: {border}px solid transparent;"
               f" border-radius: {m.px(14)}px; padding: 0 {m.px(12)}px; font-size: {m.body}px;"
               f"{'' if self.named else f' min-width: {m.target}px;'} outline: none; }}"
               f"QPushButton:checked {{ color: {style.TEXT}; border: {2 * border}px solid {color}; }}"
               f"QPushButton:pressed {{ background: {style.BG_PRESSED}; }}")
        style.apply_sheet(b, css)  # (set only when it changes: a style sheet costs a re-polish)
        from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

        # one icon per size and colour, reused: every new QIcon leaves its pixmap in Qt's
        # pixmap cache, which grew by a few KB per visit to a theme until the cache was full
        icon = self._icons.get((d, color))
        if icon is None:
            pm = QPixmap(d + 4, d + 4)
            pm.fill(Qt.GlobalColor.transparent)
            p = QPainter(pm)
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            p.setBrush(QColor(color))
            p.setPen(Qt.PenStyle.NoPen)
            p.drawEllipse(2, 2, d, d)
            p.end()
            icon = self._icons[(d, color)] = QIcon(pm)
        b.setIcon(icon)
        from PySide6.QtCore import QSize

        b.setIconSize(QSize(d + 4, d + 4))

    def apply_metrics(self) -> None:
        m = self.ctx.metrics
        self.layout().setSpacing(m.px(20))  # touch targets apart (ui/audit.py)
        sizes = (m.px(18), m.px(12))  # the dots of the sizes no longer used go
        self._icons = {k: v for k, v in self._icons.items() if k[0] in sizes}
        self._stale = True
        if not self.isHidden():
            self.catch_up()

    named = True  # False: the dots alone, when no row can hold the names (see TopBar.fit)

    def set_language(self, lang: str) -> None:
        for tid, b in self.buttons.items():
            theme = self.ctx.exhibition.theme(tid)
            b.setText(theme.short_title(lang) if self.named else "")
            b.setAccessibleName(theme.title(lang))  # the full title, heard
            # a style's min-width pins the widget's minimum (its name then squeezed): only the
            # dots alone need it, to stay a touch target
            if not self._stale:
                self._paint(b, b.isChecked())


class TopBar(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("TopBar")
        self.home = TapButton("")
        self.back = TapButton("")
        self.title = label("", "subheading", wrap=False)
        self.dots = Dots(ctx)
        self.lang = TapButton("")
        self.lang.setObjectName("LangButton")
        self.access = TapButton("")  # the accessibility panel (ui/access.py), on every screen
        self.access.setObjectName("AccessButton")
        outer = QVBoxLayout(self)
        self.row = lay = QHBoxLayout()
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.home)
        lay.addWidget(self.back)
        lay.addWidget(self.title, 1)
        lay.addWidget(self.dots)
        lay.addWidget(self.access)
        lay.addWidget(self.lang)
        outer.addLayout(lay)
        # the theme markers' own row under the buttons, when one row cannot hold them (see fit)
        self.row2 = QHBoxLayout()
        self.row2.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(self.row2)
        # Home and Back are not on the home screen (show_nav): their icons are drawn when shown
        self._icon_keys: dict[str, tuple] = {}
        self.home.hide()
        self.back.hide()

    compact = False  # Home and Back show their icons alone (a narrow screen: see fit)
    stacked = False  # the theme markers on a row of their own (see fit)

    def set_language(self, lang: str) -> None:
        self.home.setText("" if self.compact else text("shell.home", lang))
        self.back.setText("" if self.compact else text("shell.back", lang))
        self.home.setAccessibleName(text("shell.home", lang))
        self.back.setAccessibleName(text("shell.back", lang))
        self.lang.setText(text("shell.lang_button", lang))
        self.lang.setAccessibleName(text("shell.switch_lang", lang))
        self.access.setAccessibleName(text("shell.access", lang))
        self.access.setAccessibleDescription(text("shell.access_hint", lang))
        self.dots.set_language(lang)

    ICONS = (("home", "icons/home.svg"), ("back", "icons/back.svg"), ("lang", "icons/language.svg"),
             ("access", "icons/accessibility.svg"))

    def apply_metrics(self) -> None:
        m = self.ctx.metrics  # margins and spacing: fit()
        for name, _icon in self.ICONS:
            getattr(self, name).apply_metrics(m)
        self._draw_icons()
        self.access.setMinimumWidth(m.target)
        self.dots.apply_metrics()

    def _draw_icons(self, hidden: bool = False) -> None:
        """The buttons' icons for the current metrics and palette: of the shown buttons, or of
        all of them (``hidden``)."""
        from PySide6.QtCore import QSize
        from PySide6.QtGui import QIcon

        px = self.ctx.metrics.px(36)
        key = (px, style.TEXT)
        for name, icon in self.ICONS:
            b = getattr(self, name)
            if (hidden or not b.isHidden()) and self._icon_keys.get(name) != key:
                b.setIcon(QIcon(icon_pixmap(self.ctx.assets_dir, icon, px, style.TEXT)))
                b.setIconSize(QSize(px, px))  # as TapButton.apply_metrics sizes an icon
                self._icon_keys[name] = key

    def show_nav(self, visible: bool) -> None:
        """Show or hide Home and Back (hidden on the home screen)."""
        self.home.setVisible(visible)
        self.back.setVisible(visible)
        if visible:
            self._draw_icons()

    def prepare(self) -> None:
        """Everything hidden so far styled and drawn (after the first frame: a first tap on a theme
        then finds its bar ready)."""
        self._draw_icons(hidden=True)
        self.dots.catch_up()

    def fit(self, width: int) -> None:
        """Home and Back lose their words when the bar would not fit ``width`` with them (a
        portrait 1080 px screen on a theme panel, or large text): otherwise the bar's minimum
        width pushed the whole window off the glass (1227 px on a 1080 px screen). If it still
        does not fit, the theme markers take a row of their own under the buttons; if even that
        row is too narrow (the largest text in portrait), they are dots alone, named when heard."""
        lay = self.layout()
        for compact, stacked, named in ((False, False, True), (True, False, True), (True, True, True),
                                        (True, True, False)):
            if compact != self.compact or named != self.dots.named:
                self.compact = compact
                self.dots.named = named
                self.set_language(self.ctx.lang)
            if stacked != self.stacked:
                self.stacked = stacked
                (self.row if stacked else self.row2).removeWidget(self.dots)
                if stacked:
                    self.row2.addWidget(self.dots, 0, Qt.AlignmentFlag.AlignHCenter)
                else:
                    self.row.insertWidget(self.row.indexOf(self.access), self.dots)
            m = self.ctx.metrics
            side = m.margin if not compact else min(m.margin, m.px(24))
            lay.setContentsMargins(side, m.px(16), side, m.px(12))
            lay.setSpacing(m.px(20))  # touch targets apart (ui/audit.py)
            self.row.setSpacing(m.px(20) if not compact else m.px(16))
            # the markers' new words (a language, a text size) count now: the row keeps the
            # markers' size from before until their own layout request is handled, a turn of the
            # event loop later -- measured with it, the bar fit one language late (English words
            # clipped, Chinese ones dropped from Home and Back after a round trip)
            self.dots.layout().invalidate()
            self.dots.updateGeometry()
            lay.invalidate()
            if lay.minimumSize().width() <= width:
                return
