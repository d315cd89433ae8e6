"""Charts as tables: the same figures as a chart draws, as text with units.

For visitors who cannot read a chart (and for the presenter): every chart card on a theme page
gets a toggle, "表格 / Table" ↔ "图表 / Chart", that swaps the chart for a :class:`ChartTable`.
The rows come from the chart's own :class:`~..present.charts.ChartSpec` (so the numbers are
exactly the ones the chart draws, formatted the same way) plus the content figures' qualifiers
and periods; values the app computes (a donut's share, a compare chart's change) get a row of
their own, marked as computed (``present.charts.table_rows``, shared with the handout).
"""

from __future__ import annotations

from collections.abc import Sequence

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QSizePolicy, QWidget

from ..content.model import Chart as ChartModel
from ..content.model import Theme
from . import events, style
from .base import UiContext
from ..present.charts import ChartSpec, Row, rows_as_text, table_rows
from ..present.strings import text
from .widgets import TapButton, label

class ChartTable(QFrame):
    """The figures of one chart as a two-column table of labels (no editing, no selection)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("ChartTable")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setColumnStretch(0, 1)
        self.grid.setColumnStretch(1, 1)
        self.rows: list[Row] = []
        self._cells: list[tuple[QWidget, QWidget, QWidget | None]] = []  # (label, value, note)
        self.lines: list[QFrame] = []
        self.head: tuple[QWidget, QWidget] | None = None  # the column titles (item, value)
        self._pending = False  # rows given but no widgets made for them yet (never shown)
        self._m = style.Metrics(1.0, False)
        self.lang = "zh"

    @property
    def cells(self) -> list[tuple[QWidget, QWidget, QWidget | None]]:
        """(label, value, note) widgets, one per row, made now if the table was never shown."""
        self._ensure_built()
        return self._cells

    @staticmethod
    def _shape(rows: Sequence[Row]) -> list[tuple[bool, bool]]:
        """What the widgets of ``rows`` depend on besides their texts: a note line, the colour."""
        return [(bool(row.note), bool(row.computed)) for row in rows]

    def set_rows(self, rows: Sequence[Row], lang: str) -> None:
        """Show ``rows``. A table never shown only keeps them: most visitors never tap "Table",
        and each page's tables are a third of its widgets, made, polished and re-texted at each
        language switch for nothing; they are made at the first show (``setVisible``) or when
        their texts are asked for, with the metrics and palette of that moment."""
        rows = list(rows)
        same_shape = self._shape(rows) == self._shape(self.rows)
        self.rows, self.lang = rows, lang
        self.setAccessibleDescription(rows_as_text(rows, lang))
        if self.head is None:
            self._pending = True
            return
        if same_shape:
            # the same rows in another language: the labels there take the new texts (made
            # again, every label of every table was deleted and re-made at each language switch)
            self.head[0].setText(text("chart.item", lang))
            self.head[1].setText(text("chart.value", lang))
            for row, (name, value, note) in zip(rows, self._cells, strict=True):
                name.setText(row.label)
                value.setText(row.value_text())
                if note is not None:
                    note.setText(row.note)
            return
        self._build()

    def _ensure_built(self) -> None:
        if self._pending:
            self._build()

    def setVisible(self, visible: bool) -> None:  # noqa: N802 - Qt's name; show() and hide() come here too
        if visible:
            self._ensure_built()  # before it shows, so its labels show with it, in the same frame
        super().setVisible(visible)

    def showEvent(self, event) -> None:  # noqa: ANN001 - a Qt event handler
        self._ensure_built()  # shown without setVisible (a parent shown, the table never hidden)
        super().showEvent(event)

    @events.quiet()  # its labels made and styled: no event loop, so no input meanwhile
    def _build(self) -> None:
        """Make the widgets of ``self.rows`` in ``self.lang`` (again, if there were some)."""
        self._pending = False
        rows, lang = self.rows, self.lang
        while self.grid.count():
            item = self.grid.takeAt(0)
            w = item.widget()
            shiboken6.delete(item)  # a taken layout item is the caller's to delete (PySide keeps it: it leaked)
            if w is not None:
                w.hide()
                w.setParent(None)
                w.deleteLater()
        self._cells, self.lines = [], []
        head_l, head_v = label(text("chart.item", lang), "small"), label(text("chart.value", lang), "small")
        head_v.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.head = (head_l, head_v)
        self.grid.addWidget(head_l, 0, 0)
        self.grid.addWidget(head_v, 0, 1)
        r = 1
        for row in rows:
            line = QFrame()
            line.setObjectName("TableLine")
            self.lines.append(line)
            self.grid.addWidget(line, r, 0, 1, 2)
            name = label(row.label, None)
            value = label(row.value_text(), "tablevalue")
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            value.setProperty("computed", row.computed)
            self.grid.addWidget(name, r + 1, 0)
            self.grid.addWidget(value, r + 1, 1)
            note = None
            if row.note:
                note = label(row.note, "small")
                self.grid.addWidget(note, r + 2, 0, 1, 2)
            self._cells.append((name, value, note))
            r += 3
        for i in range(self.grid.rowCount()):
            self.grid.setRowStretch(i, 0)
        self.grid.setRowStretch(r, 1)  # rows stay at the top of a taller card
        self.apply_metrics(self._m)

    def apply_metrics(self, m: style.Metrics) -> None:
        self._m = m
        self.grid.setHorizontalSpacing(m.px(16))
        self.grid.setVerticalSpacing(m.px(4))
        for line in self.lines:
            line.setFixedHeight(max(1, m.px(style.BORDER) // 2))
            style.apply_sheet(line, f"background: {style.LINE};")  # only a change re-polishes
        for _name, value, _note in self._cells:
            color = style.MUTED if value.property("computed") else style.accent(self._accent())
            style.apply_sheet(value, f"font-size: {m.fpx(32)}px; font-weight: bold; color: {color};")

    def _accent(self) -> str:
        return self.property("accent") or style.TEXT

    def texts(self) -> list[tuple[str, str, str]]:
        """(label, value, note) as shown, one per row (tests, the presenter)."""
        return [(n.text(), v.text(), note.text() if note is not None else "") for n, v, note in self.cells]


class ChartSwitch:
    """The toggle and the table of one chart card on a theme page.

    ``header(title)`` is the card's title row (title, then the toggle); add ``table`` to the card
    after the chart widget. The page calls ``set_language``, ``apply_metrics`` and ``show_chart``
    (reset)."""

    def __init__(self, ctx: UiContext, theme: Theme, chart: ChartModel, widget: QWidget):
        self.ctx, self.theme, self.chart, self.widget = ctx, theme, chart, widget
        self.button = TapButton("", accent=theme.accent)
        self.button.setCheckable(True)
        self.button.setObjectName("TableToggle")
        self.button.clicked.connect(lambda: self.set_table(self.button.isChecked()))
        self.table = ChartTable()
        self.table.setProperty("accent", theme.accent)
        self.table.hide()

    def header(self, title: QWidget) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(title, 1)
        row.addWidget(self.button, 0, Qt.AlignmentFlag.AlignTop)
        return row

    def showing_table(self) -> bool:
        return self.button.isChecked()

    def set_table(self, on: bool) -> None:
        """Show the table (True) or the chart (False) in the card."""
        self.button.setChecked(on)
        if on:
            self.widget.finish()  # type: ignore[attr-defined] - the chart in the table's place
        self.widget.setVisible(not on)
        self.table.setVisible(on)
        self._label()

    def show_chart(self) -> None:
        self.set_table(False)

    def set_language(self, lang: str, spec: ChartSpec) -> None:
        self.table.set_rows(table_rows(spec, self.theme.chart_figures(self.chart), lang), lang)
        self.table.setAccessibleName(f"{self.chart.title(lang)} · {text('chart.table', lang)}")
        self._label()

    def _label(self) -> None:
        lang = self.ctx.lang
        on = self.showing_table()
        self.button.setText(text("chart.chart" if on else "chart.table", lang))
        self.button.setAccessibleName(f"{text('chart.as_chart' if on else 'chart.as_table', lang)}: "
                                      f"{self.chart.title(lang)}")

    def apply_metrics(self, m: style.Metrics) -> None:
        self.button.apply_metrics(m)
        self.table.apply_metrics(m)


__all__ = ["ChartSwitch", "ChartTable"]
