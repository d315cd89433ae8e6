"""A big figure that counts up: qualifier, value with its unit, label below."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEasingCurve, QObject, Qt, QVariantAnimation
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ...content.model import Figure
from ...present.format import figure_number, figure_words, keep_last_words, period, qualifier
from .. import style
from ..glyphs import CountingLine
from .labels import label


def counting(parent: QObject, on_progress: Callable[[float], None]) -> QVariantAnimation:
    """A figure's count: progress from 0 to 1, eased out (OutCubic), each step to
    ``on_progress``; its duration is set where it starts. The panel's figure and a slide's
    count alike."""
    anim = QVariantAnimation(parent)
    anim.setEasingCurve(QEasingCurve.Type.OutCubic)
    anim.setStartValue(0.0)
    anim.setEndValue(1.0)
    anim.valueChanged.connect(on_progress)
    return anim


class FigureView(QWidget):
    """One big figure: qualifier, counting value with unit small beside it, label below."""

    # the least share of its size the number may shrink to so that a long unit ("households")
    # stays on its line; 1.0: a long unit goes under the number instead (set per figure)
    unit_beside = 1.0

    def __init__(self, figure: Figure, accent: str, parent: QWidget | None = None, big: bool = True,
                 caption: float | None = None):
        """``caption``: the words' type size in design px, in the text's colour, where they say
        what a figure standing alone counts (a panel's hero, an attract slide); None: the muted
        line of a figure among others."""
        super().__init__(parent)
        self.figure = figure
        self.accent = accent
        self.big = big
        self.caption_size = caption
        self.lang = "zh"
        self._shown = 0.0
        self._m = style.Metrics(1.0, False)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.value_label = label("", None)
        self.value_label.setTextFormat(Qt.TextFormat.RichText)
        self.caption = label("", "muted")
        lay.addWidget(self.value_label)
        lay.addWidget(self.caption)
        lay.addStretch(1)
        self._anim = counting(self, self._on_progress)
        self._progress = 1.0
        self._frozen = False  # the value label's size is pinned while the figure counts
        self._size_cache: tuple = ((), 0)
        self._line: tuple = ((), None)  # (key, CountingLine or None) of the last count

    # state ------------------------------------------------------------
    def target_value(self) -> float:
        return self.figure.display_value(self.lang)

    def shown_value(self) -> float:
        return self._shown

    def text(self) -> str:
        """The full text a visitor reads (qualifier, value, unit, label); the no-break spaces
        that keep words together on a line read as the spaces they are."""
        return (self.value_label.text() + " " + self.caption.text()).replace("\u00a0", " ")

    def value_text(self) -> str:
        return figure_number(self.figure, self.lang, self._shown)

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.caption.setText(keep_last_words(self.figure.label(lang), lang))  # no word alone on a line
        self._thaw()
        self._on_progress(self._progress)

    def apply_metrics(self, m: style.Metrics) -> None:
        self._m = m
        self.layout().setSpacing(m.px(4))
        if self.caption_size is not None:
            css = f"QLabel {{ font-size: {m.fpx(self.caption_size)}px; color: {style.TEXT}; }}"
            style.apply_sheet(self.caption, css)
        self._thaw()
        self._on_progress(self._progress)

    def animate(self, duration_ms: int, delay_ms: int = 0) -> None:
        self._anim.stop()
        if duration_ms <= 0:
            self.finish()
            return
        self._anim.setDuration(duration_ms)
        # its lines placed first: counting pins the value line's width, and a figure just added
        # to a layout and not shown yet still has its lines at their default width (its own
        # layout ran when it was 100 px wide, and a hidden widget gets no resize event)
        self.layout().invalidate()
        self.layout().activate()
        self._on_progress(0.0)
        self._anim.start()

    def finish(self) -> None:
        if self._progress >= 1.0 and not self.is_animating() and not self._frozen:
            return  # already showing its final value (leaving a panel finishes every figure)
        self._anim.stop()
        self._on_progress(1.0)

    def is_animating(self) -> bool:
        return self._anim.state() == QVariantAnimation.State.Running

    def hideEvent(self, event) -> None:  # noqa: ANN001 - a Qt event handler
        if self.is_animating():
            self.finish()
        super().hideEvent(event)

    def number_size(self) -> int:
        """The number's type size in pixels, asked at every layout and every frame of a count.

        The hook for a figure sized otherwise (a panel's hero at twice the size, a row that shares
        one size): override it, keep it cheap (cache by width), and let it depend on the final
        value and the width only, never on the value shown, so the number keeps its size and
        its baseline while it counts. This one shrinks the figure size until the final value
        fits the column (``fit_number``)."""
        size = self._m.figure if self.big else self._m.fpx(56)
        width = self.width()
        if width <= 0:
            return size
        key = (width, size, self.lang, self._m, self.font().key())
        if self._size_cache[0] == key:  # asked on every frame of the count
            return self._size_cache[1]
        fitted = self.fit_number(size, width)
        self._size_cache = (key, fitted)
        return fitted

    def fit_number(self, size: int, width: int) -> int:
        """``size`` px, shrunk until the final value fits a column ``width`` px wide beside its
        qualifier and a short unit (never under 40 design px)."""
        from PySide6.QtGui import QFont, QFontMetrics

        font = QFont(self.font())
        font.setPixelSize(size)
        font.setBold(True)
        final = figure_number(self.figure, self.lang)
        adv = QFontMetrics(font).horizontalAdvance(final)
        # the qualifier ("超过", "over") and a short unit ("户", "%", "beds") stay on the number's
        # line: wrapped, a lone "户" under "20000" read as a broken line (portrait); long units wrap
        small = QFont(self.font())
        small.setPixelSize(self._m.body if self.big else self._m.small)
        f, beside = self.figure, ""
        if f.qualifier:
            beside += qualifier(f.qualifier, self.lang) + " "
        unit = " " + f.unit(self.lang).replace(" ", "\u00a0") if f.unit else ""
        with_unit = width - QFontMetrics(small).horizontalAdvance(beside + unit) - 2
        if unit and (len(unit) <= 5 or adv * self.unit_beside <= with_unit):
            beside += unit
        room = width - QFontMetrics(small).horizontalAdvance(beside) - 2
        return size if adv <= room else max(self._m.px(40), int(size * max(room, 1) / adv))

    def resizeEvent(self, event) -> None:  # noqa: ANN001 - a Qt event handler
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self._thaw()
            self._on_progress(self._progress)

    def _freeze(self, final_markup: str) -> None:
        """Pin the value label to its size, high enough for the final (widest) figure, while it
        counts: a label whose text may change its size makes Qt lay the whole panel out again
        on every frame, the largest part of a theme's entry frame."""
        lab = self.value_label
        QLabel.setText(lab, final_markup)
        need = lab.heightForWidth(lab.width())
        lab.setFixedSize(lab.width(), max(lab.height(), need))
        self._frozen = True
        final = figure_number(self.figure, self.lang)
        # the same line at each visit: built once (its document's layout is a visible part of a
        # tap at 4K, for each of a panel's twelve figures)
        key = (final_markup, final, lab.size(), lab.font().key(), int(lab.alignment()), lab.palette().cacheKey())
        if self._line[0] != key:
            self._line = (key, CountingLine.build(lab, final))
        lab.counting = self._line[1]  # None: QLabel lays each frame out

    def _thaw(self) -> None:
        if self._frozen:
            self._frozen = False
            self.value_label.counting = None
            self.value_label.setMinimumSize(0, 0)
            self.value_label.setMaximumSize(16777215, 16777215)  # QWIDGETSIZE_MAX

    def _on_progress(self, p) -> None:  # noqa: ANN001 - an animation's value (a float)
        self._progress = float(p)
        target = self.target_value()
        self._shown = target if self._progress >= 1.0 else target * self._progress
        f, m, lang = self.figure, self._m, self.lang
        size = self.number_size()
        unit_size = m.body if self.big else m.small

        def markup(value_text: str) -> str:
            parts = []
            if f.qualifier:
                parts.append(f'<span style="font-size:{unit_size}px; color:{style.MUTED}">'
                             f'{qualifier(f.qualifier, lang)}</span> ')
            if f.prefix:
                parts.append(f'<span style="font-size:{unit_size}px">{f.prefix(lang)}</span> ')
            parts.append(f'<span style="font-size:{size}px; font-weight:bold; color:{style.accent(self.accent)}">'
                         f'{value_text}</span>')
            if f.unit:  # a unit of several words wraps whole ("3.66 billion / yuan" read as broken)
                unit = f.unit(lang).replace(" ", "\u00a0")
                parts.append(f' <span style="font-size:{unit_size}px">{unit}</span>')
            return "".join(parts)

        final = figure_number(f, lang)
        if self._progress < 1.0 and self.value_label.width() > 0:  # counting (or about to)
            if not self._frozen:
                self._freeze(markup(final))
            line = self.value_label.counting
            if line is not None:
                line.value = self.value_text()
                self.value_label.update()
            else:
                QLabel.setText(self.value_label, markup(self.value_text()))  # pinned: nothing to lay out
        else:
            self._thaw()
            self.value_label.setText(markup(self.value_text()))
        # screen readers get the final figure (not a counting one), with its period
        name = figure_words(f, lang)
        if name != self.accessibleName():
            self.setAccessibleName(name)
            self.value_label.setAccessibleName(name)
            self.setAccessibleDescription(period(f.period, lang))
