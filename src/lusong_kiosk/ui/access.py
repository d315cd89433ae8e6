"""The accessibility panel: larger text, high contrast and reduce motion, for every visitor.

The top bar's accessibility button (on every screen, home included) opens :class:`AccessPanel`,
a small overlay inside the window (never a system dialog). Each choice takes effect at once and
keeps the current screen:

- text size (``style.TEXT_STEPS``: 100 %, 125 %, 150 %): ``ctx.text_scale`` multiplies every type
  size in ``style.Metrics`` (labels, buttons, figures, chart text), and the shell re-applies its
  metrics;
- high contrast: ``style.set_palette`` (pure black, white text, thicker outlines, brighter accents);
- reduce motion: ``ctx.reduce_motion`` (``ctx.ms`` returns 0: every animation shows its final
  state at once; running ones finish now).

:func:`apply` is the one way to change them (the panel, tests, the kiosk's idle reset through
:func:`reset`); the shell's ``accessibility_changed`` signal reports each change.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEasingCurve, QEvent, QObject, QPoint, Qt, QTimer, QVariantAnimation
from PySide6.QtGui import QIcon, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (QFrame, QGraphicsOpacityEffect, QGridLayout, QHBoxLayout, QSizePolicy, QVBoxLayout,
                               QWidget)

from ..present.strings import text
from . import style
from .widgets import TapButton, icon_pixmap, label

log = logging.getLogger(__name__)

OPEN_MS = 260


def apply(shell, *, text_scale: float | None = None, high_contrast: bool | None = None,  # noqa: ANN001 - the Shell (ui.shell imports this module)
          reduce_motion: bool | None = None) -> None:
    """Change any of the three settings on ``shell`` now; unchanged ones cost nothing."""
    ctx = shell.ctx
    changed: list[tuple[str, object]] = []
    restyle = False
    if text_scale is not None and float(text_scale) != ctx.text_scale:
        ctx.text_scale = float(text_scale)
        changed.append(("text_scale", ctx.text_scale))
        restyle = True
    if high_contrast is not None and bool(high_contrast) != ctx.high_contrast:
        ctx.high_contrast = bool(high_contrast)
        changed.append(("high_contrast", ctx.high_contrast))
        restyle = True
    if reduce_motion is not None and bool(reduce_motion) != ctx.reduce_motion:
        ctx.reduce_motion = bool(reduce_motion)
        changed.append(("reduce_motion", ctx.reduce_motion))
    if not changed:
        return
    if restyle:
        style.set_palette(ctx.high_contrast)
        shell.apply_metrics(force=True)
    if ctx.reduce_motion:
        shell.finish_all()  # whatever is moving now arrives at once
    panel = shell.access_panel
    if panel is not None:
        if restyle:
            panel.apply_metrics()
        panel.refresh()
        if ctx.reduce_motion:
            panel.finish()
    for name, value in changed:
        log.info("accessibility: %s = %s", name, value)
        shell.accessibility_changed.emit(name, value)


def reset(shell) -> None:  # noqa: ANN001 - the Shell (ui.shell imports this module)
    """Back to the defaults (the kiosk's idle reset): normal text and palette, the configured motion."""
    panel = shell.access_panel
    if panel is not None:
        panel.close_panel()
    apply(shell, text_scale=1.0, high_contrast=False, reduce_motion=shell.ctx.settings.reduce_motion)


def percent(step: float) -> str:
    return f"{round(step * 100)}%"


class AccessPanel(QWidget):
    """A dimmed layer over the whole window with a small panel in the middle.

    A tap outside the panel, the Close button or Esc closes it. It opens with a short fade and
    rise, or at once when motion is reduced.
    """

    def __init__(self, shell):  # noqa: ANN001 - the Shell (ui.shell imports this module)
        super().__init__(shell)
        self.shell = shell
        self.ctx = shell.ctx
        self.setObjectName("AccessLayer")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)

        self.card = QFrame(self)
        self.card.setObjectName("AccessPanel")
        self.card.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.title = label("", "subheading")
        self.close_button = TapButton("")
        self.close_button.clicked.connect(self.close_panel)
        self.size_label = label("", None)
        self.size_buttons: dict[float, TapButton] = {}
        for step in style.TEXT_STEPS:
            b = TapButton(percent(step))
            b.setCheckable(True)
            b.clicked.connect(lambda _=False, s=step: apply(self.shell, text_scale=s))
            self.size_buttons[step] = b
        self.contrast = TapButton("")
        self.contrast.setCheckable(True)
        self.contrast.clicked.connect(lambda: apply(self.shell, high_contrast=not self.ctx.high_contrast))
        self.motion = TapButton("")
        self.motion.setCheckable(True)
        self.motion.clicked.connect(lambda: apply(self.shell, reduce_motion=not self.ctx.reduce_motion))
        self.reset_button = TapButton("")
        self.reset_button.clicked.connect(lambda: apply(self.shell, text_scale=1.0, high_contrast=False,
                                                        reduce_motion=self.ctx.settings.reduce_motion))
        self.hint = label("", "small")
        for b in (*self.size_buttons.values(), self.contrast, self.motion, self.reset_button):
            b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self.size_row = QHBoxLayout()
        for b in self.size_buttons.values():
            self.size_row.addWidget(b)
        self.toggles = QGridLayout()
        self.toggles.addWidget(self.contrast, 0, 0)
        self.toggles.addWidget(self.motion, 1, 0)
        self.col = QVBoxLayout(self.card)
        self.col.addLayout(head)
        self.col.addWidget(self.size_label)
        self.col.addLayout(self.size_row)
        self.col.addLayout(self.toggles)
        self.col.addWidget(self.reset_button)
        self.col.addWidget(self.hint)

        self.effect = QGraphicsOpacityEffect(self.card)
        self.effect.setEnabled(False)
        self.card.setGraphicsEffect(self.effect)
        self._anim = QVariantAnimation(self)
        self._anim.setStartValue(0.0)
        self._anim.setEndValue(1.0)
        self._anim.setEasingCurve(QEasingCurve.Type.OutCubic)
        self._anim.valueChanged.connect(self._on_progress)
        self._progress = 1.0

        shell.installEventFilter(self)  # follow the window's size
        shell.language_changed.connect(lambda _lang: self.refresh())
        self.hide()
        self.apply_metrics()
        self.refresh()

    # state ---------------------------------------------------------------------
    def open(self) -> None:
        self.refresh()
        self.apply_metrics()
        self.show()
        self.raise_()
        ms = self.ctx.ms("transition_ms")
        self._anim.stop()
        if ms <= 0:
            self._on_progress(1.0)
        else:
            self._anim.setDuration(max(OPEN_MS, ms))
            self._on_progress(0.0)
            self._anim.start()

    def close_panel(self) -> None:
        self._anim.stop()
        self._on_progress(1.0)
        self.hide()

    def finish(self) -> None:
        if self.is_animating():
            self._anim.stop()
            self._on_progress(1.0)

    def is_animating(self) -> bool:
        return self._anim.state() == QVariantAnimation.State.Running

    def progress(self) -> float:
        return self._progress

    def final_pos(self) -> QPoint:
        return QPoint((self.width() - self.card.width()) // 2, (self.height() - self.card.height()) // 2)

    def _on_progress(self, p) -> None:  # noqa: ANN001 - an animation's value (a float)
        self._progress = float(p)
        self.effect.setEnabled(self._progress < 1.0)
        self.effect.setOpacity(self._progress)
        rise = round((1.0 - self._progress) * self.ctx.metrics.px(40))
        self.card.move(self.final_pos() + QPoint(0, rise))

    # text and look ---------------------------------------------------------------
    def refresh(self) -> None:
        """Labels in the current language and the buttons' state from the context."""
        lang, ctx = self.ctx.lang, self.ctx
        self.title.setText(text("access.title", lang))
        self.close_button.setText(text("access.close", lang))
        self.size_label.setText(text("access.text_size", lang))
        for step, b in self.size_buttons.items():
            b.setChecked(abs(step - ctx.text_scale) < 1e-6)
            b.setAccessibleName(f"{text('access.text_size', lang)} {percent(step)}")
        for b, what, on in ((self.contrast, "contrast", ctx.high_contrast), (self.motion, "motion", ctx.reduce_motion)):
            b.setChecked(on)
            name = text(f"access.{what}", lang)
            b.setText(text("access.setting", lang, name=name, state=text("access.on" if on else "access.off", lang)))
            b.setAccessibleName(name)
            b.setAccessibleDescription(text(f"access.{what}_hint", lang))
        self.reset_button.setText(text("access.reset", lang))
        self.hint.setText(text("access.hint", lang))
        self.setAccessibleName(text("access.title", lang))
        self._place()

    def apply_metrics(self) -> None:
        m = self.ctx.metrics
        shade = "rgba(0, 0, 0, 200)" if style.HIGH_CONTRAST else "rgba(4, 8, 16, 170)"
        style.own_sheet(self, self.ctx, f"#AccessLayer {{ background: {shade}; }}")
        self.card.setStyleSheet(
            f"#AccessPanel {{ background: {style.BG_RAISED}; border: {m.px(style.BORDER)}px solid {style.LINE};"
            f" border-radius: {m.px(22)}px; }}")
        self.col.setContentsMargins(m.px(36), m.px(28), m.px(36), m.px(28))
        self.col.setSpacing(m.px(20))
        self.size_row.setSpacing(m.px(20))
        self.toggles.setSpacing(m.px(20))
        self.close_button.setIcon(QIcon(icon_pixmap(self.ctx.assets_dir, "icons/close.svg", m.px(36), style.TEXT)))
        for b in (*self.size_buttons.values(), self.contrast, self.motion, self.reset_button, self.close_button):
            b.apply_metrics(m)
        self._place()

    def _place(self) -> None:
        shell = self.shell
        self.setGeometry(shell.rect())
        m = self.ctx.metrics
        width = min(self.width() - 2 * m.margin, m.px(760) + m.px(240) * (self.ctx.text_scale - 1) * 2)
        self.card.setFixedWidth(max(1, round(width)))
        self.card.layout().activate()
        height = self.card.layout().heightForWidth(self.card.width()) if self.card.layout().hasHeightForWidth() \
            else self.card.sizeHint().height()
        self.card.setFixedHeight(min(max(height, self.card.minimumSizeHint().height()), self.height()))
        self._on_progress(self._progress)

    # events ----------------------------------------------------------------------
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.shell and event.type() == QEvent.Type.Resize and self.isVisible():
            QTimer.singleShot(0, self, self.apply_metrics)  # after the shell has its new metrics
        return False

    def mousePressEvent(self, event: QMouseEvent) -> None:
        event.accept()
        if not self.card.geometry().contains(event.position().toPoint()):
            self.close_panel()  # a tap outside the panel closes it

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close_panel()
            event.accept()
            return
        super().keyPressEvent(event)


__all__ = ["AccessPanel", "apply", "percent", "reset"]
