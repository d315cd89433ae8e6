"""A stand-in for a machine's own Noto Sans CJK SC (Debian's fonts-noto-cjk), for the tests that
prove the screens and the handout use the bundled font beside it (test_fonts, test_handout)."""

from __future__ import annotations

from pathlib import Path

ASSETS = Path(__file__).resolve().parent.parent / "assets"
SYSTEM_FAMILY = "Noto Sans CJK SC"
# radical -> ideograph pairs that the full Noto CJK fonts draw with one glyph
RADICALS = {"⾼": "高", "⻜": "飞", "⼀": "一", "⼈": "人", "⾦": "金", "⽔": "水"}


def make_system_noto(path: Path) -> Path:
    """A font file of the family "Noto Sans CJK SC" built like the full Noto CJK: its character
    map also sends CJK radicals to the ideographs' glyphs (a PDF's text map then names the
    radicals, the lowest code points), and its Chinese glyphs are all one shape (so a drawing
    shows which font drew it)."""
    from fontTools.ttLib import TTFont

    font = TTFont(str(ASSETS / "fonts" / "NotoSansSC-Regular-subset.otf"), recalcBBoxes=False)
    for record in font["name"].names:
        if record.nameID in (1, 4, 16):
            record.string = SYSTEM_FAMILY
        elif record.nameID in (3, 6):
            record.string = "NotoSansCJKsc-Regular"
    font["CFF "].cff.fontNames = ["NotoSansCJKsc-Regular"]
    one_shape = font.getBestCmap()[ord("口")]
    for table in font["cmap"].tables:
        if table.isUnicode():
            for code in list(table.cmap):
                if 0x4E00 <= code <= 0x9FFF:
                    table.cmap[code] = one_shape
            for radical in RADICALS:
                table.cmap[ord(radical)] = one_shape
    font.save(str(path))
    return path


def register_system_noto(path: Path) -> int:
    """Register the stand-in with Qt (a QGuiApplication must exist); its font id."""
    from PySide6.QtGui import QFontDatabase

    font_id = QFontDatabase.addApplicationFont(str(make_system_noto(path)))
    assert QFontDatabase.applicationFontFamilies(font_id) == [SYSTEM_FAMILY]
    return font_id
