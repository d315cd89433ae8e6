"""The attract loop's overlay: while the kiosk stands idle it covers the window and cycles
through the themes' highlight figures under a pulsing "touch to explore" prompt. A widget only:
when it starts and stops, and what a touch on it does, is the kiosk mode's policy
(modes/kiosk.py)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QEasingCurve, QEvent, Qt, QTimer, QVariantAnimation, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QVBoxLayout, QWidget

from . import style
from .widgets import FigureView, Opaque, icon_pixmap, label
from .window import Shell

log = logging.getLogger(__name__)


class AttractOverlay(Opaque, QWidget):
    """Covers the window while idle: cycles through highlight figures with a pulsing prompt.

    It paints its own background and is Opaque to Qt, so the home screen under it is not
    painted: before, every frame of its pulse and counting figure painted that too (4K: ~8 of a
    ~12 ms frame)."""

    touched = Signal()

    def __init__(self, shell: Shell, interval_s: float):
        super().__init__(shell)
        self.shell = shell
        self.ctx = shell.ctx
        self.setObjectName("Attract")
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.highlights = [(t, t.figure(fid)) for t in self.ctx.exhibition.themes for fid in t.highlights]
        self.index = -1
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
        self.pulse.valueChanged.connect(lambda _v: self.prompt_zh.update())

        self.theme_title = label("", "heading")
        self.figure_slot = QVBoxLayout()
        self.figure: FigureView | None = None
        self.title = label("", "title")
        self.prompt_zh = label("", "heading")
        self.prompt_en = label("", "subheading")
        self.icon = label("", None, wrap=False)
        for w in (self.theme_title, self.title, self.prompt_zh, self.prompt_en, self.icon):
            w.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lay = QVBoxLayout(self)
        lay.addStretch(1)
        lay.addWidget(self.title)
        lay.addSpacing(24)
        lay.addWidget(self.theme_title)
        lay.addLayout(self.figure_slot)
        lay.addStretch(1)
        lay.addWidget(self.icon)
        lay.addWidget(self.prompt_zh)
        lay.addWidget(self.prompt_en)
        lay.addSpacing(48)
        self.hide()

    def start(self) -> None:
        self.setGeometry(self.shell.rect())
        m = self.ctx.metrics
        style.own_sheet(self, self.ctx, "")  # the app's sheet for its labels; the background is painted
        self.layout().setContentsMargins(m.margin, m.margin, m.margin, m.margin)
        ex = self.ctx.exhibition
        self.title.setText(ex.title("zh") + "\n" + ex.title("en"))
        self.prompt_zh.setText(ex.attract("zh"))
        self.prompt_en.setText(ex.attract("en"))
        self.icon.setPixmap(icon_pixmap(self.ctx.assets_dir, "icons/touch.svg", m.px(96)))
        self.index = -1
        self.next()
        self.show()
        self.raise_()
        self.timer.start()
        if not self.ctx.reduce_motion:
            self.pulse.start()
        log.info("attract loop started")

    def stop(self) -> None:
        self.timer.stop()
        self.pulse.stop()
        self.hide()

    def running(self) -> bool:
        return self.isVisible()

    def next(self) -> None:
        if not self.highlights:
            return
        self.index = (self.index + 1) % len(self.highlights)
        theme, fig = self.highlights[self.index]
        lang = "zh" if self.index % 2 == 0 else "en"
        self.theme_title.setText(theme.title(lang))
        self.theme_title.setStyleSheet(f"color: {theme.accent};")
        if self.figure is not None:
            self.figure_slot.removeWidget(self.figure)
            self.figure.deleteLater()
        self.figure = FigureView(fig, theme.accent, self)
        self.figure.value_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.figure.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.figure.apply_metrics(self.ctx.metrics)
        self.figure.set_language(lang)
        self.figure_slot.addWidget(self.figure)
        # placed before it counts (FigureView.animate), shown first (a layout skips a widget
        # not shown yet): the number counted at the left and jumped to the centre at its end
        self.figure.show()
        self.layout().activate()
        self.figure.animate(self.ctx.ms("counter_ms"))

    def paintEvent(self, event) -> None:  # noqa: ANN001
        # the background (every pixel: WA_OpaquePaintEvent), then a soft pulsing ring behind the prompt
        v = float(self.pulse.currentValue() or 1.0) if self.pulse.state() == QVariantAnimation.State.Running else 1.0
        p = QPainter(self)
        p.fillRect(event.rect(), QColor(style.BG))
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        c = QColor("#7FA7D9")
        c.setAlphaF(0.25 * v)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(c)
        r = int(self.ctx.metrics.px(90) * (0.8 + 0.4 * v))
        center = self.icon.geometry().center()
        p.drawEllipse(center, r, r)
        p.end()

    def mousePressEvent(self, event) -> None:  # noqa: ANN001
        event.accept()
        self.touched.emit()

    def mouseReleaseEvent(self, event) -> None:  # noqa: ANN001
        event.accept()

    def event(self, e: QEvent) -> bool:
        if e.type() in (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd):
            e.accept()
            if e.type() == QEvent.Type.TouchBegin:
                self.touched.emit()
            return True
        return super().event(e)
