"""Labels: a style role, no input, and a wrapped label as tall as its text."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from ..glyphs import CountingPaint
from ..paint_cache import Still


class WrapLabel(CountingPaint, Still, QLabel):
    """A word-wrapping label that asks its layout for the height its text needs at its
    current width (Qt's box layouts do not always honour height-for-width inside widgets)."""

    _fitted: tuple | None = None  # (minimum height, basis) of the last fit (_fit_basis)
    _fit_heights: list | None = None  # [(basis, the text's own height)], newest first
    _fit_gen = 0  # bumped by the setters whose getters return enums (costly in PySide; see _fit_basis)
    FIT_HEIGHTS = 4  # a language and a text size switched back and forth: each height is met again

    def _fit_basis(self, width: int) -> tuple:
        """All QLabel's height for ``width`` depends on (QLabelPrivate::sizeForWidth) but its
        minimum height: the text, the font, contents margins (frame, padding), indent, margin,
        frame width, word wrap, the minimum width (the width is raised to it), and -- in
        ``_fit_gen`` -- alignment, text format, interaction flags, buddy and pixmap (through this
        class's setters: nothing in the app sets them as Qt properties). The fonts are
        pixel-sized (style.py): the screen's DPI does not enter."""
        return (width, self.text(), self.font(), self.contentsMargins(), self.minimumWidth(), self.wordWrap(),
                self.indent(), self.margin(), self.frameWidth(), self._fit_gen)

    def _fit(self) -> None:
        w = self.width()
        if w <= 0:
            return
        # style and font changes cascade through a screen, and a label resized at the same width
        # (its own minimum height set) is fitted again: the same basis, the same height
        old = self.minimumHeight()
        basis = self._fit_basis(w)
        fitted = self._fitted
        if fitted is not None and fitted[0] == old and fitted[1] == basis:
            return
        heights = self._fit_heights
        if heights is None:
            heights = self._fit_heights = []
        for i, (known, known_own) in enumerate(heights):
            if known == basis:
                own = known_own
                if i:
                    heights.insert(0, heights.pop(i))
                break
        else:
            # QLabel's height-for-width never drops below the minimum height: measured without
            # it. (Measured with it, a need above it would be the text's own, but one at it might
            # be less: half the needs here are not above, and a second measure costs more than
            # the minimum set twice.)
            self.setMinimumHeight(0)
            own = self.heightForWidth(w)
            heights.insert(0, (basis, own))
            del heights[self.FIT_HEIGHTS:]
        new = own if own > 0 else old
        # before the minimum is set: setting it may resize the label, and that fits it again
        self._fitted = (new, basis)
        self.setMinimumHeight(new)

    def _refit(self) -> None:
        # fitted again at its next text, resize, style or font change, as before
        self._fit_gen += 1

    def setAlignment(self, alignment) -> None:  # noqa: ANN001, N802 - Qt's name; Qt's flags
        super().setAlignment(alignment)
        self._refit()

    def setTextFormat(self, fmt) -> None:  # noqa: ANN001, N802 - Qt's name; Qt's enum
        super().setTextFormat(fmt)
        self._refit()

    def setTextInteractionFlags(self, flags) -> None:  # noqa: ANN001, N802 - Qt's name; Qt's flags
        super().setTextInteractionFlags(flags)
        self._refit()

    def setBuddy(self, buddy) -> None:  # noqa: ANN001, N802 - Qt's name; a QWidget
        super().setBuddy(buddy)
        self._refit()

    def setPixmap(self, pixmap) -> None:  # noqa: ANN001 - a QPixmap
        super().setPixmap(pixmap)
        self._refit()

    def clear(self) -> None:
        super().clear()
        self._refit()

    def resizeEvent(self, event) -> None:  # noqa: ANN001 - a Qt event handler
        super().resizeEvent(event)
        self._fit()

    def setText(self, text: str) -> None:
        super().setText(text)
        self._fit()

    def still_changed(self, kind) -> None:  # noqa: ANN001 - a QEvent.Type
        # before its window is first shown, a label is restyled many times while the screen is
        # built and has no width of its own yet: it is fitted once, when shown (showEvent)
        if (kind is _FONT_CHANGE or kind is _STYLE_CHANGE) and self.window().isVisible():
            self._fit()

    def showEvent(self, event) -> None:  # noqa: ANN001 - a Qt event handler
        super().showEvent(event)
        self._fit()

    # a figure counting up paints through ``counting`` (FigureView): nothing kept meanwhile
    def still_key(self) -> tuple | None:
        if self.counting is not None:
            return None
        pm = self.pixmap()
        return (self.text(), self.textFormat(), int(self.alignment()), self.wordWrap(), self.indent(), self.margin(),
                self.contentsRect().getRect(), 0 if pm.isNull() else pm.cacheKey())

    def still_rect(self) -> QRect:
        """Plain text: the lines' box, not the label's (a wrapped label is a column wide; its
        last line, a heading, a centred title are not), so the kept pixmaps hold only ink."""
        from PySide6 import QtGui

        fmt = self.textFormat()
        if fmt == Qt.TextFormat.RichText or not self.text() or (
                fmt == Qt.TextFormat.AutoText and QtGui.Qt.mightBeRichText(self.text())):
            return self.rect()
        flags = int(self.alignment()) | (int(Qt.TextFlag.TextWordWrap) if self.wordWrap() else 0)
        box = self.fontMetrics().boundingRect(self.contentsRect(), flags, self.text())
        pad = 2 + self.font().pixelSize() // 8  # glyphs may ink past their advance
        return box.adjusted(-pad, -pad, pad, pad)


_FONT_CHANGE = QEvent.Type.FontChange
_STYLE_CHANGE = QEvent.Type.StyleChange


def label(text: str = "", role: str | None = None, wrap: bool = True,
          parent: QWidget | None = None) -> QLabel:
    """A QLabel with a style role (title, heading, muted, small, source) that never eats input."""
    lab = WrapLabel(text, parent) if wrap else QLabel(text, parent)
    if role:
        lab.setProperty("role", role)
    lab.setWordWrap(wrap)
    lab.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    lab.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    lab.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
    if wrap:
        lab.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    return lab
