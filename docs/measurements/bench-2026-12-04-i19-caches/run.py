"""One bench child with one paint cache turned off: ``python run.py VARIANT SIZE OUT.json``.

VARIANT: base, nostill, nokeptitem, noglyphs, nocounting or noopaque; SIZE: landscape, 4k or
portrait. Run from the repository with ``PYTHONPATH=src`` and ``QT_QPA_PLATFORM=offscreen``.
"""

import sys

from lusong_kiosk import bench
from lusong_kiosk.ui import paint_cache as pc


def plain_text(p, text, at, font, color, dpr, metrics) -> None:  # noqa: ANN001 - draw_glyphs' arguments
    p.setFont(font)
    p.setPen(color)
    p.drawText(at, text)


def main() -> int:
    variant, size, out = sys.argv[1:4]
    if variant == "nostill":
        pc.Still._still_state = lambda self: None
    elif variant == "nokeptitem":
        pc.KeptItem.paint = lambda self, p, o, w=None: super(pc.KeptItem, self).paint(p, o, w)
    elif variant == "noglyphs":
        pc.draw_glyphs = plain_text
    elif variant == "nocounting":
        pc.CountingLine.build = classmethod(lambda cls, lab, t: None)
    elif variant == "noopaque":
        pc.Opaque.opaque = lambda self: False
    return bench.main(["--child", size, "--part", "frames", "--plan", "quick", "--out", out])


if __name__ == "__main__":
    sys.exit(main())
