"""Geometry audit of what a visitor sees: clipped text, overlapping or small touch targets.

Used by the layout tests at every screen size and language, and usable on a live window.
"""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

MIN_TARGET = 64  # design px at 1080p
MIN_GAP = 16


def _visible(w: QWidget, root: QWidget) -> bool:
    return w.isVisibleTo(root) and w.width() > 0 and w.height() > 0


def _window_rect(w: QWidget, root: QWidget) -> QRect:
    return QRect(w.mapTo(root, w.rect().topLeft()), w.size())


def settle(root: QWidget, rounds: int = 6) -> None:
    """Let pending layout requests run (wrapping labels may ask for a second pass)."""
    from PySide6.QtCore import QCoreApplication, QEvent

    for _ in range(rounds):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        QCoreApplication.processEvents()


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
            adv = lab.fontMetrics().horizontalAdvance(lab.text().split("\n")[0])
            if lab.textFormat() != 1 and adv > cr.width() + 2:  # 1 = RichText
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
