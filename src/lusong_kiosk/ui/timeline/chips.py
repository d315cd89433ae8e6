"""The timeline's chip bar: jump to a year, filter by a theme, zoom; wrapping as the width needs."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QButtonGroup, QLayout, QLayoutItem, QSizePolicy, QWidget

from ...present.strings import text
from .. import style
from ..base import UiContext
from ..widgets import TapButton, icon_pixmap, label

JUMP_YEARS = (1954, 2010, 2018, 2020, 2021, 2022)
CHROME_NAME = "TimelineChips"  # touch controls: listed in Shell.CHROME_NAMES (presenter mode hides them)


class FlowLayout(QLayout):
    """Lays widgets out left to right and wraps; a widget with the ``flow_break`` property set
    starts a new line when the group it begins does not fit on the current one."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self.hspace = 16
        self.vspace = 16
        self.group_space = 32  # extra room before a group (a widget with ``flow_break``)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, i: int) -> QLayoutItem | None:
        return self._items[i] if 0 <= i < len(self._items) else None

    def takeAt(self, i: int) -> QLayoutItem | None:
        return self._items.pop(i) if 0 <= i < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def height_for(self, width: int) -> int:
        """The height the items need at ``width`` (the owner sets it: see ``ChipBar.fit``).

        Deliberately not ``heightForWidth``: Qt would then give the window the height the
        chips need at their *minimum* width, one chip per line."""
        return self._do(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._do(rect, apply=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        s = QSize()
        for it in self._items:
            s = s.expandedTo(it.minimumSize())
        m = self.contentsMargins()
        return s + QSize(m.left() + m.right(), m.top() + m.bottom())

    def _group_width(self, start: int) -> int:
        w = 0
        for k in range(start, len(self._items)):
            it = self._items[k]
            wid = it.widget()
            if k > start and wid is not None and wid.property("flow_break"):
                break
            if wid is not None and wid.isHidden():
                continue
            w += it.sizeHint().width() + (self.hspace if w else 0)
        return w

    def _do(self, rect: QRect, apply: bool) -> int:
        m = self.contentsMargins()
        r = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        x, y, line_h = r.x(), r.y(), 0
        for k, it in enumerate(self._items):
            wid = it.widget()
            if wid is not None and wid.isHidden():
                continue
            hint = it.sizeHint()
            w = min(hint.width(), r.width())
            starts_group = wid is not None and bool(wid.property("flow_break"))
            need = self._group_width(k) if starts_group else w
            if starts_group and x > r.x():
                x += self.group_space
            if x > r.x() and (x + min(need, r.width()) > r.right() + 1):
                x, y, line_h = r.x(), y + line_h + self.vspace, 0
            if apply:
                it.setGeometry(QRect(QPoint(x, y), QSize(w, hint.height())))
            x += w + self.hspace
            line_h = max(line_h, hint.height())
        return y + line_h - rect.y() + m.bottom()


class ChipBar(QWidget):
    """Jump-to-year chips, theme filter chips and zoom buttons, wrapping as the width needs."""

    jump = Signal(int)
    theme = Signal(object)  # a theme id or None
    zoom = Signal(float)
    shown_changed = Signal()  # shown or hidden by its owner (the shell hides it for an audience)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName(CHROME_NAME)
        self.flow = FlowLayout(self)
        self.jump_label = label("", "muted", wrap=False)
        self.jump_label.setProperty("flow_break", True)
        self.flow.addWidget(self.jump_label)
        self.year_buttons: dict[int, TapButton] = {}
        for y in JUMP_YEARS:
            b = TapButton(str(y), kind="ghost")
            b.clicked.connect(lambda _=False, y=y: self.jump.emit(y))
            self.year_buttons[y] = b
            self.flow.addWidget(b)
        self.zoom_out = TapButton("－", kind="ghost")
        self.zoom_in = TapButton("＋", kind="ghost")
        self.zoom_out.clicked.connect(lambda: self.zoom.emit(0.5 ** 0.5))
        self.zoom_in.clicked.connect(lambda: self.zoom.emit(2 ** 0.5))
        self.zoom_out.setProperty("flow_break", True)
        self.flow.addWidget(self.zoom_out)
        self.flow.addWidget(self.zoom_in)
        self.theme_label = label("", "muted", wrap=False)
        self.theme_label.setProperty("flow_break", True)
        self.flow.addWidget(self.theme_label)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.all_button = TapButton("", accent=style.TEXT)
        self.all_button.setCheckable(True)
        self.all_button.setChecked(True)
        self.all_button.clicked.connect(lambda: self.theme.emit(None))
        self.group.addButton(self.all_button)
        self.flow.addWidget(self.all_button)
        self.theme_buttons: dict[str, TapButton] = {}
        for th in ctx.exhibition.themes:
            b = TapButton("", accent=th.accent)  # TapButton draws it through style.accent
            b.setCheckable(True)
            b.clicked.connect(lambda _=False, tid=th.id: self.theme.emit(tid))
            self.group.addButton(b)
            self.theme_buttons[th.id] = b
            self.flow.addWidget(b)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)

    def event(self, e: QEvent) -> bool:
        # sent on an explicit show or hide whether or not the screen is on view, so the screen
        # can give the canvas the chips' room at once
        if e.type() in (QEvent.Type.ShowToParent, QEvent.Type.HideToParent):
            self.shown_changed.emit()
        return super().event(e)

    def fit(self, width: int) -> None:
        """Take the height the chips need at ``width``, with the zoom buttons after the years or
        at the end, whichever needs fewer lines."""
        width = max(1, width)
        items = self.flow._items
        zoom = [it for it in items if it.widget() in (self.zoom_out, self.zoom_in)]
        rest = [it for it in items if it not in zoom]
        after_years = 1 + len(self.year_buttons)
        orders = [rest[:after_years] + zoom + rest[after_years:], rest + zoom]
        heights = []
        for order in orders:
            items[:] = order
            heights.append(self.flow.height_for(width))
        best = heights.index(min(heights))
        items[:] = orders[best]
        self.flow.invalidate()
        h = heights[best]
        if h != self.height():
            self.resize(width, h)

    def free_first_line(self) -> QRect:
        """The room right of the chips' first line (in the bar's coordinates), as tall as that
        line: the screen puts the overview strip there when it is wide enough."""
        # laid out now: new texts (a change of language) are laid out at the next pass of the
        # event loop, and the room read before that was the old language's: the strip then
        # covered the zoom buttons in English
        self.flow.setGeometry(self.contentsRect())
        shown = [w for w in (self.jump_label, *self.year_buttons.values(), self.zoom_out, self.zoom_in,
                             self.theme_label, self.all_button, *self.theme_buttons.values()) if not w.isHidden()]
        if not shown:
            return QRect()
        top = min(w.geometry().top() for w in shown)
        line = [w.geometry() for w in shown if w.geometry().top() == top]
        left = max(g.right() for g in line) + 1 + self.flow.group_space
        right = self.width() - self.flow.contentsMargins().right()
        return QRect(left, top, max(0, right - left), max(g.height() for g in line))

    def buttons(self) -> list[TapButton]:
        return [*self.year_buttons.values(), self.all_button, *self.theme_buttons.values(), self.zoom_out, self.zoom_in]

    def set_checked_theme(self, theme_id: str | None) -> None:
        b = self.theme_buttons.get(theme_id) if theme_id else self.all_button
        (b or self.all_button).setChecked(True)

    def set_language(self, lang: str) -> None:
        self.jump_label.setText(text("timeline.jump", lang))
        self.theme_label.setText(text("timeline.themes", lang))
        self.all_button.setText(text("timeline.all", lang))
        for th in self.ctx.exhibition.themes:
            self.theme_buttons[th.id].setText(th.title(lang))
            self.theme_buttons[th.id].setAccessibleName(th.title(lang))
        self.zoom_out.setAccessibleName(text("timeline.zoom_out", lang))
        self.zoom_in.setAccessibleName(text("timeline.zoom_in", lang))
        self.zoom_out.setToolTip(text("timeline.zoom_out", lang))
        self.zoom_in.setToolTip(text("timeline.zoom_in", lang))
        self.updateGeometry()

    def apply_metrics(self, m: style.Metrics) -> None:
        self.flow.hspace = m.gap * 2 // 3
        self.flow.vspace = m.px(12)
        self.flow.group_space = m.px(40)
        self.flow.setContentsMargins(m.margin, m.px(12), m.margin, m.px(8))
        for b in self.buttons():
            b.apply_metrics(m)
        for th in self.ctx.exhibition.themes:
            b = self.theme_buttons[th.id]
            b.setIcon(QIcon(icon_pixmap(self.ctx.assets_dir, th.icon, m.px(36) * 2, style.accent(th.accent))))
            b.setIconSize(QSize(m.px(36), m.px(36)))
        for b in (self.zoom_in, self.zoom_out):
            b.setMinimumWidth(m.target)
        for lab in (self.jump_label, self.theme_label):
            lab.setStyleSheet(f"color: {style.MUTED}; font-size: {m.body}px;")  # body = fpx(BODY)
            lab.setMinimumHeight(m.target)
        self.updateGeometry()
