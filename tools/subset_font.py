#!/usr/bin/env python3
"""Regenerate the bundled Noto Sans SC subset in assets/fonts/ (a maintenance tool, not run time).

Needs Debian's `fonts-noto-cjk` (apt-get install -y fonts-noto-cjk) and fontTools
(`pip install fonttools`, already in the project's venv). The subset covers:

- every character of GB2312 (6,763 hanzi plus its symbols),
- printable ASCII and Latin-1 letters, general and CJK punctuation, full-width forms,
- every character used anywhere in content/ (so a curator's new character is picked up
  when this script runs again; `lusong-kiosk check` reports characters the font lacks).

The output keeps all name records (the OFL licence must travel with the font).
Usage: python tools/subset_font.py [--source-dir /usr/share/opentype/noto]
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


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source-dir", type=Path, action="append",
                    default=[Path("/usr/share/fonts/opentype/noto"), Path("/usr/share/opentype/noto")])
    args = ap.parse_args()
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
            print(f"{OUT / out_name}: {(OUT / out_name).stat().st_size / 1e6:.1f} MB, {len(text)} characters")
    finally:
        chars_file.unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
