"""Animated pyqtgraph charts for theme panels: plain numbers in, eased bars and rings out.

Import this module lazily (after the first frame): it imports pyqtgraph and numpy.

Each chart is a ``QWidget`` holding one pyqtgraph ``PlotWidget`` with a transparent background
and no mouse, touch, wheel or menu interaction (events pass through to the panel below).
All text lives in pyqtgraph ``TextItem``s whose pixel layout is recomputed whenever the view is
resized or the spec, font or scale changes: the view range is chosen so that the text bands
(value labels, category labels, legend, caption) get exactly the pixels they need.

Animation: one ``QSequentialAnimationGroup`` (pause for the delay, then a ``QVariantAnimation``
0 → 1 with ``QEasingCurve.OutCubic``) per chart, created once. Nothing runs while a chart is not
animating (no idle timers); hiding a chart that is animating finishes it.
"""

from __future__ import annotations

import html
import math
import re

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import (
    QAbstractAnimation,
    QEasingCurve,
    QPauseAnimation,
    QPointF,
    QRectF,
    QSequentialAnimationGroup,
    QSize,
    Qt,
    QVariantAnimation,
    Signal,
)
from PySide6.QtGui import (QColor, QFont, QFontMetricsF, QHideEvent, QPainter, QPen, QTextDocument, QTextOption,
                           QTransform)
from PySide6.QtWidgets import QGraphicsItem, QGraphicsTextItem, QGraphicsView, QSizePolicy, QVBoxLayout, QWidget

from ..present.charts import KINDS, ChartSpec
from ..present import format as fmt
from ..present.format import TIGHT_UNITS
from .widgets import KeptItem, Still

__all__ = [
    "KINDS",
    "TEXT_COLOR",
    "MUTED_COLOR",
    "ChartSpec",
    "Chart",
    "BarChart",
    "DonutChart",
    "GaugeChart",
    "CompareChart",
    "BulletChart",
    "make_chart",
]

pg.setConfigOptions(antialias=True)

TEXT_COLOR = "#E8ECF4"
MUTED_COLOR = "#9AA6BD"

# Pixel sizes at scale 1.0 (1920x1080).
LABEL_PX = 22  # category labels, legends, captions
_CJK = re.compile("[\u3400-\u9fff\uf900-\ufaff]")
VALUE_PX = 26  # value labels above bars
CENTRE_PX = 56  # the big number inside a donut or gauge



def _flag_text(spec: ChartSpec, flagged: bool) -> str:
    """The computed flag to add to the caption, or "" (also when the caption already says it)."""
    label = spec.computed_label.strip()
    if not flagged or not label or label in spec.caption:
        return ""
    return label


def _caption_line(spec: ChartSpec, flagged: bool) -> str:
    parts = [p for p in (spec.caption.strip(), _flag_text(spec, flagged)) if p]
    return " · ".join(parts)


def _color(spec_color: str, alpha: float = 1.0) -> QColor:
    c = QColor(spec_color)
    c.setAlphaF(alpha)
    return c


def _css(color: QColor) -> str:
    return f"rgba({color.red()},{color.green()},{color.blue()},{color.alphaF():.3f})"


# ---------------------------------------------------------------------------------------------
# Text helpers


# Text may shrink to 80 % of its nominal size (step by step) when a chart is too small for it.
_FITS = (1.0, 0.9, 0.8)


def _text_option(anywhere: bool = True) -> QTextOption:
    opt = QTextOption(Qt.AlignmentFlag.AlignHCenter)
    # Drawn text breaks inside a word rather than spill past its width; WordWrap is only used
    # to find out whether a word is too wide.
    mode = QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere if anywhere else QTextOption.WrapMode.WordWrap
    opt.setWrapMode(mode)
    return opt


def _document(text: str, font: QFont, width: float, rich: bool, anywhere: bool) -> QTextDocument:
    doc = QTextDocument()
    doc.setDocumentMargin(0)
    doc.setDefaultFont(font)
    doc.setDefaultTextOption(_text_option(anywhere))
    if rich:
        doc.setHtml(text)
    else:
        doc.setPlainText(text)
    doc.setTextWidth(max(width, 1.0))
    return doc


def _measure(text: str, font: QFont, width: float, rich: bool = False) -> tuple[bool, float]:
    """(every word fits in ``width`` px, height in px of the text as drawn at that width)."""
    if not text:
        return True, 0.0
    fits = _document(text, font, width, rich, anywhere=False).idealWidth() <= width + 0.5
    return fits, _document(text, font, width, rich, anywhere=True).size().height()


def _one_line_width(text: str, font: QFont, rich: bool = False) -> float:
    """Width in px of ``text`` set on one line."""
    if not text:
        return 0.0
    doc = _document(text, font, 1.0, rich, anywhere=False)
    doc.setTextWidth(-1)
    return doc.idealWidth()


def _balanced_width(text: str, font: QFont, width: float, rich: bool = False) -> float:
    """The narrowest width <= ``width`` that wraps ``text`` into as few lines as ``width`` does,
    without breaking a word: "整机制 / 造企业" rather than "整机制造企 / 业"."""
    if not text or _one_line_width(text, font, rich) <= width:
        return width
    fits, height = _measure(text, font, width, rich)
    if not fits:
        return width
    lo, hi = width * 0.3, width
    for _ in range(9):
        mid = (lo + hi) / 2
        ok, h = _measure(text, font, mid, rich)
        if ok and h <= height + 0.5:
            hi = mid
        else:
            lo = mid
    return min(width, hi + 1.0)


class _GlyphText(QGraphicsTextItem):
    """The text of a figure that counts up in a chart (a ring's centre): its one plain line is
    drawn straight, not through its document (which lays it out and paints it again each frame).
    Type over 64 device pixels (4K: ~110 px), which Qt fills as paths at every paint (its glyph
    cache stops at 64 px), is blitted from glyph pixmaps (widgets.draw_glyphs) in device pixels:
    0.15-0.5 ms less a ring per frame; smaller type (1080p: 56 px) is one drawText from Qt's
    glyph cache, the same pixels as the document's ~0.035 ms quicker. Several lines or fonts are
    painted by the document."""

    glyphs = True  # False: the document's own paint (tests compare the two)

    def paint(self, painter: QPainter, option, widget=None) -> None:  # noqa: ANN001
        from .widgets import draw_glyphs

        font = self.font()
        dpr = painter.device().devicePixelRatioF()
        layout = self.document().firstBlock().layout()
        one_line = self.glyphs and self.document().blockCount() == 1 and layout.lineCount() == 1
        runs = layout.lineAt(0).glyphRuns() if one_line else []  # (the layout's own has no runs in PySide)
        if len(runs) != 1 or not runs[0].positions():
            super().paint(painter, option, widget)
            return
        world = painter.worldTransform()
        at = world.map(layout.position() + runs[0].positions()[0])  # in device pixels
        painter.setWorldTransform(QTransform())
        if font.pixelSize() * dpr <= 64:
            # on a whole pixel's baseline, decided here: the view's transform put it at x.5 less
            # a rounding error, which Qt rounded one way on the window and the other on a kept
            # pixmap of the chart (_View) -- the number moved 1 px as the chart came to rest
            painter.setFont(font)
            painter.setPen(self.defaultTextColor())
            painter.drawText(QPointF(at.x(), math.floor(at.y() + 0.5 + 1e-6)), self.toPlainText())
        else:
            draw_glyphs(painter, self.toPlainText(), at, font, self.defaultTextColor(), dpr, QFontMetricsF(font))
        painter.setWorldTransform(world)


class _StillText(KeptItem, QGraphicsTextItem):
    """Text that stays put while its chart grows (labels, captions, legends), painted from a
    pixmap kept under what it shows: a QTextDocument drawn on every frame of an entry was ~a
    third of a chart's paint."""

    def kept_key(self) -> tuple:
        # the document's HTML holds its text, fonts and colours; the width decides the wrapping
        return (self.document().toHtml(), self.textWidth(), self.defaultTextColor().rgba())


def _make_text(color: str, anchor: tuple[float, float], still: bool = False, counting: bool = False) -> pg.TextItem:
    """A text item. ``still``: its text stays put while the chart animates (_StillText).
    Values that count up are drawn each frame; ``counting``: from glyph pixmaps (_GlyphText)."""
    item = pg.TextItem(color=color, anchor=anchor)
    if counting or still:
        plain, item.textItem = item.textItem, (_GlyphText() if counting else _StillText())
        plain.setParentItem(None)
        item.textItem.setParentItem(item)
        item.textItem.setDefaultTextColor(plain.defaultTextColor())
    doc = item.textItem.document()
    doc.setDocumentMargin(0)
    doc.setDefaultTextOption(_text_option())
    item.setZValue(10)
    return item


def _set_text(item: pg.TextItem, text: str) -> None:
    item.setText(text)  # a no-op when unchanged


def _set_html(item: pg.TextItem, markup: str) -> None:
    # TextItem.setHtml compares with toHtml(), which never equals our fragment: compare ourselves.
    if getattr(item, "_lk_markup", None) != markup:
        item._lk_markup = markup  # type: ignore[attr-defined]
        item.setHtml(markup)


# ---------------------------------------------------------------------------------------------
# The ring item (donut and gauge)


class _ArcItem(pg.GraphicsObject):
    """A stroked circular arc centred on (0, 0) in data coordinates (keep the view 1:1).

    Angles are visual degrees, counter-clockwise from 3 o'clock; the arc runs clockwise from
    ``start`` for ``sweep`` degrees.
    """

    def __init__(self, radius: float, width: float, start: float, cap: Qt.PenCapStyle):
        super().__init__()
        self._radius = radius
        self._width = width
        self._start = start
        self._cap = cap
        self._sweep = 0.0
        self._color = QColor("#FFFFFF")

    def set_sweep(self, sweep: float) -> None:
        if sweep != self._sweep:
            self._sweep = sweep
            self.update()

    def sweep(self) -> float:
        return self._sweep

    def set_color(self, color: QColor) -> None:
        if color != self._color:
            self._color = QColor(color)
            self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt name)
        r = self._radius + self._width / 2
        return QRectF(-r, -r, 2 * r, 2 * r)

    def paint(self, painter: QPainter, *args: object) -> None:
        if self._sweep <= 0.01:
            return
        # Drawn in the device's pixels, not in data units under the view's scale: Qt strokes a
        # thick arc ~4x faster there (a ring at 1080p 0.45 -> 0.1 ms; the charts' arcs were the
        # largest single cost of a theme's entry frames). The view is 1:1, so the scale is one.
        world = painter.worldTransform()
        r = self._radius
        rect = world.mapRect(QRectF(-r, -r, 2 * r, 2 * r))
        scale = math.sqrt(abs(world.determinant()))
        # In data units the arc runs clockwise from ``start``; on a y-down device (the view
        # flips y) Qt's angles are counter-clockwise, in 1/16 degree.
        flip = 1 if world.m22() < 0 else -1
        pen = QPen(self._color)
        pen.setWidthF(self._width * scale)
        pen.setCapStyle(self._cap)
        painter.setWorldTransform(QTransform())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawArc(rect, round(flip * self._start * 16), round(-flip * min(self._sweep, 360.0) * 16))
        painter.setWorldTransform(world)


class _KeptArc(KeptItem, _ArcItem):
    """An arc painted from a pixmap kept under its geometry and colour (a ring's full track)."""

    def kept_key(self) -> tuple:
        return (self._radius, self._width, self._start, self._cap, self._sweep, self._color.rgba())


# ---------------------------------------------------------------------------------------------
# Base class


class _View(Still, pg.PlotWidget):
    """A chart's pyqtgraph view, its paint kept as one pixmap while the chart stands still
    (widgets.Still): a finished chart's scene -- the view, the plot and view boxes, the rings or
    bars and each text item, most of them Python calls from Qt -- cost ~0.5 ms a paint at
    1080p, every frame of a slide or of the panel around it moving. Its key is what the chart
    shows (``Chart.look``: spec, progress, scale, font family; Still adds the view's size, which
    the layout follows); a growing chart changes each frame and is painted as before, and
    nothing is kept while an animation runs, its delay included: a panel just tapped into
    painted its charts twice at 0 before they grew, and keeping them then put 2-3 ms of
    rendering into the tap's answer at 4K. The view holds its one picture itself, and
    lets it go when hidden: in the shared store (KEPT) each state's picture of a chart (~0.9 MB
    at 1080p) stayed until the text's pictures had been pushed out for it."""

    still_own = True

    def __init__(self, chart: Chart):
        super().__init__(parent=chart, background=None)
        self.chart = chart

    def hideEvent(self, event) -> None:  # noqa: ANN001, N802
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

        plot = _View(self)
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
        item = plot.getPlotItem()
        item.setMouseEnabled(False, False)
        item.setMenuEnabled(False)
        item.hideButtons()
        item.hideAxis("left")
        item.hideAxis("bottom")
        item.layout.setContentsMargins(0, 0, 0, 0)
        self._plot = plot
        self._vb = item.getViewBox()
        self._vb.disableAutoRange()
        self._vb.setDefaultPadding(0.0)

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
            if lang == "en" and _CJK.search(text):
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

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        return QSize(round(240 * self._scale), round(200 * self._scale))

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        return QSize(round(560 * self._scale), round(420 * self._scale))

    # --- Qt events ----------------------------------------------------------------------

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt name)
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


# ---------------------------------------------------------------------------------------------
# Bars


class BarChart(Chart):
    """N bars growing from 0, a category label under each and a value label above each."""

    KIND = "bar"
    _BAR_FRACTION = 0.62  # of a slot
    _MAX_BAR_PX = 180  # at scale 1

    def _build(self) -> None:
        self._bars = pg.BarGraphItem(x=np.zeros(1), height=np.zeros(1), width=0.6, pen=None, brush="#FFFFFF")
        self._add(self._bars)
        self._baseline = pg.InfiniteLine(pos=0.0, angle=0, movable=False)
        self._baseline.setZValue(-5)
        self._add(self._baseline)
        self._value_items: list[pg.TextItem] = []
        self._label_items: list[pg.TextItem] = []
        self._caption_item = _make_text(MUTED_COLOR, (0.5, 1.0), still=True)
        self._add(self._caption_item)
        self._data_per_px = 1.0
        self._value_gap_px = 6.0
        self._split_units = False
        self._text_fit = 1.0
        self._n = 0

    # Hooks for CompareChart.
    def _brushes(self) -> list[QColor] | None:
        return None

    def _caption_markup(self) -> str:
        line = _caption_line(self._spec, self._spec.computed)
        return html.escape(line)

    def _apply_spec(self) -> None:
        spec = self._spec
        n = len(spec.values)
        while len(self._value_items) < n:
            value_item = _make_text(TEXT_COLOR, (0.5, 1.0))
            label_item = _make_text(TEXT_COLOR, (0.5, 0.0), still=True)
            self._add(value_item)
            self._add(label_item)
            self._value_items.append(value_item)
            self._label_items.append(label_item)
        while len(self._value_items) > n:
            for item in (self._value_items.pop(), self._label_items.pop()):
                self._vb.removeItem(item)
        self._n = n
        for label_item, label in zip(self._label_items, spec.labels):
            _set_text(label_item, label)
        markup = self._caption_markup()
        _set_html(self._caption_item, markup)
        self._caption_item.setVisible(bool(markup))
        brushes = self._brushes()
        opts: dict = {"x": np.arange(n, dtype=float), "height": np.zeros(n)}
        if brushes is None:
            opts.update(brush=_color(spec.color), brushes=None)
        else:
            opts.update(brushes=brushes)
        self._bars.setOpts(**opts)
        self._baseline.setPen(pg.mkPen(_color(MUTED_COLOR, 0.45), width=max(1.0, 1.5 * self._scale)))

    def _layout_extra(self, slot_px: float, bar_data_width: float) -> None:
        """Hook: CompareChart places its arrow."""

    def _value_text(self, i: int, value: float) -> str:
        if self._split_units:
            return f"{fmt.qualified(self._spec.qualifiers[i], self._spec.number(i, value))}\n{self._spec.unit}"
        return self._spec.shown_text(i, value)

    def _relayout(self, *args: object) -> None:
        W, H = self._view_size()
        if W < 4 or H < 4:
            return
        spec, sc, n = self._spec, self._scale, self._n
        pad, label_gap, band_gap = 8 * sc, 10 * sc, 8 * sc
        self._value_gap_px = 6 * sc
        slot = W / n
        text_w = max(slot * 0.94, 1.0)
        caption_w = max(W - 2 * pad, 1.0)
        caption = self._caption_markup()
        unit = spec.unit
        for fit in _FITS:
            value_font, label_font = self._font(VALUE_PX * sc * fit), self._font(LABEL_PX * sc * fit)
            # "1015.3 亿元" too wide for its bar: put the unit on a second line.
            metrics = QFontMetricsF(value_font)
            self._split_units = bool(unit) and not unit.startswith(TIGHT_UNITS) and any(
                metrics.horizontalAdvance(self._fmt(i, v)) > text_w for i, v in enumerate(spec.values)
            )
            labels = [_measure(t, label_font, text_w) for t in spec.labels]
            values = [_measure(self._value_text(i, v), value_font, text_w) for i, v in enumerate(spec.values)]
            cap_fits, caption_h = _measure(caption, label_font, caption_w, rich=True)
            label_h = max(h for _, h in labels)
            value_h = max(h for _, h in values)
            bottom_px = pad + label_h + label_gap + (caption_h + band_gap if caption else 0.0)
            top_px = pad + value_h + self._value_gap_px
            words_fit = cap_fits and all(ok for ok, _ in labels + values)
            if words_fit and H - top_px - bottom_px >= 0.3 * H:
                break
        self._text_fit = fit
        bar_px = max(H - top_px - bottom_px, 4 * sc)
        vmin = min(0.0, *spec.values)
        vmax = max(0.0, *spec.values)
        span = (vmax - vmin) or 1.0
        s = span / bar_px
        self._data_per_px = s
        y0, y1 = vmin - bottom_px * s, vmax + top_px * s
        self._vb.setRange(xRange=(-0.5, n - 0.5), yRange=(y0, y1), padding=0)

        for i, (value_item, label_item) in enumerate(zip(self._value_items, self._label_items)):
            value_item.setFont(value_font)
            label_item.setFont(label_font)
            value_item.setTextWidth(text_w)
            label_item.setTextWidth(_balanced_width(spec.labels[i], label_font, text_w))
            label_item.setPos(i, vmin - label_gap * s)
        self._caption_item.setFont(label_font)
        self._caption_item.setTextWidth(_balanced_width(caption, label_font, caption_w, rich=True))
        self._caption_item.setPos((n - 1) / 2, y0 + pad * s)
        bar_w = min(self._BAR_FRACTION, self._MAX_BAR_PX * sc / slot)
        self._bars.setOpts(width=bar_w)
        self._layout_extra(slot, bar_w)
        self._apply_progress()

    def _shown(self) -> np.ndarray:
        return np.asarray(self._spec.values, dtype=float) * self._progress

    def _apply_progress(self) -> None:
        heights = self._shown()
        self._bars.setOpts(height=heights)
        for i, (item, h) in enumerate(zip(self._value_items, heights)):
            item.setText(self._value_text(i, float(h)))
            item.setVisible(self._progress > 0)
        self._place_values()

    def _place_values(self) -> None:
        heights = self._shown()
        gap = self._value_gap_px * self._data_per_px
        for i, (item, h) in enumerate(zip(self._value_items, heights)):
            item.setPos(i, max(float(h), 0.0) + gap)

    def displayed_values(self) -> tuple[float, ...]:
        heights = self._bars.opts["height"]
        return tuple(float(h) for h in heights)

    def describe(self) -> str:
        spec = self._spec
        body = ", ".join(f"{label} {spec.shown_text(i)}" for i, label in enumerate(spec.labels))
        flag = _flag_text(spec, spec.computed)
        return _sentence(spec.caption, body, flag)


def _sentence(caption: str, body: str, flag: str) -> str:
    text = f"{caption.strip()}: {body}" if caption.strip() else body
    return f"{text} ({flag})" if flag else text


# ---------------------------------------------------------------------------------------------
# Before -> after


class CompareChart(BarChart):
    """Two bars (before muted, after in the accent), an arrow between, the change as caption."""

    KIND = "compare"
    _BAR_FRACTION = 0.5

    def _build(self) -> None:
        super()._build()
        self._arrow = pg.ArrowItem(angle=180, pxMode=True, pen=None)
        self._arrow.setZValue(5)
        self._add(self._arrow)
        self._arrow_y_fraction = 0.5

    def _brushes(self) -> list[QColor]:
        return [_color(self._spec.color, 0.45), _color(self._spec.color)]

    def change(self) -> tuple[float, float | None]:
        """(after - before, percentage change or None when before is 0)."""
        return self._spec.change()

    def _change_text(self) -> str:
        return self._spec.change_text()

    def _caption_markup(self) -> str:
        spec = self._spec
        parts = []
        if spec.caption.strip():
            parts.append(f'<span style="color:{MUTED_COLOR}">{html.escape(spec.caption.strip())}</span>')
        parts.append(f'<span style="color:{TEXT_COLOR}">{html.escape(self._change_text())}</span>')
        flag = _flag_text(spec, True)
        if flag:
            parts.append(f'<span style="color:{MUTED_COLOR}">{html.escape(flag)}</span>')
        return "&nbsp;· ".join(parts)

    def _layout_extra(self, slot_px: float, bar_data_width: float) -> None:
        sc = self._scale
        gap_px = (1.0 - bar_data_width) * slot_px
        length = gap_px - 2 * 14 * sc
        self._arrow_length_px = length
        head = min(18 * sc, length * 0.45)
        self._arrow.setStyle(
            headLen=head,
            headWidth=head * 0.9,
            baseAngle=0,
            tailLen=max(length - head, 0.0),
            tailWidth=max(2.0, 4 * sc),
            brush=_color(TEXT_COLOR, 0.85),
            pen=None,
        )
        self._arrow_x = 1.0 - bar_data_width / 2 - 14 * sc / slot_px

    def _place_values(self) -> None:
        super()._place_values()
        if not hasattr(self, "_arrow_x"):
            return
        before, after = self._spec.values
        low, high = sorted((max(before, 0.0), max(after, 0.0)))
        y = max(0.5 * low, 0.08 * high) * self._progress
        self._arrow.setPos(self._arrow_x, y)
        self._arrow.setVisible(self._progress > 0 and self._arrow_length_px >= 24 * self._scale)
        self._arrow.setOpacity(self._progress)

    def describe(self) -> str:
        spec = self._spec
        (l0, l1), (v0, v1) = spec.labels, spec.values
        body = f"{l0} {self._fmt(0, v0)} → {l1} {self._fmt(1, v1)}, {self._change_text()}"
        return _sentence(spec.caption, body, _flag_text(spec, True))


# ---------------------------------------------------------------------------------------------
# A result against its target


class BulletChart(Chart):
    """A result and its target (a bullet chart): the result is the one bar, growing; the target
    is a line across at its height, named at its end. Two equal bars read as two results."""

    KIND = "bullet"
    _MAX_BAR_PX = 180  # at scale 1

    def _build(self) -> None:
        self._bars = pg.BarGraphItem(x=[0.0], height=[0.0], width=1.0, pen=None, brush="#FFFFFF")
        self._add(self._bars)
        self._baseline = pg.InfiniteLine(pos=0.0, angle=0, movable=False)
        self._baseline.setZValue(-5)
        self._add(self._baseline)
        self._target = pg.PlotCurveItem()  # the reference line; drawn over the bar
        self._target.setZValue(6)
        self._add(self._target)
        self._value_item = _make_text(TEXT_COLOR, (0.5, 1.0))
        self._label_item = _make_text(TEXT_COLOR, (0.5, 0.0), still=True)
        self._target_item = _make_text(TEXT_COLOR, (1.0, 1.0), still=True)
        self._caption_item = _make_text(MUTED_COLOR, (0.5, 1.0), still=True)
        for item in (self._value_item, self._label_item, self._target_item, self._caption_item):
            self._add(item)
        self._data_per_px = 1.0
        self._value_gap_px = 6.0
        self._text_fit = 1.0
        self._bar_x = 0.0

    def _target_text(self) -> str:
        return f"{self._spec.labels[1]} {self._fmt(1, self._spec.values[1])}"

    def _apply_spec(self) -> None:
        spec = self._spec
        _set_text(self._label_item, spec.labels[0])
        _set_text(self._target_item, self._target_text())
        caption = _caption_line(spec, spec.computed)
        _set_text(self._caption_item, caption)
        self._caption_item.setVisible(bool(caption))
        self._bars.setOpts(brush=_color(spec.color))
        self._baseline.setPen(pg.mkPen(_color(MUTED_COLOR, 0.45), width=max(1.0, 1.5 * self._scale)))
        self._target.setPen(pg.mkPen(_color(TEXT_COLOR), width=max(2.0, 3 * self._scale)))

    def _relayout(self, *args: object) -> None:
        W, H = self._view_size()
        if W < 4 or H < 4:
            return
        spec, sc = self._spec, self._scale
        pad, label_gap, band_gap = 8 * sc, 10 * sc, 8 * sc
        self._value_gap_px = 6 * sc
        bar_px = min(self._MAX_BAR_PX * sc, 0.34 * W)
        # the bar stands left of centre, its value over it; the target's name sits on its line
        # right of the bar, in the wider part: side by side, their boxes must not meet
        cx = -0.2 * W
        self._bar_x = cx
        side_w = max(W / 2 - pad - (cx + bar_px / 2) - 8 * sc, 1.0)
        label_w = max(2 * (cx + W / 2 - pad), 1.0)  # the result's name, centred under its bar
        text_w = max(W - 2 * pad, 1.0)
        caption = _caption_line(spec, spec.computed)
        for fit in _FITS:
            value_font, label_font = self._font(VALUE_PX * sc * fit), self._font(LABEL_PX * sc * fit)
            label_ok, label_h = _measure(spec.labels[0], label_font, label_w)
            target_ok, target_h = _measure(self._target_text(), label_font, side_w)
            value_ok, value_h = _measure(self._value_text(1.0), value_font, bar_px)
            cap_ok, caption_h = _measure(caption, label_font, text_w)
            bottom_px = pad + label_h + label_gap + (caption_h + band_gap if caption else 0.0)
            top_px = pad + max(value_h + self._value_gap_px, target_h + 4 * sc)
            if label_ok and target_ok and value_ok and cap_ok and H - top_px - bottom_px >= 0.3 * H:
                break
        self._text_fit = fit
        bar_h = max(H - top_px - bottom_px, 4 * sc)
        vmax = max(max(spec.values), 0.0) or 1.0
        s = vmax / bar_h  # data per px (y); x is in px, centred on the bar
        self._data_per_px = s
        y0, y1 = -bottom_px * s, vmax + top_px * s
        self._vb.setRange(xRange=(-W / 2, W / 2), yRange=(y0, y1), padding=0)
        self._bars.setOpts(x=[cx], width=bar_px)
        self._value_item.setFont(value_font)
        self._value_item.setTextWidth(bar_px)
        self._label_item.setFont(label_font)
        self._label_item.setTextWidth(_balanced_width(spec.labels[0], label_font, label_w))
        self._label_item.setPos(cx, -label_gap * s)
        target = max(spec.values[1], 0.0)
        line_x0, line_x1 = cx - bar_px / 2 - 24 * sc, W / 2 - pad
        self._target.setData([line_x0, line_x1], [target, target])
        self._target_item.setFont(label_font)
        self._target_item.setTextWidth(_balanced_width(self._target_text(), label_font, side_w))
        self._target_item.setPos(line_x1, target + 4 * sc * s)
        self._caption_item.setFont(label_font)
        self._caption_item.setTextWidth(_balanced_width(caption, label_font, text_w))
        self._caption_item.setPos(0.0, y0 + pad * s)
        self._apply_progress()

    def _value_text(self, p: float) -> str:
        return self._spec.value_text(0, self._spec.values[0] * p)

    def _apply_progress(self) -> None:
        p = self._progress
        h = max(self._spec.values[0], 0.0) * p
        self._bars.setOpts(height=[h])
        self._value_item.setText(self._value_text(p))
        self._value_item.setVisible(p > 0)
        self._value_item.setPos(self._bar_x, h + self._value_gap_px * self._data_per_px)

    def displayed_values(self) -> tuple[float, ...]:
        return (float(self._bars.opts["height"][0]), self._spec.values[1])

    def describe(self) -> str:
        spec = self._spec
        body = f"{spec.labels[0]} {self._fmt(0, spec.values[0])}, {self._target_text()}"
        return _sentence(spec.caption, body, _flag_text(spec, spec.computed))


# ---------------------------------------------------------------------------------------------
# Rings


class _RingChart(Chart):
    """Shared layout of the donut and the gauge: ring on top, legend and caption below."""

    # Ring geometry in data units, outer radius 1. Subclasses set these.
    _STROKE_R = 0.87
    _STROKE_W = 0.26
    _START = 90.0
    _TOTAL = 360.0
    _CAP = Qt.PenCapStyle.FlatCap
    _BOX = (-1.0, 1.0, -1.0, 1.0)  # x0, x1, y0, y1 of everything drawn by the rings
    _CENTRE_Y = 0.0

    def _build(self) -> None:
        # the full ring never changes as the chart grows: kept, not stroked again each frame
        self._track = _KeptArc(self._STROKE_R, self._STROKE_W, self._START, self._CAP)
        self._arc = _ArcItem(self._STROKE_R, self._STROKE_W, self._START, self._CAP)
        self._track.set_sweep(self._TOTAL)
        self._add(self._track)
        self._add(self._arc)
        self._centre = _make_text(TEXT_COLOR, (0.5, 0.5), counting=True)
        self._legend = _make_text(TEXT_COLOR, (0.5, 0.0), still=True)
        self._caption = _make_text(MUTED_COLOR, (0.5, 0.0), still=True)
        for item in (self._centre, self._legend, self._caption):
            self._add(item)
        self._centre_px = CENTRE_PX
        self._text_fit = 1.0
        self._legend_stacked = False

    def _fraction(self) -> float:
        raise NotImplementedError

    def _centre_text(self, p: float) -> str:
        raise NotImplementedError

    def _legend_markup(self, stacked: bool = False) -> str:
        """The figures under the ring; ``stacked`` puts each on its own line."""
        raise NotImplementedError

    def _flagged(self) -> bool:
        return self._spec.computed

    def _caption_text(self) -> str:
        return _caption_line(self._spec, self._flagged())

    def _apply_spec(self) -> None:
        self._arc.set_color(_color(self._spec.color))
        self._track.set_color(_color(self._spec.color, 0.2))
        _set_html(self._legend, self._legend_markup(self._legend_stacked))
        caption = self._caption_text()
        _set_text(self._caption, caption)
        self._caption.setVisible(bool(caption))

    def _relayout(self, *args: object) -> None:
        W, H = self._view_size()
        if W < 4 or H < 4:
            return
        sc = self._scale
        pad, gap = 8 * sc, 6 * sc
        text_w = max(W - 2 * pad, 1.0)
        caption = self._caption_text()
        for fit in _FITS:
            label_font = self._font(LABEL_PX * sc * fit)
            # Several figures that do not fit on one line get a line each.
            legend = self._legend_markup()
            self._legend_stacked = _one_line_width(legend, label_font, rich=True) > text_w
            legend = self._legend_markup(self._legend_stacked)
            legend_fits, legend_h = _measure(legend, label_font, text_w, rich=True)
            caption_fits, caption_h = _measure(caption, label_font, text_w)
            bands = (gap + legend_h if legend else 0.0) + (gap + caption_h if caption else 0.0)
            ring_h_avail = H - 2 * pad - bands
            if legend_fits and caption_fits and ring_h_avail >= 0.5 * (H - 2 * pad):
                break
        self._text_fit = fit
        ring_h_avail = max(ring_h_avail, 8 * sc)

        x0, x1, y0, y1 = self._BOX
        k = max(min((W - 2 * pad) / (x1 - x0), ring_h_avail / (y1 - y0)), 1.0)  # px per unit
        block = (y1 - y0) * k + bands
        top_px = max((H - block) / 2, pad)
        view_top = y1 + top_px / k
        view_bottom = view_top - H / k
        cx = (x0 + x1) / 2
        self._vb.setRange(xRange=(cx - W / 2 / k, cx + W / 2 / k), yRange=(view_bottom, view_top), padding=0)

        y = y0 - gap / k
        _set_html(self._legend, legend)
        for item, text, rich in ((self._legend, legend, True), (self._caption, caption, False)):
            item.setFont(label_font)
            item.setTextWidth(_balanced_width(text, label_font, text_w, rich))
        self._legend.setPos(cx, y)
        if legend:
            y -= (legend_h + gap) / k
        self._caption.setPos(cx, y)

        # The centre number: 56 px at scale 1, smaller when the hole is too small for it.
        inner_px = 2 * (self._STROKE_R - self._STROKE_W / 2) * k * 0.84
        want = CENTRE_PX * sc
        width = QFontMetricsF(self._font(want)).horizontalAdvance(self._centre_text(1.0))
        self._centre_px = want if width <= inner_px or width == 0 else max(10.0, want * inner_px / width)
        self._centre.setFont(self._font(self._centre_px))
        self._centre.setPos(0.0, self._CENTRE_Y)

    def _apply_progress(self) -> None:
        p = self._progress
        self._arc.set_sweep(self._TOTAL * self._fraction() * p)
        self._centre.setText(self._centre_text(p))
        self._centre.setVisible(p > 0)


class DonutChart(_RingChart):
    """Part of a whole: a ring slice sweeping to part/whole, the share in the centre."""

    KIND = "donut"

    def share(self) -> float:
        """part / whole (not clamped)."""
        return self._spec.share()

    def _fraction(self) -> float:
        return self._spec.ring_fraction()

    def _centre_text(self, p: float) -> str:
        return self._spec.centre_text(p)

    def _legend_markup(self, stacked: bool = False) -> str:
        spec = self._spec
        accent = _css(_color(spec.color))
        items = []
        for i, (mark, label, value) in enumerate(zip("●○", spec.labels, spec.values)):
            text = html.escape(f"{label} {self._fmt(i, value)}")
            items.append(f'<span style="color:{accent}">{mark}</span>&nbsp;{text}')
        return ("<br>" if stacked else "&nbsp;&nbsp;&nbsp; ").join(items)

    def displayed_values(self) -> tuple[float, ...]:
        part, whole = self._spec.values
        return (part * self._progress, whole)

    def describe(self) -> str:
        spec = self._spec
        body = ", ".join(f"{label} {self._fmt(i, v)}" for i, (label, v) in enumerate(zip(spec.labels, spec.values)))
        body += f", {self._centre_text(1.0)}"
        return _sentence(spec.caption, body, _flag_text(spec, spec.computed))


class GaugeChart(_RingChart):
    """A rate 0-100 %: a 240° track with a filled arc growing to the rate, value in the centre."""

    KIND = "gauge"
    _STROKE_R = 0.92
    _STROKE_W = 0.16
    _START = 210.0
    _TOTAL = 240.0
    _CAP = Qt.PenCapStyle.RoundCap
    # The arc ends at ±30° below the horizontal: lowest point is the round cap there.
    _BOX = (-1.0, 1.0, -(0.92 * 0.5 + 0.08) - 0.02, 1.0)
    _CENTRE_Y = 0.05

    def _fraction(self) -> float:
        return self._spec.ring_fraction()

    def _centre_text(self, p: float) -> str:
        return self._spec.centre_text(p)

    def _legend_markup(self, stacked: bool = False) -> str:
        return html.escape(self._spec.labels[0])

    def displayed_values(self) -> tuple[float, ...]:
        return (self._spec.values[0] * self._progress,)

    def describe(self) -> str:
        spec = self._spec
        body = f"{spec.labels[0]} {spec.centre_text()}"
        return _sentence(spec.caption, body, _flag_text(spec, spec.computed))


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
