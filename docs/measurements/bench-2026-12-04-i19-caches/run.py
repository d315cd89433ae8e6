"""Run one bench child with one paint cache turned off (argv: variant size out)."""
import sys
variant, size, out = sys.argv[1:4]
from PySide6.QtCore import QPointF
from lusong_kiosk.ui import paint_cache as pc
if variant == "nostill":
    pc.Still._still_state = lambda self: None
elif variant == "nokeptitem":
    pc.KeptItem.paint = lambda self, p, o, w=None: super(pc.KeptItem, self).paint(p, o, w)
elif variant == "noglyphs":
    def plain(p, text, at, font, color, dpr, metrics):
        p.setFont(font); p.setPen(color); p.drawText(at, text)
    pc.draw_glyphs = plain
elif variant == "nocounting":
    pc.CountingLine.build = classmethod(lambda cls, lab, t: None)
elif variant == "noopaque":
    pc.Opaque.opaque = lambda self: False
from lusong_kiosk import bench
sys.exit(bench.main(["--child", size, "--part", "frames", "--plan", "quick", "--out", out]))
