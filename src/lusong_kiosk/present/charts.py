"""What a chart shows, as plain numbers and text: :class:`ChartSpec` (built from the content by
:func:`chart_spec`), the computed values (a donut's share, a compare chart's change) worked out
once here, and the rows of a chart's table (:func:`table_rows`). The screens' pyqtgraph charts
(``ui/charts.py``), their tables (``ui/chart_table.py``) and the handout all draw from these.
No Qt."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import format as fmt
from .strings import text

if TYPE_CHECKING:
    from ..content.model import Chart as ChartModel
    from ..content.model import Figure

KINDS = ("bar", "donut", "gauge", "compare", "bullet")
_VALUE_COUNT = {"donut": 2, "gauge": 1, "compare": 2, "bullet": 2}
_COLOR_RE = re.compile(r"^#[0-9A-Fa-f]{6}$")


@dataclass(frozen=True)
class ChartSpec:
    """Plain numbers and already-localized text for one chart.

    kind:     "bar" | "donut" | "gauge" | "compare" | "bullet"
    values:   bar: N values; donut: (part, whole); gauge: (rate,) in %; compare: (before, after);
              bullet: (result, target)
    labels:   one label per value
    unit:     e.g. "亿元", "%", "项"; may be ""
    decimals: decimals shown for each value
    color:    accent "#RRGGBB"
    caption:  small muted line under the chart
    computed_label: the word that flags a computed figure, e.g. "计算值" / "computed"
    computed: True when the chart's headline figure was computed by code, not taken from a
              source (a donut's share, or bar/gauge values); the caption then carries
              ``computed_label``. A compare chart's change is always computed, so it is always
              flagged (when ``computed_label`` is given).
    lang:     the language its numbers are written in (``present.format.number``)
    qualifiers: one per value, already localized ("超过" / "over"), "" for none; the centre of a
              gauge and the table keep them ("over 70%": the article's "70%以上" is no 70.0 %)
    stated_share: a donut's share in percent as the article states it (70.1), or None: the
              centre then shows part / whole, computed (and says so in its caption)
    stated_decimals: the decimals the article states it with
    stated_label: the stated share's own label (the table's row for it)

    Lists are accepted and stored as tuples. Structural mistakes (unknown kind, wrong number of
    values, labels or decimals, bad colour, non-finite numbers) raise ``ValueError``; values
    outside a sensible range (part > whole, rate > 100) are drawn clamped.
    """

    kind: str
    values: tuple[float, ...]
    labels: tuple[str, ...]
    unit: str
    decimals: tuple[int, ...]
    color: str
    caption: str = ""
    computed_label: str = ""
    computed: bool = False
    lang: str = "zh"
    qualifiers: tuple[str, ...] = ()
    stated_share: float | None = None
    stated_decimals: int = 1
    stated_label: str = ""

    def __post_init__(self) -> None:
        values = tuple(float(v) for v in self.values)
        labels = tuple(str(s) for s in self.labels)
        decimals = tuple(int(d) for d in self.decimals)
        object.__setattr__(self, "values", values)
        object.__setattr__(self, "labels", labels)
        object.__setattr__(self, "decimals", decimals)
        qualifiers = tuple(str(q) for q in self.qualifiers)
        if not any(qualifiers):  # none given (or only blanks, as a spec copied with new values has)
            qualifiers = ("",) * len(values)
        object.__setattr__(self, "qualifiers", qualifiers)
        if self.kind not in KINDS:
            raise ValueError(f"chart kind {self.kind!r}: expected one of {', '.join(KINDS)}")
        want = _VALUE_COUNT.get(self.kind)
        if want is not None and len(values) != want:
            raise ValueError(f"{self.kind} chart needs {want} value(s), got {len(values)}")
        if not values:
            raise ValueError("bar chart needs at least one value")
        if not all(math.isfinite(v) for v in values):
            raise ValueError(f"{self.kind} chart values must be finite numbers: {values}")
        if len(labels) != len(values):
            raise ValueError(f"{self.kind} chart: {len(values)} value(s) but {len(labels)} label(s)")
        if len(decimals) != len(values):
            raise ValueError(f"{self.kind} chart: {len(values)} value(s) but {len(decimals)} decimals")
        if any(d < 0 or d > 6 for d in decimals):
            raise ValueError(f"{self.kind} chart: decimals must be 0..6, got {decimals}")
        if not _COLOR_RE.match(self.color):
            raise ValueError(f"{self.kind} chart colour {self.color!r}: expected '#RRGGBB'")
        if len(qualifiers) != len(values):
            raise ValueError(f"{self.kind} chart: {len(values)} value(s) but {len(qualifiers)} qualifiers")
        if self.stated_share is not None and (self.kind != "donut" or not math.isfinite(self.stated_share)):
            raise ValueError(f"only a donut states a share, as a finite percentage; got {self.stated_share!r}")
        if self.kind == "donut" and values[1] <= 0:
            raise ValueError(f"donut chart whole must be > 0, got {values[1]}")

    # the numbers as text ---------------------------------------------------------------------
    def number(self, i: int, value: float | None = None) -> str:
        """Value ``i`` (or ``value``, a counting one on its way to it), without its unit."""
        final = self.values[i]
        return fmt.number(final if value is None else value, self.decimals[i], self.lang, like=final)

    def value_text(self, i: int, value: float | None = None) -> str:
        """Value ``i`` with the chart's unit: "712.7 亿元", "91%"."""
        return fmt.with_unit(self.number(i, value), self.unit)

    def shown_text(self, i: int, value: float | None = None) -> str:
        """Value ``i`` as a chart labels it, with its qualifier: "超过 70 条", "over 70%"."""
        return fmt.qualified(self.qualifiers[i], self.value_text(i, value))

    # computed values -------------------------------------------------------------------------
    def share(self) -> float:
        """A donut's part / whole (not clamped)."""
        part, whole = self.values
        return part / whole

    def share_text(self, progress: float = 1.0) -> str:
        """The computed share in percent, one decimal ("70.2%"): the table's computed row."""
        return fmt.percent(self.share() * 100 * progress, self.lang)

    def centre_text(self, progress: float = 1.0) -> str:
        """The big number in a ring, ``progress`` of the way to it: a donut's share as the article
        states it ("70.1%"), else computed; a gauge's rate with its qualifier ("超过 70%")."""
        if self.kind == "donut":
            if self.stated_share is None:
                return self.share_text(progress)
            return fmt.percent(self.stated_share * progress, self.lang, self.stated_decimals)
        return self.shown_text(0, self.values[0] * progress)

    def ring_fraction(self) -> float:
        """How far a ring's arc runs, 0..1: to the share its centre shows, or the gauge's rate."""
        if self.kind == "donut":
            share = self.share() if self.stated_share is None else self.stated_share / 100
        else:
            share = self.values[0] / 100
        return min(max(share, 0.0), 1.0)

    def shows_computed(self) -> bool:
        """Whether the chart's headline number is computed (its caption must say so)."""
        return self.computed or self.kind == "compare" or (self.kind == "donut" and self.stated_share is None)

    def change(self) -> tuple[float, float | None]:
        """A compare chart's (after - before, percentage change or None when before is 0)."""
        before, after = self.values
        delta = after - before
        return delta, (delta / abs(before) * 100 if before else None)

    def change_text(self) -> str:
        """The change as the compare chart's caption shows it: "+18 项 (+33.3%)"."""
        delta, pct = self.change()
        out = fmt.with_unit(fmt.signed(fmt.number(delta, max(self.decimals), self.lang), delta), self.unit)
        if pct is not None:
            out += f" ({fmt.signed(fmt.percent(pct, self.lang), pct)})"
        return out


def chart_spec(chart: ChartModel, figures: Sequence[Figure], accent: str, lang: str,
               share: Figure | None = None) -> ChartSpec:
    """The plain numbers a content chart draws (in the display units of ``lang``); ``share``:
    the figure stating a donut's share (``Theme.chart_share``)."""
    caption = ""
    if chart.kind == "donut":
        caption = text("chart.share_stated_caption" if share else "chart.share_caption", lang)
    elif chart.kind == "compare":
        caption = text("chart.change_caption", lang)
    return ChartSpec(
        kind=chart.kind,
        values=tuple(f.display_value(lang) for f in figures),
        labels=tuple(f.label(lang) for f in figures),
        unit=figures[0].unit(lang) if figures[0].unit else "",
        decimals=tuple(f.display_precision(lang) for f in figures),
        color=accent,
        caption=caption,
        computed_label=text("theme.computed", lang),
        lang=lang,
        qualifiers=tuple(fmt.qualifier(f.qualifier, lang) for f in figures),
        stated_share=share.display_value(lang) if share else None,
        stated_decimals=share.display_precision(lang) if share else 1,
        stated_label=share.label(lang) if share else "",
    )


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
        return fmt.qualified(self.qualifier, self.value)


def table_rows(spec: ChartSpec, figures: Sequence[Figure] | None = None, lang: str | None = None) -> list[Row]:
    """The rows for ``spec``: one per value, then the computed one (donut share, compare change).

    ``figures`` (the chart's content figures, in order) add qualifiers, periods and each
    figure's own unit. ``lang`` defaults to the spec's."""
    lang = lang or spec.lang
    rows = []
    for i, name in enumerate(spec.labels):
        f = figures[i] if figures is not None and i < len(figures) else None
        # each figure's own unit (a chart writes one unit for all its bars)
        unit = (f.unit(lang) if f.unit else "") if f is not None else spec.unit
        rows.append(Row(
            label=name,
            value=fmt.with_unit(spec.number(i), unit),
            note=fmt.period(f.period, lang) if f is not None else "",
            qualifier=fmt.qualifier(f.qualifier, lang) if f is not None else "",
        ))
    computed = text("theme.computed", lang)
    if spec.kind == "donut":
        if spec.stated_share is not None:
            rows.append(Row(spec.stated_label or text("chart.share", lang), spec.centre_text()))
        rows.append(Row(text("chart.share", lang), spec.share_text(), computed, computed=True))
    elif spec.kind == "compare":
        rows.append(Row(text("chart.change", lang), spec.change_text(), computed, computed=True))
    return rows


def rows_as_text(rows: Sequence[Row], lang: str) -> str:
    """The rows as one sentence list (accessible description, logs)."""
    sep = "；" if lang == "zh" else "; "
    return sep.join(f"{r.label} {r.value_text()}" + (f" ({r.note})" if r.note else "") for r in rows)


__all__ = ["KINDS", "ChartSpec", "Row", "chart_spec", "rows_as_text", "table_rows"]
