"""What a label shows, as the tests read it: its rich text laid out as QLabel lays it out (the
same document, width and alignment: test_layout, test_theme_panels), and where its ink of one
colour lies (the counting numbers' place: test_theme_panels, test_presenter_slides)."""

from __future__ import annotations


def label_lines(lab) -> list[str]:  # lab: a QLabel
    """The lines ``lab`` shows, no-break spaces read as spaces."""
    from PySide6.QtGui import QTextDocument, QTextOption

    doc = QTextDocument()
    doc.setDocumentMargin(0)
    doc.setDefaultFont(lab.font())
    doc.setDefaultTextOption(QTextOption(lab.alignment()))
    doc.setHtml(lab.text())
    doc.setTextWidth(lab.contentsRect().width())
    doc.size()  # lays it out
    block = doc.begin()
    layout = block.layout()
    return [block.text()[layout.lineAt(i).textStart():][:layout.lineAt(i).textLength()].replace("\u00a0", " ")
            for i in range(layout.lineCount())]


def ink_box(label, color: str) -> tuple[int, int, int, int]:  # label: a QWidget
    """Where ``label``'s ink in ``color`` lies in its own pixels (left, top, right, bottom)."""
    import numpy as np
    from PySide6.QtGui import QColor, QImage

    # unpremultiplied, as QImage.pixelColor reads it; every pixel at once rather than one call each
    img, c = label.grab().toImage().convertToFormat(QImage.Format.Format_ARGB32), QColor(color)
    h, w = img.height(), img.width()
    rows = np.frombuffer(img.constBits(), np.uint8).reshape(h, img.bytesPerLine())[:, : w * 4]
    bgr = rows.reshape(h, w, 4)[:, :, :3].astype(np.int16)  # bytes B, G, R, A on a little-endian machine
    near = np.abs(bgr - np.array([c.blue(), c.green(), c.red()], np.int16)).sum(axis=2) < 60
    ys, xs = np.nonzero(near)
    assert xs.size, "no ink in the colour"
    return int(xs.min()), int(ys.min()), int(xs.max()), int(ys.max())
