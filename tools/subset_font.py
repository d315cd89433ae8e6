#!/usr/bin/env python3
"""Regenerate the bundled Noto Sans SC subset in assets/fonts/ (a maintenance tool, not run time).

Needs Debian's `fonts-noto-cjk` (apt-get install -y fonts-noto-cjk) and fontTools
(`pip install fonttools`, already in the project's venv). The subset covers:

- every character of GB2312 (6,763 hanzi plus its symbols),
- printable ASCII and Latin-1 letters, general and CJK punctuation, full-width forms,
- every character used anywhere in content/ (so a curator's new character is picked up
  when this script runs again; `lusong-kiosk check` reports characters the font lacks).

The output keeps all name records (the OFL licence must travel with the font), with the family
renamed to "Lusong Sans SC": under its own name Qt never confuses the bundled subset with a system's
full Noto Sans CJK SC (Debian's fonts-noto-cjk), so the screens and the handout draw with the same
font on every machine, and the PDF's text maps come from the subset's own character map.

Usage: python tools/subset_font.py [--source-dir /usr/share/opentype/noto]
       python tools/subset_font.py --rename-only   (rename the family of the files in assets/fonts/)
"""

from __future__ import annotations

import argparse
import contextlib
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "assets" / "fonts"
SOURCES = {
    "NotoSansSC-Regular-subset.otf": "NotoSansCJK-Regular.ttc",
    "NotoSansSC-Bold-subset.otf": "NotoSansCJK-Bold.ttc",
}
SC_FACE = 2  # face index of Simplified Chinese in the Noto CJK collections
FAMILY = "Lusong Sans SC"  # must match lusong_kiosk.fonts.FAMILY


def gb2312_chars() -> set[str]:
    chars: set[str] = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):  # a gap in the table
                chars.add(bytes([hi, lo]).decode("gb2312"))
    return chars


def wanted_chars() -> str:
    chars = gb2312_chars()
    ranges = [(0x20, 0x7E), (0xA0, 0xFF), (0x2000, 0x206F), (0x2190, 0x21FF),
              (0x2460, 0x24FF), (0x25A0, 0x25FF), (0x3000, 0x303F), (0xFF00, 0xFFEF)]
    for lo, hi in ranges:
        chars.update(chr(c) for c in range(lo, hi + 1))
    for path in (ROOT / "content").rglob("*.toml"):
        chars.update(path.read_text(encoding="utf-8"))
    chars.discard("\n")
    chars.discard("\r")
    chars.discard("\t")
    return "".join(sorted(chars))


def find_source(name: str, dirs: list[Path]) -> Path:
    for d in dirs:
        if (d / name).exists():
            return d / name
    sys.exit(f"{name} not found in {', '.join(map(str, dirs))}: apt-get install -y fonts-noto-cjk")


def rename_family(path: Path, family: str = FAMILY) -> None:
    """Give the font file at ``path`` the family ``family``, in place: the name table's family,
    full, unique and PostScript names (IDs 1, 3, 4, 6, 16, 17 where present, every platform and
    language) and the CFF table's names, so no record still says Noto Sans CJK."""
    from fontTools.ttLib import TTFont

    font = TTFont(str(path))
    names = font["name"]
    style = names.getDebugName(2) or "Regular"  # "Regular" or "Bold"
    ps_name = family.replace(" ", "") + "-" + style.replace(" ", "")
    full = family if style == "Regular" else f"{family} {style}"
    wanted = {1: family, 4: full, 6: ps_name, 16: family, 17: style}
    for record in list(names.names):
        if record.nameID == 3:
            record.string = f"{font['head'].fontRevision:.3f};{ps_name}"
        elif record.nameID in wanted:
            record.string = wanted[record.nameID]
    if "CFF " in font:
        cff = font["CFF "].cff
        old = cff.fontNames[0]
        cff.fontNames = [ps_name]
        top = cff[ps_name] if ps_name in cff.fontNames else cff.topDictIndex[0]
        top.FamilyName, top.FullName = family, full
        for fd in getattr(top, "FDArray", []) or []:
            if getattr(fd, "FontName", None):
                fd.FontName = fd.FontName.replace(old, ps_name)
    font.save(str(path))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source-dir", type=Path, action="append",
                    default=[Path("/usr/share/fonts/opentype/noto"), Path("/usr/share/opentype/noto")])
    ap.add_argument("--rename-only", action="store_true",
                    help=f"only give the existing files in {OUT} the family {FAMILY!r}")
    args = ap.parse_args()
    if args.rename_only:
        for out_name in SOURCES:
            rename_family(OUT / out_name)
            print(f"{OUT / out_name}: family {FAMILY!r}")
        return 0
    text = wanted_chars()
    OUT.mkdir(parents=True, exist_ok=True)
    chars_file = OUT / ".subset-chars.txt"
    chars_file.write_text(text, encoding="utf-8")
    try:
        for out_name, src_name in SOURCES.items():
            src = find_source(src_name, args.source_dir)
            cmd = [sys.executable, "-m", "fontTools.subset", str(src), f"--font-number={SC_FACE}",
                   f"--text-file={chars_file}", "--name-IDs=*", "--name-languages=*",
                   "--layout-features=*", "--no-hinting", f"--output-file={OUT / out_name}"]
            subprocess.run(cmd, check=True)
            rename_family(OUT / out_name)
            print(f"{OUT / out_name}: {(OUT / out_name).stat().st_size / 1e6:.1f} MB, {len(text)} characters")
    finally:
        chars_file.unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
