"""The presenter's console, on the second screen: where we are ("7 / 86"), the current step,
the next step (and a picture of the next screen), the speaker notes in both languages, the
elapsed time (pause, reset) and the clock.

A view only: it reads the :class:`~lusong_kiosk.modes.presenter.PresenterMode` and follows its
signals; its buttons call the mode. Keys pressed here reach the mode's application-wide filter
like keys pressed on the audience window.
"""

from __future__ import annotations

import datetime as _dt
import logging

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from ..present.strings import text
from . import style
from .widgets import TapButton, label

log = logging.getLogger(__name__)

THUMB_W = 600  # design px


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
        self._thumb_for: str | None = None

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

        # left: the current step and the notes
        self.now_caption = label("", "small")
        self.now_text = label("", None)
        self.now_text.setObjectName("NowText")
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
        left = QVBoxLayout()
        self.left = left
        left.addWidget(self.now_caption)
        left.addWidget(self.now_text)
        left.addWidget(self.notes_caption)
        left.addWidget(self.notes, 1)

        # right: the next step, a picture of the next screen, buttons
        self.next_caption = label("", "small")
        self.next_text = label("", None)
        self.next_text.setObjectName("NextText")
        self.thumb = QLabel()
        self.thumb.setObjectName("Thumb")
        self.thumb.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.thumb.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.thumb_caption = label("", "muted")
        self.prev_btn = TapButton("")
        self.next_btn = TapButton("", accent="#7FA7D9")
        self.black_btn = TapButton("")
        self.help_btn = TapButton("")
        buttons = QHBoxLayout()
        self.buttons = buttons
        for b in (self.prev_btn, self.next_btn):
            buttons.addWidget(b, 1)
        buttons2 = QHBoxLayout()
        self.buttons2 = buttons2
        for b in (self.black_btn, self.help_btn):
            buttons2.addWidget(b, 1)
        right = QVBoxLayout()
        self.right = right
        next_row = QHBoxLayout()
        next_row.addWidget(self.next_caption, 1)
        next_row.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignVCenter)
        right.addLayout(next_row)
        right.addWidget(self.next_text)
        right.addWidget(self.thumb, 0, Qt.AlignmentFlag.AlignLeft)
        right.addWidget(self.thumb_caption)
        right.addStretch(1)
        right.addLayout(buttons)
        right.addLayout(buttons2)

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
            button.clicked.connect(lambda _=False, a=action: mode.perform(a))
        mode.step_changed.connect(lambda _i: self.refresh())
        mode.blank_changed.connect(lambda _c: self._refresh_badge())
        mode.timer_changed.connect(self.refresh_time)
        self.shell.language_changed.connect(lambda _l: self.refresh())

        self.tick = QTimer(self)
        self.tick.setInterval(500)
        self.tick.timeout.connect(self.refresh_time)
        self._thumb_timer = QTimer(self)
        self._thumb_timer.setSingleShot(True)
        self._thumb_timer.timeout.connect(self.render_thumbnail)

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
        self.now_caption.setText(f"{text('console.now', lang)} · {self._kind(step.kind)}")
        self.now_text.setText(mode.describe(step))
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
        screen = mode.next_screen()
        if screen is None:
            self.thumb_caption.setText(text("console.last_screen", lang))
        else:
            self.thumb_caption.setText(text("console.next_screen", lang) + mode.screen_title(screen))
        self._show_thumbnail(screen)
        self.pause.setText(text("console.pause" if mode.timer_running else "console.resume", lang))
        self.reset.setText(text("console.reset", lang))
        self.prev_btn.setText(text("console.prev_btn", lang))
        self.next_btn.setText(text("console.next_btn", lang))
        self.help_btn.setText(text("console.help_btn", lang))
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

    # the picture of the next screen (cached; rendered after the audience's transition) --------
    def _thumb_key(self, screen: str) -> tuple:
        return (screen, self.ctx.lang, self.shell.stage.width(), self.shell.stage.height(), self.metrics.scale)

    def _show_thumbnail(self, screen: str | None) -> None:
        self._thumb_for = screen
        if screen is None:
            self.thumb.clear()
            self.thumb.hide()
            return
        self.thumb.show()
        pm = self._thumbs.get(self._thumb_key(screen))
        if pm is not None:
            self.thumb.setPixmap(pm)
            return
        self.thumb.clear()
        self.thumb.setText(text("console.rendering", self.ctx.lang))
        self._thumb_timer.start(self.ctx.ms("transition_ms") + 150)

    def render_thumbnail(self) -> None:
        """Render the next screen (at its final state) into the cache and show it."""
        self._thumb_timer.stop()
        target = self._thumb_for
        if target is None:
            return
        key = self._thumb_key(target)
        if key not in self._thumbs:
            try:
                self._thumbs[key] = self._render(target)
            except Exception:
                log.exception("console: preview of %s failed", target)
                return
        self.thumb.setPixmap(self._thumbs[key])

    def _render(self, target: str) -> QPixmap:
        shell = self.shell
        screen = shell.screen_for(shell.screen_key(target))
        if screen is not shell.stage.current:  # a hidden screen: show it whole, from the top
            screen.show_all()
            screen.finish_animations()
            if screen.scroll is not None:
                screen.scroll.verticalScrollBar().setValue(0)
        pm = screen.grab()
        w = self.metrics.px(THUMB_W)
        return pm.scaled(QSize(w, w * 9 // 16), Qt.AspectRatioMode.KeepAspectRatio,
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
        self.buttons2.setSpacing(px(16))
        for b in (self.pause, self.reset, self.prev_btn, self.next_btn, self.black_btn, self.help_btn):
            b.apply_metrics(m)
        w = px(THUMB_W)
        self.thumb.setFixedSize(w, w * 9 // 16)
        if self._thumb_for is not None:
            self._show_thumbnail(self._thumb_for)

    def resizeEvent(self, event) -> None:  # noqa: ANN001
        super().resizeEvent(event)
        self.apply_metrics()

    def showEvent(self, event) -> None:  # noqa: ANN001
        super().showEvent(event)
        self.refresh_time()
        self.tick.start()

    def hideEvent(self, event) -> None:  # noqa: ANN001
        self.tick.stop()
        super().hideEvent(event)
