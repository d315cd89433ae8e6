"""The timeline's overlays over the canvas: the detail of one event (with previous/next) and the
list of a cluster's events."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import (QBoxLayout, QFrame, QHBoxLayout, QLabel,
                               QPushButton, QScrollArea, QScroller, QSizePolicy, QVBoxLayout,
                               QWidget)

from ...content.model import Event, Theme
from ...present import format as fmt
from ...present.strings import text
from .. import style
from ..base import UiContext
from ..overlay import Overlay
from .cards import count_text, year_range_text
from .paint import theme_color
from ..widgets import TapButton, icon_pixmap, keep_last_good, label

log = logging.getLogger(__name__)

CHROME_NAME = "TimelineArrow"  # the detail's previous/next: listed in Shell.CHROME_NAMES


def event_image(assets_dir: Path, rel: str | None, px: int) -> QPixmap:
    """An event's picture scaled to fit ``px`` x ``px``: SVG or raster; the placeholder if missing."""
    if rel and not rel.lower().endswith(".svg"):
        pm = keep_last_good((rel, px, ""), lambda: _raster(Path(assets_dir) / rel, px))
        if pm is not None:
            return pm
        rel = None
    return icon_pixmap(assets_dir, rel, px, "")


def _raster(path: Path, px: int) -> QPixmap:
    """A PNG or JPEG scaled to fit; read through content.limits (never a named pipe, never huge)."""
    from PySide6.QtCore import QByteArray

    from ...content.limits import MAX_IMAGE_BYTES, read_regular

    img = QImage.fromData(QByteArray(read_regular(path, MAX_IMAGE_BYTES)))
    if img.isNull():
        raise ValueError("not a readable picture")
    return QPixmap.fromImage(img.scaled(px, px, Qt.AspectRatioMode.KeepAspectRatio,
                                        Qt.TransformationMode.SmoothTransformation))


def theme_art(assets_dir: Path, theme: Theme | None) -> tuple[str | None, bool]:
    """A theme's picture for an event without its own: its illustration
    (``assets/illustrations/<theme id>.svg``) if one is drawn, else its icon.
    Returns (the path under assets/, whether it is the icon, which is tinted)."""
    if theme is None:
        return None, True
    rel = f"illustrations/{theme.id}.svg"
    if (Path(assets_dir) / rel).is_file():
        return rel, False
    return theme.icon, True


class TimelineOverlay(Overlay):
    """An overlay whose panel is styled for the timeline's details (its type sizes by object name)."""

    def __init__(self, ctx: UiContext, parent: QWidget):
        super().__init__(ctx, parent, "TimelinePanel")

    def panel_stylesheet(self, m: style.Metrics, accent: str) -> str:
        fam = self.ctx.family
        return self.frame_stylesheet(m, accent) + (
            f"#TimelinePanel QLabel {{ color: {style.TEXT}; font-family: \"{fam}\"; font-size: {m.fpx(30)}px;"
            f" background: transparent; }}"
            f"#TimelinePanel QLabel#Muted {{ color: {style.MUTED}; font-size: {m.body}px; }}"
            f"#TimelinePanel QLabel#Title {{ font-size: {m.fpx(48)}px; font-weight: bold; }}"
            f"#TimelinePanel QLabel#BigDate {{ color: {accent}; font-size: {m.fpx(56)}px; font-weight: bold; }}"
            f"#TimelinePanel QLabel#Accent {{ color: {accent}; font-size: {m.body}px; font-weight: bold; }}"
            f"#TimelinePanel QScrollArea, #TimelinePanel QScrollArea > QWidget > QWidget"
            f" {{ background: transparent; border: none; }}"
        )


def _scroll_area(inner: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(inner)
    QScroller.grabGesture(area.viewport(), QScroller.ScrollerGestureType.TouchGesture)
    area.viewport().ungrabGesture(Qt.GestureType.PanGesture)  # the scroller pans it
    return area


class DetailOverlay(TimelineOverlay):
    """One event: picture, date, title, full text, its theme; previous/next; a link to the theme."""

    view_theme = Signal(str)
    step = Signal(int)  # -1 previous, +1 next

    def __init__(self, ctx: UiContext, parent: QWidget):
        super().__init__(ctx, parent)
        self.shown: Event | None = None
        self.theme: Theme | None = None
        lay = QVBoxLayout(self.panel)
        head = self.head = QHBoxLayout()
        self.theme_icon = QLabel()
        self.theme_label = label("", None, wrap=False)
        self.theme_label.setObjectName("Accent")
        self.close_button = TapButton("", kind="ghost")
        self.close_button.clicked.connect(self.close_overlay)
        head.addWidget(self.theme_icon)
        head.addWidget(self.theme_label, 1)
        head.addWidget(self.close_button)
        lay.addLayout(head)
        self.body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.image = QLabel()
        self.image.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        self.body.addWidget(self.image, 0, Qt.AlignmentFlag.AlignTop)
        col = self.text_col = QWidget()
        cl = QVBoxLayout(col)
        cl.setContentsMargins(0, 0, 0, 0)
        # without a picture of its own, the event's date is large beside its theme's art
        date_row = self.date_row = QHBoxLayout()
        self.art = QLabel()
        self.art.setAlignment(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft)
        self.date_label = label("", None)
        self.date_label.setObjectName("Muted")
        date_row.addWidget(self.art)
        date_row.addWidget(self.date_label, 1)
        self.title_label = label("", None)
        self.title_label.setObjectName("Title")
        self.text_label = label("", None)
        self.text_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        cl.addLayout(date_row)
        cl.addWidget(self.title_label)
        cl.addWidget(self.text_label)
        cl.addStretch(1)
        self.text_area = _scroll_area(col)
        self.body.addWidget(self.text_area, 1)
        lay.addLayout(self.body, 1)
        foot = self.foot = QHBoxLayout()
        self.prev_button = TapButton("", kind="ghost")
        self.next_button = TapButton("", kind="ghost")
        for b in (self.prev_button, self.next_button):  # touch controls: hidden by Shell.set_chrome(False)
            b.setObjectName(CHROME_NAME)
        self.prev_button.clicked.connect(lambda: self.step.emit(-1))
        self.next_button.clicked.connect(lambda: self.step.emit(1))
        self.theme_button = TapButton("")
        self.theme_button.clicked.connect(self._theme_clicked)
        foot.addWidget(self.prev_button)
        foot.addWidget(self.next_button)
        foot.addStretch(1)
        foot.addWidget(self.theme_button)
        lay.addLayout(foot)

    def content_height(self, width: int) -> int:
        """The panel's height at ``width`` with nothing to scroll: its border (the style sheet's;
        left out, at 3840 x 2160 a two-line text came out 16 px short, behind a scroll bar), its
        head and foot rows as tall as their layouts make them, the text beside the picture only
        where there is one."""
        lay = self.panel.layout()
        mg = lay.contentsMargins()
        inner = width - mg.left() - mg.right()
        own = not self.image.isHidden()
        img = self.image.height() if own else 0
        if self.body.direction() == QBoxLayout.Direction.TopToBottom:
            body = img + (self.body.spacing() if own else 0) + self.text_col.heightForWidth(inner)
        else:
            beside = self.image.width() + self.body.spacing() if own else 0
            body = max(img, self.text_col.heightForWidth(max(1, inner - beside)))
        rows = self.head.sizeHint().height() + self.foot.sizeHint().height()
        self.panel.ensurePolished()
        border = self.panel.contentsMargins()  # the style sheet's border, the accent's 16 px on top
        return border.top() + border.bottom() + mg.top() + mg.bottom() + rows + 2 * lay.spacing() + body

    def _theme_clicked(self) -> None:
        if self.shown is not None:
            self.view_theme.emit(self.shown.theme)

    def show_event(self, event: Event, theme: Theme | None) -> None:
        self.shown, self.theme = event, theme
        self.refresh()
        self.open_overlay()

    def refresh(self) -> None:
        """Texts, sizes and colours for the current event, language and metrics."""
        e, th, lang, m = self.shown, self.theme, self.ctx.lang, self.ctx.metrics
        accent = theme_color(th)
        style.apply_sheet(self.panel, self.panel_stylesheet(m, accent))  # (a re-polish only when it changes)
        lay = self.panel.layout()
        lay.setContentsMargins(m.px(40), m.px(28), m.px(40), m.px(32))
        lay.setSpacing(m.px(20))
        self.body.setSpacing(m.px(36))
        # the date, the title and the text apart by a scaled gap: Qt's 6 px let the text touch
        # the large title at 3840 x 2160
        self.text_col.layout().setSpacing(m.px(14))
        for b in (self.close_button, self.prev_button, self.next_button, self.theme_button):
            b.apply_metrics(m)
        self.theme_button.accent = accent
        self.theme_button.apply_metrics(m)
        self.close_button.setIcon(QIcon(icon_pixmap(self.ctx.assets_dir, "icons/close.svg", m.px(36) * 2)))
        self.prev_button.setIcon(QIcon(icon_pixmap(self.ctx.assets_dir, "icons/chevron-left.svg", m.px(36) * 2)))
        self.next_button.setIcon(QIcon(icon_pixmap(self.ctx.assets_dir, "icons/chevron-right.svg", m.px(36) * 2)))
        self.next_button.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        for b in (self.close_button, self.prev_button, self.next_button):
            b.setIconSize(QSize(m.px(36), m.px(36)))
        self.close_button.setText(text("timeline.close", lang))
        self.prev_button.setText(text("timeline.prev", lang))
        self.next_button.setText(text("timeline.next", lang))
        portrait = self.parentWidget() is not None and self.parentWidget().height() > self.parentWidget().width()
        self.body.setDirection(QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight)
        if e is None:
            return
        theme_title = th.title(lang) if th else ""
        self.theme_icon.setPixmap(icon_pixmap(self.ctx.assets_dir, th.icon if th else None, m.px(44), accent))
        self.theme_label.setText(theme_title)
        self.theme_button.setText(text("timeline.view_theme", lang, theme=theme_title))
        self.theme_button.setEnabled(th is not None)
        self.theme_button.setIcon(QIcon(icon_pixmap(self.ctx.assets_dir, "icons/chevron-right.svg", m.px(36) * 2)))
        self.theme_button.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        self.theme_button.setIconSize(QSize(m.px(36), m.px(36)))
        own = bool(e.image)  # no slot for a picture the event does not have: the text takes the width
        self.image.setVisible(own)
        self.art.setVisible(not own)
        name = "Muted" if own else "BigDate"
        if self.date_label.objectName() != name:
            self.date_label.setObjectName(name)
            self.date_label.setStyleSheet("")  # re-polished: the new object name's rule applies
        if own:
            img = m.px(300 if portrait else 420)
            self.image.setPixmap(event_image(self.ctx.assets_dir, e.image, img))
            self.image.setFixedSize(img, img) if not portrait else self.image.setFixedHeight(img)
            if portrait:
                self.image.setMinimumWidth(0)
                self.image.setMaximumWidth(16777215)
        else:
            rel, is_icon = theme_art(self.ctx.assets_dir, th)
            art = m.px(96 if is_icon else 160)
            self.art.setPixmap(icon_pixmap(self.ctx.assets_dir, rel, art, accent if is_icon else ""))
            self.art.setFixedSize(art, art)
        self.date_row.setSpacing(m.px(24))  # the art and the date apart, not touching
        self.date_label.setText(fmt.date(e.date, lang))
        self.title_label.setText(e.title(lang))
        self.text_label.setText(e.text(lang))
        self.setAccessibleName(e.title(lang))
        if self.isVisible():
            self.place_panel()


class EventRow(QPushButton):
    """A row in a cluster's list: theme colour, date and title; tap to open the event."""

    def __init__(self, event: Event, theme: Theme | None, ctx: UiContext):
        super().__init__()
        self.shown = event
        self.accent = theme.accent if theme else style.MUTED  # drawn through style.accent
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.setAutoDefault(False)
        lay = QVBoxLayout(self)
        self.date_label = label("", None, wrap=False)
        self.date_label.setObjectName("Muted")
        self.title_label = label("", None)
        lay.addWidget(self.date_label)
        lay.addWidget(self.title_label)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.apply(ctx)

    def apply(self, ctx: UiContext) -> None:
        m, lang = ctx.metrics, ctx.lang
        self.date_label.setText(fmt.date(self.shown.date, lang))
        self.title_label.setText(self.shown.title(lang))
        self.setAccessibleName(self.shown.title(lang))
        lay = self.layout()
        lay.setContentsMargins(m.px(28), m.px(14), m.px(20), m.px(14))
        lay.setSpacing(m.px(4))
        self.setMinimumHeight(m.target)
        style.apply_sheet(self, (
            f"EventRow {{ background: {style.BG}; border: none;"
            f" border-left: {m.px(8)}px solid {style.accent(self.accent)};"
            f" border-radius: {m.px(10)}px; text-align: left; }}"
            f"EventRow:pressed {{ background: {style.BG_PRESSED}; }}"
        ))

    def sizeHint(self) -> QSize:
        return self.layout().sizeHint() if self.layout() else super().sizeHint()

    def minimumSizeHint(self) -> QSize:
        return self.layout().minimumSize() if self.layout() else super().minimumSizeHint()


class ClusterOverlay(TimelineOverlay):
    """The events of a cluster as a list; tap one to open it, or zoom in on the cluster."""

    chosen = Signal(str)
    zoom_here = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget):
        super().__init__(ctx, parent)
        self.events: list[Event] = []
        self.rows: list[EventRow] = []
        lay = QVBoxLayout(self.panel)
        head = QHBoxLayout()
        self.title_label = label("", None)
        self.title_label.setObjectName("Title")
        self.close_button = TapButton("", kind="ghost")
        self.close_button.clicked.connect(self.close_overlay)
        head.addWidget(self.title_label, 1)
        head.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        lay.addLayout(head)
        self.list_widget = QWidget()
        self.list_layout = QVBoxLayout(self.list_widget)
        self.list_layout.setContentsMargins(0, 0, 0, 0)
        self.area = _scroll_area(self.list_widget)
        lay.addWidget(self.area, 1)
        foot = QHBoxLayout()
        self.zoom_button = TapButton("")
        self.zoom_button.clicked.connect(self.zoom_here.emit)
        foot.addStretch(1)
        foot.addWidget(self.zoom_button)
        lay.addLayout(foot)

    def content_height(self, width: int) -> int:
        lay = self.panel.layout()
        mg = lay.contentsMargins()
        inner = width - mg.left() - mg.right()
        head = max(self.close_button.minimumHeight(),
                   self.title_label.heightForWidth(max(1, inner - self.close_button.sizeHint().width())))
        return (mg.top() + mg.bottom() + head + self.zoom_button.minimumHeight() + 2 * lay.spacing()
                + self.list_widget.heightForWidth(inner) + 4)

    def show_events(self, events: list[Event]) -> None:
        for r in self.rows:
            r.setParent(None)
            r.deleteLater()
        self.rows = []
        while self.list_layout.count():
            self.list_layout.takeAt(0)
        self.events = list(events)
        themes = {t.id: t for t in self.ctx.exhibition.themes}
        for e in self.events:
            row = EventRow(e, themes.get(e.theme), self.ctx)
            row.clicked.connect(lambda _=False, eid=e.id: self.chosen.emit(eid))
            self.rows.append(row)
            self.list_layout.addWidget(row)
        self.list_layout.addStretch(1)
        self.refresh()
        self.open_overlay()

    def refresh(self) -> None:
        m, lang = self.ctx.metrics, self.ctx.lang
        style.apply_sheet(self.panel, self.panel_stylesheet(m, style.MUTED))
        lay = self.panel.layout()
        lay.setContentsMargins(m.px(40), m.px(28), m.px(40), m.px(32))
        lay.setSpacing(m.px(20))
        self.list_layout.setSpacing(m.px(16))
        self.close_button.apply_metrics(m)
        self.zoom_button.apply_metrics(m)
        self.close_button.setIcon(QIcon(icon_pixmap(self.ctx.assets_dir, "icons/close.svg", m.px(36) * 2)))
        self.close_button.setIconSize(QSize(m.px(36), m.px(36)))
        self.close_button.setText(text("timeline.close", lang))
        self.zoom_button.setText(text("timeline.zoom_here", lang))
        for r in self.rows:
            r.apply(self.ctx)
        if self.events:
            rng = year_range_text(self.events[0].date, self.events[-1].date, lang)
            self.title_label.setText(f"{rng} · {count_text(len(self.events), lang)}")
        if self.isVisible():
            self.place_panel()
