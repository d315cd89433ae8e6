"""The presenter's console, on the second screen: where we are ("7 / 76"), a picture of what
the audience sees now (refreshed after each change and every second), the next step and its
picture (the next step's slide, or the page when it has none), a strip of the current screen's
steps (tap to jump), the speaker notes in both languages, the elapsed time (pause, reset), the
clock, and a pointer button: held, the mouse over the audience picture points on the audience
window.

A view only: it reads the :class:`~lusong_kiosk.modes.presenter.PresenterMode` and follows its
signals; its buttons call the mode. Keys pressed here reach the mode's application-wide filter
like keys pressed on the audience window.
"""

from __future__ import annotations

import datetime as _dt
import logging

from PySide6.QtCore import QPoint, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea, QSizePolicy, QVBoxLayout,
                               QWidget)

from ..present.strings import text
from . import style
from .slides import render_slide
from .widgets import TapButton, label

log = logging.getLogger(__name__)

NOW_W = 480  # design px: the picture of what the audience sees
THUMB_W = 480  # design px: the picture of the next step
LIVE_MS = 1000  # how often the audience picture is refreshed (a pointer held: POINTER_LIVE_MS)
POINTER_LIVE_MS = 100


def format_elapsed(ms: float) -> str:
    s = max(0, int(ms // 1000))
    h, rest = divmod(s, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"


class PresenterConsole(QWidget):
    """The console window (see the module docstring)."""

    def __init__(self, mode, parent: QWidget | None = None):  # noqa: ANN001 - the PresenterMode: ui does not import modes
        super().__init__(parent)
        self.mode = mode
        self.shell = mode.shell
        self.ctx = mode.shell.ctx
        self.metrics = style.Metrics(1.0, False)
        self.setObjectName("Console")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self._thumbs: dict[tuple, QPixmap] = {}
        self._thumb_for: int | None = None  # the plan index the next-step picture shows

        # header: where we are, time
        self.count = label("", "heading", wrap=False)
        self.count.setObjectName("Count")
        self.where = label("", "subheading", wrap=False)
        self.badge = label("", None, wrap=False)
        self.badge.setObjectName("Badge")
        self.badge.hide()
        self.elapsed_caption = label("", "small", wrap=False)
        self.elapsed = label("", "heading", wrap=False)
        self.elapsed.setObjectName("Elapsed")
        self.pause = TapButton("")
        self.reset = TapButton("")
        self.clock_caption = label("", "small", wrap=False)
        self.clock = label("", "heading", wrap=False)
        head = QHBoxLayout()
        self.head = head
        head.addWidget(self.count)
        head.addWidget(self.where, 1)
        time_col = QVBoxLayout()
        time_col.setSpacing(0)
        time_col.addWidget(self.elapsed_caption)
        time_col.addWidget(self.elapsed)
        clock_col = QVBoxLayout()
        clock_col.setSpacing(0)
        clock_col.addWidget(self.clock_caption)
        clock_col.addWidget(self.clock)
        head.addLayout(time_col)
        head.addWidget(self.pause)
        head.addWidget(self.reset)
        head.addSpacing(24)
        head.addLayout(clock_col)

        # left: what the audience sees, the current step, the screen's steps, the notes
        self.audience_caption = label("", "small")
        self.now_thumb = QLabel()
        self.now_thumb.setObjectName("Thumb")
        self.now_thumb.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.now_thumb.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.now_caption = label("", "small")
        self.now_text = label("", None)
        self.now_text.setObjectName("NowText")
        self.strip_caption = label("", "small")
        self.strip = QHBoxLayout()
        self.strip.addStretch(1)
        self.chips: list[QPushButton] = []
        self._chip_steps: list[int] = []
        self.notes_caption = label("", "small")
        self.notes_zh = label("", None)
        self.notes_zh.setObjectName("NotesZh")
        self.notes_en = label("", None)
        self.notes_en.setObjectName("NotesEn")
        inner = QWidget()
        self.notes_col = QVBoxLayout(inner)
        self.notes_col.setContentsMargins(0, 0, 0, 0)
        self.notes_col.addWidget(self.notes_zh)
        self.notes_col.addWidget(self.notes_en)
        self.notes_col.addStretch(1)
        self.notes = QScrollArea()
        self.notes.setObjectName("Notes")
        self.notes.setWidgetResizable(True)
        self.notes.setFrameShape(QFrame.Shape.NoFrame)
        self.notes.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.notes.setWidget(inner)

        # right: the pictures, of what the audience sees and of the next step
        self.next_caption = label("", "small")
        self.next_text = label("", None)
        self.next_text.setObjectName("NextText")
        self.thumb = QLabel()
        self.thumb.setObjectName("Thumb")
        self.thumb.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.thumb.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.prev_btn = TapButton("")
        self.next_btn = TapButton("", accent="#7FA7D9")
        self.black_btn = TapButton("")
        self.help_btn = TapButton("")
        self.pointer_btn = TapButton("", accent="#FF3B30")
        self.pointer_btn.pressed.connect(lambda: mode.set_pointer(True))
        self.pointer_btn.released.connect(lambda: mode.set_pointer(False))
        buttons = QHBoxLayout()
        self.buttons = buttons
        for b in (self.prev_btn, self.next_btn, self.black_btn, self.help_btn, self.pointer_btn):
            buttons.addWidget(b, 1)
        right = QVBoxLayout()
        self.right = right
        right.addWidget(self.audience_caption)
        right.addWidget(self.now_thumb, 0, Qt.AlignmentFlag.AlignLeft)
        next_row = QHBoxLayout()
        next_row.addWidget(self.next_caption, 1)
        next_row.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignVCenter)
        right.addLayout(next_row)
        right.addWidget(self.next_text)
        right.addWidget(self.thumb, 0, Qt.AlignmentFlag.AlignLeft)
        right.addStretch(1)

        # left: the step now, this screen's steps and the notes, which take the room that is
        # left (they are the guide's script; they scroll when longer), then the buttons
        left = QVBoxLayout()
        self.left = left
        left.addWidget(self.now_caption)
        left.addWidget(self.now_text)
        left.addWidget(self.strip_caption)
        left.addLayout(self.strip)
        left.addWidget(self.notes_caption)
        left.addWidget(self.notes, 1)
        left.addLayout(buttons)

        self.left_box = QFrame()
        self.left_box.setObjectName("Panel")
        self.left_box.setLayout(left)
        self.right_box = QFrame()
        self.right_box.setObjectName("Panel")
        self.right_box.setLayout(right)
        body = QHBoxLayout()
        self.body = body
        body.addWidget(self.left_box, 3)
        body.addWidget(self.right_box, 2)
        outer = QVBoxLayout(self)
        outer.addLayout(head)
        outer.addLayout(body, 1)

        # the buttons do what their keys do (a step leaves the black screen first, …)
        for button, action in ((self.pause, "timer"), (self.reset, "reset_timer"), (self.prev_btn, "previous"),
                               (self.next_btn, "next"), (self.black_btn, "black"), (self.help_btn, "help")):
            button.clicked.connect(lambda _=False, a=action: mode.keys.perform(a))
        mode.step_changed.connect(lambda _i: self.refresh())
        mode.blank_changed.connect(lambda _c: (self._refresh_badge(), self.refresh_now()))
        mode.overlays_changed.connect(self._on_overlays)
        mode.timer_changed.connect(self.refresh_time)
        self.shell.language_changed.connect(lambda _l: self.refresh())

        self.tick = QTimer(self)
        self.tick.setInterval(500)
        self.tick.timeout.connect(self.refresh_time)
        self._thumb_timer = QTimer(self)
        self._thumb_timer.setSingleShot(True)
        self._thumb_timer.timeout.connect(self.render_thumbnail)
        self.live = QTimer(self)  # the audience picture, kept fresh while the console shows
        self.live.setInterval(LIVE_MS)
        self.live.timeout.connect(self.refresh_now)
        self._now_timer = QTimer(self)  # once a step's transition and reveal have played
        self._now_timer.setSingleShot(True)
        self._now_timer.timeout.connect(self.refresh_now)

        self.resize(1600, 900)
        self.apply_metrics(force=True)
        self.refresh()

    # state -> view ---------------------------------------------------------------------------
    def refresh(self) -> None:
        mode, lang = self.mode, self.ctx.lang
        step = mode.step
        self.setWindowTitle(f"{text('console.title', lang)} · {self.ctx.exhibition.title(lang)}")
        self.count.setText(f"{mode.index + 1} / {len(mode.plan)}")
        where = f"{mode.screen_title(step.screen)} · {text('console.step', lang, n=step.n + 1, of=step.of)}"
        if mode.off_plan:
            where = f"{mode.screen_title(self.shell.screen_key(mode.off_plan))} · {text('console.off_plan', lang)}"
        self.where.setText(where)
        self.audience_caption.setText(text("console.audience", lang))
        self.now_caption.setText(f"{text('console.now', lang)} · {self._kind(step.kind)}")
        self.now_text.setText(mode.describe(step))
        self.strip_caption.setText(text("console.steps", lang))
        self._refresh_strip()
        zh, en = mode.notes()
        self.notes_caption.setText(text("console.notes", lang))
        self.notes_zh.setText(zh)
        self.notes_en.setText(en)
        self.notes.verticalScrollBar().setValue(0)
        nxt = mode.next_step()
        if nxt is None:
            self.next_caption.setText(text("console.next", lang))
            self.next_text.setText(text("console.end", lang))
        else:
            self.next_caption.setText(f"{text('console.next', lang)} · {self._kind(nxt.kind)}")
            what = mode.describe(nxt)
            if nxt.screen != step.screen:
                what = f"{mode.screen_title(nxt.screen)} — {what}"
            self.next_text.setText(what)
        self._show_thumbnail(mode.index + 1 if nxt is not None else None)
        # once the step's chart has grown and its figure counted (on the page and on the slide)
        reveal = max(self.ctx.ms("chart_ms"), self.ctx.ms("counter_ms"))
        self._now_timer.start(self.ctx.ms("transition_ms") + reveal + 50)
        self.pause.setText(text("console.pause" if mode.timer_running else "console.resume", lang))
        self.reset.setText(text("console.reset", lang))
        self.prev_btn.setText(text("console.prev_btn", lang))
        self.next_btn.setText(text("console.next_btn", lang))
        self.help_btn.setText(text("console.help_btn", lang))
        self.pointer_btn.setText(text("console.pointer_btn", lang))
        self.elapsed_caption.setText(text("console.elapsed", lang))
        self.clock_caption.setText(text("console.clock", lang))
        self._refresh_badge()
        self.refresh_time()

    def _kind(self, kind: str) -> str:
        return text(f"step.{kind}", self.ctx.lang)

    def _refresh_badge(self) -> None:
        blank = self.mode.blank
        self.badge.setVisible(bool(blank))
        if blank:
            self.badge.setText(text(f"console.{blank}", self.ctx.lang))
        self.black_btn.setText(text("console.unblank_btn" if blank else "console.black_btn", self.ctx.lang))

    def refresh_time(self) -> None:
        self.elapsed.setText(format_elapsed(self.mode.elapsed_ms()))
        self.elapsed.setProperty("paused", not self.mode.timer_running)
        self.elapsed.setStyleSheet(f"color: {style.TEXT if self.mode.timer_running else style.FAINT};")
        self.pause.setText(text("console.pause" if self.mode.timer_running else "console.resume", self.ctx.lang))
        self.clock.setText(_dt.datetime.now().strftime("%H:%M:%S"))

    # the steps of this screen (tap to jump) -----------------------------------------------------
    def _refresh_strip(self) -> None:
        steps = self.mode.screen_steps()
        if steps != self._chip_steps:
            for chip in self.chips:
                self.strip.removeWidget(chip)
                chip.deleteLater()
            self.chips = []
            for i in steps:
                chip = QPushButton(str(self.mode.plan[i].n + 1))
                chip.setObjectName("StepChip")
                chip.setCheckable(True)
                chip.setFocusPolicy(Qt.FocusPolicy.NoFocus)
                chip.clicked.connect(lambda _=False, i=i: self.mode.go_to_step(i))
                self.strip.insertWidget(len(self.chips), chip)  # before the stretch
                self.chips.append(chip)
            self._chip_steps = steps
            self._size_chips()
        for i, chip in zip(steps, self.chips):
            chip.setChecked(i == self.mode.index and not self.mode.off_plan)
            chip.setToolTip(self.mode.describe(self.mode.plan[i]))

    def current_chip(self) -> int | None:
        """The place of the marked step in the strip, or None."""
        return next((n for n, chip in enumerate(self.chips) if chip.isChecked()), None)

    def _size_chips(self) -> None:
        px = self.metrics.px
        for chip in self.chips:
            chip.setFixedSize(px(64), px(64))
        self.strip.setSpacing(px(10))

    # what the audience sees now --------------------------------------------------------------
    def refresh_now(self) -> None:
        """A fresh picture of the audience window (its blank screen, slide and pointer too)."""
        if not self.shell.isVisible():
            return
        try:
            pm = self.shell.grab()
        except Exception:
            log.exception("console: picture of the audience window failed")
            return
        self.now_thumb.setPixmap(pm.scaled(self.now_thumb.size(), Qt.AspectRatioMode.KeepAspectRatio,
                                           Qt.TransformationMode.SmoothTransformation))

    def _on_overlays(self) -> None:
        self.live.setInterval(POINTER_LIVE_MS if self.mode.pointer_held() else LIVE_MS)
        self.refresh_now()

    def audience_share(self, global_pos: QPoint) -> tuple[float, float] | None:
        """Where ``global_pos`` falls on the audience picture, as shares (0..1) of the audience
        window, or None when it is not over the picture (the pointer follows it there)."""
        pm = self.now_thumb.pixmap()
        if pm.isNull() or not self.isVisible():
            return None
        local = self.now_thumb.mapFromGlobal(global_pos)
        box = QRect(QPoint(0, 0), pm.size())
        box.moveCenter(self.now_thumb.rect().center())
        if not box.contains(local):
            return None
        return ((local.x() - box.x()) / max(1, box.width()), (local.y() - box.y()) / max(1, box.height()))

    # the picture of the next step (cached; rendered after the audience's transition) -----------
    def _thumb_key(self, index: int) -> tuple:
        return (index, self.ctx.lang, self.shell.width(), self.shell.height(), self.metrics.scale)

    def _show_thumbnail(self, index: int | None) -> None:
        self._thumb_for = index
        if index is None:
            self.thumb.clear()
            self.thumb.hide()
            return
        self.thumb.show()
        pm = self._thumbs.get(self._thumb_key(index))
        if pm is not None:
            self.thumb.setPixmap(pm)
            return
        self.thumb.clear()
        self.thumb.setText(text("console.rendering", self.ctx.lang))
        self._thumb_timer.start(self.ctx.ms("transition_ms") + 150)

    def render_thumbnail(self) -> None:
        """Render the next step (complete) into the cache and show it."""
        self._thumb_timer.stop()
        index = self._thumb_for
        if index is None:
            return
        key = self._thumb_key(index)
        if key not in self._thumbs:
            try:
                self._thumbs[key] = self._render(index)
            except Exception:
                log.exception("console: preview of step %s failed", index)
                return
        self.thumb.setPixmap(self._thumbs[key])

    def _render(self, index: int) -> QPixmap:
        """Step ``index`` as the audience will see it: its slide, or (a step with none: home)
        its screen with every step shown."""
        shell, step = self.shell, self.mode.plan[index]
        slide = self.mode.slide_of(step)
        if slide is not None:
            pm = render_slide(slide, shell.size(), self.ctx)
        else:
            screen = shell.screen_for(shell.screen_key(step.screen))
            if screen is not shell.stage.current:
                screen.setGeometry(shell.stage.rect())  # a hidden screen keeps the size it was last shown at
                screen.show_all()
                screen.finish_animations()
            pm = screen.grab()
        return pm.scaled(self.thumb.size(), Qt.AspectRatioMode.KeepAspectRatio,
                         Qt.TransformationMode.SmoothTransformation)

    def thumbnail_ready(self) -> bool:
        return self._thumb_for is None or self._thumb_key(self._thumb_for) in self._thumbs

    # size ----------------------------------------------------------------------------------
    def apply_metrics(self, force: bool = False, size: QSize | None = None) -> None:
        """Sizes for the window's size (or ``size``, before moving to a screen of that size, so
        the old sizes never hold the window larger than its new screen)."""
        size = size or self.size()
        m = style.metrics_for(max(1, size.width()), max(1, size.height()))
        if not force and m == self.metrics:
            return
        self.metrics = m
        px = m.px
        self.setStyleSheet(
            style.stylesheet(m, self.ctx.family)
            + f"#Console {{ background: {style.BG}; }}"
            f"#Panel {{ background: {style.BG_RAISED}; border-radius: {px(18)}px; }}"
            f"#Count {{ color: #7FA7D9; }}"
            f"#Badge {{ background: #D9735A; color: #0B1220; font-weight: bold; border-radius: {px(10)}px;"
            f" padding: {px(2)}px {px(14)}px; }}"
            f"#NowText {{ font-size: {px(44)}px; font-weight: bold; }}"
            f"#NextText {{ font-size: {px(34)}px; }}"
            f"#NotesZh {{ font-size: {px(34)}px; }}"
            f"#NotesEn {{ font-size: {px(30)}px; color: {style.MUTED}; }}"
            f"#Thumb {{ background: {style.BG}; border: {px(2)}px solid {style.LINE}; color: {style.FAINT}; }}"
            f"#StepChip {{ background: {style.BG}; color: {style.TEXT}; border: {px(2)}px solid {style.LINE};"
            f" border-radius: {px(10)}px; font-size: {m.body}px; }}"
            f"#StepChip:checked {{ background: #7FA7D9; color: {style.BG}; border-color: #7FA7D9;"
            f" font-weight: bold; }}"
            f"QLabel[role=\"small\"] {{ font-size: {m.body}px; color: {style.MUTED}; }}"
        )
        self.layout().setContentsMargins(m.margin, px(28), m.margin, m.margin)
        self.layout().setSpacing(px(24))
        self.head.setSpacing(px(24))
        self.body.setSpacing(px(28))
        for lay in (self.left, self.right):
            lay.setContentsMargins(px(36), px(28), px(36), px(32))
            lay.setSpacing(px(14))
        self.notes_col.setSpacing(px(24))
        self.buttons.setSpacing(px(16))
        for b in (self.pause, self.reset, self.prev_btn, self.next_btn, self.black_btn, self.help_btn,
                  self.pointer_btn):
            b.apply_metrics(m)
        self._size_chips()
        w = px(THUMB_W)
        self.thumb.setFixedSize(w, w * 9 // 16)
        w = px(NOW_W)
        self.now_thumb.setFixedSize(w, w * 9 // 16)
        if self._thumb_for is not None:
            self._show_thumbnail(self._thumb_for)

    def resizeEvent(self, event) -> None:  # noqa: ANN001 - a Qt event handler
        super().resizeEvent(event)
        self.apply_metrics()

    def showEvent(self, event) -> None:  # noqa: ANN001 - a Qt event handler
        super().showEvent(event)
        self.refresh_time()
        self.tick.start()
        self.live.start()
        self.refresh_now()

    def hideEvent(self, event) -> None:  # noqa: ANN001 - a Qt event handler
        self.tick.stop()
        self.live.stop()
        super().hideEvent(event)
