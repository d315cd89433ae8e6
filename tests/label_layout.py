"""A label's rich text laid out as QLabel lays it out (the same document, width and alignment),
for the tests that read where its lines break (test_layout, test_theme_panels)."""

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
