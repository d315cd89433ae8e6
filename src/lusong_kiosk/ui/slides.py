"""A step at presentation scale: one item of the exhibition laid out as a slide over the page.

:class:`SlideLayer` is the one entry point: ``SlideLayer(host, ctx)`` covers its host window
(the shell); ``show_slide(slide, animate)`` brings a :class:`~lusong_kiosk.present.slides.Slide`
into focus on a raised card (ui/slide_card.py) over the page, which stays where it is, dimmed
behind; ``clear()`` takes it away. The presenter shows each step's slide with it; the
self-running tour can do the same. :func:`render_slide` draws a slide into a pixmap the size of
the window (the presenter console's "next step").
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPixmap, QRegion
from PySide6.QtWidgets import QLabel, QWidget

from ..present.slides import Slide
from . import style
from .base import UiContext
from .slide_card import SlideCard

log = logging.getLogger(__name__)

DIM = 0.84  # how much of the page the backdrop hides


CARD_W, CARD_H = 0.88, 0.86  # the card's share of the window


def card_rect(size: QSize) -> QRect:
    """Where the card sits in a window of ``size``: centred, most of it."""
    w, h = round(size.width() * CARD_W), round(size.height() * CARD_H)
    return QRect((size.width() - w) // 2, (size.height() - h) // 2, w, h)


class SlideLayer(QWidget):
    """The slide over the page (see the module docstring). A tap on it puts it away
    (``dismissed``), so a guide can touch the page again."""

    dismissed = Signal()

    def __init__(self, host: QWidget, ctx: UiContext):
        super().__init__(host)
        self.host = host
        self.ctx = ctx
        self.setObjectName("SlideLayer")
        self.card = SlideCard(ctx, self)
        self._spare: SlideCard | None = None  # the next slide made ready out of sight (prepare)
        host.installEventFilter(self)
        self.hide()

    def show_slide(self, slide: Slide | None, animate: bool = False) -> None:
        """Bring ``slide`` into focus over the page (None: :meth:`clear`); its chart grows in
        when ``animate``, else it is shown complete."""
        if slide is None:
            self.clear()
            return
        self.setGeometry(self.host.rect())
        place = card_rect(self.size())
        spare = self._spare
        if spare is not None and spare.slide == slide and spare.geometry() == place:
            self.card, self._spare = spare, self.card  # made ready by prepare: its texts are pictures
            self._spare.hide()
            self._spare.drop()
        else:
            self.card.setGeometry(place)
            self.card.load(slide)
            self.card.keep_texts()
        self.card.show()
        self.show()
        self.raise_()
        self.card.play(animate)

    def prepare(self, slide: Slide | None) -> None:
        """Make ``slide`` ready out of sight, laid out and its texts' pictures made, so that
        showing it next only swaps it in. The tour calls it while a step is read (nothing
        moves then); a slide of another size by then is laid out again when shown."""
        if slide is None:
            return
        if self._spare is None:
            self._spare = SlideCard(self.ctx, self)
            self._spare.hide()
        spare = self._spare
        spare.setGeometry(card_rect(self.host.size()))
        try:
            spare.load(slide)
            spare.keep_texts()
        except Exception:  # a slide that cannot be made ready is laid out when shown, as before
            log.exception("slide: preparing %s failed", slide.kind)
            spare.drop()

    def clear(self) -> None:
        self.card.finish()
        self.hide()
        self.card.drop()
        if self._spare is not None:
            self._spare.drop()

    def slide(self) -> Slide | None:
        """The slide on show, or None."""
        return self.card.slide if self.isVisible() else None

    def main_label(self) -> QLabel:
        """The label of the slide's main text (a figure's number, else the title)."""
        return self.card.main

    def finish(self) -> None:
        self.card.finish()

    def is_animating(self) -> bool:
        return self.isVisible() and self.card.is_animating()

    def eventFilter(self, obj, event) -> bool:  # noqa: ANN001 - a Qt event handler
        if obj is self.host and event.type() == QEvent.Type.Resize and self.isVisible():
            self.setGeometry(self.host.rect())
            self.card.setGeometry(card_rect(self.size()))
        return False

    def mousePressEvent(self, event) -> None:  # noqa: ANN001 - a Qt event handler
        event.accept()

    def mouseReleaseEvent(self, event) -> None:  # noqa: ANN001 - a Qt event handler
        event.accept()
        self.clear()
        self.dismissed.emit()

    def paintEvent(self, event) -> None:  # noqa: ANN001 - a Qt event handler
        p = QPainter(self)
        try:
            c = QColor(style.BG)
            c.setAlphaF(DIM)
            p.fillRect(self.rect(), c)
        finally:
            p.end()


def render_slide(slide: Slide, size: QSize, ctx: UiContext) -> QPixmap:
    """``slide`` as the audience would see it in a window of ``size``, complete, on the page's
    colour (the page itself is not drawn)."""
    frame = QWidget()
    frame.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    frame.resize(size)
    card = SlideCard(ctx, frame)
    card.setGeometry(card_rect(size))
    frame.show()  # not on the screen: it gets its resize and polish events like a shown widget
    try:
        card.set_slide(slide, animate=False)
        pm = QPixmap(size)
        pm.fill(QColor(style.BG))
        frame.render(pm, QPoint(), QRegion(), QWidget.RenderFlag.DrawChildren)  # on the page's colour
        return pm
    finally:
        frame.hide()
        frame.deleteLater()
