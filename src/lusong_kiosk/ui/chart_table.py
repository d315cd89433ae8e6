"""Charts as tables: the same figures as a chart draws, as text with units.

For visitors who cannot read a chart (and for the presenter): every chart card on a theme page
gets a toggle, "表格 / Table" ↔ "图表 / Chart", that swaps the chart for a :class:`ChartTable`.
The rows come from the chart's own :class:`~.charts.ChartSpec` (so the numbers are exactly the
ones the chart draws, formatted the same way) plus the content figures' qualifiers and periods;
values the app computes (a donut's share, a compare chart's change) get a row of their own,
marked as computed.

:func:`table_rows` is plain data (no widgets) and is shared with the printable handout.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QSizePolicy, QWidget

from ..content.model import Chart as ChartModel
from ..content.model import Figure, Theme
from . import style
from .base import UiContext
from .charts import ChartSpec, format_number, with_unit
from .widgets import QUALIFIERS, TapButton, label, period_text

TABLE = {"zh": "表格", "en": "Table"}
CHART = {"zh": "图表", "en": "Chart"}
AS_TABLE = {"zh": "以表格显示", "en": "Show as a table"}
AS_CHART = {"zh": "以图表显示", "en": "Show as a chart"}
ITEM = {"zh": "项目", "en": "Item"}
VALUE = {"zh": "数值", "en": "Value"}
COMPUTED = {"zh": "计算值", "en": "computed"}
SHARE = {"zh": "占比", "en": "Share"}
CHANGE = {"zh": "变化", "en": "Change"}


@dataclass(frozen=True)
class Row:
    """One line of a chart's table."""

    label: str
    value: str  # the number with its unit, as the chart writes it ("712.7 亿元", "70.2%")
    note: str = ""  # the period, or the computed flag
    qualifier: str = ""  # "超过" / "over", "近" / "nearly" … (the chart does not draw it)
    computed: bool = False

    def value_text(self) -> str:
        """What the table shows in the value column: qualifier and value."""
        return f"{self.qualifier} {self.value}" if self.qualifier else self.value


def share_text(spec: ChartSpec) -> str:
    """A donut's share as its centre shows it: part / whole in percent, one decimal."""
    part, whole = spec.values
    return format_number(part / whole * 100, 1) + "%"


def change_text(spec: ChartSpec) -> str:
    """A compare chart's change as its caption shows it: "+18 项 (+33.3%)"."""
    before, after = spec.values
    delta = after - before
    text = with_unit(f"{'+' if delta > 0 else ''}{format_number(delta, max(spec.decimals))}", spec.unit)
    if before:
        pct = delta / abs(before) * 100
        text += f" ({'+' if pct > 0 else ''}{format_number(pct, 1)}%)"
    return text


def table_rows(spec: ChartSpec, figures: Sequence[Figure] | None = None, lang: str = "zh") -> list[Row]:
    """The rows for ``spec``: one per value, then the computed one (donut share, compare change).

    ``figures`` (the chart's content figures, in order) add qualifiers, periods and each
    figure's own unit."""
    rows = []
    for i, (name, value) in enumerate(zip(spec.labels, spec.values)):
        f = figures[i] if figures is not None and i < len(figures) else None
        # each figure's own unit (a chart writes one unit for all its bars)
        unit = (f.unit(lang) if f.unit else "") if f is not None else spec.unit
        rows.append(Row(
            label=name,
            value=with_unit(format_number(value, spec.decimals[i]), unit),
            note=period_text(f.period, lang) if f is not None else "",
            qualifier=QUALIFIERS[f.qualifier][lang] if f is not None and f.qualifier else "",
        ))
    if spec.kind == "donut":
        rows.append(Row(SHARE[lang], share_text(spec), COMPUTED[lang], computed=True))
    elif spec.kind == "compare":
        rows.append(Row(CHANGE[lang], change_text(spec), COMPUTED[lang], computed=True))
    return rows


def rows_as_text(rows: Sequence[Row], lang: str) -> str:
    """The rows as one sentence list (accessible description, logs)."""
    sep = "；" if lang == "zh" else "; "
    parts = []
    for r in rows:
        note = f" ({r.note})" if r.note else ""
        parts.append(f"{r.label} {r.value_text()}{note}")
    return sep.join(parts)


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
        self.cells: list[tuple[QWidget, QWidget, QWidget | None]] = []  # (label, value, note)
        self.lines: list[QFrame] = []
        self._m = style.Metrics(1.0, False)
        self.lang = "zh"

    def set_rows(self, rows: Sequence[Row], lang: str) -> None:
        self.rows, self.lang = list(rows), lang
        while self.grid.count():
            item = self.grid.takeAt(0)
            w = item.widget()
            shiboken6.delete(item)  # a taken layout item is the caller's to delete (PySide keeps it: it leaked)
            if w is not None:
                w.hide()
                w.setParent(None)
                w.deleteLater()
        self.cells, self.lines = [], []
        head_l, head_v = label(ITEM[lang], "small"), label(VALUE[lang], "small")
        head_v.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.grid.addWidget(head_l, 0, 0)
        self.grid.addWidget(head_v, 0, 1)
        r = 1
        for row in self.rows:
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
            self.cells.append((name, value, note))
            r += 3
        for i in range(self.grid.rowCount()):
            self.grid.setRowStretch(i, 0)
        self.grid.setRowStretch(r, 1)  # rows stay at the top of a taller card
        self.setAccessibleDescription(rows_as_text(self.rows, lang))
        self.apply_metrics(self._m)

    def apply_metrics(self, m: style.Metrics) -> None:
        self._m = m
        self.grid.setHorizontalSpacing(m.px(16))
        self.grid.setVerticalSpacing(m.px(4))
        for line in self.lines:
            line.setFixedHeight(max(1, m.px(style.BORDER) // 2))
            line.setStyleSheet(f"background: {style.LINE};")
        for _name, value, _note in self.cells:
            color = style.MUTED if value.property("computed") else style.accent(self._accent())
            value.setStyleSheet(f"font-size: {m.fpx(32)}px; font-weight: bold; color: {color};")

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
            self.widget.finish()  # type: ignore[attr-defined]
        self.widget.setVisible(not on)
        self.table.setVisible(on)
        self._label()

    def show_chart(self) -> None:
        self.set_table(False)

    def set_language(self, lang: str, spec: ChartSpec) -> None:
        self.table.set_rows(table_rows(spec, self.theme.chart_figures(self.chart), lang), lang)
        self.table.setAccessibleName(f"{self.chart.title(lang)} · {TABLE[lang]}")
        self._label()

    def _label(self) -> None:
        lang = self.ctx.lang
        on = self.showing_table()
        self.button.setText(CHART[lang] if on else TABLE[lang])
        self.button.setAccessibleName(f"{(AS_CHART if on else AS_TABLE)[lang]}: {self.chart.title(lang)}")

    def apply_metrics(self, m: style.Metrics) -> None:
        self.button.apply_metrics(m)
        self.table.apply_metrics(m)


__all__ = ["COMPUTED", "ChartSwitch", "ChartTable", "Row", "change_text", "rows_as_text", "share_text",
           "table_rows"]
