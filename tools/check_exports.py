"""Are the exported screens and the handout more than blank pages? (tools/check_dist.sh)

    python tools/check_exports.py SHOTS_FOLDER HANDOUT.pdf

Every PNG must hold more than one colour, and every screen must be there in both languages; the
PDF must have pages with text on them. Prints what it found; exits 1 with every problem listed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def colours(path: Path) -> int:
    """How many different colours the image holds (0: unreadable)."""
    import numpy as np
    from PySide6.QtGui import QImage

    image = QImage(str(path))
    if image.isNull():
        return 0
    image = image.convertToFormat(QImage.Format.Format_ARGB32)
    pixels = np.frombuffer(image.constBits(), dtype=np.uint32, count=image.width() * image.height())
    return int(np.unique(pixels).size)


def problems(shots: Path, pdf: Path) -> list[str]:
    found: list[str] = []
    pngs = sorted(shots.glob("*.png"))
    if not pngs:
        found.append(f"{shots}: no PNG files")
    names = {p.name for p in pngs}
    for png in pngs:
        n = colours(png)
        if n <= 1:
            found.append(f"{png}: {'unreadable' if n == 0 else 'one colour only (blank)'}")
        for a, b in (("-zh-", "-en-"), ("-en-", "-zh-")):
            if a in png.name and png.name.replace(a, b) not in names:
                found.append(f"{png}: no {b.strip('-')} version beside it")
    from pypdf import PdfReader

    try:
        reader = PdfReader(pdf)
        texts = [page.extract_text() or "" for page in reader.pages]
    except Exception as exc:  # noqa: BLE001 - any reading error is the finding
        return [*found, f"{pdf}: not a readable PDF ({exc})"]
    if not texts or not all(t.strip() for t in texts):
        found.append(f"{pdf}: {len(texts)} pages, some without text")
    print(f"check_exports: looked at {len(pngs)} PNG files and {pdf.name} ({len(texts)} pages)")
    return found


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    found = problems(Path(argv[0]), Path(argv[1]))
    for problem in found:
        print(f"check_exports: {problem}", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
