"""The chart base: one pyqtgraph view with no interaction, one eased animation, the text bands laid
out to the pixels they need; a chart at rest is kept as one picture (paint_cache.Still)."""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtCore import (
    QAbstractAnimation,
    QEasingCurve,
    QPauseAnimation,
    QRect,
    QSequentialAnimationGroup,
    QSize,
    Qt,
    QVariantAnimation,
    Signal,
)
from PySide6.QtGui import QFont, QHideEvent
from PySide6.QtWidgets import QGraphicsItem, QGraphicsView, QSizePolicy, QVBoxLayout, QWidget

from ...present.charts import ChartSpec
from ..paint_cache import KeptItem, Still
from .labels import CJK

pg.setConfigOptions(antialias=True)


class ChartView(Still, pg.GraphicsView):
    """A chart's pyqtgraph view: one bare ViewBox filling it, without axes and without the menus
    a PlotWidget builds for every plot (a PlotItem makes its options menu and dialogs whether or
    not the menu is enabled -- about a third of a chart's build -- and a kiosk shows no menu).
    Its paint is kept as one pixmap while the chart stands still
    (paint_cache.Still): a finished chart's scene -- the view, the plot and view boxes, the rings
    or bars and each text item, most of them Python calls from Qt -- would be painted again on
    every frame of a slide or of the panel around it moving. Its key is what the chart
    shows (``Chart.look``: spec, progress, scale, font family; Still adds the view's size, which
    the layout follows); a growing chart changes each frame and is painted as before, and
    nothing is kept while an animation runs, its delay included: a panel just tapped into
    paints its charts twice at 0 before they grow, and keeping them then would put a render into
    the tap's answer. The view holds its one picture itself, and
    lets it go when hidden: in the shared store (KEPT) each state's picture of a chart (about a
    megabyte at 1080p) would stay until the text's pictures had been pushed out for it."""

    still_own = True

    def __init__(self, chart: Chart):
        super().__init__(parent=chart, background=None)
        self.chart = chart
        # Empty until its layout gives it a size: at a new widget's 100x30 the chart laid its text
        # out (in vain, all sizes tried) on each of make_chart, set_font_family and set_scale.
        self.resize(0, 0)
        self.box = pg.ViewBox(enableMouse=False, enableMenu=False, defaultPadding=0.0)
        self.setCentralItem(self.box)

    def hideEvent(self, event) -> None:  # noqa: ANN001 - a Qt event handler
        self.still_drop()
        for item in self.scene().items():  # and its items' pictures: a hidden panel holds none
            if isinstance(item, KeptItem):
                item.kept_drop()
        super().hideEvent(event)

    def still_key(self) -> tuple | None:
        return None if self.chart.is_animating() else self.chart.look()

    def still_surface(self) -> QWidget:
        return self.viewport()


class Chart(QWidget):
    """One animated chart. Subclasses draw one kind; use ``make_chart`` to build one.

    ``finished`` is emitted once each time the chart arrives at its final state: at the end of
    an animation, on ``animate(0)``, on ``finish()`` (unless already final) and when a running
    animation is stopped by hiding the chart.
    """

    KIND = ""
    finished = Signal()

    def __init__(self, spec: ChartSpec, parent: QWidget | None = None):
        super().__init__(parent)
        self._check_kind(spec)
        self._spec = spec
        self._progress = 0.0
        self._at_final = False
        self._scale = 1.0
        self._family = ""

        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        plot = ChartView(self)
        plot.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        plot.viewport().setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        # Transparent even without the app's style sheet: pyqtgraph caches the background,
        # and Qt fills that cache with the viewport's (opaque) palette colour.
        plot.setCacheMode(QGraphicsView.CacheModeFlag.CacheNone)
        plot.viewport().setAutoFillBackground(False)
        plot.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        plot.setInteractive(False)
        plot.setMinimumSize(0, 0)
        plot.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self._plot = plot
        self._vb = plot.box
        self._vb.disableAutoRange()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(plot)

        # The animation objects are made once and reused by every animate().
        self._group = QSequentialAnimationGroup(self)
        self._pause = QPauseAnimation(0, self._group)
        self._anim = QVariantAnimation(self._group)
        self._anim.setStartValue(0.0)
        self._anim.setEndValue(1.0)
        self._anim.setEasingCurve(QEasingCurve(QEasingCurve.Type.OutCubic))
        self._group.addAnimation(self._pause)
        self._group.addAnimation(self._anim)
        self._anim.valueChanged.connect(self._on_value)
        self._group.finished.connect(self._on_group_finished)

        self._build()
        self._update_spec()
        self._vb.sigResized.connect(self._relayout)

    # --- public API ---------------------------------------------------------------------

    def spec(self) -> ChartSpec:
        return self._spec

    def set_spec(self, spec: ChartSpec) -> None:
        """New text, unit, colour or values of the same kind; keeps progress and the items."""
        self._check_kind(spec)
        self._spec = spec
        self._update_spec()

    def set_font_family(self, family: str) -> None:
        self._family = family
        self._update_spec()

    def set_scale(self, scale: float) -> None:
        if not (scale > 0 and math.isfinite(scale)):
            raise ValueError(f"chart scale must be a positive number, got {scale!r}")
        self._scale = float(scale)
        self.updateGeometry()
        self._update_spec()

    def animate(self, duration_ms: int, delay_ms: int = 0) -> None:
        """Restart from empty and ease to the final state (OutCubic).

        ``duration_ms <= 0`` shows the final state at once (reduce motion) and emits
        ``finished`` before returning. Call it once the chart is shown: hiding the chart
        finishes the animation.
        """
        self._stop()
        self._at_final = False
        if duration_ms <= 0:
            self._arrive()
            return
        self._set_progress(0.0)
        self._pause.setDuration(max(0, int(delay_ms)))
        self._anim.setDuration(int(duration_ms))
        self._group.start()

    def finish(self) -> None:
        """Jump to the final state now, stopping any animation (at it already: nothing to do;
        a panel finishes every chart when it is left, and redrawing the finished ones cost each
        swipe milliseconds)."""
        if self._at_final and self._progress >= 1.0 and not self.is_animating():
            return
        self._stop()
        self._arrive()

    def reset(self) -> None:
        """Empty state, no animation."""
        self._stop()
        self._at_final = False
        self._set_progress(0.0)

    def progress(self) -> float:
        """Eased progress 0..1: the fraction of the final figures drawn now."""
        return self._progress

    def displayed_values(self) -> tuple[float, ...]:
        raise NotImplementedError

    def is_animating(self) -> bool:
        """True while an animation (including its delay) runs."""
        return self._group.state() == QAbstractAnimation.State.Running

    def describe(self) -> str:
        raise NotImplementedError

    def plot_viewport(self) -> QWidget:
        """The widget the chart's items are painted on."""
        return self._plot.viewport()

    def text_boxes(self) -> list[tuple[pg.TextItem, QRect]]:
        """Each shown text item with its box in :meth:`plot_viewport`'s pixels, as last laid out
        (the layout audit reads them)."""
        return [(item, self._plot.mapFromScene(item.textItem.sceneBoundingRect()).boundingRect())
                for item in self._vb.childGroup.childItems() if isinstance(item, pg.TextItem) and item.isVisible()]

    def label_problems(self, lang: str) -> list[str]:
        """What a visitor would miss among this chart's labels now (the soak checks it as it
        runs): a category or legend entry not shown, a shown label that is empty, hidden or out
        of the chart's view, or text in the other language."""
        view = self._plot.viewport().rect()
        self._vb.updateMatrix()  # pyqtgraph maps the view's range to its items at the next paint
        shown: list[str] = []
        problems: list[str] = []
        for item in self._vb.childGroup.childItems():
            if not isinstance(item, pg.TextItem) or not item.isVisible():
                continue
            text = item.textItem.toPlainText()
            if not text.strip():
                problems.append("a label is shown empty")
                continue
            item.updateTransform()  # as its next paint would
            box = self._plot.mapFromScene(item.textItem.sceneBoundingRect()).boundingRect()
            if not view.adjusted(-2, -2, 2, 2).contains(box):
                problems.append(f"{text[:20]!r} lies outside the chart")
            if lang == "en" and CJK.search(text):
                problems.append(f"{text[:20]!r} is Chinese in English")
            shown.append(text)
        everything = "\n".join(shown)
        problems += [f"{label!r} is not shown" for label in self._spec.labels if label not in everything]
        if self._spec.caption.strip() and self._spec.caption.strip() not in everything:
            problems.append(f"the caption {self._spec.caption.strip()!r} is not shown")
        return [f"{type(self).__name__} {self._spec.labels[0]!r}: {p}" for p in problems]

    def look(self) -> tuple:
        """What the chart shows, besides its size: spec, progress, scale and font family (its
        layout and items follow from these)."""
        return (self._spec, self._progress, self._scale, self._family)

    def minimumSizeHint(self) -> QSize:
        return QSize(round(240 * self._scale), round(200 * self._scale))

    def sizeHint(self) -> QSize:
        return QSize(round(560 * self._scale), round(420 * self._scale))

    # --- Qt events ----------------------------------------------------------------------

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        if self.is_animating():
            self.finish()

    # --- animation internals ------------------------------------------------------------

    def _stop(self) -> None:
        if self._group.state() != QAbstractAnimation.State.Stopped:
            self._group.stop()

    def _on_value(self, value: object) -> None:
        if self._group.state() == QAbstractAnimation.State.Running:
            self._set_progress(float(value))

    def _on_group_finished(self) -> None:
        self._arrive()

    def _arrive(self) -> None:
        self._set_progress(1.0)
        if not self._at_final:
            self._at_final = True
            self.finished.emit()

    def _set_progress(self, p: float) -> None:
        self._progress = min(1.0, max(0.0, p))
        self._apply_progress()

    # --- shared helpers -----------------------------------------------------------------

    def _check_kind(self, spec: ChartSpec) -> None:
        if not isinstance(spec, ChartSpec):
            raise TypeError(f"expected a ChartSpec, got {type(spec).__name__}")
        if spec.kind != self.KIND:
            raise ValueError(f"{type(self).__name__} draws {self.KIND!r} specs, got {spec.kind!r}")

    def _font(self, px: float) -> QFont:
        font = QFont(self._family) if self._family else QFont(self.font())
        font.setPixelSize(max(8, round(px)))
        return font

    def _add(self, item: QGraphicsItem) -> None:
        self._vb.addItem(item, ignoreBounds=True)

    def _view_size(self) -> tuple[float, float]:
        size = self._vb.size()
        return size.width(), size.height()

    def _fmt(self, i: int, value: float) -> str:
        return self._spec.value_text(i, value)

    def _update_spec(self) -> None:
        self._apply_spec()
        self.setAccessibleDescription(self.describe())
        self._relayout()
        self._apply_progress()

    # --- per kind -----------------------------------------------------------------------

    def _build(self) -> None:
        raise NotImplementedError

    def _apply_spec(self) -> None:
        raise NotImplementedError

    def _relayout(self, *args: object) -> None:
        raise NotImplementedError

    def _apply_progress(self) -> None:
        raise NotImplementedError
