"""Animated pyqtgraph charts for theme panels: plain numbers in, eased bars and rings out.

Import this module lazily (after the first frame): it imports pyqtgraph and numpy.

Each chart is a ``QWidget`` holding one pyqtgraph ``GraphicsView`` (one ``ViewBox``: no axes, no
menus) with a transparent background and no mouse, touch, wheel or menu interaction (events
pass through to the panel below).
All text lives in pyqtgraph ``TextItem``s whose pixel layout is recomputed whenever the view is
resized or the spec, font or scale changes: the view range is chosen so that the text bands
(value labels, category labels, legend, caption) get exactly the pixels they need.

Animation: one ``QSequentialAnimationGroup`` (pause for the delay, then a ``QVariantAnimation``
0 → 1 with ``QEasingCurve.OutCubic``) per chart, created once. Nothing runs while a chart is not
animating (no idle timers); hiding a chart that is animating finishes it.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ...present.charts import KINDS, ChartSpec
from .bars import BarChart, CompareChart
from .base import Chart
from .bullet import BulletChart
from .labels import MUTED_COLOR, TEXT_COLOR, ChartText
from .rings import DonutChart, GaugeChart

__all__ = [
    "KINDS",
    "TEXT_COLOR",
    "MUTED_COLOR",
    "ChartSpec",
    "Chart",
    "ChartText",
    "BarChart",
    "DonutChart",
    "GaugeChart",
    "CompareChart",
    "BulletChart",
    "make_chart",
]

# ---------------------------------------------------------------------------------------------

_CLASSES: dict[str, type[Chart]] = {
    "bar": BarChart,
    "donut": DonutChart,
    "gauge": GaugeChart,
    "compare": CompareChart,
    "bullet": BulletChart,
}


def make_chart(spec: ChartSpec, parent: QWidget | None = None) -> Chart:
    """The chart widget for ``spec.kind``, in its empty state (call ``animate`` or ``finish``)."""
    if not isinstance(spec, ChartSpec):
        raise TypeError(f"expected a ChartSpec, got {type(spec).__name__}")
    return _CLASSES[spec.kind](spec, parent)
