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
    from PySide6.QtGui import QColor

    img, c = label.grab().toImage(), QColor(color)
    xs, ys = [], []
    for y in range(img.height()):
        for x in range(img.width()):
            p = img.pixelColor(x, y)
            if abs(p.red() - c.red()) + abs(p.green() - c.green()) + abs(p.blue() - c.blue()) < 60:
                xs.append(x)
                ys.append(y)
    assert xs, "no ink in the colour"
    return min(xs), min(ys), max(xs), max(ys)
