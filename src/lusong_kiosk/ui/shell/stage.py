"""The stage: the screens stacked in one place, and the eased slide from one to the next."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QEvent, QEasingCurve, QPoint, QPropertyAnimation, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QRegion
from PySide6.QtWidgets import QWidget

from .. import events, style
from ..base import Screen
from ..widgets import Opaque

log = logging.getLogger(__name__)


class Snapshot(Opaque, QWidget):
    """The old screen's picture while a transition moves it away.

    Its pixels live in one image kept from one transition to the next, sized to the stage and
    written over each time: a new full-stage image for every navigation (33 MB at 3840x2160)
    was a fresh memory map that the system filled with zeros before the copy and took back
    after the slide -- a large part of a tap at 4K. A copy of the window's backing store has
    every pixel opaque, and in a format without alpha so is the widget to Qt, which then paints
    neither the window's background nor the new screen where it lies."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._image = QImage()  # the kept pixels (device pixels, the backing store's format)
        self._held = False  # whether they are a picture to show now
        self._rows: int | None = None  # how much of it, from the top, holds them (None: all)
        # the new screen when it lies over this one (a fade): screens have no background of
        # their own, so where it lies this paints the window's background, not the old pixels
        # -- else the old screen showed through the new one's gaps, both at once
        self.cover: QWidget | None = None

    def picture(self) -> QImage:
        """What it shows (a null image when it shows nothing)."""
        return self._image if self._held else QImage()

    def opaque(self) -> bool:
        pic = self.picture()
        return not pic.isNull() and not pic.hasAlphaChannel() and pic.deviceIndependentSize().toSize() == self.size()

    def _canvas(self, size: QSize, fmt: QImage.Format, dpr: float) -> QImage:
        """The kept image, made anew only when the stage's size in pixels or the format changed."""
        if self._image.size() != size or self._image.format() != fmt:
            self._image = QImage()  # the old one goes first: never two at once
            self._image = QImage(size, fmt)
        self._image.setDevicePixelRatio(dpr)
        return self._image

    def copy_from(self, device: QImage, r: QRect, rows: int | None = None) -> None:
        """Show the pixels of ``device`` (a backing store) within ``r``; ``rows``: only its top
        ``rows`` (in the widget's pixels) will ever show, and only they are copied."""
        dpr = device.devicePixelRatio() or 1.0
        image = self._canvas(r.size(), device.format(), dpr)
        size = image.deviceIndependentSize()
        source = QRectF(r)
        if rows is not None:
            rows = max(0, min(rows, round(size.height())))
            source.setHeight(min(r.height(), round(rows * dpr)))
        p = QPainter(image)
        p.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
        p.drawImage(QRectF(0, 0, size.width(), source.height() / dpr), device, source)
        p.end()
        self._show_held(rows)

    def render_from(self, w: QWidget, background: QColor, rows: int | None = None) -> None:
        """Show ``w`` rendered afresh over ``background`` (where no painted frame can be copied);
        ``rows``: only its top ``rows`` will ever show, and only they are rendered."""
        dpr = w.devicePixelRatioF() or 1.0
        size = QSize(round(w.width() * dpr), round(w.height() * dpr))
        image = self._canvas(size, QImage.Format.Format_RGB32, dpr)
        part = QRect(0, 0, w.width(), w.height() if rows is None else max(0, min(rows, w.height())))
        p = QPainter(image)
        p.fillRect(part, background)
        p.end()
        w.render(image, QPoint(), QRegion(part), QWidget.RenderFlag.DrawChildren)
        self._show_held(rows)

    def _show_held(self, rows: int | None = None) -> None:
        self._held = True
        self._rows = rows
        self.mark_opaque()
        self.update()

    def clear(self) -> None:
        """Show nothing (the kept image stays, for the next transition)."""
        self._held = False
        self.cover = None
        self.mark_opaque()

    def release(self) -> None:
        """Let the kept image go too (the window's size changed, or nobody is watching)."""
        self.clear()
        self._image = QImage()

    def paintEvent(self, event) -> None:  # noqa: ANN001 - a Qt event handler
        if not self._held:
            return
        p = QPainter(self)
        region = event.region()
        cover = self.cover
        if cover is not None and cover.isVisible() and cover.parentWidget() is self.parentWidget():
            under = QRect(cover.pos() - self.pos(), cover.size()) & self.rect()
            if not under.isEmpty():
                p.fillRect(under & event.rect(), QColor(style.BG))
                region = region.subtracted(QRegion(under))
        if self._rows is not None:  # below the part kept: never uncovered in a fade, but never stale pixels
            beyond = region.subtracted(QRegion(0, 0, self.width(), self._rows))
            if not beyond.isEmpty():
                p.setClipRegion(beyond)
                p.fillRect(beyond.boundingRect(), QColor(style.BG))
                region = region.subtracted(beyond)
        p.setClipRegion(region)
        p.drawImage(QPoint(0, 0), self._image)
        p.end()

    def resizeEvent(self, event) -> None:  # noqa: ANN001 - a Qt event handler
        super().resizeEvent(event)
        self.mark_opaque()


class Stage(QWidget):
    """Holds the screens; only the current one is visible. Transitions slide or fade a
    snapshot of the old screen over the new one."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.current: Screen | None = None
        self.snapshot = Snapshot(self)
        self.snapshot.hide()
        self.snapshot.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.anim_old = QPropertyAnimation(self.snapshot, b"pos", self)
        # made once and retargeted: one per navigation piled up for as long as the kiosk ran
        self.anim_new = QPropertyAnimation(self)
        self.anim_new.setPropertyName(b"pos")
        for anim in (self.anim_old, self.anim_new):
            anim.setEasingCurve(QEasingCurve.Type.OutCubic)
        self.anim_old.finished.connect(self._done)

    def resizeEvent(self, event) -> None:  # noqa: ANN001 - a Qt event handler
        # the shown screen only: a hidden one takes the stage's size when it is shown or
        # prepared (show_screen, prepare). In portrait the top bar gains a row for the theme
        # markers, so the stage changes height on every visit from home to a theme and back;
        # resizing every hidden screen with it laid each one out again at each visit (the
        # hidden timeline's cards twice, in the next render or grab of the whole window)
        if self.current is not None:
            self.current.setGeometry(self.rect())
        super().resizeEvent(event)

    def add(self, screen: Screen) -> None:
        """Take ``screen`` in, hidden. One made with the stage as its parent stays where it is: a
        screen carries a style sheet, and Qt polishes a moved one and all it contains again."""
        if screen.parentWidget() is not self:
            screen.setParent(self)
        screen.setGeometry(self.rect())
        screen.hide()

    def show_screen(self, screen: Screen, direction: int, duration: int) -> None:
        """direction: +1 slide left (next), -1 slide right (previous), 0 fade/cut."""
        old = self.current
        self.current = screen
        self.finish_transition()
        if old is None or old is screen or duration <= 0 or not self.isVisible():
            if old is not None and old is not screen:
                old.hide()
            screen.setGeometry(self.rect())
            screen.show()
            self.settle_bar(screen)
            screen.raise_()
            return
        w = self.width()
        if direction == 0:
            # the new screen rises a little while the old one slides away below it
            start_new, end_old = QPoint(0, self.height() // 12), QPoint(0, self.height())
        else:
            start_new, end_old = QPoint(direction * w, 0), QPoint(-direction * w, 0)
        # A snapshot slides away rather than the old screen itself: painting the live screen on
        # every frame of the slide cost more than this one grab (`lusong-kiosk bench`). In a
        # fade the new screen, opaque over it, rises from start_new as the old one sinks: only
        # the old screen's top strip above start_new ever shows, and only it is copied (the
        # whole stage was a large part of a tap at 4K)
        self.take_snapshot(old, start_new.y() if direction == 0 else None)
        old.hide()
        self.snapshot.setGeometry(self.rect())
        screen.setGeometry(self.rect())
        screen.show()
        self.settle_bar(screen)
        self.snapshot.cover = screen if direction == 0 else None
        self.snapshot.show()
        self.snapshot.raise_()
        if direction == 0:
            screen.raise_()
        self.anim_old.setDuration(duration)
        self.anim_old.setStartValue(QPoint(0, 0))
        self.anim_old.setEndValue(end_old)
        self.anim_new.setTargetObject(screen)
        self.anim_new.setDuration(duration)
        self.anim_new.setStartValue(start_new)
        self.anim_new.setEndValue(QPoint(0, 0))
        self.anim_old.start()
        self.anim_new.start()
        # one frame in at once: a slide starts with the new screen wholly outside the stage, so
        # nothing of it would show until the animation timer's first tick, a frame later: the
        # next paint already shows it moving
        first = min(self.FIRST_STEP_MS, duration)
        self.anim_old.setCurrentTime(first)
        self.anim_new.setCurrentTime(first)

    FIRST_STEP_MS = 16  # one frame at 60 Hz

    @staticmethod
    def settle_bar(screen: Screen) -> None:
        """Show or hide the scroll bar of a screen just shown now, not a turn of the event loop
        later: Qt decides it as the shown page gets its size (its height for that width), but
        shows or hides the bar from a queued call. The page's first layout (the frame a tap
        answers with, and the width a theme's counting figures pin themselves to) was made
        without the bar, the page 16 px wider than its view at 4K; when the count ended the
        page shrank to the view and every chart on it was laid out again -- in the visitor's
        view, or, the page left by then, held back by Qt for hidden widgets until the next
        render of anything in the window (a kept paint in another panel's tap), which then
        laid out the charts of every panel visited since."""
        area = screen.scroll
        if area is not None:
            QCoreApplication.sendPostedEvents(area, QEvent.Type.MetaCall)

    @events.quiet()  # shown, laid out and hidden: no event loop, so no input meanwhile
    def prepare(self, screen: Screen) -> None:
        """Lay a hidden screen out now, while nobody waits: it is shown for an instant outside
        the stage (where nothing is painted) and hidden again, so the resize events and layouts
        Qt keeps for hidden widgets run here and not when a visitor taps (charts measure their
        labels again on show, a large part of a tap after a language switch)."""
        if screen is self.current or screen.isVisible() or not self.isVisible():
            return
        here = self.rect()
        screen.setGeometry(here.translated(2 * here.width() + 64, 0))
        screen.show()
        # the layouts its first show upsets are run now, while it is shown: run after it is
        # hidden again, they left its widgets to be resized at the next show or window render
        # -- a visitor's first tap on a theme
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        screen.hide()
        screen.setGeometry(here)

    def take_snapshot(self, old: QWidget, rows: int | None = None) -> None:
        """The snapshot shows the old screen as the visitor last saw it: a copy of its pixels
        from the window's backing store (what was painted last), or, where that is not an image
        in memory, a fresh render. The copy is several times cheaper than rendering a theme
        panel again at every swipe. ``rows``: only the top ``rows`` of it will show (a fade)."""
        top = self.window()
        handle = top.windowHandle()
        painted = handle is not None and handle.isExposed() and old.isVisible()
        store = top.backingStore() if painted else None
        device = store.paintDevice() if store is not None else None
        if isinstance(device, QImage) and not device.isNull():
            dpr = device.devicePixelRatio() or 1.0
            origin = old.mapTo(top, QPoint(0, 0))
            r = QRect(round(origin.x() * dpr), round(origin.y() * dpr), round(old.width() * dpr),
                      round(old.height() * dpr))
            if device.rect().contains(r):
                self.snapshot.copy_from(device, r, rows)
                return
        self.snapshot.render_from(old, QColor(style.BG), rows)

    def in_transition(self) -> bool:
        return self.anim_old.state() == QPropertyAnimation.State.Running

    def finish_transition(self) -> None:
        """A slide under way ends at once, the new screen in place."""
        if self.in_transition():
            self.anim_old.stop()
            self.anim_new.stop()
            self._done()

    def _done(self) -> None:
        self.snapshot.hide()
        self.snapshot.clear()
        self.anim_new.stop()  # it may still be in its last tick: the screen is placed below
        self.anim_new.setTargetObject(None)
        if self.current is not None:
            self.current.move(0, 0)


# a visitor's (or a presenter's) input: it postpones background work here and, in kiosk mode,
