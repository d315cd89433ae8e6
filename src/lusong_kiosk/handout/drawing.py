"""The handout's charts: vector paths drawn from the same ``present.charts.ChartSpec`` as the
kiosk's pyqtgraph charts (nothing is rasterised), and text painted into a rectangle."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .sheet import FAINT, INK, MUTED, Sheet, ink_of, tint_of

if TYPE_CHECKING:
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QPainter, QPen

    from ..present.charts import ChartSpec


def line_pen(color: str, width: float) -> QPen:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor, QPen

    made = QPen(QColor(color))
    made.setWidthF(width)
    made.setCapStyle(Qt.PenCapStyle.FlatCap)
    return made


def paint_text(p: QPainter, sheet: Sheet, rect: QRectF, text: str, pt: float, color: str = INK, bold: bool = False,
               align: Qt.AlignmentFlag | None = None, balance: bool = False) -> None:
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QColor

    if align is None:
        align = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
    k = sheet.k
    r = QRectF(rect.x() * k, rect.y() * k, rect.width() * k, rect.height() * k)
    size = pt
    flags = int(align) | int(Qt.TextFlag.TextWordWrap)
    while True:  # shrink (to 70 %) rather than clip
        p.setFont(sheet.font(size, bold))
        need = p.boundingRect(r, flags, text)
        if (need.width() <= r.width() + 0.5 and need.height() <= r.height() + 0.5) or size <= pt * 0.7:
            break
        size *= 0.92
    if balance and need.height() > p.fontMetrics().height() * 1.5:
        # as few lines as now, but as even as possible ("整机制造 / 企业", not "整机制造企 / 业")
        lo, hi = r.width() * 0.3, r.width()
        for _ in range(8):
            mid = (lo + hi) / 2
            trial = p.boundingRect(QRectF(r.x(), r.y(), mid, r.height()), flags, text)
            if trial.height() <= need.height() + 0.5 and trial.width() <= mid + 0.5:
                hi = mid
            else:
                lo = mid
        r = QRectF(r.center().x() - hi / 2, r.y(), hi, r.height())
    p.setPen(QColor(color))
    p.drawText(r, flags, text)


def chart_height(kind: str) -> float:
    return {"bar": 44.0, "compare": 44.0, "bullet": 44.0, "donut": 40.0, "gauge": 36.0}[kind]


def draw_chart(p: QPainter, sheet: Sheet, spec: ChartSpec, x: float, y: float, w: float, h: float) -> None:
    """Bars, a donut, a gauge or a before/after pair in the box (layout units), as paths."""
    from PySide6.QtCore import QPointF, QRectF, Qt
    from PySide6.QtGui import QBrush, QColor, QPainterPath

    k = sheet.k
    accent = spec.color
    p.save()
    p.setRenderHint(p.RenderHint.Antialiasing)
    if spec.kind in ("bar", "compare", "bullet"):
        bullet = spec.kind == "bullet"  # one bar, the result; the target a line across
        n = 1 if bullet else len(spec.values)
        value_h, label_h = 6.0, 9.5
        cap_h = 6.5 if spec.kind == "compare" else 0.0
        top, base = y + value_h, y + h - label_h - cap_h
        vmax = max(max(spec.values), 0.0) or 1.0
        slot = w / (3 if bullet else n)
        bar_w = min(slot * 0.6, 16.0)
        for i, v in enumerate(spec.values[:n]):
            cx = x + (w / 2 if bullet else slot * (i + 0.5))
            bh = max(0.0, v) / vmax * (base - top)
            color = tint_of(accent, 0.45) if spec.kind == "compare" and i == 0 else accent
            path = QPainterPath()
            path.addRect(QRectF((cx - bar_w / 2) * k, (base - bh) * k, bar_w * k, bh * k))
            p.fillPath(path, QBrush(QColor(color)))
            paint_text(p, sheet, QRectF(cx - slot / 2, base - bh - value_h, slot, value_h),
                       spec.shown_text(i), 7.0, INK, True,
                       Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom)
            paint_text(p, sheet, QRectF(cx - slot / 2 + 0.4, base + 1.2, slot - 0.8, label_h - 1.2),
                       spec.labels[i], 6.2,
                       MUTED, balance=True)
        p.setPen(line_pen(FAINT, 0.25 * k))
        p.drawLine(QPointF(x * k, base * k), QPointF((x + w) * k, base * k))
        if bullet:
            ty = base - max(0.0, spec.values[1]) / vmax * (base - top)
            p.setPen(line_pen(INK, 0.6 * k))
            p.drawLine(QPointF((x + w / 2 - bar_w) * k, ty * k), QPointF((x + w) * k, ty * k))
            paint_text(p, sheet,
                       QRectF(x + w / 2 + bar_w / 2 + 1.0, ty - value_h - 0.5, w / 2 - bar_w / 2 - 1.0, value_h),
                       f"{spec.labels[1]} {spec.value_text(1)}", 6.2, INK,
                       align=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom)
        if spec.kind == "compare":
            # an arrow from the first bar to the second
            ax0, ax1 = x + slot * 0.5 + bar_w / 2 + 1.5, x + slot * 1.5 - bar_w / 2 - 1.5
            ay = base - (base - top) * 0.25
            if ax1 - ax0 > 4:
                head = 2.2
                arrow = QPainterPath()
                arrow.moveTo(ax0 * k, ay * k)
                arrow.lineTo((ax1 - head) * k, ay * k)
                p.setPen(line_pen(MUTED, 0.6 * k))
                p.drawPath(arrow)
                tip = QPainterPath()
                tip.moveTo(ax1 * k, ay * k)
                tip.lineTo((ax1 - head) * k, (ay - head * 0.6) * k)
                tip.lineTo((ax1 - head) * k, (ay + head * 0.6) * k)
                tip.closeSubpath()
                p.fillPath(tip, QBrush(QColor(MUTED)))
            paint_text(p, sheet, QRectF(x, y + h - cap_h + 0.8, w, cap_h - 0.8), spec.change_text(), 7.0,
                       ink_of(accent), True)
    else:
        gauge = spec.kind == "gauge"
        legend_h = 6.0 if gauge else 10.0
        size = min(w, (h - legend_h) * (1.25 if gauge else 1.0))
        stroke = size * (0.12 if gauge else 0.17)
        r = size / 2 - stroke / 2
        cx, cy = x + w / 2, y + r + stroke / 2
        rect = QRectF((cx - r) * k, (cy - r) * k, 2 * r * k, 2 * r * k)
        if gauge:
            start, total = 210.0, 240.0
        else:
            start, total = 90.0, 360.0
        frac, centre = spec.ring_fraction(), spec.centre_text()
        for color, sweep in ((tint_of(accent, 0.75), total), (accent, total * frac)):
            if sweep <= 0.01:
                continue
            arc = QPainterPath()
            arc.arcMoveTo(rect, start)
            arc.arcTo(rect, start, -sweep)  # clockwise on paper
            pen = line_pen(color, stroke * k)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap if gauge else Qt.PenCapStyle.FlatCap)
            p.setPen(pen)
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawPath(arc)
        inner = 2 * (r - stroke / 2) * 0.86
        paint_text(p, sheet, QRectF(cx - inner / 2, cy - 4.5, inner, 9.0), centre, 11.0, INK, True,
                   Qt.AlignmentFlag.AlignCenter)
        bottom = cy + r * (0.5 if gauge else 1.0) + stroke / 2 + 1.5
        if gauge:
            legend = spec.labels[0]
        else:
            legend = "  ".join(f"{m} {lab} {spec.value_text(i)}" for i, (m, lab) in enumerate(zip("●○", spec.labels)))
        paint_text(p, sheet, QRectF(x, bottom, w, y + h - bottom), legend, 6.2, MUTED, balance=True)
    p.restore()
