"""Audit of what a visitor sees: clipped text, overlapping or small touch targets, and text
that stands out too little from what lies under it (``contrast``).

Used by the layout tests at every screen size and language, and usable on a live window.
"""

from __future__ import annotations

import math
import re

from PySide6 import QtGui
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QRect, Qt
from PySide6.QtGui import QColor, QImage, QTextDocument
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

MIN_TARGET = 64  # design px at 1080p
MIN_GAP = 16


def _visible(w: QWidget, root: QWidget) -> bool:
    return w.isVisibleTo(root) and w.width() > 0 and w.height() > 0


def _window_rect(w: QWidget, root: QWidget) -> QRect:
    return QRect(w.mapTo(root, w.rect().topLeft()), w.size())


class _Delivered(QObject):
    """Counts the events the application delivers while it is installed on it."""

    def __init__(self):
        super().__init__()
        self.count = 0

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        self.count += 1
        return False


def settle(root: QWidget, rounds: int = 6) -> None:
    """Let pending layout requests run (wrapping labels may ask for a second pass), round after
    round until one in which no event at all was delivered, at most ``rounds``: after such a
    round nothing is left to do, and a further one would find the window as it is."""
    app = QCoreApplication.instance()
    delivered = _Delivered()
    try:
        for i in range(rounds):
            if i == 1:  # the first round always runs: counted from the second on
                app.installEventFilter(delivered)
            delivered.count = 0
            QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
            QCoreApplication.processEvents()
            if i and not delivered.count:
                return
    finally:
        app.removeEventFilter(delivered)


def is_rich(lab: QLabel) -> bool:
    """The label shows its text as rich text (PySide enums compare by ``.value``)."""
    fmt = lab.textFormat().value
    if fmt == Qt.TextFormat.RichText.value:
        return True
    return fmt == Qt.TextFormat.AutoText.value and QtGui.Qt.mightBeRichText(lab.text())


def text_width(lab: QLabel) -> int:
    """The width a one-line label's text needs: rich text laid out as a document (its spans'
    own sizes), plain text by the label's font (its first line)."""
    if is_rich(lab):
        doc = QTextDocument()
        doc.setDocumentMargin(0)
        doc.setDefaultFont(lab.font())
        doc.setHtml(lab.text())
        return math.ceil(doc.idealWidth())
    return lab.fontMetrics().horizontalAdvance(lab.text().split("\n")[0])


def audit(root: QWidget, scale: float) -> list[str]:
    settle(root)
    problems: list[str] = []
    for lab in root.findChildren(QLabel):
        if not _visible(lab, root) or not lab.text() or lab.pixmap() is not None and not lab.pixmap().isNull():
            continue
        name = f"{lab.objectName() or type(lab.parentWidget()).__name__}:{lab.text()[:30]!r}"
        cr = lab.contentsRect()
        if lab.wordWrap():
            need = lab.heightForWidth(lab.width())
            if need > lab.height() + 2:
                problems.append(f"label {name} clipped: needs {need}px height, has {lab.height()}px")
        else:
            adv = text_width(lab)
            if adv > cr.width() + 2:
                problems.append(f"label {name} clipped: needs {adv}px width, has {cr.width()}px")
        parent = lab.parentWidget()
        if parent is not None and not parent.rect().adjusted(-2, -2, 2, 2).contains(lab.geometry()):
            problems.append(f"label {name} leaves its parent {type(parent).__name__}")
    buttons = [b for b in root.findChildren(QAbstractButton) if _visible(b, root)]
    min_h = round(MIN_TARGET * scale) - 1
    for b in buttons:
        label = b.text() or b.accessibleName() or type(b).__name__
        if b.height() < min_h:
            problems.append(f"target {label!r} is {b.height()}px high (< {min_h})")
        if b.text():
            adv = b.fontMetrics().horizontalAdvance(b.text()) + (b.iconSize().width() if not b.icon().isNull() else 0)
            if adv > b.width():
                problems.append(f"target {label!r} text needs {adv}px, has {b.width()}px")
    gap = round(MIN_GAP * scale / 2)
    rects = [(b, _window_rect(b, root)) for b in buttons]
    for i, (a, ra) in enumerate(rects):
        for b, rb in rects[i + 1:]:
            if a.isAncestorOf(b) or b.isAncestorOf(a):
                continue
            if ra.adjusted(-gap, -gap, gap, gap).intersects(rb.adjusted(-gap, -gap, gap, gap)):
                problems.append(f"targets {a.text() or a.accessibleName()!r} and {b.text() or b.accessibleName()!r} "
                                f"overlap or are closer than {MIN_GAP * scale:.0f}px")
    return problems


def chart_labels(root: QWidget, lang: str) -> list[str]:
    """Every label problem (Chart.label_problems) of the charts a visitor can see in ``root``."""
    import sys

    charts = sys.modules.get("lusong_kiosk.ui.charts")  # no chart was ever made: nothing to see
    if charts is None:
        return []
    return [p for chart in root.findChildren(charts.Chart) if _visible(chart, root)
            for p in chart.label_problems(lang)]


# ---------------------------------------------------------------------------------------------
# Text contrast (WCAG 2): every text against what is actually drawn under it

MIN_CONTRAST = 4.5  # WCAG AA for body text; the kiosk holds all its text to it, large or small
_COLOR = re.compile(r"color:\s*(#[0-9A-Fa-f]{6}|rgba?\([^)]*\))")


def luminance(color: QColor) -> float:
    """WCAG relative luminance of an opaque colour."""
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    return 0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF()) + 0.0722 * channel(color.blueF())


def contrast_ratio(a: QColor, b: QColor) -> float:
    """(lighter + 0.05) / (darker + 0.05), 1 to 21."""
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def _over(fg: QColor, bg: QColor) -> QColor:
    """``fg`` as it shows over ``bg`` (its alpha blended)."""
    a = fg.alphaF()
    return QColor.fromRgbF(*(a * f + (1 - a) * b for f, b in
                             ((fg.redF(), bg.redF()), (fg.greenF(), bg.greenF()), (fg.blueF(), bg.blueF()))))


def _background(pixels, rect: QRect, fg: QColor) -> QColor | None:  # noqa: ANN001 - an (h, w) array of 0xAARRGGBB
    """The colour under the text in ``rect`` of the rendered window: the commonest pixel once the
    text's own ink (pixels near its colour) and its anti-aliased edges are left out."""
    import numpy as np

    h, w = pixels.shape[:2]
    x0, y0 = max(rect.left(), 0), max(rect.top(), 0)
    x1, y1 = min(rect.right() + 1, w), min(rect.bottom() + 1, h)
    if x1 <= x0 or y1 <= y0:
        return None
    region = pixels[y0:y1, x0:x1]  # every pixel's alpha is 0xff (Format_RGB32)
    ink = (fg.red(), fg.green(), fg.blue())
    # A colour on more than half the pixels that is not the ink's is the commonest of those left:
    # the ink and its edges are the rest. The text's corners are almost always its background, and
    # one comparison of the region with it is much cheaper than sorting the region (np.unique).
    for corner in {int(region[0, 0]), int(region[0, -1]), int(region[-1, 0]), int(region[-1, -1])}:
        rgb = ((corner >> 16) & 255, (corner >> 8) & 255, corner & 255)
        if sum(abs(c - i) for c, i in zip(rgb, ink)) > 60 \
                and 2 * int(np.count_nonzero(region == corner)) > region.size:
            return QColor(*rgb)
    # counted by colour first, the ink left out of the few colours rather than of every pixel
    values, counts = np.unique(region & 0xFFFFFF, return_counts=True)
    ink = np.array(ink)
    rgb = np.stack([(values >> 16) & 255, (values >> 8) & 255, values & 255], axis=1).astype(np.int32)
    far = np.abs(rgb - ink).sum(axis=1) > 60
    if not far.any():
        return None
    top = int(values[far][counts[far].argmax()])
    return QColor((top >> 16) & 255, (top >> 8) & 255, top & 255)


def _texts(root: QWidget):  # noqa: ANN202 - yields (name, colours, rect in root)
    """Each text a visitor can see: labels and buttons (their palette's text colour and the
    colours of their rich text), and the charts' text items (their colour and markup's)."""
    for name, colors, rect, _w, _local in _text_rects(root):
        yield name, colors, rect


def _text_rects(root: QWidget):  # noqa: ANN202 - yields (name, colours, rect in root, widget, rect in it)
    import sys

    for w in root.findChildren(QLabel) + root.findChildren(QAbstractButton):
        text = w.text()
        if not _visible(w, root) or not text.strip() or isinstance(w, QLabel) and w.pixmap() is not None \
                and not w.pixmap().isNull():
            continue
        colors = [w.palette().color(w.foregroundRole())]
        colors += [QColor(c) for c in _COLOR.findall(text)] if "<" in text else []
        yield f"{type(w).__name__} {text[:30]!r}", colors, _window_rect(w, root), w, w.rect()
    charts = sys.modules.get("lusong_kiosk.ui.charts")
    if charts is None:
        return
    for chart in root.findChildren(charts.Chart):
        if not _visible(chart, root):
            continue
        viewport = chart.plot_viewport()
        for item, box in chart.text_boxes():
            text = item.textItem.toPlainText()
            if not text.strip():
                continue
            markup = (item.markup if isinstance(item, charts.ChartText) else None) or ""
            colors = [item.textItem.defaultTextColor()] + [QColor(_css_color(c)) for c in _COLOR.findall(markup)]
            at = viewport.mapTo(root, box.topLeft())
            yield (f"chart text {text[:30]!r}", colors, QRect(at, box.size()), viewport,
                   QRect(box.topLeft(), box.size()))


def _css_color(css: str) -> str:
    """"rgba(154,166,189,1.000)" -> "#9AA6BD" (alpha left out: the charts' text is opaque)."""
    if css.startswith("#"):
        return css
    r, g, b = (int(float(v)) for v in css[css.index("(") + 1:-1].split(",")[:3])
    return f"#{r:02X}{g:02X}{b:02X}"


def contrast(root: QWidget) -> list[str]:
    """Every visible text whose colour stands less than MIN_CONTRAST : 1 from the background
    rendered under it (the window is grabbed once; the background is read from its pixels, so
    cards, tints and panels count as they are drawn)."""
    import numpy as np

    settle(root)
    # one 32-bit word a pixel (0xffRRGGBB): a colour is a number, counted without splitting channels
    image = root.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    dpr = image.devicePixelRatio()
    width, height = image.width(), image.height()
    pixels = np.frombuffer(image.constBits(), np.uint32, image.sizeInBytes() // 4)
    pixels = pixels.reshape(height, image.bytesPerLine() // 4)[:, :width]
    problems = []
    for name, colors, rect in _texts(root):
        if dpr != 1:
            rect = QRect(round(rect.x() * dpr), round(rect.y() * dpr),
                         round(rect.width() * dpr), round(rect.height() * dpr))
        for fg in colors:
            bg = _background(pixels, rect, fg)
            if bg is None:
                continue
            ratio = contrast_ratio(_over(fg, bg), bg)
            if ratio < MIN_CONTRAST:
                problems.append(f"{name}: text {fg.name()} on {bg.name()} is {ratio:.2f}:1 (< {MIN_CONTRAST}:1)")
    return problems


# ---------------------------------------------------------------------------------------------
# Text covered by a widget drawn over the page (the scroll hint)


def _shown_rect(w: QWidget, rect: QRect, root: QWidget) -> QRect:
    """The part of ``rect`` (in ``w``'s coordinates) a visitor can see: clipped by every
    ancestor up to ``root`` (a scroll area's viewport hides what is scrolled out of it)."""
    r = QRect(rect)
    while w is not root and w is not None:
        r = r.intersected(w.rect())
        parent = w.parentWidget()
        if parent is None:
            break
        r.translate(w.pos())
        w = parent
    return r


def covered(root: QWidget) -> list[str]:
    """Every visible text that a scroll hint (its fade and chevron) is drawn over."""
    from .widgets import ScrollHint

    settle(root)
    hints = [(h, _window_rect(h, root)) for h in root.findChildren(ScrollHint) if _visible(h, root)]
    if not hints:
        return []
    problems = []
    for name, _colors, _rect, widget, local in _text_rects(root):
        shown = _shown_rect(widget, local, root)
        for hint, hr in hints:
            if hint.isAncestorOf(widget):
                continue
            over = shown.intersected(hr)
            if over.isValid() and over.width() > 2 and over.height() > 2:
                problems.append(f"{name}: covered by the scroll hint ({over.width()}x{over.height()} px)")
    return problems
