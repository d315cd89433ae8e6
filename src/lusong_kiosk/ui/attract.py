"""The attract loop's overlay: while the kiosk stands idle it covers the window with one slide
per theme, the themes interleaved (a passer-by sees all five within five slides), each slide
bilingual (Chinese large, English beneath): the theme's illustration and a figure huge, one of
its charts growing, under a pulsing "touch to explore" prompt. Each round ends with an offer of
the three-minute tour; a tap on it emits ``tour_requested``.

A widget only: when it starts and stops, and what a touch on it does, is the kiosk mode's
policy (modes/kiosk.py)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import QEasingCurve, QEvent, QPoint, QRect, Qt, QTimer, QVariantAnimation, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QBoxLayout, QVBoxLayout, QWidget

from ..content.model import Chart, Exhibition, Figure, Theme
from ..present.format import figure_words
from . import style
from .illustration import TITLE, Illustration, illustration_path
from .widgets import FigureView, Opaque, TapButton, icon_pixmap, label
from .shell import Shell
from .tour import tour_title

log = logging.getLogger(__name__)

OFFER = "offer"
OFFER_ACCENT = "#7FA7D9"  # the timeline's blue, as the prompt's ring
FIGURE_ZH, FIGURE_EN = 40, 30  # design px: the figure's caption, and its English words beneath
RING = 90  # design px: the pulsing ring's radius behind the prompt's hand
FIGURE_SCALE = 1.4  # the slide's figure against a theme page's
CHART_HEIGHT, CHART_MIN = 240, 160  # design px: the chart's height, and what it may give way to
PORTRAIT_CHART = 1.75  # portrait has the height to spare: the chart's rings and bars read from further


@dataclass(frozen=True)
class Slide:
    """One slide of the loop: a theme with the figure and chart it shows, or the tour offer."""

    kind: str  # "theme" or OFFER
    theme: Theme | None = None
    figure: Figure | None = None
    chart: Chart | None = None


def plan(ex: Exhibition, round_no: int) -> list[Slide]:
    """Round ``round_no`` of the loop: one slide per theme, in the themes' order, then the tour
    offer. Round r shows each theme's r-th figure (its hero first, then its highlights) and its
    r-th chart, so later rounds tell more without ever grouping one theme's slides together."""
    slides = []
    for theme in ex.themes:
        figures = [theme.hero_figure()] + [theme.figure(f) for f in theme.highlights if f != theme.hero]
        chart = theme.charts[round_no % len(theme.charts)] if theme.charts else None
        slides.append(Slide("theme", theme, figures[round_no % len(figures)], chart))
    slides.append(Slide(OFFER))
    return slides


class AttractOverlay(Opaque, QWidget):
    """Covers the window while idle: cycles through the slides of ``plan`` every
    ``interval_s`` seconds, with a pulsing prompt.

    It paints its own background and is Opaque to Qt, so the home screen under it is not
    painted: before, every frame of its pulse and counting figure painted that too (4K: ~8 of a
    ~12 ms frame)."""

    touched = Signal()
    tour_requested = Signal()  # the tour offer was tapped (the lead's wiring opens the tour)

    def __init__(self, shell: Shell, interval_s: float):
        super().__init__(shell)
        self.shell = shell
        self.ctx = shell.ctx
        self.setObjectName("Attract")
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.index = -1  # slides shown since the loop started, less one
        self.slide: Slide | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(max(100, int(interval_s * 1000)))
        self.timer.timeout.connect(self.next)
        self.pulse = QVariantAnimation(self)
        self.pulse.setStartValue(0.35)
        self.pulse.setKeyValueAt(0.5, 1.0)
        self.pulse.setEndValue(0.35)
        self.pulse.setDuration(2000)
        self.pulse.setLoopCount(-1)
        self.pulse.setEasingCurve(QEasingCurve.Type.InOutSine)
        self.pulse.valueChanged.connect(self._pulse_frame)

        # the slide: the drawing beside (portrait: above) the words, figure and chart
        self.art: Illustration | None = None
        self.theme_zh = label("", "title")
        self.theme_en = label("", "subheading")
        self.figure_slot = QVBoxLayout()
        self.figure: FigureView | None = None
        self.figure_en = label("", "subheading")
        self.chart_slot = QVBoxLayout()
        # the chart shown now (ui/charts.Chart; pyqtgraph is loaded only once the loop runs), made
        # for its slide and deleted with it: kept, the loop's charts (one per theme and chart,
        # ~1 MB each) stayed in memory for good after a few rounds of the loop at night
        self.chart = None
        self.offer = TapButton("", kind="primary")
        self.offer.clicked.connect(self.tour_requested.emit)
        self.offer_art: Illustration | None = None
        self.prompt_zh = label("", "heading")
        self.prompt_en = label("", "subheading")
        self.icon = label("", None, wrap=False)
        for w in (self.theme_zh, self.theme_en, self.figure_en):
            w.setAlignment(Qt.AlignmentFlag.AlignLeft)
        for w in (self.prompt_zh, self.prompt_en, self.icon):
            w.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.words = words = QVBoxLayout()
        words.addStretch(1)
        words.addWidget(self.theme_zh)
        words.addWidget(self.theme_en)
        words.addLayout(self.figure_slot)
        words.addWidget(self.figure_en)
        words.addLayout(self.chart_slot)
        words.addStretch(1)
        self.art_slot = QVBoxLayout()
        # the theme slides and the offer are two pages: the one not shown takes no room
        self.theme_view = QWidget(self)
        self.body = QBoxLayout(QBoxLayout.Direction.LeftToRight, self.theme_view)
        self.body.setContentsMargins(0, 0, 0, 0)
        self.body.addLayout(self.art_slot, 1)
        self.body.addLayout(words, 1)
        self.offer_view = QWidget(self)
        self.offer_box = QVBoxLayout(self.offer_view)
        self.offer_box.addStretch(1)
        self.offer_box.addWidget(self.offer, 0, Qt.AlignmentFlag.AlignCenter)
        self.offer_box.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addWidget(self.theme_view, 1)
        lay.addWidget(self.offer_view, 1)
        lay.addWidget(self.icon)
        lay.addWidget(self.prompt_zh)
        lay.addWidget(self.prompt_en)
        self.hide()

    # the loop ------------------------------------------------------------------------------
    def start(self) -> None:
        self.setGeometry(self.shell.rect())
        m = self.ctx.metrics
        style.own_sheet(self, self.ctx, "")  # the app's sheet for its labels; the background is painted
        self.layout().setContentsMargins(m.margin, m.px(32), m.margin, m.px(24))
        self.layout().setSpacing(m.px(8))
        self.body.setDirection(QBoxLayout.Direction.TopToBottom if m.portrait else QBoxLayout.Direction.LeftToRight)
        # portrait: the drawing takes its own height and the words the rest (half the screen
        # each left a band of nothing under the drawing and squeezed the chart to its least)
        self.body.setStretch(0, 0 if m.portrait else 1)
        self.body.setSpacing(m.px(64))
        self.words.setSpacing(m.px(12))
        # the figure's English words beneath its Chinese caption, a size below it (as the titles)
        style.apply_sheet(self.figure_en, f"QLabel {{ font-size: {m.fpx(FIGURE_EN)}px; font-weight: normal; "
                                          f"color: {style.MUTED}; }}")
        ex = self.ctx.exhibition
        self.prompt_zh.setText(ex.attract("zh"))
        self.prompt_en.setText(ex.attract("en"))
        self.icon.setPixmap(icon_pixmap(self.ctx.assets_dir, "icons/touch.svg", m.px(96)))
        # the offer: both languages on the one button, big, with the title graphic above it
        # the tour's computed length, as its home tile says it (a settings change changes both)
        self.offer.setText(f"{tour_title(self.ctx, 'zh')}\n{tour_title(self.ctx, 'en')}")
        self.offer.setAccessibleName(f"{tour_title(self.ctx, 'zh')} · {tour_title(self.ctx, 'en')}")
        self.offer.apply_metrics(m)
        # its own sheet replaces the button's: the whole look is stated here
        self.offer.setStyleSheet(
            f"QPushButton {{ font-size: {m.fpx(style.HEADING)}px; font-weight: bold; color: {style.TEXT};"
            f" background: {style.BG_RAISED}; border: {m.px(4)}px solid {OFFER_ACCENT};"
            f" border-radius: {m.px(28)}px; padding: {m.px(20)}px {m.px(64)}px; }}"
            f"QPushButton:pressed {{ background: {style.BG_PRESSED}; }}")
        self.offer.setFixedHeight(m.px(200))
        self.offer.setMinimumWidth(m.px(640))
        if self.offer_art is None and illustration_path(self.ctx.assets_dir, TITLE):
            self.offer_art = Illustration(self.ctx.assets_dir, TITLE, "", self.offer_view)
            self.offer_box.insertWidget(1, self.offer_art, 0, Qt.AlignmentFlag.AlignCenter)
        if self.offer_art is not None:
            self.offer_art.set_height(m.px(200))
        self.index = -1
        self.show()  # first: a slide is measured with the app's sheet applied (shown, polished)
        self.raise_()
        self.next()
        self.timer.start()
        if not self.ctx.reduce_motion:
            self.pulse.start()
        log.info("attract loop started")

    def stop(self) -> None:
        self.timer.stop()
        self.pulse.stop()
        self._drop_chart()
        self.hide()

    def running(self) -> bool:
        return self.isVisible()

    def slide_at(self, index: int) -> Slide:
        """The ``index``-th slide since the loop started (0 = the first)."""
        per_round = len(self.ctx.exhibition.themes) + 1
        return plan(self.ctx.exhibition, index // per_round)[index % per_round]

    def next(self) -> None:
        if not self.ctx.exhibition.themes:
            return
        self.index += 1
        self.slide = self.slide_at(self.index)
        if self.slide.kind == OFFER:
            self._show_offer(True)
        else:
            self._show_offer(False)
            self._show_theme(self.slide)

    def _show_offer(self, on: bool) -> None:
        self.offer_view.setVisible(on)
        self.theme_view.setVisible(not on)
        self.layout().activate()

    def _show_theme(self, slide: Slide) -> None:
        theme, fig = slide.theme, slide.figure
        assert theme is not None and fig is not None
        m = self.ctx.metrics
        accent = style.accent(theme.accent)
        self.theme_zh.setText(theme.title("zh"))
        self.theme_zh.setStyleSheet(f"color: {accent};")
        self.theme_en.setText(theme.title("en"))
        # the drawing, as large as half the screen allows
        if self.art is not None:
            self.art_slot.removeWidget(self.art)
            self.art.hide()
            self.art.deleteLater()
            self.art = None
        if illustration_path(self.ctx.assets_dir, theme.id):
            self.art = Illustration(self.ctx.assets_dir, theme.id, accent, self.theme_view)
            self.art.set_height(m.px(440 if m.portrait else 500))
            self.art_slot.addWidget(self.art, 0, Qt.AlignmentFlag.AlignCenter)
            self.art.show()
        if self.figure is not None:
            self.figure_slot.removeWidget(self.figure)
            self.figure.hide()
            self.figure.deleteLater()
        # its Chinese caption in the text's colour, larger than the English line under it (the
        # app's muted body size made the English read as the slide's main line); FIGURE_ZH is
        # at the page's scale, the figure's own FIGURE_SCALE times larger
        self.figure = FigureView(fig, theme.accent, self.theme_view, caption=FIGURE_ZH / FIGURE_SCALE)
        # the figure at twice its page size: the slide's one thing, read from across the room
        self.figure.apply_metrics(style.Metrics(m.scale * FIGURE_SCALE, m.portrait, m.text))
        self.figure.set_language("zh")
        self.figure_slot.addWidget(self.figure)
        self.figure_en.setText(figure_words(fig, "en"))
        self._show_chart(theme, slide.chart)
        # placed before it counts (FigureView.animate), shown first (a layout skips a widget
        # not shown yet): the number counted at the left and jumped at its end
        self.figure.show()
        self.figure.setMinimumHeight(self.figure.sizeHint().height())  # the chart gives way, not the figure
        for lay in (self.body, self.layout()):
            lay.invalidate()
            lay.activate()
        self.figure.animate(self.ctx.ms("counter_ms"))
        if self.chart is not None:
            self.chart.animate(self.ctx.ms("chart_ms"))

    def _drop_chart(self) -> None:
        if self.chart is not None:
            self.chart.finish()
            self.chart.hide()
            self.chart_slot.removeWidget(self.chart)
            self.chart.deleteLater()
            self.chart = None

    def _show_chart(self, theme: Theme, chart: Chart | None) -> None:
        self._drop_chart()
        if chart is None:
            return
        from ..present.charts import chart_spec
        from .charts import make_chart  # pyqtgraph, loaded only once the loop runs

        spec = chart_spec(chart, theme.chart_figures(chart), style.accent(theme.accent), "zh",
                          theme.chart_share(chart))
        widget = make_chart(spec, self.theme_view)
        widget.set_font_family(self.ctx.family)
        m = self.ctx.metrics
        widget.set_scale(m.scale * m.text)
        widget.setMinimumHeight(m.px(CHART_MIN))
        widget.setMaximumHeight(m.px(CHART_HEIGHT * (PORTRAIT_CHART if m.portrait else 1)))
        self.chart_slot.addWidget(widget)
        self.chart = widget
        widget.show()

    def slide_texts(self) -> list[str]:
        """The words on the slide shown now, as a visitor reads them (for the tests and audits)."""
        if self.slide is None:
            return []
        if self.slide.kind == OFFER:
            return self.offer.text().split("\n") + [self.prompt_zh.text(), self.prompt_en.text()]
        words = [self.theme_zh.text(), self.theme_en.text(), self.figure_en.text()]
        return words + [self.prompt_zh.text(), self.prompt_en.text()]

    # painting and touch -------------------------------------------------------------------
    def paintEvent(self, event) -> None:  # noqa: ANN001 - a Qt event handler
        # guarded: an exception escaping a Python paint override aborts the whole app
        try:
            # the background (every pixel: WA_OpaquePaintEvent), then a soft pulsing ring behind the prompt
            running = self.pulse.state() == QVariantAnimation.State.Running
            v = float(self.pulse.currentValue() or 1.0) if running else 1.0
            p = QPainter(self)
            p.fillRect(event.rect(), QColor(style.BG))
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            c = QColor("#7FA7D9")
            c.setAlphaF(0.25 * v)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(c)
            r = int(self.ctx.metrics.px(RING) * (0.8 + 0.4 * v))
            center = self.icon.geometry().center()
            p.drawEllipse(center, r, r)
            p.end()
        except Exception:
            log.exception("attract loop: paint failed")

    def ring_rect(self) -> QRect:
        """Where the pulsing ring may paint: a frame of the pulse repaints this square alone
        (repainting the prompt's label alone left bands of old ring above and below it)."""
        r = int(self.ctx.metrics.px(RING) * 1.2) + 2
        c = self.icon.geometry().center()
        return QRect(c.x() - r, c.y() - r, 2 * r + 1, 2 * r + 1)

    def _pulse_frame(self, _v) -> None:  # noqa: ANN001 - the animation's value
        self.update(self.ring_rect())

    def offer_at(self, global_pos: QPoint) -> bool:
        """Whether a touch at ``global_pos`` lands on the tour offer now shown."""
        if self.slide is None or self.slide.kind != OFFER or not self.offer.isVisible():
            return False
        return self.offer.rect().contains(self.offer.mapFromGlobal(global_pos))

    def tap(self, global_pos: QPoint) -> None:
        """A touch on the loop: the tour when it lands on the offer, otherwise just "touched"."""
        if self.offer_at(global_pos):
            self.tour_requested.emit()
        else:
            self.touched.emit()

    def mousePressEvent(self, event) -> None:  # noqa: ANN001 - a Qt event handler
        event.accept()
        self.tap(event.globalPosition().toPoint())

    def mouseReleaseEvent(self, event) -> None:  # noqa: ANN001 - a Qt event handler
        event.accept()

    def event(self, e: QEvent) -> bool:
        if e.type() in (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd):
            e.accept()
            if e.type() == QEvent.Type.TouchBegin and e.points():
                self.tap(e.points()[0].globalPosition().toPoint())
            return True
        return super().event(e)
